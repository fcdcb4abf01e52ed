// The raw rate of a destination chain: `count` plain contract calls (BenchSink.hit()) sent the way
// the relayer sends its transactions — eth_sendTransaction from an impersonated account with the gas
// and the chain's fee fields given (so the provider neither estimates nor looks fees up), one at a
// time under automine, each followed by its receipt (Chain.send, the relayer's own path); and the same
// calls as many to a block as the relayer puts there.
import type { Chain } from "../src/chain.js";
import type { World } from "../src/world.js";

import { BLOCK_TRANSACTIONS, sendInOneBlock } from "../src/block-batch.js";

import { impersonated, now, sinkIface } from "./lib.js";

/** An account nobody has a key for: the node signs for it only because it is impersonated. */
export const BASELINE_ACCOUNT = "0x00000000000000000000000000000000000B3e7C";

export interface RawRate {
  chain: string;
  count: number;
  ms: number;
  perSecond: number;
}

export async function measureRawRate(
  chain: Chain,
  sink: string,
  count: number,
): Promise<RawRate> {
  const from = await impersonated(chain, BASELINE_ACCOUNT);
  const data = sinkIface.encodeFunctionData("hit");
  const start = now();
  for (let i = 0; i < count; i++) {
    const receipt = await chain.send({ from, to: sink, data, gas: 100_000n });
    if (receipt.status !== "0x1")
      throw new Error(`bench: plain call ${i} on ${chain.name} reverted`);
  }
  const ms = now() - start;
  return { chain: chain.name, count, ms, perSecond: (count * 1000) / ms };
}

/**
 * The raw rate at the relayer's transactions per block: the same `count` plain calls, queued with the
 * chain's automine held and mined BLOCK_TRANSACTIONS to a block through the engine's held block
 * (src/block-batch.ts), the path the OP autorelayer sends its relays by; every receipt read.
 */
export async function measureRawRateInBlocks(
  world: World,
  chain: Chain,
  sink: string,
  count: number,
): Promise<RawRate & { perBlock: number }> {
  const from = await impersonated(chain, BASELINE_ACCOUNT);
  const data = sinkIface.encodeFunctionData("hit");
  const txs = Array.from({ length: count }, () => ({
    from,
    to: sink,
    data,
    gas: 100_000n,
  }));
  const start = now();
  const outcomes = await sendInOneBlock(world, chain, txs);
  const ms = now() - start;
  const failed = outcomes.findIndex((outcome) => outcome.kind !== "mined");
  if (failed !== -1)
    throw new Error(`bench: plain call ${failed} on ${chain.name} failed`);
  return {
    chain: chain.name,
    count,
    ms,
    perSecond: (count * 1000) / ms,
    perBlock: BLOCK_TRANSACTIONS,
  };
}
