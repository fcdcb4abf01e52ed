/**
 * Event logs read by hand: the one place the relayer's per-log hot path decodes topics and data.
 * Every protocol's watched events are made of uintN / address / bytes32 values and at most one
 * dynamic value (`bytes` or `uint256[]`), which is what is read here without ethers' ABI decoder
 * (several times slower per log). A log in any other layout goes to the ABI decoder, which accepts
 * another valid encoding or throws naming what is wrong. Names no protocol.
 */
import { type EventFragment, Interface, getAddress } from "ethers";

/** The part of a log a reader needs: a JSON-RPC log and an ethers `Log` both fit. */
export interface EventLog {
  topics: readonly string[];
  data: string;
}

/**
 * A value of an event as read: uintN → bigint, address → checksummed address, bytes32 and bytes →
 * lower-case hex, uint256[] → bigint[] (what ethers' decoder gives for the same types).
 */
export type EventValue = bigint | string | bigint[];

type ValueKind = "uint" | "address" | "bytes32" | "bytes" | "uint256[]";

interface Input {
  kind: ValueKind;
  indexed: boolean;
  /** Where its word is: the topic index (indexed) or the data head word (not indexed). */
  at: number;
  /** uintN: the leading hex digits of its word that must be zero (64 − N/4). */
  zeroDigits: number;
}

/**
 * Checksummed addresses by their lower-case digits. The checksum is a keccak in JavaScript (about
 * 15 µs, most of what reading a log with an address costs), and the same senders, targets and
 * contracts come back in log after log; cleared when it grows past a bound.
 */
const checksummed = new Map<string, string>();
const CHECKSUMMED_MAX = 4096;

function checksumAddress(digits: string): string {
  let address = checksummed.get(digits);
  if (address === undefined) {
    if (checksummed.size >= CHECKSUMMED_MAX) checksummed.clear();
    address = getAddress(`0x${digits}`);
    checksummed.set(digits, address);
  }
  return address;
}

/** The values of one event, read from its logs. */
export class EventReader {
  /** The event's name, e.g. "SentMessage". */
  readonly name: string;
  /** topic0 of its logs (lower case). */
  readonly topic: string;
  readonly #interface: Interface;
  readonly #fragment: EventFragment;
  readonly #inputs: Input[];
  /** Topics of a log in the canonical layout: topic0 and one per indexed input. */
  readonly #topicCount: number;
  /** Words in the head of the data: one per non-indexed input. */
  readonly #headWords: number;
  /** The one dynamic input, if any (more than one: every log goes to the ABI decoder). */
  readonly #dynamic: Input | undefined;
  readonly #byHand: boolean;

  /** `signature` as ethers takes it: "event Name(type [indexed] name, …)". */
  constructor(signature: string) {
    this.#interface = new Interface([signature]);
    const fragment = this.#interface.fragments.find(
      (candidate): candidate is EventFragment => candidate.type === "event",
    );
    if (fragment === undefined)
      throw new Error(`not an event signature: ${signature}`);
    this.#fragment = fragment;
    this.name = fragment.name;
    this.topic = fragment.topicHash.toLowerCase();
    let topics = 1;
    let words = 0;
    this.#inputs = fragment.inputs.map((param) => {
      const indexed = param.indexed === true;
      const input = inputOf(param.type, indexed, indexed ? topics++ : words++);
      if (indexed && isDynamic(input.kind)) {
        // Its topic is the keccak of the value: nothing to read the value back from.
        throw new Error(
          `${signature}: an indexed ${param.type} cannot be read back from its log`,
        );
      }
      return input;
    });
    this.#topicCount = topics;
    this.#headWords = words;
    const dynamic = this.#inputs.filter((input) => isDynamic(input.kind));
    this.#dynamic = dynamic[0];
    this.#byHand = dynamic.length <= 1;
  }

  /** Whether `log` is one of this event's (by its topic0). */
  matches(log: EventLog): boolean {
    const topic = log.topics[0];
    return topic === this.topic || topic?.toLowerCase() === this.topic;
  }

  /**
   * The event's values in declaration order. Throws when `log` is another event's, or when its
   * topics and data are no valid encoding of this event.
   */
  read(log: EventLog): EventValue[] {
    const data = this.#canonicalData(log);
    if (data === undefined) return this.#decode(log);
    return this.#inputs.map((input) => this.#value(input, log, data));
  }

  /** Value `index` (declaration order) alone, the others checked but not converted; throws like {@link read}. */
  readValue(log: EventLog, index: number): EventValue {
    const input = this.#inputs[index];
    if (input === undefined)
      throw new RangeError(`${this.name} has no input ${index}`);
    const data = this.#canonicalData(log);
    if (data === undefined) return this.#decode(log)[index];
    return this.#value(input, log, data);
  }

  /**
   * The data's hex digits (lower case) when the log is in the layout Solidity writes: one topic per
   * indexed input, every uintN and address word zero above its width, the one dynamic value's
   * offset pointing right after the head and its content ending the data (zero padding); undefined
   * for anything else. Throws when `log` is another event's.
   */
  #canonicalData(log: EventLog): string | undefined {
    if (!this.matches(log)) {
      throw new Error(
        `not a ${this.name} log: topic0 ${log.topics[0] ?? "missing"}, expected ${this.topic}`,
      );
    }
    if (!this.#byHand || log.topics.length !== this.#topicCount)
      return undefined;
    const data = log.data.slice(2).toLowerCase();
    const head = this.#headWords * 64;
    if (data.length < head || data.length % 64 !== 0) return undefined;
    for (const input of this.#inputs) {
      const word = input.indexed
        ? log.topics[input.at].slice(2)
        : data.slice(input.at * 64, input.at * 64 + 64);
      if (word.length !== 64) return undefined;
      if (input.kind === "uint" && !isZero(word, input.zeroDigits))
        return undefined;
      if (input.kind === "address" && !isZero(word, 24)) return undefined;
    }
    const dynamic = this.#dynamic;
    if (dynamic === undefined) return data.length === head ? data : undefined;
    const offset = data.slice(dynamic.at * 64, dynamic.at * 64 + 64);
    if (BigInt(`0x${offset}`) !== BigInt(head / 2)) return undefined;
    if (data.length < head + 64) return undefined;
    const length = BigInt(`0x${data.slice(head, head + 64)}`);
    if (length > BigInt(data.length)) return undefined;
    if (dynamic.kind === "uint256[]")
      return data.length === head + 64 + Number(length) * 64 ? data : undefined;
    const digits = Number(length) * 2;
    const end = head + 64 + Math.ceil(digits / 64) * 64;
    return data.length === end && isZero(data.slice(head + 64 + digits), end)
      ? data
      : undefined;
  }

  /** The value of `input` in a log whose layout {@link #canonicalData} accepted. */
  #value(input: Input, log: EventLog, data: string): EventValue {
    const word = input.indexed
      ? log.topics[input.at].slice(2).toLowerCase()
      : data.slice(input.at * 64, input.at * 64 + 64);
    const head = this.#headWords * 64;
    switch (input.kind) {
      case "uint":
        return BigInt(`0x${word}`);
      case "address":
        return checksumAddress(word.slice(24));
      case "bytes32":
        return `0x${word}`;
      case "bytes": {
        const digits = Number(BigInt(`0x${data.slice(head, head + 64)}`)) * 2;
        return `0x${data.slice(head + 64, head + 64 + digits)}`;
      }
      case "uint256[]": {
        const items: bigint[] = [];
        for (let at = head + 64; at < data.length; at += 64)
          items.push(BigInt(`0x${data.slice(at, at + 64)}`));
        return items;
      }
    }
  }

  /** The values through ethers' ABI decoder, in the same shapes as the hand reader's. */
  #decode(log: EventLog): EventValue[] {
    const decoded = this.#interface.decodeEventLog(this.#fragment, log.data, [
      ...log.topics,
    ]);
    return this.#inputs.map((_input, index) => {
      const value: unknown = decoded[index];
      if (typeof value === "bigint" || typeof value === "string") return value;
      const items: bigint[] = [];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item !== "bigint") {
          throw new TypeError(
            `${this.name}: input ${index} decoded to an unexpected ${typeof item}`,
          );
        }
        items.push(item);
      }
      return items;
    });
  }
}

/** How a reader reads a parameter of `type`; the types no watched event has are refused. */
function inputOf(type: string, indexed: boolean, at: number): Input {
  const uint = /^uint(\d*)$/.exec(type);
  if (uint !== null) {
    const bits = uint[1] === "" ? 256 : Number(uint[1]);
    if (bits % 8 === 0 && bits >= 8 && bits <= 256)
      return { kind: "uint", indexed, at, zeroDigits: 64 - bits / 4 };
  }
  if (
    type === "address" ||
    type === "bytes32" ||
    type === "bytes" ||
    type === "uint256[]"
  )
    return { kind: type, indexed, at, zeroDigits: 0 };
  throw new Error(
    `event readers take uintN, address, bytes32, bytes and uint256[] values, not ${type}`,
  );
}

function isDynamic(kind: ValueKind): boolean {
  return kind === "bytes" || kind === "uint256[]";
}

/** Whether the hex digits of `hex` before `end` are all zero. */
function isZero(hex: string, end: number): boolean {
  for (let at = 0; at < end && at < hex.length; at++)
    if (hex.charCodeAt(at) !== 48) return false;
  return true;
}

/** A uintN value of an event. */
export function asUint(value: EventValue): bigint {
  if (typeof value !== "bigint")
    throw new TypeError(`expected an unsigned integer, got ${typeof value}`);
  return value;
}

/** An address, bytes32 or bytes value of an event. */
export function asHex(value: EventValue): string {
  if (typeof value !== "string")
    throw new TypeError(`expected a hex value, got ${typeof value}`);
  return value;
}

/** A uint256[] value of an event. */
export function asUints(value: EventValue): bigint[] {
  if (!Array.isArray(value))
    throw new TypeError(
      `expected an array of unsigned integers, got ${typeof value}`,
    );
  return value;
}
