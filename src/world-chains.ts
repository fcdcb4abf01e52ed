/**
 * The chains of a world, connected: fresh in-process networks for `hre.xdm.create()`, or the chains
 * already running (`xdm:node`, http networks) for `hre.xdm.attach()`, each checked against its config.
 */
import type { XdmChainConfig } from "./types/config.js";
import type { AttachOptions, CreateWorldOptions } from "./world.js";
import type { HttpNetworkConfigOverride } from "hardhat/types/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { ChainType, NetworkConnection } from "hardhat/types/network";

import { HardhatPluginError } from "hardhat/plugins";

import { Chain } from "./chain.js";
import { nodePorts } from "./config.js";
import {
  DEFAULT_BASE_PORT,
  NODE_NETWORK_PREFIX,
  PLUGIN_ID,
} from "./constants.js";
import { protocolModule } from "./protocols/index.js";

/** Fresh in-process chains for the configured topology, one network connection each. */
export async function createChains(
  hre: HardhatRuntimeEnvironment,
  options: CreateWorldOptions = {},
): Promise<Chain[]> {
  const config = hre.config.xdm;
  for (const name of Object.keys(options.networks ?? {})) {
    if (config.chains[name] === undefined) {
      fail(
        `hre.xdm.create: unknown chain "${name}" in options.networks. The chains are ${Object.keys(config.chains).join(", ")}.`,
      );
    }
  }
  const connect = async (chainConfig: XdmChainConfig): Promise<Chain> => {
    const override = options.networks?.[chainConfig.name];
    const connection = await hre.network.create({
      network: chainConfig.network,
      chainType: chainTypeOf(chainConfig),
      ...(override !== undefined ? { override } : {}),
    });
    return await connectedChain(chainConfig, connection as NetworkConnection);
  };
  // The first connection of a process builds Hardhat's contract decoder from every build info of the
  // project; started together, each of the first connections builds its own. Measured with five
  // chains: 2.0–2.2 s and 650 MB of RSS (51 MB of buffers kept for the whole process) at once,
  // 0.54–0.63 s and 420–430 MB with one connection first and the others together after it.
  const [first, ...others] = Object.values(config.chains);
  const firstChain = await connect(first);
  return [firstChain, ...(await Promise.all(others.map(connect)))];
}

/** The configured chains as they already run: their http networks, or `xdm:node`'s ports (or `options.urls`). */
export async function attachChains(
  hre: HardhatRuntimeEnvironment,
  options: AttachOptions = {},
): Promise<Chain[]> {
  const config = hre.config.xdm;
  const ports = nodePorts(
    config.l1,
    config.chains,
    options.port ?? DEFAULT_BASE_PORT,
  );
  for (const name of Object.keys(options.urls ?? {})) {
    if (config.chains[name] === undefined) {
      fail(
        `hre.xdm.attach: unknown chain "${name}" in options.urls. The chains are ${Object.keys(config.chains).join(", ")}.`,
      );
    }
  }
  return await Promise.all(
    Object.values(config.chains).map(async (chainConfig) => {
      const own = hre.config.networks[chainConfig.network];
      const network =
        own?.type === "http"
          ? chainConfig.network
          : `${NODE_NETWORK_PREFIX}${chainConfig.name}`;
      const url =
        options.urls?.[chainConfig.name] ??
        (network === chainConfig.network
          ? undefined
          : `http://127.0.0.1:${ports[chainConfig.name]}`);
      const override: HttpNetworkConfigOverride | undefined =
        url !== undefined ? { url } : undefined;
      const connection = await hre.network.create({
        network,
        chainType: chainTypeOf(chainConfig),
        ...(override !== undefined ? { override } : {}),
      });
      try {
        return await connectedChain(
          chainConfig,
          connection as NetworkConnection,
        );
      } catch (error) {
        await connection.close();
        const where =
          url ??
          String(
            (hre.config.networks[network] as { url?: unknown } | undefined)
              ?.url ?? network,
          );
        fail(
          `Cannot reach chain "${chainConfig.name}" at ${where}: ${(error as Error).message}. ` +
            "Start the chains first (`npx hardhat xdm:node`) or pass their URLs: hre.xdm.attach({ urls: { … } }).",
        );
      }
    }),
  );
}

/** The Hardhat chain type of a chain: "l1" for the L1, else what its protocol's module runs it as. */
function chainTypeOf(config: XdmChainConfig): ChainType {
  if (config.protocol === "l1") return "l1";
  const module = protocolModule(config.protocol);
  if (module === undefined) {
    fail(
      `Chain "${config.name}" has protocol "${config.protocol}", which no registered protocol module provides.`,
    );
  }
  return module.chainType;
}

/** The chain behind `connection`, once its chain id agrees with the config. */
async function connectedChain(
  config: XdmChainConfig,
  connection: NetworkConnection,
): Promise<Chain> {
  const chainId = Number(
    await connection.provider.request({ method: "eth_chainId" }),
  );
  if (config.chainId !== undefined && config.chainId !== chainId) {
    fail(
      `Chain "${config.name}" answered with chain id ${chainId}, but network "${config.network}" is configured with ${config.chainId}.`,
    );
  }
  return new Chain(config.name, config.protocol, chainId, connection, config);
}

function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN_ID, message);
}
