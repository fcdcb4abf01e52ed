import type { StarknetRelayState } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { Message } from "../../messages.js";
import type { World } from "../../world.js";
import type { AdvanceOptions, LogWatch, Protocol, RpcLog } from "../types.js";

import { runSequencer } from "./actors/sequencer.js";
import { runStateUpdater } from "./actors/state-updater.js";
import { l1ToL2MsgHash, l2ToL1MsgHash } from "./codec/message-hash.js";
import { StarknetContext } from "./context.js";
import * as helpers from "./helpers.js";
import { install, verifyInstalled } from "./install.js";
import { StarknetInstance } from "./instance.js";
import { onLogs, watch } from "./logs.js";

/**
 * StarkNet messaging: StarknetCore on the L1 with the real messaging ABI and
 * state update, a simulated L2 whose StarknetL2Messaging dispatches to EVM l1
 * handlers, and the sequencer, state updater and mock prover.
 *
 * The coordinator: it holds one StarknetInstance per StarkNet chain (in the shared StarknetContext)
 * and hands each Protocol step to install.ts, logs.ts and actors/; helpers.ts holds `world.starknet`'s.
 */
export class StarknetProtocol implements Protocol {
  readonly name = "starknet" as const;
  readonly #ctx: StarknetContext;

  constructor(world: World) {
    this.#ctx = new StarknetContext(world);
    world.chainList
      .filter((chain) => chain.protocol === "starknet")
      .forEach((chain, index) =>
        this.#ctx.instances.set(chain.name, new StarknetInstance(chain, index)),
      );
  }

  /** The last actor transaction that failed and will be tried again (e.g. an update without a valid fact). */
  get lastError(): string | undefined {
    return this.#ctx.lastError;
  }

  set lastError(error: string | undefined) {
    this.#ctx.lastError = error;
  }

  install(chain: Chain): Promise<void> {
    return install(this.#ctx, chain);
  }

  verifyInstalled(chain: Chain): Promise<void> {
    return verifyInstalled(this.#ctx, chain);
  }

  watch(chain: Chain): LogWatch | undefined {
    return watch(this.#ctx, chain);
  }

  onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    return onLogs(this.#ctx, chain, logs);
  }

  async advance(options: AdvanceOptions): Promise<number> {
    const ctx = this.#ctx;
    let actions = 0;
    for (const instance of ctx.instances.values()) {
      if (!ctx.world.faults.isPaused("starknet:sequencer"))
        actions += await runSequencer(ctx, instance, options);
      if (
        !ctx.world.faults.isPaused("starknet:state-updater") &&
        !ctx.world.faults.isPaused("starknet:prover")
      ) {
        actions += await runStateUpdater(ctx, instance, options, false);
      }
    }
    return actions;
  }

  saveState(): unknown {
    return structuredClone(
      [...this.#ctx.instances].map(([name, instance]) => [
        name,
        instance.state,
      ]),
    );
  }

  loadState(state: unknown): void {
    for (const [name, saved] of state as Array<[string, StarknetRelayState]>) {
      this.#ctx.instances.get(name)!.state = saved;
    }
  }

  // ---- world.starknet helpers (helpers.ts) ----------------------------------------------------------

  /** Delivers one L1→L2 message now, as the sequencer would once it is confirmed (the confirmation wait is skipped). */
  deliver(messageOrId: Message | string) {
    return helpers.deliver(this.#ctx, messageOrId);
  }

  /**
   * Closes every L2 block so far into a state update, has the mock prover
   * register its fact and the operator submit it on L1, now (the proof delay is skipped).
   */
  updateState(chainName?: string) {
    return helpers.updateState(this.#ctx, chainName);
  }

  /** The timestamp from which `cancelL1ToL2Message` succeeds for a message whose cancellation was started. */
  cancellableAt(messageOrId: Message | string) {
    return helpers.cancellableAt(this.#ctx, messageOrId);
  }

  l1ToL2MsgHash = l1ToL2MsgHash;
  l2ToL1MsgHash = l2ToL1MsgHash;
}

export function createStarknetProtocol(world: World): StarknetProtocol {
  return new StarknetProtocol(world);
}
