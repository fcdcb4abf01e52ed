import type { World } from "../world.js";

import { HDNodeWallet, Mnemonic, getAddress } from "ethers";

/** Hardhat's default accounts come from this mnemonic; their keys are printed for local use. */
const DEFAULT_MNEMONIC =
  "test test test test test test test test test test test junk";

/** How many dev accounts the table and the JSON list. */
const LISTED_ACCOUNTS = 10;

/** Version of the `xdm:node --json` topology record; raised when a field changes meaning or goes. */
export const TOPOLOGY_FORMAT = 1;

/** One chain as xdm:node serves it. */
export interface ChainTopology {
  name: string;
  protocol: string;
  chainId: number;
  /** The Hardhat network the chain runs on. */
  network: string;
  /** True when hardhat-xdm created that network because the config defines none of its name. */
  networkInjected: boolean;
  rpcUrl: string;
  wsUrl: string;
  /** Seconds between blocks in this run. */
  blockTime: number;
  /** System contracts on this chain, by name (checksummed addresses). */
  contracts: Record<string, string>;
  /** This L2's rollup contracts on the L1, by name (checksummed addresses). */
  l1Contracts: Record<string, string>;
}

/** A funded account of the L1 (and of every chain: they share Hardhat's accounts). */
export interface DevAccount {
  address: string;
  /** null when the account does not come from Hardhat's default mnemonic. */
  privateKey: string | null;
  /** Its L1 balance in wei, as a decimal string. */
  balance: string;
}

/** What `xdm:node` serves: the first line of `--json`, and what the table shows. */
export interface NodeTopology {
  format: number;
  l1: string;
  autorelay: boolean;
  /** The L1's block time in this run, and the one the config sets (xdm.l1BlockTime). */
  l1BlockTime: { seconds: number; configured: number };
  chains: Record<string, ChainTopology>;
  accounts: DevAccount[];
}

export interface ServedChain {
  rpcUrl: string;
  wsUrl: string;
  blockTime: number;
}

/** Reads the topology from the world and its chains: every address checksummed. */
export async function readTopology(
  world: World,
  served: Record<string, ServedChain>,
  autorelay: boolean,
): Promise<NodeTopology> {
  const chains: Record<string, ChainTopology> = {};
  for (const chain of world.chainList) {
    chains[chain.name] = {
      name: chain.name,
      protocol: chain.protocol,
      chainId: chain.chainId,
      network: chain.config.network,
      networkInjected: chain.config.networkInjected,
      ...served[chain.name],
      contracts: await addressesOf(chain.contracts),
      l1Contracts: await addressesOf(chain.l1Contracts),
    };
  }
  const mnemonic = Mnemonic.fromPhrase(DEFAULT_MNEMONIC);
  const addresses = await world.l1.rpc<string[]>("eth_accounts");
  const accounts: DevAccount[] = [];
  for (let i = 0; i < Math.min(LISTED_ACCOUNTS, addresses.length); i++) {
    const address = getAddress(addresses[i]);
    const wallet = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
    const balance = await world.l1.rpc<string>("eth_getBalance", [
      address,
      "latest",
    ]);
    accounts.push({
      address,
      privateKey: wallet.address === address ? wallet.privateKey : null,
      balance: BigInt(balance).toString(),
    });
  }
  return {
    format: TOPOLOGY_FORMAT,
    l1: world.l1.name,
    autorelay,
    l1BlockTime: {
      seconds: served[world.l1.name].blockTime,
      configured: world.l1.config.blockTime,
    },
    chains,
    accounts,
  };
}

async function addressesOf(contracts: object): Promise<Record<string, string>> {
  const addresses: Record<string, string> = {};
  for (const [name, contract] of Object.entries(contracts) as Array<
    [string, { getAddress(): Promise<string> }]
  >)
    addresses[name] = getAddress(await contract.getAddress());
  return addresses;
}

/** Marks, in the table, a network hardhat-xdm created; a line under the table says so. */
const INJECTED_MARK = "*";

/** The start-up table of xdm:node: chains, URLs, block times, system contracts, dev accounts. */
export function renderTopology(topology: NodeTopology): string {
  const chains = Object.values(topology.chains);
  const { seconds, configured } = topology.l1BlockTime;
  const lines = [
    "hardhat-xdm node: every chain on 127.0.0.1" +
      (topology.autorelay
        ? ", autorelay on"
        : ", autorelay off (run `npx hardhat xdm:relay`)"),
    seconds === configured
      ? `L1 block time ${seconds}s (xdm.l1BlockTime; \`--l1-block-time 1\` shortens it for a demo)`
      : `L1 block time ${seconds}s (--l1-block-time; xdm.l1BlockTime is ${configured}s), L2 block times at most ${seconds}s`,
    "",
  ];
  lines.push(
    ...table([
      [
        "chain",
        "protocol",
        "chain id",
        "network",
        "RPC URL",
        "WebSocket",
        "block time",
      ],
      ...chains.map((chain) => [
        chain.name,
        chain.protocol,
        String(chain.chainId),
        chain.networkInjected
          ? `${chain.network}${INJECTED_MARK}`
          : chain.network,
        chain.rpcUrl,
        chain.wsUrl,
        `${chain.blockTime}s`,
      ]),
    ]),
  );
  if (chains.some((chain) => chain.networkInjected)) {
    lines.push(
      `${INJECTED_MARK} network created by hardhat-xdm (in process; the config defines none of that name): define it under \`networks\` to choose its chain id`,
    );
  }
  lines.push("", "System contracts");
  const nameWidth = Math.max(...chains.map((c) => c.name.length));
  for (const chain of chains) {
    for (const [name, address] of Object.entries(chain.contracts))
      lines.push(
        `  ${chain.name.padEnd(nameWidth)}  ${name.padEnd(28)} ${address}`,
      );
    for (const [name, address] of Object.entries(chain.l1Contracts))
      lines.push(
        `  ${topology.l1.padEnd(nameWidth)}  ${name.padEnd(28)} ${address}  (${chain.name})`,
      );
  }
  lines.push(
    "",
    "Accounts (funded on every chain; never use these keys outside local development)",
  );
  topology.accounts.forEach((account, i) =>
    lines.push(
      `  #${i} ${account.address} ${(BigInt(account.balance) / 10n ** 18n).toString()} ETH  key ${account.privateKey ?? "(not from the default mnemonic)"}`,
    ),
  );
  return lines.join("\n");
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
