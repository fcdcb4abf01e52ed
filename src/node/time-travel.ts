import type { RpcExtensions } from "./rpc-server.js";
import type { World } from "../world.js";

import { toQuantity } from "ethers";

import { RpcMethodError } from "../protocols/types.js";

/** JSON-RPC's "invalid params". */
const INVALID_PARAMS = -32602;

/**
 * Time travel asked of any one chain over JSON-RPC moves the world's one clock: a client that waits out a
 * delay with `evm_increaseTime` (an OP withdrawal's 7 days, a StarkNet cancellation) on the chain it talks
 * to moves every chain, as `world.time` does, so no chain is left days behind the others.
 * `evm_increaseTime` mines a block on each chain at the new time (world.time.increase), where a lone
 * node only shifts its clock; `evm_setNextBlockTimestamp` fixes the next block of every chain not already
 * past that time.
 */
export function timeTravelMethods(world: World): RpcExtensions {
  const seconds = (method: string, value: unknown): number => {
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < 0)
      throw new RpcMethodError(
        INVALID_PARAMS,
        `${method} needs a non-negative whole number of seconds, got ${String(value)}`,
      );
    return number;
  };
  return {
    // eslint-disable-next-line @typescript-eslint/naming-convention -- a JSON-RPC name
    evm_increaseTime: async (params: unknown[]) => {
      const delta = seconds("evm_increaseTime", params[0]);
      await world.time.increase(delta);
      return String(delta);
    },
    // eslint-disable-next-line @typescript-eslint/naming-convention -- a JSON-RPC name
    evm_setNextBlockTimestamp: async (params: unknown[]) => {
      const timestamp = seconds("evm_setNextBlockTimestamp", params[0]);
      await Promise.all(
        world.chainList.map(async (chain) => {
          if ((await chain.timestamp()) < timestamp)
            await chain.rpc("evm_setNextBlockTimestamp", [
              toQuantity(timestamp),
            ]);
        }),
      );
      return null;
    },
  };
}
