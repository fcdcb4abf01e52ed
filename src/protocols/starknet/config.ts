import type { ProtocolConfig } from "../types.js";

import { z } from "zod";

import { nonNegativeInt } from "../../config-schemas.js";

/** `xdm.starknet` as users write it. */
export interface XdmStarknetUserConfig {
  /** L1 confirmations before the sequencer delivers an L1→L2 message (default 10). */
  l1Confirmations?: number;
  /** Seconds between closing a state update and submitting it (default 0). */
  proofDelay?: number;
  /** Seconds between a cancellation request and the cancellation (default 432000, 5 days). */
  cancellationDelay?: number;
}

/** `hre.config.xdm.starknet` and `world.config.starknet`. */
export interface XdmStarknetConfig {
  l1Confirmations: number;
  proofDelay: number;
  cancellationDelay: number;
}

export const STARKNET_DEFAULTS = {
  l1Confirmations: 10,
  proofDelay: 0,
  /** 5 days. */
  cancellationDelay: 432000,
} as const satisfies XdmStarknetConfig;

/** Seconds between StarkNet blocks when `xdm:node` mines on an interval. */
export const STARKNET_BLOCK_TIME = 6;

export const starknetConfig: ProtocolConfig<
  XdmStarknetUserConfig,
  XdmStarknetConfig
> = {
  schema: z
    .object({
      l1Confirmations: nonNegativeInt.optional(),
      proofDelay: nonNegativeInt.optional(),
      cancellationDelay: nonNegativeInt.optional(),
    })
    .strict(),
  resolve: (user) => ({
    l1Confirmations: user?.l1Confirmations ?? STARKNET_DEFAULTS.l1Confirmations,
    proofDelay: user?.proofDelay ?? STARKNET_DEFAULTS.proofDelay,
    cancellationDelay:
      user?.cancellationDelay ?? STARKNET_DEFAULTS.cancellationDelay,
  }),
};
