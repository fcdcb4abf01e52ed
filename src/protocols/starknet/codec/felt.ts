/**
 * Felts and words: StarkNet's field, the 256-bit words the L1 contracts store felts in, and the packed
 * keccak every StarkNet hash on L1 is made of.
 */

import { keccak256, toBeHex } from "ethers";

/** A value that names one 256-bit word: a bigint, a safe integer, or a decimal / 0x-hex string. */
export type WordLike = bigint | number | string;

/** A 0x-prefixed 32-byte hex string. */
export type Bytes32 = string;

/** StarkNet's field prime `2^251 + 17·2^192 + 1`; a felt is a word strictly below it. */
export const FIELD_PRIME: bigint = (1n << 251n) + 17n * (1n << 192n) + 1n;

/** 2^256, one past the largest word. */
export const TWO_256: bigint = 1n << 256n;

const TWO_160: bigint = 1n << 160n;

const MASK_250: bigint = (1n << 250n) - 1n;

/** `value & (2^250 − 1)`: how StarkNet turns a keccak hash into a felt (selectors, the project's install hashes). */
export function mask250(value: WordLike): bigint {
  return toWord(value) & MASK_250;
}

/** Whether `value` is a felt (`0 ≤ value < P`). */
export function isFelt(value: WordLike): boolean {
  return toWord(value) < FIELD_PRIME;
}

/**
 * Converts a value to an unsigned 256-bit word. Negative values are taken as felts (`P + input`), which is how
 * the OS writes the block number −1 before the first block.
 */
export function toWord(input: WordLike): bigint {
  const value = typeof input === "bigint" ? input : BigInt(input);
  const word = value < 0n ? FIELD_PRIME + value : value;
  if (word < 0n || word >= TWO_256) {
    throw new RangeError(`value ${value} does not fit in a 256-bit word`);
  }
  return word;
}

/** `keccak(pack(words))`, every word 32 bytes big-endian (Solidity's `abi.encodePacked` of uint256s). */
export function keccakWords(words: readonly WordLike[]): Bytes32 {
  return keccak256(packWords(words));
}

function packWords(words: readonly WordLike[]): string {
  return (
    "0x" +
    words.map((word) => toWord(word).toString(16).padStart(64, "0")).join("")
  );
}

/** `value` as a 0x-prefixed 32-byte hex string. */
export function toBytes32(value: WordLike): Bytes32 {
  return toBeHex(toWord(value), 32);
}

/** Whether `value` fits an L1 address (`< 2^160`). */
export function isL1Address(value: WordLike): boolean {
  return toWord(value) < TWO_160;
}
