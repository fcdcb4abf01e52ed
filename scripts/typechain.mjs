// Regenerates src/types/contracts (typed ethers contracts of the system contracts) from the build's
// artifacts: run after changing a system contract's ABI (`npx hardhat build && npm run typechain`).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const contracts = [
  "op/CrossL2Inbox", "op/L2ToL2CrossDomainMessenger",
  "scroll/L1ScrollMessenger", "scroll/L2ScrollMessenger", "scroll/L1MessageQueue", "scroll/L2MessageQueue", "scroll/ZKRollup", "scroll/Whitelist",
  "prover/MockRollupVerifier", "prover/MockFactRegistry",
  "starknet/StarknetCore", "starknet/StarknetL2Messaging",
];
const dir = mkdtempSync(path.join(os.tmpdir(), "xdm-typechain-"));
for (const entry of contracts) {
  const name = path.basename(entry);
  copyFileSync(path.join(root, "artifacts", "contracts", `${entry}.sol`, `${name}.json`), path.join(dir, `${name}.json`));
}
const out = path.join(root, "src", "types", "contracts");
rmSync(out, { recursive: true, force: true });
execFileSync(path.join(root, "node_modules", ".bin", "typechain"), ["--target", "ethers-v6", "--node16-modules", "--out-dir", out, path.join(dir, "*.json")], { stdio: "inherit" });
rmSync(dir, { recursive: true, force: true });
