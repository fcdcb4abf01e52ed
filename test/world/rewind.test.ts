import type { World } from "../../src/world.js";

import { expect } from "chai";
import { Interface, keccak256, toUtf8Bytes } from "ethers";
import hre from "hardhat";

import { XdmNode } from "../../src/node/node.js";
import { mined } from "../helpers/mined.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);

/**
 * A chain rewound under the world (evm_revert by a test or by a client of
 * xdm:node, bypassing world.restore) must not leave the relayer acting on messages that no
 * longer exist: the world notices that the block it last read changed and rebuilds its view.
 */
describe("a chain rewound under the world", () => {
  let world: World;
  let recorder: string;
  beforeEach(async () => {
    world = await hre.xdm.create();
    recorder = await (
      await world.chains.opB.ethers.deployContract("ContextRecorder")
    ).getAddress();
  });
  afterEach(async () => await world.close());

  async function sendOp(tag: string): Promise<string> {
    const messenger = world.chains.opA.contracts.L2ToL2CrossDomainMessenger;
    const receipt = await mined(
      messenger.sendMessage(
        902,
        recorder,
        recorderIface.encodeFunctionData("record", [
          keccak256(toUtf8Bytes(tag)),
        ]),
      ),
    );
    return receipt.hash;
  }

  it("forgets an OP message whose source block was reverted, even after new blocks reach the old height", async () => {
    const before = await world.chains.opA.rpc<string>("evm_snapshot");
    const gone = await sendOp("gone");
    await world.refresh();
    expect(world.messages().map((m) => m.sourceTx)).to.deep.equal([gone]);

    await world.chains.opA.rpc("evm_revert", [before]);
    // The chain is back at the height the relayer read, with a different block there.
    await world.chains.opA.mine(1);
    const kept = await sendOp("kept");
    const report = await world.relayAll();

    expect(world.messages().map((m) => [m.sourceTx, m.status])).to.deep.equal([
      [kept, "relayed"],
    ]);
    expect(report.changes.filter((c) => c.status === "failed")).to.deep.equal(
      [],
    );
  });

  it("forgets a Scroll deposit whose L1 block was reverted and keeps relaying the rest", async () => {
    const l1 = world.chains.l1;
    const messenger = world.chains.scroll.l1Contracts.L1ScrollMessenger;
    const [alice] = await l1.ethers.getSigners();
    const send = async (data: string) =>
      (
        await mined(
          messenger["sendMessage(address,uint256,bytes,uint256)"](
            alice.address,
            0,
            data,
            100_000,
          ),
        )
      ).hash;

    const first = await send("0x01");
    const before = await l1.rpc<string>("evm_snapshot");
    const second = await send("0x02");
    await world.refresh();
    expect(
      world.messages({ protocol: "scroll" }).map((m) => m.sourceTx),
    ).to.deep.equal([first, second]);
    const revertedHash = world.messages({ protocol: "scroll" })[1].hash;

    await l1.rpc("evm_revert", [before]);
    const third = await send("0x03"); // the queue index the reverted deposit had
    await world.relayAll();

    const scroll = world.messages({ protocol: "scroll" });
    expect(scroll.map((m) => [m.sourceTx, m.status])).to.deep.equal([
      [first, "relayed"],
      [third, "relayed"],
    ]);
    const l2 = world.chains.scroll.contracts.L2ScrollMessenger;
    expect(await l2.isL1MessageExecuted(scroll[1].hash)).to.equal(true);
    // The reverted deposit never reached the L2: its queue index went to the deposit the L1 holds.
    expect(await l2.isL1MessageExecuted(revertedHash)).to.equal(false);
  });

  it("notices a rewind to a lower height and carries on from the chains as they are", async () => {
    const before = await world.chains.opA.rpc<string>("evm_snapshot");
    await sendOp("one");
    await sendOp("two");
    await world.relayAll();
    expect(world.messages({ status: "relayed" })).to.have.length(2);

    await world.chains.opA.rpc("evm_revert", [before]);
    await world.relayAll();
    // Both initiating messages are gone from opA; their executions on opB stay, and nothing else is claimed.
    expect(world.messages()).to.deep.equal([]);
    const third = await sendOp("three");
    await world.relayAll();
    expect(world.messages().map((m) => [m.sourceTx, m.status])).to.deep.equal([
      [third, "relayed"],
    ]);
  });

  it("world.restore is not a rewind: the relayer's own state comes back with the chains", async () => {
    const snapshot = await world.snapshot();
    await sendOp("restored");
    await world.relayAll();
    await world.restore(snapshot);
    const listener: string[] = [];
    const stop = world.onMessage((change) => listener.push(change.id));
    await world.relayAll();
    stop();
    expect(world.messages()).to.deep.equal([]);
    expect(listener).to.deep.equal([]);
  });
});

describe("a chain rewound by a client of xdm:node", function () {
  this.timeout(120_000);

  async function rpc<T>(
    port: number,
    method: string,
    params: unknown[] = [],
  ): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${port}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const answer = (await response.json()) as {
      result?: T;
      error?: { message: string };
    };
    if (answer.error !== undefined) throw new Error(answer.error.message);
    return answer.result as T;
  }

  async function until(
    condition: () => Promise<boolean> | boolean,
    what: string,
  ): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("the node's relayer forgets what the client's evm_revert removed and keeps relaying", async () => {
    const lines: string[] = [];
    const node = await XdmNode.start(hre, {
      port: 26545,
      autorelay: true,
      tick: 100,
      log: (line) => lines.push(line),
    });
    const { world } = node;
    const opAPort = 27545;
    try {
      const recorder =
        await world.chains.opB.ethers.deployContract("ContextRecorder");
      const target = await recorder.getAddress();
      const messenger = world.chains.opA.contracts.L2ToL2CrossDomainMessenger;
      const data = (tag: string) =>
        recorderIface.encodeFunctionData("record", [
          keccak256(toUtf8Bytes(tag)),
        ]);

      const snapshot = await rpc<string>(opAPort, "evm_snapshot");
      await mined(messenger.sendMessage(902, target, data("gone")));
      await until(
        () => world.messages({ status: "relayed" }).length === 1,
        "the first message is relayed",
      );

      await rpc(opAPort, "evm_revert", [snapshot]);
      await until(
        () => world.messages().length === 0,
        "the node forgets the message whose block the client reverted",
      );

      const kept = await mined(
        messenger.sendMessage(902, target, data("kept")),
      );
      await until(
        () => world.messages({ status: "relayed" }).length === 1,
        "the next message is relayed",
      );
      expect(world.messages().map((m) => [m.sourceTx, m.status])).to.deep.equal(
        [[kept.hash, "relayed"]],
      );
      expect(lines.filter((l) => l.startsWith("relayer:"))).to.deep.equal([]);
    } finally {
      await node.stop();
    }
  });
});
