import { createRequire } from "node:module";

import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";
import hardhatXdm from "hardhat-xdm";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatToolboxViem, hardhatXdm],
  // The solc npm package's WASM build: the test never downloads a compiler.
  solidity: { version: "0.8.28", path: require.resolve("solc/soljson.js") },
});
