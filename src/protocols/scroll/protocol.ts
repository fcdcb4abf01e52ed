import type { ScrollRelayState, ScrollContext } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type { AdvanceOptions, LogWatch, Protocol, RpcLog } from "../types.js";

import { commit, hasUnbatchedWork } from "./actors/batcher.js";
import { finalize } from "./actors/finalizer.js";
import { sequence } from "./actors/sequencer.js";
import { WithdrawTrie } from "./codec/withdraw-trie.js";
import { ScrollHelpers } from "./helpers.js";
import { install, verifyInstalled } from "./install.js";
import { ScrollInstance, createInterfaces, standingSkips } from "./instance.js";
import { onLogs, watch } from "./logs.js";
import { reconcile } from "./rebuild.js";

export {
  L2_SCROLL_MESSENGER_ADDRESS,
  SCROLL_L1_ADDRESSES,
} from "./addresses.js";

/**
 * Scroll: the messengers, queues and ZKRollup of the real "classic" contracts
 * with a signing mock verifier, and the sequencer, batcher, prover and
 * finalizer that move messages between the L1 and a Scroll L2. This class
 * holds each Scroll chain's state and runs the actors in order; the installer
 * (install.ts), the log reader (logs.ts), the actors (actors/) and the
 * `world.scroll` helpers (helpers.ts) do the work.
 */
export class ScrollProtocol extends ScrollHelpers implements Protocol {
  readonly name = "scroll" as const;

  constructor(world: World) {
    const ctx: ScrollContext = {
      world,
      instances: new Map<string, ScrollInstance>(),
      ifaces: createInterfaces(),
      lastError: undefined,
    };
    super(ctx);
    world.chainList
      .filter((chain) => chain.protocol === "scroll")
      .forEach((chain, index) =>
        ctx.instances.set(chain.name, new ScrollInstance(chain, index)),
      );
    if (!standingSkips.has(world)) standingSkips.set(world, new Map());
    for (const [name, instance] of ctx.instances)
      instance.state.skip = [...(standingSkips.get(world)!.get(name) ?? [])];
  }

  async install(chain: Chain): Promise<void> {
    await install(this.ctx, chain);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    await verifyInstalled(this.ctx, chain);
  }

  watch(chain: Chain): LogWatch | undefined {
    return watch(this.ctx, chain);
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    await onLogs(this.ctx, chain, logs);
  }

  async advance(options: AdvanceOptions): Promise<number> {
    let actions = 0;
    for (const instance of this.ctx.instances.values()) {
      if (instance.state.reconcile === true) reconcile(this.ctx, instance);
      if (!this.ctx.world.faults.isPaused("scroll:sequencer"))
        actions += await sequence(this.ctx, instance, options, Infinity, false);
      if (
        (options.clock || options.cut === true) &&
        !this.ctx.world.faults.isPaused("scroll:batcher") &&
        hasUnbatchedWork(instance)
      ) {
        await commit(this.ctx, instance);
        actions += 1;
      }
      if (!this.ctx.world.faults.isPaused("scroll:prover"))
        actions += await finalize(this.ctx, instance, options, false);
    }
    return actions;
  }

  saveState(): unknown {
    return [...this.ctx.instances].map(([name, instance]): SavedInstance => [
      name,
      structuredClone(instance.state),
      instance.trie.nodes(),
    ]);
  }

  loadState(state: unknown): void {
    for (const [name, saved, trie] of state as SavedInstance[]) {
      const instance = this.ctx.instances.get(name)!;
      // World.restore hands every protocol its own copy of the snapshot's state.
      instance.state = saved;
      // The saved nodes are the saved leaves' trie; the leaves stay what a restore trusts.
      instance.trie =
        trie[0]?.length === instance.state.leaves.length
          ? WithdrawTrie.fromNodes(trie)
          : new WithdrawTrie(instance.state.leaves);
      standingSkips.get(this.ctx.world)!.set(name, [...instance.state.skip]);
    }
  }

  /**
   * The last batch (its header is in no contract's storage, only in calldata) and the withdraw
   * trie's leaves: the Solidity-test batcher commits the next batch on them.
   */
  solidityTestFacts(chain: Chain): Record<string, unknown> | undefined {
    const instance = this.ctx.instances.get(chain.name);
    if (instance === undefined) return undefined;
    const batches = instance.state.batches;
    return {
      batchIndex: batches.length - 1,
      batchHeader: batches[batches.length - 1].encodedHeader,
      withdrawLeaves: [...instance.state.leaves],
    };
  }
}

/** One Scroll chain in a world snapshot: its relay state and its withdraw trie's nodes. */
type SavedInstance = [name: string, state: ScrollRelayState, trie: string[][]];

export function createScrollProtocol(world: World): ScrollProtocol {
  return new ScrollProtocol(world);
}
