/** The Hardhat runtime the tests build: an inline config with the plugin and hardhat-ethers (or others) loaded. */
import type { HardhatUserConfig } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { HardhatPlugin } from "hardhat/types/plugins";

import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import hardhatXdm from "../../src/index.js";

const require = createRequire(import.meta.url);
export const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);

/**
 * An HRE built from an inline config, the way Hardhat's own plugins test; `plugins` are the user's
 * plugins besides hardhat-xdm (default: hardhat-ethers).
 */
export async function hreWith(
  config: Omit<HardhatUserConfig, "plugins"> = {},
  plugins: HardhatPlugin[] = [hardhatEthers],
): Promise<HardhatRuntimeEnvironment> {
  return await createHardhatRuntimeEnvironment(
    {
      plugins: [...plugins, hardhatXdm],
      solidity: { version: "0.8.30", path: require.resolve("solc/soljson.js") },
      ...config,
    },
    {},
    projectRoot,
  );
}
