/**
 * The `xdm` config resolved: the topology it asks for (or the default one), the networks the plugin
 * injects for it, the ports `xdm:node` serves it on, and `hre.config.xdm` with every default filled in.
 * Each model's section `xdm.<name>` is its module's (`src/protocols/<name>/config.ts`); its validation is
 * src/config-validation.ts.
 */
import type { ProtocolModule } from "./protocols/types.js";
import type {
  XdmChainConfig,
  XdmConfig,
  XdmUserConfig,
} from "./types/config.js";
import type { HardhatUserConfig } from "hardhat/types/config";
import type { ChainType } from "hardhat/types/network";

import {
  DEFAULT_BASE_PORT,
  DEFAULT_L1_BLOCK_TIME,
  NODE_NETWORK_PREFIX,
} from "./constants.js";
import { protocolModule, protocolModules } from "./protocols/index.js";
import { DEFAULT_TOPOLOGY } from "./protocols/topology.js";

/** The models with a config section, each with it: `xdm.<name>`. */
export function configSections(): Array<
  [string, NonNullable<ProtocolModule["config"]>]
> {
  return protocolModules().flatMap((module) =>
    module.config === undefined ? [] : [[module.name, module.config]],
  );
}

/** An L2 of the topology as the user wrote it (or the default topology has it), its network named. */
interface TopologyChain {
  protocol: string;
  network: string;
  dependencySet?: string[];
  blockTime?: number;
}

/** The chains of the topology the user asked for (or the default one), without resolving anything. */
export function topologyOf(xdm: XdmUserConfig | undefined): {
  l1: string;
  chains: Record<string, TopologyChain>;
} {
  const l1 = xdm?.l1 ?? DEFAULT_TOPOLOGY.l1.name;
  const userChains = xdm?.chains;
  const chains: Record<string, TopologyChain> = {};
  if (userChains === undefined) {
    for (const [name, chain] of Object.entries(DEFAULT_TOPOLOGY.chains)) {
      chains[name] = { protocol: chain.protocol, network: name };
    }
  } else {
    for (const [name, chain] of Object.entries(userChains)) {
      chains[name] = { ...chain, network: chain.network ?? name };
    }
  }
  return { l1, chains };
}

export interface NetworkLike {
  type?: unknown;
  chainId?: unknown;
  chainType?: unknown;
  url?: unknown;
}

/**
 * Adds the networks of the default topology the user did not define, an in-process
 * network for every other chain that names none (the next free chain id of its
 * model, see freeChainId), and one http network per chain (`xdm:<chain>`) pointing at the port `xdm:node` serves
 * that chain on, so scripts and `hre.xdm.attach()` reach a running node.
 */
export function extendUserConfigWithTopology(
  config: HardhatUserConfig,
): HardhatUserConfig {
  const xdm = (config as { xdm?: XdmUserConfig }).xdm;
  if (xdm !== undefined && (typeof xdm !== "object" || xdm === null)) {
    return config; // validation reports it
  }
  const { l1, chains } = topologyOf(xdm);
  const networks: Record<string, unknown> = { ...(config.networks ?? {}) };
  /** The networks this function creates (registered once they have their final form, at the end). */
  const injected = new Set<string>();

  const defaults = new Map<string, { chainType: ChainType; chainId: number }>([
    [
      DEFAULT_TOPOLOGY.l1.name,
      { chainType: "l1", chainId: DEFAULT_TOPOLOGY.l1.chainId },
    ],
    ...Object.entries(DEFAULT_TOPOLOGY.chains).map(
      ([name, chain]): [string, { chainType: ChainType; chainId: number }] => [
        name,
        { chainType: chainTypeOf(chain.protocol), chainId: chain.chainId },
      ],
    ),
  ]);
  const wanted = [l1, ...Object.values(chains).map((c) => c.network)];
  for (const network of wanted) {
    const preset = defaults.get(network);
    if (networks[network] === undefined && preset !== undefined) {
      networks[network] = { type: "edr-simulated", ...preset };
      injected.add(network);
    }
  }
  // A chain the user added without naming a network runs in process on one the plugin creates; a
  // network named explicitly (`network: "…"`, `l1: "…"`) must exist, and validation says so if not.
  const taken = chainIdsOf(networks);
  for (const [name, chain] of Object.entries(chains)) {
    if (
      networks[chain.network] !== undefined ||
      xdm?.chains?.[name]?.network !== undefined
    )
      continue;
    const chainId = freeChainId(chain.protocol, taken);
    taken.add(chainId);
    networks[chain.network] = {
      type: "edr-simulated",
      chainType: chainTypeOf(chain.protocol),
      chainId,
    };
    injected.add(chain.network);
  }

  // A model may need its in-process chains on a hardfork of its own (its module says why).
  for (const chain of Object.values(chains)) {
    const hardfork = protocolModule(chain.protocol)?.hardfork;
    const net = networks[chain.network] as
      (NetworkLike & { hardfork?: unknown }) | undefined;
    if (
      hardfork !== undefined &&
      net?.type === "edr-simulated" &&
      net.hardfork === undefined
    ) {
      networks[chain.network] = { ...net, hardfork };
    }
  }

  // One clock for the world: blocks mined in the same second share its timestamp instead of
  // pushing one chain's time ahead of the others (a chain running ahead would make every
  // message it sends "in the future" on the other chains).
  for (const network of [l1, ...Object.values(chains).map((c) => c.network)]) {
    const net = networks[network] as
      (NetworkLike & { allowBlocksWithSameTimestamp?: unknown }) | undefined;
    if (
      net?.type === "edr-simulated" &&
      net.allowBlocksWithSameTimestamp === undefined
    ) {
      networks[network] = { ...net, allowBlocksWithSameTimestamp: true };
    }
  }

  const ports = nodePorts(l1, chains, DEFAULT_BASE_PORT);
  for (const [chain, port] of Object.entries(ports)) {
    const name = `${NODE_NETWORK_PREFIX}${chain}`;
    if (networks[name] !== undefined) continue;
    const source = networks[chain === l1 ? l1 : chains[chain].network] as
      NetworkLike | undefined;
    const chainType = chain === l1 ? "l1" : chainTypeOf(chains[chain].protocol);
    networks[name] = {
      type: "http",
      url: `http://127.0.0.1:${port}`,
      chainType,
      ...(typeof source?.chainId === "number"
        ? { chainId: source.chainId }
        : {}),
    };
  }
  // Chain descriptors let EDR fork one of these chains (e.g. a chain served by
  // xdm:node): without a hardfork history it refuses to run historical blocks.
  const descriptors: Record<string, unknown> = {
    ...(config.chainDescriptors ?? {}),
  };
  for (const [chain, network] of [
    [l1, l1],
    ...Object.entries(chains).map(([n, c]) => [n, c.network]),
  ]) {
    const net = networks[network] as
      (NetworkLike & { hardfork?: unknown }) | undefined;
    if (
      typeof net?.chainId !== "number" ||
      descriptors[net.chainId] !== undefined
    )
      continue;
    const chainType = chain === l1 ? "l1" : chainTypeOf(chains[chain].protocol);
    const hardfork =
      typeof net.hardfork === "string"
        ? net.hardfork
        : EDR_HARDFORKS[chainType];
    descriptors[net.chainId] = {
      name: chain,
      chainType,
      hardforkHistory: { [hardfork]: { blockNumber: 0 } },
    };
  }
  for (const network of injected)
    injectedNetworks.add(networks[network] as object);
  return {
    ...config,
    networks: networks as HardhatUserConfig["networks"],
    chainDescriptors: descriptors as HardhatUserConfig["chainDescriptors"],
  };
}

/** The network objects the plugin put into a user config: `hre.config.xdm.chains.<chain>.networkInjected`. */
const injectedNetworks = new WeakSet<object>();

/** Whether the plugin created this network of the (extended) user config, rather than the user. */
export function isInjectedNetwork(network: unknown): boolean {
  return (
    typeof network === "object" &&
    network !== null &&
    injectedNetworks.has(network)
  );
}

/** EDR's chain id of an in-process network that names none. */
const EDR_DEFAULT_CHAIN_ID = 31337;

/** Where created chains of a model not in the default topology start counting their chain ids. */
const CREATED_CHAIN_ID_BASE = 1_000_001;

/** The chain ids the networks of a config take (an in-process network without one runs EDR's default). */
function chainIdsOf(networks: Record<string, unknown>): Set<number> {
  const ids = new Set<number>();
  for (const network of Object.values(networks) as Array<
    NetworkLike | undefined
  >) {
    if (typeof network?.chainId === "number") ids.add(network.chainId);
    else if (network?.type === "edr-simulated") ids.add(EDR_DEFAULT_CHAIN_ID);
  }
  return ids;
}

/**
 * The chain id of a chain the plugin creates a network for: the first id not `taken`, counting up from the
 * lowest id the default topology gives a chain of its model (OP chains continue supersim's 901, 902 with
 * 903, 904, …; Scroll chains follow 534352; StarkNet chains follow SN_XDM), or from 1000001 for a model
 * the default topology does not hold (one registered with registerProtocol).
 */
export function freeChainId(
  protocol: string,
  taken: ReadonlySet<number>,
): number {
  const defaults = Object.values(DEFAULT_TOPOLOGY.chains)
    .filter((chain) => chain.protocol === protocol)
    .map((chain) => chain.chainId);
  let chainId =
    defaults.length > 0 ? Math.min(...defaults) : CREATED_CHAIN_ID_BASE;
  while (taken.has(chainId)) chainId++;
  return chainId;
}

/** EDR's default hardfork of each chain type (Hardhat 3.18): what a chain of xdm:node runs from genesis. */
const EDR_HARDFORKS: Record<ChainType, string> = {
  l1: "osaka",
  generic: "osaka",
  op: "isthmus",
};

/** The chain type of a model's chains; "generic" for a name no registered module has (validation reports it). */
export function chainTypeOf(protocol: string): ChainType {
  return protocolModule(protocol)?.chainType ?? "generic";
}

/**
 * The port of every chain under `xdm:node`: the L1 on the base port, the chains of a model with a
 * nodePortOffset from base + that offset (so supersim's ports by default), the other L2s
 * right after the L1.
 */
export function nodePorts(
  l1: string,
  chains: Record<string, { protocol: string }>,
  basePort: number,
): Record<string, number> {
  const ports: Record<string, number> = { [l1]: basePort };
  /** Ports taken so far from each offset; 0 is the block right after the L1. */
  const taken = new Map<number, number>([[0, 1]]);
  for (const [name, chain] of Object.entries(chains)) {
    if (name === l1) continue;
    const offset = protocolModule(chain.protocol)?.nodePortOffset ?? 0;
    const index = taken.get(offset) ?? 0;
    ports[name] = basePort + offset + index;
    taken.set(offset, index + 1);
  }
  return ports;
}

/** What resolution reads of a resolved network: its chain id, and whether the plugin created it. */
export interface ResolvedNetworkFacts {
  chainId?: number;
  injected?: boolean;
}

export function resolveXdmConfig(
  xdm: XdmUserConfig | undefined,
  networks: Record<string, ResolvedNetworkFacts>,
): XdmConfig {
  const { l1, chains: userChains } = topologyOf(xdm);
  const chains: Record<string, XdmChainConfig> = {
    [l1]: {
      name: l1,
      protocol: "l1",
      network: l1,
      networkInjected: networks[l1]?.injected ?? false,
      chainId: networks[l1]?.chainId,
      dependencySet: [],
      blockTime: xdm?.l1BlockTime ?? DEFAULT_L1_BLOCK_TIME,
    },
  };
  for (const [name, chain] of Object.entries(userChains)) {
    const protocol = chain.protocol as XdmChainConfig["protocol"];
    const module = protocolModule(protocol);
    // By default a chain's dependency set is every other chain of its model.
    const dependencySet =
      module?.dependencySet === undefined
        ? []
        : (
            chain.dependencySet ??
            Object.keys(userChains).filter(
              (other) => userChains[other].protocol === protocol,
            )
          ).filter((dependency) => dependency !== name);
    chains[name] = {
      name,
      protocol,
      network: chain.network,
      networkInjected: networks[chain.network]?.injected ?? false,
      chainId: networks[chain.network]?.chainId,
      dependencySet,
      blockTime: chain.blockTime ?? module?.blockTime ?? DEFAULT_L1_BLOCK_TIME,
    };
  }
  const user = (xdm ?? {}) as Record<string, unknown>;
  const sections = Object.fromEntries(
    configSections().map(([name, section]) => [
      name,
      section.resolve(user[name]),
    ]),
  );
  // The sections are typed by the modules' declarations in XdmConfig, the one step the engine cannot check.
  return {
    l1,
    chains,
    ...sections,
    actors: { ...(xdm?.actors ?? {}) },
  } as XdmConfig;
}
