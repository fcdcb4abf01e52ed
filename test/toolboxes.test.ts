/**
 * The package in both Hardhat 3 stacks, as a new user sets them up: each project of fixture-projects/
 * (viem-node-test: the viem toolbox and node:test; mocha-ethers: the mocha + ethers toolbox) is copied,
 * installs the packed package beside its toolbox, runs its cross-chain test of each model (OP, Scroll,
 * StarkNet), and type-checks, where a wrong system-contract call must be a type error
 * (typecheck/system-contracts.ts holds @ts-expect-error lines that fail tsc were the contracts untyped).
 * The fixtures live outside test/ so that this repository's mocha run, tsc and ESLint never load them.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { projectRoot } from "./helpers/hre.js";
import { packed, sh } from "./helpers/packed.js";

const stacks = [
  { fixture: "viem-node-test", runner: "nodejs" },
  { fixture: "mocha-ethers", runner: "mocha" },
] as const;

/** The error's output (execFile puts stdout and stderr on it), for a failure to show what the project said. */
function outputOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { stdout, stderr } = error as Error & {
    stdout?: unknown;
    stderr?: unknown;
  };
  return `${error.message}\n${String(stdout ?? "")}\n${String(stderr ?? "")}`;
}

async function inProject(
  what: string,
  command: string,
  args: string[],
  cwd: string,
): Promise<string> {
  try {
    return await sh(command, args, cwd);
  } catch (error) {
    throw new Error(`${what} failed in ${cwd}:\n${outputOf(error)}`, {
      cause: error,
    });
  }
}

describe("the package in each Hardhat 3 toolbox", function () {
  this.timeout(900_000);
  let work: string;

  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "hardhat-xdm-toolboxes-"));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const { fixture, runner } of stacks) {
    it(`${fixture}: installs, relays a message of each model in its tests, and types the system contracts`, async () => {
      const { tarball } = await packed();
      const project = path.join(work, fixture);
      cpSync(path.join(projectRoot, "fixture-projects", fixture), project, {
        recursive: true,
      });
      await inProject(
        "npm install",
        "npm",
        ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball],
        project,
      );
      expect(readdirSync(path.join(project, "node_modules"))).to.include(
        "hardhat-xdm",
      );
      const cli = path.join(
        project,
        "node_modules",
        "hardhat",
        "dist",
        "src",
        "cli.js",
      );
      const output = await inProject(
        `hardhat test ${runner}`,
        process.execPath,
        [cli, "test", runner],
        project,
      );
      expect(output).to.match(/\b3 passing/);
      expect(output).to.not.match(/\b[1-9]\d* failing/);

      const tsc = path.join(
        projectRoot,
        "node_modules",
        "typescript",
        "bin",
        "tsc",
      );
      await inProject(
        "tsc (the typed system contracts)",
        process.execPath,
        [tsc, "-p", path.join(project, "tsconfig.json")],
        project,
      );
    });
  }
});
