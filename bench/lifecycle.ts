// Item 4: creating a default world (hre.xdm.create(): five chains, every system contract installed),
// the first time in the process and afterwards, and a snapshot / restore of one.
import type { Request } from "./rpc-profile.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { log, median, now } from "./lib.js";
import { RpcProfile } from "./rpc-profile.js";

/** A default world after the first must be created in under this many ms. */
export const CREATE_TARGET_MS = 1000;

export interface LifecycleResult {
  firstCreateMs: number;
  createMs: number[];
  medianCreateMs: number;
  target: number;
  verdict: "PASS" | "MISS";
  /** JSON-RPC requests of one create, by method (counted from the moment the chains exist). */
  createRpc: {
    calls: number;
    byMethod: Record<string, number>;
    rpcWaitMs: number;
  };
  closeMs: number;
  snapshotMs: number;
  restoreMs: number;
}

export async function measureLifecycle(
  hre: HardhatRuntimeEnvironment,
  options: { creates: number; snapshots: number },
): Promise<LifecycleResult> {
  // Must run first in the process: the first create also loads the engine's modules and artifacts.
  let start = now();
  const first = await hre.xdm.create();
  const firstCreateMs = now() - start;
  await first.close();
  log(`  first hre.xdm.create(): ${firstCreateMs.toFixed(0)} ms`);

  const createMs: number[] = [];
  const closes: number[] = [];
  for (let i = 0; i < options.creates; i++) {
    start = now();
    const world = await hre.xdm.create();
    createMs.push(now() - start);
    start = now();
    await world.close();
    closes.push(now() - start);
  }
  const medianCreateMs = median(createMs);
  log(
    `  hre.xdm.create() afterwards: ${medianCreateMs.toFixed(0)} ms (median of ${options.creates}: ${createMs.map((m) => m.toFixed(0)).join(", ")})`,
  );

  // What one create asks of the nodes (a separate create, so that counting does not slow the timed ones).
  const createRpc = await countCreateRequests(hre);

  const world = await hre.xdm.create();
  const snaps: number[] = [];
  const restores: number[] = [];
  try {
    for (let i = 0; i < options.snapshots; i++) {
      start = now();
      const snapshot = await world.snapshot();
      snaps.push(now() - start);
      await world.mine(1);
      start = now();
      await world.restore(snapshot);
      restores.push(now() - start);
    }
  } finally {
    await world.close();
  }
  const result: LifecycleResult = {
    firstCreateMs,
    createMs,
    medianCreateMs,
    target: CREATE_TARGET_MS,
    verdict: medianCreateMs < CREATE_TARGET_MS ? "PASS" : "MISS",
    createRpc,
    closeMs: median(closes),
    snapshotMs: median(snaps),
    restoreMs: median(restores),
  };
  log(
    `  snapshot ${result.snapshotMs.toFixed(1)} ms, restore ${result.restoreMs.toFixed(1)} ms (medians of ${options.snapshots})`,
  );
  return result;
}

/**
 * The JSON-RPC requests of one hre.xdm.create(): network.create is wrapped so that each new
 * connection's provider is counted from its first request on.
 */
async function countCreateRequests(
  hre: HardhatRuntimeEnvironment,
): Promise<LifecycleResult["createRpc"]> {
  const profile = new RpcProfile();
  const network = hre.network as unknown as {
    create: (
      ...args: unknown[]
    ) => Promise<{ provider: unknown; close(): Promise<void> }>;
  };
  const own = Object.getOwnPropertyDescriptor(network, "create");
  const original = network.create.bind(network);
  Object.defineProperty(network, "create", {
    configurable: true,
    writable: true,
    value: async (...args: unknown[]) => {
      const connection = await original(...args);
      profile.attachProvider(
        String((args[0] as { network?: string } | undefined)?.network ?? "?"),
        connection.provider as { request: Request },
      );
      return connection;
    },
  });
  try {
    const world = await hre.xdm.create();
    await world.close();
  } finally {
    profile.detach();
    if (own !== undefined) Object.defineProperty(network, "create", own);
    else delete (network as { create?: unknown }).create;
  }
  const byMethod: Record<string, number> = {};
  for (const s of profile.stats())
    byMethod[s.method] = (byMethod[s.method] ?? 0) + s.count;
  return { calls: profile.calls, byMethod, rpcWaitMs: profile.topLevelMs };
}
