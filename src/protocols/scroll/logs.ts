import type { L1ToL2Facts, L2ToL1Facts } from "./details.js";
import type { QueuedEntry, ScrollContext, ScrollInstance } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { LogWatch, RpcLog } from "../types.js";

import { hexlify } from "ethers";

import {
  L2_MESSAGE_QUEUE_ADDRESS,
  L2_SCROLL_MESSENGER_ADDRESS,
} from "./addresses.js";
import {
  DROP_TRANSACTION_TOPIC,
  SCROLL_TOPICS,
  readAppendMessage,
  readBatchEvent,
  readDropTransaction,
  readQueueTransaction,
  readSentMessage,
} from "./codec/events.js";
import { queueEntryHash } from "./codec/queue-entry.js";
import { messageHash, readXDomainCalldata } from "./codec/xdomain-message.js";
import {
  SKIPPED_ERROR,
  depositFacts,
  instanceOf,
  markBusy,
} from "./instance.js";
import { applyOutcome, onOutcome } from "./outcomes.js";
import { batchOf } from "./rebuild.js";
import {
  refreshWithdrawal,
  refreshWithdrawals,
  reproveClaims,
} from "./withdrawals.js";

/** The addresses and topics of the Scroll logs on the L1 and on each Scroll chain. */
export function watch(ctx: ScrollContext, chain: Chain): LogWatch | undefined {
  if (chain === ctx.world.l1) {
    const instances = [...ctx.instances.values()];
    return {
      addresses: instances.flatMap((instance) => [
        instance.l1.L1ScrollMessenger,
        instance.l1.L1MessageQueue,
        instance.l1.ZKRollup,
      ]),
      topics: [
        SCROLL_TOPICS.QueueTransaction,
        SCROLL_TOPICS.RelayedMessage,
        SCROLL_TOPICS.FailedRelayedMessage,
        DROP_TRANSACTION_TOPIC,
        SCROLL_TOPICS.CommitBatch,
        SCROLL_TOPICS.FinalizeBatch,
      ],
    };
  }
  if (ctx.instances.has(chain.name)) {
    return {
      addresses: [L2_SCROLL_MESSENGER_ADDRESS, L2_MESSAGE_QUEUE_ADDRESS],
      topics: [
        SCROLL_TOPICS.SentMessage,
        SCROLL_TOPICS.AppendMessage,
        SCROLL_TOPICS.RelayedMessage,
        SCROLL_TOPICS.FailedRelayedMessage,
      ],
    };
  }
  return undefined;
}

/** Reads new Scroll logs of `chain` into the messages and the relayer's state. */
export async function onLogs(
  ctx: ScrollContext,
  chain: Chain,
  logs: RpcLog[],
): Promise<void> {
  if (chain === ctx.world.l1) {
    const byAddress = new Map<string, ScrollInstance>();
    for (const instance of ctx.instances.values()) {
      for (const address of [
        instance.l1.L1ScrollMessenger,
        instance.l1.L1MessageQueue,
        instance.l1.ZKRollup,
      ])
        byAddress.set(address.toLowerCase(), instance);
    }
    for (const log of logs) {
      const instance = byAddress.get(log.address.toLowerCase());
      if (instance !== undefined) await onL1Log(ctx, instance, log);
    }
  } else {
    const instance = instanceOf(ctx, chain);
    for (const log of logs) await onL2Log(ctx, instance, log);
    // A claim made before every leaf of its batch was read (a rebuild reads a SentMessage before
    // the later AppendMessages of its batch) is proven again over the leaves now known.
    const appended = logs
      .filter((log) => log.topics[0] === SCROLL_TOPICS.AppendMessage)
      .map((log) => Number(log.blockNumber));
    if (appended.length > 0)
      reproveClaims(ctx, instance, Math.min(...appended));
  }
}

async function onL1Log(
  ctx: ScrollContext,
  instance: ScrollInstance,
  log: RpcLog,
): Promise<void> {
  const topic = log.topics[0];
  const registry = ctx.world.registry;
  if (topic === DROP_TRANSACTION_TOPIC) {
    // dropMessage pops every copy of a skipped message; its value went back to the sender's callback.
    const entry = instance.state.queued[Number(readDropTransaction(log))];
    const message =
      entry === undefined ? undefined : registry.get(entry.messageId, "scroll");
    if (message !== undefined && message.status !== "cancelled") {
      registry.update(message, "cancelled", "dropped", {
        destinationTx: log.transactionHash,
        error: undefined,
      });
    }
    return;
  }
  if (
    topic === SCROLL_TOPICS.CommitBatch ||
    topic === SCROLL_TOPICS.FinalizeBatch
  ) {
    // Batches committed or finalized by any relayer (this one included) are chain state.
    const index = Number(readBatchEvent(log).batchIndex);
    const batches = instance.state.batches;
    if (topic === SCROLL_TOPICS.CommitBatch && index === batches.length) {
      const { skippedIndices, ...batch } = await batchOf(ctx, instance, log);
      batches.push(batch);
      for (const queueIndex of skippedIndices.filter(
        (skipped) => !instance.state.skipped.includes(skipped),
      )) {
        instance.state.skipped.push(queueIndex);
        onSkipped(ctx, instance, queueIndex);
      }
    } else if (
      topic === SCROLL_TOPICS.FinalizeBatch &&
      batches[index] !== undefined &&
      !batches[index].finalized
    ) {
      batches[index].finalized = true;
    } else {
      return;
    }
    refreshWithdrawals(ctx, instance);
    return;
  }
  if (topic === SCROLL_TOPICS.QueueTransaction) {
    const queued = readQueueTransaction(log);
    const queueIndex = Number(queued.queueIndex);
    if (instance.state.queued[queueIndex] !== undefined) return;
    const { data, gasLimit } = queued;
    const { message: sent, hash } = readXDomainCalldata(data);
    const id = `scroll:${instance.chain.chainId}:l1:${sent.nonce}`;
    const entry: QueuedEntry = {
      queueIndex,
      gasLimit,
      data,
      entryHash: queueEntryHash({
        queueIndex: queued.queueIndex,
        gasLimit,
        target: queued.target,
        value: queued.value,
        data,
        sender: queued.sender,
      }),
      l1Block: Number(log.blockNumber),
      messageId: id,
    };
    instance.state.queued[queueIndex] = entry;
    const known = registry.get(id, "scroll");
    if (known === undefined) {
      const facts: L1ToL2Facts = {
        direction: "l1-l2",
        queueIndices: [queueIndex],
        gasLimit,
        l1Block: entry.l1Block,
      };
      registry.add({
        id,
        protocol: "scroll",
        from: ctx.world.l1.name,
        to: instance.chain.name,
        sender: sent.from,
        target: sent.to,
        value: sent.value,
        data: hexlify(sent.message),
        nonce: sent.nonce,
        hash,
        status: "pending",
        stage: "awaiting-confirmations",
        sourceTx: log.transactionHash,
        sourceBlock: entry.l1Block,
        sentAt:
          log.blockTimestamp !== undefined
            ? Number(log.blockTimestamp)
            : Number((await ctx.world.l1.block(entry.l1Block)).timestamp),
        details: facts,
      });
      instance.state.byHash["l1-l2"][hash] = id;
    } else {
      // replayMessage: the same message queued again with a new gas limit.
      const facts = depositFacts(known);
      facts.queueIndices.push(queueIndex);
      facts.gasLimit = gasLimit;
      facts.l1Block = entry.l1Block;
      if (known.status !== "relayed")
        registry.update(known, "pending", "awaiting-confirmations");
    }
    // A rebuilt relayer learns the skips from the chains before it reads the queue.
    if (instance.state.skipped.includes(queueIndex))
      onSkipped(ctx, instance, queueIndex);
    return;
  }
  // RelayedMessage / FailedRelayedMessage on L1: the claim of an L2→L1 message.
  if (
    topic !== SCROLL_TOPICS.RelayedMessage &&
    topic !== SCROLL_TOPICS.FailedRelayedMessage
  )
    return;
  onOutcome(
    ctx,
    instance,
    "l2-l1",
    log,
    "claim-failed",
    "the target reverted; claim again with relayMessageWithProof",
  );
}

async function onL2Log(
  ctx: ScrollContext,
  instance: ScrollInstance,
  log: RpcLog,
): Promise<void> {
  const topic = log.topics[0];
  const registry = ctx.world.registry;
  const block = Number(log.blockNumber);
  if (topic === SCROLL_TOPICS.AppendMessage) {
    const appended = readAppendMessage(log);
    const index = Number(appended.index);
    const leaf = appended.messageHash;
    if (index < instance.state.leaves.length) return;
    instance.trie.append(leaf);
    instance.state.leaves.push(leaf);
    instance.state.leafBlocks.push(block);
    markBusy(instance, block);
    return;
  }
  if (topic === SCROLL_TOPICS.SentMessage) {
    const sent = readSentMessage(log);
    const nonce = sent.nonce;
    const id = `scroll:${instance.chain.chainId}:l2:${nonce}`;
    if (registry.has(id)) return;
    const hash = messageHash(sent);
    const facts: L2ToL1Facts = {
      direction: "l2-l1",
      l2Block: block,
      leafIndex: Number(nonce),
    };
    registry.add({
      id,
      protocol: "scroll",
      from: instance.chain.name,
      to: ctx.world.l1.name,
      sender: sent.from,
      target: sent.to,
      value: sent.value,
      data: hexlify(sent.message),
      nonce,
      hash,
      status: "pending",
      stage: "awaiting-batch",
      sourceTx: log.transactionHash,
      sourceBlock: block,
      sentAt:
        log.blockTimestamp !== undefined
          ? Number(log.blockTimestamp)
          : Number((await instance.chain.block(block)).timestamp),
      details: facts,
    });
    instance.state.byHash["l2-l1"][hash] = id;
    instance.state.leafMessages[Number(nonce)] = id;
    refreshWithdrawal(ctx, instance, registry.get(id, "scroll")!);
    const early = instance.state.outcomes[hash];
    if (early !== undefined) {
      delete instance.state.outcomes[hash];
      applyOutcome(ctx, registry.get(id, "scroll")!, early);
    }
    return;
  }
  if (
    topic !== SCROLL_TOPICS.RelayedMessage &&
    topic !== SCROLL_TOPICS.FailedRelayedMessage
  )
    return;
  onOutcome(
    ctx,
    instance,
    "l1-l2",
    log,
    "relay-failed",
    "the target reverted on L2; replayMessage on L1 with a larger gas limit",
  );
}

/** Marks a message failed/skipped when the copy at `queueIndex` is its latest one and it is neither relayed nor dropped. */
function onSkipped(
  ctx: ScrollContext,
  instance: ScrollInstance,
  queueIndex: number,
): void {
  const entry = instance.state.queued[queueIndex];
  const message =
    entry === undefined
      ? undefined
      : ctx.world.registry.get(entry.messageId, "scroll");
  if (
    message === undefined ||
    message.status === "relayed" ||
    message.status === "cancelled"
  )
    return;
  const facts = depositFacts(message);
  if (Math.max(...facts.queueIndices) !== queueIndex) return;
  ctx.world.registry.update(message, "failed", "skipped", {
    error: SKIPPED_ERROR,
  });
}
