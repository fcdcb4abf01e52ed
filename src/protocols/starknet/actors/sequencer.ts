import type {
  ActorTxFailure,
  ActorTxOutcome,
} from "../../../actor-transaction.js";
import type { BatchedOutcome } from "../../../block-batch.js";
import type { TxFields } from "../../../chain.js";
import type { AdvanceOptions } from "../../types.js";
import type { L1Outcomes } from "../chain-reads.js";
import type { StarknetContext } from "../context.js";
import type { StarknetMessage } from "../details.js";
import type { StarknetInstance } from "../instance.js";

import { HardhatPluginError } from "hardhat/plugins";

import { sendActorTransaction } from "../../../actor-transaction.js";
import { HeldBlock } from "../../../block-batch.js";
import { PLUGIN_ID } from "../../../constants.js";
import { L2_MESSAGING_ADDRESS } from "../addresses.js";
import { handlerStatus, l1Outcomes } from "../chain-reads.js";
import { isFelt } from "../codec/felt.js";
import { l1ToL2Facts } from "../context.js";
import { refreshL1ToL2 } from "../logs.js";

/** Gas the sequencer gives an l1-handler transaction (project). */
const HANDLER_GAS = 10_000_000n;
/** Payloads up to this many words fit HANDLER_GAS without an estimate (project). */
const SMALL_PAYLOAD_WORDS = 256;
/** EIP-7825's per-transaction gas cap, in force on the chains' hardfork. */
const TX_GAS_CAP = 16_777_216n;

/** The sequencer: delivers confirmed L1→L2 messages in nonce order. */
export async function runSequencer(
  ctx: StarknetContext,
  instance: StarknetInstance,
  options: AdvanceOptions,
): Promise<number> {
  let actions = 0;
  const confirmations = ctx.world.config.starknet.l1Confirmations;
  const registry = ctx.world.registry;
  const done = (id: string) => {
    instance.state.open = instance.state.open.filter((openId) => openId !== id);
  };
  let l1Head: number | undefined; // read once, and again after mining
  let gone: L1Outcomes | undefined; // what L1 says of the open messages, read once
  const ready: Array<{ message: StarknetMessage; tx: TxFields }> = [];
  for (const id of [...instance.state.open]) {
    const message = registry.get(id, "starknet")!;
    if (
      message.stage !== "awaiting-confirmations" &&
      message.stage !== "confirmed"
    ) {
      done(id); // handled, failed, cancelled or being cancelled: the sequencer skips it for good
      continue;
    }
    const facts = l1ToL2Facts(message);
    if (ctx.world.faults.isHeld(id)) continue;
    if (ctx.world.faults.isDropped(id)) {
      facts.undeliverable =
        "the sequencer dropped it (fault injection): its sender may cancel it";
      refreshL1ToL2(ctx, message);
      done(id);
      continue;
    }
    l1Head ??= await ctx.world.l1.blockNumber();
    const depth = l1Head - facts.l1Block;
    if (depth < confirmations) {
      if (!options.clock) break; // later nonces are no deeper
      await ctx.world.mine(confirmations - depth);
      l1Head = undefined;
      actions += 1;
    }
    if (message.stage === "awaiting-confirmations")
      registry.update(message, "ready", "confirmed");
    gone ??= await l1Outcomes(ctx, instance, facts.l1Block);
    const prepared = await prepareDelivery(ctx, instance, message, gone);
    if ("tx" in prepared) {
      ready.push({ message, tx: prepared.tx });
      continue;
    }
    actions += prepared.actions;
    // A send that got no answer is tried again next pass, after asking the chain whether it was mined;
    // later nonces wait, so messages are still handled in nonce order.
    if (facts.unanswered !== undefined) break;
    done(id);
  }
  for (const { message, actions: delivered } of await sendDeliveries(
    ctx,
    instance,
    ready,
  )) {
    actions += delivered;
    if (l1ToL2Facts(message).unanswered !== undefined) break;
    done(message.id);
  }
  return actions;
}

/**
 * Sends the l1-handler transactions of `ready` (in nonce order) in one block when the L2 mines
 * automatically, as a StarkNet sequencer includes many l1-handler transactions per block, else one
 * at a time; and records each outcome in that order. After a send lost in transport nothing later is
 * sent: later nonces wait for the next pass, as when sent one at a time.
 */
async function sendDeliveries(
  ctx: StarknetContext,
  instance: StarknetInstance,
  ready: Array<{ message: StarknetMessage; tx: TxFields }>,
): Promise<Array<{ message: StarknetMessage; actions: number }>> {
  const l2 = instance.chain;
  const results: Array<{ message: StarknetMessage; actions: number }> = [];
  const block =
    ready.length > 1 ? await HeldBlock.open(ctx.world, l2) : undefined;
  if (block === undefined) {
    for (const { message, tx } of ready) {
      const outcome = await sendActorTransaction(ctx.world, l2, tx);
      results.push({
        message,
        actions: await finishDelivery(ctx, instance, message, outcome),
      });
      if (outcome.kind === "transport") break;
    }
    return results;
  }
  const sent: Array<{
    message: StarknetMessage;
    hash?: string;
    failure?: ActorTxFailure;
  }> = [];
  let outcomes: BatchedOutcome[];
  try {
    for (const { message, tx } of ready) {
      const submitted = await block.submit(tx);
      sent.push(
        "hash" in submitted
          ? { message, hash: submitted.hash }
          : { message, failure: submitted.failure },
      );
      if ("failure" in submitted && submitted.failure.kind === "transport")
        break;
    }
  } finally {
    outcomes = await block.mine();
  }
  const byHash = new Map(outcomes.map((mined) => [mined.hash, mined.outcome]));
  for (const { message, hash, failure } of sent) {
    const outcome = hash !== undefined ? byHash.get(hash)! : failure!;
    results.push({
      message,
      actions: await finishDelivery(ctx, instance, message, outcome),
    });
  }
  return results;
}

/**
 * The L1→L2 messages of `instance` that StarknetCore no longer holds as pending (consumed or
 * cancelled) or whose cancellation was requested, by nonce: one eth_getLogs from `fromBlock` (no
 * earlier message of those asked about was sent) to the L1 head, instead of two eth_calls
 * (`l1ToL2Messages`, `l1ToL2MessageCancellations`) per message. The core changes those values only
 * with these events, so the answer is the chain state at the head.

/** One delivery of an L1→L2 message, after the sequencer's checks against chain state. */
export async function deliver(
  ctx: StarknetContext,
  instance: StarknetInstance,
  message: StarknetMessage,
  l1?: L1Outcomes,
): Promise<number> {
  const prepared = await prepareDelivery(ctx, instance, message, l1);
  if (!("tx" in prepared)) return prepared.actions;
  const outcome = await sendActorTransaction(
    ctx.world,
    instance.chain,
    prepared.tx,
  );
  return await finishDelivery(ctx, instance, message, outcome);
}

/**
 * The sequencer's checks against chain state before a delivery: the l1-handler transaction to send,
 * or the actions taken instead (already handled, undeliverable, cancelled, too large).
 */
async function prepareDelivery(
  ctx: StarknetContext,
  instance: StarknetInstance,
  message: StarknetMessage,
  l1?: L1Outcomes,
): Promise<{ tx: TxFields } | { actions: number }> {
  const facts = l1ToL2Facts(message);
  const l2 = instance.chain;
  // l1HandlerStatus: only the sequencer handles messages, and it has seen every handled one in
  // the L2 logs, except when told nothing (a manual delivery): then the chain is asked.
  if (l1 === undefined || facts.unanswered !== undefined) {
    const status = await handlerStatus(ctx, l2, message.nonce);
    if (status !== 0) {
      facts.unanswered = undefined;
      return { actions: 0 }; // already handled (the unanswered send was mined after all): its L2 log tells the outcome
    }
  }
  if (
    !isFelt(facts.toAddress) ||
    !isFelt(facts.selector) ||
    facts.payload.some((word) => !isFelt(word))
  ) {
    facts.undeliverable =
      "a field of the message is not a felt (>= P): the sequencer cannot deliver it";
    refreshL1ToL2(ctx, message);
    return { actions: 1 };
  }
  const outcomes = l1 ?? (await l1Outcomes(ctx, instance, facts.l1Block));
  if (
    outcomes.notPending.has(message.nonce) ||
    outcomes.requested.has(message.nonce)
  )
    return { actions: 0 }; // cancelled or being cancelled: skipped for good
  const tx = {
    from: ctx.actors.sequencer,
    to: L2_MESSAGING_ADDRESS,
    data: ctx.l2.encodeFunctionData("handleL1Message", [
      BigInt(facts.fromAddress),
      facts.toAddress,
      facts.selector,
      facts.payload,
      message.nonce,
      facts.fee,
    ]),
  };
  // 10M gas covers the messaging contract's own work for payloads up to a few hundred words; a larger
  // one gets what its estimate says, within what one L2 transaction may use.
  let gas = HANDLER_GAS;
  if (facts.payload.length > SMALL_PAYLOAD_WORDS) {
    const cap = BigInt(
      Math.min(Number((await l2.block("latest")).gasLimit), Number(TX_GAS_CAP)),
    );
    try {
      const estimate = BigInt(await l2.rpc<string>("eth_estimateGas", [tx]));
      if (estimate > cap)
        throw new Error(
          `it needs ${estimate} gas, more than one L2 transaction may use (${cap})`,
        );
      gas = (estimate * 12n) / 10n > gas ? (estimate * 12n) / 10n : gas;
      if (gas > cap) gas = cap;
    } catch (error) {
      // Even all the gas a transaction may have cannot complete the l1-handler transaction: like a
      // reverted l1 handler, the message stays pending on L1, where its sender may cancel it.
      facts.reverted = `the l1-handler transaction cannot complete: ${(error as Error).message.split("\n")[0]}`;
      refreshL1ToL2(ctx, message);
      return { actions: 1 };
    }
  }
  return { tx: { ...tx, gas } };
}

/** Records how a delivery's l1-handler transaction ended. */
async function finishDelivery(
  ctx: StarknetContext,
  instance: StarknetInstance,
  message: StarknetMessage,
  outcome: ActorTxOutcome,
): Promise<number> {
  const facts = l1ToL2Facts(message);
  const l2 = instance.chain;
  if (outcome.kind === "transport") {
    // Nothing is known to be mined: not a revert. The next pass reads l1HandlerStatus and sends again if 0.
    facts.unanswered = outcome.reason;
    ctx.lastError = `StarkNet sequencer: handleL1Message of message ${message.id} got no answer from ${l2.name} (${facts.unanswered}); it is tried again next pass`;
    return 1;
  }
  facts.unanswered = undefined;
  if (outcome.kind === "reverted" && outcome.receipt !== undefined) {
    // A node that does not throw on failed transactions mined it reverted (its reason, if the replay
    // gave one, follows the hash): like a reverted handler, the message stays pending on L1.
    facts.reverted = `the l1-handler ${outcome.reason}`;
    refreshL1ToL2(ctx, message);
    return 1;
  }
  if (outcome.kind !== "mined") {
    const status = await handlerStatus(ctx, l2, message.nonce);
    if (status !== 0) return 0; // handled meanwhile (by another sequencer): its L2 log tells the outcome
    if (outcome.kind === "refused") {
      // Neither the protocol's outcome nor a lost answer (an unfunded sequencer, a node refusing the
      // transaction): the message stays where it is, and the cause is surfaced.
      const reason = `the sequencer could not send handleL1Message for message ${message.id} on ${l2.name}: ${outcome.reason}`;
      ctx.world.registry.update(message, message.status, message.stage, {
        error: reason,
      });
      throw new HardhatPluginError(
        PLUGIN_ID,
        `StarkNet ${reason}`,
        outcome.error,
      );
    }
    // A mined revert of the l1-handler transaction: like a reverted handler, the message stays pending on L1.
    facts.reverted = `the l1-handler transaction reverted: ${outcome.reason}`;
    refreshL1ToL2(ctx, message);
    return 1;
  }
  await ctx.world.ingest(l2, outcome.receipt.logs);
  return 1;
}
