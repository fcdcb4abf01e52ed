import type { AdvanceOptions } from "../../types.js";
import type { ScrollContext, ScrollInstance } from "../instance.js";

import { sendActorTransaction } from "../../../actor-transaction.js";
import { actorsOf } from "../instance.js";
import { refreshWithdrawals } from "../withdrawals.js";

import { prove } from "./prover.js";
import { lostSend, sendError } from "./send.js";

/** MockRollupVerifier's `InvalidProof()`: the one refusal of finalizeBatchWithProof the prover retries. */
const INVALID_PROOF_SELECTOR = "0x09bde339";

/** The finalizer: has the prover prove, and finalizes, committed batches in index order after the proof delay. */
export async function finalize(
  ctx: ScrollContext,
  instance: ScrollInstance,
  options: AdvanceOptions,
  force: boolean,
  upTo = Infinity,
): Promise<number> {
  let actions = 0;
  const state = instance.state;
  for (let index = 1; index < state.batches.length && index <= upTo; index++) {
    const batch = state.batches[index];
    if (batch.finalized) continue;
    if (!force) {
      const due = batch.committedAt + ctx.world.config.scroll.proofDelay;
      const now = Number((await ctx.world.l1.block("pending")).timestamp);
      if (now < due) {
        if (!options.clock) break;
        await ctx.world.time.increaseTo(due);
        actions += 1;
      }
    }
    const rollup = instance.l1.ZKRollup;
    const { prevStateRoot, postStateRoot, withdrawRoot, proof } = await prove(
      ctx,
      instance,
      index,
    );
    const what = `finalizer's finalizeBatchWithProof of batch ${index}`;
    const outcome = await sendActorTransaction(ctx.world, ctx.world.l1, {
      from: actorsOf(ctx).sequencer,
      to: rollup,
      data: ctx.ifaces.rollup.encodeFunctionData("finalizeBatchWithProof", [
        batch.encodedHeader,
        prevStateRoot,
        postStateRoot,
        withdrawRoot,
        proof,
      ]),
    });
    if (outcome.kind !== "mined") {
      const error = sendError(ctx.world.l1, what, outcome);
      const refused =
        outcome.kind === "reverted" &&
        outcome.revertData?.toLowerCase().startsWith(INVALID_PROOF_SELECTOR) ===
          true;
      // Only the verifier's refusal of the proof, or a send lost in transport, is tried again (the
      // batch stays committed and the next pass proves it again); anything else stops with its cause.
      if (!refused && outcome.kind !== "transport") throw error;
      if (refused) ctx.lastError = error.message;
      else lostSend(ctx, instance, what, error);
      actions += 1;
      break;
    }
    instance.lostSends = 0;
    batch.finalized = true;
    actions += 1;
  }
  if (actions > 0) refreshWithdrawals(ctx, instance);
  return actions;
}
