import type { Message, MessageChange } from "../messages.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { HDNodeWallet, Mnemonic } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { nodePorts } from "../config.js";
import { PLUGIN_ID } from "../constants.js";
import { World } from "../world.js";

import { ChainRpcServer } from "./rpc-server.js";

export interface NodeOptions {
  /** Port of the L1; the other chains follow (see nodePorts). */
  port: number;
  autorelay: boolean;
  /** Milliseconds between relayer passes. */
  tick?: number;
  log?: (line: string) => void;
}

/** Seconds a relayer's lease lasts without renewal: a killed relayer frees the role this fast. */
export const LEASE_SECONDS = 5;

/**
 * Who may run the actors: Scroll's sequencer and batcher and StarkNet's state
 * updater are single roles, so exactly one relayer acts at a time. xdm:node
 * holds the lease itself while it autorelays; `xdm:relay` takes it otherwise.
 */
export class RelayerLease {
  #holder: string | undefined;
  #until = 0;

  constructor(permanentHolder?: string) {
    if (permanentHolder !== undefined) {
      this.#holder = permanentHolder;
      this.#until = Infinity;
    }
  }

  acquire(
    holder: string,
    seconds = LEASE_SECONDS,
  ): { granted: boolean; holder: string | undefined } {
    const now = Date.now();
    if (
      this.#holder === undefined ||
      this.#holder === holder ||
      this.#until < now
    ) {
      this.#holder = holder;
      this.#until = now + seconds * 1000;
      return { granted: true, holder };
    }
    return { granted: false, holder: this.#holder };
  }

  release(holder: string): boolean {
    if (this.#holder !== holder || this.#until === Infinity) return false;
    this.#holder = undefined;
    return true;
  }
}

const DEFAULT_MNEMONIC =
  "test test test test test test test test test test test junk";

/**
 * `xdm:node`: every chain of a fresh world served over JSON-RPC on loopback,
 * mined on an interval, with the relayer running in the same process.
 */
export class XdmNode {
  #running = true;
  #loop: Promise<void> | undefined;
  readonly #unsubscribe: () => void;

  private constructor(
    readonly world: World,
    readonly servers: ChainRpcServer[],
    readonly urls: Record<string, string>,
    private readonly options: Required<NodeOptions>,
  ) {
    this.#unsubscribe = world.onMessage((change, message) =>
      this.options.log(formatChange(change, message)),
    );
  }

  static async start(
    hre: HardhatRuntimeEnvironment,
    options: NodeOptions,
  ): Promise<XdmNode> {
    const settings: Required<NodeOptions> = {
      tick: 500,
      log: (line) => console.log(line),
      ...options,
    };
    const world = await World.create(hre);
    const ports = nodePorts(
      world.config.l1,
      world.config.chains,
      settings.port,
    );
    const servers: ChainRpcServer[] = [];
    const urls: Record<string, string> = {};
    const lease = new RelayerLease(settings.autorelay ? "xdm:node" : undefined);
    const extensions = {
      xdm_lease: (params: unknown[]) =>
        lease.acquire(String(params[0]), Number(params[1] ?? LEASE_SECONDS)),
      xdm_release: (params: unknown[]) => lease.release(String(params[0])),
    };
    try {
      for (const chain of world.chainList) {
        const server = new ChainRpcServer(
          chain.provider,
          chain === world.l1 ? extensions : {},
        );
        try {
          await server.listen(ports[chain.name]);
        } catch (error) {
          throw new HardhatPluginError(
            PLUGIN_ID,
            `Cannot serve chain "${chain.name}" on 127.0.0.1:${ports[chain.name]}: ${(error as Error).message}. Stop what uses the port or start with --port <another base port>.`,
          );
        }
        servers.push(server);
        urls[chain.name] = `http://127.0.0.1:${ports[chain.name]}`;
        await chain.rpc("evm_setIntervalMining", [
          chain.config.blockTime * 1000,
        ]);
      }
    } catch (error) {
      await Promise.all(servers.map((s) => s.close()));
      await world.close();
      throw error;
    }
    const node = new XdmNode(world, servers, urls, settings);
    node.#loop = node.#run();
    return node;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        if (this.options.autorelay) await this.world.relay({ cut: true });
        else await this.world.refresh();
      } catch (error) {
        // A failing pass never takes the chains down: say why and try again on the next tick.
        if (this.#running)
          this.options.log(`relayer: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.tick));
    }
  }

  /** The start-up table: chains, URLs, system contracts and the funded dev accounts. */
  async describe(): Promise<string> {
    const lines: string[] = [];
    lines.push(
      "hardhat-xdm node: every chain on 127.0.0.1" +
        (this.options.autorelay
          ? ", autorelay on"
          : ", autorelay off (run `npx hardhat xdm:relay`)"),
    );
    lines.push("");
    const rows = [["chain", "protocol", "chain id", "RPC URL", "block time"]];
    for (const chain of this.world.chainList) {
      rows.push([
        chain.name,
        chain.protocol,
        String(chain.chainId),
        this.urls[chain.name],
        `${chain.config.blockTime}s`,
      ]);
    }
    lines.push(...table(rows), "");
    lines.push("System contracts");
    for (const chain of this.world.chainList) {
      for (const [name, contract] of Object.entries(chain.contracts))
        lines.push(
          `  ${chain.name.padEnd(10)} ${name.padEnd(28)} ${await contract.getAddress()}`,
        );
      for (const [name, contract] of Object.entries(chain.l1Contracts))
        lines.push(
          `  ${this.world.l1.name.padEnd(10)} ${name.padEnd(28)} ${await contract.getAddress()}  (${chain.name})`,
        );
    }
    lines.push(
      "",
      "Accounts (funded on every chain; never use these keys outside local development)",
    );
    const mnemonic = Mnemonic.fromPhrase(DEFAULT_MNEMONIC);
    const accounts = await this.world.l1.rpc<string[]>("eth_accounts");
    for (let i = 0; i < Math.min(10, accounts.length); i++) {
      const wallet = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
      const key =
        wallet.address.toLowerCase() === accounts[i].toLowerCase()
          ? wallet.privateKey
          : "(not from the default mnemonic)";
      const balance = BigInt(
        await this.world.l1.rpc<string>("eth_getBalance", [
          accounts[i],
          "latest",
        ]),
      );
      lines.push(
        `  #${i} ${accounts[i]} ${(balance / 10n ** 18n).toString()} ETH  key ${key}`,
      );
    }
    return lines.join("\n");
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe();
    await this.#loop;
    for (const chain of this.world.chainList)
      await chain.rpc("evm_setIntervalMining", [0]).catch(() => undefined);
    await Promise.all(this.servers.map((s) => s.close()));
    await this.world.close();
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map((r) => r[i].length)),
  );
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd(),
  );
}

export function formatChange(change: MessageChange, message: Message): string {
  const time = new Date().toISOString().slice(11, 19);
  const error =
    change.status === "failed" && message.error !== undefined
      ? ` — ${message.error}`
      : "";
  return `${time} ${message.protocol.padEnd(8)} ${`${message.from}→${message.to}`.padEnd(18)} ${message.id} ${change.status}/${change.stage}${error}`;
}
