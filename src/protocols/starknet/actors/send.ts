import type { Chain, RpcReceipt } from "../../../chain.js";
import type { StarknetContext } from "../context.js";

import { revertDataOf } from "../../../revert-decoder.js";
import { isTransportError } from "../../../transport-error.js";
import { errorStringOf, isRevert } from "../failures.js";

/** How an actor's transaction ended. */
export type SendOutcome =
  | { kind: "mined"; receipt: RpcReceipt }
  | { kind: "reverted"; reason: string; refusal?: string; error: Error }
  | { kind: "transport"; reason: string; error: Error }
  | { kind: "refused"; reason: string; error: Error };

/**
 * Sends an actor's L1 transaction and says how it ended: mined, reverted (with the decoded reason
 * and the `Error(string)` refusal, if it is one), a transport error (no answer: maybe mined), or
 * another failure (the node refused it).
 */
export async function sendActorTx(
  ctx: StarknetContext,
  chain: Chain,
  tx: { from: string; to: string; data: string; gas?: bigint },
): Promise<SendOutcome> {
  try {
    // Batches and updates run to millions of gas: the cap instead of an estimate per transaction
    // (a sender pays for the gas used, not the limit).
    const receipt = await chain.send({
      ...tx,
      gas: tx.gas ?? (await chain.maxTransactionGas()),
    });
    // A node that does not throw on failed transactions (throwOnTransactionFailures: false) mines them.
    if (receipt.status !== "0x1") {
      return {
        kind: "reverted",
        reason: `transaction ${receipt.transactionHash} reverted`,
        error: new Error(`transaction ${receipt.transactionHash} reverted`),
      };
    }
    return { kind: "mined", receipt };
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    if (isTransportError(error))
      return { kind: "transport", reason, error: error as Error };
    const revert = revertDataOf(error);
    if (revert !== undefined)
      return {
        kind: "reverted",
        reason: await ctx.world.describeRevert(revert),
        refusal: errorStringOf(revert),
        error: error as Error,
      };
    return {
      kind: isRevert(error) ? "reverted" : "refused",
      reason,
      error: error as Error,
    };
  }
}
