import type { OpenedWorld, SavedState } from "./node-state.js";
import type { RpcExtensions } from "./rpc-server.js";
import type { NodeTopology, ServedChain } from "./topology.js";
import type { Chain } from "../chain.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { HardhatPluginError } from "hardhat/plugins";

import { nodePorts } from "../config.js";
import { PLUGIN_ID } from "../constants.js";
import { RpcMethodError } from "../protocols/types.js";
import { World } from "../world.js";

import { changeRecord, formatChange } from "./changes.js";
import { METHOD_NOT_FOUND } from "./json-rpc.js";
import { LEASE_SECONDS, RelayerLease } from "./lease.js";
import { openWorld, saveWorld } from "./node-state.js";
import { ChainRpcServer } from "./rpc-server.js";
import { timeTravelMethods } from "./time-travel.js";
import { readTopology, renderTopology } from "./topology.js";

export interface NodeOptions {
  /** Port of the L1; the other chains follow (see nodePorts). */
  port: number;
  autorelay: boolean;
  /**
   * Seconds between L1 blocks in this run, instead of the configured xdm.l1BlockTime; an L2 whose
   * blocks are longer runs at this time too. A whole number, at least 1 (block timestamps are seconds).
   */
  l1BlockTime?: number;
  /** Log message changes and relayer failures as JSON lines instead of text. */
  json?: boolean;
  /** Milliseconds between relayer passes. */
  tick?: number;
  /**
   * A state file (`--state`): the world is resumed from it when it exists, and saved to it on stop
   * and on the L1's `xdm_saveState` request (node-state.ts).
   */
  state?: string;
  log?: (line: string) => void;
}

type Settings = Required<Omit<NodeOptions, "l1BlockTime" | "state">> &
  Pick<NodeOptions, "l1BlockTime" | "state">;

/**
 * `xdm:node`: every chain of a fresh world served over JSON-RPC (HTTP and WebSocket) on loopback,
 * mined on an interval, with the relayer running in the same process.
 */
export class XdmNode {
  #running = true;
  #loop: Promise<void> | undefined;
  /** The relayer's passes and state saves, one at a time: a save never reads half a pass. */
  #turn: Promise<unknown> = Promise.resolve();
  /** What the state file gave at start, when the world was resumed from one. */
  restored: OpenedWorld["restored"];
  readonly #unsubscribe: () => void;

  private constructor(
    readonly world: World,
    readonly servers: ChainRpcServer[],
    /** Each chain's URLs and block time in this run, by chain name. */
    readonly served: Record<string, ServedChain>,
    private readonly options: Settings,
  ) {
    this.#unsubscribe = world.onMessage((change, message) =>
      this.options.log(
        this.options.json
          ? JSON.stringify(changeRecord(change, message))
          : formatChange(change, message),
      ),
    );
  }

  /** The http URL of each chain, by name. */
  get urls(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.served).map(([name, chain]) => [name, chain.rpcUrl]),
    );
  }

  static async start(
    hre: HardhatRuntimeEnvironment,
    options: NodeOptions,
  ): Promise<XdmNode> {
    const settings: Settings = {
      tick: 500,
      log: (line) => console.log(line),
      json: false,
      ...options,
    };
    const { l1, chains } = hre.config.xdm;
    const ports = nodePorts(l1, chains, settings.port);
    checkOptions(settings, ports);
    const opened = await openNodeWorld(hre, settings.state);
    const { world } = opened;
    const servers: ChainRpcServer[] = [];
    const served: Record<string, ServedChain> = {};
    const lease = new RelayerLease(settings.autorelay ? "xdm:node" : undefined);
    const extensions = {
      xdm_lease: (params: unknown[]) =>
        lease.acquire(String(params[0]), Number(params[1] ?? LEASE_SECONDS)),
      xdm_release: (params: unknown[]) => lease.release(String(params[0])),
      // eslint-disable-next-line @typescript-eslint/naming-convention -- a JSON-RPC name: namespace_camelCase, as eth_getLogs
      xdm_saveState: async () => await started.node?.saveState(),
    };
    const started: { node?: XdmNode } = {};
    const methods = protocolMethods(world);
    try {
      for (const chain of world.chainList) {
        const server = new ChainRpcServer(chain.provider, {
          ...timeTravelMethods(world),
          ...(chain === world.l1 ? extensions : {}),
          ...methods[chain.name],
        });
        servers.push(server);
        try {
          await server.listen(ports[chain.name]);
        } catch (error) {
          throw new HardhatPluginError(
            PLUGIN_ID,
            `Cannot serve chain "${chain.name}" on 127.0.0.1:${ports[chain.name]}: ${(error as Error).message}. Stop what uses the port or start with --port <another base port>.`,
            error as Error,
          );
        }
        const blockTime = blockTimeOf(
          chain.config.blockTime,
          chain === world.l1,
          settings.l1BlockTime,
        );
        served[chain.name] = {
          rpcUrl: `http://127.0.0.1:${ports[chain.name]}`,
          wsUrl: `ws://127.0.0.1:${ports[chain.name]}`,
          blockTime,
        };
        await chain.rpc("evm_setIntervalMining", [blockTime * 1000]);
      }
    } catch (error) {
      await Promise.all(servers.map((s) => s.close()));
      await world.close();
      throw error;
    }
    const node = new XdmNode(world, servers, served, settings);
    started.node = node;
    node.restored = opened.restored;
    node.#loop = node.#run();
    return node;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        await this.#exclusive(async () => {
          if (this.options.autorelay) await this.world.relay({ cut: true });
          else await this.world.refresh();
        });
      } catch (error) {
        // A failing pass never takes the chains down: say why and try again on the next tick.
        if (this.#running) {
          const reason = (error as Error).message;
          this.options.log(
            this.options.json
              ? JSON.stringify({
                  event: "relayer-error",
                  time: new Date().toISOString(),
                  message: reason,
                })
              : `relayer: ${reason}`,
          );
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.tick));
    }
  }

  /** Chains, URLs, block times, every system contract and the dev accounts, as `--json` prints them. */
  async topology(): Promise<NodeTopology> {
    return await readTopology(this.world, this.served, this.options.autorelay);
  }

  /** The start-up table. */
  async describe(): Promise<string> {
    return renderTopology(await this.topology());
  }

  /** Saves every chain and the relayer's messages to the --state file, between two relayer passes. */
  async saveState(): Promise<SavedState> {
    const file = this.options.state;
    if (file === undefined) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        "This node has no state file: start it with --state <file> to save its state.",
      );
    }
    return await this.#exclusive(async () => await saveWorld(this.world, file));
  }

  async #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work);
    this.#turn = result.catch(() => undefined);
    return await result;
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe();
    await this.#loop;
    for (const chain of this.world.chainList)
      await chain.rpc("evm_setIntervalMining", [0]).catch(() => undefined);
    try {
      if (this.options.state !== undefined) await this.saveState();
    } finally {
      await Promise.all(this.servers.map((s) => s.close()));
      await this.world.close();
    }
  }
}

/** The node's world: resumed from (or journaled for) the --state file, else a fresh one. */
async function openNodeWorld(
  hre: HardhatRuntimeEnvironment,
  state: string | undefined,
): Promise<OpenedWorld> {
  return state !== undefined
    ? await openWorld(hre, state)
    : { world: await World.create(hre) };
}

/**
 * The JSON-RPC methods each chain's protocol serves there (e.g. an OP chain's supervisor), by chain name.
 * Each asks the world's protocol of the moment (the relayer may rebuild its protocols while the node
 * runs). A chain whose protocol lacks a method another chain serves answers it with "method not found"
 * and where it is served, rather than with what its node says of a method it never heard of.
 */
function protocolMethods(world: World): Record<string, RpcExtensions> {
  const methodsOf = (chain: Chain) =>
    chain === world.l1
      ? {}
      : (world.protocol(chain.protocol).rpcMethods?.(chain) ?? {});
  const servedOn = new Map<string, string[]>();
  for (const chain of world.chainList) {
    for (const method of Object.keys(methodsOf(chain)))
      servedOn.set(method, [...(servedOn.get(method) ?? []), chain.name]);
  }
  return Object.fromEntries(
    world.chainList.map((chain) => {
      const own = new Set(Object.keys(methodsOf(chain)));
      const entries = [...servedOn].map(([method, chains]) => [
        method,
        own.has(method)
          ? async (params: unknown) => await methodsOf(chain)[method](params)
          : () => {
              throw new RpcMethodError(
                METHOD_NOT_FOUND,
                `the method ${method} does not exist on chain "${chain.name}" (${chain.protocol}): it is served on ${chains.join(", ")}`,
              );
            },
      ]);
      return [chain.name, Object.fromEntries(entries) as RpcExtensions];
    }),
  );
}

/** A chain's block time in this run: the L1's may be shortened for a demo, and no L2's is longer. */
function blockTimeOf(
  configured: number,
  isL1: boolean,
  l1BlockTime: number | undefined,
): number {
  if (l1BlockTime === undefined) return configured;
  return isL1 ? l1BlockTime : Math.min(configured, l1BlockTime);
}

/** Refuses options that cannot work before any chain starts. */
function checkOptions(settings: Settings, ports: Record<string, number>): void {
  const { port, l1BlockTime } = settings;
  const highest = Math.max(...Object.values(ports));
  if (!Number.isInteger(port) || port < 1 || highest > 65535) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `--port ${port} cannot serve the topology: its chains take ports ${port} to ${highest}, and ports run from 1 to 65535. Choose a base port from 1 to ${65535 - (highest - port)}.`,
    );
  }
  if (
    l1BlockTime !== undefined &&
    (!Number.isInteger(l1BlockTime) || l1BlockTime < 1)
  )
    throw badL1BlockTime(String(l1BlockTime));
}

/** The seconds of `--l1-block-time <text>`: a whole number, at least 1. */
export function parseL1BlockTime(text: string): number {
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) throw badL1BlockTime(text);
  return Number(text);
}

function badL1BlockTime(text: string): HardhatPluginError {
  return new HardhatPluginError(
    PLUGIN_ID,
    `--l1-block-time ${JSON.stringify(text)} is not a block time: give a whole number of seconds, at least 1 (block timestamps count seconds), e.g. --l1-block-time 1.`,
  );
}
