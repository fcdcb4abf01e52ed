import type { ProtocolConfig } from "../types.js";

import { z } from "zod";

import { nonNegativeInt, positiveInt } from "../../config-schemas.js";

/** `xdm.op` as users write it. */
export interface XdmOpUserConfig {
  /** Seconds an initiating message stays executable (default 604800, 7 days). */
  expiryWindow?: number;
  /** Automatic relay attempts of a reverting message before it waits for a manual relay (default 5). */
  relayRetries?: number;
  /** Whether world passes run the autorelayer (default true). */
  autorelay?: boolean;
  /** L1 confirmations before an OP chain's sequencer executes a deposit (default 4, op-node's sequencer L1 confirmation depth). */
  l1Confirmations?: number;
  /** Seconds a withdrawal's proof must age before it may be finalized (default 604800, 7 days; supersim uses 12). */
  proofMaturityDelaySeconds?: number;
  /** Seconds a resolved dispute game waits before the portal trusts it (default 302400, 3.5 days; supersim 6). */
  disputeGameFinalityDelaySeconds?: number;
  /** Seconds an unchallenged dispute game's clock runs before it resolves (default 302400, 3.5 days). */
  maxClockDuration?: number;
}

/** `hre.config.xdm.op` and `world.config.op`. */
export interface XdmOpConfig {
  expiryWindow: number;
  relayRetries: number;
  autorelay: boolean;
  l1Confirmations: number;
  proofMaturityDelaySeconds: number;
  disputeGameFinalityDelaySeconds: number;
  maxClockDuration: number;
}

export const OP_DEFAULTS = {
  /** 7 days: the interop expiry window (real `EXPIRY_TIME`). */
  expiryWindow: 604800,
  relayRetries: 5,
  autorelay: true,
  l1Confirmations: 4,
  /** The standard chains' values (op-deployer's standard config). */
  proofMaturityDelaySeconds: 604800,
  disputeGameFinalityDelaySeconds: 302400,
  maxClockDuration: 302400,
} as const satisfies XdmOpConfig;

/** Seconds between OP blocks when `xdm:node` mines on an interval. */
export const OP_BLOCK_TIME = 2;

/** supersim's ports: the OP chains from 9545, 1000 above the L1's 8545. */
export const OP_NODE_PORT_OFFSET = 1000;

export const opConfig: ProtocolConfig<XdmOpUserConfig, XdmOpConfig> = {
  schema: z
    .object({
      expiryWindow: positiveInt.optional(),
      relayRetries: nonNegativeInt.optional(),
      autorelay: z.boolean().optional(),
      l1Confirmations: nonNegativeInt.optional(),
      proofMaturityDelaySeconds: nonNegativeInt.optional(),
      disputeGameFinalityDelaySeconds: nonNegativeInt.optional(),
      maxClockDuration: nonNegativeInt.optional(),
    })
    .strict(),
  resolve: (user) => ({
    expiryWindow: user?.expiryWindow ?? OP_DEFAULTS.expiryWindow,
    relayRetries: user?.relayRetries ?? OP_DEFAULTS.relayRetries,
    autorelay: user?.autorelay ?? OP_DEFAULTS.autorelay,
    l1Confirmations: user?.l1Confirmations ?? OP_DEFAULTS.l1Confirmations,
    proofMaturityDelaySeconds:
      user?.proofMaturityDelaySeconds ?? OP_DEFAULTS.proofMaturityDelaySeconds,
    disputeGameFinalityDelaySeconds:
      user?.disputeGameFinalityDelaySeconds ??
      OP_DEFAULTS.disputeGameFinalityDelaySeconds,
    maxClockDuration: user?.maxClockDuration ?? OP_DEFAULTS.maxClockDuration,
  }),
};
