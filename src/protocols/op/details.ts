import type { Identifier } from "./codec/access-list.js";
import type { AssetTransfer } from "./codec/assets.js";
import type { Deposit, MessengerMessage, Withdrawal } from "./codec/bedrock.js";
import type { MessageOf } from "../../messages.js";
import type { AccessList } from "ethers";

/** What the relayer knows of an OP interop message besides its Message record. */
export interface OpDetails {
  /** Absent on interop messages; "l1-l2" on deposits, "l2-l1" on withdrawals. */
  direction?: undefined;
  identifier: Identifier;
  payload: string;
  msgHash: string;
  accessList: AccessList;
  destinationChainId: bigint;
  attempts: number;
  lastAttemptBlock: number;
  /** The initiating transaction of the latest copy, once resendMessage sent it again. */
  initiatingTx?: string;
  /** The message whose relay this one waits for (RequiredMessageNotSuccessful). */
  waitingFor?: string;
  inflight?: string;
  /** Relay sends in a row that got no answer from the destination (transport errors). */
  lostSends?: number;
  /**
   * What the message moves when a Superchain bridge sent it (SuperchainETHBridge / SuperchainTokenBridge
   * to its counterpart): decoded from the relayETH / relayERC20 call it carries. Absent on other messages.
   */
  asset?: AssetTransfer;
}

/** The stages of an OP interop message, by the status each belongs to. */
export interface OpStagesByStatus {
  pending: "waiting-dependency";
  ready: "initiated";
  relayed: "relayed";
  failed: "relay-reverted" | "rejected" | "unroutable";
  cancelled: never;
  expired: "expired";
}

export type OpStage = OpStagesByStatus[keyof OpStagesByStatus];

/** An OP interop message (L2 to L2). */
export type OpMessage = MessageOf<"op", OpDetails, OpStage>;

/** What the relayer knows of a deposit: an L1→L2 transaction through an OP chain's OptimismPortal. */
export interface OpDepositDetails {
  direction: "l1-l2";
  /** The deposit as the portal logged it (`from` is aliased for a contract sender). */
  deposit: Deposit;
  l1Block: number;
  l1BlockHash: string;
  l1LogIndex: number;
  /**
   * The hash the deposit transaction has on a real OP chain (what viem's getL2TransactionHashes gives).
   * EDR has no deposit transaction type: the L2 transaction that carries it is `destinationTx`.
   */
  l2TransactionHash: string;
  /** The L1CrossDomainMessenger message the deposit carries, if it is one. */
  messenger?: MessengerMessage;
}

/** The stages of a deposit, by the status each belongs to. */
export interface OpDepositStages {
  pending: "awaiting-confirmations";
  ready: never;
  relayed: "relayed";
  /** deposit-reverted: the L2 call reverted (its mint stays); message-failed: the messenger kept it for a replay. */
  failed: "deposit-reverted" | "message-failed";
  cancelled: never;
  expired: never;
}

export type OpDepositStage = OpDepositStages[keyof OpDepositStages];

/** A deposit, L1 → OP chain: `details.direction` is "l1-l2". */
export type OpDeposit = MessageOf<"op", OpDepositDetails, OpDepositStage>;

/** A dispute game the mock proposer created: its claim covers L2 blocks up to `l2BlockNumber`. */
export interface OpDisputeGame {
  /** Its index in the DisputeGameFactory (what proveWithdrawalTransaction takes). */
  index: number;
  address: string;
  l2BlockNumber: number;
  rootClaim: string;
  /** L1 timestamp of its creation. */
  createdAt: number;
}

/** What the relayer knows of a withdrawal: an L2→L1 message through the L2ToL1MessagePasser. */
export interface OpWithdrawalDetails {
  direction: "l2-l1";
  withdrawal: Withdrawal;
  withdrawalHash: string;
  l2Block: number;
  /** The L2CrossDomainMessenger message the withdrawal carries, if it is one. */
  messenger?: MessengerMessage;
  /** The game whose output root it is proven against (set when a game covers its block). */
  game?: OpDisputeGame;
  /** Who proved it last, and when (L1 seconds). */
  proofSubmitter?: string;
  provenAt?: number;
  /**
   * The first L1 timestamp at which it may be finalized: past the proof maturity delay after the proof,
   * and past the game's resolution plus the finality delay.
   */
  finalizableAt?: number;
}

/** The stages of a withdrawal, by the status each belongs to. */
export interface OpWithdrawalStages {
  pending: "awaiting-proposal" | "proven";
  ready: "provable" | "finalizable";
  relayed: "relayed";
  /** call-failed: finalized, the target's call reverted (consumed); message-failed: the L1 messenger kept it. */
  failed: "call-failed" | "message-failed";
  cancelled: never;
  expired: never;
}

export type OpWithdrawalStage = OpWithdrawalStages[keyof OpWithdrawalStages];

/** A withdrawal, OP chain → L1: `details.direction` is "l2-l1". */
export type OpWithdrawal = MessageOf<
  "op",
  OpWithdrawalDetails,
  OpWithdrawalStage
>;

/** Whether an OP message is a withdrawal (L2 to L1). */
export function isWithdrawal(message: AnyOpMessage): message is OpWithdrawal {
  return message.details.direction === "l2-l1";
}

/** Whether an OP message is an interop message (L2 to L2) rather than a deposit or a withdrawal. */
export function isInteropMessage(message: AnyOpMessage): message is OpMessage {
  return message.details.direction === undefined;
}

/** Whether an OP message is a deposit (L1 to L2). */
export function isDeposit(message: AnyOpMessage): message is OpDeposit {
  return message.details.direction === "l1-l2";
}

/** An interop message, a deposit or a withdrawal, as `world.messages({ protocol: "op" })` returns it. */
export type AnyOpMessage = OpMessage | OpDeposit | OpWithdrawal;

declare module "../../messages.js" {
  interface MessageTypesByProtocol {
    op:
      | { details: OpDetails; stage: OpStage }
      | { details: OpDepositDetails; stage: OpDepositStage }
      | { details: OpWithdrawalDetails; stage: OpWithdrawalStage };
  }
}
