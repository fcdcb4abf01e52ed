import type { World } from "../../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { Interface, keccak256, toUtf8Bytes } from "ethers";

import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

const gateIface = new Interface(["function enter()"]);
const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);

describe("OP interop message lifecycle", () => {
  describe("with the autorelayer off: world.messages() at every step", () => {
    let hre: HardhatRuntimeEnvironment;
    let world: World;
    before(async () => {
      hre = await hreWith({
        xdm: {
          chains: { opA: { protocol: "op" }, opB: { protocol: "op" } },
          op: { autorelay: false },
        },
      });
      world = await hre.xdm.create();
    });
    after(async () => await world.close());

    it("goes initiated → relay-reverted → relayed, then expired → initiated → relayed after resendMessage", async () => {
      const { opA, opB } = world.chains;
      expect(Object.keys(world.chains)).to.deep.equal(["l1", "opA", "opB"]);
      const gate = await opB.ethers.deployContract("Gate");
      const gateAddress = await gate.getAddress();
      const messenger = opA.contracts.L2ToL2CrossDomainMessenger;
      await messenger.sendMessage(
        opB.chainId,
        gateAddress,
        gateIface.encodeFunctionData("enter"),
      );
      expect(world.messages()).to.deep.equal([]); // nothing is known before a pass reads the logs

      await world.relay();
      let [message] = world.messages();
      expect(message).to.include({
        id: "op:901:0",
        status: "ready",
        stage: "initiated",
        from: "opA",
        to: "opB",
        target: gateAddress,
        nonce: 0n,
      });
      expect(world.messages({ status: "ready" })).to.have.length(1);
      expect(world.messages({ status: "relayed" })).to.have.length(0);

      message = await world.op.relay(message.id);
      expect(message).to.include({
        status: "failed",
        stage: "relay-reverted",
        error: "GateClosed()",
      });

      await gate.setOpen(true);
      await world.relayAll(); // the autorelayer is off: nothing moves by itself
      expect(world.message(message.id).status).to.equal("failed");
      message = await world.op.relay(message.id);
      expect(message).to.include({ status: "relayed", stage: "relayed" });
      expect(message.destinationTx).to.match(/^0x/);

      // A second message left alone for 7 days expires; resendMessage brings it back.
      const recorder = await opB.ethers.deployContract("ContextRecorder");
      const data = recorderIface.encodeFunctionData("record", [
        keccak256(toUtf8Bytes("late")),
      ]);
      await messenger.sendMessage(
        opB.chainId,
        await recorder.getAddress(),
        data,
      );
      await world.relay();
      const late = world.messages({ status: "ready" })[0];
      expect(world.op.expiresAt(late)).to.equal(late.sentAt + 604800);
      await world.time.increaseTo(world.op.expiresAt(late));
      await world.relay();
      expect(world.message(late.id)).to.include({
        status: "expired",
        stage: "expired",
      });
      expect((await world.op.relay(late.id)).status).to.equal("expired");

      const [sender] = await opA.ethers.getSigners();
      await messenger.resendMessage(
        opB.chainId,
        late.nonce,
        sender.address,
        await recorder.getAddress(),
        data,
      );
      await world.relay();
      const resent = world.message(late.id);
      expect(resent).to.include({
        status: "ready",
        stage: "initiated",
        hash: late.hash,
      });
      expect(resent.sentAt).to.be.greaterThan(late.sentAt);
      expect((await world.op.relay(late.id)).status).to.equal("relayed");
      expect(await recorder.calls()).to.equal(1n);

      // Relaying a relayed message again is a no-op that reports it relayed.
      expect((await world.op.relay(late.id)).status).to.equal("relayed");
      expect(await recorder.calls()).to.equal(1n);
      await expectRejection(world.op.relay("op:901:77"), "Unknown message id");
    });

    it("sees a relay made by someone else", async () => {
      const { opA, opB } = world.chains;
      const recorder = await opB.ethers.deployContract("ContextRecorder");
      await opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        opB.chainId,
        await recorder.getAddress(),
        recorderIface.encodeFunctionData("record", [keccak256("0x01")]),
      );
      await world.relay();
      const [message] = world.messages({ target: await recorder.getAddress() });
      const [, , , user] = await opB.ethers.getSigners();
      await mined(user.sendTransaction(world.op.relayTransaction(message)));
      await world.relay();
      expect(world.message(message.id)).to.include({
        status: "relayed",
        stage: "relayed",
      });
    });
  });

  describe("dependency sets", () => {
    it("refuses to send outside the set (InvalidChainId) and the supervisor refuses to execute from outside it", async () => {
      const hre = await hreWith({
        networks: {
          opC: { type: "edr-simulated", chainType: "op", chainId: 903 },
        },
        xdm: {
          chains: {
            opA: { protocol: "op", dependencySet: ["opB"] },
            opB: { protocol: "op" },
            opC: { protocol: "op", dependencySet: ["opA"] },
          },
        },
      });
      const world = await hre.xdm.create();
      try {
        const { opA, opB, opC } = world.chains;
        expect(
          await opA.contracts.L2ToL2CrossDomainMessenger.dependencySetSize(),
        ).to.equal(1n);
        expect(
          await opA.contracts.L2ToL2CrossDomainMessenger.isInDependencySet(903),
        ).to.equal(false);
        expect(
          await opA.contracts.L2ToL2CrossDomainMessenger.isInDependencySet(901),
        ).to.equal(true);
        expect(
          await opB.contracts.L2ToL2CrossDomainMessenger.dependencySetSize(),
        ).to.equal(2n);

        const recorder = await opA.ethers.deployContract("ContextRecorder");
        const data = recorderIface.encodeFunctionData("record", [
          keccak256("0x02"),
        ]);
        await expectRejection(
          opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
            903,
            await recorder.getAddress(),
            data,
          ),
          "InvalidChainId",
        );

        // opC may send to opA, but opA's set does not hold opC: the supervisor rejects the relay.
        await opC.contracts.L2ToL2CrossDomainMessenger.sendMessage(
          901,
          await recorder.getAddress(),
          data,
        );
        await world.relayAll();
        const [message] = world.messages({ from: "opC" });
        expect(message).to.include({ status: "failed", stage: "rejected" });
        expect(message.error).to.include(
          "executing message in block (chain 901) may not execute message from chain 903: not in dependency set",
        );
        expect(await recorder.calls()).to.equal(0n);
      } finally {
        await world.close();
      }
    });
  });
});
