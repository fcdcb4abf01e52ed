/**
 * The World a user holds (`hre.xdm.create()` / `attach()`): the public surface of the plugin, about
 * 500 lines because its two dozen documented members all live on this one class. The parts that are
 * separate concerns are beside it and only called from here: world-chains.ts (connecting the chains),
 * world-clock.ts (the one clock), log-scanner.ts (cursors and the one eth_getLogs per chain per pass),
 * chain-snapshots.ts (evm_snapshot / evm_revert), messages.ts (the registry). What stays is what needs
 * the world's private state: setting up its protocols, the relay pass, snapshots and fixtures.
 */
import type { Actor, ActorName } from "./actors.js";
import type { Chain } from "./chain.js";
import type { ScannerState } from "./log-scanner.js";
import type {
  Message,
  MessageChange,
  MessageFilter,
  MessageListener,
  TypedProtocol,
} from "./messages.js";
import type {
  AdvanceOptions,
  Protocol,
  ProtocolName,
  RpcLog,
} from "./protocols/types.js";
import type { XdmConfig } from "./types/config.js";
import type { EdrNetworkConfigOverride } from "hardhat/types/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { HardhatPluginError } from "hardhat/plugins";

import { resolveActors } from "./actors.js";
import { revertChains, snapshotChains } from "./chain-snapshots.js";
import { PLUGIN_ID } from "./constants.js";
import { Faults } from "./faults.js";
import { LogScanner } from "./log-scanner.js";
import { MessageRegistry } from "./messages.js";
import { protocolModule, protocolModules } from "./protocols/index.js";
import { RevertDecoder } from "./revert-decoder.js";
import { attachChains, createChains } from "./world-chains.js";
import { WorldClock } from "./world-clock.js";

export interface CreateWorldOptions {
  /**
   * Network config overrides per chain name, applied on top of the chain's
   * network, e.g. `{ opA: { forking: { url, blockNumber } } }`.
   */
  networks?: Record<string, EdrNetworkConfigOverride>;
  /**
   * Runs on the fresh chains before anything is installed (`xdm:node --state`: start a journal,
   * or replay a saved world). "replayed" means the chains already hold a whole world: nothing is
   * installed and the relayer reads its view from them, as `attach` does.
   */
  prepare?: (chains: Chain[]) => Promise<"fresh" | "replayed">;
}

export interface AttachOptions {
  /** RPC URL per chain name; chains not listed use their http network or the `xdm:node` port. */
  urls?: Record<string, string>;
  /** The base port `xdm:node` was started with (default 8545). */
  port?: number;
  /** First block to read messages from (default 0: the whole history). */
  fromBlock?: number;
}

export interface RelayReport {
  /** Actions the actors took: transactions sent, blocks mined, clocks moved. */
  actions: number;
  /** Every message status/stage change, in order. */
  changes: MessageChange[];
  /** Passes run (1 for relay()). */
  passes: number;
}

export interface WorldSnapshot {
  readonly kind: "xdm-world-snapshot";
}

interface SnapshotRecord extends WorldSnapshot {
  world: World;
  chainSnapshots: Map<string, string>;
  messages: ReturnType<MessageRegistry["snapshot"]>;
  scanner: ScannerState;
  protocols: Map<string, unknown>;
}

let worldCount = 0;

function fail(message: string, cause?: unknown): never {
  throw new HardhatPluginError(
    PLUGIN_ID,
    message,
    cause instanceof Error ? cause : undefined,
  );
}

/**
 * The chains of one topology, their system contracts, the relayer's message
 * registry and the relay loop. Worlds are independent: two worlds in one
 * process share nothing.
 */
export class World {
  readonly id = ++worldCount;
  readonly chains: Record<string, Chain>;
  readonly chainList: Chain[];
  readonly l1: Chain;
  readonly time: WorldClock;
  /** Every actor of every registered model, by name ("scroll:sequencer", "deployer", …). */
  readonly actors: Record<ActorName, Actor> & Record<string, Actor | undefined>;
  readonly #registry = new MessageRegistry();
  /** The protocols of this world's chains, by name, in registry order. */
  #protocols = new Map<string, Protocol>();
  /** Fault injection: pause actors, fail proofs, hold or drop relays. */
  readonly faults = new Faults(() => this.#registry);
  /** How far each chain is read, and the logs actors' receipts applied ahead of it. */
  readonly #scanner = new LogScanner();
  readonly #fixtures = new Map<
    unknown,
    { snapshot: WorldSnapshot; value: unknown }
  >();
  #closed = false;
  readonly #revertDecoder: RevertDecoder;

  private constructor(
    readonly config: XdmConfig,
    chains: Chain[],
    readonly attached: boolean,
    hre: HardhatRuntimeEnvironment,
  ) {
    this.#revertDecoder = new RevertDecoder(hre.artifacts, () => []);
    this.chainList = chains;
    this.chains = Object.fromEntries(chains.map((c) => [c.name, c]));
    this.l1 = this.chains[config.l1];
    this.time = new WorldClock(this);
    this.actors = resolveActors(config.actors);
    // world.<protocol>: each registered module's helpers (typed by the module's augmentation of World).
    for (const module of protocolModules()) {
      if (module.name in this) {
        fail(
          `Protocol "${module.name}" cannot have world.${module.name}: World already has a member of that name. Rename the protocol.`,
        );
      }
      Object.defineProperty(this, module.name, {
        get: () => this.protocol(module.name),
        enumerable: false,
        configurable: false,
      });
    }
  }

  /** Creates fresh in-process chains for the configured topology and installs every system contract. */
  static async create(
    hre: HardhatRuntimeEnvironment,
    options: CreateWorldOptions = {},
  ): Promise<World> {
    const chains = await createChains(hre, options);
    let prepared: "fresh" | "replayed" = "fresh";
    try {
      prepared = (await options.prepare?.(chains)) ?? "fresh";
    } catch (error) {
      await Promise.all(chains.map((c) => c.connection.close()));
      throw error;
    }
    const world = new World(hre.config.xdm, chains, false, hre);
    if (prepared === "replayed") {
      await world.#setUp(true, 0);
      return world;
    }
    // Chains started a moment apart can disagree on the current second; one block at a
    // common timestamp puts every clock on the same second before anything happens.
    await world.time.increase(1);
    await world.#setUp(false);
    return world;
  }

  /** A world over chains that are already running (xdm:node, http networks); installs nothing. */
  static async attach(
    hre: HardhatRuntimeEnvironment,
    options: AttachOptions = {},
  ): Promise<World> {
    const chains = await attachChains(hre, options);
    const world = new World(hre.config.xdm, chains, true, hre);
    await world.#setUp(true, options.fromBlock ?? 0);
    return world;
  }

  /**
   * Forgets everything the relayer knew and rebuilds it from the chains alone,
   * as a relayer process restarted from scratch would (faults stay as they are).
   */
  async restartRelayer(): Promise<void> {
    this.#assertOpen();
    await this.#rebuild();
  }

  /** Drops the relayer's whole view (listeners stay) and reads it again from block 0 of every chain. */
  async #rebuild(): Promise<void> {
    this.#registry.restore(new Map());
    this.#protocols = new Map();
    this.#scanner.clear();
    await this.#setUp(true, 0);
  }

  async #setUp(attached: boolean, fromBlock = 0): Promise<void> {
    const protocolChains = this.chainList.filter((c) => c.protocol !== "l1");
    const unknown = protocolChains.filter(
      (c) => protocolModule(c.protocol) === undefined,
    );
    if (unknown.length > 0) {
      fail(
        `Chain ${unknown.map((c) => `"${c.name}" has protocol "${c.protocol}"`).join(", ")}, which no registered protocol module provides.`,
      );
    }
    for (const module of protocolModules()) {
      if (protocolChains.some((c) => c.protocol === module.name)) {
        this.#protocols.set(module.name, await module.create(this));
      }
    }
    for (const protocol of this.#protocols.values()) {
      for (const chain of protocolChains.filter(
        (c) => c.protocol === protocol.name,
      )) {
        if (attached) await protocol.verifyInstalled(chain);
        else await protocol.install(chain);
      }
    }
    await Promise.all(
      this.chainList.map(async (chain) => {
        if (attached) {
          this.#scanner.start(chain, { block: fromBlock - 1 });
        } else {
          const head = await chain.block("latest");
          this.#scanner.start(chain, {
            block: Number(head.number),
            hash: head.hash,
          });
        }
      }),
    );
  }

  /** The chain of that name, or an error listing the chains there are. */
  chain(name: string): Chain {
    const chain = this.chains[name];
    if (chain === undefined) {
      fail(
        `Unknown chain "${name}". This world's chains are ${this.chainList.map((c) => c.name).join(", ")}.`,
      );
    }
    return chain;
  }

  /** The chain with that chain id, if the world has one. */
  chainById(chainId: number | bigint): Chain | undefined {
    return this.chainList.find((c) => BigInt(c.chainId) === BigInt(chainId));
  }

  /**
   * The protocol `name` of this world (what `world.<name>` returns); a world without a chain of
   * that protocol throws its module's advice on adding one.
   */
  protocol(name: ProtocolName): Protocol {
    const protocol = this.#protocols.get(name);
    if (protocol !== undefined) return protocol;
    const module = protocolModule(name);
    if (module === undefined) {
      fail(
        `Unknown protocol "${name}". The registered protocols are ${protocolModules()
          .map((m) => m.name)
          .join(", ")}.`,
      );
    }
    fail(module.missing);
  }

  /** The actor of that name, or an error listing the actors there are. */
  actor(name: string): Actor {
    const actor = this.actors[name];
    if (actor === undefined)
      fail(
        `Unknown actor "${name}". Actors are ${Object.keys(this.actors).join(", ")}.`,
      );
    return actor;
  }

  /** The relayer's message registry; protocols write to it, users read it through messages(). */
  get registry(): MessageRegistry {
    return this.#registry;
  }

  /** Every message the relayer has seen (copies), optionally filtered. */
  messages<P extends TypedProtocol>(
    filter: MessageFilter & { protocol: P },
  ): Array<Message<P>>;
  messages(filter?: MessageFilter): Message[];
  messages(filter: MessageFilter = {}): Message[] {
    return this.#registry.view(filter).map((m) => structuredClone(m));
  }

  /** One message by id (a copy); an unknown id is an error, and so is one of another protocol than `protocol`. */
  message<P extends TypedProtocol>(id: string, protocol: P): Message<P>;
  message(id: string): Message;
  message(id: string, protocol?: TypedProtocol): Message {
    return structuredClone(
      protocol === undefined
        ? this.#registry.require(id)
        : this.#registry.require(id, protocol),
    );
  }

  /** Calls `listener` on every message status or stage change. Returns the unsubscribe function. */
  onMessage(listener: MessageListener): () => void {
    return this.#registry.onChange(listener);
  }

  /** Readable form of revert data: the custom errors of every compiled contract, Error(string), Panic. */
  async describeRevert(data: string): Promise<string> {
    return await this.#revertDecoder.describe(data);
  }

  /**
   * One pass of every actor; moves no clock. With `cut`, the Scroll batcher and
   * the StarkNet state updater also close what is pending (what `xdm:node` does
   * on every tick, where time passes by itself).
   */
  async relay(options: { cut?: boolean } = {}): Promise<RelayReport> {
    this.#assertOpen();
    this.#registry.drainChanges();
    const actions = await this.#pass({
      clock: false,
      cut: options.cut === true,
    });
    return { actions, changes: this.#registry.drainChanges(), passes: 1 };
  }

  /** Reads what happened on the chains since the last pass; no actor acts. */
  async refresh(): Promise<RelayReport> {
    this.#assertOpen();
    this.#registry.drainChanges();
    await this.#pass(undefined);
    return { actions: 0, changes: this.#registry.drainChanges(), passes: 1 };
  }

  /**
   * Passes until nothing moves: every message is then relayed, claimable or
   * consumable, failed, or waiting on a user or on a user-facing timer. May
   * mine blocks and move the clock for the actors' own waits.
   */
  async relayAll(options: { maxPasses?: number } = {}): Promise<RelayReport> {
    this.#assertOpen();
    const maxPasses = options.maxPasses ?? 1000;
    this.#registry.drainChanges();
    const changes: MessageChange[] = [];
    let actions = 0;
    for (let passes = 1; passes <= maxPasses; passes++) {
      const acted = await this.#pass({ clock: true, cut: true });
      const moved = this.#registry.drainChanges();
      changes.push(...moved);
      actions += acted;
      if (acted === 0 && moved.length === 0) {
        return { actions, changes, passes };
      }
    }
    fail(
      `relayAll did not settle after ${maxPasses} passes; a contract may be sending messages in an endless loop.`,
    );
  }

  async #pass(options: AdvanceOptions | undefined): Promise<number> {
    let scans = await this.#scanAll();
    const rewound = scans
      .filter((scan) => scan.rewound)
      .map((scan) => scan.chain.name);
    if (rewound.length > 0) {
      // A chain went back under the relayer (evm_revert, hardhat_reset, a reorg): what it read of that
      // chain may no longer exist, and messages on other chains may depend on it. Rebuild from the chains.
      try {
        await this.#rebuild();
      } catch (error) {
        fail(
          `Chain ${rewound.join(", ")} was rewound under the relayer and its view could not be rebuilt from the chains: ${(error as Error).message}`,
          error,
        );
      }
      scans = await this.#scanAll();
    }
    for (const { chain, logs } of scans) {
      await this.#apply(chain, logs);
    }
    let actions = 0;
    if (options === undefined) return actions;
    // One model's failing actor does not stop the others; the failure is reported after the pass.
    const failures: Error[] = [];
    for (const protocol of this.#protocols.values()) {
      try {
        actions += await protocol.advance(options);
      } catch (error) {
        failures.push(error as Error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1)
      fail(failures.map((e) => e.message).join("; "), failures[0]);
    return actions;
  }

  /**
   * Applies logs an actor read from its own receipt on `chain`, before a scan reaches them. Each log
   * (block hash, log index) is applied once, whoever reads it first: the scan that later covers
   * its block skips it, and so does a second ingest.
   */
  async ingest(chain: Chain, logs: readonly RpcLog[]): Promise<void> {
    await this.#apply(chain, this.#scanner.fresh(chain, logs));
  }

  /** Hands each protocol the logs it watches on `chain`. */
  async #apply(chain: Chain, logs: readonly RpcLog[]): Promise<void> {
    if (logs.length === 0) return;
    for (const protocol of this.#protocols.values()) {
      const watch = protocol.watch(chain);
      if (watch === undefined) continue;
      const mine = new Set(watch.addresses.map((a) => a.toLowerCase()));
      const wanted = new Set(watch.topics);
      const theirs = logs.filter(
        (log) =>
          mine.has(log.address.toLowerCase()) && wanted.has(log.topics[0]),
      );
      if (theirs.length > 0) await protocol.onLogs(chain, theirs);
    }
  }

  /** Every chain read from its cursor to its head (see LogScanner.scan), for what every protocol watches there. */
  async #scanAll(): Promise<
    Array<{ chain: Chain; logs: RpcLog[]; rewound: boolean }>
  > {
    return await Promise.all(
      this.chainList.map(async (chain) => {
        const watches = [...this.#protocols.values()]
          .map((protocol) => protocol.watch(chain))
          .filter((watch) => watch !== undefined);
        return { chain, ...(await this.#scanner.scan(chain, watches)) };
      }),
    );
  }

  /** Mines `blocks` blocks on one chain (the L1 by default). */
  async mine(blocks = 1, chainName: string = this.config.l1): Promise<void> {
    if (!Number.isSafeInteger(blocks) || blocks < 0) {
      fail(
        `world.mine needs a non-negative whole number of blocks, got ${String(blocks)}.`,
      );
    }
    await this.chain(chainName).mine(blocks);
  }

  /** Snapshots every chain and the relayer's own state together. */
  async snapshot(): Promise<WorldSnapshot> {
    this.#assertOpen();
    const record: SnapshotRecord = {
      kind: "xdm-world-snapshot",
      world: this,
      chainSnapshots: await snapshotChains(this.chainList),
      messages: this.#registry.snapshot(),
      scanner: this.#scanner.save(),
      protocols: new Map(
        [...this.#protocols].map(([name, p]) => [name, p.saveState()]),
      ),
    };
    return record;
  }

  /** Brings every chain and the relayer back to `snapshot`; the snapshot stays usable. */
  async restore(snapshot: WorldSnapshot): Promise<void> {
    this.#assertOpen();
    const record = snapshot as SnapshotRecord;
    if (record.world !== this) {
      fail(
        "This snapshot belongs to another world; restore it on the world that took it.",
      );
    }
    await revertChains(this.chainList, record.chainSnapshots);
    this.#registry.restore(record.messages);
    this.#scanner.load(record.scanner);
    for (const [name, p] of this.#protocols)
      p.loadState(structuredClone(record.protocols.get(name)));
  }

  /**
   * Runs `fixture` once per world, then restores the state it left on every
   * later call: the multichain twin of hardhat-network-helpers' loadFixture.
   */
  async loadFixture<T>(fixture: (world: World) => Promise<T>): Promise<T> {
    const cached = this.#fixtures.get(fixture);
    if (cached !== undefined) {
      await this.restore(cached.snapshot);
      return cached.value as T;
    }
    const value = await fixture(this);
    this.#fixtures.set(fixture, { snapshot: await this.snapshot(), value });
    return value;
  }

  /** Closes every connection of the world. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.chainList.map((c) => c.connection.close()));
  }

  #assertOpen(): void {
    if (this.#closed)
      fail("This world is closed; create a new one with hre.xdm.create().");
  }
}
