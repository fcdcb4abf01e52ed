import type { XdmProtocolName } from "../constants.js";

/** One L2 of the topology as the user writes it under `xdm.chains.<name>`. */
export interface XdmChainUserConfig {
  /** "scroll", "starknet" or "op". */
  protocol: XdmProtocolName;
  /** The Hardhat network this chain runs on; defaults to the chain's own name. */
  network?: string;
  /** OP chains only: the other OP chains whose messages this chain may execute (default: every OP chain). */
  dependencySet?: string[];
  /** Seconds between blocks under `xdm:node` (interval mining). */
  blockTime?: number;
}

export interface XdmOpUserConfig {
  /** Seconds an initiating message stays executable (default 604800, 7 days). */
  expiryWindow?: number;
  /** Automatic relay attempts of a reverting message before it waits for a manual relay (default 5). */
  relayRetries?: number;
  /** Whether world passes run the autorelayer (default true). */
  autorelay?: boolean;
}

export interface XdmScrollUserConfig {
  /** L1 confirmations before the sequencer relays an L1→L2 message (default 10). */
  l1Confirmations?: number;
  /** Most L2 blocks in one batch (default 100). */
  batchBlocks?: number;
  /** Seconds between a batch commit and its proof (default 0). */
  proofDelay?: number;
  /** L1MessageQueue maxGasLimit (default 10,000,000). */
  maxGasLimit?: number | bigint;
  /** L2 base fee the L1 fee is computed from, in wei (default 0). */
  l2BaseFee?: number | bigint;
  /** Turn on the seed's sender whitelist (default false). */
  whitelist?: boolean;
}

export interface XdmStarknetUserConfig {
  /** L1 confirmations before the sequencer delivers an L1→L2 message (default 10). */
  l1Confirmations?: number;
  /** Seconds between closing a state update and submitting it (default 0). */
  proofDelay?: number;
  /** Seconds between a cancellation request and the cancellation (default 432000, 5 days). */
  cancellationDelay?: number;
}

export interface XdmUserConfig {
  /** The L1 chain: its name in `world.chains` and its Hardhat network (default "l1"). */
  l1?: string;
  /** Seconds between L1 blocks under `xdm:node` (default 12). */
  l1BlockTime?: number;
  /** The L2s; without this key the default topology (scroll, starknet, opA, opB) is used. */
  chains?: Record<string, XdmChainUserConfig>;
  op?: XdmOpUserConfig;
  scroll?: XdmScrollUserConfig;
  starknet?: XdmStarknetUserConfig;
  /** Private keys replacing the derived actor keys, e.g. `{ "op:autorelayer": "0x…" }`. */
  actors?: Record<string, string>;
}

export interface XdmChainConfig {
  name: string;
  protocol: XdmProtocolName | "l1";
  network: string;
  /** The chain id from the network config, when the network declares one. */
  chainId?: number;
  /** OP chains: chain names of the dependency set (without the chain itself). */
  dependencySet: string[];
  blockTime: number;
}

export interface XdmOpConfig {
  expiryWindow: number;
  relayRetries: number;
  autorelay: boolean;
}

export interface XdmScrollConfig {
  l1Confirmations: number;
  batchBlocks: number;
  proofDelay: number;
  maxGasLimit: bigint;
  l2BaseFee: bigint;
  whitelist: boolean;
}

export interface XdmStarknetConfig {
  l1Confirmations: number;
  proofDelay: number;
  cancellationDelay: number;
}

export interface XdmConfig {
  l1: string;
  /** Every chain of the topology, the L1 first. */
  chains: Record<string, XdmChainConfig>;
  op: XdmOpConfig;
  scroll: XdmScrollConfig;
  starknet: XdmStarknetConfig;
  actors: Record<string, string>;
}
