/**
 * How an executing message names its initiating message: the Identifier of the initiating log, the
 * checksum the CrossL2Inbox checks, and the access-list keys the inbox and the supervisor agree on;
 * the TypeScript mirror of the inbox's checks, field for field.
 */

import {
  type AccessList,
  type BytesLike,
  getAddress,
  hexlify,
  isHexString,
  keccak256,
  toBeHex,
} from "ethers";

import { addressHex, bareHex, uintHex, uintWord } from "../../../abi-words.js";

import { CROSS_L2_INBOX_ADDRESS } from "./predeploys.js";

// The checksum's top byte is replaced by its key type; types 1 and 2 carry the identifier in clear.
const CHECKSUM_MSB_MASK = ~(0xffn << 248n) & ((1n << 256n) - 1n);

const CHECKSUM_TYPE_3_MASK = 0x03n << 248n;

const UINT32_MAX = (1n << 32n) - 1n;

const UINT64_MAX = (1n << 64n) - 1n;

const UINT256_MAX = (1n << 256n) - 1n;

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

/** A log with its position, enough to build an Identifier together with the block timestamp. */
export interface PositionedLog {
  address: string;
  blockNumber: number | bigint;
  /** Block-level log index (ethers `Log.index`, JSON-RPC `logIndex`). */
  index: number | bigint;
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
