// About 720 lines: the autorelayer's and the user's relay paths end to end, sharing one world.
import type { Chain } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { Log } from "ethers";

import { expect } from "chai";
import {
  Interface,
  Wallet,
  ZeroHash,
  keccak256,
  toBeHex,
  toUtf8Bytes,
} from "ethers";
import hre from "hardhat";

import {
  calculateChecksum,
  encodeAccessList,
} from "../../src/protocols/op/codec/access-list.js";
import {
  msgHash,
  payloadFromLog,
} from "../../src/protocols/op/codec/message.js";
import { dependencySetStorageKey } from "../../src/protocols/op/codec/messenger-storage.js";
import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "../../src/protocols/op/codec/predeploys.js";
import { testUserKey } from "../helpers/actors.js";
import { mined, receiptOf } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

import { expectSupervisorRefusal, initiatingMessageOf } from "./helpers.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);
const gateIface = new Interface([
  "function enter()",
  "function enterAfter(bytes32)",
]);
const tag = (s: string) => keccak256(toUtf8Bytes(s));

async function deployFixture(world: World) {
  const { opA, opB } = world.chains;
  const recorder = await opB.ethers.deployContract("ContextRecorder");
  const gate = await opB.ethers.deployContract("Gate");
  const [, , userA] = await opA.ethers.getSigners();
  return {
    recorder,
    gate,
    recorderAddress: await recorder.getAddress(),
    gateAddress: await gate.getAddress(),
    userA,
  };
}

/** Sends `data` from opA to `target` on opB through the messenger, from the first signer. */
async function send(
  world: World,
  target: string,
  data: string,
  chain: Chain = world.chains.opA,
  destination: Chain = world.chains.opB,
) {
  const messenger = chain.contracts.L2ToL2CrossDomainMessenger;
  return await mined(messenger.sendMessage(destination.chainId, target, data));
}

describe("OP interop relay engine", () => {
  let world: World;
  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  describe("ping-pong", () => {
    it("relays a ping from opA to opB and the pong back; receivers check sender and source", async () => {
      const { opA, opB } = world.chains;
      const [ownerA] = await opA.ethers.getSigners();
      const a = await opA.ethers.deployContract("PingPong", [ownerA.address]);
      const b = await opB.ethers.deployContract("PingPong", [ownerA.address]);
      await a.setCounterpart(opB.chainId, await b.getAddress());
      await b.setCounterpart(opA.chainId, await a.getAddress());
      await a.ping();

      const first = await world.relay();
      const [ping] = world.messages({
        from: "opA",
        target: await b.getAddress(),
      });
      expect(ping).to.include({
        protocol: "op",
        from: "opA",
        to: "opB",
        status: "relayed",
        stage: "relayed",
      });
      expect(first.changes.map((c) => [c.id, c.status])).to.deep.include([
        ping.id,
        "ready",
      ]);
      expect(first.changes.map((c) => [c.id, c.status])).to.deep.include([
        ping.id,
        "relayed",
      ]);
      expect(await b.ballsReceived()).to.equal(1n);
      // The pong is sent by the relay of the ping; the next pass carries it back.
      expect(await a.ballsReceived()).to.equal(0n);
      const report = await world.relayAll();
      expect(report.passes).to.be.greaterThan(0);
      expect(await a.ballsReceived()).to.equal(1n);
      const [pong] = world.messages({
        from: "opB",
        target: await a.getAddress(),
      });
      expect(pong.status).to.equal("relayed");
      expect(pong.destinationTx).to.match(/^0x[0-9a-f]{64}$/);

      // A receiver refuses anyone but the messenger.
      await expectRejection(b.receiveBall(1, 0), "CallerNotMessenger");
    });

    it("a message from an unexpected sender is refused by the receiver and stays failed and relayable", async () => {
      const { opA, opB } = world.chains;
      const [owner] = await opA.ethers.getSigners();
      const b = await opB.ethers.deployContract("PingPong", [owner.address]);
      await b.setCounterpart(opA.chainId, owner.address);
      const stranger = (await opA.ethers.getSigners())[5];
      await world.chains.opA.contracts.L2ToL2CrossDomainMessenger.connect(
        stranger,
      ).sendMessage(
        opB.chainId,
        await b.getAddress(),
        b.interface.encodeFunctionData("receiveBall", [1, 1]),
      );
      await world.relay();
      const [message] = world.messages({ target: await b.getAddress() });
      expect(message).to.include({ status: "failed", stage: "relay-reverted" });
      expect(message.error).to.include("SenderNotCounterpart");
    });
  });

  describe("relay context and failures", () => {
    it("exposes crossDomainMessageSender / Source / Context to the target and hashes the return data", async () => {
      const { recorder, recorderAddress } =
        await world.loadFixture(deployFixture);
      const [sender] = await world.chains.opA.ethers.getSigners();
      await send(
        world,
        recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("ctx")]),
      );
      await world.relay();
      expect(await recorder.lastSender()).to.equal(sender.address);
      expect(await recorder.lastSource()).to.equal(901n);
      expect(await recorder.lastSenderGetter()).to.equal(sender.address);
      expect(await recorder.lastSourceGetter()).to.equal(901n);
      expect(await recorder.lastCaller()).to.equal(
        "0x4200000000000000000000000000000000000023",
      );
      const [message] = world.messages({ target: recorderAddress });
      const receipt = await receiptOf(world.chains.opB, message.destinationTx!);
      const messenger = world.chains.opB.contracts.L2ToL2CrossDomainMessenger;
      const relayed = receipt.logs
        .map((l) => messenger.interface.parseLog(l))
        .find((l) => l?.name === "RelayedMessage")!;
      expect(relayed.args.messageHash).to.equal(message.hash);
      expect(relayed.args.returnDataHash).to.equal(
        keccak256(toBeHex(BigInt(tag("ctx")), 32)),
      );
      // Outside a relay the context getters revert NotEntered().
      await expectRejection(
        world.chains.opB.contracts.L2ToL2CrossDomainMessenger.crossDomainMessageSender(),
        "NotEntered",
      );
    });

    it("a reverting target leaves the message failed and relayable; it relays once the target accepts", async () => {
      const { gate, gateAddress } = await world.loadFixture(deployFixture);
      await send(world, gateAddress, gateIface.encodeFunctionData("enter"));
      await world.relay();
      let [message] = world.messages({ target: gateAddress });
      expect(message).to.include({ status: "failed", stage: "relay-reverted" });
      expect(message.error).to.equal("GateClosed()"); // decoded from the project's artifacts
      const successful =
        await world.chains.opB.contracts.L2ToL2CrossDomainMessenger.successfulMessages(
          message.hash,
        );
      expect(successful).to.equal(false);

      // Nothing moved on opB: the next pass does not hammer the target.
      const idle = await world.relay();
      expect(idle.actions).to.equal(0);

      await gate.setOpen(true); // a new block on opB: the autorelayer tries again
      await world.relay();
      [message] = world.messages({ target: gateAddress });
      expect(message).to.include({ status: "relayed", stage: "relayed" });
      expect(await gate.entries()).to.equal(1n);
    });

    it("stops automatic retries after relayRetries, while world.op.relay still tries", async () => {
      const { gate, gateAddress } = await world.loadFixture(deployFixture);
      await send(world, gateAddress, gateIface.encodeFunctionData("enter"));
      for (let i = 0; i < 8; i++) {
        await world.relay();
        await world.mine(1, "opB");
      }
      let [message] = world.messages({ target: gateAddress });
      expect(message.status).to.equal("failed");
      expect((message.details as { attempts: number }).attempts).to.equal(5);
      await gate.setOpen(true);
      await world.relay();
      expect(world.message(message.id).status).to.equal("failed");
      message = await world.op.relay(message.id);
      expect(message.status).to.equal("relayed");
    });

    it("parks a message that needs another one (RequiredMessageNotSuccessful) until that one is relayed", async () => {
      const { gate, gateAddress } = await world.loadFixture(deployFixture);
      // The required message: to the gate while closed, so it fails first.
      const first = await send(
        world,
        gateAddress,
        gateIface.encodeFunctionData("enter"),
      );
      const sentLog = first!.logs.find(
        (l: Log) =>
          l.topics[0] ===
          "0x382409ac69001e11931a28435afef442cbfd20d9891907e8fa373ba7d351f320",
      )!;
      await world.relay();
      const [required] = world.messages({ target: gateAddress });
      expect(required.status).to.equal("failed");
      expect(sentLog.transactionHash).to.equal(required.sourceTx);

      await send(
        world,
        gateAddress,
        gateIface.encodeFunctionData("enterAfter", [required.hash]),
      );
      await world.relay();
      const dependent = world
        .messages({ target: gateAddress })
        .find((m) => m.id !== required.id)!;
      expect(dependent).to.include({
        status: "pending",
        stage: "waiting-dependency",
      });

      await gate.setOpen(true);
      await world.relayAll();
      expect(world.message(required.id).status).to.equal("relayed");
      expect(world.message(dependent.id).status).to.equal("relayed");
      expect(await gate.entries()).to.equal(2n);
    });

    it("never sends a relay twice while the first one waits in the mempool (interval mining)", async () => {
      const { recorder, recorderAddress } =
        await world.loadFixture(deployFixture);
      const { opB } = world.chains;
      await send(
        world,
        recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("mempool")]),
      );
      await opB.rpc("evm_setAutomine", [false]);
      try {
        await world.relay();
        await world.relay();
        const [message] = world.messages({ target: recorderAddress });
        expect(message).to.include({ status: "ready", stage: "initiated" });
        const pending = await opB.rpc<{ transactions: string[] }>(
          "eth_getBlockByNumber",
          ["pending", false],
        );
        expect(pending.transactions).to.have.length(1);
        await opB.rpc("evm_mine");
        await world.relay();
        expect(world.message(message.id).status).to.equal("relayed");
        expect(await recorder.calls()).to.equal(1n);
      } finally {
        await opB.rpc("evm_setAutomine", [true]);
      }
    });

    it("refuses on send a destination outside the dependency set (InvalidChainId) and the sending chain itself", async () => {
      const { recorderAddress } = await world.loadFixture(deployFixture);
      const messenger = world.chains.opA.contracts.L2ToL2CrossDomainMessenger;
      await expectRejection(
        messenger.sendMessage(903, recorderAddress, "0x"),
        "InvalidChainId",
      );
      await expectRejection(
        messenger.sendMessage(901, recorderAddress, "0x"),
        "MessageDestinationSameChain",
      );
      expect(world.messages({ target: recorderAddress })).to.deep.equal([]);
    });

    it("marks a message to a chain outside the world as failed (unroutable)", async () => {
      const { recorderAddress } = await world.loadFixture(deployFixture);
      const { opA } = world.chains;
      // The real messenger (1.3.0) does not check the destination: put 903 in opA's dependency set so that
      // the seed's check lets the send through, as the real contract would.
      await opA.setStorageAt(
        L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        dependencySetStorageKey(903n),
        toBeHex(1n, 32),
      );
      await mined(
        opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
          903,
          recorderAddress,
          "0x",
        ),
      );
      await world.relayAll();
      const [message] = world.messages({ target: recorderAddress });
      expect(message).to.include({
        from: "opA",
        to: "903",
        status: "failed",
        stage: "unroutable",
      });
      expect(message.error).to.equal(
        "no OP chain with chain id 903 in this world",
      );
    });
  });

  describe("the supervisor", () => {
    async function sentMessage() {
      const fixture = await world.loadFixture(deployFixture);
      const receipt = await send(
        world,
        fixture.recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("sup")]),
      );
      // Read the message without relaying it: a world pass would relay it, so build it from the receipt.
      const { id: identifier, payload } = await initiatingMessageOf(
        world.chains.opA,
        receipt,
      );
      return { ...fixture, identifier, payload };
    }

    async function relayAs(
      identifier: Parameters<typeof encodeAccessList>[0],
      payload: string,
      accessList = encodeAccessList(identifier, msgHash(payload)),
    ) {
      const messenger = world.chains.opB.contracts.L2ToL2CrossDomainMessenger;
      return await messenger.relayMessage(identifier, payload, { accessList });
    }

    it("lets a correct manual relay through", async () => {
      const { identifier, payload, recorder } = await sentMessage();
      await mined(relayAs(identifier, payload));
      expect(await recorder.lastTag()).to.equal(tag("sup"));
    });

    it("rejects a forged Identifier before inclusion", async () => {
      const { identifier, payload } = await sentMessage();
      const opB = world.chains.opB;
      const before = await opB.blockNumber();
      for (const forged of [
        { ...identifier, logIndex: identifier.logIndex + 1n },
        { ...identifier, timestamp: identifier.timestamp + 1n },
        { ...identifier, blockNumber: identifier.blockNumber + 1000n },
      ]) {
        await expectSupervisorRefusal(
          relayAs(forged, payload),
          "initiating message not found",
        );
      }
      await expectSupervisorRefusal(
        relayAs({ ...identifier, chainId: 12345n }, payload),
        "no chain found for chain id 12345",
      );
      // A forged origin: the declared checksum is not the log's (it binds the emitter), whether the
      // transaction goes through the messenger or straight to the inbox.
      const forgedOrigin = {
        ...identifier,
        origin: "0x4200000000000000000000000000000000000042",
      };
      await expectSupervisorRefusal(
        relayAs(forgedOrigin, payload),
        "executing and initiating message fields are not equal",
      );
      const inbox = opB.contracts.CrossL2Inbox;
      await expectSupervisorRefusal(
        inbox.validateMessage(forgedOrigin, msgHash(payload), {
          accessList: encodeAccessList(forgedOrigin, msgHash(payload)),
        }),
        "executing and initiating message fields are not equal",
      );
      expect(await opB.blockNumber()).to.equal(before); // nothing was mined
      // The real identifier validated at the inbox directly passes and emits ExecutingMessage.
      const receipt = await mined(
        inbox.validateMessage(identifier, msgHash(payload), {
          accessList: encodeAccessList(identifier, msgHash(payload)),
        }),
      );
      expect(inbox.interface.parseLog(receipt.logs[0])!.name).to.equal(
        "ExecutingMessage",
      );
    });

    it("rejects a forged payload", async () => {
      const { identifier, payload } = await sentMessage();
      const forged =
        payload.slice(0, -2) + (payload.endsWith("00") ? "01" : "00");
      const opB = world.chains.opB;
      const before = await opB.blockNumber();
      await expectSupervisorRefusal(
        relayAs(identifier, forged),
        "executing and initiating message fields are not equal",
      );
      expect(await opB.blockNumber(), "nothing mined").to.equal(before);
    });

    it("lets a relay without the access list through to the inbox, which reverts NotInAccessList", async () => {
      const { identifier, payload } = await sentMessage();
      await expectRejection(
        relayAs(identifier, payload, []),
        "NotInAccessList",
      );
    });

    it("rejects the replay of a relayed message (MessageAlreadyRelayed)", async () => {
      const { identifier, payload } = await sentMessage();
      await mined(relayAs(identifier, payload));
      await expectRejection(
        relayAs(identifier, payload),
        "MessageAlreadyRelayed",
      );
    });

    it("checks raw signed transactions too", async () => {
      const { identifier, payload } = await sentMessage();
      const opB = world.chains.opB;
      const wallet = new Wallet(testUserKey("raw sender"));
      await opB.setBalance(wallet.address, 10n ** 18n);
      const forged = { ...identifier, logIndex: identifier.logIndex + 7n };
      const messenger = opB.contracts.L2ToL2CrossDomainMessenger;
      const block = await opB.block("latest");
      const raw = await wallet.signTransaction({
        type: 2,
        chainId: opB.chainId,
        nonce: 0,
        to: await messenger.getAddress(),
        data: messenger.interface.encodeFunctionData("relayMessage", [
          forged,
          payload,
        ]),
        gasLimit: 500_000,
        maxFeePerGas: BigInt(block.baseFeePerGas!) * 2n,
        maxPriorityFeePerGas: 1n,
        accessList: encodeAccessList(forged, msgHash(payload)),
      });
      await expectSupervisorRefusal(
        opB.rpc("eth_sendRawTransaction", [raw]),
        "initiating message not found",
      );
    });

    it("executes a message from a source chain a second ahead (the world's clocks are set one by one) in a block no earlier than it", async () => {
      const { opA, opB } = world.chains;
      const fixture = await world.loadFixture(deployFixture);
      // The source runs one second ahead, as it can when world.time sets the chains one after the other.
      await opA.rpc("evm_increaseTime", [1]);
      const receipt = await send(
        world,
        fixture.recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("skew")]),
      );
      const { id: identifier, payload } = await initiatingMessageOf(
        opA,
        receipt,
      );
      expect(Number(identifier.timestamp)).to.be.greaterThan(
        Number((await opB.block("pending")).timestamp),
      );
      const relay = await mined(relayAs(identifier, payload));
      expect(await fixture.recorder.lastTag()).to.equal(tag("skew"));
      const block = await opB.block(Number(relay.blockNumber));
      expect(Number(block.timestamp)).to.be.greaterThanOrEqual(
        Number(identifier.timestamp),
      );
    });

    it("rejects an initiating message from the future", async () => {
      const { identifier, recorderAddress } = await sentMessage();
      // Only the source chain has run ahead; opB's next block is earlier than the initiating block.
      const { opA } = world.chains;
      await opA.rpc("evm_increaseTime", [3600]);
      await send(
        world,
        recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("future")]),
      );
      const late = await opA.block("latest");
      const logs = await opA.rpc<
        Array<{
          topics: string[];
          data: string;
          logIndex: string;
          address: string;
        }>
      >("eth_getLogs", [{ blockHash: late.hash }]);
      const future = {
        ...identifier,
        blockNumber: BigInt(late.number),
        timestamp: BigInt(late.timestamp),
        logIndex: BigInt(logs[0].logIndex),
      };
      await expectSupervisorRefusal(
        relayAs(future, payloadFromLog(logs[0])),
        "initiating message is in the future",
      );
    });

    it("uses the checksum of the real log: the supervisor's view matches CrossL2Inbox.calculateChecksum", async () => {
      const { identifier, payload } = await sentMessage();
      const inbox = world.chains.opB.contracts.CrossL2Inbox;
      expect(
        await inbox.calculateChecksum(identifier, msgHash(payload)),
      ).to.equal(calculateChecksum(identifier, msgHash(payload)));
    });
  });

  describe("expiry", () => {
    it("is relayable one second before 7 days, rejected at 7 days, and recovered with resendMessage", async () => {
      const { recorder, recorderAddress } =
        await world.loadFixture(deployFixture);
      const receipt = await send(
        world,
        recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("late")]),
      );
      const sentAt = Number(
        (await world.chains.opA.block(receipt.blockNumber)).timestamp,
      );
      const edge = await world.snapshot();

      // 7 days − 1 s: still relayable by the autorelayer.
      await world.time.increaseTo(sentAt + 604798);
      await world.time.setNextBlockTimestamp(sentAt + 604799, "opB");
      await world.relay();
      let [message] = world.messages({ target: recorderAddress });
      expect(message.status).to.equal("relayed");
      expect(await recorder.lastTag()).to.equal(tag("late"));

      // At 7 days: the autorelayer marks it expired and a manual relay is rejected by the supervisor.
      await world.restore(edge);
      await world.time.increaseTo(sentAt + 604799);
      await world.time.setNextBlockTimestamp(sentAt + 604800, "opB");
      await world.relay();
      [message] = world.messages({ target: recorderAddress });
      expect(message).to.include({ status: "expired", stage: "expired" });
      const tx = world.op.relayTransaction(message);
      await world.time.setNextBlockTimestamp(sentAt + 604800, "opB");
      await expectRejection(
        world.chains.opB.ethers.provider
          .getSigner(0)
          .then((s) => s.sendTransaction(tx)),
        "initiating message expired",
      );
      expect(await recorder.calls()).to.equal(0n);

      // resendMessage on the source: a new identifier, a new clock, same messageHash.
      const messenger = world.chains.opA.contracts.L2ToL2CrossDomainMessenger;
      const [sender] = await world.chains.opA.ethers.getSigners();
      await messenger.resendMessage(
        902,
        message.nonce,
        sender.address,
        recorderAddress,
        message.data,
      );
      await world.relay();
      const resent = world.message(message.id);
      expect(resent).to.include({ status: "relayed", hash: message.hash });
      expect(await recorder.lastTag()).to.equal(tag("late"));
      // resendMessage with anything changed is refused.
      await expectRejection(
        messenger.resendMessage(
          902,
          message.nonce,
          sender.address,
          recorderAddress,
          "0x",
        ),
        "InvalidMessage",
      );
    });
  });

  describe("snapshots, fixtures and worlds", () => {
    it("restores balances, nonces and message statuses on every chain", async () => {
      const { recorderAddress } = await world.loadFixture(deployFixture);
      const { opA, opB } = world.chains;
      const [alice, bob] = await opA.ethers.getSigners();
      const snapshot = await world.snapshot();
      const balance = await opB.ethers.provider.getBalance(bob.address);
      const nonce = await opA.ethers.provider.getTransactionCount(
        alice.address,
      );

      await send(
        world,
        recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("snap")]),
      );
      await world.relay(); // only records the message: relayed in the same pass
      const [opBSigner] = await opB.ethers.getSigners();
      await opBSigner.sendTransaction({ to: bob.address, value: 12345n });
      expect(world.messages({ target: recorderAddress })[0].status).to.equal(
        "relayed",
      );

      await world.restore(snapshot);
      expect(world.messages({ target: recorderAddress })).to.deep.equal([]);
      expect(await opB.ethers.provider.getBalance(bob.address)).to.equal(
        balance,
      );
      expect(
        await opA.ethers.provider.getTransactionCount(alice.address),
      ).to.equal(nonce);

      // The same snapshot restores again, and a message caught mid-way comes back to where it was.
      await send(
        world,
        recorderAddress,
        recorderIface.encodeFunctionData("record", [tag("snap2")]),
      );
      await world.time.increase(1);
      const halfway = await world.snapshot();
      await world.relay();
      const [message] = world.messages({ target: recorderAddress });
      expect(message.status).to.equal("relayed");
      await world.restore(halfway);
      expect(world.messages({ target: recorderAddress })).to.deep.equal([]);
      await world.relay();
      expect(world.message(message.id).status).to.equal("relayed");
      await world.restore(snapshot);
      expect(
        await opA.ethers.provider.getTransactionCount(alice.address),
      ).to.equal(nonce);
    });

    it("refuses a snapshot of another world", async () => {
      const other = await hre.xdm.create();
      try {
        const snapshot = await other.snapshot();
        await expectRejection(
          world.restore(snapshot),
          "belongs to another world",
        );
      } finally {
        await other.close();
      }
    });

    it("keeps two worlds apart", async () => {
      const w1 = await hre.xdm.create();
      const w2 = await hre.xdm.create();
      try {
        const recorder =
          await w1.chains.opB.ethers.deployContract("ContextRecorder");
        await send(
          w1,
          await recorder.getAddress(),
          recorderIface.encodeFunctionData("record", [ZeroHash]),
        );
        await w2.relay();
        expect(w2.messages()).to.deep.equal([]);
        await w1.relay();
        expect(w1.messages()).to.have.length(1);
        expect(
          await w2.chains.opB.rpc("eth_getCode", [
            await recorder.getAddress(),
            "latest",
          ]),
        ).to.equal("0x");
        expect(await w1.chains.opA.blockNumber()).to.not.equal(
          await w2.chains.opA.blockNumber(),
        );
      } finally {
        await w1.close();
        await w2.close();
      }
    });

    it("moves every chain with one clock", async () => {
      const before = await world.time.latest();
      const now = await world.time.increase(3600);
      expect(now).to.equal(before + 3600);
      for (const chain of world.chainList) {
        expect(await chain.timestamp()).to.equal(now);
      }
      await world.mine(3);
      expect(await world.l1.timestamp()).to.be.greaterThan(now);
      for (const chain of world.chainList) {
        expect(Number((await chain.block("pending")).timestamp)).to.be.at.least(
          now,
        );
      }
    });
  });

  describe("bad input", () => {
    it("names the chains there are for an unknown chain", () => {
      expect(() => world.chain("opC")).to.throw('Unknown chain "opC"');
    });
    it("names what a chain has when a system contract it lacks is asked for", () => {
      expect(() => world.chains.opA.contracts.L2ScrollMessenger).to.throw(
        'Chain "opA" (op) has no L2ScrollMessenger in contracts. It has CrossL2Inbox, L2ToL2CrossDomainMessenger, SuperchainETHBridge, ETHLiquidity, SuperchainTokenBridge, SupersimToken, L2CrossDomainMessenger, L2StandardBridge, L2ToL1MessagePasser, L1Block.',
      );
      expect(() => world.chains.opA.l1Contracts.StarknetCore).to.throw(
        'Chain "opA" (op) has no StarknetCore in l1Contracts. It has OptimismPortal, L1CrossDomainMessenger, L1StandardBridge',
      );
    });
    it("says how to list messages for an unknown message id", () => {
      expect(() => world.message("op:901:999999")).to.throw(
        "Unknown message id",
      );
    });
    it("refuses a negative time jump or block count", async () => {
      await expectRejection(world.time.increase(-1), "non-negative");
      await expectRejection(world.mine(-2), "non-negative");
      await expectRejection(world.time.increaseTo(1), "would go back in time");
    });
    it("refuses network overrides for unknown chains", async () => {
      await expectRejection(
        hre.xdm.create({ networks: { nope: {} } }),
        'unknown chain "nope"',
      );
    });
  });
});
