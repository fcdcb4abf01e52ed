import type {
  XdmChainConfig,
  XdmConfig,
  XdmUserConfig,
} from "./types/config.js";
import type { HardhatUserConfig } from "hardhat/types/config";
import type { HardhatUserConfigValidationError } from "hardhat/types/hooks";

import { validateUserConfigZodType } from "@nomicfoundation/hardhat-zod-utils";
import { z } from "zod";

import { actorNames } from "./actors.js";
import {
  DEFAULT_BASE_PORT,
  DEFAULT_BLOCK_TIME,
  DEFAULT_CHAINS,
  DEFAULT_L1,
  NODE_NETWORK_PREFIX,
  OP_EXPIRY_WINDOW,
  OP_PORT_OFFSET,
  OP_RELAY_RETRIES,
  SCROLL_DEFAULTS,
  STARKNET_DEFAULTS,
} from "./constants.js";
import { protocolModule, protocolNames } from "./protocols/index.js";

const seconds = z.number().int().nonnegative();
const positiveSeconds = z.number().int().positive();
const weiAmount = z.union([
  z.number().int().nonnegative(),
  z.bigint().nonnegative(),
]);

const chainSchema = z
  .object({
    // Any model the registry holds (the built-in ones and those registered with registerProtocol).
    protocol: z.string().refine(
      (name) => protocolModule(name) !== undefined,
      () => ({
        message: `Expected one of the protocols ${protocolNames()
          .map((p) => `"${p}"`)
          .join(", ")}`,
      }),
    ),
    network: z.string().min(1).optional(),
    dependencySet: z.array(z.string()).optional(),
    blockTime: positiveSeconds.optional(),
  })
  .strict();

const xdmSchema = z
  .object({
    l1: z.string().min(1).optional(),
    l1BlockTime: positiveSeconds.optional(),
    chains: z.record(chainSchema).optional(),
    op: z
      .object({
        expiryWindow: positiveSeconds.optional(),
        relayRetries: seconds.optional(),
        autorelay: z.boolean().optional(),
      })
      .strict()
      .optional(),
    scroll: z
      .object({
        l1Confirmations: seconds.optional(),
        batchBlocks: positiveSeconds.optional(),
        proofDelay: seconds.optional(),
        maxGasLimit: weiAmount.optional(),
        l2BaseFee: weiAmount.optional(),
        whitelist: z.boolean().optional(),
      })
      .strict()
      .optional(),
    starknet: z
      .object({
        l1Confirmations: seconds.optional(),
        proofDelay: seconds.optional(),
        cancellationDelay: seconds.optional(),
      })
      .strict()
      .optional(),
    actors: z
      .record(
        z
          .string()
          .regex(
            /^0x[0-9a-fA-F]{64}$/,
            "Expected a 32-byte private key as 0x-prefixed hex",
          ),
      )
      .optional(),
  })
  .strict();

/** The chains of the topology the user asked for (or the default one), without resolving anything. */
function topologyOf(xdm: XdmUserConfig | undefined): {
  l1: string;
  chains: Record<
    string,
    {
      protocol: string;
      network: string;
      dependencySet?: string[];
      blockTime?: number;
    }
  >;
} {
  const l1 = xdm?.l1 ?? DEFAULT_L1;
  const userChains = xdm?.chains;
  const chains: Record<
    string,
    {
      protocol: string;
      network: string;
      dependencySet?: string[];
      blockTime?: number;
    }
  > = {};
  if (userChains === undefined) {
    for (const [name, chain] of Object.entries(DEFAULT_CHAINS)) {
      if ("protocol" in chain) {
        chains[name] = { protocol: chain.protocol, network: name };
      }
    }
  } else {
    for (const [name, chain] of Object.entries(userChains)) {
      chains[name] = { ...chain, network: chain.network ?? name };
    }
  }
  return { l1, chains };
}

interface NetworkLike {
  type?: unknown;
  chainId?: unknown;
  chainType?: unknown;
  url?: unknown;
}

/**
 * Adds the networks of the default topology the user did not define, and one
 * http network per chain (`xdm:<chain>`) pointing at the port `xdm:node` serves
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

  const defaults = DEFAULT_CHAINS as Record<
    string,
    { chainType: string; chainId: number }
  >;
  const wanted = [l1, ...Object.values(chains).map((c) => c.network)];
  for (const network of wanted) {
    const preset = defaults[network];
    if (networks[network] === undefined && preset !== undefined) {
      networks[network] = {
        type: "edr-simulated",
        chainType: preset.chainType,
        chainId: preset.chainId,
      };
    }
  }

  // Scroll's L2 has no EIP-7623 calldata floor: under a later hardfork EDR would refuse
  // relays whose gas limit meets Scroll's own floor (21000 + 16 per byte).
  for (const chain of Object.values(chains)) {
    const net = networks[chain.network] as
      (NetworkLike & { hardfork?: unknown }) | undefined;
    if (
      chain.protocol === "scroll" &&
      net?.type === "edr-simulated" &&
      net.hardfork === undefined
    ) {
      networks[chain.network] = { ...net, hardfork: SCROLL_HARDFORK };
    }
  }

  // One clock for the world: blocks mined in the same second share its timestamp instead of
  // pushing one chain's time ahead of the others (an OP chain running ahead would make every
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
    const chainType =
      chain === l1 ? "l1" : chains[chain].protocol === "op" ? "op" : "generic";
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
    const chainType =
      chain === l1 ? "l1" : chains[chain].protocol === "op" ? "op" : "generic";
    const hardfork =
      typeof net.hardfork === "string"
        ? net.hardfork
        : chainType === "op"
          ? DEFAULT_OP_HARDFORK
          : DEFAULT_L1_HARDFORK;
    descriptors[net.chainId] = {
      name: chain,
      chainType,
      hardforkHistory: { [hardfork]: { blockNumber: 0 } },
    };
  }
  return {
    ...config,
    networks: networks as HardhatUserConfig["networks"],
    chainDescriptors: descriptors as HardhatUserConfig["chainDescriptors"],
  };
}

/** EDR's default hardforks (Hardhat 3.18): what a chain of xdm:node runs from genesis. */
const DEFAULT_L1_HARDFORK = "osaka";
const DEFAULT_OP_HARDFORK = "isthmus";
const SCROLL_HARDFORK = "cancun";

/**
 * The port of every chain under `xdm:node`: the L1 on the base port, OP chains
 * from base + 1000 (supersim's 9545, 9546 by default), the other L2s right after the L1.
 */
export function nodePorts(
  l1: string,
  chains: Record<string, { protocol: string }>,
  basePort: number,
): Record<string, number> {
  const ports: Record<string, number> = { [l1]: basePort };
  let op = 0;
  let other = 1;
  for (const [name, chain] of Object.entries(chains)) {
    if (name === l1) continue;
    ports[name] =
      chain.protocol === "op"
        ? basePort + OP_PORT_OFFSET + op++
        : basePort + other++;
  }
  return ports;
}

export async function validateXdmUserConfig(
  config: HardhatUserConfig,
): Promise<HardhatUserConfigValidationError[]> {
  const structural = validateUserConfigZodType(
    config,
    z.object({ xdm: xdmSchema.optional() }).passthrough(),
  );
  if (structural.length > 0) {
    return structural;
  }
  const xdm = (config as { xdm?: XdmUserConfig }).xdm;
  const errors: HardhatUserConfigValidationError[] = [];
  const networks = (config.networks ?? {}) as Record<string, NetworkLike>;
  const { l1, chains } = topologyOf(xdm);

  const l1Network = networks[l1];
  if (l1Network === undefined) {
    errors.push({
      path: ["xdm", "l1"],
      message: `The L1 network "${l1}" does not exist. Define it under "networks" or name an existing network.`,
    });
  } else if (
    l1Network.chainType !== undefined &&
    l1Network.chainType !== "l1"
  ) {
    errors.push({
      path: ["xdm", "l1"],
      message: `The L1 network "${l1}" has chainType "${String(l1Network.chainType)}"; an L1 needs chainType "l1".`,
    });
  }

  const idOwners = new Map<number, string>();
  if (typeof l1Network?.chainId === "number")
    idOwners.set(l1Network.chainId, l1);
  else if (l1Network?.type === "edr-simulated") idOwners.set(31337, l1);

  const opChains = new Set(
    Object.entries(chains)
      .filter(([, c]) => c.protocol === "op")
      .map(([n]) => n),
  );
  for (const [name, chain] of Object.entries(chains)) {
    const path = ["xdm", "chains", name];
    if (name === l1) {
      errors.push({
        path,
        message: `"${name}" is the L1's name; give this L2 another name.`,
      });
      continue;
    }
    if (chain.network === l1) {
      errors.push({
        path: [...path, "network"],
        message: `Chain "${name}" uses the L1's network "${l1}"; every chain needs a network of its own.`,
      });
      continue;
    }
    const network = networks[chain.network];
    if (network === undefined) {
      errors.push({
        path: [...path, "network"],
        message: `Chain "${name}" runs on network "${chain.network}", which does not exist. Define it under "networks".`,
      });
      continue;
    }
    const expectedType = chain.protocol === "op" ? "op" : "generic";
    if (
      network.chainType !== undefined &&
      network.chainType !== expectedType &&
      !(chain.protocol !== "op" && network.chainType === "l1")
    ) {
      errors.push({
        path: [...path, "network"],
        message: `Chain "${name}" is a ${chain.protocol} chain but network "${chain.network}" has chainType "${String(network.chainType)}"; use chainType "${expectedType}".`,
      });
    }
    const chainId =
      typeof network.chainId === "number"
        ? network.chainId
        : network.type === "edr-simulated"
          ? 31337
          : undefined;
    if (chainId !== undefined) {
      const owner = idOwners.get(chainId);
      if (owner !== undefined) {
        errors.push({
          path,
          message: `Chain "${name}" has chain id ${chainId}, already used by chain "${owner}". Give network "${chain.network}" its own chainId.`,
        });
      } else {
        idOwners.set(chainId, name);
      }
    }
    if (chain.dependencySet !== undefined) {
      if (chain.protocol !== "op") {
        errors.push({
          path: [...path, "dependencySet"],
          message: `Only OP chains have a dependency set; "${name}" is a ${chain.protocol} chain.`,
        });
      }
      chain.dependencySet.forEach((dep, i) => {
        if (!opChains.has(dep)) {
          const what =
            dep in chains || dep === l1
              ? "is not an OP chain"
              : "is not a chain of the topology";
          errors.push({
            path: [...path, "dependencySet", i],
            message: `"${dep}" ${what}; a dependency set names OP chains of xdm.chains.`,
          });
        }
      });
    }
  }

  const actors = actorNames();
  for (const actor of Object.keys(xdm?.actors ?? {})) {
    if (!actors.includes(actor)) {
      errors.push({
        path: ["xdm", "actors", actor],
        message: `Unknown actor "${actor}". Actors are ${actors.map((a) => `"${a}"`).join(", ")}.`,
      });
    }
  }
  return errors;
}

export function resolveXdmConfig(
  xdm: XdmUserConfig | undefined,
  networks: Record<string, { chainId?: number }>,
): XdmConfig {
  const { l1, chains: userChains } = topologyOf(xdm);
  const opNames = Object.entries(userChains)
    .filter(([, c]) => c.protocol === "op")
    .map(([n]) => n);
  const chains: Record<string, XdmChainConfig> = {
    [l1]: {
      name: l1,
      protocol: "l1",
      network: l1,
      chainId: networks[l1]?.chainId,
      dependencySet: [],
      blockTime: xdm?.l1BlockTime ?? DEFAULT_BLOCK_TIME.l1,
    },
  };
  for (const [name, chain] of Object.entries(userChains)) {
    const protocol = chain.protocol as XdmChainConfig["protocol"];
    chains[name] = {
      name,
      protocol,
      network: chain.network,
      chainId: networks[chain.network]?.chainId,
      dependencySet:
        protocol === "op"
          ? (chain.dependencySet ?? opNames).filter((d) => d !== name)
          : [],
      blockTime:
        chain.blockTime ??
        protocolModule(protocol)?.blockTime ??
        DEFAULT_BLOCK_TIME.l1,
    };
  }
  return {
    l1,
    chains,
    op: {
      expiryWindow: xdm?.op?.expiryWindow ?? OP_EXPIRY_WINDOW,
      relayRetries: xdm?.op?.relayRetries ?? OP_RELAY_RETRIES,
      autorelay: xdm?.op?.autorelay ?? true,
    },
    scroll: {
      l1Confirmations:
        xdm?.scroll?.l1Confirmations ?? SCROLL_DEFAULTS.l1Confirmations,
      batchBlocks: xdm?.scroll?.batchBlocks ?? SCROLL_DEFAULTS.batchBlocks,
      proofDelay: xdm?.scroll?.proofDelay ?? SCROLL_DEFAULTS.proofDelay,
      maxGasLimit: BigInt(
        xdm?.scroll?.maxGasLimit ?? SCROLL_DEFAULTS.maxGasLimit,
      ),
      l2BaseFee: BigInt(xdm?.scroll?.l2BaseFee ?? SCROLL_DEFAULTS.l2BaseFee),
      whitelist: xdm?.scroll?.whitelist ?? SCROLL_DEFAULTS.whitelist,
    },
    starknet: {
      l1Confirmations:
        xdm?.starknet?.l1Confirmations ?? STARKNET_DEFAULTS.l1Confirmations,
      proofDelay: xdm?.starknet?.proofDelay ?? STARKNET_DEFAULTS.proofDelay,
      cancellationDelay:
        xdm?.starknet?.cancellationDelay ?? STARKNET_DEFAULTS.cancellationDelay,
    },
    actors: { ...(xdm?.actors ?? {}) },
  };
}
