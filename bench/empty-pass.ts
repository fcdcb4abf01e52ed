// Item 4: a relay pass with nothing new (world.relay() after everything settled) at 0, 1,000 and
// 10,000 messages in the relayer's history, median of several passes; also what a snapshot and a
// restore cost once the history is long.
import type { HistoryBuilder } from "./history.js";
import type { World } from "../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  historyBuilder,
  HISTORY_MESSAGES_PER_TX,
  HISTORY_ROUND,
} from "./history.js";
import { alignClocks, log, median, now, toMB } from "./lib.js";
import { RpcProfile } from "./rpc-profile.js";

/** The pass at the longest history must stay within this factor of the pass at none. */
export const EMPTY_PASS_TARGET_FACTOR = 2;

export interface EmptyPassPoint {
  history: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  passes: number;
  /** JSON-RPC requests one empty pass makes, by method. */
  rpc: Record<string, number>;
  snapshotMs: number;
  restoreMs: number;
  /**
   * A pass that does move something: relayAll settling one new message of every model (five), median
   * of 3 from the same state. Shows the per-pass costs that grow with history, which an empty pass skips.
   */
  fiveNewMs: number;
  /** The process's RSS once this much history is built, before the point's passes and snapshots. */
  rssMB: number;
  /** Time to build this much history on top of the previous point. */
  buildMs?: number;
  buildRelayAllMs?: number;
}

export interface EmptyPassResult {
  points: EmptyPassPoint[];
  factor: number;
  target: number;
  verdict: "PASS" | "MISS";
  howBuilt: string;
}

async function emptyPasses(
  world: World,
  passes: number,
): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  for (let i = 0; i < 3; i++) await world.relay(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const start = now();
    const report = await world.relay();
    times.push(now() - start);
    if (report.actions !== 0 || report.changes.length !== 0)
      throw new Error("bench: an empty relay pass moved something");
  }
  return {
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
  };
}

async function onePassRpc(world: World): Promise<Record<string, number>> {
  const profile = new RpcProfile();
  profile.attach(world);
  try {
    await world.relay();
  } finally {
    profile.detach();
  }
  const byMethod: Record<string, number> = {};
  for (const s of profile.stats())
    byMethod[s.method] = (byMethod[s.method] ?? 0) + s.count;
  return byMethod;
}

async function snapshotRestore(
  world: World,
  times: number,
): Promise<{ snapshotMs: number; restoreMs: number }> {
  const snaps: number[] = [];
  const restores: number[] = [];
  for (let i = 0; i < times; i++) {
    let start = now();
    const snapshot = await world.snapshot();
    snaps.push(now() - start);
    start = now();
    await world.restore(snapshot);
    restores.push(now() - start);
  }
  return { snapshotMs: median(snaps), restoreMs: median(restores) };
}

/** relayAll of one new message of every model, from the same state each time; the median. */
async function fiveNew(
  world: World,
  builder: HistoryBuilder,
  times: number,
): Promise<number> {
  const base = await world.snapshot();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    await builder.sendOneEach();
    await alignClocks(world);
    const start = now();
    await world.relayAll();
    ms.push(now() - start);
    await world.restore(base);
  }
  return median(ms);
}

export async function measureEmptyPass(
  hre: HardhatRuntimeEnvironment,
  options: { steps: number[]; passes: number },
): Promise<EmptyPassResult> {
  const world = await hre.xdm.create();
  try {
    const builder = await historyBuilder(world);
    await world.relayAll();
    const points: EmptyPassPoint[] = [];
    let history = world.messages().length;
    for (const target of options.steps) {
      let built: { ms: number; relayAllMs: number } | undefined;
      if (target > history) {
        const perModel = Math.ceil((target - history) / 5);
        built = await builder.add(perModel);
        history = world.messages().length;
        log(
          `  history: ${history} messages (${(built.ms / 1000).toFixed(1)} s to build, ${(built.relayAllMs / 1000).toFixed(1)} s of it in relayAll)`,
        );
      }
      const rssMB = toMB(process.memoryUsage().rss);
      const timing = await emptyPasses(world, options.passes);
      const rpc = await onePassRpc(world);
      const sr = await snapshotRestore(world, 5);
      const fiveNewMs = await fiveNew(world, builder, 3);
      points.push({
        history,
        ...timing,
        passes: options.passes,
        rpc,
        ...sr,
        fiveNewMs,
        rssMB,
        buildMs: built?.ms,
        buildRelayAllMs: built?.relayAllMs,
      });
      log(
        `  empty pass at ${history} messages: ${timing.medianMs.toFixed(2)} ms (median of ${options.passes}); snapshot ${sr.snapshotMs.toFixed(1)} ms, ` +
          `restore ${sr.restoreMs.toFixed(1)} ms; relayAll of 5 new messages ${fiveNewMs.toFixed(1)} ms; RSS ${rssMB} MB before them`,
      );
    }
    const factor = points[points.length - 1].medianMs / points[0].medianMs;
    return {
      points,
      factor,
      target: EMPTY_PASS_TARGET_FACTOR,
      verdict: factor <= EMPTY_PASS_TARGET_FACTOR ? "PASS" : "MISS",
      howBuilt:
        `messages spread evenly over the five models, ${HISTORY_MESSAGES_PER_TX} per transaction (contracts/bench/BenchHelpers.sol: ` +
        `BenchLooper loops sendMessage / sendMessageToL2, BenchSink.sendToL1 loops sendMessageToL1), settled by world.relayAll() ` +
        `every ${HISTORY_ROUND} messages per model (L1→L2 relayed, L2→L1 finalized / state-updated and left unclaimed)`,
    };
  } finally {
    await world.close();
  }
}
