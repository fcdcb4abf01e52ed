/**
 * Whether an RPC failure happened in transport: the request or its answer was lost (connection
 * refused or reset, a timeout, a rate limit that outlasted Hardhat's own retries), so the node may
 * not have seen the transaction and nothing says it was mined. Such a send is tried again later;
 * a JSON-RPC error answer (the node refused the transaction) or a revert is not transport.
 */

/** Node and undici error codes of a lost connection or request. */
const TRANSPORT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** HardhatError numbers of the HTTP provider's CONNECTION_REFUSED and NETWORK_TIMEOUT. */
const HARDHAT_TRANSPORT_ERRORS = new Set([703, 704]);

/** JSON-RPC code of Hardhat's LimitExceededError: HTTP 429 after the provider's own retries. */
const LIMIT_EXCEEDED = -32005;

/** Whether `error` (or an error it wraps) is a transport failure; see the module comment. */
export function isTransportError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const { code, number, name } = current as { code?: unknown; number?: unknown; name?: unknown };
    if (typeof code === "string" && TRANSPORT_CODES.has(code)) return true;
    if (code === LIMIT_EXCEEDED) return true;
    if (typeof number === "number" && HARDHAT_TRANSPORT_ERRORS.has(number) && name === "HardhatError") return true;
    if (name === "ConnectionRefusedError" || name === "RequestTimeoutError") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
