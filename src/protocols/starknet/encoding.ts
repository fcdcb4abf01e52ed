/**
 * StarkNet encodings shared by the plugin's actors and tests: felts, message hashes, the OS program output
 * of a state update and its facts, StarknetCore's named storage slots, selectors, event topics and log
 * decoders. Every hash here mirrors a Solidity library in contracts/starknet/libraries/ word for word
 * (PROTOCOLS.md §2).
 */
import {
  AbiCoder,
  Interface,
  getAddress,
  id,
  keccak256,
  toBeHex,
  toUtf8Bytes,
  type EventFragment,
} from "ethers";

/** A value that names one 256-bit word: a bigint, a safe integer, or a decimal / 0x-hex string. */
export type WordLike = bigint | number | string;

/** A 0x-prefixed 32-byte hex string. */
export type Bytes32 = string;

// ---------------------------------------------------------------------------------------------------------
// Felts
// ---------------------------------------------------------------------------------------------------------

/** StarkNet's field prime `2^251 + 17·2^192 + 1`; a felt is a word strictly below it. */
export const P: bigint = (1n << 251n) + 17n * (1n << 192n) + 1n;

const TWO_256: bigint = 1n << 256n;
const TWO_160: bigint = 1n << 160n;
const MASK_250: bigint = (1n << 250n) - 1n;

/** `x & (2^250 − 1)`: how StarkNet turns a keccak hash into a felt (selectors, the project's install hashes). */
export function mask250(x: WordLike): bigint {
  return toWord(x) & MASK_250;
}

/** Whether `x` is a felt (`0 ≤ x < P`). */
export function isFelt(x: WordLike): boolean {
  return toWord(x) < P;
}

/**
 * Converts a value to an unsigned 256-bit word. Negative values are taken as felts (`P + x`), which is how
 * the OS writes the block number −1 before the first block.
 */
export function toWord(x: WordLike): bigint {
  const value = typeof x === "bigint" ? x : BigInt(x);
  const word = value < 0n ? P + value : value;
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
    "0x" + words.map((w) => toWord(w).toString(16).padStart(64, "0")).join("")
  );
}

// ---------------------------------------------------------------------------------------------------------
// Message hashes (StarknetMessageHash.sol)
// ---------------------------------------------------------------------------------------------------------

/**
 * Hash of an L1→L2 message: `keccak(pack(from, to, nonce, selector, payload.length, payload))` (nonce
 * before selector). `fromAddress` is the L1 sender (an address or its uint256).
 */
export function l1ToL2MsgHash(
  fromAddress: WordLike,
  toAddress: WordLike,
  selector: WordLike,
  payload: readonly WordLike[],
  nonce: WordLike,
): Bytes32 {
  return keccakWords([
    fromAddress,
    toAddress,
    nonce,
    selector,
    payload.length,
    ...payload,
  ]);
}

/**
 * Hash of an L2→L1 message: `keccak(pack(from, to, payload.length, payload))`. `toAddress` is the L1
 * recipient (an address or its uint256).
 */
export function l2ToL1MsgHash(
  fromAddress: WordLike,
  toAddress: WordLike,
  payload: readonly WordLike[],
): Bytes32 {
  return keccakWords([fromAddress, toAddress, payload.length, ...payload]);
}

// ---------------------------------------------------------------------------------------------------------
// Program output and facts (StarknetOutput.sol)
// ---------------------------------------------------------------------------------------------------------

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
  const toL1: bigint[] = input.l2ToL1.flatMap((m) => [
    toWord(m.from),
    toWord(m.to),
    BigInt(m.payload.length),
    ...m.payload.map(toWord),
  ]);
  const toL2: bigint[] = input.l1ToL2.flatMap((m) => [
    toWord(m.from),
    toWord(m.to),
    toWord(m.nonce),
    toWord(m.selector),
    BigInt(m.payload.length),
    ...m.payload.map(toWord),
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
  const n = BigInt(output.length);
  const tree = BigInt(
    keccakWords([
      keccakWords(output),
      n,
      onchainDataHash,
      n + toWord(onchainDataSize),
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

/** The real cancellation delay of L1→L2 messages (5 days), the install default. */
export const DEFAULT_MESSAGE_CANCELLATION_DELAY = 432000n;

/** The largest fee an L1→L2 message may carry (1 ether). */
export const MAX_L1_MSG_FEE: bigint = 10n ** 18n;

// ---------------------------------------------------------------------------------------------------------
// Addresses and storage (StarknetConstants.sol, StarknetCoreStorage.sol)
// ---------------------------------------------------------------------------------------------------------

/** Fixed address of StarknetL2Messaging on the StarkNet L2. */
export const L2_MESSAGING_ADDRESS =
  "0x5354000000000000000000000000000000000001";

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

// ---------------------------------------------------------------------------------------------------------
// Selectors and topics
// ---------------------------------------------------------------------------------------------------------

/** The 4-byte EVM selector of a function signature, as the uint256 an L1 sender passes as `selector`. */
export function evmSelector(signature: string): bigint {
  return BigInt(id(signature).slice(0, 10));
}

/** Cairo's `get_selector_from_name`: `mask250(keccak(name))` (the real L2's entry-point selectors). */
export function starknetSelector(name: string): bigint {
  return mask250(id(name));
}

/** The L1-handler signature every receiver exposes, and the demo bridge's handler selector `0xde3ab781`. */
export const DEPOSIT_HANDLER_SIGNATURE = "deposit(uint256,uint256[])";
export const DEPOSIT_HANDLER_SELECTOR: bigint = evmSelector(
  DEPOSIT_HANDLER_SIGNATURE,
);

/** Function selectors of §2.6. */
export const STARKNET_FUNCTION_SELECTORS = {
  sendMessageToL2: id("sendMessageToL2(uint256,uint256,uint256[])").slice(
    0,
    10,
  ),
  consumeMessageFromL2: id("consumeMessageFromL2(uint256,uint256[])").slice(
    0,
    10,
  ),
  updateState: id("updateState(uint256[],uint256,uint256)").slice(0, 10),
  handleL1Message: id(
    "handleL1Message(uint256,uint256,uint256,uint256[],uint256,uint256)",
  ).slice(0, 10),
} as const;

/** The StarkNet events the simulation watches, with their indexed parameters (the real ABI, §2.1-§2.3). */
export const STARKNET_EVENTS_ABI = [
  "event LogMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload)",
  "event LogMessageToL2(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce, uint256 fee)",
  "event ConsumedMessageToL1(uint256 indexed fromAddress, address indexed toAddress, uint256[] payload)",
  "event ConsumedMessageToL2(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce)",
  "event MessageToL2CancellationStarted(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce)",
  "event MessageToL2Canceled(address indexed fromAddress, uint256 indexed toAddress, uint256 indexed selector, uint256[] payload, uint256 nonce)",
  "event LogStateUpdate(uint256 globalRoot, int256 blockNumber, uint256 blockHash)",
  "event LogStateTransitionFact(bytes32 stateTransitionFact)",
  "event MessageToL1Sent(uint256 indexed fromAddress, address indexed toAddress, bytes32 indexed msgHash, uint256[] payload)",
  "event L1HandlerExecuted(uint256 indexed nonce, bytes32 indexed msgHash, address indexed toAddress, uint256 fromAddress, uint256 selector, uint256[] payload)",
  "event L1HandlerReverted(uint256 indexed nonce, bytes32 indexed msgHash, address indexed toAddress, bytes revertData)",
] as const;

export type StarknetEventName =
  | "LogMessageToL1"
  | "LogMessageToL2"
  | "ConsumedMessageToL1"
  | "ConsumedMessageToL2"
  | "MessageToL2CancellationStarted"
  | "MessageToL2Canceled"
  | "LogStateUpdate"
  | "LogStateTransitionFact"
  | "MessageToL1Sent"
  | "L1HandlerExecuted"
  | "L1HandlerReverted";

const EVENTS_INTERFACE = new Interface(STARKNET_EVENTS_ABI);

function eventFragment(name: StarknetEventName): EventFragment {
  const fragment = EVENTS_INTERFACE.getEvent(name);
  if (fragment === null) throw new Error(`unknown StarkNet event ${name}`);
  return fragment;
}

/** topic0 of every StarkNet event the simulation watches (§2.6). */
export const STARKNET_TOPICS: Readonly<Record<StarknetEventName, Bytes32>> =
  Object.freeze({
    LogMessageToL1: eventFragment("LogMessageToL1").topicHash,
    LogMessageToL2: eventFragment("LogMessageToL2").topicHash,
    ConsumedMessageToL1: eventFragment("ConsumedMessageToL1").topicHash,
    ConsumedMessageToL2: eventFragment("ConsumedMessageToL2").topicHash,
    MessageToL2CancellationStarted: eventFragment(
      "MessageToL2CancellationStarted",
    ).topicHash,
    MessageToL2Canceled: eventFragment("MessageToL2Canceled").topicHash,
    LogStateUpdate: eventFragment("LogStateUpdate").topicHash,
    LogStateTransitionFact: eventFragment("LogStateTransitionFact").topicHash,
    MessageToL1Sent: eventFragment("MessageToL1Sent").topicHash,
    L1HandlerExecuted: eventFragment("L1HandlerExecuted").topicHash,
    L1HandlerReverted: eventFragment("L1HandlerReverted").topicHash,
  });

// ---------------------------------------------------------------------------------------------------------
// Log decoders
// ---------------------------------------------------------------------------------------------------------

/** The part of a log the decoders need (an ethers `Log` or a raw JSON-RPC log both fit). */
export interface LogLike {
  topics: readonly string[];
  data: string;
}

/** A decoded `LogMessageToL2` (StarknetCore, L1). */
export interface LogMessageToL2Event {
  fromAddress: string;
  toAddress: bigint;
  selector: bigint;
  payload: bigint[];
  nonce: bigint;
  fee: bigint;
  /** The message hash, recomputed from the fields. */
  msgHash: Bytes32;
}

/** A decoded `MessageToL1Sent` (StarknetL2Messaging, L2). */
export interface MessageToL1SentEvent {
  fromAddress: bigint;
  toAddress: string;
  msgHash: Bytes32;
  payload: bigint[];
}

/** A decoded `L1HandlerExecuted` (StarknetL2Messaging, L2). */
export interface L1HandlerExecutedEvent {
  nonce: bigint;
  msgHash: Bytes32;
  toAddress: string;
  fromAddress: bigint;
  selector: bigint;
  payload: bigint[];
}

/** A decoded `L1HandlerReverted` (StarknetL2Messaging, L2). */
export interface L1HandlerRevertedEvent {
  nonce: bigint;
  msgHash: Bytes32;
  toAddress: string;
  revertData: string;
}

function decode(name: StarknetEventName, log: LogLike): readonly unknown[] {
  const topic0 = log.topics[0];
  if (topic0 === undefined || topic0.toLowerCase() !== STARKNET_TOPICS[name]) {
    throw new Error(
      `not a ${name} log (topic0 ${topic0 ?? "missing"}, expected ${STARKNET_TOPICS[name]})`,
    );
  }
  return (
    decodeCanonical(eventFragment(name), log) ??
    (EVENTS_INTERFACE.decodeEventLog(eventFragment(name), log.data, [
      ...log.topics,
    ]).toArray(true) as readonly unknown[])
  );
}

/**
 * The relayer reads one or two of these logs per message: events made of uint256 / address / bytes32
 * values and one trailing uint256[] are read by hand when their data is in the layout Solidity
 * writes (the array's offset right after the head, its words right after its length, nothing
 * after); anything else (other types, another layout) returns undefined for the ABI decoder.
 * Values come out as ethers gives them: bigints, checksummed addresses, lower-case bytes32.
 */
function decodeCanonical(
  fragment: EventFragment,
  log: LogLike,
): unknown[] | undefined {
  const inputs = fragment.inputs;
  const data = log.data.slice(2).toLowerCase();
  const plain = inputs.filter((p) => !p.indexed);
  if (
    log.topics.length !== 1 + inputs.length - plain.length ||
    data.length % 64 !== 0
  )
    return undefined;
  const head = plain.length * 64;
  if (data.length < head) return undefined;
  const word = (at: number): string => data.slice(at, at + 64);
  const values: unknown[] = [];
  let topic = 1;
  let dataWord = 0;
  let arrays = 0;
  for (const input of inputs) {
    const raw = input.indexed
      ? log.topics[topic++].slice(2).toLowerCase()
      : word(64 * dataWord++);
    if (raw.length !== 64) return undefined;
    if (input.type === "uint256[]" && !input.indexed) {
      // The only dynamic value: its offset must point right after the head, its words must end the data.
      if (++arrays > 1 || BigInt(`0x${raw}`) !== BigInt(plain.length * 32))
        return undefined;
      const length = BigInt(`0x${word(head)}`);
      if (BigInt(data.length) !== BigInt(head + 64) + length * 64n)
        return undefined;
      const items: bigint[] = [];
      for (let i = 0; i < Number(length); i++)
        items.push(BigInt(`0x${word(head + 64 + 64 * i)}`));
      values.push(items);
    } else if (input.type === "uint256") {
      values.push(BigInt(`0x${raw}`));
    } else if (input.type === "address") {
      if (!raw.startsWith("0".repeat(24))) return undefined;
      values.push(getAddress(`0x${raw.slice(24)}`));
    } else if (input.type === "bytes32") {
      values.push(`0x${raw}`);
    } else {
      return undefined;
    }
  }
  if (arrays === 0 && data.length !== head) return undefined;
  return values;
}

function asBigint(value: unknown): bigint {
  if (typeof value !== "bigint")
    throw new TypeError(`expected a bigint, got ${typeof value}`);
  return value;
}

function asString(value: unknown): string {
  if (typeof value !== "string")
    throw new TypeError(`expected a string, got ${typeof value}`);
  return value;
}

function asBigints(value: unknown): bigint[] {
  if (!Array.isArray(value)) throw new TypeError("expected an array");
  return value.map(asBigint);
}

/** Decodes a `LogMessageToL2` log; throws if the log is another event. */
export function decodeLogMessageToL2(log: LogLike): LogMessageToL2Event {
  const [fromAddress, toAddress, selector, payload, nonce, fee] = decode(
    "LogMessageToL2",
    log,
  );
  const event = {
    fromAddress: asString(fromAddress),
    toAddress: asBigint(toAddress),
    selector: asBigint(selector),
    payload: asBigints(payload),
    nonce: asBigint(nonce),
    fee: asBigint(fee),
  };
  return {
    ...event,
    msgHash: l1ToL2MsgHash(
      event.fromAddress,
      event.toAddress,
      event.selector,
      event.payload,
      event.nonce,
    ),
  };
}

/** Decodes a `MessageToL1Sent` log; throws if the log is another event. */
export function decodeMessageToL1Sent(log: LogLike): MessageToL1SentEvent {
  const [fromAddress, toAddress, msgHash, payload] = decode(
    "MessageToL1Sent",
    log,
  );
  return {
    fromAddress: asBigint(fromAddress),
    toAddress: asString(toAddress),
    msgHash: asString(msgHash),
    payload: asBigints(payload),
  };
}

/** Decodes an `L1HandlerExecuted` log; throws if the log is another event. */
export function decodeL1HandlerExecuted(log: LogLike): L1HandlerExecutedEvent {
  const [nonce, msgHash, toAddress, fromAddress, selector, payload] = decode(
    "L1HandlerExecuted",
    log,
  );
  return {
    nonce: asBigint(nonce),
    msgHash: asString(msgHash),
    toAddress: asString(toAddress),
    fromAddress: asBigint(fromAddress),
    selector: asBigint(selector),
    payload: asBigints(payload),
  };
}

/** Decodes an `L1HandlerReverted` log; throws if the log is another event. */
export function decodeL1HandlerReverted(log: LogLike): L1HandlerRevertedEvent {
  const [nonce, msgHash, toAddress, revertData] = decode(
    "L1HandlerReverted",
    log,
  );
  return {
    nonce: asBigint(nonce),
    msgHash: asString(msgHash),
    toAddress: asString(toAddress),
    revertData: asString(revertData),
  };
}

// ---------------------------------------------------------------------------------------------------------

/** `x` as a 0x-prefixed 32-byte hex string. */
export function toBytes32(x: WordLike): Bytes32 {
  return toBeHex(toWord(x), 32);
}

/** Whether `x` fits an L1 address (`< 2^160`). */
export function isL1Address(x: WordLike): boolean {
  return toWord(x) < TWO_160;
}
