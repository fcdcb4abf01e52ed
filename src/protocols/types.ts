import type { XdmProtocolName } from "../constants.js";
import type { Chain } from "../chain.js";
import type { World } from "../world.js";

/** A log as eth_getLogs returns it, with the fields the protocols read. */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  blockTimestamp?: string;
}

/** Which logs a protocol wants from one chain. */
export interface LogWatch {
  addresses: string[];
  topics: string[];
}

export interface AdvanceOptions {
  /** When true the protocol may mine blocks or move the world clock to satisfy its actors' own waits. */
  clock: boolean;
  /** When true the batcher / state updater close what is pending (a batch, a state update) now. */
  cut?: boolean;
}

/**
 * The one seam between the generic engine and a messaging model. Nothing
 * outside `src/protocols/<name>/` knows a protocol's details.
 */
export interface Protocol {
  readonly name: XdmProtocolName;
  /** Puts the system contracts on `chain` (an L2 of this protocol) and, for an L1-anchored model, on the L1. */
  install(chain: Chain): Promise<void>;
  /** Checks that an attached (already running) chain carries the system contracts. */
  verifyInstalled(chain: Chain): Promise<void>;
  /** The logs this protocol reads on `chain`, or undefined when it has nothing there. */
  watch(chain: Chain): LogWatch | undefined;
  /** Turns new logs of `chain` (in block and log order) into messages or updates of them. */
  onLogs(chain: Chain, logs: RpcLog[]): Promise<void>;
  /** Lets the off-chain actors do what they may do now; returns how many actions they took. */
  advance(options: AdvanceOptions): Promise<number>;
  /** The relayer-side state that snapshots must carry (anything not in the message registry). */
  saveState(): unknown;
  loadState(state: unknown): void;
}

export type ProtocolFactory = (world: World) => Protocol;
