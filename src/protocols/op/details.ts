import type { Identifier } from "./codec/access-list.js";
import type { AssetTransfer } from "./codec/assets.js";
import type { MessageOf } from "../../messages.js";
import type { AccessList } from "ethers";

/** What the relayer knows of an OP interop message besides its Message record. */
export interface OpDetails {
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

/** An OP interop message, as `world.messages({ protocol: "op" })` returns it. */
export type OpMessage = MessageOf<"op", OpDetails, OpStage>;

declare module "../../messages.js" {
  interface MessageTypesByProtocol {
    op: { details: OpDetails; stage: OpStage };
  }
}
