/** The `world.starknet` helpers: deliver one L1→L2 message now, update state now, a cancellation's time. */
import type { StarknetContext } from "./context.js";
import type { StarknetMessage } from "./details.js";
import type { Message } from "../../messages.js";

import { isMessageOf } from "../../messages.js";

import { deliver as deliverL1ToL2 } from "./actors/sequencer.js";
import { close, submit } from "./actors/state-updater.js";
import { storedBlockNumber } from "./chain-reads.js";
import { fail, l1ToL2Facts } from "./context.js";

function starknetMessage(
  ctx: StarknetContext,
  messageOrId: Message | string,
): StarknetMessage {
  const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
  const message = ctx.world.registry.require(id);
  if (!isMessageOf(message, "starknet"))
    fail(
      `Message ${id} is a ${message.protocol} message, not a StarkNet message.`,
    );
  return message;
}

/** Delivers one L1→L2 message now, as the sequencer would once it is confirmed (the confirmation wait is skipped). */
export async function deliver(
  ctx: StarknetContext,
  messageOrId: Message | string,
): Promise<StarknetMessage> {
  const message = starknetMessage(ctx, messageOrId);
  if (message.details.direction !== "l1-l2")
    fail(
      `Message ${message.id} goes from L2 to L1: it is consumed on L1, not delivered.`,
    );
  const instance = ctx.instance(message.to);
  if (
    message.status === "pending" &&
    message.stage === "awaiting-confirmations"
  )
    ctx.world.registry.update(message, "ready", "confirmed");
  await deliverL1ToL2(ctx, instance, message);
  const unanswered = l1ToL2Facts(message).unanswered;
  if (unanswered !== undefined) {
    fail(
      `StarkNet sequencer: handleL1Message of message ${message.id} got no answer from ${instance.chain.name} (${unanswered}); the relayer tries it again on its next pass.`,
    );
  }
  instance.state.open = instance.state.open.filter(
    (openId) => openId !== message.id,
  );
  return structuredClone(message);
}

/**
 * Closes every L2 block so far into a state update, has the mock prover
 * register its fact and the operator submit it on L1, now (the proof delay is skipped).
 */
export async function updateState(
  ctx: StarknetContext,
  chainName?: string,
): Promise<{ blockNumber: number; output: bigint[]; fact: string }> {
  const instance =
    chainName !== undefined
      ? ctx.instance(chainName)
      : ([...ctx.instances.values()][0] ??
        fail("This world has no StarkNet chain."));
  await ctx.world.relay(); // read every log first, so the update carries every message
  const stored = await storedBlockNumber(ctx, instance);
  const head = await instance.chain.blockNumber();
  if (instance.state.closed === undefined && BigInt(head) <= stored) {
    fail(
      `Nothing to update: StarknetCore's state of ${instance.chain.name} is already at L2 block ${stored}, the L2 head. ` +
        "A state update must cover a new L2 block: send an L2 transaction (or mine an L2 block) first.",
    );
  }
  let closed = instance.state.closed;
  if (closed === undefined) {
    closed = await close(ctx, instance);
    if (closed === undefined)
      fail(
        `The StarkNet state update of ${instance.chain.name} failed: ${ctx.lastError}`,
      );
    instance.state.closed = closed;
  }
  if (!(await submit(ctx, instance, closed))) {
    fail(
      `The StarkNet state update of ${instance.chain.name} through L2 block ${closed.toBlock} failed: ${ctx.lastError}`,
    );
  }
  // What the chain holds now, not what was meant.
  const now = await storedBlockNumber(ctx, instance);
  if (now !== BigInt(closed.toBlock)) {
    fail(
      `The StarkNet state update of ${instance.chain.name} through L2 block ${closed.toBlock} was sent, but StarknetCore's state is at L2 block ${now}.`,
    );
  }
  return {
    blockNumber: closed.toBlock,
    output: closed.output.map((word) => BigInt(word)),
    fact: closed.fact,
  };
}

/** The timestamp from which `cancelL1ToL2Message` succeeds for a message whose cancellation was started. */
export async function cancellableAt(
  ctx: StarknetContext,
  messageOrId: Message | string,
): Promise<number | undefined> {
  const message = starknetMessage(ctx, messageOrId);
  const instance = ctx.instance(message.to);
  const requested = BigInt(
    await ctx.world.l1.rpc<string>("eth_call", [
      {
        to: instance.core,
        data: ctx.core.encodeFunctionData("l1ToL2MessageCancellations", [
          message.hash,
        ]),
      },
      "latest",
    ]),
  );
  return requested === 0n
    ? undefined
    : Number(requested) + ctx.world.config.starknet.cancellationDelay;
}
