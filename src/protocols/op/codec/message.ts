/**
 * An interop message: the payload of the messenger's `SentMessage` log (what the CrossL2Inbox hashes),
 * the message hash the messenger keys it by, its versioned nonce and the `relayMessage` calldata that
 * executes it; the TypeScript mirror of `contracts/op/libraries/{Hashing,Encoding}.sol`.
 * Hex strings are 0x-prefixed, lower case except addresses, which are checksummed.
 */

import type { Identifier } from "./access-list.js";

import {
  AbiCoder,
  type BytesLike,
  concat,
  dataLength,
  dataSlice,
  getAddress,
  hexlify,
  keccak256,
} from "ethers";

import {
  addressWord,
  bareHex,
  bytesTail,
  isAddressWord,
  readStaticsAndBytes,
  uintWord,
} from "../../../abi-words.js";

import { SENT_MESSAGE_TOPIC } from "./events.js";
import { MESSAGE_VERSION, SELECTORS } from "./predeploys.js";

const abi = AbiCoder.defaultAbiCoder();

/** A log as ethers and JSON-RPC return it: enough to rebuild its payload. */
export interface LogPayloadSource {
  topics: readonly string[];
  data: string;
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
