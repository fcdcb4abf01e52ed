import type { VerifiedMessages } from "./actors/verified-messages.js";
import type { OpDisputeGame } from "./details.js";

/**
 * What the OP relayer side knows beyond the message registry, shared by the installer, the log reader and
 * the autorelayer of one world. The protocol holds the one object and swaps its maps in place when a world
 * snapshot is loaded, so every part always reads the current ones.
 */
export interface OpRelayState {
  /** messageHash values seen in RelayedMessage logs, per destination chain name. */
  relayed: Map<string, Set<string>>;
  /** Ids of messages the autorelayer may still act on (ready, failed-retryable, waiting, in flight). */
  open: Set<string>;
  /** Initiating messages seen on their chains, which the supervisors need not look up again. */
  readonly verified: VerifiedMessages;
  /** Deposit message ids each OP chain's sequencer has still to execute, by chain name, in L1 order. */
  deposits: Map<string, string[]>;
  /** Deposits whose value the sequencer already minted on L2 (a send lost in transport must not mint twice). */
  minted: Set<string>;
  /** Withdrawal message ids, by withdrawal hash (lower case). */
  withdrawals: Map<string, string>;
  /** Withdrawals waiting for a game that covers their block, by OP chain name. */
  awaitingProposal: Map<string, string[]>;
  /** The latest game the proposer created for each OP chain, by chain name. */
  games: Map<string, OpDisputeGame>;
  /** Message ids of the CrossDomainMessenger messages, by `<destination chain name>:<versioned hash>`. */
  messengerHashes: Map<string, string>;
}
