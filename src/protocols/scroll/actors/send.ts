import type { Chain, RpcReceipt } from "../../../chain.js";
import type { ScrollContext, ScrollInstance } from "../instance.js";

import { toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "../../../constants.js";
import { revertDataOf } from "../../../revert-decoder.js";
import { firstLine } from "../instance.js";

/** Transport failures in a row after which an actor gives up and names the cause. */
const MAX_TRANSPORT_RETRIES = 5;

/**
 * An actor's L1 transaction. A failure throws a HardhatPluginError naming `what` and the reason,
 * with the node's error as its cause (so a caller can tell a refusal from a lost send).
 */
export async function send(
  ctx: ScrollContext,
  chain: Chain,
  tx: { from: string; to: string; data: string; gas?: bigint },
  what: string,
): Promise<RpcReceipt> {
  let receipt: RpcReceipt;
  try {
    // Batches and updates run to millions of gas: the cap instead of an estimate per transaction
    // (a sender pays for the gas used, not the limit).
    receipt = await chain.send({
      ...tx,
      gas: tx.gas ?? (await chain.maxTransactionGas()),
    });
  } catch (error) {
    const revert = revertDataOf(error);
    const reason =
      revert !== undefined
        ? await ctx.world.describeRevert(revert)
        : firstLine(error);
    throw new HardhatPluginError(
      PLUGIN_ID,
      `Scroll ${what} on ${chain.name} failed: ${reason}`,
      error as Error,
    );
  }
  if (receipt.status === "0x1") return receipt;
  // A node that does not throw on failed transactions (throwOnTransactionFailures: false) mines
  // them: the same call on the block's parent state gives the reason.
  const replay = await chain
    .rpc("eth_call", [
      { from: tx.from, to: tx.to, data: tx.data },
      toQuantity(Number(receipt.blockNumber) - 1),
    ])
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const revert = revertDataOf(replay);
  const reason =
    revert !== undefined ? await ctx.world.describeRevert(revert) : "reverted";
  throw new HardhatPluginError(
    PLUGIN_ID,
    `Scroll ${what} on ${chain.name} failed: transaction ${receipt.transactionHash} ${reason === "reverted" ? "reverted" : `reverted with ${reason}`}`,
    Object.assign(
      new Error(`transaction ${receipt.transactionHash} reverted`),
      { data: revert },
    ),
  );
}

/** Counts a send lost in transport; too many in a row end the pass with the cause (the node is gone, not hiccuping). */
export function transportFailure(
  ctx: ScrollContext,
  instance: ScrollInstance,
  what: string,
  error: unknown,
): void {
  instance.transportFailures += 1;
  ctx.lastError = (error as Error).message;
  if (instance.transportFailures >= MAX_TRANSPORT_RETRIES) {
    instance.transportFailures = 0;
    throw new HardhatPluginError(
      PLUGIN_ID,
      `Scroll ${what} on ${instance.chain.name}: ${MAX_TRANSPORT_RETRIES} sends in a row were lost in transport, the last with: ${firstLine(error)}. Check that the chains' nodes are up, then relay again.`,
      error as Error,
    );
  }
}
