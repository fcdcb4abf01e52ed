/**
 * How the StarkNet actors tell a refusal the protocol defines (handled by the protocol's own path) from
 * anything else (surfaced with its cause); transport errors are src/transport-error.ts's.
 */
import { AbiCoder } from "ethers";

import { revertDataOf } from "../../revert-decoder.js";
import { errorChain } from "../../transport-error.js";

/**
 * Whether `error` says the node mined (or, for a call, ran) the transaction and it reverted: it carries
 * revert data, or the node's message says so (an out-of-gas revert carries no data).
 */
export function isRevert(error: unknown): boolean {
  if (revertDataOf(error) !== undefined) return true;
  for (const link of errorChain(error)) {
    if (
      typeof link.message === "string" &&
      /reverted|ran out of gas|out of gas|invalid opcode/i.test(link.message)
    )
      return true;
  }
  return false;
}

/** The `Error(string)` reason of revert data, if it is one. */
export function errorStringOf(data: string | undefined): string | undefined {
  if (data === undefined || !data.toLowerCase().startsWith("0x08c379a0"))
    return undefined;
  try {
    return AbiCoder.defaultAbiCoder().decode(
      ["string"],
      `0x${data.slice(10)}`,
    )[0] as string;
  } catch {
    return undefined;
  }
}
