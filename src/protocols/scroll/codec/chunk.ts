/**
 * Version-0 chunks: the block contexts and L2 transactions a batch commits, their byte layout and
 * the chunk and data hashes ZKRollup computes from them.
 */

import {
  concat,
  dataLength,
  dataSlice,
  hexlify,
  keccak256,
  toBeHex,
  zeroPadValue,
} from "ethers";

/** Size of a block context in a chunk. */
export const BLOCK_CONTEXT_LENGTH = 60;

/** The part of a block context that enters the chunk hash (numL1Messages is left out). */
export const BLOCK_CONTEXT_HASHED_LENGTH = 58;

export interface BlockContext {
  blockNumber: bigint;
  timestamp: bigint;
  /** `baseFeePerGas`, or 0 for a pre-London block. */
  baseFee: bigint;
  gasLimit: bigint;
  /** L1 messages (skipped included) plus L2 transactions. */
  numTransactions: number;
  /** L1 messages popped in this block, skipped included. */
  numL1Messages: number;
}

export interface ChunkBlock {
  context: BlockContext;
  /**
   * Entry hashes of the block's L1 messages that are not skipped, in queue order. They are not
   * part of the chunk bytes (the rollup reads them from L1MessageQueue) but enter the chunk hash.
   */
  l1MessageHashes: readonly string[];
  /** Signed EIP-2718 serialisations of the block's L2 transactions. */
  l2Transactions: readonly string[];
}

export interface Chunk {
  blocks: readonly ChunkBlock[];
}

export function encodeBlockContext(ctx: BlockContext): string {
  return concat([
    uintBytes(ctx.blockNumber, 8),
    uintBytes(ctx.timestamp, 8),
    uintBytes(ctx.baseFee, 32),
    uintBytes(ctx.gasLimit, 8),
    uintBytes(ctx.numTransactions, 2),
    uintBytes(ctx.numL1Messages, 2),
  ]);
}

/** `numBlocks u8 ‖ contexts ‖ per L2 tx (u32 length ‖ raw tx)`. */
export function encodeChunk(chunk: Chunk): string {
  if (chunk.blocks.length === 0 || chunk.blocks.length > 255) {
    throw new Error(`a chunk holds 1..255 blocks, got ${chunk.blocks.length}`);
  }
  const parts: string[] = [uintBytes(chunk.blocks.length, 1)];
  for (const block of chunk.blocks)
    parts.push(encodeBlockContext(block.context));
  for (const block of chunk.blocks) {
    for (const rawTx of block.l2Transactions) {
      parts.push(uintBytes(dataLength(rawTx), 4), hexlify(rawTx));
    }
  }
  return concat(parts);
}

/** `keccak(ctx_i[0:58]… ‖ per block: L1 message entry hashes ‖ keccak(raw L2 tx)…)`. */
export function chunkHash(chunk: Chunk): string {
  const parts: string[] = [];
  for (const block of chunk.blocks) {
    parts.push(
      dataSlice(
        encodeBlockContext(block.context),
        0,
        BLOCK_CONTEXT_HASHED_LENGTH,
      ),
    );
  }
  for (const block of chunk.blocks) {
    for (const hash of block.l1MessageHashes)
      parts.push(zeroPadValue(hash, 32));
    for (const rawTx of block.l2Transactions) parts.push(keccak256(rawTx));
  }
  return keccak256(concat(parts));
}

/** A batch's data hash: `keccak(chunkHash_0 ‖ … ‖ chunkHash_m)`. */
export function dataHash(chunkHashes: readonly string[]): string {
  return keccak256(concat(chunkHashes.map((hash) => zeroPadValue(hash, 32))));
}

function uintBytes(value: bigint | number, bytes: number): string {
  return toBeHex(value, bytes);
}
