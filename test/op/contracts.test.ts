// About 830 lines: every revert of both predeploys in their order of checks, on one shared world.
// The predeploys as the plugin installs them on a world's OP chains, each checked against its own
// revert. Every transaction there passes the plugin's supervisor first, which refuses an executing
// message whose access list names no real initiating message (supervisor.test.ts): the contracts' own
// refusals of such messages are read with eth_call, which no supervisor sees.
import type { World } from "../../src/world.js";

import { expect } from "chai";
import {
  type Contract,
  getAddress,
  Interface,
  keccak256,
  type Log,
  type TransactionReceipt,
  toBeHex,
} from "ethers";
import hre from "hardhat";

import {
  encodeAccessList,
  type Identifier,
} from "../../src/protocols/op/codec/access-list.js";
import {
  EXECUTING_MESSAGE_TOPIC,
  RELAYED_MESSAGE_TOPIC,
  SENT_MESSAGE_TOPIC,
} from "../../src/protocols/op/codec/events.js";
import {
  messageHash,
  msgHash,
  payloadFromLog,
} from "../../src/protocols/op/codec/message.js";
import {
  dependencySetStorageKey,
  sentMessagesStorageKey,
  successfulMessagesStorageKey,
} from "../../src/protocols/op/codec/messenger-storage.js";
import {
  CROSS_L2_INBOX_ADDRESS,
  ERROR_SELECTORS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  MESSENGER_STORAGE_SLOTS,
  SELECTORS,
} from "../../src/protocols/op/codec/predeploys.js";
import { revertDataOf } from "../../src/revert-decoder.js";
import { mined, receiptOf } from "../helpers/mined.js";
import { expectCustomError, expectRejection } from "../helpers/rejection.js";

import {
  createOpWorld,
  expectSupervisorRefusal,
  messageSentIn,
  type OpChain,
  relayAsUser,
  relayedByPlugin,
} from "./helpers.js";

const TAG = "0x" + "ab".repeat(32);
const MESSENGER = L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS;

function logsOf(
  receipt: TransactionReceipt,
  address: string,
  topic0: string,
): Log[] {
  return receipt.logs.filter(
    (log) =>
      getAddress(log.address) === getAddress(address) &&
      log.topics[0] === topic0,
  );
}

describe("OP interop contracts (CrossL2Inbox 1.0.2, L2ToL2CrossDomainMessenger 1.3.0)", function () {
  let world: World;
  let a: OpChain; // chain 901
  let b: OpChain; // chain 902
  let recorder: Contract; // on b
  let messengerErrors: Interface;
  let inboxErrors: Interface;

  before(async function () {
    ({
      world,
      chains: { opA: a, opB: b },
    } = await createOpWorld({
      opA: { chainId: 901n, dependencySet: ["opB"] },
      opB: { chainId: 902n, dependencySet: ["opA"] },
    }));
    messengerErrors = a.messenger.interface;
    inboxErrors = a.inbox.interface;
  });

  after(async function () {
    await world.close();
  });

  // Every test starts from the chains as installed, with a ContextRecorder on b.
  const deployRecorder = async () =>
    await b.connection.ethers.deployContract("ContextRecorder");
  beforeEach(async function () {
    recorder = await world.loadFixture(deployRecorder);
  });

  /** Sends `calldata` from chain a to `target` on chain b; returns the message as the plugin read it. */
  async function sendAtoB(target: string, calldata: string) {
    const receipt = await mined(
      a.messenger.sendMessage(b.chainId, target, calldata),
    );
    const message = await messageSentIn(world, receipt);
    return {
      receipt,
      message,
      id: world.op.identifier(message),
      payload: world.op.payload(message),
    };
  }

  const recordCall = (tag: string = TAG) =>
    recorder.interface.encodeFunctionData("record", [tag]);

  describe("installation", function () {
    it("reports the real versions, nonce 0 and the dependency set written at install", async function () {
      expect(await a.inbox.version()).to.equal("1.0.2");
      expect(await a.messenger.version()).to.equal("1.3.0");
      expect(await a.messenger.messageVersion()).to.equal(0n);
      expect(await a.messenger.messageNonce()).to.equal(0n);
      expect(await a.messenger.dependencySetSize()).to.equal(1n);
      expect(await a.messenger.isInDependencySet(902n)).to.equal(true);
      expect(await a.messenger.isInDependencySet(901n)).to.equal(true); // the chain itself, not stored
      expect(await a.messenger.isInDependencySet(903n)).to.equal(false);
      const stored = await a.connection.provider.request({
        method: "eth_getStorageAt",
        params: [MESSENGER, dependencySetStorageKey(902n), "latest"],
      });
      expect(BigInt(stored as string)).to.equal(1n);
    });

    it("keeps successfulMessages, msgNonce and sentMessages at the real slots 0, 1, 2", async function () {
      const { message } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      await mined(
        a.messenger.sendMessage(b.chainId, await recorder.getAddress(), "0x"),
      );
      const storageAt = async (chain: OpChain, slot: string): Promise<bigint> =>
        BigInt(
          (await chain.connection.provider.request({
            method: "eth_getStorageAt",
            params: [MESSENGER, slot, "latest"],
          })) as string,
        );
      expect(
        await storageAt(a, toBeHex(MESSENGER_STORAGE_SLOTS.msgNonce, 32)),
      ).to.equal(2n);
      expect(
        toBeHex(await storageAt(a, sentMessagesStorageKey(0n)), 32),
      ).to.equal(await a.messenger.sentMessages(0n));

      await relayedByPlugin(world, message);
      const hash = messageHash({
        destination: 902n,
        source: 901n,
        nonce: 0n,
        sender: (await b.connection.ethers.getSigners())[0].address,
        target: await recorder.getAddress(),
        message: recordCall(),
      });
      expect(await b.messenger.successfulMessages(hash)).to.equal(true);
      expect(await storageAt(b, successfulMessagesStorageKey(hash))).to.equal(
        1n,
      );
    });

    it("has runtime code that hardhat_setCode can install as is: no immutables, nothing to link", async function () {
      for (const name of ["CrossL2Inbox", "L2ToL2CrossDomainMessenger"]) {
        const artifact = await hre.artifacts.readArtifact(name);
        expect(artifact.immutableReferences ?? {}, name).to.deep.equal({});
        expect(artifact.deployedLinkReferences, name).to.deep.equal({});
      }
    });

    it("exposes exactly the interfaces' ABI, with the selectors and topics of PROTOCOLS §3.8", async function () {
      const signatures = (iface: Interface) => {
        const out: string[] = [];
        iface.forEachFunction((f) =>
          out.push(`function ${f.format("sighash")}`),
        );
        iface.forEachError((e) => out.push(`error ${e.format("sighash")}`));
        iface.forEachEvent((e) => out.push(`event ${e.format("sighash")}`));
        return out.sort();
      };
      for (const [implementation, declaration] of [
        ["CrossL2Inbox", "ICrossL2Inbox"],
        ["L2ToL2CrossDomainMessenger", "IL2ToL2CrossDomainMessenger"],
        ["SuperchainETHBridge", "ISuperchainETHBridge"],
        ["SuperchainTokenBridge", "ISuperchainTokenBridge"],
        ["ETHLiquidity", "IETHLiquidity"],
      ]) {
        const impl = new Interface(
          (await hre.artifacts.readArtifact(implementation)).abi,
        );
        const decl = new Interface(
          (await hre.artifacts.readArtifact(declaration)).abi,
        );
        expect(signatures(impl), implementation).to.deep.equal(
          signatures(decl),
        );
      }

      const messenger = a.messenger.interface;
      const inbox = a.inbox.interface;
      expect(messenger.getFunction("sendMessage")!.selector).to.equal(
        SELECTORS.sendMessage,
      );
      expect(messenger.getFunction("relayMessage")!.selector).to.equal(
        SELECTORS.relayMessage,
      );
      expect(messenger.getFunction("resendMessage")!.selector).to.equal(
        SELECTORS.resendMessage,
      );
      expect(inbox.getFunction("validateMessage")!.selector).to.equal(
        SELECTORS.validateMessage,
      );
      expect(messenger.getEvent("SentMessage")!.topicHash).to.equal(
        SENT_MESSAGE_TOPIC,
      );
      expect(messenger.getEvent("RelayedMessage")!.topicHash).to.equal(
        RELAYED_MESSAGE_TOPIC,
      );
      expect(inbox.getEvent("ExecutingMessage")!.topicHash).to.equal(
        EXECUTING_MESSAGE_TOPIC,
      );

      const compiled: Record<string, string> = {};
      for (const iface of [messenger, inbox])
        iface.forEachError((e) => (compiled[e.name] = e.selector));
      expect(compiled).to.deep.equal({ ...ERROR_SELECTORS });
    });
  });

  describe("sendMessage", function () {
    it("hashes, stores, numbers and emits the message", async function () {
      const [user] = await a.connection.ethers.getSigners();
      const target = await recorder.getAddress();
      const expected = messageHash({
        destination: 902n,
        source: 901n,
        nonce: 0n,
        sender: user.address,
        target,
        message: recordCall(),
      });
      expect(
        await a.messenger.sendMessage.staticCall(902n, target, recordCall()),
      ).to.equal(expected);

      const { receipt } = await sendAtoB(target, recordCall());
      const [log] = logsOf(receipt, MESSENGER, SENT_MESSAGE_TOPIC);
      const event = a.messenger.interface.parseLog(log)!;
      expect([...event.args]).to.deep.equal([
        902n,
        target,
        0n,
        user.address,
        recordCall(),
      ]);
      expect(await a.messenger.sentMessages(0n)).to.equal(expected);
      expect(await a.messenger.messageNonce()).to.equal(1n);

      const second = await mined(a.messenger.sendMessage(902n, target, "0x"));
      const [log2] = logsOf(second, MESSENGER, SENT_MESSAGE_TOPIC);
      expect(a.messenger.interface.parseLog(log2)!.args.messageNonce).to.equal(
        1n,
      );
    });

    it("records a contract as the sender when a contract sends", async function () {
      const sender = await a.connection.ethers.deployContract("MessageSender");
      const receipt = await mined(
        sender.send(902n, await recorder.getAddress(), recordCall()),
      );
      const message = await messageSentIn(world, receipt);
      const [log] = logsOf(receipt, MESSENGER, SENT_MESSAGE_TOPIC);
      expect(a.messenger.interface.parseLog(log)!.args.sender).to.equal(
        await sender.getAddress(),
      );
      expect(await sender.lastMessageHash()).to.equal(
        await a.messenger.sentMessages(0n),
      );

      await relayedByPlugin(world, message);
      expect(await recorder.lastSender()).to.equal(await sender.getAddress());
      expect(await recorder.lastSource()).to.equal(901n);
    });

    it("reverts on the checks in order: same chain, inbox target, messenger target, not in set", async function () {
      const target = await recorder.getAddress();
      const send = (destination: bigint, to: string, error: string) =>
        expectCustomError(
          a.messenger.sendMessage(destination, to, "0x"),
          messengerErrors,
          error,
        );
      await send(901n, CROSS_L2_INBOX_ADDRESS, "MessageDestinationSameChain");
      await send(903n, CROSS_L2_INBOX_ADDRESS, "MessageTargetCrossL2Inbox");
      await send(902n, CROSS_L2_INBOX_ADDRESS, "MessageTargetCrossL2Inbox");
      await send(903n, MESSENGER, "MessageTargetL2ToL2CrossDomainMessenger");
      await send(903n, target, "InvalidChainId");
      expect(await a.messenger.messageNonce()).to.equal(0n);
    });
  });

  describe("relayMessage", function () {
    it("relays a 901 message on 902: block-level log index, access list, Executing/RelayedMessage", async function () {
      const [user] = await a.connection.ethers.getSigners();
      const target = await recorder.getAddress();

      // Two transactions in one block, the message in the second: its log index counts the first one's log.
      await a.connection.provider.request({
        method: "evm_setAutomine",
        params: [false],
      });
      const sends = [];
      try {
        sends.push(await a.messenger.sendMessage(902n, target, "0x"));
        sends.push(await a.messenger.sendMessage(902n, target, recordCall()));
        await a.connection.provider.request({ method: "evm_mine", params: [] });
      } finally {
        await a.connection.provider.request({
          method: "evm_setAutomine",
          params: [true],
        });
      }
      const [firstReceipt, receipt] = await Promise.all(
        sends.map((sent) => mined(Promise.resolve(sent))),
      );
      expect(receipt.blockNumber).to.equal(firstReceipt.blockNumber);
      expect(receipt.index).to.equal(1);
      const message = await messageSentIn(world, receipt);
      const id = world.op.identifier(message);
      const payload = world.op.payload(message);
      expect(id.logIndex).to.equal(1n);
      const raw = (await a.connection.provider.request({
        method: "eth_getTransactionReceipt",
        params: [receipt.hash],
      })) as { logs: Array<{ logIndex: string; transactionIndex: string }> };
      expect(
        raw.logs.map((log) => [log.logIndex, log.transactionIndex]),
      ).to.deep.equal([["0x1", "0x1"]]);
      expect(id.origin).to.equal(MESSENGER);
      expect(id.chainId).to.equal(901n);

      const hash = messageHash({
        destination: 902n,
        source: 901n,
        nonce: 1n,
        sender: user.address,
        target,
        message: recordCall(),
      });
      const accessList = world.op.accessList(message);
      expect(accessList).to.deep.equal(encodeAccessList(id, msgHash(payload)));
      expect(
        await b.messenger.relayMessage.staticCall(id, payload, { accessList }),
      ).to.equal(TAG);
      const relay = await relayedByPlugin(world, message);

      const [executing] = logsOf(
        relay,
        CROSS_L2_INBOX_ADDRESS,
        EXECUTING_MESSAGE_TOPIC,
      );
      const executingEvent = b.inbox.interface.parseLog(executing)!;
      expect(executingEvent.args.msgHash).to.equal(msgHash(payload));
      expect([...executingEvent.args.id]).to.deep.equal(Object.values(id));

      const [relayed] = logsOf(relay, MESSENGER, RELAYED_MESSAGE_TOPIC);
      const relayedEvent = b.messenger.interface.parseLog(relayed)!;
      expect([...relayedEvent.args]).to.deep.equal([
        901n,
        1n,
        hash,
        keccak256(TAG),
      ]);

      expect(await b.messenger.successfulMessages(hash)).to.equal(true);
      expect(await recorder.lastSender()).to.equal(user.address);
      expect(await recorder.lastSource()).to.equal(901n);
      expect(await recorder.lastSenderGetter()).to.equal(user.address);
      expect(await recorder.lastSourceGetter()).to.equal(901n);
      expect(await recorder.lastCaller()).to.equal(MESSENGER);
      expect(await recorder.lastTag()).to.equal(TAG);
    });

    it("reverts NotInAccessList without the access list, or with another message's", async function () {
      const { message, id, payload } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      // Through gas estimation, as a user's call goes, and mined with a fixed gas limit.
      await expectCustomError(
        b.messenger.relayMessage(id, payload),
        inboxErrors,
        "NotInAccessList",
      );
      const gasLimit = 1_000_000n;
      await expectCustomError(
        b.messenger.relayMessage(id, payload, { gasLimit }),
        inboxErrors,
        "NotInAccessList",
      );
      // Another message's access list names no initiating message: the supervisor refuses it as a
      // transaction, so the inbox's own check is read with eth_call.
      const otherId: Identifier = { ...id, logIndex: id.logIndex + 1n };
      const otherList = encodeAccessList(otherId, msgHash(payload));
      await expectSupervisorRefusal(
        b.messenger.relayMessage(id, payload, { accessList: otherList }),
        "initiating message not found",
      );
      await expectCustomError(
        b.messenger.relayMessage.staticCall(id, payload, {
          accessList: otherList,
        }),
        inboxErrors,
        "NotInAccessList",
      );
      expect(await recorder.calls()).to.equal(0n);
      // Only the type-3 key is checked on-chain: the checksum alone is enough for the inbox, and the
      // relay runs the target to its end (record returns the tag last). The supervisor, which reads
      // the keys as op-geth does, refuses such a list in a transaction.
      const [{ storageKeys }] = world.op.accessList(message);
      const checksumOnly = [
        { address: CROSS_L2_INBOX_ADDRESS, storageKeys: storageKeys.slice(-1) },
      ];
      expect(
        await b.messenger.relayMessage.staticCall(id, payload, {
          accessList: checksumOnly,
        }),
      ).to.equal(TAG);
      await expectSupervisorRefusal(
        b.messenger.relayMessage(id, payload, { accessList: checksumOnly }),
        "failed to read data: expected lookup, got entry type 3",
      );
    });

    it("forwards msg.value to the target", async function () {
      const { message } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      await mined(relayAsUser(world, message, { value: 12345n }));
      expect(await recorder.lastValue()).to.equal(12345n);
      expect(
        await b.connection.ethers.provider.getBalance(
          await recorder.getAddress(),
        ),
      ).to.equal(12345n);
    });

    it("reverts MessageAlreadyRelayed the second time", async function () {
      const { message } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      await relayedByPlugin(world, message);
      await expectCustomError(
        relayAsUser(world, message),
        messengerErrors,
        "MessageAlreadyRelayed",
      );
      expect(await recorder.calls()).to.equal(1n);
    });

    it("reverts IdOriginNotL2ToL2CrossDomainMessenger for a log of another emitter", async function () {
      const { id, payload } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      // The supervisor refuses the forged identifier (its checksum is not the log's); eth_call reaches
      // the messenger, which refuses it before asking the inbox.
      const forged: Identifier = { ...id, origin: await recorder.getAddress() };
      const accessList = encodeAccessList(forged, msgHash(payload));
      await expectSupervisorRefusal(
        b.messenger.relayMessage(forged, payload, { accessList }),
        "executing and initiating message fields are not equal",
      );
      await expectCustomError(
        b.messenger.relayMessage.staticCall(forged, payload, { accessList }),
        messengerErrors,
        "IdOriginNotL2ToL2CrossDomainMessenger",
      );
    });

    it("reverts EventPayloadNotSentMessage for another event of the messenger", async function () {
      const { message } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      const relay = await relayedByPlugin(world, message);
      // A RelayedMessage log of the messenger on 902, presented to 901: it passes the inbox but is no message.
      const [relayed] = logsOf(relay, MESSENGER, RELAYED_MESSAGE_TOPIC);
      const block = (await b.connection.ethers.provider.getBlock(
        relayed.blockNumber,
      ))!;
      const wrongId: Identifier = {
        origin: MESSENGER,
        blockNumber: BigInt(relayed.blockNumber),
        logIndex: BigInt(relayed.index),
        timestamp: BigInt(block.timestamp),
        chainId: 902n,
      };
      // A real log of a chain in 901's dependency set, declared as it is: the supervisor lets it through.
      const wrongPayload = payloadFromLog(relayed);
      await expectCustomError(
        a.messenger.relayMessage(wrongId, wrongPayload, {
          accessList: encodeAccessList(wrongId, msgHash(wrongPayload)),
        }),
        messengerErrors,
        "EventPayloadNotSentMessage",
      );
    });

    it("reverts without a custom error for payloads too short to decode", async function () {
      const { id } = await sendAtoB(await recorder.getAddress(), recordCall());
      for (const payload of ["0x1234", SENT_MESSAGE_TOPIC + "00".repeat(40)]) {
        // The inbox passes (the access list declares this payload), then decoding it fails. No log has
        // this payload, so the supervisor refuses the transaction: eth_call, with a fixed gas limit.
        const accessList = encodeAccessList(id, msgHash(payload));
        await expectSupervisorRefusal(
          b.messenger.relayMessage(id, payload, { accessList }),
          "executing and initiating message fields are not equal",
        );
        // A revert, and one without data: no custom error, no reason string.
        const thrown = await expectRejection(
          b.messenger.relayMessage.staticCall(id, payload, {
            accessList,
            gasLimit: 1_000_000n,
          }),
          "Transaction reverted and Hardhat couldn't infer the reason",
        );
        expect(revertDataOf(thrown) ?? "0x", payload).to.equal("0x");
      }
    });

    it("reverts MessageDestinationNotRelayChain on a chain other than the destination", async function () {
      const { message, id, payload } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      await expectCustomError(
        a.messenger.relayMessage(id, payload, {
          accessList: world.op.accessList(message),
        }),
        messengerErrors,
        "MessageDestinationNotRelayChain",
      );
    });

    it("bubbles the inbox's BlockNumberTooHigh, LogIndexTooHigh, TimestampTooHigh, in that order", async function () {
      const { id, payload } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      const relay = (bad: Partial<Identifier>, error: string) =>
        expectCustomError(
          b.messenger.relayMessage({ ...id, ...bad }, payload),
          inboxErrors,
          error,
        );
      await relay(
        { blockNumber: 2n ** 64n, logIndex: 2n ** 32n, timestamp: 2n ** 64n },
        "BlockNumberTooHigh",
      );
      await relay(
        { logIndex: 2n ** 32n, timestamp: 2n ** 64n },
        "LogIndexTooHigh",
      );
      await relay({ timestamp: 2n ** 64n }, "TimestampTooHigh");
    });

    it("reverts ReentrantCall when the target re-enters relayMessage; the message stays relayable", async function () {
      const reentrant =
        await b.connection.ethers.deployContract("ReentrantRelayer");
      const {
        message: inner,
        id: innerId,
        payload: innerPayload,
      } = await sendAtoB(await recorder.getAddress(), recordCall());
      const call = reentrant.interface.encodeFunctionData("reenter", [
        innerId,
        innerPayload,
      ]);
      const { message, id, payload } = await sendAtoB(
        await reentrant.getAddress(),
        call,
      );

      // Both messages declared, so only the re-entry itself can fail.
      const accessList = [
        ...world.op.accessList(message),
        ...world.op.accessList(inner),
      ];
      await expectCustomError(
        b.messenger.relayMessage(id, payload, { accessList }),
        messengerErrors,
        "ReentrantCall",
      );
      const hash = messageHash({
        destination: 902n,
        source: 901n,
        nonce: 1n,
        sender: (await a.connection.ethers.getSigners())[0].address,
        target: await reentrant.getAddress(),
        message: call,
      });
      expect(await b.messenger.successfulMessages(hash)).to.equal(false);
      await relayedByPlugin(world, inner);
      expect(await recorder.calls()).to.equal(1n);
    });

    it("reverts with the target's own revert data, leaving the message relayable", async function () {
      const target =
        await b.connection.ethers.deployContract("RevertingTarget");
      const call = target.interface.encodeFunctionData("refuse", [7n]);
      const { message } = await sendAtoB(await target.getAddress(), call);
      for (let attempt = 0; attempt < 2; attempt++) {
        const relay = relayAsUser(world, message);
        await expectCustomError(relay, target.interface, "TargetRefused", [
          7n,
          MESSENGER,
        ]);
      }
      // Mined with a fixed gas limit (no estimate): the same revert data, a failed receipt, nothing marked.
      const before = await b.connection.ethers.provider.getBlockNumber();
      await expectCustomError(
        relayAsUser(world, message, { gasLimit: 1_000_000n }),
        target.interface,
        "TargetRefused",
        [7n, MESSENGER],
      );
      const block = (await b.connection.ethers.provider.getBlock(before + 1))!;
      expect(block.transactions).to.have.length(1);
      const failed = await receiptOf(b.connection, block.transactions[0]);
      expect(failed.status).to.equal(0);
      const hash = messageHash({
        destination: 902n,
        source: 901n,
        nonce: 0n,
        sender: (await a.connection.ethers.getSigners())[0].address,
        target: await target.getAddress(),
        message: call,
      });
      expect(await b.messenger.successfulMessages(hash)).to.equal(false);
    });
  });

  describe("resendMessage", function () {
    it("emits the same SentMessage again; either log relays the message once", async function () {
      const [user] = await a.connection.ethers.getSigners();
      const target = await recorder.getAddress();
      const { receipt, message, id, payload } = await sendAtoB(
        target,
        recordCall(),
      );
      // The relay of the first log, kept: the plugin's message moves to the latest log on a resend.
      const firstRelay = world.op.relayTransaction(message);
      const original = a.messenger.interface.parseLog(
        logsOf(receipt, MESSENGER, SENT_MESSAGE_TOPIC)[0],
      )!;

      // Anyone may resend: here a second account.
      const [, stranger] = await a.connection.ethers.getSigners();
      const messengerAsStranger = a.messenger.connect(stranger);
      expect(
        await messengerAsStranger.resendMessage.staticCall(
          902n,
          0n,
          user.address,
          target,
          recordCall(),
        ),
      ).to.equal(await a.messenger.sentMessages(0n));
      const resent = await mined(
        messengerAsStranger.resendMessage(
          902n,
          0n,
          user.address,
          target,
          recordCall(),
        ),
      );
      const again = await messageSentIn(world, resent);
      expect(again.id).to.equal(message.id);
      const resentId = world.op.identifier(again);
      const resentPayload = world.op.payload(again);
      expect(resentPayload).to.equal(payload);
      expect(
        resentId.blockNumber > id.blockNumber,
        "a new identifier",
      ).to.equal(true);
      const resentLog = a.messenger.interface.parseLog(
        logsOf(resent, MESSENGER, SENT_MESSAGE_TOPIC)[0],
      )!;
      expect([...resentLog.args]).to.deep.equal([...original.args]);
      expect(await a.messenger.messageNonce()).to.equal(1n);

      const relay = await relayedByPlugin(world, again);
      const [executing] = logsOf(
        relay,
        CROSS_L2_INBOX_ADDRESS,
        EXECUTING_MESSAGE_TOPIC,
      );
      expect([...b.inbox.interface.parseLog(executing)!.args.id]).to.deep.equal(
        Object.values(resentId),
      );
      const [userOnB] = await b.connection.ethers.getSigners();
      await expectCustomError(
        userOnB.sendTransaction(firstRelay),
        messengerErrors,
        "MessageAlreadyRelayed",
      );
    });

    it("reverts InvalidMessage for fields that were not sent", async function () {
      const [user] = await a.connection.ethers.getSigners();
      const target = await recorder.getAddress();
      await sendAtoB(target, recordCall());
      const resend = (
        destination: bigint,
        nonce: bigint,
        sender: string,
        message: string,
      ) =>
        expectCustomError(
          a.messenger.resendMessage(
            destination,
            nonce,
            sender,
            target,
            message,
          ),
          messengerErrors,
          "InvalidMessage",
        );
      await resend(902n, 0n, user.address, recordCall("0x" + "cd".repeat(32)));
      await resend(902n, 1n, user.address, recordCall());
      await resend(903n, 0n, user.address, recordCall());
      await resend(902n, 0n, target, recordCall());
      await mined(
        a.messenger.resendMessage(902n, 0n, user.address, target, recordCall()),
      );
    });
  });

  describe("context getters and the inbox", function () {
    it("revert NotEntered outside relayMessage, for accounts and contracts", async function () {
      await expectCustomError(
        b.messenger.crossDomainMessageSender(),
        messengerErrors,
        "NotEntered",
      );
      await expectCustomError(
        b.messenger.crossDomainMessageSource(),
        messengerErrors,
        "NotEntered",
      );
      await expectCustomError(
        b.messenger.crossDomainMessageContext(),
        messengerErrors,
        "NotEntered",
      );
      const sender = await b.connection.ethers.deployContract("MessageSender");
      await expectCustomError(
        sender.readContext(),
        messengerErrors,
        "NotEntered",
      );

      // Nor after a relay in an earlier transaction.
      const { message } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      await relayedByPlugin(world, message);
      await expectCustomError(
        b.messenger.crossDomainMessageSender(),
        messengerErrors,
        "NotEntered",
      );
    });

    it("validateMessage can be called by anyone with the access list and emits ExecutingMessage", async function () {
      const { message, id, payload } = await sendAtoB(
        await recorder.getAddress(),
        recordCall(),
      );
      const hash = msgHash(payload);
      const accessList = world.op.accessList(message);
      await expectCustomError(
        b.inbox.validateMessage(id, hash),
        inboxErrors,
        "NotInAccessList",
      );
      const receipt = await mined(
        b.inbox.validateMessage(id, hash, { accessList }),
      );
      const [log] = logsOf(
        receipt,
        CROSS_L2_INBOX_ADDRESS,
        EXECUTING_MESSAGE_TOPIC,
      );
      expect(log.topics[1]).to.equal(hash);
      const event = b.inbox.interface.parseLog(log)!;
      expect([...event.args.id]).to.deep.equal(Object.values(id));
      // Not payable (sent as a raw call: the typed method takes no value).
      const [user] = await b.connection.ethers.getSigners();
      await expectRejection(
        user.sendTransaction({
          to: CROSS_L2_INBOX_ADDRESS,
          data: b.inbox.interface.encodeFunctionData("validateMessage", [
            id,
            hash,
          ]),
          accessList,
          value: 1n,
        }),
        "non-payable function was called with value 1",
      );
    });
  });
});
