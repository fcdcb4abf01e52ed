/**
 * `xdm:node --state <file>`: the file that holds a whole world, so a team resumes where it stopped.
 * Each chain is kept as its history (world-state.ts: blocks and the journal of state tools), which
 * a fresh chain replays; the relayer's messages are kept too, and after a load the relayer reads
 * its view again from the replayed chains (as a restarted relayer does) and the node says where
 * the two differ. A file of another format, plugin version or topology is refused before any chain
 * starts, naming what differs; a write goes to a temporary file renamed over the old one, so a
 * crash mid-write never leaves half a file.
 */
import type { ChainHistory } from "../world-state.js";
import type { World } from "../world.js";

import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { HardhatPluginError } from "hardhat/plugins";

import { packageRoot } from "../artifacts.js";
import { PLUGIN_ID } from "../constants.js";
import { journalOf } from "../state-journal.js";
import { readHistory } from "../world-state.js";

/** What a file says it is; a reader refuses any other. */
export const STATE_FORMAT = "hardhat-xdm-state";
/** The layout of the file: raised whenever a reader of the old layout could misread the new. */
export const STATE_FORMAT_VERSION = 1;

/** What a saved world must share with the node that loads it. */
export interface StateTopology {
  l1: string;
  chains: Array<{ name: string; protocol: string; chainId: number }>;
  /** Every actor's address, by actor name. */
  actors: Record<string, string>;
}

/** A message as the relayer saw it at save time. */
export interface SavedMessage {
  id: string;
  protocol: string;
  status: string;
  stage: string;
}

export interface StateFile {
  format: typeof STATE_FORMAT;
  formatVersion: number;
  pluginVersion: string;
  savedAt: string;
  topology: StateTopology;
  chains: Record<string, ChainHistory>;
  relayer: { messages: SavedMessage[] };
}

/** The version of this plugin, from its package.json. */
export function pluginVersion(): string {
  const manifest = JSON.parse(
    readFileSync(path.join(packageRoot(), "package.json"), "utf8"),
  ) as { version: string };
  return manifest.version;
}

/** The topology of `world` as a state file records it. */
export function topologyOf(world: World): StateTopology {
  return {
    l1: world.config.l1,
    chains: world.chainList.map((chain) => ({
      name: chain.name,
      protocol: chain.protocol,
      chainId: chain.chainId,
    })),
    actors: Object.fromEntries(
      Object.entries(world.actors).flatMap(([name, actor]) =>
        actor === undefined ? [] : [[name, actor.address]],
      ),
    ),
  };
}

/** Every chain's history and the relayer's messages, read from a world started with a journal. */
export async function captureState(world: World): Promise<StateFile> {
  const chains: Record<string, ChainHistory> = {};
  for (const chain of world.chainList) {
    const journal = journalOf(chain.connection);
    if (journal === undefined) {
      fail(
        `Chain "${chain.name}" keeps no journal of its state tools, so its state cannot be saved: only a node started with --state can save.`,
      );
    }
    chains[chain.name] = await readHistory(chain, journal);
  }
  return {
    format: STATE_FORMAT,
    formatVersion: STATE_FORMAT_VERSION,
    pluginVersion: pluginVersion(),
    savedAt: new Date().toISOString(),
    topology: topologyOf(world),
    chains,
    relayer: {
      messages: world.messages().map((message) => ({
        id: message.id,
        protocol: message.protocol,
        status: message.status,
        stage: message.stage,
      })),
    },
  };
}

/** Writes `state` to `file` whole or not at all: a temporary file beside it, renamed over it. */
export function writeStateFile(file: string, state: StateFile): number {
  const text = JSON.stringify(state);
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    fail(
      `Cannot write the state file ${file}: ${(error as Error).message}.`,
      error,
    );
  }
  return Buffer.byteLength(text);
}

/**
 * The state file at `file` if it exists, checked against `expected` (the topology this node runs);
 * undefined when there is no file yet. Throws, naming what differs, for anything it cannot load.
 */
export async function readStateFile(
  file: string,
  expected: StateTopology,
): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    fail(
      `Cannot read the state file ${file}: ${(error as Error).message}.`,
      error,
    );
  }
  let state: Partial<StateFile>;
  try {
    state = JSON.parse(text) as Partial<StateFile>;
  } catch (error) {
    fail(
      `The state file ${file} is not valid JSON (${(error as Error).message}): it is damaged or not a hardhat-xdm state file. Move it away or start with another --state file; it was left as it is.`,
      error,
    );
  }
  const refuse = (why: string): never =>
    fail(
      `The state file ${file} cannot be loaded: ${why}. It was left as it is; start with another --state file to begin afresh.`,
    );
  if (
    typeof state !== "object" ||
    state === null ||
    state.format !== STATE_FORMAT
  )
    refuse(
      `it is not a hardhat-xdm state file (no "format": "${STATE_FORMAT}")`,
    );
  if (state.formatVersion !== STATE_FORMAT_VERSION)
    refuse(
      `it has format version ${String(state.formatVersion)}, and this hardhat-xdm reads version ${STATE_FORMAT_VERSION}`,
    );
  const version = pluginVersion();
  if (state.pluginVersion !== version)
    refuse(
      `it was saved by hardhat-xdm ${String(state.pluginVersion)}, and this is hardhat-xdm ${version} (a replay runs the system contracts of the version that installed them)`,
    );
  const differences = topologyDifferences(state.topology, expected);
  if (differences.length > 0)
    refuse(
      `its topology differs from this config's: ${differences.join("; ")}`,
    );
  if (
    typeof state.chains !== "object" ||
    state.chains === null ||
    expected.chains.some((c) => !isHistory(state.chains![c.name])) ||
    !Array.isArray(state.relayer?.messages)
  )
    refuse("its chains or relayer section is incomplete");
  return state as StateFile;
}

/** What differs between a saved topology and this node's, one phrase each. */
export function topologyDifferences(
  saved: StateTopology | undefined,
  expected: StateTopology,
): string[] {
  if (saved === undefined || !Array.isArray(saved.chains))
    return ["the file has no topology"];
  const differences: string[] = [];
  if (saved.l1 !== expected.l1)
    differences.push(
      `the L1 is "${saved.l1}" in the file, "${expected.l1}" here`,
    );
  const savedNames = saved.chains.map((c) => c.name);
  const names = expected.chains.map((c) => c.name);
  const missing = names.filter((n) => !savedNames.includes(n));
  const extra = savedNames.filter((n) => !names.includes(n));
  if (missing.length > 0)
    differences.push(`the file has no chain ${missing.join(", ")}`);
  if (extra.length > 0)
    differences.push(
      `the file has chain ${extra.join(", ")}, which this config does not`,
    );
  for (const chain of expected.chains) {
    const other = saved.chains.find((c) => c.name === chain.name);
    if (other === undefined) continue;
    if (other.protocol !== chain.protocol)
      differences.push(
        `chain ${chain.name} runs protocol "${other.protocol}" in the file, "${chain.protocol}" here`,
      );
    if (other.chainId !== chain.chainId)
      differences.push(
        `chain ${chain.name} has chain id ${other.chainId} in the file, ${chain.chainId} here`,
      );
  }
  for (const [actor, address] of Object.entries(expected.actors)) {
    const savedAddress = saved.actors?.[actor];
    if (savedAddress?.toLowerCase() !== address.toLowerCase())
      differences.push(
        `actor ${actor} is ${savedAddress ?? "absent"} in the file, ${address} here`,
      );
  }
  return differences;
}

function isHistory(value: unknown): value is ChainHistory {
  const history = value as Partial<ChainHistory> | undefined;
  return (
    typeof history === "object" &&
    history !== null &&
    typeof history.genesis?.timestamp === "number" &&
    typeof history.genesis.stateRoot === "string" &&
    Array.isArray(history.blocks) &&
    Array.isArray(history.tools)
  );
}

function fail(message: string, cause?: unknown): never {
  throw new HardhatPluginError(
    PLUGIN_ID,
    message,
    cause instanceof Error ? cause : undefined,
  );
}
