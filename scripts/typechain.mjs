// Generates types/contracts (typed ethers contracts of the system contracts) from the build's artifacts.
// The folder is ignored by git and rebuilt on every `npm run typecheck` and `npm run build` (after
// `hardhat build`), so the types always match the contracts compiled from contracts/: nothing generated is
// committed and nothing can go stale. tsconfig.build.json compiles it into dist/types/contracts, which the
// package ships beside dist/src.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  "..",
);
const contracts = [
  "op/CrossL2Inbox",
  "op/L2ToL2CrossDomainMessenger",
  "op/SuperchainTokenBridge",
  "op/SuperchainETHBridge",
  "op/ETHLiquidity",
  "op/L2NativeSuperchainERC20",
  "op/bedrock/OptimismPortal2",
  "op/bedrock/L1CrossDomainMessenger",
  "op/bedrock/L1StandardBridge",
  "op/bedrock/L2CrossDomainMessenger",
  "op/bedrock/L2StandardBridge",
  "op/bedrock/L2ToL1MessagePasser",
  "op/bedrock/L1Block",
  "op/bedrock/DisputeGameFactory",
  "op/bedrock/AnchorStateRegistry",
  "op/bedrock/OutputRootDisputeGame",
  "op/bedrock/Multicall3",
  "scroll/L1ScrollMessenger",
  "scroll/L2ScrollMessenger",
  "scroll/L1MessageQueue",
  "scroll/L2MessageQueue",
  "scroll/ZKRollup",
  "scroll/Whitelist",
  "prover/MockRollupVerifier",
  "prover/MockFactRegistry",
  "starknet/StarknetCore",
  "starknet/StarknetL2Messaging",
];
const dir = mkdtempSync(path.join(os.tmpdir(), "xdm-typechain-"));
try {
  for (const entry of contracts) {
    const name = path.basename(entry);
    const artifact = path.join(
      root,
      "artifacts",
      "contracts",
      `${entry}.sol`,
      `${name}.json`,
    );
    if (!existsSync(artifact)) {
      throw new Error(
        `${path.relative(root, artifact)} is missing: run \`npx hardhat build\` first (\`npm run typechain\` does both)`,
      );
    }
    // ABI only: the types need nothing else, and without bytecode TypeChain's factories carry no creation
    // code into dist/ (worlds install the runtime code from system-artifacts/).
    const { contractName, abi } = JSON.parse(readFileSync(artifact, "utf8"));
    writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({ contractName, abi }),
    );
  }
  const out = path.join(root, "types", "contracts");
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    path.join(root, "node_modules", ".bin", "typechain"),
    [
      "--target",
      "ethers-v6",
      "--node16-modules",
      "--out-dir",
      out,
      path.join(dir, "*.json"),
    ],
    { stdio: "inherit" },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
