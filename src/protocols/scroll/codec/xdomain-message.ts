/**
 * Scroll's cross-domain message: the five fields both messengers identify a message by, its
 * `relayMessage` calldata and its message hash (`keccak256(xDomainCalldata)`), mirrored byte for
 * byte from contracts/scroll/libraries/, and the L1 message queue's gas floor.
 */

import {
  type BytesLike,
  dataLength,
  getAddress,
  hexlify,
  Interface,
  keccak256,
} from "ethers";

import {
  addressWord,
  bytesTail,
  isAddressWord,
  readStaticsAndBytes,
  uintWord,
} from "../../../abi-words.js";

/** The value of `xDomainMessageSender()` while no message is being executed. */
export const DEFAULT_XDOMAIN_MESSAGE_SENDER =
  "0x0000000000000000000000000000000000000001";

/** The value of `xDomainMessageSender()` while `onDropMessage` runs: `keccak256("drop")[0:20]`. */
export const DROP_XDOMAIN_MESSAGE_SENDER =
  "0x6f297C61B5C92eF107fFD30CD56AFFE5A273e841";

/** `relayMessage(address,address,uint256,uint256,bytes)`: every message hash is the hash of a call to it. */
export const RELAY_MESSAGE_SELECTOR = "0x8ef1332e";

/** The seed's `sendMessage(address,bytes,uint256)`. */
export const SEED_SEND_MESSAGE_SELECTOR = "0x3eae0ae0";

/** Intrinsic gas the L1 message queue demands: `21000 + 16·len(data)`. */
export const INTRINSIC_GAS_TX = 21000n;
export const INTRINSIC_GAS_PER_BYTE = 16n;

const RELAY_MESSAGE_INTERFACE = new Interface([
  "function relayMessage(address from, address to, uint256 value, uint256 nonce, bytes message)",
]);

/** The five fields that identify a Scroll message in either direction. */
export interface XDomainMessage {
  from: string;
  to: string;
  value: bigint;
  /** L1→L2: queue index of the original message; L2→L1: withdraw-trie leaf index. */
  nonce: bigint;
  message: BytesLike;
}

/** `abi.encodeWithSignature("relayMessage(address,address,uint256,uint256,bytes)", …)`. */
export function encodeXDomainCalldata(fields: XDomainMessage): string {
  return (
    RELAY_MESSAGE_SELECTOR +
    addressWord(fields.from) +
    addressWord(fields.to) +
    uintWord(fields.value) +
    uintWord(fields.nonce) +
    uintWord(5n * 32n) +
    bytesTail(fields.message)
  );
}

/** Decodes a relayMessage calldata back into its message (the inverse of {@link encodeXDomainCalldata}). */
export function decodeXDomainCalldata(calldata: BytesLike): XDomainMessage {
  const canonical = readCanonicalXDomain(hexlify(calldata));
  if (canonical !== undefined) return canonical;
  const decoded = RELAY_MESSAGE_INTERFACE.decodeFunctionData(
    "relayMessage",
    calldata,
  );
  return {
    from: getAddress(decoded[0] as string),
    to: getAddress(decoded[1] as string),
    value: decoded[2] as bigint,
    nonce: decoded[3] as bigint,
    message: hexlify(decoded[4] as string),
  };
}

/**
 * A relayMessage calldata read from a log, with its message hash: the calldata's own keccak when it
 * is in the canonical layout (the only one a messenger writes, so re-encoding would give it back).
 */
export function readXDomainCalldata(calldata: string): {
  message: XDomainMessage;
  hash: string;
} {
  const canonical = readCanonicalXDomain(hexlify(calldata));
  if (canonical !== undefined)
    return { message: canonical, hash: keccak256(calldata) };
  const message = decodeXDomainCalldata(calldata);
  return { message, hash: messageHash(message) };
}

/** A relayMessage calldata (lower-case hex) in the layout the messengers write, or undefined. */
function readCanonicalXDomain(hex: string): XDomainMessage | undefined {
  if (hex.slice(0, 10) !== RELAY_MESSAGE_SELECTOR) return undefined;
  // from, to, value, nonce, offset 0xa0, message.
  const read = readStaticsAndBytes(hex.slice(10), 5);
  if (
    read === undefined ||
    !isAddressWord(read.words[0]) ||
    !isAddressWord(read.words[1])
  )
    return undefined;
  const [from, to, value, nonce] = read.words;
  return {
    from: getAddress(`0x${from.slice(24)}`),
    to: getAddress(`0x${to.slice(24)}`),
    value: BigInt(`0x${value}`),
    nonce: BigInt(`0x${nonce}`),
    message: read.bytes,
  };
}

/** The message hash both messengers key their bookkeeping by: `keccak256(xDomainCalldata)`. */
export function messageHash(fields: XDomainMessage): string {
  return keccak256(encodeXDomainCalldata(fields));
}

/** Minimum L1→L2 gas limit the queue accepts for a calldata: `21000 + 16·len(data)`. */
export function intrinsicGas(data: BytesLike): bigint {
  return INTRINSIC_GAS_TX + INTRINSIC_GAS_PER_BYTE * BigInt(dataLength(data));
}

/** Minimum gas limit for an L1→L2 message carrying `m` (the floor applies to its xDomainCalldata). */
export function minGasLimit(fields: XDomainMessage): bigint {
  return intrinsicGas(encodeXDomainCalldata(fields));
}
