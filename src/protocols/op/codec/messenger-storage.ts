/**
 * The messenger's storage keys: its `successfulMessages` and `sentMessages` mappings, and the dependency
 * set the installer writes into a fresh messenger (Solidity's mapping layout).
 */

import {
  type BytesLike,
  concat,
  keccak256,
  toBeHex,
  zeroPadValue,
} from "ethers";

import { MESSENGER_STORAGE_SLOTS } from "./predeploys.js";

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
