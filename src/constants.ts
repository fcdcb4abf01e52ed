/**
 * Values every part of the plugin agrees on: its id, the ports `xdm:node` serves on and the L1's
 * block time. Kept free of imports so that the plugin entry point can read it without loading
 * anything. What belongs to one messaging model (its defaults, its addresses) lives in its folder
 * under src/protocols/; the default topology is src/protocols/topology.ts.
 */

export const PLUGIN_ID = "hardhat-xdm";

/** The L1's port under `xdm:node` (supersim's 8545); the other chains' ports follow from it (nodePorts in src/config.ts). */
export const DEFAULT_BASE_PORT = 8545;

/** Prefix of the http networks the plugin injects so `hre.xdm.attach()` can reach `xdm:node`. */
export const NODE_NETWORK_PREFIX = "xdm:";

/** Seconds between L1 blocks when `xdm:node` mines on an interval (each model sets its own L2s'). */
export const DEFAULT_L1_BLOCK_TIME = 12;
