// About 420 lines: one actor, the sequencer, whose two ways of sending (a held block, one at a
// time) share the booking of each queue index in queue order.
import type {
  ActorTxFailure,
  ActorTxOutcome,
} from "../../../actor-transaction.js";
import type { BatchedOutcome } from "../../../block-batch.js";
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
import { HeldBlock } from "../../../block-batch.js";
import { L2_SCROLL_MESSENGER_ADDRESS } from "../addresses.js";
import { SKIPPED_ERROR, depositFacts, markBusy } from "../instance.js";

import { lostSend } from "./send.js";

/** One queue index a pass reached, in queue order: relayed, or skipped (fault injection). */
interface Step {
  entry: QueuedEntry;
  message: ScrollMessage;
  skip: boolean;
}

/** How one relay ended, as the sequencer books it. */
type RelayEnd =
  /** Mined, with status 1 or 0: an L1 message transaction pops its queue index either way. */
  | { kind: "included"; receipt: RpcReceipt; revertData?: string }
  /** The L2 refused the transaction outright (e.g. a gas limit above its block gas limit). */
  | { kind: "refused"; error: Error }
  /** Lost in transport and not found mined: where to look for it before it is sent again. */
  | {
      kind: "lost";
      reason: string;
      error: Error;
      nonce: number | undefined;
      fromBlock: number;
    };

/**
 * The sequencer: relays queued L1 messages in queue order once they have the configured L1
 * confirmations, each as an L2 transaction from the aliased L1ScrollMessenger with the message's
 * gas limit. When the L2 mines automatically a pass's relays go many to a block (HeldBlock), as
 * Scroll's sequencer puts the L1 messages it includes at the start of an L2 block; otherwise (and
 * in the pass after a send lost in transport) one at a time. Either way each queue index is booked
 * in queue order once its relay is known: skips attach to the block of the next relay.
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
  const steps: Step[] = [];
  for (
    let index = state.nextQueueIndex;
    index < state.queued.length && index <= upTo;
    index++
  ) {
    const entry = state.queued[index];
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
    steps.push({
      entry,
      message,
      skip: mustSkip(ctx, instance, entry.queueIndex, entry.messageId),
    });
  }
  const relays = steps.filter((step) => !step.skip);
  // After a lost send the next pass relays one at a time: `relay` first looks for the lost one.
  const block =
    relays.length > 1 && instance.unsent === undefined
      ? await HeldBlock.open(ctx.world, instance.chain)
      : undefined;
  const ends =
    block !== undefined
      ? await sendInBlock(ctx, instance, block, relays)
      : undefined;
  for (const step of steps) {
    const { entry, message } = step;
    const end = ends?.get(step);
    if (!step.skip && ends !== undefined && end === undefined) break; // not sent: an earlier send was lost
    // A message moves with its latest copy: an older one (a replay is queued after it) decides nothing.
    const latest = isLatestCopy(message, entry.queueIndex);
    if (latest && message.stage === "awaiting-confirmations")
      ctx.world.registry.update(message, "ready", "confirmed");
    if (step.skip) {
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
    } else if (
      !(end !== undefined
        ? await book(ctx, instance, entry, message, end)
        : await relay(ctx, instance, entry, message))
    ) {
      actions += 1; // sent again on the next pass; later queue indices wait (queue order)
      break;
    }
    state.nextQueueIndex += 1;
    actions += 1;
  }
  return actions;
}

/**
 * Sends `relays` (in queue order) in `block` and mines it; tells how each sent relay ended. After a
 * send lost in transport nothing later is sent: later queue indices wait for the next pass, as when
 * sent one at a time. The lost one may still have reached the node's pool and been mined with the
 * block: its nonce (the alias's nonce before the block, plus the relays queued before it) and the
 * head before the block, both read before anything is sent, say where to look.
 */
async function sendInBlock(
  ctx: ScrollContext,
  instance: ScrollInstance,
  block: HeldBlock,
  relays: readonly Step[],
): Promise<Map<Step, RelayEnd>> {
  const chain = instance.chain;
  const sent: Array<{
    step: Step;
    hash?: string;
    failure?: ActorTxFailure;
    lookFor?: { nonce: number; fromBlock: number };
  }> = [];
  let outcomes: BatchedOutcome[];
  try {
    const firstNonce = Number(
      await chain.rpc<string>("eth_getTransactionCount", [
        instance.alias,
        "latest",
      ]),
    );
    const fromBlock = await chain.blockNumber();
    for (const step of relays) {
      const submitted = await block.submit(
        relayTransaction(instance, step.entry),
      );
      if ("hash" in submitted) {
        sent.push({ step, hash: submitted.hash });
        continue;
      }
      const failure = submitted.failure;
      if (failure.kind !== "transport") {
        sent.push({ step, failure });
        continue;
      }
      // Only sends the node took are queued, and each took the alias's next nonce.
      const nonce = firstNonce + block.queued.length;
      sent.push({ step, failure, lookFor: { nonce, fromBlock } });
      break;
    }
  } finally {
    outcomes = await block.mine();
  }
  const byHash = new Map(outcomes.map((mined) => [mined.hash, mined.outcome]));
  const ends = new Map<Step, RelayEnd>();
  for (const { step, hash, failure, lookFor } of sent) {
    const outcome = hash !== undefined ? byHash.get(hash)! : failure!;
    ends.set(
      step,
      await relayEnd(instance, outcome, lookFor?.nonce, lookFor?.fromBlock),
    );
  }
  return ends;
}

/** The relay of a queue entry: an L1 message transaction from the alias with the message's gas limit. */
function relayTransaction(instance: ScrollInstance, entry: QueuedEntry) {
  return {
    from: instance.alias,
    to: L2_SCROLL_MESSENGER_ADDRESS,
    data: entry.data,
    gas: entry.gasLimit,
  };
}

/**
 * Relays one queue index alone. Returns false when the send failed in transport (nothing known
 * mined): the message stays confirmed and the next pass sends it again.
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
  const unsent =
    instance.unsent?.queueIndex === entry.queueIndex
      ? instance.unsent
      : undefined;
  instance.unsent = undefined;
  // A send lost in transport may still have reached the node: never relay the same index twice.
  const found =
    unsent?.nonce !== undefined
      ? await findRelay(chain, instance.alias, unsent.nonce, unsent.fromBlock)
      : undefined;
  const end: RelayEnd =
    found !== undefined
      ? { kind: "included", receipt: found }
      : await relayEnd(
          instance,
          await sendActorTransaction(
            ctx.world,
            chain,
            relayTransaction(instance, entry),
          ),
          nonce,
        );
  return await book(ctx, instance, entry, message, end);
}

/**
 * How a relay ended, from its send's outcome. A reverted L1 message transaction is still included
 * and still pops its queue index; a send lost in transport is looked for by `nonce` (from
 * `fromBlock`, default two blocks below the head) in case it reached the node.
 */
async function relayEnd(
  instance: ScrollInstance,
  outcome: ActorTxOutcome,
  nonce: number | undefined,
  fromBlock?: number,
): Promise<RelayEnd> {
  const chain = instance.chain;
  if (outcome.kind === "mined")
    return { kind: "included", receipt: outcome.receipt };
  const reverted = outcome.kind === "reverted" ? outcome : undefined;
  const receipt =
    reverted?.receipt ??
    (reverted?.transactionHash !== undefined
      ? await chain.receipt(reverted.transactionHash)
      : nonce !== undefined
        ? await findRelay(
            chain,
            instance.alias,
            nonce,
            fromBlock ?? Math.max(0, (await chain.blockNumber()) - 2),
          )
        : undefined);
  if (receipt !== undefined)
    return { kind: "included", receipt, revertData: reverted?.revertData };
  if (outcome.kind === "transport")
    return {
      kind: "lost",
      reason: outcome.reason,
      error: outcome.error,
      nonce,
      fromBlock: fromBlock ?? (await chain.blockNumber().catch(() => 0)),
    };
  return { kind: "refused", error: outcome.error };
}

/**
 * Books how the relay of `entry` ended, in queue order: an included relay pops the skips pending
 * before it and its own index in its block, and its logs are read; a refused one is skipped. Returns
 * false for a relay lost in transport: the message stays confirmed and the next pass sends it again.
 */
async function book(
  ctx: ScrollContext,
  instance: ScrollInstance,
  entry: QueuedEntry,
  message: ScrollMessage,
  end: RelayEnd,
): Promise<boolean> {
  const chain = instance.chain;
  if (end.kind === "lost") {
    const what = `relay of queue index ${entry.queueIndex}`;
    lostSend(ctx, instance, what, end.error);
    instance.unsent = {
      queueIndex: entry.queueIndex,
      nonce: end.nonce,
      fromBlock: end.fromBlock,
    };
    ctx.world.registry.update(message, "ready", "confirmed", {
      error: `the relay transaction did not reach ${chain.name} (${end.reason}); the sequencer sends it again on its next pass`,
    });
    return false;
  }
  instance.lostSends = 0;
  if (end.kind === "refused") {
    // Like l2geth, the sequencer skips a message the L2 refuses: it is popped as skipped with the next one.
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
        error: `the L2 refused its transaction (${firstLine(end.error)}); dropMessage on L1 once its batch is finalized`,
      });
    }
    return true;
  }
  const receipt = end.receipt;
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
      end.revertData !== undefined && end.revertData !== "0x"
        ? await ctx.world.describeRevert(end.revertData)
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
