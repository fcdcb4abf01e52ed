import type { StarknetContext } from "../context.js";
import type { StarknetInstance } from "../instance.js";

import { sendActorTransaction } from "../../../actor-transaction.js";
import {
  PROGRAM_HASH,
  sharpFact,
  stateTransitionFact,
} from "../codec/program-output.js";
import { fail } from "../context.js";

/**
 * The mock prover: registers in MockFactRegistry the SHARP fact of a closed program output, so that
 * StarknetCore's updateState accepts it. Returns false when the registration got no answer (the range
 * is closed again next pass); throws on any other failure.
 */
export async function registerFact(
  ctx: StarknetContext,
  instance: StarknetInstance,
  output: bigint[],
  fact: string,
): Promise<boolean> {
  const l1 = ctx.world.l1;
  // The mock prover registers the fact of exactly this output, nothing else; a failing one
  // (fault injection) proves another output.
  const proven = ctx.world.faults.takeBadProof("starknet")
    ? sharpFact(PROGRAM_HASH, stateTransitionFact([...output, 0n], 0n, 0n))
    : fact;
  const registered = await sendActorTransaction(ctx.world, l1, {
    from: ctx.actors.prover,
    to: instance.registry,
    data: ctx.registry.encodeFunctionData("registerFact", [proven]),
  });
  if (registered.kind === "transport") {
    ctx.lastError = `StarkNet prover: registerFact got no answer from ${l1.name} (${registered.reason}); the range is closed again next pass`;
    return false;
  }
  if (registered.kind !== "mined")
    fail(
      `StarkNet prover: registerFact on ${l1.name} failed: ${registered.reason}`,
      registered.error,
    );
  return true;
}
