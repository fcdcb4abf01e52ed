// A topology of many OP chains (issue 19): a world of `chains` OP chains (each in every other's
// dependency set) and an L1, its create time, one relay round across all (every chain sends
// `messagesPerChain` messages to the next, then world.relayAll() timed) and the process's RSS after.
import type { World } from "../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { createRequire } from "node:module";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { Interface } from "ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import hardhatXdm from "../src/index.js";

import { alignClocks, firstAccount, log, now, sendBatched } from "./lib.js";

const require = createRequire(import.meta.url);

const messengerIface = new Interface([
  "function sendMessage(uint256 destination, address target, bytes message) returns (bytes32)",
]);
const MESSENGER = "0x4200000000000000000000000000000000000023";
/** A target with no code: the relay's call to it succeeds and does nothing. */
const TARGET = "0x000000000000000000000000000000000000bEEF";

export interface TopologyResult {
  chains: number;
  messagesPerChain: number;
  createMs: number;
  relayMs: number;
  relayPerSecond: number;
  passes: number;
  rssMB: number;
}

export async function measureTopology(
  root: string,
  options: { chains: number; messagesPerChain: number },
): Promise<TopologyResult> {
  const names = Array.from({ length: options.chains }, (_, i) => `op${i}`);
  const hre: HardhatRuntimeEnvironment = await createHardhatRuntimeEnvironment(
    {
      plugins: [hardhatEthers, hardhatXdm],
      solidity: {
        version: "0.8.30",
        path: require.resolve("solc/soljson.js"),
      },
      xdm: {
        chains: Object.fromEntries(
          names.map((name) => [name, { protocol: "op" }]),
        ),
      },
    },
    {},
    root,
  );
  const start = now();
  const world: World = await hre.xdm.create();
  const createMs = now() - start;
  try {
    for (const [index, name] of names.entries()) {
      const source = world.chain(name);
      const destination = world.chain(names[(index + 1) % names.length]);
      const from = await firstAccount(source);
      const data = messengerIface.encodeFunctionData("sendMessage", [
        destination.chainId,
        TARGET,
        "0x",
      ]);
      await sendBatched(
        source,
        Array.from({ length: options.messagesPerChain }, () => ({
          from,
          to: MESSENGER,
          data,
          gas: 200_000n,
        })),
      );
    }
    await alignClocks(world);
    const relayStart = now();
    const report = await world.relayAll();
    const relayMs = now() - relayStart;
    const total = options.chains * options.messagesPerChain;
    const relayed = world
      .messages()
      .filter((m) => m.status === "relayed").length;
    if (relayed !== total)
      throw new Error(
        `bench: topology: ${relayed} of ${total} messages relayed`,
      );
    const rssMB = Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
    log(
      `  ${options.chains} OP chains: create ${createMs.toFixed(0)} ms; ${total} messages relayed in ${relayMs.toFixed(0)} ms (${report.passes} passes); RSS ${rssMB} MB`,
    );
    return {
      chains: options.chains,
      messagesPerChain: options.messagesPerChain,
      createMs,
      relayMs,
      relayPerSecond: (total * 1000) / relayMs,
      passes: report.passes,
      rssMB,
    };
  } finally {
    await world.close();
  }
}
