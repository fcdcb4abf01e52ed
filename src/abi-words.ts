/**
 * ABI words written and read by hand, for the relayer's per-message hot paths (every log it reads,
 * every relay it sends). ethers' AbiCoder does the same work several times slower; the protocols'
 * tests hold every use of these helpers to ethers' encoding on random inputs. Hex strings in and
 * out are lower case; "digits" are hex digits without the 0x prefix.
 */
import { type BytesLike, hexlify, isHexString } from "ethers";

/** `value` as `digits` hex digits; throws when it is negative or does not fit. */
export function uintHex(value: bigint, digits: number): string {
  if (value < 0n)
    throw new RangeError(`negative value ${value} in an unsigned field`);
  const hex = value.toString(16);
  if (hex.length > digits)
    throw new RangeError(`value ${value} does not fit in ${digits * 4} bits`);
  return hex.padStart(digits, "0");
}

/** A uint256 word. */
export const uintWord = (value: bigint): string => uintHex(value, 64);

/** A 20-byte address as 40 hex digits, checked. */
export function addressHex(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    throw new TypeError(`invalid address ${address}`);
  return address.slice(2).toLowerCase();
}

/** An address word. */
export const addressWord = (address: string): string =>
  "0".repeat(24) + addressHex(address);

/** The digits of a 0x-prefixed hex string of whole bytes (exactly `digits` digits when given). */
export function bareHex(hex: string, what: string, digits?: number): string {
  if (!isHexString(hex) || (hex.length - 2) % 2 !== 0)
    throw new TypeError(`invalid ${what}: ${hex}`);
  if (digits !== undefined && hex.length - 2 !== digits)
    throw new TypeError(`invalid ${what}: ${hex} is not ${digits / 2} bytes`);
  return hex.slice(2).toLowerCase();
}

/** The tail of a dynamic `bytes` value: its length word and its content padded to whole words. */
export function bytesTail(value: BytesLike): string {
  const hex = bareHex(hexlify(value), "bytes");
  return (
    uintWord(BigInt(hex.length / 2)) +
    hex +
    "0".repeat((64 - (hex.length % 64)) % 64)
  );
}

/** Whether a word holds an address (its top 12 bytes are zero). */
export const isAddressWord = (word: string): boolean =>
  word.length === 64 && word.startsWith("0".repeat(24));

/**
 * Reads an ABI encoding of `headWords` static words of which the last is the offset of one
 * trailing `bytes` value — the layout Solidity writes for (static…, bytes). Returns the head words
 * and the bytes (0x-prefixed), or undefined when `digits` is not exactly that canonical layout
 * (another offset, a wrong length, dirty padding, trailing data): the caller then hands it to the
 * ABI decoder, which accepts or names what is wrong.
 */
export function readStaticsAndBytes(
  digits: string,
  headWords: number,
): { words: string[]; bytes: string } | undefined {
  const tail = headWords * 64;
  if (digits.length < tail + 64) return undefined;
  const words: string[] = [];
  for (let i = 0; i < headWords; i++)
    words.push(digits.slice(i * 64, i * 64 + 64));
  if (BigInt(`0x${words[headWords - 1]}`) !== BigInt(headWords * 32))
    return undefined;
  const length = BigInt(`0x${digits.slice(tail, tail + 64)}`);
  if (length > BigInt(digits.length)) return undefined;
  const n = Number(length) * 2;
  const padded = Math.ceil(n / 64) * 64;
  if (digits.length !== tail + 64 + padded) return undefined;
  const bytes = digits.slice(tail + 64, tail + 64 + n);
  if (!/^0*$/.test(digits.slice(tail + 64 + n))) return undefined;
  return { words, bytes: `0x${bytes}` };
}
