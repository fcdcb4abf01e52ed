/**
 * The chains' half of a world snapshot: one `evm_snapshot` per chain, and the `evm_revert` that
 * brings them all back (the relayer's half is in World.snapshot).
 */
import type { Chain } from "./chain.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

/** Snapshots every chain: the snapshot id of each, by chain name. */
export async function snapshotChains(
  chains: readonly Chain[],
): Promise<Map<string, string>> {
  const snapshots = new Map<string, string>();
  await Promise.all(
    chains.map(async (chain) =>
      snapshots.set(chain.name, await chain.rpc<string>("evm_snapshot")),
    ),
  );
  return snapshots;
}

/**
 * Reverts every chain to its snapshot in `snapshots`, then snapshots it again in place: a node
 * forgets a snapshot once reverted to, and the world snapshot must stay usable. Throws naming the
 * chains whose snapshot is gone (an older one was restored after it was taken).
 */
export async function revertChains(
  chains: readonly Chain[],
  snapshots: Map<string, string>,
): Promise<void> {
  const results = await Promise.all(
    chains.map(
      async (chain) =>
        [
          chain.name,
          await chain.rpc<boolean>("evm_revert", [snapshots.get(chain.name)]),
        ] as const,
    ),
  );
  const lost = results.filter(([, ok]) => !ok).map(([name]) => name);
  if (lost.length > 0) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `The snapshot can no longer be restored on ${lost.join(", ")}: an older snapshot was restored after it was taken.`,
    );
  }
  await Promise.all(
    chains.map(async (chain) =>
      snapshots.set(chain.name, await chain.rpc<string>("evm_snapshot")),
    ),
  );
}
