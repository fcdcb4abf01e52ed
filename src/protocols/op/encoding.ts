/**
 * OP Stack interop encodings: the TypeScript mirror of `contracts/op/libraries/{Hashing,Encoding}.sol` and of
 * the access-list keys the CrossL2Inbox and the supervisor agree on (PROTOCOLS.md §3.1, §3.2, §3.8).
 *
 * Every function here is pure and synchronous; hex strings are 0x-prefixed, lower case except addresses,
 * which are checksummed.
 */
import {
  AbiCoder,
  type AccessList,
  type BytesLike,
  concat,
  dataLength,
  dataSlice,
  getAddress,
  hexlify,
  isHexString,
  keccak256,
  toBeHex,
  zeroPadValue,
} from "ethers";

import {
  addressHex,
  addressWord,
  bareHex,
  bytesTail,
  isAddressWord,
  readStaticsAndBytes,
  uintHex,
  uintWord,
} from "../../abi-words.js";

// ---------------------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------------------

/** CrossL2Inbox predeploy, the same on every OP chain. */
export const CROSS_L2_INBOX_ADDRESS =
  "0x4200000000000000000000000000000000000022";

/** L2ToL2CrossDomainMessenger predeploy, the same on every OP chain. */
export const L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS =
  "0x4200000000000000000000000000000000000023";

/** Seconds after its block timestamp during which an initiating message may be executed (real `EXPIRY_TIME`). */
export const EXPIRY_WINDOW = 604800n;

/** Gas above which the inbox's SLOAD of the checksum counts as cold, i.e. not in the access list. */
export const WARM_READ_THRESHOLD = 1000n;

/** Version carried in the top 16 bits of every messenger nonce. */
export const MESSAGE_VERSION = 0n;

/** `SentMessage(uint256,address,uint256,address,bytes)` */
export const SENT_MESSAGE_TOPIC =
  "0x382409ac69001e11931a28435afef442cbfd20d9891907e8fa373ba7d351f320";

/** `RelayedMessage(uint256,uint256,bytes32,bytes32)` */
export const RELAYED_MESSAGE_TOPIC =
  "0xc270d73e26d2d39dee7ef92093555927e344e243415547ecc350b2b5385b68a2";

/** `ExecutingMessage(bytes32,(address,uint256,uint256,uint256,uint256))` */
export const EXECUTING_MESSAGE_TOPIC =
  "0x5c37832d2e8d10e346e55ad62071a6a2f9fa5130614ef2ec6617555c6f467ba7";

/** Function selectors of the interop entry points. */
export const SELECTORS = {
  sendMessage: "0x7056f41f",
  relayMessage: "0x8d1d298f",
  resendMessage: "0x6b0c3c5e",
  validateMessage: "0xab4d6f75",
} as const;

/** Custom errors of the CrossL2Inbox and the L2ToL2CrossDomainMessenger, by name. */
export const ERROR_SELECTORS = {
  NotEntered: "0xbca35af6",
  ReentrantCall: "0x37ed32e8",
  IdOriginNotL2ToL2CrossDomainMessenger: "0x7987c157",
  EventPayloadNotSentMessage: "0xdf1eb586",
  MessageDestinationSameChain: "0x8ed9a95d",
  MessageDestinationNotRelayChain: "0x31ac2211",
  MessageTargetL2ToL2CrossDomainMessenger: "0x4faa2509",
  MessageTargetCrossL2Inbox: "0xa9040b12",
  InvalidChainId: "0x7a47c9a2",
  MessageAlreadyRelayed: "0x9ca9480b",
  InvalidMessage: "0x6eca2e4b",
  NotInAccessList: "0xe3c00816",
  BlockNumberTooHigh: "0xd1f79e82",
  TimestampTooHigh: "0x596a19a9",
  LogIndexTooHigh: "0x94338eba",
} as const;

/** Name of a custom error of the interop predeploys. */
export type InteropErrorName = keyof typeof ERROR_SELECTORS;

/** Transient storage slots of the messenger (the real contract's values). */
export const TRANSIENT_SLOTS = {
  /** keccak256("l2tol2crossdomainmessenger.sender") - 1 */
  crossDomainMessageSender:
    "0xb83444d07072b122e2e72a669ce32857d892345c19856f4e7142d06a167ab3f3",
  /** keccak256("l2tol2crossdomainmessenger.source") - 1 */
  crossDomainMessageSource:
    "0x711dfa3259c842fffc17d6e1f1e0fc5927756133a2345ca56b4cb8178589fee7",
  /** keccak256("transientreentrancyaware.entered") - 1 */
  entered: "0xf13569814868ede994184d5a425471fb19e869768a33421cb701a2ba3d420c0a",
} as const;

/** Storage slots of the messenger: 0-2 the real contract's, 3-4 the project's dependency set. */
export const MESSENGER_STORAGE_SLOTS = {
  successfulMessages: 0n,
  msgNonce: 1n,
  sentMessages: 2n,
  dependencySet: 3n,
  dependencySetSize: 4n,
} as const;

// The checksum's top byte is replaced by its key type; types 1 and 2 carry the identifier in clear.
const CHECKSUM_MSB_MASK = ~(0xffn << 248n) & ((1n << 256n) - 1n);
const CHECKSUM_TYPE_3_MASK = 0x03n << 248n;

const UINT32_MAX = (1n << 32n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const UINT256_MAX = (1n << 256n) - 1n;

const abi = AbiCoder.defaultAbiCoder();

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

/** Identifier of an initiating log (`struct Identifier` of ICrossL2Inbox). */
export interface Identifier {
  /** Address that emitted the log. */
  origin: string;
  /** Number of the block holding the log. */
  blockNumber: bigint;
  /** Index of the log among all logs of the block. */
  logIndex: bigint;
  /** Timestamp of the block. */
  timestamp: bigint;
  /** Chain id of the chain the log was emitted on. */
  chainId: bigint;
}

/** A log as ethers and JSON-RPC return it: enough to rebuild its payload. */
export interface LogPayloadSource {
  topics: readonly string[];
  data: string;
}

/** A log with its position, enough to build an Identifier together with the block timestamp. */
export interface PositionedLog {
  address: string;
  blockNumber: number | bigint;
  /** Block-level log index (ethers `Log.index`, JSON-RPC `logIndex`). */
  index: number | bigint;
}

/** The fields of a `SentMessage` log. */
export interface SentMessageFields {
  destination: bigint;
  target: string;
  nonce: bigint;
  sender: string;
  message: string;
}

/** The preimage of a message hash. */
export interface MessageHashFields {
  destination: bigint;
  source: bigint;
  nonce: bigint;
  sender: string;
  target: string;
  message: BytesLike;
}

/** One executing message as declared in an access list: the type-1 fields, the type-2 high bits, the checksum. */
export interface AccessListEntry {
  /** Low 64 bits of the source chain id (type-1 key). */
  chainIdLow: bigint;
  /** Block number of the initiating log (type-1 key). */
  blockNumber: bigint;
  /** Timestamp of that block (type-1 key). */
  timestamp: bigint;
  /** Block-level index of the initiating log (type-1 key). */
  logIndex: bigint;
  /** Bits 64-255 of the source chain id (type-2 key), `undefined` when no type-2 key was given. */
  chainIdHigh: bigint | undefined;
  /** Full source chain id, `(chainIdHigh << 64) | chainIdLow`. */
  chainId: bigint;
  /** The type-3 key: the checksum the inbox checks. */
  checksum: string;
}

// ---------------------------------------------------------------------------------------------------------
// Payload and hashes
// ---------------------------------------------------------------------------------------------------------

/** Payload of any log: its topics followed by its data, what the CrossL2Inbox hashes. */
export function payloadFromLog(log: LogPayloadSource): string {
  let hex = "0x";
  for (const topic of log.topics) hex += bareHex(topic, "topic");
  return hex + bareHex(log.data, "data");
}

/**
 * Payload of a `SentMessage` log of the messenger, the `_sentMessage` argument of `relayMessage`.
 * Throws if the log is not a `SentMessage` (wrong topic0 or topic count).
 */
export function sentMessagePayload(log: LogPayloadSource): string {
  if (
    log.topics.length !== 4 ||
    log.topics[0]?.toLowerCase() !== SENT_MESSAGE_TOPIC
  ) {
    throw new Error(
      `not a SentMessage log: topic0 ${log.topics[0] ?? "(none)"}, ${log.topics.length} topics`,
    );
  }
  return payloadFromLog(log);
}

/** `keccak256(payload)`: the `_msgHash` of `validateMessage`, topic1 of `ExecutingMessage`. */
export function msgHash(payload: BytesLike): string {
  return keccak256(payload);
}

/** Message hash of the messenger: `keccak256(abi.encode(destination, source, nonce, sender, target, message))`. */
export function messageHash(fields: MessageHashFields): string {
  // abi.encode(uint256, uint256, uint256, address, address, bytes), written out: five head words,
  // the offset of the bytes (six words), their length and their padded content.
  return keccak256(
    "0x" +
      uintWord(fields.destination) +
      uintWord(fields.source) +
      uintWord(fields.nonce) +
      addressWord(fields.sender) +
      addressWord(fields.target) +
      uintWord(6n * 32n) +
      bytesTail(fields.message),
  );
}

/**
 * Calldata of `relayMessage((address,uint256,uint256,uint256,uint256) id, bytes sentMessage)`
 * (selector 0x8d1d298f): the identifier's five words inline, the offset of the payload (six words),
 * its length and its padded content.
 */
export function encodeRelayMessageCalldata(
  id: Identifier,
  sentMessage: BytesLike,
): string {
  return (
    SELECTORS.relayMessage +
    addressWord(id.origin) +
    uintWord(id.blockNumber) +
    uintWord(id.logIndex) +
    uintWord(id.timestamp) +
    uintWord(id.chainId) +
    uintWord(6n * 32n) +
    bytesTail(sentMessage)
  );
}

/** `(version << 240) | nonce`, as `messageNonce()` returns it. */
export function encodeVersionedNonce(
  nonce: bigint,
  version: bigint = MESSAGE_VERSION,
): bigint {
  if (nonce < 0n || nonce >= 1n << 240n)
    throw new RangeError(`nonce ${nonce} does not fit in 240 bits`);
  if (version < 0n || version >= 1n << 16n)
    throw new RangeError(`version ${version} does not fit in 16 bits`);
  return (version << 240n) | nonce;
}

/** Payload of the `SentMessage` log the messenger emits for these fields (mirror of `Encoding.sol`). */
export function encodeSentMessagePayload(fields: SentMessageFields): string {
  return hexlify(
    concat([
      abi.encode(
        ["bytes32", "uint256", "address", "uint256"],
        [SENT_MESSAGE_TOPIC, fields.destination, fields.target, fields.nonce],
      ),
      abi.encode(["address", "bytes"], [fields.sender, fields.message]),
    ]),
  );
}

/**
 * Splits a `SentMessage` payload into its fields, like the messenger does before relaying. Throws on another
 * event's payload (the messenger's `EventPayloadNotSentMessage()`) and on a short or malformed one.
 */
export function decodeSentMessagePayload(
  payload: BytesLike,
): SentMessageFields {
  const bytes = hexlify(payload);
  if (
    dataLength(bytes) < 32 ||
    dataSlice(bytes, 0, 32) !== SENT_MESSAGE_TOPIC
  ) {
    throw new Error(
      "EventPayloadNotSentMessage: the payload's first word is not the SentMessage topic",
    );
  }
  if (dataLength(bytes) < 128) {
    throw new Error(
      `malformed SentMessage payload: ${dataLength(bytes)} bytes, at least 128 expected`,
    );
  }
  // The canonical layout (what the messenger emits): topics, then sender, offset 0x40, length, content.
  const hex = bytes.slice(2).toLowerCase();
  const data = readStaticsAndBytes(hex.slice(4 * 64), 2);
  const targetWord = hex.slice(2 * 64, 3 * 64);
  if (
    data !== undefined &&
    isAddressWord(targetWord) &&
    isAddressWord(data.words[0])
  ) {
    return {
      destination: BigInt(`0x${hex.slice(64, 128)}`),
      target: getAddress(`0x${targetWord.slice(24)}`),
      nonce: BigInt(`0x${hex.slice(3 * 64, 4 * 64)}`),
      sender: getAddress(`0x${data.words[0].slice(24)}`),
      message: data.bytes,
    };
  }
  // Anything else goes through the ABI decoder, which accepts or names what is wrong.
  const [destination, target, nonce] = abi.decode(
    ["uint256", "address", "uint256"],
    dataSlice(bytes, 32, 128),
  );
  const [sender, message] = abi.decode(
    ["address", "bytes"],
    dataSlice(bytes, 128),
  );
  return {
    destination: BigInt(destination),
    target: getAddress(String(target)),
    nonce: BigInt(nonce),
    sender: getAddress(String(sender)),
    message: hexlify(message as BytesLike),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Identifier, checksum, access list
// ---------------------------------------------------------------------------------------------------------

/** Identifier of a log, given its block's timestamp and its chain id. */
export function identifierFromLog(
  log: PositionedLog,
  timestamp: bigint,
  chainId: bigint,
): Identifier {
  return {
    origin: getAddress(log.address),
    blockNumber: BigInt(log.blockNumber),
    logIndex: BigInt(log.index),
    timestamp,
    chainId,
  };
}

/**
 * The checksum before its key type is written into the top byte:
 * `keccak(keccak(keccak(origin ‖ msgHash) ‖ uint96 0 ‖ uint64 blockNumber ‖ uint64 timestamp
 * ‖ uint32 logIndex) ‖ uint256 chainId)`. Throws a RangeError named like the inbox's error when a field
 * does not fit.
 */
export function bareChecksum(
  id: Identifier,
  messagePayloadHash: BytesLike,
): string {
  assertIdentifierFits(id);
  // keccak(origin ‖ msgHash), then keccak(that ‖ uint96(0) ‖ uint64 block ‖ uint64 timestamp ‖ uint32 logIndex),
  // then keccak(that ‖ uint256 chainId): the inbox's abi.encodePacked chain, written out.
  const logHash = keccak256(
    `0x${addressHex(id.origin)}${bareHex(hexlify(messagePayloadHash), "message payload hash", 64)}`,
  );
  const packedId =
    "0".repeat(24) +
    uintHex(id.blockNumber, 16) +
    uintHex(id.timestamp, 16) +
    uintHex(id.logIndex, 8);
  const idLogHash = keccak256(`${logHash}${packedId}`);
  return keccak256(`${idLogHash}${uintWord(id.chainId)}`);
}

/** The type-3 access-list key, as `CrossL2Inbox.calculateChecksum` returns it. */
export function calculateChecksum(
  id: Identifier,
  messagePayloadHash: BytesLike,
): string {
  const bare = BigInt(bareChecksum(id, messagePayloadHash));
  return toBeHex((bare & CHECKSUM_MSB_MASK) | CHECKSUM_TYPE_3_MASK, 32);
}

/**
 * Storage keys declaring one executing message under the CrossL2Inbox: type 1 (chain id low bits, block
 * number, timestamp, log index), type 2 only for chain ids of 2^64 and above, then type 3 (the checksum).
 */
export function accessListStorageKeys(
  id: Identifier,
  messagePayloadHash: BytesLike,
): string[] {
  const checksum = calculateChecksum(id, messagePayloadHash);
  // uint8(1) ‖ uint24(0) ‖ uint64 chainId low ‖ uint64 block ‖ uint64 timestamp ‖ uint32 logIndex
  const type1 = `0x01000000${uintHex(id.chainId & UINT64_MAX, 16)}${uintHex(id.blockNumber, 16)}${uintHex(id.timestamp, 16)}${uintHex(id.logIndex, 8)}`;
  const keys = [type1];
  if (id.chainId > UINT64_MAX) {
    // uint8(2) ‖ uint56(0) ‖ uint192 chainId high bits
    keys.push(`0x02${"0".repeat(14)}${uintHex(id.chainId >> 64n, 48)}`);
  }
  keys.push(checksum);
  return keys;
}

/** Access list of a transaction executing one message: `[{ address: CrossL2Inbox, storageKeys }]`. */
export function encodeAccessList(
  id: Identifier,
  messagePayloadHash: BytesLike,
): AccessList {
  return [
    {
      address: CROSS_L2_INBOX_ADDRESS,
      storageKeys: accessListStorageKeys(id, messagePayloadHash),
    },
  ];
}

/**
 * The reverse of `accessListStorageKeys` over a whole list of CrossL2Inbox keys, read the way op-supervisor
 * reads an access list: each message is a lookup key (type 1), an optional chain-id extension (type 2), then
 * its checksum (type 3), and the list is nothing but such groups. Throws on anything else, with
 * op-supervisor's reason and the position of the key at fault: such a list cannot name a message.
 */
export function parseAccessListKeys(
  storageKeys: readonly string[],
): AccessListEntry[] {
  const entries: AccessListEntry[] = [];
  let position = 0;
  const describe = (at: number): string => `key ${at}: ${storageKeys[at]}`;
  /** The next key and its type byte; `what` names the key a group still needs when the list ends. */
  const take = (what: string): { key: bigint; type: bigint; at: number } => {
    if (position >= storageKeys.length) {
      throw new Error(
        `expected entry: the access list ends after key ${position - 1}, before the message's ${what}`,
      );
    }
    const at = position++;
    const raw = storageKeys[at];
    if (!isHexString(raw, 32))
      throw new Error(`access-list key ${at} is not a 32-byte hex string`);
    const key = BigInt(raw);
    return { key, type: key >> 248n, at };
  };

  while (position < storageKeys.length) {
    const lookup = take("lookup key");
    if (lookup.type !== 1n) {
      throw new Error(
        `expected lookup, got entry type ${lookup.type}: unexpected entry type (${describe(lookup.at)})`,
      );
    }
    if (((lookup.key >> 224n) & 0xffffffn) !== 0n) {
      throw new Error(
        `expected zero bytes: malformed entry (${describe(lookup.at)})`,
      );
    }
    let chainIdHigh: bigint | undefined;
    let next = take("checksum key");
    if (next.type === 2n) {
      if (((next.key >> 192n) & 0xffffffffffffffn) !== 0n) {
        throw new Error(
          `expected zero bytes: malformed chain-id extension (${describe(next.at)})`,
        );
      }
      chainIdHigh = next.key & ((1n << 192n) - 1n);
      next = take("checksum key");
    }
    if (next.type !== 3n) {
      throw new Error(
        `expected checksum, got entry type ${next.type}: unexpected entry type (${describe(next.at)})`,
      );
    }
    const chainIdLow = (lookup.key >> 160n) & UINT64_MAX;
    entries.push({
      chainIdLow,
      blockNumber: (lookup.key >> 96n) & UINT64_MAX,
      timestamp: (lookup.key >> 32n) & UINT64_MAX,
      logIndex: lookup.key & UINT32_MAX,
      chainIdHigh,
      chainId: ((chainIdHigh ?? 0n) << 64n) | chainIdLow,
      checksum: toBeHex(next.key, 32),
    });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------------------
// Messenger storage
// ---------------------------------------------------------------------------------------------------------

/** Storage key of `mapping[key]` for a mapping at `slot` (Solidity layout: `keccak(key ‖ slot)`). */
function mappingKey(key: BytesLike, slot: bigint): string {
  return keccak256(concat([zeroPadValue(key, 32), toBeHex(slot, 32)]));
}

/** Storage key of `successfulMessages[hash]` in the messenger. */
export function successfulMessagesStorageKey(hash: BytesLike): string {
  return mappingKey(hash, MESSENGER_STORAGE_SLOTS.successfulMessages);
}

/** Storage key of `sentMessages[nonce]` in the messenger. */
export function sentMessagesStorageKey(nonce: bigint): string {
  return mappingKey(toBeHex(nonce, 32), MESSENGER_STORAGE_SLOTS.sentMessages);
}

/** Storage key of the dependency-set membership flag of `chainId` in the messenger. */
export function dependencySetStorageKey(chainId: bigint): string {
  return mappingKey(
    toBeHex(chainId, 32),
    MESSENGER_STORAGE_SLOTS.dependencySet,
  );
}

/** One `hardhat_setStorageAt` write: `[address, slot, value]` are its params with the messenger's address. */
export interface StorageWrite {
  slot: string;
  value: string;
}

/**
 * Writes that install a dependency set in a freshly installed messenger: one flag per chain and the size.
 * `chainIds` are the other chains (the chain itself is always a member and is not counted); duplicates are
 * ignored. Throws above 255 chains, the size being a uint8.
 */
export function dependencySetStorage(
  chainIds: readonly bigint[],
): StorageWrite[] {
  const unique = [...new Set(chainIds)];
  if (unique.length > 255)
    throw new RangeError(
      `dependency set of ${unique.length} chains exceeds 255`,
    );
  const one = toBeHex(1n, 32);
  return [
    ...unique.map((chainId) => ({
      slot: dependencySetStorageKey(chainId),
      value: one,
    })),
    {
      slot: toBeHex(MESSENGER_STORAGE_SLOTS.dependencySetSize, 32),
      value: toBeHex(BigInt(unique.length), 32),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------

function assertIdentifierFits(id: Identifier): void {
  // Same order as the inbox, so the TypeScript and the contract reject the same identifier the same way.
  if (id.blockNumber < 0n || id.blockNumber > UINT64_MAX) {
    throw new RangeError(
      `BlockNumberTooHigh: block number ${id.blockNumber} does not fit in 64 bits`,
    );
  }
  if (id.logIndex < 0n || id.logIndex > UINT32_MAX) {
    throw new RangeError(
      `LogIndexTooHigh: log index ${id.logIndex} does not fit in 32 bits`,
    );
  }
  if (id.timestamp < 0n || id.timestamp > UINT64_MAX) {
    throw new RangeError(
      `TimestampTooHigh: timestamp ${id.timestamp} does not fit in 64 bits`,
    );
  }
  if (id.chainId < 0n || id.chainId > UINT256_MAX) {
    throw new RangeError(`chain id ${id.chainId} does not fit in 256 bits`);
  }
}
