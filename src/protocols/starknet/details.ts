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

/** The stages of an L1→L2 message, by the status each belongs to. */
export interface StarknetL1ToL2Stages {
  pending: "awaiting-confirmations" | "cancellation-requested";
  ready: "confirmed";
  relayed: "handled" | "consumed";
  failed: "handler-reverted" | "undeliverable" | "cancelled-after-handling";
  cancelled: "cancelled";
  expired: never;
}

/** The stages of an L2→L1 message, by the status each belongs to. */
export interface StarknetL2ToL1Stages {
  pending: "awaiting-state-update";
  ready: "state-updated";
  relayed: "consumed";
  failed: never;
  cancelled: never;
  expired: never;
}

export type StarknetL1ToL2Stage =
  StarknetL1ToL2Stages[keyof StarknetL1ToL2Stages];
export type StarknetL2ToL1Stage =
  StarknetL2ToL1Stages[keyof StarknetL2ToL1Stages];
export type StarknetStage = StarknetL1ToL2Stage | StarknetL2ToL1Stage;

/** An L1→L2 StarkNet message. */
export type StarknetL1ToL2Message = MessageOf<
  "starknet",
  L1ToL2Facts,
  StarknetL1ToL2Stage
>;
/** An L2→L1 StarkNet message. */
export type StarknetL2ToL1Message = MessageOf<
  "starknet",
  L2ToL1Facts,
  StarknetL2ToL1Stage
>;
/** A StarkNet message, as `world.messages({ protocol: "starknet" })` returns it; its stage (or `details.direction`) tells the direction. */
export type StarknetMessage = StarknetL1ToL2Message | StarknetL2ToL1Message;

declare module "../../messages.js" {
  interface MessageTypesByProtocol {
    starknet:
      | { details: L1ToL2Facts; stage: StarknetL1ToL2Stage }
      | { details: L2ToL1Facts; stage: StarknetL2ToL1Stage };
  }
}
