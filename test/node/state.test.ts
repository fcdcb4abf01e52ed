import type { World } from "../../src/world.js";

import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, Wallet, id, parseEther } from "ethers";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";

import { XdmNode } from "../../src/node/node.js";

import { freeBasePort, interrupt, rpc, startNode } from "./processes.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RELAYED_MESSAGE = id("RelayedMessage(uint256,uint256,bytes32,bytes32)");

async function startWithState(file: string, autorelay: boolean) {
  return await XdmNode.start(hre, {
    port: await freeBasePort(),
    autorelay,
    l1BlockTime: 1,
    tick: 100,
    state: file,
    log: () => undefined,
  });
}

/** Waits until `done` holds, failing after `ms`. */
async function until(
  what: string,
  done: () => boolean | Promise<boolean>,
  ms = 60_000,
) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    expect(Date.now(), what).to.be.below(deadline);
    await sleep(100);
  }
}

/** id → status/stage of every message the relayer knows. */
function statuses(world: World): Record<string, string> {
  return Object.fromEntries(
    world.messages().map((m) => [m.id, `${m.status}/${m.stage}`]),
  );
}

/** How many times opB's messenger relayed the OP message `messageId`, read from the chain's logs. */
async function relaysOf(world: World, messageId: string): Promise<number> {
  // An OP message's id is op:<source chain id>:<nonce>, the first two indexed fields of the event.
  const [, source, nonce] = messageId.split(":");
  const opB = world.chains.opB;
  const logs = await opB.rpc<Array<{ topics: string[] }>>("eth_getLogs", [
    {
      fromBlock: "0x0",
      toBlock: "latest",
      address: await opB.contracts.L2ToL2CrossDomainMessenger.getAddress(),
      topics: [RELAYED_MESSAGE],
    },
  ]);
  return logs.filter(
    (log) =>
      BigInt(log.topics[1]) === BigInt(source) &&
      BigInt(log.topics[2]) === BigInt(nonce),
  ).length;
}

describe("xdm:node --state", function () {
  this.timeout(300_000);
  const directory = mkdtempSync(path.join(tmpdir(), "xdm-state-"));
  const file = path.join(directory, "world.json");
  let saved = "";

  it("resumes a stopped node: statuses as saved, a pending message relayed after restart, a relayed one never again", async () => {
    // 1. A node with autorelay off: one message relayed by hand, one left pending, both sent over
    //    HTTP as signed raw transactions (an outside client), by an account funded over HTTP.
    const first = await startWithState(file, false);
    let relayedId: string;
    let pendingId: string;
    let before: Record<string, string>;
    let headBefore: number;
    try {
      const { world } = first;
      const provider = new JsonRpcProvider(first.urls.opA, undefined, {
        staticNetwork: true,
      });
      const [dev] = await world.chains.opA.ethers.getSigners();
      const user = Wallet.createRandom().connect(provider);
      await (
        await dev.sendTransaction({ to: user.address, value: parseEther("1") })
      ).wait();
      const messenger =
        world.chains.opA.contracts.L2ToL2CrossDomainMessenger.connect(user);
      const opB = world.chains.opB.chainId;
      await (
        await messenger.sendMessage(opB, Wallet.createRandom().address, "0x", {
          nonce: 0,
        })
      ).wait();
      await until(
        "the first message seen",
        () => world.messages({ protocol: "op" }).length === 1,
      );
      await world.relayAll();
      const [relayed] = world.messages({ protocol: "op" });
      expect(relayed.status).to.equal("relayed");
      relayedId = relayed.id;
      await (
        await messenger.sendMessage(opB, Wallet.createRandom().address, "0x", {
          nonce: 1,
        })
      ).wait();
      await until(
        "the second message seen",
        () => world.messages({ protocol: "op" }).length === 2,
      );
      const pending = world
        .messages({ protocol: "op" })
        .find((m) => m.id !== relayedId)!;
      expect(pending.status).to.not.equal("relayed");
      pendingId = pending.id;
      provider.destroy();
      before = statuses(world);
      headBefore = await world.chains.opA.blockNumber();
    } finally {
      await first.stop();
    }
    saved = readFileSync(file, "utf8");
    const state = JSON.parse(saved) as {
      formatVersion: number;
      topology: { chains: unknown[] };
    };
    expect(state.formatVersion).to.equal(1);
    expect(state.topology.chains).to.have.length(5);

    // 2. Resumed without autorelay: the same blocks and statuses; the pending message still waits.
    const second = await startWithState(file, false);
    try {
      const { world } = second;
      expect(second.restored).to.deep.equal({ messages: 2, differences: [] });
      expect(statuses(world)).to.deep.equal(before);
      expect(await world.chains.opA.blockNumber()).to.be.at.least(headBefore);
      expect(await relaysOf(world, relayedId)).to.equal(1);
      expect(await relaysOf(world, pendingId)).to.equal(0);
      // On demand, over the L1's JSON-RPC.
      const answer = await rpc<{
        file: string;
        messages: number;
        bytes: number;
      }>(second.urls.l1, "xdm_saveState");
      expect(answer.file).to.equal(path.resolve(file));
      expect(answer.messages).to.equal(2);
      expect(answer.bytes).to.equal(readFileSync(file).length);
    } finally {
      await second.stop();
    }

    // 3. Resumed with autorelay: the pending message is relayed, the relayed one is not relayed again.
    const third = await startWithState(file, true);
    try {
      const { world } = third;
      await until(
        "the pending message relayed",
        () => world.message(pendingId).status === "relayed",
      );
      await world.relay();
      expect(await relaysOf(world, pendingId)).to.equal(1);
      expect(await relaysOf(world, relayedId)).to.equal(1);
    } finally {
      await third.stop();
    }
  });

  async function refusal(text: string): Promise<Error> {
    const bad = path.join(
      directory,
      `bad-${Math.random().toString(36).slice(2)}.json`,
    );
    writeFileSync(bad, text);
    const error = await startWithState(bad, false).then(
      async (node) => {
        await node.stop();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    expect(
      HardhatPluginError.isHardhatPluginError(error),
      String(error),
    ).to.equal(true);
    expect(
      readFileSync(bad, "utf8"),
      "the refused file is left as it was",
    ).to.equal(text);
    return error!;
  }

  it("refuses a file of another topology, naming what differs, and leaves it as it is", async () => {
    expect(saved, "the first test saved a file").to.not.equal("");
    const state = JSON.parse(saved) as {
      topology: {
        chains: Array<{ name: string; chainId: number }>;
        actors: Record<string, string>;
      };
    };
    state.topology.chains.find((c) => c.name === "opB")!.chainId = 4242;
    state.topology.actors.deployer = Wallet.createRandom().address;
    const error = await refusal(JSON.stringify(state));
    expect(error.message)
      .to.include("its topology differs from this config's")
      .and.include("chain opB has chain id 4242 in the file")
      .and.include("actor deployer is");
  });

  it("refuses a file of another format version or plugin version", async () => {
    const state = JSON.parse(saved) as {
      formatVersion: number;
      pluginVersion: string;
    };
    expect(
      (await refusal(JSON.stringify({ ...state, formatVersion: 99 }))).message,
    ).to.include(
      "it has format version 99, and this hardhat-xdm reads version 1",
    );
    expect(
      (await refusal(JSON.stringify({ ...state, pluginVersion: "0.0.1-old" })))
        .message,
    ).to.include("it was saved by hardhat-xdm 0.0.1-old");
  });

  it("refuses damaged JSON and a JSON file that is not a state file", async () => {
    expect(
      (await refusal(saved.slice(0, saved.length / 2))).message,
    ).to.include("is not valid JSON");
    expect((await refusal("{}")).message).to.include(
      "it is not a hardhat-xdm state file",
    );
  });

  it("refuses a file whose chains replay to another state, and leaves it as it is", async () => {
    const state = JSON.parse(saved) as {
      chains: Record<string, { blocks: Array<{ stateRoot?: string }> }>;
    };
    const block = state.chains.opA.blocks.find(
      (b) => b.stateRoot !== undefined,
    )!;
    block.stateRoot = `0x${"ab".repeat(32)}`;
    expect((await refusal(JSON.stringify(state))).message).to.include(
      'Replaying the state file on chain "opA" gave another state at block',
    );
  });

  it("refuses a --state file in a directory that does not exist", async () => {
    const error = await startWithState(
      path.join(directory, "no", "such", "world.json"),
      false,
    ).then(
      async (node) => {
        await node.stop();
        return undefined;
      },
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.include("does not exist");
  });

  it("on the command line, saves on Ctrl-C and resumes from the file", async () => {
    const cliFile = path.join(directory, "cli.json");
    const port = await freeBasePort();
    const args = [
      "--port",
      String(port),
      "--l1-block-time",
      "1",
      "--state",
      cliFile,
    ];
    const first = await startNode(args);
    expect(first.output()).to.include(`State: ${cliFile} (new;`);
    expect(await interrupt(first.child)).to.equal(0);
    expect(existsSync(cliFile)).to.equal(true);
    const blocks = (
      JSON.parse(readFileSync(cliFile, "utf8")) as {
        chains: Record<string, unknown>;
      }
    ).chains;
    expect(Object.keys(blocks)).to.have.members([
      "l1",
      "opA",
      "opB",
      "scroll",
      "starknet",
    ]);
    const second = await startNode(args);
    try {
      expect(second.output()).to.include(
        `State: resumed from ${cliFile}: 0 message(s)`,
      );
    } finally {
      expect(await interrupt(second.child)).to.equal(0);
    }
  });
});
