import type { World } from "../../src/world.js";
import type { Contract } from "ethers";

import { expect } from "chai";
import { Interface } from "ethers";
import hre from "hardhat";

import { XdmNode } from "../../src/node/node.js";
import { applyL1ToL2Alias } from "../../src/protocols/scroll/codec/alias.js";

const recipientIface = new Interface(["function record(bytes)"]);
const PORT = 28545;

/**
 * `hre.xdm.attach()` from another process's point of view: chains served over HTTP by an
 * `xdm:node` that does not relay, a relayer world acting on them, and a fresh attached world
 * that must read back, from the chains alone, what that relayer knows after a skip, a replay
 * and a drop.
 */
describe("Scroll: attach() after a skip, a replay and a drop reads what the relayer knows", function () {
  this.timeout(180_000);
  let node: XdmNode;
  let world: World;
  let recipient: Contract;
  let sender: Contract;
  before(async () => {
    node = await XdmNode.start(hre, {
      port: PORT,
      autorelay: false,
      log: () => undefined,
    });
    world = node.world;
    recipient = (await world.chains.scroll.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    sender = (await world.l1.ethers.deployContract("DropAwareSender", [
      await world.chains.scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    ])) as unknown as Contract;
  });
  after(async () => await node.stop());

  const summary = (w: World) =>
    w.messages({ protocol: "scroll" }).map((m) => ({
      id: m.id,
      status: m.status,
      stage: m.stage,
      claim: (m.details as { claim?: unknown }).claim,
    }));

  /** A world attached over HTTP, as `xdm:relay` or a script in another process builds it. */
  async function attached(): Promise<World> {
    const w = await hre.xdm.attach({ port: PORT });
    await w.refresh();
    return w;
  }

  async function relays(): Promise<number> {
    const alias = applyL1ToL2Alias(
      await world.chains.scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    );
    return Number(
      await world.chains.scroll.rpc<string>("eth_getTransactionCount", [
        alias,
        "latest",
      ]),
    );
  }

  async function send(payload: string, gasLimit = 200_000): Promise<string> {
    await (
      await sender.send(
        await recipient.getAddress(),
        0,
        recipientIface.encodeFunctionData("record", [payload]),
        gasLimit,
      )
    ).wait();
    await world.refresh();
    return world.messages({ protocol: "scroll", from: "l1" }).at(-1)!.id;
  }

  it("after a skip that a later relay shows on L2, the attached world reads it skipped and relays nothing again", async () => {
    const [m0, m1, m2] = [
      await send("0x00"),
      await send("0x01"),
      await send("0x02"),
    ];
    world.scroll.skip(Number(world.message(m1).nonce));
    await world.mine(world.config.scroll.l1Confirmations);
    await world.relay();
    expect([m0, m1, m2].map((id) => world.message(id).stage)).to.deep.equal([
      "relayed",
      "skipped",
      "relayed",
    ]);
    const sent = await relays();

    const other = await attached();
    try {
      expect(summary(other)).to.deep.equal(summary(world));
      await other.relay();
      expect(summary(other)).to.deep.equal(summary(world));
      expect(await relays()).to.equal(sent);
    } finally {
      await other.close();
    }
  });

  it("after a replay relayed, the attached world reads the message relayed", async () => {
    const m3 = await send("0x03", 30_000); // the floor: the relay runs out of gas
    await world.relayAll();
    expect(world.message(m3)).to.include({
      status: "failed",
      stage: "relay-failed",
    });
    const m = world.message(m3);
    const [alice] = await world.l1.ethers.getSigners();
    await (
      await world.chains.scroll.l1Contracts.L1ScrollMessenger.replayMessage(
        m.sender,
        m.target,
        m.value,
        m.nonce,
        m.data,
        400_000,
        alice.address,
      )
    ).wait();
    await world.relayAll();
    expect(world.message(m3)).to.include({
      status: "relayed",
      stage: "relayed",
    });

    const other = await attached();
    try {
      expect(summary(other)).to.deep.equal(summary(world));
    } finally {
      await other.close();
    }
  });

  it("after the skipped message is dropped on L1, the attached world reads it dropped", async () => {
    const skipped = world.messages({ protocol: "scroll", stage: "skipped" });
    expect(skipped).to.have.length(1);
    const m = skipped[0];
    await (
      await world.chains.scroll.l1Contracts.L1ScrollMessenger.dropMessage(
        m.sender,
        m.target,
        m.value,
        m.nonce,
        m.data,
      )
    ).wait();
    await world.relay();
    expect(world.message(m.id)).to.include({
      status: "cancelled",
      stage: "dropped",
    });

    const other = await attached();
    try {
      expect(summary(other)).to.deep.equal(summary(world));
      expect(summary(other).map((s) => s.status)).to.deep.equal([
        "relayed",
        "cancelled",
        "relayed",
        "relayed",
      ]);
    } finally {
      await other.close();
    }
  });
});
