import type { Chain } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { toBeHex } from "ethers";

import { STARKNET_FUNCTION_SELECTORS } from "../../src/protocols/starknet/codec/selectors.js";
import { connectionReset, loseNextSend } from "../helpers/faults.js";
import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

const FEE = 10n ** 15n;

describe("StarkNet actors: refusals, transport errors and other failures", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { starknet: { protocol: "starknet" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  /** Alice has an L2→L1 message awaiting a state update and an L1→L2 message to a recording handler awaiting confirmations. */
  async function inFlight(w: World) {
    const { l1, starknet } = w.chains;
    const [, alice] = await l1.ethers.getSigners();
    const aliceL2 = (await starknet.ethers.getSigners())[1];
    const recorder = await starknet.ethers.deployContract(
      "StarknetRecordingHandler",
    );
    const selector = BigInt(recorder.interface.getFunction("record")!.selector);
    await starknet.l1Contracts.StarknetCore.connect(alice).sendMessageToL2(
      await recorder.getAddress(),
      selector,
      [1n, 2n],
      { value: FEE },
    );
    await starknet.contracts.StarknetL2Messaging.connect(
      aliceL2,
    ).sendMessageToL1(BigInt(alice.address), [3n]);
    await w.relay();
    const l1ToL2 = w.messages({ from: "l1" })[0].id;
    const l2ToL1 = w.messages({ from: "starknet" })[0].id;
    return { alice, aliceL2, recorder, l1ToL2, l2ToL1 };
  }

  describe("the state updater", () => {
    it("retries an updateState whose request got no answer (nothing mined), and the update lands once", async () => {
      const fx = await world.loadFixture(inFlight);
      const core = world.chains.starknet.l1Contracts.StarknetCore;
      const drop = loseNextSend(
        world.l1,
        (tx) =>
          tx.data?.startsWith(STARKNET_FUNCTION_SELECTORS.updateState) === true,
        { lost: "request", error: connectionReset() },
      );
      try {
        await world.relayAll();
      } finally {
        drop.undo();
      }
      expect(drop.seen).to.deep.equal({ reached: 1, dropped: 1 });
      expect(world.message(fx.l2ToL1)).to.include({
        status: "ready",
        stage: "state-updated",
      });
      expect(await core.l2ToL1Messages(world.message(fx.l2ToL1).hash)).to.equal(
        1n,
      );
      expect(await core.stateBlockNumber()).to.equal(
        BigInt(await world.chains.starknet.blockNumber()),
      );
    });

    it("after an updateState mined but unanswered, reads the landed update from the chain instead of sending it again", async () => {
      const fx = await world.loadFixture(inFlight);
      const core = world.chains.starknet.l1Contracts.StarknetCore;
      const drop = loseNextSend(
        world.l1,
        (tx) =>
          tx.data?.startsWith(STARKNET_FUNCTION_SELECTORS.updateState) === true,
        { lost: "answer", error: connectionReset() },
      );
      try {
        await world.relayAll({ maxPasses: 30 });
      } finally {
        drop.undo();
      }
      expect(drop.seen).to.deep.equal({ reached: 1, dropped: 1 });
      expect(world.message(fx.l2ToL1)).to.include({
        status: "ready",
        stage: "state-updated",
      });
      expect(world.message(fx.l1ToL2)).to.include({
        status: "relayed",
        stage: "consumed",
      });
      expect(await core.l2ToL1Messages(world.message(fx.l2ToL1).hash)).to.equal(
        1n,
      );
      await core
        .connect(fx.alice)
        .consumeMessageFromL2(BigInt(fx.aliceL2.address), [3n]);
      await world.relay();
      expect(world.message(fx.l2ToL1)).to.include({
        status: "relayed",
        stage: "consumed",
      });
    });

    it("does not retry a refusal other than a missing proof: relayAll throws StarknetCore's reason (ONLY_OPERATOR) with its cause, and moves once it is mended", async () => {
      const fx = await world.loadFixture(inFlight);
      const core = world.chains.starknet.l1Contracts.StarknetCore;
      const governor = await world.l1.ethers.getImpersonatedSigner(
        world.actors.deployer.address,
      );
      const operator = world.actors["starknet:sequencer"].address;
      await core.connect(governor).unregisterOperator(operator);
      const error = await expectRejection(
        world.relayAll({ maxPasses: 20 }),
        "updateState",
        "ONLY_OPERATOR",
      );
      expect(error.message).to.not.include("did not settle");
      expect(
        (error as { cause?: unknown }).cause,
        "the node's error as cause",
      ).to.be.instanceOf(Error);
      expect(world.message(fx.l2ToL1)).to.include({
        status: "pending",
        stage: "awaiting-state-update",
      });
      expect(await core.stateBlockNumber()).to.equal(-1n);

      await core.connect(governor).registerOperator(operator);
      await world.relayAll();
      expect(world.message(fx.l2ToL1)).to.include({
        status: "ready",
        stage: "state-updated",
      });
      expect(world.message(fx.l1ToL2)).to.include({
        status: "relayed",
        stage: "consumed",
      });
    });

    it("retries a missing proof (NO_STATE_TRANSITION_PROOF) as the prover's failure", async () => {
      const fx = await world.loadFixture(inFlight);
      world.faults.failProofs("starknet", 2);
      await world.relayAll();
      expect(world.starknet.lastError).to.include("NO_STATE_TRANSITION_PROOF");
      expect(world.message(fx.l2ToL1)).to.include({
        status: "ready",
        stage: "state-updated",
      });
    });
  });

  describe("the sequencer", () => {
    it("retries a handleL1Message whose request got no answer (nothing mined) instead of recording a revert", async () => {
      const fx = await world.loadFixture(inFlight);
      const messaging = world.chains.starknet.contracts.StarknetL2Messaging;
      await world.mine(10);
      const drop = loseNextSend(
        world.chains.starknet,
        (tx) =>
          tx.data?.startsWith(STARKNET_FUNCTION_SELECTORS.handleL1Message) ===
          true,
        { lost: "request", error: connectionReset() },
      );
      try {
        await world.relay();
        expect(drop.seen).to.deep.equal({ reached: 0, dropped: 1 });
        expect(world.message(fx.l1ToL2)).to.include({
          status: "ready",
          stage: "confirmed",
        });
        expect(world.message(fx.l1ToL2).error).to.equal(undefined);
        expect(
          await messaging.l1HandlerStatus(world.message(fx.l1ToL2).nonce),
        ).to.equal(0n);
        await world.relay();
      } finally {
        drop.undo();
      }
      expect(drop.seen.reached).to.equal(1);
      expect(world.message(fx.l1ToL2)).to.include({
        status: "relayed",
        stage: "handled",
      });
      expect(await fx.recorder.calls()).to.equal(1n);
    });

    it("after a handleL1Message mined but unanswered, reads the outcome from the chain instead of sending it again", async () => {
      const fx = await world.loadFixture(inFlight);
      await world.mine(10);
      const drop = loseNextSend(
        world.chains.starknet,
        (tx) =>
          tx.data?.startsWith(STARKNET_FUNCTION_SELECTORS.handleL1Message) ===
          true,
        { lost: "answer", error: connectionReset() },
      );
      try {
        await world.relay();
        await world.relay();
      } finally {
        drop.undo();
      }
      expect(drop.seen).to.deep.equal({ reached: 1, dropped: 1 });
      expect(world.message(fx.l1ToL2)).to.include({
        status: "relayed",
        stage: "handled",
      });
      expect(await fx.recorder.calls()).to.equal(1n);
    });

    it("records a mined revert of the l1-handler transaction as handler-reverted", async () => {
      const fx = await world.loadFixture(inFlight);
      await world.mine(10);
      // The node mines the sequencer's transaction with too little gas: it reverts out of gas.
      const l2 = world.chains.starknet;
      const original: Chain["rpc"] = l2.rpc.bind(l2);
      (l2 as { rpc: unknown }).rpc = async (
        method: string,
        params: unknown[] = [],
      ) => {
        const tx = params[0] as { data?: string } | undefined;
        if (
          method === "eth_sendTransaction" &&
          tx?.data?.startsWith(STARKNET_FUNCTION_SELECTORS.handleL1Message) ===
            true
        ) {
          return await original(method, [{ ...tx, gas: toBeHex(60_000) }]);
        }
        return await original(method, params);
      };
      try {
        await world.relay();
      } finally {
        delete (l2 as { rpc?: unknown }).rpc;
      }
      const message = world.message(fx.l1ToL2);
      expect(message).to.include({
        status: "failed",
        stage: "handler-reverted",
      });
      expect(message.error).to.include("the l1-handler transaction reverted");
      const block = await l2.block("latest");
      expect(
        block.transactions,
        "the reverted transaction was mined",
      ).to.have.length(1);
    });

    it("surfaces a send the node refuses (an unfunded sequencer) with its cause, keeps the message, and delivers it once funded", async () => {
      const fx = await world.loadFixture(inFlight);
      await world.mine(10);
      const l2 = world.chains.starknet;
      const sequencer = world.actors["starknet:sequencer"].address;
      const funds = await l2.rpc<string>("eth_getBalance", [
        sequencer,
        "latest",
      ]);
      await l2.rpc("hardhat_setBalance", [sequencer, "0x0"]);
      const error = await expectRejection(
        world.relay(),
        "handleL1Message",
        fx.l1ToL2,
      );
      expect(
        (error as { cause?: unknown }).cause,
        "the node's error as cause",
      ).to.be.instanceOf(Error);
      const message = world.message(fx.l1ToL2);
      expect(message).to.include({ status: "ready", stage: "confirmed" });
      expect(message.error).to.include("could not send handleL1Message");
      await l2.rpc("hardhat_setBalance", [sequencer, funds]);
      await world.relay();
      expect(world.message(fx.l1ToL2)).to.include({
        status: "relayed",
        stage: "handled",
      });
      expect(world.message(fx.l1ToL2).error).to.equal(undefined);
    });
  });
});
