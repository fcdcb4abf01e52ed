import type { World } from "../world.js";
import type { HookContext } from "hardhat/types/hooks";

import { readdir, rm } from "node:fs/promises";
import path from "node:path";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "../constants.js";
import { ChainRpcServer } from "../node/rpc-server.js";
import { protocolModules } from "../protocols/index.js";

/**
 * The environment variable the Solidity-test library (contracts/testing/Xdm.sol) reads the world
 * from: one JSON document (see `describeWorld`). EDR runs in this process and reads this process's
 * environment, so a variable set here reaches `vm.envString` in every test.
 */
export const WORLD_VARIABLE = "XDM_SOLIDITY_WORLD";

/**
 * A fresh world served on loopback for the duration of one `test solidity` run: every chain on an
 * ephemeral port, frozen (automine, no relayer, nothing mines between tests), so each test's forks
 * start from the same installed system contracts. The tests relay inside their own forks with the
 * library's actors; this world only gives them the chains to fork.
 */
export class SolidityTestWorld {
  private constructor(
    readonly world: World,
    private readonly servers: ChainRpcServer[],
    private readonly context: HookContext,
  ) {}

  static async start(context: HookContext): Promise<SolidityTestWorld> {
    let world: World;
    try {
      world = await context.xdm.create();
      // Everything setup left pending is relayed: every batch the chains hold is finalized, so the
      // library's batcher continues from the last one.
      await world.relayAll();
    } catch (error) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Cannot create the world the Solidity tests fork: ${(error as Error).message}`,
        error as Error,
      );
    }
    const servers: ChainRpcServer[] = [];
    const urls: Record<string, string> = {};
    try {
      for (const chain of world.chainList) {
        const server = new ChainRpcServer(chain.provider);
        servers.push(server);
        const { port } = await server.listen(0);
        urls[chain.name] = `http://127.0.0.1:${port}`;
      }
    } catch (error) {
      await Promise.all(servers.map((s) => s.close()));
      await world.close();
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Cannot serve the Solidity tests' world on 127.0.0.1: ${(error as Error).message}`,
        error as Error,
      );
    }
    await removeAll(await staleForkCaches(context, world));
    process.env[WORLD_VARIABLE] = JSON.stringify(
      describeWorld(world, urls),
      (_key, value: unknown) =>
        typeof value === "bigint" ? value.toString() : value,
    );
    return new SolidityTestWorld(world, servers, context);
  }

  async stop(): Promise<void> {
    delete process.env[WORLD_VARIABLE];
    await Promise.all(this.servers.map((s) => s.close()));
    // What this run's forks cached would answer the next run's forks of a different world.
    const cached = await staleForkCaches(this.context, this.world);
    await this.world.close();
    await removeAll(cached);
  }
}

/**
 * The world as the library reads it with `vm.parseJson*`: the chain names in order, each chain's id,
 * protocol, URL, system contracts (on the chain and, for an L2, its contracts on the L1) and its
 * protocol's facts; every actor's address and key by protocol; each protocol's config section.
 */
function describeWorld(
  world: World,
  urls: Record<string, string>,
): Record<string, unknown> {
  const chains: Record<string, unknown> = {};
  for (const chain of world.chainList) {
    const facts =
      chain === world.l1
        ? undefined
        : world.protocol(chain.protocol).solidityTestFacts?.(chain);
    chains[chain.name] = {
      chainId: chain.chainId,
      protocol: chain.protocol,
      url: urls[chain.name],
      contracts: addressesOf(chain.contracts),
      l1Contracts: addressesOf(chain.l1Contracts),
      facts: facts ?? {},
    };
  }
  const actors: Record<string, Record<string, unknown>> = {};
  for (const actor of Object.values(world.actors)) {
    if (actor === undefined) continue;
    const [group, name] = actor.name.includes(":")
      ? actor.name.split(":", 2)
      : ["world", actor.name];
    actors[group] ??= {};
    actors[group][name] = { address: actor.address, key: actor.privateKey };
  }
  const models = new Set(protocolModules().map((module) => module.name));
  const config = Object.fromEntries(
    Object.entries(world.config).filter(([section]) => models.has(section)),
  );
  return {
    names: world.chainList.map((c) => c.name),
    l1BlockTime: world.l1.config.blockTime,
    chains,
    actors,
    config,
  };
}

/** A holder's contracts (ethers Contracts) as name → address. */
function addressesOf(holder: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(holder).map(([name, contract]) => [
      name,
      String((contract as { target: unknown }).target),
    ]),
  );
}

/**
 * EDR keeps what a fork read in `<cache>/edr/<chain>/<block>` (the chain's id, or its name for a chain
 * id EDR knows: 534352 is "scroll") and reads it again when a later fork names the same chain and
 * block: a world of an earlier run, at the same block numbers, would answer instead of this one
 * (measured: `cache/edr/scroll/5` outlived its run). The blocks this world has so far, and the next,
 * are the ones the tests fork; a real chain forked at such a block number is only re-read.
 */
async function staleForkCaches(
  context: HookContext,
  world: World,
): Promise<string[]> {
  let last = 0;
  for (const chain of world.chainList)
    last = Math.max(last, (await chain.blockNumber()) + 1);
  const root = path.join(context.config.paths.cache, "edr");
  let chains: string[];
  try {
    chains = await readdir(root);
  } catch (error) {
    // No fork was ever cached; any other failure to read the cache surfaces.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const known = new Set(world.chainList.map((c) => `${c.chainId}`));
  const dirs: string[] = [];
  for (const chain of chains) {
    // Numeric: a chain id, only this world's; a name: a chain EDR knows by its id.
    if (/^[0-9]+$/.test(chain) && !known.has(chain)) continue;
    for (let block = 0; block <= last; block++)
      dirs.push(path.join(root, chain, `${block}`));
  }
  return dirs;
}

async function removeAll(dirs: string[]): Promise<void> {
  await Promise.all(
    dirs.map((dir) => rm(dir, { recursive: true, force: true })),
  );
}
