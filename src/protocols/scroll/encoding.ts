/**
 * Scroll's hashes and wire formats, mirrored byte for byte from the Solidity
 * libraries in contracts/scroll/libraries/ (PROTOCOLS.md §1.2, §1.6, §1.9).
 * The relayer, the batcher and the mock prover all compute what the contracts
 * will check, so any drift between the two shows up as a failed test here
 * rather than as a message that can never be claimed.
 */
import {
  type BytesLike,
  concat,
  dataLength,
  dataSlice,
  encodeRlp,
  getAddress,
  getBytes,
  hexlify,
  Interface,
  keccak256,
  recoverAddress,
  Signature,
  SigningKey,
  solidityPacked,
  toBeArray,
  toBeHex,
  toBigInt,
  toNumber,
  toUtf8Bytes,
  zeroPadValue,
  ZeroHash,
} from "ethers";

import {
  addressWord,
  bytesTail,
  isAddressWord,
  readStaticsAndBytes,
  uintWord,
} from "../../abi-words.js";

/** `alias(a) = a + ALIAS_OFFSET mod 2^160` (real `AddressAliasHelper`). */
export const L1_TO_L2_ALIAS_OFFSET =
  0x1111000000000000000000000000000000001111n;
const ADDRESS_MODULUS = 1n << 160n;

/** The value of `xDomainMessageSender()` while no message is being executed. */
export const DEFAULT_XDOMAIN_MESSAGE_SENDER =
  "0x0000000000000000000000000000000000000001";
/** The value of `xDomainMessageSender()` while `onDropMessage` runs: `keccak256("drop")[0:20]`. */
export const DROP_XDOMAIN_MESSAGE_SENDER =
  "0x6f297C61B5C92eF107fFD30CD56AFFE5A273e841";

/** The real L2 predeploys; every other Scroll system contract sits at a project address. */
export const L2_MESSAGE_QUEUE_ADDRESS =
  "0x5300000000000000000000000000000000000000";
export const L2_WHITELIST_ADDRESS =
  "0x5300000000000000000000000000000000000003";

/** `relayMessage(address,address,uint256,uint256,bytes)`: every message hash is the hash of a call to it. */
export const RELAY_MESSAGE_SELECTOR = "0x8ef1332e";
/** The seed's `sendMessage(address,bytes,uint256)`. */
export const SEED_SEND_MESSAGE_SELECTOR = "0x3eae0ae0";
/** `InvalidProof()` of the mock rollup verifier. */
export const INVALID_PROOF_SELECTOR = "0x09bde339";

/** l2geth's `L1MessageTxType`. */
export const L1_MESSAGE_TX_TYPE = 0x7e;
/** Intrinsic gas the L1 message queue demands: `21000 + 16·len(data)`. */
export const INTRINSIC_GAS_TX = 21000n;
export const INTRINSIC_GAS_PER_BYTE = 16n;

/** Sizes of the version-0 batch header and chunk block context. */
export const BATCH_HEADER_V0_FIXED_LENGTH = 89;
export const BLOCK_CONTEXT_LENGTH = 60;
/** The part of a block context that enters the chunk hash (numL1Messages is left out). */
export const BLOCK_CONTEXT_HASHED_LENGTH = 58;

/** secp256k1 group order, for the low-s rule of the mock verifier. */
export const SECP256K1_N =
  0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** topic0 of every event the Scroll actors watch (PROTOCOLS.md §1.9). */
export const SCROLL_TOPICS = {
  SentMessage:
    "0x104371f3b442861a2a7b82a070afbbaab748bb13757bf47769e170e37809ec1e",
  RelayedMessage:
    "0x4641df4a962071e12719d8c8c8e5ac7fc4d97b927346a3d7a335b1f7517e133c",
  FailedRelayedMessage:
    "0x99d0e048484baa1b1540b1367cb128acd7ab2946d1ed91ec10e3c85e4bf51b8f",
  QueueTransaction:
    "0x69cfcb8e6d4192b8aba9902243912587f37e550d75c1fa801491fce26717f37e",
  AppendMessage:
    "0xfaa617c2d8ce12c62637dbce76efcc18dae60574aa95709bdcedce7e76071693",
  CommitBatch:
    "0x2c32d4ae151744d0bf0b9464a3e897a1d17ed2f1af71f7c9a75f12ce0d28238f",
  FinalizeBatch:
    "0x26ba82f907317eedc97d0cbef23de76a43dd6edb563bdb6e9407645b950a7a2d",
} as const;

export type ScrollEventName = keyof typeof SCROLL_TOPICS;

/** The event signatures behind {@link SCROLL_TOPICS}, for decoding. */
export const SCROLL_EVENT_SIGNATURES: Readonly<
  Record<ScrollEventName, string>
> = {
  SentMessage:
    "event SentMessage(address indexed sender, address indexed target, uint256 value, uint256 messageNonce, uint256 gasLimit, bytes message)",
  RelayedMessage: "event RelayedMessage(bytes32 indexed messageHash)",
  FailedRelayedMessage:
    "event FailedRelayedMessage(bytes32 indexed messageHash)",
  QueueTransaction:
    "event QueueTransaction(address indexed sender, address indexed target, uint256 value, uint64 queueIndex, uint256 gasLimit, bytes data)",
  AppendMessage: "event AppendMessage(uint256 index, bytes32 messageHash)",
  CommitBatch:
    "event CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash)",
  FinalizeBatch:
    "event FinalizeBatch(uint256 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot)",
};

/** An ethers Interface holding every watched Scroll event. */
export const SCROLL_EVENTS_INTERFACE = new Interface(
  Object.values(SCROLL_EVENT_SIGNATURES),
);

const RELAY_MESSAGE_INTERFACE = new Interface([
  "function relayMessage(address from, address to, uint256 value, uint256 nonce, bytes message)",
]);

// ---------------------------------------------------------------------------------------------
// Address aliasing
// ---------------------------------------------------------------------------------------------

/** The address an L1 contract appears as on L2: `(a + 0x1111…1111) mod 2^160`. */
export function applyL1ToL2Alias(l1Address: string): string {
  const value =
    (toBigInt(getAddress(l1Address)) + L1_TO_L2_ALIAS_OFFSET) % ADDRESS_MODULUS;
  return getAddress(toBeHex(value, 20));
}

/** Inverse of {@link applyL1ToL2Alias}. */
export function undoL1ToL2Alias(l2Address: string): string {
  const value =
    (toBigInt(getAddress(l2Address)) -
      L1_TO_L2_ALIAS_OFFSET +
      ADDRESS_MODULUS) %
    ADDRESS_MODULUS;
  return getAddress(toBeHex(value, 20));
}

// ---------------------------------------------------------------------------------------------
// Cross-domain messages
// ---------------------------------------------------------------------------------------------

/** The five fields that identify a Scroll message in either direction. */
export interface XDomainMessage {
  from: string;
  to: string;
  value: bigint;
  /** L1→L2: queue index of the original message; L2→L1: withdraw-trie leaf index. */
  nonce: bigint;
  message: BytesLike;
}

/** `abi.encodeWithSignature("relayMessage(address,address,uint256,uint256,bytes)", …)`. */
export function encodeXDomainCalldata(m: XDomainMessage): string {
  return (
    RELAY_MESSAGE_SELECTOR +
    addressWord(m.from) +
    addressWord(m.to) +
    uintWord(m.value) +
    uintWord(m.nonce) +
    uintWord(5n * 32n) +
    bytesTail(m.message)
  );
}

/** Decodes a relayMessage calldata back into its message (the inverse of {@link encodeXDomainCalldata}). */
export function decodeXDomainCalldata(calldata: BytesLike): XDomainMessage {
  const canonical = readCanonicalXDomain(hexlify(calldata));
  if (canonical !== undefined) return canonical;
  const decoded = RELAY_MESSAGE_INTERFACE.decodeFunctionData(
    "relayMessage",
    calldata,
  );
  return {
    from: getAddress(decoded[0] as string),
    to: getAddress(decoded[1] as string),
    value: decoded[2] as bigint,
    nonce: decoded[3] as bigint,
    message: hexlify(decoded[4] as string),
  };
}

/**
 * A relayMessage calldata read from a log, with its message hash: the calldata's own keccak when it
 * is in the canonical layout (the only one a messenger writes, so re-encoding would give it back).
 */
export function readXDomainCalldata(calldata: string): {
  message: XDomainMessage;
  hash: string;
} {
  const canonical = readCanonicalXDomain(hexlify(calldata));
  if (canonical !== undefined)
    return { message: canonical, hash: keccak256(calldata) };
  const message = decodeXDomainCalldata(calldata);
  return { message, hash: messageHash(message) };
}

/** A relayMessage calldata (lower-case hex) in the layout the messengers write, or undefined. */
function readCanonicalXDomain(hex: string): XDomainMessage | undefined {
  if (hex.slice(0, 10) !== RELAY_MESSAGE_SELECTOR) return undefined;
  // from, to, value, nonce, offset 0xa0, message.
  const read = readStaticsAndBytes(hex.slice(10), 5);
  if (
    read === undefined ||
    !isAddressWord(read.words[0]) ||
    !isAddressWord(read.words[1])
  )
    return undefined;
  const [from, to, value, nonce] = read.words;
  return {
    from: getAddress(`0x${from.slice(24)}`),
    to: getAddress(`0x${to.slice(24)}`),
    value: BigInt(`0x${value}`),
    nonce: BigInt(`0x${nonce}`),
    message: read.bytes,
  };
}

/** The fields of a `QueueTransaction` log. */
export interface QueueTransactionFields {
  sender: string;
  target: string;
  value: bigint;
  queueIndex: bigint;
  gasLimit: bigint;
  data: string;
}

/** Reads a `QueueTransaction` log: by hand in the canonical layout, through the ABI otherwise. */
export function readQueueTransaction(log: {
  topics: readonly string[];
  data: string;
}): QueueTransactionFields {
  const read =
    log.topics.length === 3
      ? readStaticsAndBytes(log.data.slice(2).toLowerCase(), 4)
      : undefined;
  if (
    read !== undefined &&
    isAddressWord(log.topics[1].slice(2)) &&
    isAddressWord(log.topics[2].slice(2)) &&
    read.words[1].startsWith("0".repeat(48))
  ) {
    return {
      sender: getAddress(`0x${log.topics[1].slice(26)}`),
      target: getAddress(`0x${log.topics[2].slice(26)}`),
      value: BigInt(`0x${read.words[0]}`),
      queueIndex: BigInt(`0x${read.words[1]}`),
      gasLimit: BigInt(`0x${read.words[2]}`),
      data: read.bytes,
    };
  }
  const parsed = SCROLL_EVENTS_INTERFACE.parseLog({
    topics: [...log.topics],
    data: log.data,
  });
  if (parsed === null || parsed.name !== "QueueTransaction")
    throw new Error(`not a QueueTransaction log: ${log.topics[0]}`);
  return {
    sender: getAddress(parsed.args.sender as string),
    target: getAddress(parsed.args.target as string),
    value: parsed.args.value as bigint,
    queueIndex: parsed.args.queueIndex as bigint,
    gasLimit: parsed.args.gasLimit as bigint,
    data: hexlify(parsed.args.data as string),
  };
}

/** A messenger's `SentMessage` log as the message it carries. */
export function readSentMessage(log: {
  topics: readonly string[];
  data: string;
}): XDomainMessage {
  const read =
    log.topics.length === 3
      ? readStaticsAndBytes(log.data.slice(2).toLowerCase(), 4)
      : undefined;
  if (
    read !== undefined &&
    isAddressWord(log.topics[1].slice(2)) &&
    isAddressWord(log.topics[2].slice(2))
  ) {
    return {
      from: getAddress(`0x${log.topics[1].slice(26)}`),
      to: getAddress(`0x${log.topics[2].slice(26)}`),
      value: BigInt(`0x${read.words[0]}`),
      nonce: BigInt(`0x${read.words[1]}`),
      message: read.bytes,
    };
  }
  const parsed = SCROLL_EVENTS_INTERFACE.parseLog({
    topics: [...log.topics],
    data: log.data,
  });
  if (parsed === null || parsed.name !== "SentMessage")
    throw new Error(`not a SentMessage log: ${log.topics[0]}`);
  return {
    from: getAddress(parsed.args.sender as string),
    to: getAddress(parsed.args.target as string),
    value: parsed.args.value as bigint,
    nonce: parsed.args.messageNonce as bigint,
    message: hexlify(parsed.args.message as string),
  };
}

/** The message hash both messengers key their bookkeeping by: `keccak256(xDomainCalldata)`. */
export function messageHash(m: XDomainMessage): string {
  return keccak256(encodeXDomainCalldata(m));
}

/** Minimum L1→L2 gas limit the queue accepts for a calldata: `21000 + 16·len(data)`. */
export function intrinsicGas(data: BytesLike): bigint {
  return INTRINSIC_GAS_TX + INTRINSIC_GAS_PER_BYTE * BigInt(dataLength(data));
}

/** Minimum gas limit for an L1→L2 message carrying `m` (the floor applies to its xDomainCalldata). */
export function minGasLimit(m: XDomainMessage): bigint {
  return intrinsicGas(encodeXDomainCalldata(m));
}

// ---------------------------------------------------------------------------------------------
// L1 message queue entries (l2geth L1MessageTx)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Batches (version 0)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Chunks (version 0)
// ---------------------------------------------------------------------------------------------

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
  return keccak256(concat(chunkHashes.map((h) => zeroPadValue(h, 32))));
}

// ---------------------------------------------------------------------------------------------
// Finalization and the mock prover
// ---------------------------------------------------------------------------------------------

export interface PublicInput {
  layer2ChainId: bigint;
  prevStateRoot: string;
  postStateRoot: string;
  withdrawRoot: string;
  dataHash: string;
}

/** `keccak(pack(uint64 layer2ChainId, prevStateRoot, postStateRoot, withdrawRoot, dataHash))`. */
export function publicInputHash(input: PublicInput): string {
  return keccak256(
    solidityPacked(
      ["uint64", "bytes32", "bytes32", "bytes32", "bytes32"],
      [
        input.layer2ChainId,
        input.prevStateRoot,
        input.postStateRoot,
        input.withdrawRoot,
        input.dataHash,
      ],
    ),
  );
}

/**
 * The mock prover's "proof": a deterministic (RFC 6979) signature of the raw public input hash,
 * 65 bytes `r ‖ s ‖ v` with `v ∈ {27, 28}` and low `s`, which MockRollupVerifier accepts iff the
 * signer is its prover.
 */
export function signAggregateProof(
  proverPrivateKey: string,
  publicInput: string,
): string {
  const signature = new SigningKey(proverPrivateKey).sign(
    zeroPadValue(publicInput, 32),
  );
  return concat([signature.r, signature.s, new Uint8Array([signature.v])]);
}

/** The address that signed a 65-byte mock proof (throws if the bytes are not a signature). */
export function recoverProofSigner(
  publicInput: string,
  aggrProof: BytesLike,
): string {
  const bytes = getBytes(aggrProof);
  if (bytes.length !== 65)
    throw new Error(`a mock proof is 65 bytes, got ${bytes.length}`);
  const signature = Signature.from({
    r: hexlify(bytes.slice(0, 32)),
    s: hexlify(bytes.slice(32, 64)),
    v: bytes[64],
  });
  return recoverAddress(zeroPadValue(publicInput, 32), signature);
}

/** The actor key convention of PROTOCOLS.md §0: `keccak256("hardhat-xdm:<actor>")`. */
export function actorPrivateKey(actor: string): string {
  return keccak256(toUtf8Bytes(`hardhat-xdm:${actor}`));
}
