// `npm run demo`: starts `xdm:node`, runs every demo against it, stops the node; exits non-zero if a demo fails.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

// Run Hardhat's CLI with this Node directly (not through npx) so that signals reach it.
const hardhatCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("hardhat/package.json")),
  "dist/src/cli.js",
);
const hardhat = (
  args: string[],
  stdio: "inherit" | ["ignore", "pipe", "inherit"],
) =>
  spawn(process.execPath, [hardhatCli, ...args], {
    stdio,
    env: { ...process.env, XDM_PORT: port },
  });

const demos = [
  "scripts/demo-op.ts",
  "scripts/demo-op-bridge.ts",
  "scripts/demo-scroll.ts",
  "scripts/demo-starknet.ts",
];
const port = process.env.XDM_DEMO_PORT ?? "8545";

const node = hardhat(
  ["xdm:node", "--port", port],
  ["ignore", "pipe", "inherit"],
);
let log = "";
await new Promise<void>((resolve, reject) => {
  node.stdout!.on("data", (chunk: Buffer) => {
    log += chunk.toString();
    if (log.includes("Ctrl-C to stop")) resolve();
  });
  node.once("exit", (code) =>
    reject(new Error(`xdm:node exited early (${code}):\n${log}`)),
  );
});
console.log(`xdm:node is up on port ${port}`);

let failures = 0;
for (const demo of demos) {
  console.log(`\n=== ${demo} ===`);
  const code = await new Promise<number | null>((resolve) => {
    const child = hardhat(["run", demo], "inherit");
    child.once("exit", resolve);
  });
  if (code !== 0) {
    failures += 1;
    console.error(`${demo} failed (exit code ${code})`);
  }
}

node.kill("SIGINT");
await new Promise((resolve) => node.once("exit", resolve));
console.log(`\n${demos.length - failures}/${demos.length} demos passed`);
process.exitCode = failures === 0 ? 0 : 1;
