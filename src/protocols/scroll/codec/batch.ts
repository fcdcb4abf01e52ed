/**
 * The batcher's side of version-0 batches: turning L2 blocks, as the L2's JSON-RPC returns them,
 * into chunks and a batch header that ZKRollup.commitBatch will hash to the same batch hash.
 */
import type { RpcBlock } from "../../../chain.js";

import {
  getAddress,
  getBytes,
  hexlify,
  keccak256,
  type SignatureLike,
  Transaction,
  toBigInt,
  toNumber,
} from "ethers";

import {
  batchHash,
  type BatchHeaderV0,
  encodeBatchHeaderV0,
  encodeSkippedBitmap,
} from "./batch-header.js";
import {
  type BlockContext,
  type Chunk,
  type ChunkBlock,
  chunkHash,
  dataHash,
  encodeChunk,
} from "./chunk.js";

/** A transaction as `eth_getBlockByNumber(n, true)` returns it (hex quantities). */
export interface RpcTransaction {
  hash: string;
  type?: string;
  nonce: string;
  from: string;
  to: string | null;
  value: string;
  input: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  maxFeePerBlobGas?: string;
  blobVersionedHashes?: string[];
  chainId?: string;
  accessList?: Array<{ address: string; storageKeys: string[] }>;
  v: string;
  r: string;
  s: string;
  yParity?: string;
}

/** One L1 message a block pops, in queue order. */
export interface PoppedL1Message {
  /** Its L1MessageQueue entry hash (read from the queue or recomputed from QueueTransaction). */
  entryHash: string;
  /** Skipped: popped without being executed (its relay transaction is not in the block). */
  skipped: boolean;
}

/**
 * The signed EIP-2718 serialisation of a transaction returned by JSON-RPC. Throws when the fields
 * do not re-hash to the transaction's hash (e.g. an impersonated transaction with a fake signature),
 * since the rollup would then commit to bytes no node ever saw.
 */
export function rawSignedTransaction(rpcTx: RpcTransaction): string {
  // Legacy, EIP-2930 and EIP-1559 transactions are written out by hand (RLP over hex); the hash
  // check below holds either way, and anything else, or a mismatch, goes through ethers.
  const quick = serializeByHand(rpcTx);
  if (quick !== undefined && keccak256(quick) === rpcTx.hash.toLowerCase())
    return quick;
  const type = rpcTx.type === undefined ? 0 : toNumber(rpcTx.type);
  const recoveryV = toBigInt(rpcTx.v);
  const signature: SignatureLike =
    type === 0
      ? { r: rpcTx.r, s: rpcTx.s, v: recoveryV }
      : {
          r: rpcTx.r,
          s: rpcTx.s,
          yParity: toNumber(
            rpcTx.yParity ?? (recoveryV >= 27n ? recoveryV - 27n : recoveryV),
          ) as 0 | 1,
        };
  const tx = Transaction.from({
    type,
    chainId: rpcTx.chainId === undefined ? undefined : toBigInt(rpcTx.chainId),
    nonce: toNumber(rpcTx.nonce),
    to: rpcTx.to,
    value: toBigInt(rpcTx.value),
    data: rpcTx.input,
    gasLimit: toBigInt(rpcTx.gas),
    gasPrice:
      type === 0 || type === 1 ? toBigInt(rpcTx.gasPrice ?? 0) : undefined,
    maxFeePerGas:
      type >= 2 && rpcTx.maxFeePerGas !== undefined
        ? toBigInt(rpcTx.maxFeePerGas)
        : undefined,
    maxPriorityFeePerGas:
      type >= 2 && rpcTx.maxPriorityFeePerGas !== undefined
        ? toBigInt(rpcTx.maxPriorityFeePerGas)
        : undefined,
    maxFeePerBlobGas:
      rpcTx.maxFeePerBlobGas === undefined
        ? undefined
        : toBigInt(rpcTx.maxFeePerBlobGas),
    blobVersionedHashes: rpcTx.blobVersionedHashes,
    accessList: type === 0 ? undefined : (rpcTx.accessList ?? []),
    signature,
  });
  if (tx.hash !== rpcTx.hash.toLowerCase()) {
    throw new Error(
      `transaction ${rpcTx.hash} does not re-serialise to its hash (got ${tx.hash}): is it signed?`,
    );
  }
  return tx.serialized;
}

// ---- RLP over hex digits (no 0x) ----

function rlpLength(length: number, short: number): string {
  if (length <= 55) return (short + length).toString(16).padStart(2, "0");
  let digits = length.toString(16);
  if (digits.length % 2 === 1) digits = `0${digits}`;
  return (short + 55 + digits.length / 2).toString(16) + digits;
}

function rlpBytes(digits: string): string {
  if (digits.length === 2 && parseInt(digits, 16) < 0x80) return digits;
  return rlpLength(digits.length / 2, 0x80) + digits;
}

/** An unsigned quantity: big-endian without leading zeros, zero as the empty string. */
function rlpQuantity(hex: string | undefined): string | undefined {
  if (hex === undefined || !/^0x[0-9a-fA-F]*$/.test(hex)) return undefined;
  let digits = hex.slice(2).toLowerCase().replace(/^0+/, "");
  if (digits.length % 2 === 1) digits = `0${digits}`;
  return rlpBytes(digits);
}

function rlpList(items: string[]): string {
  const payload = items.join("");
  return rlpLength(payload.length / 2, 0xc0) + payload;
}

function rlpData(hex: string | null | undefined): string | undefined {
  if (hex === undefined || hex === null || !/^0x([0-9a-fA-F]{2})*$/.test(hex))
    return undefined;
  return rlpBytes(hex.slice(2).toLowerCase());
}

/** The signed serialisation of a type 0, 1 or 2 transaction, or undefined for anything else. */
function serializeByHand(tx: RpcTransaction): string | undefined {
  const type = tx.type === undefined ? 0 : Number(tx.type);
  const fields = (values: Array<string | undefined>): string[] | undefined =>
    values.every((value) => value !== undefined)
      ? (values as string[])
      : undefined;
  const to = tx.to === null ? "80" : rlpData(tx.to);
  const accessList = (): string | undefined => {
    const entries: string[] = [];
    for (const entry of tx.accessList ?? []) {
      const keys = entry.storageKeys.map(rlpData);
      const address = rlpData(entry.address);
      if (address === undefined || keys.some((key) => key === undefined))
        return undefined;
      entries.push(rlpList([address, rlpList(keys as string[])]));
    }
    return rlpList(entries);
  };
  if (type === 0) {
    const items = fields([
      rlpQuantity(tx.nonce),
      rlpQuantity(tx.gasPrice),
      rlpQuantity(tx.gas),
      to,
      rlpQuantity(tx.value),
      rlpData(tx.input),
      rlpQuantity(tx.v),
      rlpQuantity(tx.r),
      rlpQuantity(tx.s),
    ]);
    return items === undefined ? undefined : `0x${rlpList(items)}`;
  }
  if (type !== 1 && type !== 2) return undefined;
  const parity = rlpQuantity(tx.yParity ?? tx.v);
  const fees =
    type === 1
      ? [rlpQuantity(tx.gasPrice)]
      : [rlpQuantity(tx.maxPriorityFeePerGas), rlpQuantity(tx.maxFeePerGas)];
  const items = fields([
    rlpQuantity(tx.chainId),
    rlpQuantity(tx.nonce),
    ...fees,
    rlpQuantity(tx.gas),
    to,
    rlpQuantity(tx.value),
    rlpData(tx.input),
    accessList(),
    parity,
    rlpQuantity(tx.r),
    rlpQuantity(tx.s),
  ]);
  return items === undefined ? undefined : `0x0${type}${rlpList(items)}`;
}

/** Whether an L2 transaction is an L1 message: sent by the aliased L1ScrollMessenger. */
export function isL1MessageTransaction(
  tx: RpcTransaction,
  l1MessengerAlias: string,
): boolean {
  return getAddress(tx.from) === getAddress(l1MessengerAlias);
}

/**
 * A chunk block from an RPC block. `l1Messages` lists every L1 message the block pops, skipped ones
 * included; the block's other transactions (those `isL1Message` rejects) are its L2 transactions.
 */
export function chunkBlockFromRpc(
  block: RpcBlock<RpcTransaction>,
  l1Messages: readonly PoppedL1Message[],
  isL1Message: (tx: RpcTransaction) => boolean,
): ChunkBlock {
  const l2Transactions = block.transactions
    .filter((tx) => !isL1Message(tx))
    .map(rawSignedTransaction);
  return {
    context: {
      blockNumber: toBigInt(block.number),
      timestamp: toBigInt(block.timestamp),
      baseFee:
        block.baseFeePerGas === undefined || block.baseFeePerGas === null
          ? 0n
          : toBigInt(block.baseFeePerGas),
      gasLimit: toBigInt(block.gasLimit),
      numTransactions: l1Messages.length + l2Transactions.length,
      numL1Messages: l1Messages.length,
    },
    l1MessageHashes: l1Messages
      .filter((popped) => !popped.skipped)
      .map((popped) => popped.entryHash),
    l2Transactions,
  };
}

/** A version-0 batch ready for `commitBatch`, with everything finalization needs. */
export interface BatchV0 {
  header: BatchHeaderV0;
  /** The encoded header (what later calls pass as `batchHeader` / `parentBatchHeader`). */
  encodedHeader: string;
  batchHash: string;
  /** `commitBatch`'s `chunks` argument. */
  chunks: string[];
  /** `commitBatch`'s `skippedL1MessageBitmap` argument. */
  skippedL1MessageBitmap: string;
}

/**
 * Assembles the batch after `parent` from chunks. `skipped` lists a flag for every L1 message the
 * chunks pop, in order: it must agree with the chunks' `numL1Messages` and `l1MessageHashes`.
 */
export function buildBatchV0(
  parent: BatchHeaderV0,
  chunks: readonly Chunk[],
  skipped: readonly boolean[],
): BatchV0 {
  const popped = chunks.reduce(
    (sum, chunk) =>
      sum +
      chunk.blocks.reduce(
        (inChunk, block) => inChunk + block.context.numL1Messages,
        0,
      ),
    0,
  );
  if (popped !== skipped.length) {
    throw new Error(
      `the chunks pop ${popped} L1 messages but ${skipped.length} skip flags were given`,
    );
  }
  const skippedL1MessageBitmap = encodeSkippedBitmap(skipped);
  const header: BatchHeaderV0 = {
    version: 0,
    batchIndex: parent.batchIndex + 1n,
    l1MessagePopped: BigInt(popped),
    totalL1MessagePopped: parent.totalL1MessagePopped + BigInt(popped),
    dataHash: dataHash(chunks.map(chunkHash)),
    parentBatchHash: batchHash(parent),
    skippedL1MessageBitmap,
  };
  return {
    header,
    encodedHeader: encodeBatchHeaderV0(header),
    batchHash: batchHash(header),
    chunks: chunks.map(encodeChunk),
    skippedL1MessageBitmap,
  };
}

/**
 * Splits blocks into chunks of at most 255 blocks and `maxTxsPerChunk` hashed transactions
 * (included L1 messages and L2 transactions), the limits ZKRollup enforces.
 */
export function splitIntoChunks(
  blocks: readonly ChunkBlock[],
  maxTxsPerChunk: number,
): Chunk[] {
  const chunks: Chunk[] = [];
  let current: ChunkBlock[] = [];
  let txs = 0;
  for (const block of blocks) {
    const blockTxs = block.l1MessageHashes.length + block.l2Transactions.length;
    if (blockTxs > maxTxsPerChunk) {
      throw new Error(
        `block ${block.context.blockNumber} alone holds ${blockTxs} transactions (> ${maxTxsPerChunk})`,
      );
    }
    if (current.length === 255 || txs + blockTxs > maxTxsPerChunk) {
      chunks.push({ blocks: current });
      current = [];
      txs = 0;
    }
    current.push(block);
    txs += blockTxs;
  }
  if (current.length > 0) chunks.push({ blocks: current });
  return chunks;
}

/**
 * Reads a version-0 chunk back from `commitBatch` calldata: its block contexts and L2
 * transactions. The L1 message entry hashes are not in the bytes (the rollup reads them from
 * L1MessageQueue), so `l1MessageHashes` comes back empty for the caller to fill.
 */
export function decodeChunk(encoded: string): Chunk {
  const bytes = getBytes(encoded);
  const view = (offset: number, length: number): bigint => {
    if (offset + length > bytes.length)
      throw new Error(`chunk truncated at byte ${offset}`);
    return toBigInt(bytes.slice(offset, offset + length));
  };
  const numBlocks = Number(view(0, 1));
  const contexts: BlockContext[] = [];
  let offset = 1;
  for (let i = 0; i < numBlocks; i++, offset += 60) {
    contexts.push({
      blockNumber: view(offset, 8),
      timestamp: view(offset + 8, 8),
      baseFee: view(offset + 16, 32),
      gasLimit: view(offset + 48, 8),
      numTransactions: Number(view(offset + 56, 2)),
      numL1Messages: Number(view(offset + 58, 2)),
    });
  }
  const blocks: ChunkBlock[] = contexts.map((context) => {
    const l2Transactions: string[] = [];
    for (let t = 0; t < context.numTransactions - context.numL1Messages; t++) {
      const length = Number(view(offset, 4));
      l2Transactions.push(
        hexlify(bytes.slice(offset + 4, offset + 4 + length)),
      );
      offset += 4 + length;
    }
    return { context, l1MessageHashes: [], l2Transactions };
  });
  return { blocks };
}
