/**
 * The messenger's and the inbox's events: their topics, and a reader for the `RelayedMessage` logs the
 * relayer watches (by hand in the layout the messenger writes, through the ABI decoder otherwise:
 * src/event-reader.ts). A `SentMessage` is read as its payload instead (message.ts): the inbox hashes
 * the payload, not the decoded fields.
 */
import {
  type EventLog,
  EventReader,
  asHex,
  asUint,
} from "../../../event-reader.js";

/** `SentMessage(uint256,address,uint256,address,bytes)` */
export const SENT_MESSAGE_TOPIC =
  "0x382409ac69001e11931a28435afef442cbfd20d9891907e8fa373ba7d351f320";

/** `RelayedMessage(uint256,uint256,bytes32,bytes32)` */
export const RELAYED_MESSAGE_TOPIC =
  "0xc270d73e26d2d39dee7ef92093555927e344e243415547ecc350b2b5385b68a2";

/** `ExecutingMessage(bytes32,(address,uint256,uint256,uint256,uint256))` */
export const EXECUTING_MESSAGE_TOPIC =
  "0x5c37832d2e8d10e346e55ad62071a6a2f9fa5130614ef2ec6617555c6f467ba7";

const RELAYED_MESSAGE = new EventReader(
  "event RelayedMessage(uint256 indexed source, uint256 indexed messageNonce, bytes32 indexed messageHash, bytes32 returnDataHash)",
);

/** The messenger's `RelayedMessage`: which message (source chain, nonce, hash) it relayed. */
export function readRelayedMessage(log: EventLog): {
  source: bigint;
  messageNonce: bigint;
  messageHash: string;
} {
  const [source, messageNonce, messageHash] = RELAYED_MESSAGE.read(log);
  return {
    source: asUint(source),
    messageNonce: asUint(messageNonce),
    messageHash: asHex(messageHash),
  };
}
