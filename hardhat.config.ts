import { createRequire } from "node:module";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import { defineConfig } from "hardhat/config";

import hardhatXdm from "./src/index.js";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatEthers, hardhatMocha, hardhatXdm],
  solidity: {
    version: "0.8.30",
    // The solc npm package's WASM build: compiling never downloads a compiler.
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
  },
  test: {
    mocha: { timeout: 120_000 },
  },
});
