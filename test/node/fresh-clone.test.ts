import type { Hardhat } from "./processes.js";
import type { OpUrls } from "../op/viem-clients.js";

import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import { projectRoot } from "../helpers/hre.js";
import {
  relayByHand,
  sendEthAndSeeItRelayed,
  sendTokenAndSeeItRelayed,
} from "../op/viem-clients.js";

import {
  freeBasePort,
  interrupt,
  portOpen,
  run,
  startNode,
} from "./processes.js";

const exec = promisify(execFile);

/** Where xdm:node serves the OP chains: supersim's layout, at the L1 port + 1000 on. */
function opUrls(port: number): OpUrls {
  return {
    opA: `http://127.0.0.1:${port + 1000}`,
    opB: `http://127.0.0.1:${port + 1001}`,
  };
}

/** What a clone has after `npm install` and nothing else: none of the build's outputs. */
const BUILT = ["artifacts/", "cache/", "types/", "dist/", "system-artifacts/"];

/**
 * Copies the repository's files (tracked, and new ones not ignored) to `to`, as a clone of this
 * working tree would hold them, with node_modules linked to this repository's installed one.
 */
async function cloneInto(to: string): Promise<number> {
  const { stdout } = await exec(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  let copied = 0;
  for (const file of new Set(stdout.split("\0").filter(Boolean))) {
    if (
      file === "node_modules" ||
      file.startsWith("node_modules/") ||
      BUILT.some((prefix) => file.startsWith(prefix))
    )
      continue;
    const source = path.join(projectRoot, file);
    // A file deleted in the working tree but still in the index is not in a clone of it.
    if (!existsSync(source) || !lstatSync(source).isFile()) continue;
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(source, path.join(to, file));
    copied++;
  }
  symlinkSync(
    realpathSync(path.join(projectRoot, "node_modules")),
    path.join(to, "node_modules"),
    "dir",
  );
  return copied;
}

describe("a fresh clone", function () {
  // Building ~80 Solidity files with the WASM compiler on a shared machine takes minutes.
  this.timeout(900_000);

  it("runs xdm:node right after npm install: it builds the contracts, serves every chain, the OP demos, xdm:status and Optimism's viem actions run against it, Ctrl-C stops it", async () => {
    const clone = mkdtempSync(path.join(os.tmpdir(), "hardhat-xdm-clone-"));
    let node: Hardhat | undefined;
    try {
      const copied = await cloneInto(clone);
      expect(copied).to.be.greaterThan(100);
      expect(existsSync(path.join(clone, "artifacts"))).to.equal(false);
      const port = await freeBasePort();

      const started = Date.now();
      node = await startNode(["--port", String(port)], {
        cwd: clone,
        timeoutMs: 600_000,
      });
      const buildAndStart = (Date.now() - started) / 1000;
      expect(node.output()).to.include(
        "hardhat-xdm: building the contracts first",
      );
      expect(node.output()).to.include(`http://127.0.0.1:${port}`);
      expect(node.output()).to.include("L2ToL2CrossDomainMessenger");
      expect(
        existsSync(
          path.join(
            clone,
            "artifacts/contracts/op/CrossL2Inbox.sol/CrossL2Inbox.json",
          ),
        ),
      ).to.equal(true);

      const demoStarted = Date.now();
      const demo = await run(["run", "scripts/demo-op.ts"], {
        cwd: clone,
        env: { XDM_PORT: String(port) },
      });
      expect(demo.code, demo.output).to.equal(0);
      const demoTime = (Date.now() - demoStarted) / 1000;

      // OP L1↔L2 through the node: ETH, an ERC20 and a message to opA and back, the 7 days by time travel.
      const bridge = await run(["run", "scripts/demo-op-bridge.ts"], {
        cwd: clone,
        env: { XDM_PORT: String(port) },
      });
      expect(bridge.code, bridge.output).to.equal(0);
      expect(bridge.output).to.include("400 TST released to alice on the L1");

      const status = await run(["xdm:status", "--port", String(port)], {
        cwd: clone,
      });
      expect(status.code, status.output).to.equal(0);
      expect(status.output).to.include("relayed/relayed");
      console.log(
        `      fresh clone: build and start ${buildAndStart.toFixed(1)} s, demo-op ${demoTime.toFixed(1)} s`,
      );

      // A script written for supersim with Optimism's viem actions runs unchanged against it.
      await sendEthAndSeeItRelayed(opUrls(port));
      await sendTokenAndSeeItRelayed(opUrls(port));

      expect(await interrupt(node.child)).to.equal(0);
      expect(node.output()).to.include("Stopped.");
      expect(await portOpen(port)).to.equal(false);

      // Started again with --no-autorelay (the contracts built once), a client relays by hand.
      const manual = await freeBasePort();
      node = await startNode(["--port", String(manual), "--no-autorelay"], {
        cwd: clone,
        timeoutMs: 120_000,
      });
      expect(node.output()).to.not.include("building the contracts");
      await relayByHand(opUrls(manual));
      expect(await interrupt(node.child)).to.equal(0);
    } finally {
      if (node !== undefined && node.child.exitCode === null)
        node.child.kill("SIGKILL");
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
