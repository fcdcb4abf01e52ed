/**
 * StarknetCore's constants and named storage slots, as contracts/starknet/libraries/StarknetConstants.sol
 * and StarknetCoreStorage.sol define them.
 */

import { AbiCoder, getAddress, keccak256, toUtf8Bytes } from "ethers";

import { type Bytes32, TWO_256, toBytes32 } from "./felt.js";

/** The real cancellation delay of L1→L2 messages (5 days), the install default. */
export const DEFAULT_MESSAGE_CANCELLATION_DELAY = 432000n;

/** The largest fee an L1→L2 message may carry (1 ether). */
export const MAX_L1_MSG_FEE: bigint = 10n ** 18n;

/** `keccak(tag)`: the slot of a named storage variable. */
export function namedSlot(tag: string): Bytes32 {
  return keccak256(toUtf8Bytes(tag));
}

/** Slot of `mapping[key]` for a mapping at `slot`: `keccak(abi.encode(key, slot))`. */
export function mappingSlot(key: Bytes32, slot: Bytes32): Bytes32 {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32"], [key, slot]),
  );
}

/** Slot of `mapping[account]` for an address-keyed mapping at `slot`. */
export function addressMappingSlot(account: string, slot: Bytes32): Bytes32 {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "bytes32"],
      [getAddress(account), slot],
    ),
  );
}

/** `slot + offset`, for the fields of a struct at a named slot. */
export function slotAt(slot: Bytes32, offset: number): Bytes32 {
  return toBytes32((BigInt(slot) + BigInt(offset)) % TWO_256);
}

/** StarknetCore's named storage tags (real ones, then the project's). */
export const STARKNET_SLOT_TAGS = {
  l1ToL2Messages: "STARKNET_1.0_MSGING_L1TOL2_MAPPPING_V2",
  l2ToL1Messages: "STARKNET_1.0_MSGING_L2TOL1_MAPPPING",
  l1ToL2Nonce: "STARKNET_1.0_MSGING_L1TOL2_NONCE",
  l1ToL2Cancellations: "STARKNET_1.0_MSGING_L1TOL2_CANCELLATION_MAPPPING",
  cancellationDelay: "STARKNET_1.0_MSGING_L1TOL2_CANCELLATION_DELAY",
  state: "STARKNET_1.0_INIT_STARKNET_STATE_STRUCT",
  programHash: "STARKNET_1.0_INIT_PROGRAM_HASH_UINT",
  aggregatorProgramHash: "STARKNET_1.0_INIT_AGGREGATOR_PROGRAM_HASH_UINT",
  verifier: "STARKNET_1.0_INIT_VERIFIER_ADDRESS",
  configHash: "STARKNET_1.0_STARKNET_CONFIG_HASH",
  operators: "STARKNET_1.0_ROLES_OPERATORS_MAPPING_TAG",
  governor: "HARDHAT_XDM_STARKNET_GOVERNOR",
  feeCollector: "HARDHAT_XDM_STARKNET_FEE_COLLECTOR",
  initialized: "HARDHAT_XDM_STARKNET_INITIALIZED",
} as const;

export type StarknetSlotName = keyof typeof STARKNET_SLOT_TAGS;

/** StarknetCore's named storage slots; the state struct holds root at `state`, number at +1, hash at +2. */
export const STARKNET_SLOTS: Readonly<Record<StarknetSlotName, Bytes32>> =
  Object.freeze(
    Object.fromEntries(
      Object.entries(STARKNET_SLOT_TAGS).map(([name, tag]) => [
        name,
        namedSlot(tag),
      ]),
    ) as Record<StarknetSlotName, Bytes32>,
  );

/** The three slots of the state struct. */
export const STATE_SLOTS: Readonly<{
  globalRoot: Bytes32;
  blockNumber: Bytes32;
  blockHash: Bytes32;
}> = Object.freeze({
  globalRoot: STARKNET_SLOTS.state,
  blockNumber: slotAt(STARKNET_SLOTS.state, 1),
  blockHash: slotAt(STARKNET_SLOTS.state, 2),
});
