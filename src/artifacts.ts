import type { InterfaceAbi } from "ethers";

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

export interface SystemArtifact {
  contractName: string;
  abi: InterfaceAbi;
  deployedBytecode: string;
}

/** The directory holding this package's package.json (src/ and dist/src/ alike). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (
      existsSync(path.join(dir, "package.json")) &&
      existsSync(path.join(dir, "contracts"))
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        "Cannot find the hardhat-xdm package directory: reinstall hardhat-xdm.",
      );
    }
    dir = parent;
  }
}

const cache = new Map<string, SystemArtifact>();

/**
 * Reads a system contract's artifact from this package, so that the user's own
 * compiler version and settings never change the code the world installs.
 *
 * @param source the source path under contracts/, e.g. "op/CrossL2Inbox.sol"
 */
export function readSystemArtifact(
  source: string,
  contractName: string,
): SystemArtifact {
  const key = `${source}:${contractName}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  // In this repository the build's artifacts; in an installed package the prebuilt copies it ships.
  const root = packageRoot();
  const built = path.join(
    root,
    "artifacts",
    "contracts",
    source,
    `${contractName}.json`,
  );
  const file = existsSync(built)
    ? built
    : path.join(root, "system-artifacts", source, `${contractName}.json`);
  if (!existsSync(file)) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `The artifact of the system contract ${contractName} (contracts/${source}) is missing at ${file}. Run \`npx hardhat build\` in the hardhat-xdm package.`,
    );
  }
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    contractName: string;
    abi: InterfaceAbi;
    deployedBytecode: string;
  };
  const artifact: SystemArtifact = {
    contractName: json.contractName,
    abi: json.abi,
    deployedBytecode: json.deployedBytecode,
  };
  cache.set(key, artifact);
  return artifact;
}
