import type { Message } from "./messages.js";
import type { World } from "./world.js";

/** "3d 4h", "2h 5m", "40s": a duration for a table cell. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

interface Facts {
  direction?: string;
  l1Block?: number;
  cancellationRequestedAt?: number;
  waitingFor?: string;
}

/**
 * What a message waits for, or what someone may do with it now, in the
 * protocol's own words: "claimable: relayMessageWithProof", "cancellable in 3d 4h",
 * "expired: resendMessage on opA".
 */
export async function nextAction(world: World, message: Message, now: number, l1Head: number): Promise<string> {
  const facts = message.details as Facts;
  const confirmations = (needed: number) => {
    const left = needed - (l1Head - (facts.l1Block ?? l1Head));
    return left > 0 ? `waits for ${left} more L1 confirmation${left === 1 ? "" : "s"}` : "relay due: the sequencer delivers it next";
  };
  switch (`${message.protocol}:${message.stage}`) {
    case "op:initiated":
      return `relayable: relayMessage on ${message.to} (expires in ${formatDuration(world.op.expiresAt(message) - now)})`;
    case "op:waiting-dependency":
      return `waits for message ${facts.waitingFor ?? "?"} to be relayed on ${message.to}`;
    case "op:relay-reverted":
      return `relay again: relayMessage on ${message.to} (${message.error ?? "reverted"})`;
    case "op:rejected":
      return `rejected by the supervisor: ${message.error ?? ""}`;
    case "op:unroutable":
      return `no chain ${message.to} in this world`;
    case "op:expired":
      return `expired: resendMessage on ${message.from}`;
    case "scroll:awaiting-confirmations":
      return confirmations(world.config.scroll.l1Confirmations);
    case "scroll:confirmed":
      return "relay due: the sequencer relays it next";
    case "scroll:relay-failed":
      return `replayMessage on ${message.from} with a larger gas limit`;
    case "scroll:skipped":
      return `dropMessage on ${message.from} once its batch is finalized`;
    case "scroll:awaiting-batch":
      return "waits for the batcher to commit its block";
    case "scroll:committed":
      return "waits for the proof and finalization of its batch";
    case "scroll:finalized":
      return "claimable: relayMessageWithProof";
    case "scroll:claim-failed":
      return "claim again: relayMessageWithProof";
    case "starknet:awaiting-confirmations":
      return confirmations(world.config.starknet.l1Confirmations);
    case "starknet:confirmed":
      return "delivery due: the sequencer delivers it next";
    case "starknet:handled":
      return "waits for the state update that consumes it on L1";
    case "starknet:handler-reverted":
    case "starknet:undeliverable":
      return `the sender may cancel it: startL1ToL2MessageCancellation on ${message.from}`;
    case "starknet:cancellation-requested": {
      const at = (facts.cancellationRequestedAt ?? now) + world.config.starknet.cancellationDelay;
      return at > now ? `cancellable in ${formatDuration(at - now)}` : `cancellable now: cancelL1ToL2Message on ${message.from}`;
    }
    case "starknet:awaiting-state-update":
      return "waits for the state update that carries it to L1";
    case "starknet:state-updated":
      return `consumable: consumeMessageFromL2 by ${message.target}`;
    default:
      return message.status === "relayed" || message.status === "cancelled" ? "—" : message.stage;
  }
}
