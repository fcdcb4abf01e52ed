/**
 * The Scroll events the relayer watches: their topics and signatures, and one
 * reader per event that turns a log into the fields the relayer uses — by hand in the layout the
 * contracts write, through the ABI decoder otherwise (src/event-reader.ts).
 */
import type { XDomainMessage } from "./xdomain-message.js";

import { Interface } from "ethers";

import {
  type EventLog,
  EventReader,
  asHex,
  asUint,
} from "../../../event-reader.js";

/** topic0 of every event the Scroll actors watch. */
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

/** The fields of a `QueueTransaction` log. */
export interface QueueTransactionFields {
  sender: string;
  target: string;
  value: bigint;
  queueIndex: bigint;
  gasLimit: bigint;
  data: string;
}

/** One reader per watched messenger, queue and rollup event. */
const READERS: Readonly<Record<ScrollEventName, EventReader>> = {
  SentMessage: new EventReader(SCROLL_EVENT_SIGNATURES.SentMessage),
  RelayedMessage: new EventReader(SCROLL_EVENT_SIGNATURES.RelayedMessage),
  FailedRelayedMessage: new EventReader(
    SCROLL_EVENT_SIGNATURES.FailedRelayedMessage,
  ),
  QueueTransaction: new EventReader(SCROLL_EVENT_SIGNATURES.QueueTransaction),
  AppendMessage: new EventReader(SCROLL_EVENT_SIGNATURES.AppendMessage),
  CommitBatch: new EventReader(SCROLL_EVENT_SIGNATURES.CommitBatch),
  FinalizeBatch: new EventReader(SCROLL_EVENT_SIGNATURES.FinalizeBatch),
};

/** L1MessageQueue's `DropTransaction`, watched beside the events above. */
const DROP_TRANSACTION = new EventReader(
  "event DropTransaction(uint256 index)",
);

/** topic0 of `DropTransaction(uint256 index)`. */
export const DROP_TRANSACTION_TOPIC = DROP_TRANSACTION.topic;

/** Reads a `QueueTransaction` log of L1MessageQueue. */
export function readQueueTransaction(log: EventLog): QueueTransactionFields {
  const [sender, target, value, queueIndex, gasLimit, data] =
    READERS.QueueTransaction.read(log);
  return {
    sender: asHex(sender),
    target: asHex(target),
    value: asUint(value),
    queueIndex: asUint(queueIndex),
    gasLimit: asUint(gasLimit),
    data: asHex(data),
  };
}

/** A messenger's `SentMessage` log as the message it carries. */
export function readSentMessage(log: EventLog): XDomainMessage {
  const [sender, target, value, messageNonce, , message] =
    READERS.SentMessage.read(log);
  return {
    from: asHex(sender),
    to: asHex(target),
    value: asUint(value),
    nonce: asUint(messageNonce),
    message: asHex(message),
  };
}

/** L2MessageQueue's `AppendMessage`: the withdraw-trie leaf `messageHash` at `index`. */
export function readAppendMessage(log: EventLog): {
  index: bigint;
  messageHash: string;
} {
  const [index, messageHash] = READERS.AppendMessage.read(log);
  return { index: asUint(index), messageHash: asHex(messageHash) };
}

/** A messenger's `RelayedMessage` (the target call succeeded) or `FailedRelayedMessage` (it reverted). */
export function readRelayOutcome(log: EventLog): {
  messageHash: string;
  relayed: boolean;
} {
  const relayed = READERS.RelayedMessage.matches(log);
  const [messageHash] = (
    relayed ? READERS.RelayedMessage : READERS.FailedRelayedMessage
  ).read(log);
  return { messageHash: asHex(messageHash), relayed };
}

/** ZKRollup's `CommitBatch` or `FinalizeBatch`: the batch's index and hash. */
export function readBatchEvent(log: EventLog): {
  batchIndex: bigint;
  batchHash: string;
} {
  const [batchIndex, batchHash] = (
    READERS.CommitBatch.matches(log)
      ? READERS.CommitBatch
      : READERS.FinalizeBatch
  ).read(log);
  return { batchIndex: asUint(batchIndex), batchHash: asHex(batchHash) };
}

/** L1MessageQueue's `DropTransaction`: the queue index dropped. */
export function readDropTransaction(log: EventLog): bigint {
  const [index] = DROP_TRANSACTION.read(log);
  return asUint(index);
}
