/**
 * The hashes StarknetCore and the L2 messaging contract key messages by, mirrored word for word from
 * contracts/starknet/libraries/StarknetMessageHash.sol.
 */

import { type Bytes32, type WordLike, keccakWords } from "./felt.js";

/**
 * Hash of an L1→L2 message: `keccak(pack(from, to, nonce, selector, payload.length, payload))` (nonce
 * before selector). `fromAddress` is the L1 sender (an address or its uint256).
 */
export function l1ToL2MsgHash(
  fromAddress: WordLike,
  toAddress: WordLike,
  selector: WordLike,
  payload: readonly WordLike[],
  nonce: WordLike,
): Bytes32 {
  return keccakWords([
    fromAddress,
    toAddress,
    nonce,
    selector,
    payload.length,
    ...payload,
  ]);
}

/**
 * Hash of an L2→L1 message: `keccak(pack(from, to, payload.length, payload))`. `toAddress` is the L1
 * recipient (an address or its uint256).
 */
export function l2ToL1MsgHash(
  fromAddress: WordLike,
  toAddress: WordLike,
  payload: readonly WordLike[],
): Bytes32 {
  return keccakWords([fromAddress, toAddress, payload.length, ...payload]);
}
