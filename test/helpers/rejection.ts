/**
 * Expecting a refusal, once for every test: a rejection whose message names a reason, a revert with an
 * `Error(string)` reason, a revert with a custom error, a refusal with a JSON-RPC code. The revert data is
 * read with the plugin's own reader (src/revert-decoder.ts), so tests and plugin agree on where it sits.
 */
import { expect } from "chai";
import { AbiCoder, dataSlice, type Interface } from "ethers";

import { revertDataOf } from "../../src/revert-decoder.js";

const ERROR_STRING_SELECTOR = "0x08c379a0";

/**
 * The error `action` rejects with; when it resolves to a sent transaction, the error waiting for its
 * receipt rejects with (a transaction sent with a fixed gas limit reverts only when mined). Fails the test,
 * saying what was `expected`, when nothing rejects.
 */
async function rejectionOf(
  action: Promise<unknown>,
  expected: string,
): Promise<unknown> {
  try {
    const outcome = await action;
    const sent = outcome as
      { wait?: () => Promise<unknown> } | null | undefined;
    if (typeof sent?.wait === "function") await sent.wait();
  } catch (error) {
    return error;
  }
  return expect.fail(`expected ${expected}, but it went through`);
}

/** Awaits `promise`, expecting it to reject with a message containing every fragment. */
export async function expectRejection(
  promise: Promise<unknown>,
  ...fragments: string[]
): Promise<Error> {
  const error = (await rejectionOf(
    promise,
    `a rejection mentioning ${fragments.join(", ")}`,
  )) as Error;
  for (const fragment of fragments) expect(error.message).to.include(fragment);
  return error;
}

/** A call an attacker makes, and the reason the protocol must refuse it with. */
export type Refusal = readonly [
  name: string,
  attempt: () => Promise<unknown>,
  reason: string,
];

/** Runs every attempt and expects each one to reject with a message naming its reason. */
export async function expectRefusals(
  refusals: readonly Refusal[],
): Promise<void> {
  for (const [name, attempt, reason] of refusals) {
    const error = (await rejectionOf(
      attempt(),
      `${name} to be refused with "${reason}"`,
    )) as Error;
    expect(error.message, name).to.include(reason);
  }
}

/** The string of an `Error(string)` revert's data (as an error carries it, or as a probe contract recorded it). */
export function errorString(revertData: string): string {
  expect(
    revertData.slice(0, 10),
    `not an Error(string): ${revertData}`,
  ).to.equal(ERROR_STRING_SELECTOR);
  return AbiCoder.defaultAbiCoder().decode(
    ["string"],
    dataSlice(revertData, 4),
  )[0] as string;
}

/**
 * The `Error(string)` reason of a revert, or undefined: from the revert data, else from the node's
 * message when a mined transaction's receipt carries no data.
 */
export function revertReason(error: unknown): string | undefined {
  const data = revertDataOf(error);
  if (data !== undefined && data.startsWith(ERROR_STRING_SELECTOR))
    return errorString(data);
  const message = error instanceof Error ? error.message : String(error);
  return /reverted with reason string '([^']*)'/.exec(message)?.[1];
}

/** Expects `action` to revert with `Error(reason)`. */
export async function expectRevert(
  action: Promise<unknown>,
  reason: string,
): Promise<void> {
  const error = await rejectionOf(action, `a revert with "${reason}"`);
  expect(
    revertReason(error),
    `revert reason of: ${String(error).slice(0, 300)}`,
  ).to.equal(reason);
}

/** Expects `action` to revert with custom error `name` of `iface` (and `args`, if given). */
export async function expectCustomError(
  action: Promise<unknown>,
  iface: Interface,
  name: string,
  args?: readonly unknown[],
): Promise<void> {
  const error = await rejectionOf(action, `a revert with ${name}()`);
  const data = revertDataOf(error);
  expect(data, `no revert data in: ${String(error).slice(0, 300)}`).to.be.a(
    "string",
  );
  const fragment = iface.getError(name);
  expect(fragment, `${name} is not in the interface`).to.not.equal(null);
  expect(
    data!.slice(0, 10),
    `expected ${name} (${fragment!.selector}), got ${data}`,
  ).to.equal(fragment!.selector);
  if (args !== undefined) {
    expect([...iface.decodeErrorResult(fragment!, data!)]).to.deep.equal([
      ...args,
    ]);
  }
}

/** The JSON-RPC error code of a refusal, wherever the provider and ethers put it. */
export function rpcCode(error: unknown): number | undefined {
  const seen = new Set<unknown>();
  let current = error as
    | {
        code?: unknown;
        error?: unknown;
        cause?: unknown;
        info?: { error?: unknown };
      }
    | undefined;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (typeof current.code === "number") return current.code;
    current = (current.error ??
      current.info?.error ??
      current.cause) as typeof current;
  }
  return undefined;
}
