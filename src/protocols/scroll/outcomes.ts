import type { ScrollDetails, ScrollMessage } from "./details.js";
import type { FailedStage, ScrollContext, ScrollInstance } from "./instance.js";
import type { RpcLog } from "../types.js";

import { readRelayOutcome } from "./codec/events.js";
import { depositFacts } from "./instance.js";

/** A messenger's RelayedMessage / FailedRelayedMessage: the outcome of the relay of one message. */
export function onOutcome(
  ctx: ScrollContext,
  instance: ScrollInstance,
  direction: ScrollDetails["direction"],
  log: RpcLog,
  failedStage: FailedStage,
  hint: string,
): void {
  const { messageHash: hash, relayed } = readRelayOutcome(log);
  const outcome = {
    relayed,
    tx: log.transactionHash,
    failedStage,
    hint,
  };
  // Each direction has its own messages: the same (from, to, value, nonce, message) can be sent both ways.
  const message = byHash(ctx, instance, direction, hash);
  if (message === undefined) {
    if (direction === "l1-l2") return;
    const seen = instance.state.outcomes[hash.toLowerCase()];
    if (seen === undefined || !seen.relayed)
      instance.state.outcomes[hash.toLowerCase()] = outcome;
    return;
  }
  // The L2 failure of an older copy, while the sequencer has not reached the latest one (a replay
  // queued before the original was relayed): the message waits for its latest copy.
  if (direction === "l1-l2" && !outcome.relayed) {
    const reached =
      instance.relaying !== undefined
        ? instance.relaying + 1
        : instance.state.nextQueueIndex;
    if (Math.max(...depositFacts(message).queueIndices) >= reached) return;
  }
  applyOutcome(ctx, message, outcome);
}

/** Records a relay outcome on its message: relayed, or failed at the stage the outcome names. */
export function applyOutcome(
  ctx: ScrollContext,
  message: ScrollMessage,
  outcome: {
    relayed: boolean;
    tx: string;
    failedStage: FailedStage;
    hint: string;
  },
): void {
  if (message.status === "relayed") return;
  if (outcome.relayed) {
    ctx.world.registry.update(message, "relayed", "relayed", {
      destinationTx: outcome.tx,
      error: undefined,
    });
  } else {
    ctx.world.registry.update(message, "failed", outcome.failedStage, {
      destinationTx: outcome.tx,
      error: outcome.hint,
    });
  }
}

/** The message of this direction with message hash `hash`, if one was read. */
export function byHash(
  ctx: ScrollContext,
  instance: ScrollInstance,
  direction: ScrollDetails["direction"],
  hash: string,
): ScrollMessage | undefined {
  const id = instance.state.byHash[direction][hash.toLowerCase()];
  return id === undefined ? undefined : ctx.world.registry.get(id, "scroll");
}
