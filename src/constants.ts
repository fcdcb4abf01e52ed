/**
 * Values every part of the plugin agrees on: the default topology, the fixed
 * system-contract addresses and the ports `xdm:node` serves on. Kept free of
 * imports so that the plugin entry point can read it without loading anything.
 */

export const PLUGIN_ID = "hardhat-xdm";

/** The built-in models (src/protocols/index.ts lists their modules; more may be registered). */
export type XdmProtocolName = "scroll" | "starknet" | "op";

/** "SN_XDM" as ASCII: a StarkNet-flavoured chain id that fits in 2^53. */
export const STARKNET_DEFAULT_CHAIN_ID = 0x534e5f58444d;

/** The chains of the default topology with the ids `xdm:node` serves them under. */
export const DEFAULT_CHAINS = {
  l1: { chainType: "l1", chainId: 900 },
  opA: { chainType: "op", chainId: 901, protocol: "op" },
  opB: { chainType: "op", chainId: 902, protocol: "op" },
  scroll: { chainType: "generic", chainId: 534352, protocol: "scroll" },
  starknet: {
    chainType: "generic",
    chainId: STARKNET_DEFAULT_CHAIN_ID,
    protocol: "starknet",
  },
} as const;

export const DEFAULT_L1 = "l1";

/** supersim's ports: the L1 on 8545, the OP chains from 9545. */
export const DEFAULT_BASE_PORT = 8545;
export const OP_PORT_OFFSET = 1000;

/** Prefix of the http networks the plugin injects so `hre.xdm.attach()` can reach `xdm:node`. */
export const NODE_NETWORK_PREFIX = "xdm:";

export const OP_ADDRESSES = {
  CrossL2Inbox: "0x4200000000000000000000000000000000000022",
  L2ToL2CrossDomainMessenger: "0x4200000000000000000000000000000000000023",
} as const;

/** 7 days: the interop expiry window (real `EXPIRY_TIME`). */
export const OP_EXPIRY_WINDOW = 604800;
export const OP_RELAY_RETRIES = 5;

export const SCROLL_DEFAULTS = {
  l1Confirmations: 10,
  batchBlocks: 100,
  proofDelay: 0,
  maxGasLimit: 10_000_000n,
  l2BaseFee: 0n,
  whitelist: false,
} as const;

export const STARKNET_DEFAULTS = {
  l1Confirmations: 10,
  proofDelay: 0,
  cancellationDelay: 432000,
} as const;

/** Seconds between blocks when `xdm:node` mines on an interval. */
export const DEFAULT_BLOCK_TIME = {
  l1: 12,
  op: 2,
  scroll: 3,
  starknet: 6,
} as const;
