import type { ScrollMessage } from "./details.js";
import type { ScrollContext, ScrollInstance } from "./instance.js";

import { withdrawalFacts } from "./instance.js";

/**
 * An L2→L1 message's stage from the batches: awaiting-batch → committed → finalized (claimable).
 * A claim-failed message keeps its stage, but its claim is still made again: it must hold too.
 */
export function refreshWithdrawal(
  ctx: ScrollContext,
  instance: ScrollInstance,
  message: ScrollMessage,
): void {
  const facts = withdrawalFacts(message);
  if (message.status === "relayed") return;
  const batches = instance.state.batches;
  const index = batches.findIndex(
    (batch, i) => i > 0 && batch.lastBlock >= facts.l2Block,
  );
  if (index < 0) return;
  facts.batchIndex = index;
  const finalized = batches.findIndex(
    (batch, i) => i > 0 && batch.finalized && batch.lastBlock >= facts.l2Block,
  );
  if (finalized > 0)
    facts.claim = claimIn(instance, facts.leafIndex, finalized);
  if (message.status === "failed") return;
  ctx.world.registry.update(
    message,
    finalized > 0 ? "ready" : "pending",
    finalized > 0 ? "finalized" : "committed",
  );
}

/** The claim of leaf `leafIndex` in finalized batch `batchIndex`: its proof in the trie of every leaf up to the batch's last block. */
function claimIn(
  instance: ScrollInstance,
  leafIndex: number,
  batchIndex: number,
): { batchIndex: number; merkleProof: string } {
  const lastBlock = instance.state.batches[batchIndex].lastBlock;
  const leafCount = instance.state.leafBlocks.filter(
    (block) => block <= lastBlock,
  ).length;
  return {
    batchIndex,
    merkleProof: instance.trie.proofBytes(leafIndex, leafCount),
  };
}

/** Proves again the claims of unclaimed messages whose batch holds a leaf appended at or after L2 block `fromBlock`. */
export function reproveClaims(
  ctx: ScrollContext,
  instance: ScrollInstance,
  fromBlock: number,
): void {
  for (const id of instance.state.leafMessages) {
    // Read without taking the registry's own copy: only a message whose claim changes is written.
    if (id === undefined) continue;
    const seen = ctx.world.registry.peek(id, "scroll");
    if (seen === undefined || seen.status === "relayed") continue;
    const claim = withdrawalFacts(seen).claim;
    if (
      claim === undefined ||
      instance.state.batches[claim.batchIndex].lastBlock < fromBlock
    )
      continue;
    const facts = withdrawalFacts(ctx.world.registry.require(id, "scroll"));
    facts.claim = claimIn(instance, facts.leafIndex, claim.batchIndex);
  }
}

/** Refreshes from the batches every L2→L1 message that is not relayed and has no claim yet. */
export function refreshWithdrawals(
  ctx: ScrollContext,
  instance: ScrollInstance,
): void {
  for (const id of instance.state.leafMessages) {
    if (id === undefined) continue;
    const seen = ctx.world.registry.peek(id, "scroll");
    if (seen === undefined) continue;
    // A claim, once made, names the first finalized batch holding the message, and batches
    // finalize in order and for good: only messages without one move (a claim-failed one
    // included, when a rebuild read its failed claim before its batch's finalization).
    // Leaves read later re-prove a claim (reproveClaims).
    if (seen.status === "relayed" || withdrawalFacts(seen).claim !== undefined)
      continue;
    refreshWithdrawal(ctx, instance, ctx.world.registry.require(id, "scroll"));
  }
}
