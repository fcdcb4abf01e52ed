/**
 * Whether an RPC failure happened in transport: the request or its answer was lost (connection
 * refused or reset, a timeout, a rate limit that outlasted Hardhat's own retries, a transaction
 * without a receipt), so the node may not have seen the transaction and nothing says it was mined.
 * Such a send is tried again later, after the actor reads the chain to see whether it landed; a
 * JSON-RPC error answer (the node refused the transaction) or a revert is not transport.
 */
import { revertDataOf } from "./revert-decoder.js";

/** Node and undici error codes of a lost connection or request (undici's all start with UND_ERR_). */
const TRANSPORT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** HardhatError numbers of the HTTP provider's CONNECTION_REFUSED and NETWORK_TIMEOUT. */
const HARDHAT_TRANSPORT_ERRORS = new Set([703, 704]);

/** JSON-RPC code of Hardhat's LimitExceededError: HTTP 429 after the provider's own retries. */
const LIMIT_EXCEEDED = -32005;

/** What such errors say when no code survived the wrapping, and Chain.receipt's own timeout. */
const TRANSPORT_MESSAGE =
  /socket hang up|fetch failed|other side closed|connection (?:reset|refused|closed)|network timeout|was not mined within/i;

/** Each error of the chain `error` → `cause` (or `.error`, as ethers wraps), outermost first. */
export function* errorChain(
  error: unknown,
): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (
    let depth = 0;
    depth < 8 && typeof current === "object" && current !== null;
    depth++
  ) {
    yield current as Record<string, unknown>;
    const next =
      (current as { cause?: unknown }).cause ??
      (current as { error?: unknown }).error;
    if (next === current) break;
    current = next;
  }
}

/** Whether `error` (or an error it wraps) is a transport failure; see the module comment. */
export function isTransportError(error: unknown): boolean {
  if (revertDataOf(error) !== undefined) return false;
  for (const e of errorChain(error)) {
    const { code, number, name, message } = e;
    if (
      typeof code === "string" &&
      (TRANSPORT_CODES.has(code) || code.startsWith("UND_ERR_"))
    )
      return true;
    if (code === LIMIT_EXCEEDED) return true;
    if (
      typeof number === "number" &&
      HARDHAT_TRANSPORT_ERRORS.has(number) &&
      name === "HardhatError"
    )
      return true;
    if (name === "ConnectionRefusedError" || name === "RequestTimeoutError")
      return true;
    if (typeof message === "string" && TRANSPORT_MESSAGE.test(message))
      return true;
  }
  return false;
}
