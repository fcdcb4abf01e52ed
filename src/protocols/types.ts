import type { Chain } from "../chain.js";
import type { Message } from "../messages.js";
import type { XdmProtocolName } from "../types/config.js";
import type { World } from "../world.js";
import type { z } from "zod";

/** A protocol's name: a built-in model or one registered with registerProtocol. */
export type ProtocolName = XdmProtocolName | (string & {});

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

/** A log's identity on its chain: the same log read twice (by a scan and from a receipt) has the same key. */
export function logKey(log: RpcLog): string {
  return `${log.blockHash.toLowerCase()}:${Number(log.logIndex)}`;
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
  readonly name: ProtocolName;
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
  /**
   * The JSON-RPC methods its off-chain services answer on `chain` (e.g. an OP chain's supervisor), by
   * method name, served beside the chain's own under `xdm:node`; undefined (or no member) for none.
   */
  rpcMethods?(chain: Chain): Record<string, RpcMethod> | undefined;
  /**
   * What the Solidity-test relayer (contracts/testing/) needs of `chain` beyond its addresses and
   * the config: relayer-side state the chains do not hold (e.g. Scroll's last batch header), as
   * JSON values; undefined (or no member) for none.
   */
  solidityTestFacts?(chain: Chain): Record<string, unknown> | undefined;
}

/**
 * A JSON-RPC method a protocol serves on its chains under `xdm:node` (HTTP and WebSocket): it takes the
 * request's params as they came and answers its result (undefined answers null), or throws an
 * RpcMethodError for a JSON-RPC error.
 */
export type RpcMethod = (params: unknown) => Promise<unknown>;

/** A JSON-RPC error a protocol's method answers with: the code, message and data a client receives. */
export class RpcMethodError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "RpcMethodError";
  }
}

export type ProtocolFactory = (world: World) => Protocol;

/** What the status table knows when it asks a protocol for a message's next action. */
export interface StatusContext {
  /** The world's latest timestamp (seconds). */
  now: number;
  /** The L1's head block number. */
  l1Head: number;
}

/**
 * A model's section of the config, `xdm.<name>`: what users may write there and what it resolves to
 * (`hre.config.xdm.<name>`, `world.config.<name>`). The module declares both types in XdmUserConfig and
 * XdmConfig (src/types/config.ts); the engine puts the schema under `xdm.<name>` and calls `resolve`.
 */
export interface ProtocolConfig<User = unknown, Resolved = unknown> {
  /** The section as users write it: a strict object (an unknown key is a config error), every key optional. */
  readonly schema: z.ZodType<User>;
  /** The section with its defaults filled in; `user` has passed `schema` (undefined when the user wrote none). */
  resolve(user: User | undefined): Resolved;
}

/**
 * A messaging model as the engine sees it: everything the world, the status
 * table, fault injection and actor keys need to know of it. Each model exports
 * one from `src/protocols/<name>/index.ts`; `src/protocols/index.ts` lists them.
 */
export interface ProtocolModule<P extends Protocol = Protocol> {
  /** The name in config (`protocol: "<name>"`), on chains and messages, and of the world's helpers `world.<name>`. */
  readonly name: ProtocolName;
  /** What `world.<name>` throws in a world without a chain of this protocol: how to add one. */
  readonly missing: string;
  /** The Hardhat chain type its chains run as. */
  readonly chainType: "op" | "generic";
  /** Seconds between blocks of its chains under `xdm:node` when the chain config sets none. */
  readonly blockTime: number;
  /** Its section of the config, `xdm.<name>`, when it has knobs; without one `xdm.<name>` is an unknown key. */
  readonly config?: ProtocolConfig;
  /** The hardfork its in-process (edr-simulated) chains run when their network names none; EDR's default otherwise. */
  readonly hardfork?: string;
  /**
   * Under `xdm:node` its chains take the ports from the L1's port + nodePortOffset on, in config order;
   * without it they take the next ports after the L1 (shared with every model without one).
   */
  readonly nodePortOffset?: number;
  /**
   * Its chains carry an interop dependency set (`xdm.chains.<chain>.dependencySet`): the other chains of
   * this model whose messages one may execute, every one of them unless the chain names its own. The
   * words are how config errors name its chains ("an OP chain", "OP chains"). Without it, a chain of this
   * model that names a dependency set is a config error.
   */
  readonly dependencySet?: {
    readonly chain: string;
    readonly chains: string;
  };
  /** Its off-chain actors that hold a key, derived as keccak256("hardhat-xdm:<actor>") unless xdm.actors overrides it. */
  readonly keyedActors: readonly string[];
  /** Its actors `world.faults.pause` can stop (every one of them checks `world.faults.isPaused`). */
  readonly faultActors: readonly string[];
  /** Whether its prover honours `world.faults.failProofs(<name>)` (asks `world.faults.takeBadProof`). */
  readonly failableProofs: boolean;
  /** The system contracts it puts on its chains (`chain.contracts`) and on the L1 (`chain.l1Contracts`). */
  readonly systemContracts: {
    readonly l2: readonly string[];
    readonly l1: readonly string[];
  };
  /** The protocol of one world (created once per world and again when the relayer rebuilds its view). */
  create(world: World): Promise<P>;
  /**
   * What a message of this protocol waits for or what someone may do with it now, in the protocol's
   * own words; undefined leaves the generic text ("—" once relayed or cancelled, else the stage).
   */
  nextAction(
    message: Message,
    world: World,
    context: StatusContext,
  ): string | undefined;
  /**
   * What a message carries, in words, for xdm:node's and xdm:relay's message lines ("0.5 ETH 0xf39f…2266 →
   * 0x7099…79c8"); undefined (or no hook) for a message with nothing to say beyond its route.
   */
  describe?(message: Message): string | undefined;
  /**
   * The same as data, for `xdm:node --json`'s message lines: flat fields, amounts as decimal strings
   * (JSON has no bigint); undefined (or no hook) when `describe` has nothing to say.
   */
  carries?(message: Message): Record<string, string> | undefined;
}
