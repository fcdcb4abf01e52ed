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

/** The stages of an L1→L2 message, by the status each belongs to. */
export interface ScrollDepositStages {
  pending: "awaiting-confirmations";
  ready: "confirmed";
  relayed: "relayed";
  failed: "relay-failed" | "skipped";
  cancelled: "dropped";
  expired: never;
}

/** The stages of an L2→L1 message, by the status each belongs to. */
export interface ScrollWithdrawalStages {
  pending: "awaiting-batch" | "committed";
  ready: "finalized";
  relayed: "relayed";
  failed: "claim-failed";
  cancelled: never;
  expired: never;
}

export type ScrollDepositStage = ScrollDepositStages[keyof ScrollDepositStages];
export type ScrollWithdrawalStage =
  ScrollWithdrawalStages[keyof ScrollWithdrawalStages];
export type ScrollStage = ScrollDepositStage | ScrollWithdrawalStage;

/** An L1→L2 Scroll message. */
export type ScrollDeposit = MessageOf<
  "scroll",
  L1ToL2Facts,
  ScrollDepositStage
>;
/** An L2→L1 Scroll message: `details.claim` once its batch is finalized (stage "finalized"). */
export type ScrollWithdrawal = MessageOf<
  "scroll",
  L2ToL1Facts,
  ScrollWithdrawalStage
>;
/**
 * A Scroll message, as `world.messages({ protocol: "scroll" })` returns it: its stage (or
 * `details.direction`) tells a deposit from a withdrawal.
 */
export type ScrollMessage = ScrollDeposit | ScrollWithdrawal;

declare module "../../messages.js" {
  interface MessageTypesByProtocol {
    scroll:
      | { details: L1ToL2Facts; stage: ScrollDepositStage }
      | { details: L2ToL1Facts; stage: ScrollWithdrawalStage };
  }
}
