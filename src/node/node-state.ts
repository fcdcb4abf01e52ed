/**
 * `xdm:node --state <file>` around a world: open it (a fresh world with a journal on every chain,
 * or the saved one replayed), and save it. The file's layout and checks are state-file.ts; the
 * chains' histories and their replay are src/world-state.ts.
 */
import type { SavedMessage, StateFile, StateTopology } from "./state-file.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { existsSync, statSync } from "node:fs";
import path from "node:path";

import { HardhatPluginError } from "hardhat/plugins";

import { resolveActors } from "../actors.js";
import { PLUGIN_ID } from "../constants.js";
import { startJournal } from "../state-journal.js";
import { replayHistory } from "../world-state.js";
import { World } from "../world.js";

import { captureState, readStateFile, writeStateFile } from "./state-file.js";

export interface OpenedWorld {
  world: World;
  /** When the world came from the file: its messages whose status the relayer now reads otherwise. */
  restored?: { messages: number; differences: string[] };
}

/** The topology this config runs, as a state file records it (read before any chain starts). */
export function configTopology(hre: HardhatRuntimeEnvironment): StateTopology {
  const { l1, chains, actors } = hre.config.xdm;
  return {
    l1,
    chains: Object.values(chains).map((chain) => ({
      name: chain.name,
      protocol: chain.protocol,
      chainId:
        chain.chainId ??
        Number(
          (hre.config.networks[chain.network] as { chainId?: unknown }).chainId,
        ),
    })),
    actors: Object.fromEntries(
      Object.entries(resolveActors(actors)).flatMap(([name, actor]) =>
        actor === undefined ? [] : [[name, actor.address]],
      ),
    ),
  };
}

/**
 * The world of `xdm:node --state <file>`: the saved one when the file exists (refused before any
 * chain starts when it cannot be loaded), else a fresh one; either way every chain keeps a journal
 * so that it can be saved again.
 */
export async function openWorld(
  hre: HardhatRuntimeEnvironment,
  file: string,
): Promise<OpenedWorld> {
  const directory = path.dirname(path.resolve(file));
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `--state ${file}: the directory ${directory} does not exist, so the state could not be saved there. Create it or name a file in an existing directory.`,
    );
  }
  const state = await readStateFile(file, configTopology(hre));
  if (state === undefined) {
    const world = await World.create(hre, {
      prepare: async (chains) => {
        for (const chain of chains) startJournal(chain.connection);
        return "fresh";
      },
    });
    return { world };
  }
  const world = await World.create(hre, {
    // Each chain begins at its saved genesis time: a replayed block may not be older than its parent.
    networks: Object.fromEntries(
      Object.entries(state.chains).map(([name, history]) => [
        name,
        { initialDate: new Date(history.genesis.timestamp * 1000) },
      ]),
    ),
    prepare: async (chains) => {
      await Promise.all(
        chains.map(async (chain) => {
          const history = state.chains[chain.name];
          await replayHistory(chain, history);
          const raw = Object.fromEntries(
            history.blocks.flatMap((block) =>
              "transactions" in block
                ? block.transactions.flatMap((tx) =>
                    tx.raw !== undefined ? [[tx.hash, tx.raw]] : [],
                  )
                : [],
            ),
          );
          startJournal(chain.connection).load(history.tools, raw);
        }),
      );
      return "replayed";
    },
  });
  // The relayer's view, read from the replayed chains (as a restarted relayer reads it).
  try {
    await world.refresh();
  } catch (error) {
    await world.close();
    throw error;
  }
  return {
    world,
    restored: {
      messages: state.relayer.messages.length,
      differences: statusDifferences(state.relayer.messages, world),
    },
  };
}

/** Saved messages whose status or stage the relayer, reading the replayed chains, sees otherwise. */
function statusDifferences(
  saved: readonly SavedMessage[],
  world: World,
): string[] {
  const now = new Map(world.messages().map((m) => [m.id, m]));
  return saved.flatMap((message) => {
    const current = now.get(message.id);
    if (current === undefined)
      return [`${message.id}: not found on the chains`];
    if (current.status === message.status && current.stage === message.stage)
      return [];
    return [
      `${message.id}: ${message.status}/${message.stage} when saved, ${current.status}/${current.stage} now`,
    ];
  });
}

/** What a save wrote: the file, its size, the relayer's messages and each chain's blocks. */
export interface SavedState {
  file: string;
  bytes: number;
  messages: number;
  blocks: Record<string, number>;
}

/** Saves `world` to `file` (atomically); returns what was written. */
export async function saveWorld(
  world: World,
  file: string,
): Promise<SavedState> {
  const state: StateFile = await captureState(world);
  const bytes = writeStateFile(file, state);
  return {
    file: path.resolve(file),
    bytes,
    messages: state.relayer.messages.length,
    blocks: Object.fromEntries(
      Object.entries(state.chains).map(([name, history]) => [
        name,
        history.blocks.reduce(
          (sum, block) => sum + ("empty" in block ? block.empty : 1),
          0,
        ),
      ]),
    ),
  };
}
