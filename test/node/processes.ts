/** Hardhat's CLI as child processes, free ports, and JSON-RPC over HTTP: what the xdm:node tests share. */
import type { ChildProcess } from "node:child_process";

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

import { projectRoot } from "../helpers/hre.js";

export const hardhatCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("hardhat/package.json")),
  "dist/src/cli.js",
);

/** The environment a user's shell has: none of this test run's HARDHAT_* settings (e.g. its config). */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("HARDHAT_")),
    ),
    ...extra,
  };
}

export interface Hardhat {
  child: ChildProcess;
  /** stdout and stderr as they came, interleaved. */
  output(): string;
  stdout(): string;
}

/** Runs `npx hardhat <args>` in `cwd`, the way a user does (Hardhat's CLI with this Node). */
export function hardhat(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Hardhat {
  const child = spawn(process.execPath, [hardhatCli, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: userEnv(options.env ?? {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let all = "";
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    all += chunk.toString();
    out += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => (all += chunk.toString()));
  return { child, output: () => all, stdout: () => out };
}

/** Runs a task to its end. */
export async function run(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; output: string; stdout: string }> {
  const task = hardhat(args, options);
  const code = await exitOf(task.child);
  return { code, output: task.output(), stdout: task.stdout() };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Waits until `ready` holds for the process's output; rejects when it exits first or time runs out. */
export async function waitForOutput(
  task: Hardhat,
  ready: (output: string) => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready(task.output())) {
    if (task.child.exitCode !== null || task.child.signalCode !== null)
      throw new Error(
        `the process exited (${task.child.exitCode ?? task.child.signalCode}) first:\n${task.output()}`,
      );
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms:\n${task.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `xdm:node` and waits for its table (or, with --json, its first JSON line). */
export async function startNode(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Hardhat> {
  const node = hardhat(["xdm:node", ...args], options);
  try {
    await waitForOutput(
      node,
      (output) => output.includes("Ctrl-C to stop"),
      options.timeoutMs ?? 180_000,
    );
  } catch (error) {
    node.child.kill("SIGKILL");
    throw error;
  }
  return node;
}

/** Ctrl-C: SIGINT and the exit code; a process that has not stopped after `graceMs` is killed. */
export async function interrupt(
  child: ChildProcess,
  graceMs = 30_000,
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return child.exitCode;
  const exited = exitOf(child);
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether something listens on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A base port for xdm:node whose chains' ports (base…base+9 and the OP chains' base+1000…base+1009,
 * see nodePorts) are free now, so tests run beside other suites and nodes on this machine.
 */
export async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 30_000 + Math.floor(Math.random() * 20_000);
    const ports = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [
      base + i,
      base + 1000 + i,
    ]);
    const free = await Promise.all(ports.map(bindable));
    if (free.every(Boolean)) return base;
  }
  throw new Error("no free block of ports for xdm:node in 30000–51009");
}

/** One JSON-RPC call over HTTP; a JSON-RPC error is thrown with its code. */
export async function rpc<T>(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as {
    result?: T;
    error?: { code: number; message: string };
  };
  if (body.error !== undefined)
    throw Object.assign(new Error(body.error.message), {
      code: body.error.code,
    });
  return body.result as T;
}
