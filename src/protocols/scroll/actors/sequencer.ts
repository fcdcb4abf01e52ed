import type { Chain, RpcReceipt } from "../../../chain.js";
import type { AdvanceOptions } from "../../types.js";
import type { ScrollMessage } from "../details.js";
import type {
  QueuedEntry,
  ScrollContext,
  ScrollInstance,
} from "../instance.js";

import { toQuantity } from "ethers";

import { firstLine, sendActorTransaction } from "../../../actor-transaction.js";
import { L2_SCROLL_MESSENGER_ADDRESS } from "../addresses.js";
import { SKIPPED_ERROR, depositFacts, markBusy } from "../instance.js";

import { lostSend } from "./send.js";

/**
 * The sequencer: relays queued L1 messages in queue order once they have the
 * configured L1 confirmations, each as an L2 transaction from the aliased
 * L1ScrollMessenger with the message's gas limit.
 */
export async function sequence(
  ctx: ScrollContext,
  instance: ScrollInstance,
  options: AdvanceOptions,
  upTo: number,
  force: boolean,
): Promise<number> {
  let actions = 0;
  const state = instance.state;
  const confirmations = ctx.world.config.scroll.l1Confirmations;
  let l1Head: number | undefined; // read once, and again after mining
  while (
    state.nextQueueIndex < state.queued.length &&
    state.nextQueueIndex <= upTo
  ) {
    const entry = state.queued[state.nextQueueIndex];
    if (entry === undefined) break; // a gap: its log has not been read yet
    const message = ctx.world.registry.get(entry.messageId, "scroll")!;
    if (!force && ctx.world.faults.isHeld(entry.messageId)) break; // queue order: later indices wait too
    if (!force) {
      l1Head ??= await ctx.world.l1.blockNumber();
      const depth = l1Head - entry.l1Block;
      if (depth < confirmations) {
        if (!options.clock) break;
        await ctx.world.mine(confirmations - depth);
        l1Head = undefined;
        actions += 1;
      }
    }
    // A message moves with its latest copy: an older one (a replay is queued after it) decides nothing.
    const latest = isLatestCopy(message, entry.queueIndex);
    if (latest && message.stage === "awaiting-confirmations")
      ctx.world.registry.update(message, "ready", "confirmed");
    if (mustSkip(ctx, instance, entry.queueIndex, entry.messageId)) {
      state.pendingSkips.push({ entryHash: entry.entryHash, skipped: true });
      state.skipped.push(entry.queueIndex);
      // An older copy already relayed the message: skipping a later copy changes nothing.
      if (
        latest &&
        message.status !== "relayed" &&
        message.status !== "cancelled"
      ) {
        ctx.world.registry.update(message, "failed", "skipped", {
          error: SKIPPED_ERROR,
        });
      }
    } else if (!(await relay(ctx, instance, entry, message))) {
      actions += 1; // sent again on the next pass; later queue indices wait (queue order)
      break;
    }
    state.nextQueueIndex += 1;
    actions += 1;
  }
  return actions;
}

/**
 * Relays one queue index. Returns false when the send failed in transport (nothing known mined):
 * the message stays confirmed and the next pass sends it again.
 */
export async function relay(
  ctx: ScrollContext,
  instance: ScrollInstance,
  entry: QueuedEntry,
  message: ScrollMessage,
): Promise<boolean> {
  const chain = instance.chain;
  // An in-process node names a reverted transaction in its error; over HTTP the sender's nonce finds it.
  const nonce = chain.isSimulated
    ? undefined
    : Number(
        await chain.rpc<string>("eth_getTransactionCount", [
          instance.alias,
          "latest",
        ]),
      );
  let receipt: RpcReceipt | undefined;
  let revertData: string | undefined;
  const unsent =
    instance.unsent?.queueIndex === entry.queueIndex
      ? instance.unsent
      : undefined;
  instance.unsent = undefined;
  // A send lost in transport may still have reached the node: never relay the same index twice.
  if (unsent?.nonce !== undefined)
    receipt = await findRelay(
      chain,
      instance.alias,
      unsent.nonce,
      unsent.fromBlock,
    );
  if (receipt === undefined) {
    const outcome = await sendActorTransaction(ctx.world, chain, {
      from: instance.alias,
      to: L2_SCROLL_MESSENGER_ADDRESS,
      data: entry.data,
      gas: entry.gasLimit,
    });
    if (outcome.kind === "mined") receipt = outcome.receipt;
    else {
      // A reverted L1 message transaction is still included and still pops its queue index.
      const reverted = outcome.kind === "reverted" ? outcome : undefined;
      revertData = reverted?.revertData;
      receipt =
        reverted?.receipt ??
        (reverted?.transactionHash !== undefined
          ? await chain.receipt(reverted.transactionHash)
          : nonce !== undefined
            ? await findRelay(
                chain,
                instance.alias,
                nonce,
                Math.max(0, (await chain.blockNumber()) - 2),
              )
            : undefined);
      if (receipt === undefined && outcome.kind === "transport") {
        const what = `relay of queue index ${entry.queueIndex}`;
        lostSend(ctx, instance, what, outcome.error);
        instance.unsent = {
          queueIndex: entry.queueIndex,
          nonce,
          fromBlock: await chain.blockNumber().catch(() => 0),
        };
        ctx.world.registry.update(message, "ready", "confirmed", {
          error: `the relay transaction did not reach ${chain.name} (${outcome.reason}); the sequencer sends it again on its next pass`,
        });
        return false;
      }
      if (receipt === undefined) {
        // The L2 refused the transaction outright (e.g. a gas limit above its block gas limit): like
        // l2geth, the sequencer skips the message; it is popped as skipped with the next one.
        instance.state.pendingSkips.push({
          entryHash: entry.entryHash,
          skipped: true,
        });
        instance.state.skipped.push(entry.queueIndex);
        if (
          isLatestCopy(message, entry.queueIndex) &&
          message.status !== "relayed" &&
          message.status !== "cancelled"
        ) {
          ctx.world.registry.update(message, "failed", "skipped", {
            error: `the L2 refused its transaction (${firstLine(outcome.error)}); dropMessage on L1 once its batch is finalized`,
          });
        }
        instance.lostSends = 0;
        return true;
      }
    }
  }
  instance.lostSends = 0;
  const block = Number(receipt.blockNumber);
  const popped = (instance.state.popped[block] ??= []);
  popped.push(...instance.state.pendingSkips, {
    entryHash: entry.entryHash,
    skipped: false,
  });
  instance.state.pendingSkips = [];
  markBusy(instance, block);
  instance.relaying = entry.queueIndex;
  try {
    await ctx.world.ingest(instance.chain, receipt.logs);
  } finally {
    instance.relaying = undefined;
  }
  if (
    receipt.status !== "0x1" &&
    message.status !== "relayed" &&
    isLatestCopy(message, entry.queueIndex)
  ) {
    const reason =
      revertData !== undefined && revertData !== "0x"
        ? await ctx.world.describeRevert(revertData)
        : "out of gas";
    ctx.world.registry.update(message, "failed", "relay-failed", {
      destinationTx: receipt.transactionHash,
      error: `the L2 transaction reverted (${reason}); replayMessage on L1 with a larger gas limit`,
    });
  }
  return true;
}

/** The relay transaction `from` sent with `nonce`, looked for in the blocks from `fromBlock` to the head. */
async function findRelay(
  chain: Chain,
  from: string,
  nonce: number,
  fromBlock: number,
): Promise<RpcReceipt | undefined> {
  const head = await chain.blockNumber();
  for (let n = head; n >= Math.max(0, fromBlock); n--) {
    const block = await chain.rpc<{
      transactions: Array<{ hash: string; from: string; nonce: string }>;
    }>("eth_getBlockByNumber", [toQuantity(n), true]);
    const tx = block.transactions.find(
      (candidate) =>
        candidate.from.toLowerCase() === from.toLowerCase() &&
        Number(candidate.nonce) === nonce,
    );
    if (tx !== undefined) return await chain.receipt(tx.hash);
  }
  return undefined;
}

/** Whether the standing fault injection tells the sequencer to skip this queue index. */
export function mustSkip(
  ctx: ScrollContext,
  instance: ScrollInstance,
  queueIndex: number,
  messageId: string,
): boolean {
  return (
    instance.state.skip.includes(queueIndex) ||
    ctx.world.faults.isDropped(messageId)
  );
}

/** Whether the copy of an L1→L2 message at `queueIndex` is its latest one (no replay queued after it). */
function isLatestCopy(message: ScrollMessage, queueIndex: number): boolean {
  return Math.max(...depositFacts(message).queueIndices) === queueIndex;
}
