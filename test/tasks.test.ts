import type { ChildProcess } from "node:child_process";

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

import { expect } from "chai";

import { projectRoot } from "./helpers/hre.js";

const hardhatCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("hardhat/package.json")),
  "dist/src/cli.js",
);

/** Runs Hardhat's CLI in a child process, the way a user runs `npx hardhat …`. */
function hardhat(
  args: string[],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(process.execPath, [hardhatCli, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const child = hardhat(args, env);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) =>
    child.once("exit", resolve),
  );
  return { code, out };
}

async function startNode(
  port: number,
  extra: string[] = [],
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = hardhat(["xdm:node", "--port", String(port), ...extra]);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("Ctrl-C to stop")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`xdm:node exited (${code}):\n${out}`));
    });
  });
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", resolve),
  );
  child.kill("SIGINT");
  return await exited;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("tasks as child processes on loopback", function () {
  this.timeout(300_000);

  it("xdm:node serves every chain, a demo runs against it, xdm:status reports, Ctrl-C stops it cleanly", async () => {
    const port = 18545;
    const node = await startNode(port);
    try {
      expect(node.output()).to.include(`http://127.0.0.1:${port}`);
      expect(node.output()).to.include(`http://127.0.0.1:${port + 1000}`);
      expect(node.output()).to.include("L2ToL2CrossDomainMessenger");
      const demo = await run(["run", "scripts/demo-op.ts"], {
        XDM_PORT: String(port),
      });
      expect(demo.code, demo.out).to.equal(0);
      const status = await run([
        "xdm:status",
        "--port",
        String(port),
        "--json",
      ]);
      expect(status.code, status.out).to.equal(0);
      const rows = JSON.parse(
        status.out.slice(status.out.indexOf("[")),
      ) as Array<{ protocol: string; status: string; next: string }>;
      // demo-op's ping, pong, CrossChainToken transfer, sendETH and sendERC20.
      expect(rows.filter((r) => r.protocol === "op")).to.have.length(5);
      expect(rows.every((r) => r.status === "relayed")).to.equal(true);
      // The node relays itself: a second relayer is turned away with what to do.
      const second = await run(["xdm:relay", "--port", String(port)]);
      expect(second.code).to.not.equal(0);
      expect(second.out)
        .to.include("xdm:node relays itself")
        .and.to.include("--no-autorelay");
      const table = await run(["xdm:status", "--port", String(port)]);
      expect(table.out)
        .to.include("op:901:0")
        .and.to.include("relayed/relayed");
      expect(node.output()).to.include("op:901:0 relayed/relayed");
    } finally {
      expect(await stop(node.child)).to.equal(0);
    }
    expect(await portOpen(port)).to.equal(false);
    expect(await portOpen(port + 1000)).to.equal(false);
  });

  it("xdm:relay relays for a node started with --no-autorelay, and a restarted relayer loses and duplicates nothing", async () => {
    const port = 19545;
    const node = await startNode(port, ["--no-autorelay"]);
    let relayer: ChildProcess | undefined;
    try {
      expect(node.output()).to.include("autorelay off");
      relayer = hardhat([
        "xdm:relay",
        "--port",
        String(port),
        "--watch",
        "--interval",
        "200",
      ]);
      const demo = run(["run", "scripts/demo-op.ts"], {
        XDM_PORT: String(port),
      });
      // Kill the relayer while the demo runs, then start a fresh one: it rebuilds from the chains.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      relayer.kill("SIGKILL");
      relayer = hardhat([
        "xdm:relay",
        "--port",
        String(port),
        "--watch",
        "--interval",
        "200",
      ]);
      const result = await demo;
      expect(result.code, result.out).to.equal(0);
      // While the watching relayer holds the role, a second one is turned away.
      const busy = await run(["xdm:relay", "--port", String(port)]);
      expect(busy.out).to.include("another relayer");
      await stop(relayer);
      relayer = undefined;
      const once = await run(["xdm:relay", "--port", String(port)]);
      expect(once.code, once.out).to.equal(0);
      const status = await run([
        "xdm:status",
        "--port",
        String(port),
        "--json",
      ]);
      const rows = JSON.parse(
        status.out.slice(status.out.indexOf("[")),
      ) as Array<{ id: string; status: string }>;
      // demo-op's five messages (ping, pong, token, ETH, supersim token).
      expect(rows.map((r) => r.status)).to.deep.equal([
        "relayed",
        "relayed",
        "relayed",
        "relayed",
        "relayed",
      ]);
      expect(new Set(rows.map((r) => r.id)).size).to.equal(rows.length);
    } finally {
      if (relayer !== undefined) await stop(relayer);
      await stop(node.child);
    }
  });

  it("xdm:relay --watch retries an unreachable chain until it comes up", async () => {
    const port = 20545;
    const relayer = hardhat([
      "xdm:relay",
      "--port",
      String(port),
      "--watch",
      "--interval",
      "300",
    ]);
    let out = "";
    relayer.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    relayer.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(out).to.include("Cannot reach chain").and.to.include("retrying");
      expect(relayer.exitCode).to.equal(null);
      const node = await startNode(port, ["--no-autorelay"]);
      try {
        const demo = await run(["run", "scripts/demo-op.ts"], {
          XDM_PORT: String(port),
        });
        expect(demo.code, demo.out).to.equal(0);
      } finally {
        await stop(relayer);
        await stop(node.child);
      }
    } finally {
      if (relayer.exitCode === null) relayer.kill("SIGKILL");
    }
  });

  it("xdm:status says what to do when nothing runs on the port", async () => {
    const result = await run(["xdm:status", "--port", "29545"]);
    expect(result.code).to.not.equal(0);
    expect(result.out)
      .to.include("Cannot reach chain")
      .and.to.include("npx hardhat xdm:node");
  });
});
