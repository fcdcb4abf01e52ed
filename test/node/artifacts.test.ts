import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { expect } from "chai";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import { HardhatPluginError } from "hardhat/plugins";

import { ensureSystemArtifacts, unbuiltSources } from "../../src/artifacts.js";
import hardhatXdm from "../../src/index.js";
import { projectRoot } from "../helpers/hre.js";

const require = createRequire(import.meta.url);

/** A package directory of its own: package.json and the given sources under contracts/. */
function packageWith(sources: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "hardhat-xdm-package-"));
  writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "package-under-test", type: "module" }),
  );
  for (const [file, text] of Object.entries(sources)) {
    mkdirSync(path.dirname(path.join(root, "contracts", file)), {
      recursive: true,
    });
    writeFileSync(path.join(root, "contracts", file), text);
  }
  return root;
}

/** An HRE whose project is `root`, with the plugin and the local compiler. */
async function hreAt(root: string): Promise<HardhatRuntimeEnvironment> {
  return await createHardhatRuntimeEnvironment(
    {
      plugins: [hardhatEthers, hardhatXdm],
      solidity: { version: "0.8.30", path: require.resolve("solc/soljson.js") },
    },
    {},
    root,
  );
}

const TINY = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

contract Tiny {
    uint256 public value = 1;
}
`;

describe("the system contracts' artifacts before a task", function () {
  this.timeout(300_000);
  const made: string[] = [];
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  afterEach(() => {
    lines.length = 0;
    for (const dir of made.splice(0))
      rmSync(dir, { recursive: true, force: true });
  });

  it("builds them with Hardhat's build task when the package is the project and they are missing, once", async () => {
    const root = packageWith({ "system/Tiny.sol": TINY });
    made.push(root);
    expect(unbuiltSources(root)).to.deep.equal(["system/Tiny.sol"]);
    const hre = await hreAt(root);

    expect(
      await ensureSystemArtifacts(hre, { packageDirectory: root, log }),
    ).to.equal("built");
    const artifact = path.join(
      root,
      "artifacts/contracts/system/Tiny.sol/Tiny.json",
    );
    expect(existsSync(artifact)).to.equal(true);
    expect(lines.join("\n")).to.include(
      "contracts/system/Tiny.sol has no artifacts",
    );
    expect(unbuiltSources(root)).to.deep.equal([]);

    const written = statSync(artifact).mtimeMs;
    expect(
      await ensureSystemArtifacts(hre, { packageDirectory: root, log }),
    ).to.equal("present");
    expect(statSync(artifact).mtimeMs).to.equal(written);
  });

  it("finds them present in this repository, built, and in an installed package's system-artifacts/", async () => {
    const hre = await hreAt(projectRoot);
    expect(await ensureSystemArtifacts(hre, { log })).to.equal("present");

    const installed = packageWith({ "interfaces/ITiny.sol": TINY });
    made.push(installed);
    mkdirSync(path.join(installed, "system-artifacts"));
    expect(
      await ensureSystemArtifacts(hre, { packageDirectory: installed, log }),
    ).to.equal("present");
    expect(lines).to.deep.equal([]);
  });

  it("says where to build when the project Hardhat loaded is not the package's (a linked checkout)", async () => {
    const linked = packageWith({ "system/Tiny.sol": TINY });
    made.push(linked);
    const hre = await hreAt(projectRoot);
    const error = await ensureSystemArtifacts(hre, {
      packageDirectory: linked,
      log,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(HardhatPluginError.isHardhatPluginError(error)).to.equal(true);
    expect((error as Error).message)
      .to.include("contracts/system/Tiny.sol has no artifacts")
      .and.to.include("cannot build them")
      .and.to.include(`Run \`npx hardhat build\` in`);
    expect(lines).to.deep.equal([]);
    expect(existsSync(path.join(linked, "artifacts"))).to.equal(false);
  });

  it("reports a build that fails with Hardhat's error as its cause", async () => {
    const root = packageWith({
      "system/Broken.sol": `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import "./Missing.sol";

contract Broken {}
`,
    });
    made.push(root);
    const hre = await hreAt(root);
    const error = await ensureSystemArtifacts(hre, {
      packageDirectory: root,
      log,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(HardhatPluginError.isHardhatPluginError(error)).to.equal(true);
    expect((error as Error).message)
      .to.include("Building hardhat-xdm's contracts failed")
      .and.to.include("Missing.sol")
      .and.to.include("npx hardhat build");
    expect((error as Error).cause).to.be.instanceOf(Error);
  });
});
