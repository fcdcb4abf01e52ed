import type { InterfaceAbi } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Interface } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

export interface SystemArtifact {
  contractName: string;
  abi: InterfaceAbi;
  deployedBytecode: string;
}

/** The directory holding this package's package.json (src/ and dist/src/ alike). */
export function packageRoot(): string {
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

const interfaces = new WeakMap<SystemArtifact, Interface>();

/**
 * A system artifact's ABI as an ethers Interface, built once per process: building one parses every
 * fragment, and each world's actors and contracts would otherwise build the same ones again.
 */
export function interfaceOf(artifact: SystemArtifact): Interface {
  let iface = interfaces.get(artifact);
  if (iface === undefined) {
    iface = new Interface(artifact.abi);
    interfaces.set(artifact, iface);
  }
  return iface;
}

/**
 * Solidity sources under `<root>/contracts` that have no folder under `<root>/artifacts/contracts`:
 * Hardhat's build writes one for every source it compiles, even one that declares no contract.
 */
export function unbuiltSources(root: string): string[] {
  const sources = path.join(root, "contracts");
  const built = path.join(root, "artifacts", "contracts");
  if (!existsSync(sources)) return [];
  const missing: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(sources, relative), {
      withFileTypes: true,
    })) {
      const file = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (
        entry.name.endsWith(".sol") &&
        !existsSync(path.join(built, file))
      )
        missing.push(file.split(path.sep).join("/"));
    }
  };
  walk("");
  return missing.sort();
}

export interface EnsureSystemArtifactsOptions {
  /** The hardhat-xdm package directory; the one holding this file unless a test names another. */
  packageDirectory?: string;
  /** Where to say that a build starts (stderr unless told). */
  log?: (line: string) => void;
}

/**
 * Makes sure readSystemArtifact will find the system contracts before a task needs them. An installed
 * package ships them prebuilt in system-artifacts/; a clone of this repository has only the sources until
 * its first build, so when the plugin runs from the repository's own project (the project Hardhat
 * loaded is the package itself) and artifacts are missing, this runs Hardhat's build task, as
 * `hardhat run` and `hardhat test` do before they start. Anywhere else a missing build cannot be
 * made here and is reported with what to do.
 *
 * @returns whether it built ("built") or found what it needs ("present")
 */
export async function ensureSystemArtifacts(
  hre: HardhatRuntimeEnvironment,
  options: EnsureSystemArtifactsOptions = {},
): Promise<"built" | "present"> {
  const root = realpathSync(options.packageDirectory ?? packageRoot());
  const missing = unbuiltSources(root);
  if (missing.length === 0) return "present";
  const project = realpathSync(hre.config.paths.root);
  if (project !== root) {
    if (existsSync(path.join(root, "system-artifacts"))) return "present";
    throw new HardhatPluginError(
      PLUGIN_ID,
      `The system contracts of hardhat-xdm at ${root} are not built (${describeMissing(missing)}) and this project (${project}) cannot build them: it is not hardhat-xdm's own. Run \`npx hardhat build\` in ${root}, or reinstall hardhat-xdm from npm (its package ships them prebuilt).`,
    );
  }
  const log = options.log ?? ((line: string) => console.error(line));
  log(
    `hardhat-xdm: building the contracts first (${describeMissing(missing)}, as in a fresh clone)…`,
  );
  // The build is a side step of a task whose stdout may carry JSON (xdm:node --json, xdm:status
  // --json): what Hardhat's build prints goes to stderr.
  const stdout = console.log;
  console.log = (...parts: unknown[]) => console.error(...parts);
  try {
    await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  } catch (error) {
    throw new HardhatPluginError(
      PLUGIN_ID,
      `Building hardhat-xdm's contracts failed: ${error instanceof Error ? error.message : String(error)}. Fix what it names, then run \`npx hardhat build\` to see the compiler's whole output.`,
      error instanceof Error ? error : undefined,
    );
  } finally {
    console.log = stdout;
  }
  return "built";
}

function describeMissing(missing: string[]): string {
  return missing.length === 1
    ? `contracts/${missing[0]} has no artifacts`
    : `contracts/${missing[0]} and ${missing.length - 1} more sources have no artifacts`;
}
