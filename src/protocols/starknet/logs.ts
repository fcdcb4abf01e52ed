import type { StarknetContext } from "./context.js";
import type {
  L1ToL2Facts,
  L2ToL1Facts,
  StarknetMessage,
  StarknetStage,
} from "./details.js";
import type { StarknetInstance } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { MessageStatus } from "../../messages.js";
import type { LogWatch, RpcLog } from "../types.js";

import { AbiCoder, getAddress, toBeHex } from "ethers";

import { logKey } from "../types.js";

import { L2_MESSAGING_ADDRESS } from "./addresses.js";
import {
  STARKNET_TOPICS,
  decodeL1HandlerExecuted,
  decodeL1HandlerReverted,
  decodeLogMessageToL2,
  decodeMessageToL1,
  decodeMessageToL1Sent,
  nonceOfMessageToL2Outcome,
} from "./codec/events.js";
import { l2ToL1MsgHash } from "./codec/message-hash.js";
import { l1ToL2Facts } from "./context.js";
import { newCopies } from "./instance.js";

export function watch(
  ctx: StarknetContext,
  chain: Chain,
): LogWatch | undefined {
  if (chain === ctx.world.l1) {
    return {
      addresses: [...ctx.instances.values()].map((instance) => instance.core),
      topics: [
        STARKNET_TOPICS.LogMessageToL2,
        STARKNET_TOPICS.ConsumedMessageToL2,
        STARKNET_TOPICS.MessageToL2CancellationStarted,
        STARKNET_TOPICS.MessageToL2Canceled,
        STARKNET_TOPICS.LogMessageToL1,
        STARKNET_TOPICS.ConsumedMessageToL1,
      ],
    };
  }
  if (ctx.instances.has(chain.name)) {
    return {
      addresses: [L2_MESSAGING_ADDRESS],
      topics: [
        STARKNET_TOPICS.MessageToL1Sent,
        STARKNET_TOPICS.L1HandlerExecuted,
        STARKNET_TOPICS.L1HandlerReverted,
      ],
    };
  }
  return undefined;
}

export async function onLogs(
  ctx: StarknetContext,
  chain: Chain,
  logs: RpcLog[],
): Promise<void> {
  if (chain === ctx.world.l1) {
    for (const log of logs) {
      const instance = [...ctx.instances.values()].find(
        (candidate) =>
          candidate.core.toLowerCase() === log.address.toLowerCase(),
      );
      if (instance !== undefined) await onL1Log(ctx, instance, log);
    }
  } else {
    const instance = ctx.instance(chain);
    for (const log of logs) await onL2Log(ctx, instance, log);
  }
}

async function onL1Log(
  ctx: StarknetContext,
  instance: StarknetInstance,
  log: RpcLog,
): Promise<void> {
  const topic = log.topics[0];
  const registry = ctx.world.registry;
  if (topic === STARKNET_TOPICS.LogMessageToL2) {
    const event = decodeLogMessageToL2(log);
    const id = instance.l1Id(event.nonce);
    if (registry.has(id)) return;
    const facts: L1ToL2Facts = {
      direction: "l1-l2",
      fromAddress: event.fromAddress,
      toAddress: event.toAddress,
      selector: event.selector,
      payload: event.payload,
      fee: event.fee,
      l1Block: Number(log.blockNumber),
    };
    registry.add({
      id,
      protocol: "starknet",
      from: ctx.world.l1.name,
      to: instance.chain.name,
      sender: event.fromAddress,
      target: feltTarget(event.toAddress),
      value: 0n,
      data: encodeWords(event.payload),
      nonce: event.nonce,
      hash: event.msgHash,
      status: "pending",
      stage: "awaiting-confirmations",
      sourceTx: log.transactionHash,
      sourceBlock: Number(log.blockNumber),
      sentAt:
        log.blockTimestamp !== undefined
          ? Number(log.blockTimestamp)
          : Number(
              (await ctx.world.l1.block(Number(log.blockNumber))).timestamp,
            ),
      details: facts,
    });
    instance.state.open.push(id);
    return;
  }
  if (
    topic === STARKNET_TOPICS.LogMessageToL1 ||
    topic === STARKNET_TOPICS.ConsumedMessageToL1
  ) {
    const event = decodeMessageToL1(log);
    const hash = l2ToL1MsgHash(
      event.fromAddress,
      event.toAddress,
      event.payload,
    );
    const entry = (instance.state.l2ToL1[hash] ??= newCopies());
    (topic === STARKNET_TOPICS.LogMessageToL1
      ? entry.updated
      : entry.consumed
    ).add(logKey(log));
    refreshL2ToL1(
      ctx,
      hash,
      instance,
      topic === STARKNET_TOPICS.ConsumedMessageToL1
        ? log.transactionHash
        : undefined,
    );
    return;
  }
  const named = [
    STARKNET_TOPICS.ConsumedMessageToL2,
    STARKNET_TOPICS.MessageToL2CancellationStarted,
    STARKNET_TOPICS.MessageToL2Canceled,
  ];
  if (!named.includes(topic)) return;
  // These events name an L1→L2 message by its fields and its nonce.
  const message = registry.get(
    instance.l1Id(nonceOfMessageToL2Outcome(log)),
    "starknet",
  );
  if (message === undefined) return;
  const facts = l1ToL2Facts(message);
  if (topic === STARKNET_TOPICS.ConsumedMessageToL2) {
    facts.consumed = true;
  } else if (topic === STARKNET_TOPICS.MessageToL2CancellationStarted) {
    facts.cancellationRequestedAt = Number(
      (await ctx.world.l1.block(Number(log.blockNumber))).timestamp,
    );
  } else if (topic === STARKNET_TOPICS.MessageToL2Canceled) {
    facts.cancelled = true;
  }
  refreshL1ToL2(ctx, message, log.transactionHash);
}

async function onL2Log(
  ctx: StarknetContext,
  instance: StarknetInstance,
  log: RpcLog,
): Promise<void> {
  const topic = log.topics[0];
  const registry = ctx.world.registry;
  const block = Number(log.blockNumber);
  const logIndex = Number(log.logIndex);
  if (topic === STARKNET_TOPICS.MessageToL1Sent) {
    const event = decodeMessageToL1Sent(log);
    const id = `starknet:${instance.chain.chainId}:l2:${block}:${logIndex}`;
    if (registry.has(id)) return;
    const facts: L2ToL1Facts = {
      direction: "l2-l1",
      fromAddress: event.fromAddress,
      toAddress: event.toAddress,
      payload: event.payload,
      l2Block: block,
      logIndex,
    };
    const timestamp =
      log.blockTimestamp !== undefined
        ? Number(log.blockTimestamp)
        : Number((await instance.chain.block(block)).timestamp);
    registry.add({
      id,
      protocol: "starknet",
      from: instance.chain.name,
      to: ctx.world.l1.name,
      sender: feltTarget(event.fromAddress),
      target: event.toAddress,
      value: 0n,
      data: encodeWords(event.payload),
      nonce: BigInt(instance.state.l2ToL1Count++),
      hash: event.msgHash,
      status: "pending",
      stage: "awaiting-state-update",
      sourceTx: log.transactionHash,
      sourceBlock: block,
      sentAt: timestamp,
      details: facts,
    });
    (instance.state.l2ToL1[event.msgHash] ??= newCopies()).ids.push(id);
    if (block > updatedThrough(instance)) {
      instance.state.forNextUpdate.push({
        kind: "l2-l1",
        block,
        logIndex,
        from: event.fromAddress,
        to: event.toAddress,
        payload: event.payload,
      });
    }
    refreshL2ToL1(ctx, event.msgHash, instance);
    return;
  }
  if (topic === STARKNET_TOPICS.L1HandlerExecuted) {
    const event = decodeL1HandlerExecuted(log);
    const message = registry.get(instance.l1Id(event.nonce), "starknet");
    if (
      block > updatedThrough(instance) &&
      !instance.state.forNextUpdate.some(
        (carried) => carried.kind === "l1-l2" && carried.nonce === event.nonce,
      )
    ) {
      instance.state.forNextUpdate.push({
        kind: "l1-l2",
        block,
        logIndex,
        from: event.fromAddress,
        to: BigInt(event.toAddress),
        nonce: event.nonce,
        selector: event.selector,
        payload: event.payload,
      });
    }
    if (message !== undefined) {
      Object.assign(l1ToL2Facts(message), {
        handled: true,
        handledTx: log.transactionHash,
      } satisfies Partial<L1ToL2Facts>);
      refreshL1ToL2(ctx, message, log.transactionHash);
    }
    return;
  }
  if (topic === STARKNET_TOPICS.L1HandlerReverted) {
    const event = decodeL1HandlerReverted(log);
    const message = registry.get(instance.l1Id(event.nonce), "starknet");
    if (message !== undefined) {
      l1ToL2Facts(message).reverted = await ctx.world.describeRevert(
        event.revertData,
      );
      refreshL1ToL2(ctx, message, log.transactionHash);
    }
  }
}

/** The highest L2 block a state update has covered (-1 before the first). */
function updatedThrough(instance: StarknetInstance): number {
  return instance.state.lastUpdated ?? -1;
}

/** Recomputes an L1→L2 message's status from what has been seen of it. */
export function refreshL1ToL2(
  ctx: StarknetContext,
  message: StarknetMessage,
  tx?: string,
): void {
  const facts = l1ToL2Facts(message);
  let status: MessageStatus;
  let stage: StarknetStage;
  let error: string | undefined;
  if (facts.consumed === true) [status, stage] = ["relayed", "consumed"];
  else if (facts.cancelled === true && facts.handled === true)
    [status, stage, error] = [
      "failed",
      "cancelled-after-handling",
      doubleSpend(message.nonce, facts.handledTx),
    ];
  else if (facts.cancelled === true)
    [status, stage] = ["cancelled", "cancelled"];
  else if (facts.handled === true) [status, stage] = ["relayed", "handled"];
  else if (facts.cancellationRequestedAt !== undefined)
    [status, stage] = ["pending", "cancellation-requested"];
  else if (facts.undeliverable !== undefined)
    [status, stage, error] = ["failed", "undeliverable", facts.undeliverable];
  else if (facts.reverted !== undefined)
    [status, stage, error] = ["failed", "handler-reverted", facts.reverted];
  else return;
  const fields: { error?: string; destinationTx?: string } = { error };
  if (stage === "handled" || stage === "handler-reverted")
    fields.destinationTx = tx ?? message.destinationTx;
  if (stage === "cancelled-after-handling")
    fields.destinationTx = facts.handledTx;
  ctx.world.registry.update(message, status, stage, fields);
}

/** L2→L1 messages sharing a hash become ready, then consumed, in the order they were sent. */
function refreshL2ToL1(
  ctx: StarknetContext,
  hash: string,
  instance: StarknetInstance,
  consumeTx?: string,
): void {
  const entry = instance.state.l2ToL1[hash];
  if (entry === undefined) return;
  const [consumed, updated] = [entry.consumed.size, entry.updated.size];
  const registry = ctx.world.registry;
  // Many messages may share a hash: each is read as it is and written only when it moves.
  entry.ids.forEach((id, i) => {
    const seen = registry.peek(id, "starknet");
    if (seen === undefined) return;
    if (i < consumed) {
      if (seen.status !== "relayed")
        registry.update(
          registry.require(id, "starknet"),
          "relayed",
          "consumed",
          {
            destinationTx: consumeTx,
          },
        );
    } else if (
      i < updated &&
      (seen.status !== "ready" || seen.stage !== "state-updated")
    ) {
      registry.update(
        registry.require(id, "starknet"),
        "ready",
        "state-updated",
      );
    }
  });
}

/** The error of an L1→L2 message handled on L2 and then cancelled on L1. */
function doubleSpend(nonce: bigint, handledTx: string | undefined): string {
  return (
    `double spend: L1→L2 message ${nonce} was handled on L2 (its l1 handler ran${handledTx !== undefined ? ` in ${handledTx}` : ""}) ` +
    "and then cancelled on L1 by its sender, so L1 refunded what L2 already credited. On StarkNet a state update consumes a " +
    "handled message within hours, long before its cancellation delay; here the clock passed the delay first. " +
    "StarknetCore no longer holds the message, so state updates leave it out."
  );
}

function feltTarget(felt: bigint): string {
  return felt < 1n << 160n ? getAddress(toBeHex(felt, 20)) : toBeHex(felt, 32);
}

function encodeWords(words: bigint[]): string {
  return AbiCoder.defaultAbiCoder().encode(["uint256[]"], [words]);
}
