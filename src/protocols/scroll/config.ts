import type { ProtocolConfig } from "../types.js";

import { z } from "zod";

import {
  nonNegativeInt,
  positiveInt,
  weiAmount,
} from "../../config-schemas.js";

/** `xdm.scroll` as users write it. */
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

/** `hre.config.xdm.scroll` and `world.config.scroll`. */
export interface XdmScrollConfig {
  l1Confirmations: number;
  batchBlocks: number;
  proofDelay: number;
  maxGasLimit: bigint;
  l2BaseFee: bigint;
  whitelist: boolean;
}

export const SCROLL_DEFAULTS = {
  l1Confirmations: 10,
  batchBlocks: 100,
  proofDelay: 0,
  maxGasLimit: 10_000_000n,
  l2BaseFee: 0n,
  whitelist: false,
} as const satisfies XdmScrollConfig;

/** Seconds between Scroll blocks when `xdm:node` mines on an interval. */
export const SCROLL_BLOCK_TIME = 3;

/**
 * Scroll's L2 has no EIP-7623 calldata floor: under a later hardfork EDR would refuse relays whose
 * gas limit meets Scroll's own floor (21000 + 16 per byte).
 */
export const SCROLL_HARDFORK = "cancun";

export const scrollConfig: ProtocolConfig<
  XdmScrollUserConfig,
  XdmScrollConfig
> = {
  schema: z
    .object({
      l1Confirmations: nonNegativeInt.optional(),
      batchBlocks: positiveInt.optional(),
      proofDelay: nonNegativeInt.optional(),
      maxGasLimit: weiAmount.optional(),
      l2BaseFee: weiAmount.optional(),
      whitelist: z.boolean().optional(),
    })
    .strict(),
  resolve: (user) => ({
    l1Confirmations: user?.l1Confirmations ?? SCROLL_DEFAULTS.l1Confirmations,
    batchBlocks: user?.batchBlocks ?? SCROLL_DEFAULTS.batchBlocks,
    proofDelay: user?.proofDelay ?? SCROLL_DEFAULTS.proofDelay,
    maxGasLimit: BigInt(user?.maxGasLimit ?? SCROLL_DEFAULTS.maxGasLimit),
    l2BaseFee: BigInt(user?.l2BaseFee ?? SCROLL_DEFAULTS.l2BaseFee),
    whitelist: user?.whitelist ?? SCROLL_DEFAULTS.whitelist,
  }),
};
