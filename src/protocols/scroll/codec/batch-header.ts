/**
 * The version-0 batch header ZKRollup commits and finalizes: its byte layout, its hash and the
 * skipped-L1-message bitmap it carries, mirrored from contracts/scroll/libraries/.
 */

import {
  type BytesLike,
  concat,
  dataLength,
  dataSlice,
  hexlify,
  keccak256,
  toBeHex,
  toBigInt,
  toNumber,
  zeroPadValue,
  ZeroHash,
} from "ethers";

/** Size of a version-0 batch header before its skipped-message bitmap. */
export const BATCH_HEADER_V0_FIXED_LENGTH = 89;

export interface BatchHeaderV0 {
  version: number;
  batchIndex: bigint;
  /** L1 messages this batch pops, skipped ones included. */
  l1MessagePopped: bigint;
  /** L1 messages popped by this batch and all before it. */
  totalL1MessagePopped: bigint;
  dataHash: string;
  parentBatchHash: string;
  /** `ceil(l1MessagePopped / 256)` words; bit j (LSB first) of word k marks message 256k + j as skipped. */
  skippedL1MessageBitmap: string;
}

function uintBytes(value: bigint | number, bytes: number): string {
  return toBeHex(value, bytes);
}

export function encodeBatchHeaderV0(header: BatchHeaderV0): string {
  const bitmap = hexlify(header.skippedL1MessageBitmap);
  if (dataLength(bitmap) % 32 !== 0) {
    throw new Error(
      `skippedL1MessageBitmap must be whole 32-byte words, got ${dataLength(bitmap)} bytes`,
    );
  }
  return concat([
    uintBytes(header.version, 1),
    uintBytes(header.batchIndex, 8),
    uintBytes(header.l1MessagePopped, 8),
    uintBytes(header.totalL1MessagePopped, 8),
    zeroPadValue(header.dataHash, 32),
    zeroPadValue(header.parentBatchHash, 32),
    bitmap,
  ]);
}

export function decodeBatchHeaderV0(encoded: BytesLike): BatchHeaderV0 {
  const bytes = hexlify(encoded);
  const length = dataLength(bytes);
  if (
    length < BATCH_HEADER_V0_FIXED_LENGTH ||
    (length - BATCH_HEADER_V0_FIXED_LENGTH) % 32 !== 0
  ) {
    throw new Error(`not a version-0 batch header: ${length} bytes`);
  }
  return {
    version: toNumber(dataSlice(bytes, 0, 1)),
    batchIndex: toBigInt(dataSlice(bytes, 1, 9)),
    l1MessagePopped: toBigInt(dataSlice(bytes, 9, 17)),
    totalL1MessagePopped: toBigInt(dataSlice(bytes, 17, 25)),
    dataHash: dataSlice(bytes, 25, 57),
    parentBatchHash: dataSlice(bytes, 57, 89),
    skippedL1MessageBitmap: dataSlice(bytes, 89),
  };
}

/** `keccak256(header)`; accepts the encoded header or its fields. */
export function batchHash(header: BytesLike | BatchHeaderV0): string {
  return keccak256(
    isBatchHeader(header) ? encodeBatchHeaderV0(header) : header,
  );
}

function isBatchHeader(
  value: BytesLike | BatchHeaderV0,
): value is BatchHeaderV0 {
  return typeof value === "object" && value !== null && "dataHash" in value;
}

/** The genesis header (batch 0): every field zero except the data hash. */
export function genesisBatchHeader(dataHash: string): BatchHeaderV0 {
  return {
    version: 0,
    batchIndex: 0n,
    l1MessagePopped: 0n,
    totalL1MessagePopped: 0n,
    dataHash,
    parentBatchHash: ZeroHash,
    skippedL1MessageBitmap: "0x",
  };
}

/**
 * Packs skip flags (one per L1 message popped by a batch, in queue order) into the bitmap
 * words of a batch header: bit j of word k is message 256k + j.
 */
export function encodeSkippedBitmap(skipped: readonly boolean[]): string {
  const words: bigint[] = new Array<bigint>(
    Math.ceil(skipped.length / 256),
  ).fill(0n);
  skipped.forEach((isSkipped, i) => {
    if (isSkipped) words[i >> 8] |= 1n << BigInt(i & 0xff);
  });
  return concat(words.map((word) => toBeHex(word, 32)));
}

/** Inverse of {@link encodeSkippedBitmap} for `count` messages. */
export function decodeSkippedBitmap(
  bitmap: BytesLike,
  count: number,
): boolean[] {
  const bytes = hexlify(bitmap);
  const flags: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const word = toBigInt(dataSlice(bytes, (i >> 8) * 32, (i >> 8) * 32 + 32));
    flags.push(((word >> BigInt(i & 0xff)) & 1n) === 1n);
  }
  return flags;
}
