/**
 * An L1 message queue entry as l2geth sees it (`L1MessageTx`): its typed RLP encoding and the hash
 * L1MessageQueue stores per queue index.
 */

import {
  type BytesLike,
  concat,
  encodeRlp,
  getAddress,
  hexlify,
  keccak256,
  toBeArray,
} from "ethers";

/** l2geth's `L1MessageTxType`. */
export const L1_MESSAGE_TX_TYPE = 0x7e;

/** An L1 message transaction as l2geth sees it. */
export interface L1MessageTx {
  queueIndex: bigint;
  gasLimit: bigint;
  target: string;
  value: bigint;
  data: BytesLike;
  /** The aliased L1 sender (alias(L1ScrollMessenger) for messenger traffic). */
  sender: string;
}

/** Canonical RLP of an unsigned integer: minimal big-endian bytes, zero as the empty string. */
function rlpUint(value: bigint): Uint8Array {
  return toBeArray(value);
}

/** `0x7E ‖ rlp([queueIndex, gasLimit, target, value, data, sender])`. */
export function encodeL1MessageTx(tx: L1MessageTx): string {
  const payload = encodeRlp([
    rlpUint(tx.queueIndex),
    rlpUint(tx.gasLimit),
    getAddress(tx.target),
    rlpUint(tx.value),
    hexlify(tx.data),
    getAddress(tx.sender),
  ]);
  return concat([new Uint8Array([L1_MESSAGE_TX_TYPE]), payload]);
}

/** The hash L1MessageQueue stores per queue index (= l2geth's L1MessageTx hash). */
export function queueEntryHash(tx: L1MessageTx): string {
  return keccak256(encodeL1MessageTx(tx));
}
