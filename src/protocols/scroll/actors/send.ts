import type { ActorTxFailure } from "../../../actor-transaction.js";
import type { Chain, RpcReceipt } from "../../../chain.js";
import type { ScrollContext, ScrollInstance } from "../instance.js";

import { HardhatPluginError } from "hardhat/plugins";

import {
  MAX_LOST_SENDS,
  countLostSend,
  sendActorTransaction,
} from "../../../actor-transaction.js";
import { PLUGIN_ID } from "../../../constants.js";

/**
 * An actor's L1 transaction whose every failure throws (Scroll's batcher has no failure to retry):
 * a HardhatPluginError naming `what` and the reason, see `sendError`.
 */
export async function send(
  ctx: ScrollContext,
  chain: Chain,
  tx: { from: string; to: string; data: string; gas?: bigint },
  what: string,
): Promise<RpcReceipt> {
  const outcome = await sendActorTransaction(ctx.world, chain, tx);
  if (outcome.kind === "mined") return outcome.receipt;
  throw sendError(chain, what, outcome);
}

/**
 * A failed actor transaction in Scroll's words: `what` failed on which chain and why, with the node's
 * error as its cause (so a caller can tell a refusal from a lost send, and read its revert data).
 */
export function sendError(
  chain: Chain,
  what: string,
  failure: ActorTxFailure,
): HardhatPluginError {
  return new HardhatPluginError(
    PLUGIN_ID,
    `Scroll ${what} on ${chain.name} failed: ${failure.reason}`,
    failure.error,
  );
}

/** Counts a send lost in transport; too many in a row end the pass with the cause (the node is gone, not hiccuping). */
export function lostSend(
  ctx: ScrollContext,
  instance: ScrollInstance,
  what: string,
  error: Error,
): void {
  ctx.lastError = error.message;
  countLostSend(
    instance,
    error,
    (why) =>
      `Scroll ${what} on ${instance.chain.name}: ${MAX_LOST_SENDS} sends in a row were lost in transport, the last with: ${why}. Check that the chains' nodes are up, then relay again.`,
  );
}
