/**
 * Shared pieces of the adversarial tests: an attempt list that must be refused call by call with the
 * contract's own reason, and the decoding of the revert data a probe contract recorded.
 */
import { expect } from "chai";
import { AbiCoder, dataSlice } from "ethers";

/** A call an attacker makes, and the reason the protocol must refuse it with. */
export type Refusal = readonly [name: string, attempt: () => Promise<unknown>, reason: string];

/** Runs every attempt and expects each one to reject with a message naming its reason. */
export async function expectRefusals(refusals: readonly Refusal[]): Promise<void> {
  for (const [name, attempt, reason] of refusals) {
    let error: Error | undefined;
    try {
      await attempt();
    } catch (e) {
      error = e as Error;
    }
    expect(error, `${name} went through; expected "${reason}"`).to.not.equal(undefined);
    expect(error!.message, `${name}`).to.include(reason);
  }
}

/** The string of an `Error(string)` revert, as a probe contract recorded it. */
export function errorString(returnData: string): string {
  expect(returnData.slice(0, 10), `not an Error(string): ${returnData}`).to.equal("0x08c379a0");
  return AbiCoder.defaultAbiCoder().decode(["string"], dataSlice(returnData, 4))[0] as string;
}

/** 128 KiB: the largest payload the adversarial tests push through each protocol. */
export const KIB_128 = 128 * 1024;
