/**
 * op-supervisor's `supervisor_checkAccessList` on every OP chain of `xdm:node`, so that a client asks
 * before sending an executing message. Params and answers follow the interop spec's supervisor API
 * (`inboxEntries: bytes32[]`, `minSafety`, `executingDescriptor { timestamp, timeout?, chainID? }`; null when
 * every message is valid); the checks are the supervisor's own (actors/supervisor.ts). A refusal answers
 * op-supervisor's code -320600 ("conflicting data"), an executing chain that is not an OP chain of the
 * world -320501 ("unknown chain"), a paused supervisor -32000 (op-supervisor's failsafe has no code of its
 * own), and params that cannot be read -32602 naming the argument at fault, as geth's RPC server does.
 */
import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type { RpcMethod } from "../types.js";
import type { SupervisorRejection } from "./actors/rejections.js";
import type { AccessListEntry } from "./codec/access-list.js";

import { isHexString } from "ethers";

import { RpcMethodError } from "../types.js";

import { Supervisor } from "./actors/supervisor.js";
import { parseAccessListKeys } from "./codec/access-list.js";

/** The method's name in op-supervisor's API. */
export const CHECK_ACCESS_LIST = "supervisor_checkAccessList";

/** JSON-RPC "invalid params". */
const INVALID_PARAMS = -32602;
/** geth's code for a server error without one of its own. */
const SERVER_ERROR = -32000;
/** op-supervisor's CONFLICTING_DATA: what `CheckAccessList` answers for every message it refuses. */
const CONFLICTING_DATA = -320600;
/** op-supervisor's UNKNOWN_CHAIN. */
const UNKNOWN_CHAIN = -320501;

/** The levels `minSafety` may ask for; "invalid" is a safety level, but not one to require. */
const SAFETY_LEVELS = [
  "unsafe",
  "cross-unsafe",
  "local-safe",
  "safe",
  "finalized",
] as const;

const UINT64_MAX = (1n << 64n) - 1n;
const UINT256_MAX = (1n << 256n) - 1n;

interface CheckAccessListParams {
  inboxEntries: string[];
  executing: { timestamp: bigint; timeout: bigint; chainId?: bigint };
}

/** The supervisor's methods as `chain` (an OP chain of `world`) serves them. */
export function supervisorRpcMethods(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Record<string, RpcMethod> {
  return {
    [CHECK_ACCESS_LIST]: async (params) => {
      const { inboxEntries, executing } = readParams(params);
      const executingChain = world.chainById(
        executing.chainId ?? chain.chainId,
      );
      if (executingChain === undefined || executingChain.protocol !== "op") {
        throw new RpcMethodError(
          UNKNOWN_CHAIN,
          `unknown chain: executingDescriptor.chainID ${executing.chainId} is not an OP chain of this world (${opChainIds(world)})`,
        );
      }
      let declared: AccessListEntry[];
      try {
        declared = parseAccessListKeys(inboxEntries);
      } catch (error) {
        throw invalidArgument(
          0,
          `failed to read data: ${(error as Error).message}`,
        );
      }
      const supervisor = new Supervisor(
        world,
        executingChain,
        world.config.op.expiryWindow,
        state.verified,
      );
      const rejection = await supervisor.checkAccessList(declared, executing);
      if (rejection !== undefined) throw refusal(rejection);
      return null;
    },
  };
}

function refusal(rejection: SupervisorRejection): RpcMethodError {
  if (rejection.kind === "unavailable")
    return new RpcMethodError(SERVER_ERROR, rejection.message);
  return new RpcMethodError(
    CONFLICTING_DATA,
    `conflicting data: ${rejection.message}`,
    { kind: rejection.kind },
  );
}

function opChainIds(world: World): string {
  return world.chainList
    .filter((candidate) => candidate.protocol === "op")
    .map((candidate) => `${candidate.name} ${candidate.chainId}`)
    .join(", ");
}

/** `[inboxEntries, minSafety, executingDescriptor]`, every value checked; -32602 naming the first at fault. */
function readParams(params: unknown): CheckAccessListParams {
  if (!Array.isArray(params)) {
    throw new RpcMethodError(
      INVALID_PARAMS,
      "invalid params: expected an array [inboxEntries, minSafety, executingDescriptor]",
    );
  }
  if (params.length < 3) {
    throw new RpcMethodError(
      INVALID_PARAMS,
      `missing value for required argument ${params.length}: supervisor_checkAccessList takes [inboxEntries, minSafety, executingDescriptor]`,
    );
  }
  if (params.length > 3) {
    throw new RpcMethodError(
      INVALID_PARAMS,
      "too many arguments, want at most 3: [inboxEntries, minSafety, executingDescriptor]",
    );
  }
  const [entries, minSafety, descriptor] = params as unknown[];
  if (!Array.isArray(entries)) {
    throw invalidArgument(
      0,
      "inboxEntries must be an array of 32-byte hex strings, the CrossL2Inbox storage keys of the access list",
    );
  }
  entries.forEach((entry: unknown, index) => {
    if (typeof entry !== "string" || !isHexString(entry, 32))
      throw invalidArgument(
        0,
        `inboxEntries[${index}] is ${JSON.stringify(entry)}, not a 32-byte hex string`,
      );
  });
  readSafety(minSafety);
  return {
    inboxEntries: entries as string[],
    executing: readDescriptor(descriptor),
  };
}

function readSafety(minSafety: unknown): void {
  if (SAFETY_LEVELS.includes(minSafety as (typeof SAFETY_LEVELS)[number]))
    return;
  const levels = SAFETY_LEVELS.map((level) => `"${level}"`).join(", ");
  throw invalidArgument(
    1,
    minSafety === "invalid"
      ? `unexpected min-safety level "invalid": minSafety is one of ${levels}`
      : `unrecognized safety level ${JSON.stringify(minSafety)}: minSafety is one of ${levels}`,
  );
}

function readDescriptor(
  descriptor: unknown,
): CheckAccessListParams["executing"] {
  if (
    typeof descriptor !== "object" ||
    descriptor === null ||
    Array.isArray(descriptor)
  ) {
    throw invalidArgument(
      2,
      "executingDescriptor must be an object { timestamp, timeout?, chainID? }",
    );
  }
  const { timestamp, timeout, chainID } = descriptor as Record<string, unknown>;
  if (timestamp === undefined) {
    throw invalidArgument(
      2,
      'executingDescriptor.timestamp is missing: give the timestamp the message executes at, as a hex quantity (e.g. "0x6553f100")',
    );
  }
  return {
    timestamp: quantity(timestamp, "timestamp", UINT64_MAX),
    timeout:
      timeout === undefined ? 0n : quantity(timeout, "timeout", UINT64_MAX),
    ...(chainID === undefined
      ? {}
      : { chainId: quantity(chainID, "chainID", UINT256_MAX) }),
  };
}

/** A hex quantity of the descriptor (`HexUint64`, `ChainID`), up to `max`. */
function quantity(value: unknown, field: string, max: bigint): bigint {
  if (typeof value === "string" && /^0x[0-9a-fA-F]{1,64}$/.test(value)) {
    const number = BigInt(value);
    if (number <= max) return number;
  }
  throw invalidArgument(
    2,
    `executingDescriptor.${field} is ${JSON.stringify(value)}, not a hex quantity of up to ${max === UINT64_MAX ? 64 : 256} bits`,
  );
}

function invalidArgument(index: number, reason: string): RpcMethodError {
  return new RpcMethodError(
    INVALID_PARAMS,
    `invalid argument ${index}: ${reason}`,
  );
}
