/**
 * The package as a user installs it: `npm pack` once per test run (its prepack builds dist/), shared
 * by every test that installs it into a user's project (test/package.test.ts, test/toolboxes.test.ts),
 * and commands run in such a project with none of this run's HARDHAT_* settings.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { projectRoot } from "./hre.js";

const exec = promisify(execFile);
const nodeBin = path.dirname(process.execPath);
// The user's project runs on its own: none of this test run's HARDHAT_* settings (e.g. the config path) apply.
export const userEnv = Object.fromEntries(
  Object.entries({
    ...process.env,
    PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ""}`,
  }).filter(([k]) => !k.startsWith("HARDHAT_")),
);

/** Runs `command` in `cwd` and returns its stdout and stderr; rejects (with both) when it exits non-zero. */
export async function sh(
  command: string,
  args: string[],
  cwd: string,
): Promise<string> {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd,
      env: userEnv,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout + stderr;
  } catch (error) {
    // A failed command says what it printed, not only its exit.
    const { stdout = "", stderr = "" } = error as {
      stdout?: string;
      stderr?: string;
    };
    throw new Error(
      `${(error as Error).message.split("\n")[0]}\n${stdout}${stderr}`,
      { cause: error },
    );
  }
}

/** What `npm pack` made: the tarball's path and the files in it. */
export interface Packed {
  tarball: string;
  files: string[];
  /** npm's output, for a failing assertion to show. */
  output: string;
}

let packing: Promise<Packed> | undefined;

/** The packed package, made on the first call of the run. */
export async function packed(): Promise<Packed> {
  packing ??= pack();
  return await packing;
}

async function pack(): Promise<Packed> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hardhat-xdm-pack-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const output = await sh(
    "npm",
    ["pack", "--json", "--pack-destination", dir],
    projectRoot,
  );
  const json = /^\[\s*\{[\s\S]*?^\]/m.exec(output);
  if (json === null) throw new Error(`npm pack printed no JSON:\n${output}`);
  const [info] = JSON.parse(json[0]) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return {
    tarball: path.join(dir, info.filename),
    files: info.files.map((f) => f.path),
    output,
  };
}
