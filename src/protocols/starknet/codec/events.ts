/**
 * The StarkNet events the simulation watches: their ABI and topics, and
 * a decoder per event the relayer reads — by hand in the layout Solidity writes, through the ABI
 * decoder otherwise (src/event-reader.ts).
 */
import type { Bytes32 } from "./felt.js";

import { Interface, type EventFragment } from "ethers";

import {
  type EventLog,
  EventReader,
  asHex,
  asUint,
  asUints,
} from "../../../event-reader.js";

import { l1ToL2MsgHash } from "./message-hash.js";

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

/** What StarknetCore's LogMessageToL1 and ConsumedMessageToL1 say of an L2→L1 message. */
export interface MessageToL1Event {
  fromAddress: bigint;
  toAddress: string;
  payload: bigint[];
}

function readerOf(name: StarknetEventName): EventReader {
  return new EventReader(eventFragment(name).format("full"));
}

/** The events the relayer reads field by field, each with its reader. */
const READERS = {
  LogMessageToL1: readerOf("LogMessageToL1"),
  LogMessageToL2: readerOf("LogMessageToL2"),
  ConsumedMessageToL1: readerOf("ConsumedMessageToL1"),
  ConsumedMessageToL2: readerOf("ConsumedMessageToL2"),
  MessageToL2CancellationStarted: readerOf("MessageToL2CancellationStarted"),
  MessageToL2Canceled: readerOf("MessageToL2Canceled"),
  MessageToL1Sent: readerOf("MessageToL1Sent"),
  L1HandlerExecuted: readerOf("L1HandlerExecuted"),
  L1HandlerReverted: readerOf("L1HandlerReverted"),
} as const;

/** Decodes a `LogMessageToL2` log; throws if the log is another event. */
export function decodeLogMessageToL2(log: EventLog): LogMessageToL2Event {
  const [fromAddress, toAddress, selector, payload, nonce, fee] =
    READERS.LogMessageToL2.read(log);
  const event = {
    fromAddress: asHex(fromAddress),
    toAddress: asUint(toAddress),
    selector: asUint(selector),
    payload: asUints(payload),
    nonce: asUint(nonce),
    fee: asUint(fee),
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
export function decodeMessageToL1Sent(log: EventLog): MessageToL1SentEvent {
  const [fromAddress, toAddress, msgHash, payload] =
    READERS.MessageToL1Sent.read(log);
  return {
    fromAddress: asUint(fromAddress),
    toAddress: asHex(toAddress),
    msgHash: asHex(msgHash),
    payload: asUints(payload),
  };
}

/** Decodes an `L1HandlerExecuted` log; throws if the log is another event. */
export function decodeL1HandlerExecuted(log: EventLog): L1HandlerExecutedEvent {
  const [nonce, msgHash, toAddress, fromAddress, selector, payload] =
    READERS.L1HandlerExecuted.read(log);
  return {
    nonce: asUint(nonce),
    msgHash: asHex(msgHash),
    toAddress: asHex(toAddress),
    fromAddress: asUint(fromAddress),
    selector: asUint(selector),
    payload: asUints(payload),
  };
}

/** Decodes an `L1HandlerReverted` log; throws if the log is another event. */
export function decodeL1HandlerReverted(log: EventLog): L1HandlerRevertedEvent {
  const [nonce, msgHash, toAddress, revertData] =
    READERS.L1HandlerReverted.read(log);
  return {
    nonce: asUint(nonce),
    msgHash: asHex(msgHash),
    toAddress: asHex(toAddress),
    revertData: asHex(revertData),
  };
}

/** Decodes a `LogMessageToL1` or `ConsumedMessageToL1` log; throws on any other event. */
export function decodeMessageToL1(log: EventLog): MessageToL1Event {
  const reader = READERS.LogMessageToL1.matches(log)
    ? READERS.LogMessageToL1
    : READERS.ConsumedMessageToL1;
  const [fromAddress, toAddress, payload] = reader.read(log);
  return {
    fromAddress: asUint(fromAddress),
    toAddress: asHex(toAddress),
    payload: asUints(payload),
  };
}

/**
 * The nonce of the L1→L2 message a `ConsumedMessageToL2`, `MessageToL2CancellationStarted` or
 * `MessageToL2Canceled` log names (its other fields are checked, not converted: the relayer looks the
 * message up by nonce); throws on any other event.
 */
export function nonceOfMessageToL2Outcome(log: EventLog): bigint {
  const reader =
    [READERS.ConsumedMessageToL2, READERS.MessageToL2CancellationStarted].find(
      (candidate) => candidate.matches(log),
    ) ?? READERS.MessageToL2Canceled;
  // (fromAddress, toAddress, selector, payload, nonce)
  return asUint(reader.readValue(log, 4));
}
