// Copies the system contracts' artifacts (ABI and runtime code only) into system-artifacts/, which the
// package ships: an installed hardhat-xdm never compiles its own contracts, so the user's solc version and
// settings never change the code a world installs.
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  "..",
);
const from = path.join(root, "artifacts", "contracts");
const to = path.join(root, "system-artifacts");
const folders = ["op", "scroll", "starknet", "prover"];

rmSync(to, { recursive: true, force: true });
let count = 0;
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) walk(file);
    else if (
      entry.endsWith(".json") &&
      !entry.endsWith(".dbg.json") &&
      dir.endsWith(".sol")
    ) {
      const artifact = JSON.parse(readFileSync(file, "utf8"));
      if (
        artifact.deployedBytecode === undefined ||
        artifact.deployedBytecode === "0x"
      )
        continue;
      const target = path.join(to, path.relative(from, file));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(
        target,
        JSON.stringify({
          contractName: artifact.contractName,
          sourceName: artifact.sourceName,
          abi: artifact.abi,
          deployedBytecode: artifact.deployedBytecode,
        }),
      );
      count++;
    }
  }
}
for (const folder of folders) walk(path.join(from, folder));
console.log(`copied ${count} system contract artifacts to system-artifacts/`);
