/**
 * The StarkNet OS program output a state update states, and the facts it is proven for, mirrored from
 * contracts/starknet/libraries/StarknetOutput.sol.
 */

import { AbiCoder, id, keccak256 } from "ethers";

import {
  type Bytes32,
  type WordLike,
  keccakWords,
  mask250,
  TWO_256,
  toBytes32,
  toWord,
} from "./felt.js";

/** Word offsets of the program output header. */
export const OUTPUT_OFFSETS = {
  prevStateRoot: 0,
  newStateRoot: 1,
  prevBlockNumber: 2,
  newBlockNumber: 3,
  prevBlockHash: 4,
  newBlockHash: 5,
  osProgramHash: 6,
  configHash: 7,
  useKzgDa: 8,
  fullOutput: 9,
} as const;

/** Number of header words before the message segments. */
export const OUTPUT_HEADER_SIZE = 10;

/** One L2→L1 message of a program output. */
export interface OutputMessageToL1 {
  from: WordLike;
  to: WordLike;
  payload: readonly WordLike[];
}

/** One L1→L2 message of a program output (a message the L2 handled). */
export interface OutputMessageToL2 {
  from: WordLike;
  to: WordLike;
  nonce: WordLike;
  selector: WordLike;
  payload: readonly WordLike[];
}

/** What a state update's program output states. */
export interface ProgramOutputInput {
  prevRoot: WordLike;
  newRoot: WordLike;
  /** The stored block number; −1 (or `P − 1`) before the first update. */
  prevBlockNumber: WordLike;
  newBlockNumber: WordLike;
  prevBlockHash: WordLike;
  newBlockHash: WordLike;
  /** Word 6: 0 normally; the OS program hash in aggregator mode. */
  programHash?: WordLike;
  configHash: WordLike;
  l2ToL1: readonly OutputMessageToL1[];
  l1ToL2: readonly OutputMessageToL2[];
}

/**
 * The StarkNet OS output of a state update: the 10-word header (KZG DA and full output off), the L2→L1
 * segment `[size, (from, to, payload_size, payload…)…]` and the L1→L2 segment
 * `[size, (from, to, nonce, selector, payload_size, payload…)…]`.
 */
export function buildProgramOutput(input: ProgramOutputInput): bigint[] {
  const header: bigint[] = [
    toWord(input.prevRoot),
    toWord(input.newRoot),
    toWord(input.prevBlockNumber),
    toWord(input.newBlockNumber),
    toWord(input.prevBlockHash),
    toWord(input.newBlockHash),
    toWord(input.programHash ?? 0n),
    toWord(input.configHash),
    0n,
    0n,
  ];
  const toL1: bigint[] = input.l2ToL1.flatMap((message) => [
    toWord(message.from),
    toWord(message.to),
    BigInt(message.payload.length),
    ...message.payload.map(toWord),
  ]);
  const toL2: bigint[] = input.l1ToL2.flatMap((message) => [
    toWord(message.from),
    toWord(message.to),
    toWord(message.nonce),
    toWord(message.selector),
    BigInt(message.payload.length),
    ...message.payload.map(toWord),
  ]);
  return [
    ...header,
    BigInt(toL1.length),
    ...toL1,
    BigInt(toL2.length),
    ...toL2,
  ];
}

/**
 * The fact a state update is proven for:
 * `keccak(pack(keccak(pack(output)), n, onchainDataHash, n + onchainDataSize)) + 1`, `n` = output length.
 */
export function stateTransitionFact(
  output: readonly WordLike[],
  onchainDataHash: WordLike = 0n,
  onchainDataSize: WordLike = 0n,
): Bytes32 {
  const length = BigInt(output.length);
  const tree = BigInt(
    keccakWords([
      keccakWords(output),
      length,
      onchainDataHash,
      length + toWord(onchainDataSize),
    ]),
  );
  return toBytes32((tree + 1n) % TWO_256);
}

/** The fact the verifier must hold: `keccak(abi.encode(programHash, stateTransitionFact))`. */
export function sharpFact(programHash: WordLike, fact: Bytes32): Bytes32 {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["uint256", "bytes32"],
      [toWord(programHash), fact],
    ),
  );
}

/** The simulation's OS program hash: `mask250(keccak("hardhat-xdm:starknet:program-hash"))`. */
export const PROGRAM_HASH: bigint = mask250(
  id("hardhat-xdm:starknet:program-hash"),
);

/** The simulation's config hash: `mask250(keccak("hardhat-xdm:starknet:config-hash"))`. */
export const CONFIG_HASH: bigint = mask250(
  id("hardhat-xdm:starknet:config-hash"),
);

/** The aggregator program hash installed by the simulation. */
export const AGGREGATOR_PROGRAM_HASH = 0n;
