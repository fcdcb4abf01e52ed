// Shared pieces of the benchmark: clocks, medians, memory sampling, batch sending and gas reading.
import type { Chain, RpcReceipt } from "../src/chain.js";
import type { World } from "../src/world.js";

import { performance } from "node:perf_hooks";

import { Contract, Interface, toQuantity } from "ethers";

export const now = (): number => performance.now();

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function log(text: string): void {
  process.stdout.write(`${text}\n`);
}

export interface MemoryPeak {
  rssMB: number;
  heapUsedMB: number;
}

/** A section's peak, and the RSS it began at: what the sections before it left behind. */
export interface SectionMemory extends MemoryPeak {
  startRssMB: number;
}

/** Samples the process's memory every few ms while the benchmark runs; keeps the peaks, overall and per section. */
export class MemorySampler {
  readonly #peak = { rss: 0, heapUsed: 0 };
  #section = { rss: 0, heapUsed: 0, startRss: 0 };
  readonly sections: Record<string, SectionMemory> = {};
  #timer: NodeJS.Timeout | undefined;

  start(everyMs = 20): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMs);
    this.#timer.unref();
  }

  sample(): void {
    const m = process.memoryUsage();
    for (const peak of [this.#peak, this.#section]) {
      if (m.rss > peak.rss) peak.rss = m.rss;
      if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
    }
  }

  /** Starts a section: its peak counts from now. */
  begin(): void {
    this.sample();
    const m = process.memoryUsage();
    this.#section = { rss: m.rss, heapUsed: m.heapUsed, startRss: m.rss };
  }

  /** Ends the section begun last and records its peak under `name`. */
  end(name: string): void {
    this.sample();
    this.sections[name] = {
      rssMB: toMB(this.#section.rss),
      heapUsedMB: toMB(this.#section.heapUsed),
      startRssMB: toMB(this.#section.startRss),
    };
  }

  get peak(): MemoryPeak {
    return {
      rssMB: toMB(this.#peak.rss),
      heapUsedMB: toMB(this.#peak.heapUsed),
    };
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.sample();
  }
}

export function toMB(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** An eth_sendTransaction of the benchmark: the sender is an account the node signs for. */
export interface TxRequest {
  from: string;
  to: string;
  data: string;
  value?: bigint;
  gas: bigint;
}

function rpcTx(tx: TxRequest): Record<string, string> {
  const params: Record<string, string> = {
    from: tx.from,
    to: tx.to,
    data: tx.data,
    gas: toQuantity(tx.gas),
  };
  if (tx.value !== undefined) params.value = toQuantity(tx.value);
  return params;
}

/**
 * Sends `txs` with automine off and mines them: groups of `perBlock` transactions each mined into one
 * block with evm_mine (more blocks when a group does not fit the block gas limit), automine back on.
 * Returns every receipt in sending order. Gas is given, so nothing is estimated against the pending block.
 */
export async function sendBatched(
  chain: Chain,
  txs: TxRequest[],
  perBlock = Infinity,
): Promise<RpcReceipt[]> {
  const hashes: string[] = [];
  await chain.rpc("evm_setAutomine", [false]);
  try {
    for (let start = 0; start < txs.length; start += perBlock) {
      const group = txs.slice(start, Math.min(txs.length, start + perBlock));
      const groupHashes: string[] = [];
      for (const tx of group)
        groupHashes.push(
          await chain.rpc<string>("eth_sendTransaction", [rpcTx(tx)]),
        );
      hashes.push(...groupHashes);
      // evm_mine fills one block up to its gas limit; whatever does not fit stays in the mempool.
      for (let blocks = 0; ; blocks++) {
        await chain.rpc("evm_mine");
        const last = await chain.rpc<RpcReceipt | null>(
          "eth_getTransactionReceipt",
          [groupHashes[groupHashes.length - 1]],
        );
        if (last !== null) break;
        if (blocks > 1000)
          throw new Error(`bench: ${chain.name} does not mine the batch`);
      }
    }
  } finally {
    await chain.rpc("evm_setAutomine", [true]);
  }
  const receipts: RpcReceipt[] = [];
  for (const hash of hashes) {
    const receipt = await chain.rpc<RpcReceipt | null>(
      "eth_getTransactionReceipt",
      [hash],
    );
    if (receipt === null)
      throw new Error(`bench: ${hash} on ${chain.name} was not mined`);
    if (receipt.status !== "0x1")
      throw new Error(`bench: ${hash} on ${chain.name} reverted`);
    receipts.push(receipt);
  }
  return receipts;
}

export function gasOf(receipt: RpcReceipt): number {
  return Number((receipt as unknown as { gasUsed: string }).gasUsed);
}

export async function receiptOf(
  chain: Chain,
  hash: string,
): Promise<RpcReceipt> {
  const receipt = await chain.rpc<RpcReceipt | null>(
    "eth_getTransactionReceipt",
    [hash],
  );
  if (receipt === null)
    throw new Error(`bench: no receipt for ${hash} on ${chain.name}`);
  return receipt;
}

export const sinkIface = new Interface([
  "function hit()",
  "function hits() view returns (uint256)",
  "function handle(uint256,uint256[])",
  "function sendToL1(uint256,uint256[],uint256)",
]);

/** Deploys BenchSink on `chain` from its first account; returns its address. */
export async function deploySink(chain: Chain): Promise<string> {
  const sink = await chain.ethers.deployContract("BenchSink");
  await sink.waitForDeployment();
  return await sink.getAddress();
}

export async function deployLooper(chain: Chain): Promise<string> {
  const looper = await chain.ethers.deployContract("BenchLooper");
  await looper.waitForDeployment();
  return await looper.getAddress();
}

export async function hitsOf(chain: Chain, sink: string): Promise<bigint> {
  const contract = new Contract(sink, sinkIface, chain.ethers.provider);
  return (await contract.hits()) as bigint;
}

/** The first account of `chain` (a local account: the node signs its transactions for real). */
export async function firstAccount(chain: Chain): Promise<string> {
  const [signer] = await chain.ethers.getSigners();
  return signer.address;
}

/** An account of `chain` the node signs for without its key, funded: what the relayer's actors are. */
export async function impersonated(
  chain: Chain,
  address: string,
): Promise<string> {
  await chain.setBalance(address, 10n ** 24n);
  await chain.impersonate(address);
  return address;
}

/**
 * One block on every chain at a common timestamp (world.time.increaseTo), after the sends and before
 * a relay: no message is then newer than its destination's head. Works around a relayer bug (see
 * FINDINGS.md, F1): OpProtocol.advance keeps the destination's pending timestamp for a whole pass, so
 * in a pass of several seconds a message from a source chain one second ahead gets
 * evm_setNextBlockTimestamp below the destination's head and relayAll throws.
 */
export async function alignClocks(world: World): Promise<void> {
  await world.time.increaseTo((await world.time.latest()) + 1);
}
