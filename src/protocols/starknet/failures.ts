/**
 * How the StarkNet actors tell apart the ways a transaction of theirs can fail: a refusal the protocol
 * defines (handled by the protocol's own path), a transport error (the node never answered, so whether
 * anything was mined is unknown until the chain is read again: retried), and anything else (surfaced
 * with its cause).
 */
import { AbiCoder } from "ethers";

import { revertDataOf } from "../../revert-decoder.js";

/** Node and undici error codes of a request that got no answer. */
const TRANSPORT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** Hardhat's HardhatError numbers for CONNECTION_REFUSED and NETWORK_TIMEOUT (hardhat-errors descriptors). */
const TRANSPORT_HARDHAT_ERRORS = new Set([703, 704]);
/** What the messages of such errors say when no code survived the wrapping, and Chain.receipt's own timeout. */
const TRANSPORT_MESSAGE = /socket hang up|fetch failed|other side closed|connection (?:reset|refused|closed)|network timeout|timed out|was not mined within/i;

/** Each error of the chain `error` → `cause` (or `.error`, as ethers wraps), outermost first. */
function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    yield current as Record<string, unknown>;
    const next = (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
    if (next === current) break;
    current = next;
  }
}

/**
 * Whether `error` is a transport failure: the request got no answer (connection reset or refused, a
 * timeout, a transaction without a receipt). A revert is never one: the node answered.
 */
export function isTransportError(error: unknown): boolean {
  if (revertDataOf(error) !== undefined) return false;
  for (const e of causes(error)) {
    if (typeof e.code === "string" && (TRANSPORT_CODES.has(e.code) || e.code.startsWith("UND_ERR_"))) return true;
    if (typeof e.number === "number" && TRANSPORT_HARDHAT_ERRORS.has(e.number) && e.name === "HardhatError") return true;
    if (typeof e.message === "string" && TRANSPORT_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/**
 * Whether `error` says the node mined (or, for a call, ran) the transaction and it reverted: it carries
 * revert data, or the node's message says so (an out-of-gas revert carries no data).
 */
export function isRevert(error: unknown): boolean {
  if (revertDataOf(error) !== undefined) return true;
  for (const e of causes(error)) {
    if (typeof e.message === "string" && /reverted|ran out of gas|out of gas|invalid opcode/i.test(e.message)) return true;
  }
  return false;
}

/** The `Error(string)` reason of revert data, if it is one. */
export function errorStringOf(data: string | undefined): string | undefined {
  if (data === undefined || !data.toLowerCase().startsWith("0x08c379a0")) return undefined;
  try {
    return AbiCoder.defaultAbiCoder().decode(["string"], `0x${data.slice(10)}`)[0] as string;
  } catch {
    return undefined;
  }
}
