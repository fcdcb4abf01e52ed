import type { MessageOf } from "../../messages.js";

/** What the relayer knows of an L1→L2 message besides its Message record. */
export interface L1ToL2Facts {
  direction: "l1-l2";
  fromAddress: string;
  toAddress: bigint;
  selector: bigint;
  payload: bigint[];
  fee: bigint;
  l1Block: number;
  handled?: boolean;
  /** The L2 transaction whose l1 handler ran it. */
  handledTx?: string;
  reverted?: string;
  consumed?: boolean;
  cancellationRequestedAt?: number;
  cancelled?: boolean;
  undeliverable?: string;
  /** The last handleL1Message send got no answer (a transport error): whether it was mined is read from the chain next pass. */
  unanswered?: string;
}

export interface L2ToL1Facts {
  direction: "l2-l1";
  fromAddress: bigint;
  toAddress: string;
  payload: bigint[];
  l2Block: number;
  logIndex: number;
}

export type StarknetDetails = L1ToL2Facts | L2ToL1Facts;

/** The stages of a StarkNet message, by the status each belongs to. */
export interface StarknetStagesByStatus {
  pending: "awaiting-confirmations" | "awaiting-state-update" | "cancellation-requested";
  ready: "confirmed" | "state-updated";
  relayed: "handled" | "consumed";
  failed: "handler-reverted" | "undeliverable" | "cancelled-after-handling";
  cancelled: "cancelled";
  expired: never;
}

export type StarknetStage = StarknetStagesByStatus[keyof StarknetStagesByStatus];

/** A StarkNet message, as `world.messages({ protocol: "starknet" })` returns it; `details.direction` tells L1→L2 from L2→L1. */
export type StarknetMessage = MessageOf<"starknet", StarknetDetails, StarknetStage>;

declare module "../../messages.js" {
  interface MessageTypesByProtocol {
    starknet: { details: StarknetDetails; stage: StarknetStage };
  }
}
