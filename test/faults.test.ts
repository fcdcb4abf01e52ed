import type { World } from "../src/world.js";

import { expect } from "chai";
import { Interface, keccak256, parseEther, toUtf8Bytes } from "ethers";
import hre from "hardhat";

import { mined } from "./helpers/mined.js";
import { expectRejection } from "./helpers/rejection.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);

describe("fault injection", () => {
  let world: World;
  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  async function targets(w: World) {
    const recorder =
      await w.chains.opB.ethers.deployContract("ContextRecorder");
    const scrollRecipient =
      await w.chains.scroll.ethers.deployContract("MessageRecipient");
    const handler = await w.chains.starknet.ethers.deployContract(
      "StarknetRecordingHandler",
    );
    return {
      recorder: await recorder.getAddress(),
      recorderContract: recorder,
      scrollRecipient: await scrollRecipient.getAddress(),
      handler: await handler.getAddress(),
      handlerContract: handler,
    };
  }

  async function sendOp(target: string, tag: string) {
    const receipt = await mined(
      world.chains.opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        902,
        target,
        recorderIface.encodeFunctionData("record", [
          keccak256(toUtf8Bytes(tag)),
        ]),
      ),
    );
    await world.refresh();
    return world.messages().find((m) => m.sourceTx === receipt.hash)!;
  }

  it("a paused relayer moves nothing; resumed, it relays everything", async () => {
    const { recorder } = await world.loadFixture(targets);
    world.faults.pause("relayer");
    try {
      const message = await sendOp(recorder, "paused");
      await world.relayAll();
      expect(world.message(message.id)).to.include({
        status: "ready",
        stage: "initiated",
      });
    } finally {
      world.faults.resume("relayer");
    }
    await world.relayAll();
    expect(
      world.messages({ protocol: "op" }).map((m) => m.status),
    ).to.deep.equal(["relayed"]);
  });

  it("with the supervisor down no executing message is included; back up, the message is relayed", async () => {
    const { recorder } = await world.loadFixture(targets);
    const message = await sendOp(recorder, "supervisor");
    world.faults.pause("op:supervisor");
    try {
      await world.relayAll();
      expect(world.message(message.id).status).to.equal("ready");
      const [user] = await world.chains.opB.ethers.getSigners();
      await expectRejection(
        user.sendTransaction(world.op.relayTransaction(message)),
        "supervisor unavailable",
      );
    } finally {
      world.faults.resume("op:supervisor");
    }
    await world.relayAll();
    expect(world.message(message.id).status).to.equal("relayed");
  });

  it("holds one relay back while later messages pass (reordering), then releases it", async () => {
    const { recorder } = await world.loadFixture(targets);
    const first = await sendOp(recorder, "first");
    const second = await sendOp(recorder, "second");
    world.faults.hold(first.id);
    await world.relayAll();
    expect(world.message(first.id).status).to.equal("ready");
    expect(world.message(second.id).status).to.equal("relayed");
    world.faults.release(first.id);
    await world.relayAll();
    expect(world.message(first.id).status).to.equal("relayed");
  });

  it("a dropped OP relay stays relayable by anyone until it expires; resendMessage and a manual relay recover it", async () => {
    const { recorder, recorderContract } = await world.loadFixture(targets);
    const message = await sendOp(recorder, "dropped");
    world.faults.drop(message.id);
    try {
      await world.relayAll();
      expect(world.message(message.id).status).to.equal("ready");
      await world.time.increase(604800);
      await world.relayAll();
      expect(world.message(message.id).status).to.equal("expired");
      const [sender] = await world.chains.opA.ethers.getSigners();
      await world.chains.opA.contracts.L2ToL2CrossDomainMessenger.resendMessage(
        902,
        message.nonce,
        sender.address,
        recorder,
        message.data,
      );
      await world.relayAll();
      expect(world.message(message.id).status).to.equal("ready"); // still dropped by the autorelayer
      expect((await world.op.relay(message.id)).status).to.equal("relayed");
      expect(await recorderContract.calls()).to.equal(1n);
    } finally {
      world.faults.clear();
    }
  });

  it("a Scroll prover that fails: the batch stays committed, the next proof finalizes it", async () => {
    await world.loadFixture(targets);
    const [alice] = await world.l1.ethers.getSigners();
    await world.chains.scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](alice.address, 0, "0x", 100_000);
    world.faults.failProofs("scroll", 1);
    await world.relayAll();
    const [message] = world.messages({ from: "scroll" });
    expect(message).to.include({ status: "ready", stage: "finalized" });
    expect(world.scroll.lastError).to.include("InvalidProof");
  });

  it("a slow Scroll prover: committed until it works again", async () => {
    await world.loadFixture(targets);
    const [alice] = await world.l1.ethers.getSigners();
    await world.chains.scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](alice.address, 0, "0x", 100_000);
    world.faults.pause("scroll:prover");
    try {
      await world.relayAll();
      expect(world.messages({ from: "scroll" })[0]).to.include({
        status: "pending",
        stage: "committed",
      });
    } finally {
      world.faults.resume("scroll:prover");
    }
    await world.relayAll();
    expect(world.messages({ from: "scroll" })[0]).to.include({
      status: "ready",
      stage: "finalized",
    });
  });

  it("a Scroll L1 message the sequencer drops is skipped, then dropped on L1 with its value returned", async () => {
    await world.loadFixture(targets);
    const { l1, scroll } = world.chains;
    const messenger = scroll.l1Contracts.L1ScrollMessenger;
    // Only a contract that implements onDropMessage gets its value back: the example bridge does.
    const bridge = await l1.ethers.deployContract("L1ETHBridge", [
      await messenger.getAddress(),
    ]);
    const l2Bridge = await scroll.ethers.deployContract("L2ETHBridge", [
      await scroll.contracts.L2ScrollMessenger.getAddress(),
    ]);
    await bridge.initialize(await l2Bridge.getAddress());
    await l2Bridge.initialize(await bridge.getAddress());
    const [alice] = await l1.ethers.getSigners();
    await bridge.depositETH(alice.address, parseEther("1"), 300_000, {
      value: parseEther("1"),
    });
    await world.refresh();
    const [skipped] = world.messages({ protocol: "scroll" });
    world.faults.drop(skipped.id);
    await bridge.depositETH(alice.address, 5n, 300_000, { value: 5n });
    await world.relayAll();
    expect(world.message(skipped.id)).to.include({
      status: "failed",
      stage: "skipped",
    });
    const before = await l1.ethers.provider.getBalance(alice.address);
    await mined(
      messenger
        .connect((await l1.ethers.getSigners())[4])
        .dropMessage(
          skipped.sender,
          skipped.target,
          skipped.value,
          skipped.nonce,
          skipped.data,
        ),
    );
    await world.relayAll();
    expect(world.message(skipped.id)).to.include({
      status: "cancelled",
      stage: "dropped",
    });
    expect(await l1.ethers.provider.getBalance(alice.address)).to.equal(
      before + parseEther("1"),
    );
    expect(
      world.messages({ protocol: "scroll", status: "relayed" }),
    ).to.have.length(1);
    world.faults.clear();
  });

  it("a StarkNet prover that proves the wrong output: the update is refused and made again", async () => {
    const { handler, handlerContract } = await world.loadFixture(targets);
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    await core.sendMessageToL2(
      handler,
      BigInt(handlerContract.interface.getFunction("record")!.selector),
      [5n],
      { value: 1000n },
    );
    world.faults.failProofs("starknet", 1);
    await world.relayAll();
    expect(world.messages({ protocol: "starknet" })[0]).to.include({
      status: "relayed",
      stage: "consumed",
    });
    expect(world.starknet.lastError).to.include("NO_STATE_TRANSITION_PROOF");
  });

  it("a StarkNet L1 message the sequencer drops is undeliverable; its sender cancels it after the delay", async () => {
    const { handler, handlerContract } = await world.loadFixture(targets);
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    const selector = BigInt(
      handlerContract.interface.getFunction("record")!.selector,
    );
    await core.sendMessageToL2(handler, selector, [6n], { value: 1000n });
    await world.refresh();
    const [message] = world.messages({ protocol: "starknet" });
    world.faults.drop(message.id);
    await world.relayAll();
    expect(world.message(message.id)).to.include({
      status: "failed",
      stage: "undeliverable",
    });
    await core.startL1ToL2MessageCancellation(
      handler,
      selector,
      [6n],
      message.nonce,
    );
    await world.time.increase(432000);
    await core.cancelL1ToL2Message(handler, selector, [6n], message.nonce);
    await world.relayAll();
    expect(world.message(message.id).status).to.equal("cancelled");
    world.faults.clear();
  });

  it("a relayer restarted from chain state alone knows every message as before and carries on", async () => {
    const { recorder, scrollRecipient, handler, handlerContract } =
      await world.loadFixture(targets);
    const [alice] = await world.l1.ethers.getSigners();
    await sendOp(recorder, "restart-1");
    await world.chains.scroll.l1Contracts.L1ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](scrollRecipient, 0, "0x", 100_000, { value: 0 });
    await world.chains.scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](alice.address, 0, "0x", 100_000, { value: 0 });
    await world.chains.starknet.l1Contracts.StarknetCore.sendMessageToL2(
      handler,
      BigInt(handlerContract.interface.getFunction("record")!.selector),
      [7n],
      { value: 1000n },
    );
    await world.relayAll();
    await sendOp(recorder, "restart-2"); // sent, not yet relayed
    await world.relay({ cut: false });
    const summary = () =>
      world
        .messages()
        .map((m) => [m.id, m.status, m.stage].join(" "))
        .sort();
    const before = summary();
    await world.restartRelayer();
    expect(world.messages()).to.deep.equal([]);
    await world.refresh();
    expect(summary()).to.deep.equal(before);
    await world.relayAll();
    expect(
      world
        .messages()
        .every((m) => m.status === "relayed" || m.status === "ready"),
    ).to.equal(true);
    expect(
      world.messages({ protocol: "op" }).every((m) => m.status === "relayed"),
    ).to.equal(true);
  });

  it("names the actors there are and refuses unknown messages", () => {
    expect(() => world.faults.pause("op:watcher" as never)).to.throw(
      'Unknown actor "op:watcher"',
    );
    expect(() => world.faults.hold("op:901:424242")).to.throw(
      "Unknown message id",
    );
    expect(() => world.faults.failProofs("scroll", -1)).to.throw(
      "non-negative",
    );
  });
});
