import type { World } from "./world.js";

import { toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

/**
 * The single clock of a world: every chain moves together, so a timestamp read
 * on one chain means the same moment on every other.
 */
export class WorldClock {
  constructor(readonly world: World) {}

  /** The latest block timestamp of the world: the furthest any chain has gone. */
  async latest(): Promise<number> {
    return Math.max(...(await this.#stamps()));
  }

  /** Each chain's latest block timestamp, in `chainList` order. */
  async #stamps(): Promise<number[]> {
    return await Promise.all(this.world.chainList.map((c) => c.timestamp()));
  }

  /** Moves every chain `seconds` past the world's latest timestamp, mining one block on each; returns the new time. */
  async increase(seconds: number | bigint): Promise<number> {
    const delta = Number(seconds);
    if (!Number.isSafeInteger(delta) || delta < 0) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `world.time.increase needs a non-negative whole number of seconds, got ${String(seconds)}.`,
      );
    }
    const stamps = await this.#stamps();
    return await this.#moveTo(Math.max(...stamps) + delta, stamps);
  }

  /** Mines one block on every chain at exactly `timestamp` (chains already there are left alone). */
  async increaseTo(timestamp: number | bigint): Promise<number> {
    const target = Number(timestamp);
    if (!Number.isSafeInteger(target) || target < 0) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `world.time.increaseTo needs a timestamp in seconds, got ${String(timestamp)}.`,
      );
    }
    const stamps = await this.#stamps();
    const latest = Math.max(...stamps);
    if (target < latest) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `world.time.increaseTo(${target}) would go back in time: the world is at ${latest}.`,
      );
    }
    return await this.#moveTo(target, stamps);
  }

  /** Mines one block at `target` on each chain whose latest timestamp (`stamps`, as just read) is before it. */
  async #moveTo(target: number, stamps: number[]): Promise<number> {
    await Promise.all(
      this.world.chainList.map(async (chain, index) => {
        if (stamps[index] < target) {
          await chain.rpc("evm_setNextBlockTimestamp", [toQuantity(target)]);
          await chain.rpc("evm_mine");
        }
      }),
    );
    return target;
  }

  /** Fixes the timestamp of the next block of every chain (or of one chain). */
  async setNextBlockTimestamp(
    timestamp: number | bigint,
    chainName?: string,
  ): Promise<void> {
    const chains =
      chainName === undefined
        ? this.world.chainList
        : [this.world.chain(chainName)];
    await Promise.all(
      chains.map((c) =>
        c.rpc("evm_setNextBlockTimestamp", [toQuantity(BigInt(timestamp))]),
      ),
    );
  }
}
