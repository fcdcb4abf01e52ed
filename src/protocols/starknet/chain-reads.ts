import type { StarknetContext } from "./context.js";
import type { StarknetInstance } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { RpcLog } from "../types.js";

import { toQuantity } from "ethers";

import { L2_MESSAGING_ADDRESS } from "./addresses.js";
import { STARKNET_TOPICS, nonceOfMessageToL2Outcome } from "./codec/events.js";
import { l1ToL2Facts } from "./context.js";

/** What StarknetCore's logs say of L1→L2 messages, by nonce. */
export interface L1Outcomes {
  /** Consumed by a state update or cancelled: `l1ToL2Messages(h) == 0`. */
  notPending: Set<bigint>;
  /** Cancellation requested: `l1ToL2MessageCancellations(h) != 0`. */
  requested: Set<bigint>;
}

/**
 * The L1→L2 messages of `instance` that StarknetCore no longer holds as pending (consumed or
 * cancelled) or whose cancellation was requested, by nonce: one eth_getLogs from `fromBlock` (no
 * earlier message of those asked about was sent) to the L1 head, instead of two eth_calls
 * (`l1ToL2Messages`, `l1ToL2MessageCancellations`) per message. The core changes those values only
 * with these events, so the answer is the chain state at the head.
 */
export async function l1Outcomes(
  ctx: StarknetContext,
  instance: StarknetInstance,
  fromBlock: number,
): Promise<L1Outcomes> {
  const logs = await ctx.world.l1.rpc<RpcLog[]>("eth_getLogs", [
    {
      address: instance.core,
      fromBlock: toQuantity(fromBlock),
      toBlock: "latest",
      topics: [
        [
          STARKNET_TOPICS.ConsumedMessageToL2,
          STARKNET_TOPICS.MessageToL2CancellationStarted,
          STARKNET_TOPICS.MessageToL2Canceled,
        ],
      ],
    },
  ]);
  const outcomes: L1Outcomes = {
    notPending: new Set(),
    requested: new Set(),
  };
  for (const log of logs) {
    const nonce = nonceOfMessageToL2Outcome(log);
    if (log.topics[0] === STARKNET_TOPICS.MessageToL2CancellationStarted)
      outcomes.requested.add(nonce);
    else outcomes.notPending.add(nonce);
  }
  return outcomes;
}

/** StarknetCore's `stateBlockNumber()` (−1 before the first update). */
export async function storedBlockNumber(
  ctx: StarknetContext,
  instance: StarknetInstance,
): Promise<bigint> {
  const raw = await ctx.world.l1.rpc<string>("eth_call", [
    {
      to: instance.core,
      data: ctx.core.encodeFunctionData("stateBlockNumber", []),
    },
    "latest",
  ]);
  return BigInt.asIntN(256, BigInt(raw));
}

/** The L1 block an L1→L2 message was sent in (0 when the registry does not know it). */
export function sentBlock(
  ctx: StarknetContext,
  instance: StarknetInstance,
  nonce: bigint,
): number {
  const message = ctx.world.registry.get(instance.l1Id(nonce), "starknet");
  return message === undefined ? 0 : l1ToL2Facts(message).l1Block;
}

/** `l1HandlerStatus(nonce)` of the L2 messaging contract: 0 while the nonce was never handled. */
export async function handlerStatus(
  ctx: StarknetContext,
  l2: Chain,
  nonce: bigint,
): Promise<number> {
  return Number(
    await l2.rpc<string>("eth_call", [
      {
        to: L2_MESSAGING_ADDRESS,
        data: ctx.l2.encodeFunctionData("l1HandlerStatus", [nonce]),
      },
      "latest",
    ]),
  );
}
