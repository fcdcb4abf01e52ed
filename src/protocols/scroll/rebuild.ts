import type { RpcTransaction } from "./codec/batch.js";
import type { Chunk } from "./codec/chunk.js";
import type { BatchRecord, ScrollContext, ScrollInstance } from "./instance.js";
import type { RpcBlock } from "../../chain.js";
import type { RpcLog } from "../types.js";

import { getAddress, toQuantity } from "ethers";

import { mustSkip } from "./actors/sequencer.js";
import { L2_SCROLL_MESSENGER_ADDRESS } from "./addresses.js";
import {
  batchHash,
  decodeSkippedBitmap,
  encodeBatchHeaderV0,
  genesisBatchHeader,
} from "./codec/batch-header.js";
import {
  buildBatchV0,
  decodeChunk,
  isL1MessageTransaction,
} from "./codec/batch.js";
import {
  SCROLL_TOPICS,
  readBatchEvent,
  readQueueTransaction,
} from "./codec/events.js";
import { queueEntryHash } from "./codec/queue-entry.js";
import { readXDomainCalldata } from "./codec/xdomain-message.js";
import { depositFacts, fail, markBusy } from "./instance.js";
import { refreshWithdrawal } from "./withdrawals.js";

/**
 * Rebuilds the batcher's and the sequencer's state from the chains alone: the
 * committed batches from their commitBatch calldata, and which L2 block popped
 * which queue index since the last batch from the relay transactions.
 */
export async function rebuild(
  ctx: ScrollContext,
  instance: ScrollInstance,
): Promise<void> {
  const l1 = ctx.world.l1;
  const state = instance.state;
  const logs = await l1.rpc<RpcLog[]>("eth_getLogs", [
    {
      fromBlock: "0x0",
      toBlock: "latest",
      address: instance.l1.ZKRollup,
      topics: [[SCROLL_TOPICS.CommitBatch, SCROLL_TOPICS.FinalizeBatch]],
    },
  ]);
  const finalized = new Set(
    logs
      .filter((log) => log.topics[0] === SCROLL_TOPICS.FinalizeBatch)
      .map((log) => Number(readBatchEvent(log).batchIndex)),
  );
  for (const log of logs.filter(
    (commit) => commit.topics[0] === SCROLL_TOPICS.CommitBatch,
  )) {
    const index = Number(readBatchEvent(log).batchIndex);
    const committedAt = Number(
      (await l1.block(Number(log.blockNumber))).timestamp,
    );
    if (index === 0) {
      const header = genesisBatchHeader((await instance.chain.block(0)).hash);
      state.batches = [
        {
          header,
          encodedHeader: encodeBatchHeaderV0(header),
          batchHash: batchHash(header),
          lastBlock: 0,
          committedAt,
          finalized: true,
        },
      ];
      continue;
    }
    const { skippedIndices, ...batch } = await batchOf(ctx, instance, log);
    state.batches.push({ ...batch, finalized: finalized.has(index) });
    state.skipped.push(...skippedIndices);
  }
  if (state.batches.length === 0)
    fail(
      `Scroll chain ${instance.chain.name} has no genesis batch on ZKRollup ${instance.l1.ZKRollup}.`,
    );

  // Relays after the last batch. Each names its queue index only through its fields (an L1 message
  // transaction's queue index is not in an ordinary transaction): it carries the first index at or
  // after the sequencer's position whose queued (gas limit, calldata) it has. The indices it passes
  // were skipped, and the block pops them with it, as the sequencer does. An index the standing skip
  // names is never the one relayed (a replay with the original's gas limit has the same fields).
  const queued = await queuedOnL1(ctx, instance);
  const last = state.batches[state.batches.length - 1];
  let next = Number(last.header.totalL1MessagePopped);
  const head = await instance.chain.blockNumber();
  for (let n = last.lastBlock + 1; n <= head; n++) {
    const block = await instance.chain.rpc<RpcBlock<RpcTransaction>>(
      "eth_getBlockByNumber",
      [toQuantity(n), true],
    );
    for (const tx of block.transactions) {
      if (!isL1MessageTransaction(tx, instance.alias)) continue;
      let relayedIndex = next;
      while (
        relayedIndex < queued.length &&
        !(
          carries(tx, queued[relayedIndex]) &&
          !mustSkip(ctx, instance, relayedIndex, queued[relayedIndex].messageId)
        )
      )
        relayedIndex++;
      if (relayedIndex >= queued.length) {
        fail(
          `Cannot rebuild Scroll chain ${instance.chain.name}: transaction ${tx.hash} in L2 block ${n} comes from the L1 messenger's alias ` +
            `but carries no L1 message queued at or after queue index ${next}.`,
        );
      }
      const popped = (state.popped[n] ??= []);
      for (; next < relayedIndex; next++) {
        popped.push({ entryHash: queued[next].entryHash, skipped: true });
        state.skipped.push(next);
      }
      popped.push({
        entryHash: queued[relayedIndex].entryHash,
        skipped: false,
      });
      markBusy(instance, n);
      next = relayedIndex + 1;
    }
  }
  state.nextQueueIndex = next;
  state.reconcile = true;
}

/** Every L1 message queued for this chain, by queue index, read from the L1MessageQueue's logs. */
async function queuedOnL1(
  ctx: ScrollContext,
  instance: ScrollInstance,
): Promise<
  Array<{
    gasLimit: bigint;
    data: string;
    entryHash: string;
    messageId: string;
  }>
> {
  const logs = await ctx.world.l1.rpc<RpcLog[]>("eth_getLogs", [
    {
      fromBlock: "0x0",
      toBlock: "latest",
      address: instance.l1.L1MessageQueue,
      topics: [SCROLL_TOPICS.QueueTransaction],
    },
  ]);
  const queued: Array<{
    gasLimit: bigint;
    data: string;
    entryHash: string;
    messageId: string;
  }> = [];
  for (const log of logs) {
    const queuedTx = readQueueTransaction(log);
    const { message } = readXDomainCalldata(queuedTx.data);
    queued[Number(queuedTx.queueIndex)] = {
      gasLimit: queuedTx.gasLimit,
      data: queuedTx.data,
      entryHash: queueEntryHash({
        queueIndex: queuedTx.queueIndex,
        gasLimit: queuedTx.gasLimit,
        target: queuedTx.target,
        value: queuedTx.value,
        data: queuedTx.data,
        sender: queuedTx.sender,
      }),
      messageId: `scroll:${instance.chain.chainId}:l1:${message.nonce}`,
    };
  }
  return queued;
}

/** Whether an L2 transaction from the alias is the relay of this queued message (same target, calldata and gas limit). */
export function carries(
  tx: { to: string | null; input: string; gas: string },
  entry: { gasLimit: bigint; data: string } | undefined,
): boolean {
  return (
    entry !== undefined &&
    tx.to !== null &&
    getAddress(tx.to) === getAddress(L2_SCROLL_MESSENGER_ADDRESS) &&
    BigInt(tx.gas) === entry.gasLimit &&
    tx.input.toLowerCase() === entry.data.toLowerCase()
  );
}

/** A committed batch read back from its commitBatch calldata, checked against the rollup's batch hash. */
export async function batchOf(
  ctx: ScrollContext,
  instance: ScrollInstance,
  log: RpcLog,
): Promise<BatchRecord & { skippedIndices: number[] }> {
  const l1 = ctx.world.l1;
  const state = instance.state;
  const committed = readBatchEvent(log);
  const index = Number(committed.batchIndex);
  const committedAt = Number(
    (await l1.block(Number(log.blockNumber))).timestamp,
  );
  const entryHash = async (queueIndex: bigint) =>
    await l1.rpc<string>("eth_call", [
      {
        to: instance.l1.L1MessageQueue,
        data: ctx.ifaces.l1Queue.encodeFunctionData("getCrossDomainMessage", [
          queueIndex,
        ]),
      },
      "latest",
    ]);
  const rollup = ctx.ifaces.rollup;
  const tx = await l1.rpc<{ input: string }>("eth_getTransactionByHash", [
    log.transactionHash,
  ]);
  const call = rollup.decodeFunctionData("commitBatch", tx.input);
  const [parentEncoded, encodedChunks, bitmap]: [string, string[], string] = [
    call[1],
    call[2],
    call[3],
  ];
  const parent = state.batches[index - 1];
  if (
    parent === undefined ||
    parent.encodedHeader.toLowerCase() !== parentEncoded.toLowerCase()
  ) {
    fail(
      `Cannot rebuild Scroll batch ${index} of ${instance.chain.name}: its parent header is not the batch before it.`,
    );
  }
  const chunks = encodedChunks.map(decodeChunk);
  const count = chunks.reduce(
    (total, chunk) =>
      total +
      chunk.blocks.reduce(
        (inChunk, block) => inChunk + block.context.numL1Messages,
        0,
      ),
    0,
  );
  const skipped = decodeSkippedBitmap(bitmap, count);
  let queueIndex = parent.header.totalL1MessagePopped;
  let position = 0;
  const filled: Chunk[] = [];
  const skippedIndices: number[] = [];
  for (const chunk of chunks) {
    const blocks = [];
    for (const block of chunk.blocks) {
      const hashes: string[] = [];
      for (
        let k = 0;
        k < block.context.numL1Messages;
        k++, position++, queueIndex++
      ) {
        if (!skipped[position]) hashes.push(await entryHash(queueIndex));
        else skippedIndices.push(Number(queueIndex));
      }
      blocks.push({ ...block, l1MessageHashes: hashes });
    }
    filled.push({ blocks });
  }
  const batch = buildBatchV0(parent.header, filled, skipped);
  if (batch.batchHash.toLowerCase() !== committed.batchHash) {
    fail(
      `Cannot rebuild Scroll batch ${index} of ${instance.chain.name}: the rebuilt header hashes to ${batch.batchHash}, the rollup holds ${committed.batchHash}.`,
    );
  }
  const lastChunk = filled[filled.length - 1];
  const lastBlock = Number(
    lastChunk.blocks[lastChunk.blocks.length - 1].context.blockNumber,
  );
  return {
    header: batch.header,
    encodedHeader: batch.encodedHeader,
    batchHash: batch.batchHash,
    lastBlock,
    committedAt,
    finalized: false,
    skippedIndices,
  };
}

/**
 * After a rebuild: a queue index the sequencer already passed whose message
 * still waits had a relay that reverted without any event (out of gas).
 */
export function reconcile(ctx: ScrollContext, instance: ScrollInstance): void {
  instance.state.reconcile = false;
  for (const entry of instance.state.queued) {
    if (
      entry === undefined ||
      entry.queueIndex >= instance.state.nextQueueIndex
    )
      continue;
    const message = ctx.world.registry.get(entry.messageId, "scroll");
    const facts = message === undefined ? undefined : depositFacts(message);
    if (instance.state.skipped.includes(entry.queueIndex)) continue;
    if (
      message !== undefined &&
      message.status === "pending" &&
      facts !== undefined &&
      Math.max(...facts.queueIndices) === entry.queueIndex
    ) {
      ctx.world.registry.update(message, "failed", "relay-failed", {
        error:
          "the L2 transaction reverted; replayMessage on L1 with a larger gas limit",
      });
    }
  }
  for (const message of ctx.world.registry.list({
    protocol: "scroll",
    from: instance.chain.name,
  }))
    refreshWithdrawal(ctx, instance, message);
}
