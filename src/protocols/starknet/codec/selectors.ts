/**
 * Selectors: of the L1 functions StarkNet messages go through, of L1 handlers as an L1 sender names
 * them, and Cairo's `get_selector_from_name`.
 */

import { id } from "ethers";

import { mask250 } from "./felt.js";

/** The 4-byte EVM selector of a function signature, as the uint256 an L1 sender passes as `selector`. */
export function evmSelector(signature: string): bigint {
  return BigInt(id(signature).slice(0, 10));
}

/** Cairo's `get_selector_from_name`: `mask250(keccak(name))` (the real L2's entry-point selectors). */
export function starknetSelector(name: string): bigint {
  return mask250(id(name));
}

/** The L1-handler signature every receiver exposes, and the demo bridge's handler selector `0xde3ab781`. */
export const DEPOSIT_HANDLER_SIGNATURE = "deposit(uint256,uint256[])";

export const DEPOSIT_HANDLER_SELECTOR: bigint = evmSelector(
  DEPOSIT_HANDLER_SIGNATURE,
);

/** Function selectors of §2.6. */
export const STARKNET_FUNCTION_SELECTORS = {
  sendMessageToL2: id("sendMessageToL2(uint256,uint256,uint256[])").slice(
    0,
    10,
  ),
  consumeMessageFromL2: id("consumeMessageFromL2(uint256,uint256[])").slice(
    0,
    10,
  ),
  updateState: id("updateState(uint256[],uint256,uint256)").slice(0, 10),
  handleL1Message: id(
    "handleL1Message(uint256,uint256,uint256,uint256[],uint256,uint256)",
  ).slice(0, 10),
} as const;
