import type { ResolvedNetworkFacts } from "../config.js";
import type { XdmUserConfig } from "../types/config.js";
import type { ConfigHooks } from "hardhat/types/hooks";

import { validateXdmUserConfig } from "../config-validation.js";
import {
  extendUserConfigWithTopology,
  isInjectedNetwork,
  resolveXdmConfig,
} from "../config.js";

export default async (): Promise<Partial<ConfigHooks>> => ({
  async extendUserConfig(config, next) {
    return await next(extendUserConfigWithTopology(config));
  },

  async validateUserConfig(config) {
    return await validateXdmUserConfig(config);
  },

  async resolveUserConfig(userConfig, resolveConfigurationVariable, next) {
    const resolved = await next(userConfig, resolveConfigurationVariable);
    const networks: Record<string, ResolvedNetworkFacts> = {};
    for (const [name, network] of Object.entries(resolved.networks)) {
      networks[name] = {
        chainId: network.chainId,
        injected: isInjectedNetwork(userConfig.networks?.[name]),
      };
    }
    return {
      ...resolved,
      xdm: resolveXdmConfig(
        (userConfig as { xdm?: XdmUserConfig }).xdm,
        networks,
      ),
    };
  },
});
