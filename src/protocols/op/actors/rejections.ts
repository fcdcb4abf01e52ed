/**
 * The supervisor's refusals, in op-supervisor's words, and their one reader. A refusal reaches a sender
 * (the autorelayer among them) as a JSON-RPC error with code -32602 and the message below, as supersim
 * answers; `rejectionOf` turns such an error back into its kind, so no caller matches texts itself.
 */

/** JSON-RPC "invalid params": the code the network hook answers a gate's refusal with. */
export const REJECTION_CODE = -32602;

/**
 * What a refusal means to a relayer: `expired` (only a resendMessage helps), `future` (the source chain
 * is ahead: wait), `unavailable` (the supervisor is down: try later), `invalid` (the message is not
 * executable as declared: give up).
 */
export type RejectionKind = "expired" | "future" | "unavailable" | "invalid";

export interface SupervisorRejection {
  readonly kind: RejectionKind;
  /** The error message a sender sees. */
  readonly message: string;
}

const EXPIRED = "initiating message expired";
const FUTURE = "initiating message is in the future";
const UNAVAILABLE = "supervisor unavailable";

export const rejections = {
  expired: (): SupervisorRejection => ({ kind: "expired", message: EXPIRED }),
  future: (): SupervisorRejection => ({ kind: "future", message: FUTURE }),
  unavailable: (): SupervisorRejection => ({
    kind: "unavailable",
    message: `${UNAVAILABLE}: executing messages cannot be validated now`,
  }),
  /** The access list's CrossL2Inbox keys do not parse as lookup, chain-id extension and checksum. */
  malformed: (reason: string): SupervisorRejection =>
    invalid(`failed to read data: ${reason}`),
  notFound: (): SupervisorRejection => invalid("initiating message not found"),
  /** The declared checksum is not the log's: a wrong origin or a wrong payload. */
  notEqual: (): SupervisorRejection =>
    invalid("executing and initiating message fields are not equal"),
  /**
   * `supervisor_checkAccessList` asked about a message executed at the second it was initiated: an
   * access-list check does not verify intra-timestamp messages (op-supervisor refuses them too).
   */
  sameTimestamp: (timestamp: bigint): SupervisorRejection => ({
    kind: "future",
    message: `access-list check does not allow intra-timestamp (${timestamp})`,
  }),
  unknownChain: (chainId: bigint): SupervisorRejection =>
    invalid(`no chain found for chain id ${chainId}`),
  notInDependencySet: (
    executingChainId: number | bigint,
    sourceChainId: number | bigint,
  ): SupervisorRejection =>
    invalid(
      `executing message in block (chain ${executingChainId}) may not execute message from chain ${sourceChainId}: not in dependency set`,
    ),
};

function invalid(message: string): SupervisorRejection {
  return { kind: "invalid", message };
}

/**
 * The supervisor's refusal carried by `error` (a JSON-RPC error as a provider throws it, whose message may
 * wrap the supervisor's), or undefined when `error` is not one. An error with the code and none of the
 * timing or availability texts is an `invalid` refusal, its message the whole error message.
 */
export function rejectionOf(error: unknown): SupervisorRejection | undefined {
  if ((error as { code?: unknown } | null)?.code !== REJECTION_CODE)
    return undefined;
  const message = (error as Error).message;
  if (message.includes(EXPIRED)) return { kind: "expired", message };
  if (message.includes(FUTURE)) return { kind: "future", message };
  if (message.includes(UNAVAILABLE)) return { kind: "unavailable", message };
  return { kind: "invalid", message };
}
