import type { MessageOf } from "../../messages.js";

/** What the relayer knows of an L1→L2 message (a deposit through the L1 message queue). */
export interface L1ToL2Facts {
  direction: "l1-l2";
  /** Queue indices of the message: the original, then each replay. */
  queueIndices: number[];
  gasLimit: bigint;
  l1Block: number;
}

/** The claim of a withdrawal in a finalized batch: what relayMessageWithProof takes. */
export interface WithdrawalClaim {
  batchIndex: number;
  merkleProof: string;
}

/** What the relayer knows of an L2→L1 message (a withdrawal appended to the withdraw trie). */
export interface L2ToL1Facts {
  direction: "l2-l1";
  l2Block: number;
  leafIndex: number;
  /** The batch that holds its block, once committed. */
  batchIndex?: number;
  /** Set once its batch is finalized. */
  claim?: WithdrawalClaim;
}

export type ScrollDetails = L1ToL2Facts | L2ToL1Facts;

/** The stages of a Scroll message, by the status each belongs to. */
export interface ScrollStagesByStatus {
  pending: "awaiting-confirmations" | "awaiting-batch" | "committed";
  ready: "confirmed" | "finalized";
  relayed: "relayed";
  failed: "relay-failed" | "skipped" | "claim-failed";
  cancelled: "dropped";
  expired: never;
}

export type ScrollStage = ScrollStagesByStatus[keyof ScrollStagesByStatus];

/** A Scroll message, as `world.messages({ protocol: "scroll" })` returns it; its `details.direction` tells deposit from withdrawal. */
export type ScrollMessage = MessageOf<"scroll", ScrollDetails, ScrollStage>;

declare module "../../messages.js" {
  interface MessageTypesByProtocol {
    scroll: { details: ScrollDetails; stage: ScrollStage };
  }
}
