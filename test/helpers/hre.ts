/** The Hardhat runtime the tests build: an inline config with the plugin and hardhat-ethers loaded. */
import type { HardhatUserConfig } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

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

/** An HRE built from an inline config, the way Hardhat's own plugins test. */
export async function hreWith(
  config: Omit<HardhatUserConfig, "plugins"> = {},
): Promise<HardhatRuntimeEnvironment> {
  return await createHardhatRuntimeEnvironment(
    {
      plugins: [hardhatEthers, hardhatXdm],
      solidity: { version: "0.8.30", path: require.resolve("solc/soljson.js") },
      ...config,
    },
    {},
    projectRoot,
  );
}
