import type { RpcBlock } from "../../../chain.js";
import type { BatchV0, RpcTransaction } from "../codec/batch.js";
import type { ScrollContext, ScrollInstance } from "../instance.js";

import { toQuantity } from "ethers";

import {
  buildBatchV0,
  chunkBlockFromRpc,
  isL1MessageTransaction,
  splitIntoChunks,
} from "../codec/batch.js";
import { MAX_NUM_TX_IN_CHUNK, actorsOf, fail } from "../instance.js";
import { refreshWithdrawals } from "../withdrawals.js";

import { send } from "./send.js";

/** Most L2 transaction bytes in one batch: its commitBatch must fit one L1 transaction (project). */
const MAX_BATCH_BYTES = 200_000;
/** Most transactions (L1 messages included) in one batch, for the same reason (project). */
const MAX_BATCH_TXS = 1_000;

/** Whether an L2 block after the last batch holds something a batch must carry. */
export function hasUnbatchedWork(instance: ScrollInstance): boolean {
  const last =
    instance.state.batches[instance.state.batches.length - 1].lastBlock;
  return instance.state.busyBlocks.some((block) => block > last);
}

/** The batcher: commits the L2 blocks after the last batch (at most `batchBlocks`) as a version-0 batch. */
export async function commit(
  ctx: ScrollContext,
  instance: ScrollInstance,
  toBlock?: number,
): Promise<number> {
  const state = instance.state;
  const chain = instance.chain;
  const parent = state.batches[state.batches.length - 1];
  const head = await chain.blockNumber();
  const first = parent.lastBlock + 1;
  const last = Math.min(
    toBlock ?? head,
    first + ctx.world.config.scroll.batchBlocks - 1,
  );
  if (last < first)
    fail(
      `Scroll chain ${chain.name} has no L2 block after the last batch (block ${parent.lastBlock}) to commit.`,
    );
  const blocks = [];
  const skipped: boolean[] = [];
  let bytes = 0;
  let count = 0;
  let end = first - 1;
  for (let n = first; n <= last; n++) {
    const block = await chain.rpc<RpcBlock<RpcTransaction>>(
      "eth_getBlockByNumber",
      [toQuantity(n), true],
    );
    const popped = state.popped[n] ?? [];
    const chunkBlock = chunkBlockFromRpc(block, popped, (tx) =>
      isL1MessageTransaction(tx, instance.alias),
    );
    const size = chunkBlock.l2Transactions.reduce(
      (sum, tx) => sum + (tx.length - 2) / 2,
      0,
    );
    // Keep commitBatch's calldata and work within one L1 transaction's gas (EIP-7623 floor, EIP-7825 cap).
    const txs = chunkBlock.context.numTransactions;
    if (
      blocks.length > 0 &&
      (bytes + size > MAX_BATCH_BYTES || count + txs > MAX_BATCH_TXS)
    )
      break;
    bytes += size;
    count += txs;
    end = n;
    for (const entry of popped) skipped.push(entry.skipped);
    blocks.push(chunkBlock);
  }
  const batch: BatchV0 = buildBatchV0(
    parent.header,
    splitIntoChunks(blocks, MAX_NUM_TX_IN_CHUNK),
    skipped,
  );
  await send(
    ctx,
    ctx.world.l1,
    {
      from: actorsOf(ctx).sequencer,
      to: instance.l1.ZKRollup,
      data: ctx.ifaces.rollup.encodeFunctionData("commitBatch", [
        0,
        parent.encodedHeader,
        batch.chunks,
        batch.skippedL1MessageBitmap,
      ]),
    },
    `batcher's commitBatch of batch ${state.batches.length}`,
  );
  state.batches.push({
    header: batch.header,
    encodedHeader: batch.encodedHeader,
    batchHash: batch.batchHash,
    lastBlock: end,
    committedAt: Number((await ctx.world.l1.block("latest")).timestamp),
    finalized: false,
  });
  refreshWithdrawals(ctx, instance);
  return state.batches.length - 1;
}
