// About 1,250 lines: one contract surface (the L1→L2 path: messenger, queue, relay, replay, drop,
// pause, whitelist) with one shared installed world; split by concern it would repeat that set-up.
/**
 * L1→L2 messaging (PROTOCOLS §1.3, §1.4): L1ScrollMessenger.sendMessage in its three forms, fees and
 * refunds, the gas-limit floor, L1MessageQueue's rules, the relay on L2 by the aliased messenger,
 * replays and drops, pause, ownership and the optional whitelist.
 *
 * L1→L2 messaging, one direction's contracts (about 1,240 lines): send, queue, relay, replay and
 * drop share the world set up in the top describe and its helpers.
 */
import { expect } from "chai";
import {
  type Contract,
  hexlify,
  parseEther,
  parseUnits,
  toBeHex,
  toUtf8Bytes,
  Wallet,
  ZeroAddress,
  zeroPadValue,
} from "ethers";

import { applyL1ToL2Alias } from "../../src/protocols/scroll/codec/alias.js";
import { SCROLL_TOPICS } from "../../src/protocols/scroll/codec/events.js";
import { queueEntryHash } from "../../src/protocols/scroll/codec/queue-entry.js";
import {
  DEFAULT_XDOMAIN_MESSAGE_SENDER,
  DROP_XDOMAIN_MESSAGE_SENDER,
  encodeXDomainCalldata,
  messageHash,
  minGasLimit,
} from "../../src/protocols/scroll/codec/xdomain-message.js";
import { impersonate } from "../helpers/accounts.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError, expectRevert } from "../helpers/rejection.js";

import {
  createScrollWorld,
  L1_ADDRESSES,
  L2_ADDRESSES,
  type ScrollWorld,
} from "./helpers.js";

const SEND4 = "sendMessage(address,uint256,bytes,uint256)";
const SEND5 = "sendMessage(address,uint256,bytes,uint256,address)";
const SEND3 = "sendMessage(address,bytes,uint256)";
const L2_BASE_FEE = parseUnits("2", "gwei");

function randomAddress(): string {
  return Wallet.createRandom().address;
}

describe("Scroll L1→L2", function () {
  this.timeout(60_000);

  let world: ScrollWorld;
  let user: Awaited<
    ReturnType<ScrollWorld["l1"]["ethers"]["getSigners"]>
  >[number];
  let l2Recipient: Contract;
  let l2RecipientAddress: string;

  async function setUp(l2BaseFee = 0n): Promise<void> {
    world = await createScrollWorld({ l2BaseFee });
    [user] = await world.l1.ethers.getSigners();
    l2Recipient = (await world.l2.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    l2RecipientAddress = await l2Recipient.getAddress();
  }

  function recordCall(text: string): string {
    return l2Recipient.interface.encodeFunctionData("record", [
      hexlify(toUtf8Bytes(text)),
    ]);
  }

  function messenger(signer = user): Contract {
    return world.l1Messenger.connect(signer) as Contract;
  }

  afterEach(async function () {
    await world?.close();
  });

  describe("sendMessage", function () {
    beforeEach(async function () {
      await setUp(L2_BASE_FEE);
    });

    it("the four-argument form enqueues the relayMessage calldata and charges gasLimit × l2BaseFee", async function () {
      const message = recordCall("hello");
      const gasLimit = 300_000n;
      const value = parseEther("1");
      const fee = gasLimit * L2_BASE_FEE;
      expect(await world.l1Messenger.feeVault()).to.equal(world.feeVault);
      const vaultBefore = await world.l1.ethers.provider.getBalance(
        world.feeVault,
      );

      const receipt = await mined(
        messenger().getFunction(SEND4)(
          l2RecipientAddress,
          value,
          message,
          gasLimit,
          { value: value + fee },
        ),
      );
      const sent = eventsOf(
        receipt,
        world.l1Messenger.interface,
        "SentMessage",
      )[0].args;
      expect(sent.sender).to.equal(user.address);
      expect(sent.target).to.equal(l2RecipientAddress);
      expect(sent.value).to.equal(value);
      expect(sent.messageNonce).to.equal(0n);
      expect(sent.gasLimit).to.equal(gasLimit);
      expect(sent.message).to.equal(message);

      const xDomainCalldata = encodeXDomainCalldata({
        from: user.address,
        to: l2RecipientAddress,
        value,
        nonce: 0n,
        message,
      });
      const queued = eventsOf(
        receipt,
        world.l1Queue.interface,
        "QueueTransaction",
      )[0].args;
      expect(queued.sender).to.equal(
        applyL1ToL2Alias(L1_ADDRESSES.L1ScrollMessenger),
      );
      expect(queued.target).to.equal(L2_ADDRESSES.L2ScrollMessenger);
      expect(queued.value).to.equal(0n);
      expect(queued.queueIndex).to.equal(0n);
      expect(queued.gasLimit).to.equal(gasLimit);
      expect(queued.data).to.equal(xDomainCalldata);

      const hash = messageHash({
        from: user.address,
        to: l2RecipientAddress,
        value,
        nonce: 0n,
        message,
      });
      const block = await world.l1.ethers.provider.getBlock(
        receipt.blockNumber,
      );
      expect(await world.l1Messenger.messageSendTimestamp(hash)).to.equal(
        BigInt(block!.timestamp),
      );
      expect(await world.l1Queue.getCrossDomainMessage(0)).to.equal(
        queueEntryHash({
          queueIndex: 0n,
          gasLimit,
          target: L2_ADDRESSES.L2ScrollMessenger,
          value: 0n,
          data: xDomainCalldata,
          sender: applyL1ToL2Alias(L1_ADDRESSES.L1ScrollMessenger),
        }),
      );
      expect(await world.l1Queue.nextCrossDomainMessageIndex()).to.equal(1n);
      expect(
        (await world.l1.ethers.provider.getBalance(world.feeVault)) -
          vaultBefore,
      ).to.equal(fee);
      // The value stays locked in the messenger.
      expect(
        await world.l1.ethers.provider.getBalance(
          L1_ADDRESSES.L1ScrollMessenger,
        ),
      ).to.equal(value);
    });

    it("refunds the excess to the caller (4 args) or to refundAddress (5 args)", async function () {
      const gasLimit = 100_000n;
      const fee = gasLimit * L2_BASE_FEE;
      const refundAddress = randomAddress();
      await mined(
        messenger().getFunction(SEND5)(
          l2RecipientAddress,
          5n,
          "0x",
          gasLimit,
          refundAddress,
          { value: fee + 5n + 1234n },
        ),
      );
      expect(await world.l1.ethers.provider.getBalance(refundAddress)).to.equal(
        1234n,
      );

      const before = await world.l1.ethers.provider.getBalance(user.address);
      const receipt = await mined(
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, "0x", gasLimit, {
          value: parseEther("1"),
        }),
      );
      const gasCost = receipt.gasUsed * receipt.gasPrice;
      expect(
        before - (await world.l1.ethers.provider.getBalance(user.address)),
      ).to.equal(gasCost + fee);
    });

    it("the seed's three-argument form sends no value and refunds what the fee leaves", async function () {
      const gasLimit = 100_000n;
      const fee = gasLimit * L2_BASE_FEE;
      const message = recordCall("seed");
      const before = await world.l1.ethers.provider.getBalance(user.address);
      const receipt = await mined(
        messenger().getFunction(SEND3)(l2RecipientAddress, message, gasLimit, {
          value: fee * 3n,
        }),
      );
      const sent = eventsOf(
        receipt,
        world.l1Messenger.interface,
        "SentMessage",
      )[0].args;
      expect(sent.value).to.equal(0n);
      expect(sent.message).to.equal(message);
      expect(
        before - (await world.l1.ethers.provider.getBalance(user.address)),
      ).to.equal(receipt.gasUsed * receipt.gasPrice + fee);
      expect(
        await world.l1.ethers.provider.getBalance(
          L1_ADDRESSES.L1ScrollMessenger,
        ),
      ).to.equal(0n);
    });

    it("nonces are consecutive queue indexes", async function () {
      for (let i = 0; i < 3; i++) {
        const receipt = await mined(
          messenger().getFunction(SEND4)(
            l2RecipientAddress,
            0n,
            "0x",
            100_000n,
            { value: parseEther("0.01") },
          ),
        );
        expect(
          eventsOf(receipt, world.l1Messenger.interface, "SentMessage")[0].args
            .messageNonce,
        ).to.equal(BigInt(i));
        expect(
          eventsOf(receipt, world.l1Queue.interface, "QueueTransaction")[0].args
            .queueIndex,
        ).to.equal(BigInt(i));
      }
      expect(await world.l1Queue.nextCrossDomainMessageIndex()).to.equal(3n);
    });

    it('"Insufficient msg.value" when msg.value < fee + value', async function () {
      const fee = 100_000n * L2_BASE_FEE;
      await expectRevert(
        messenger().getFunction(SEND4)(
          l2RecipientAddress,
          10n,
          "0x",
          100_000n,
          { value: fee + 9n },
        ),
        "Insufficient msg.value",
      );
      await expectRevert(
        messenger().getFunction(SEND3)(l2RecipientAddress, "0x", 100_000n, {
          value: fee - 1n,
        }),
        "Insufficient msg.value",
      );
    });

    it('"Failed to deduct the fee" when the fee vault rejects ETH', async function () {
      const rejecter = await world.l1.ethers.deployContract("EtherRejecter");
      await mined(
        (
          world.l1Messenger.connect(world.deployerL1) as Contract
        ).updateFeeVault(await rejecter.getAddress()),
      );
      await expectRevert(
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, "0x", 100_000n, {
          value: parseEther("1"),
        }),
        "Failed to deduct the fee",
      );
    });

    it('"Failed to refund the fee" when the refund address rejects ETH', async function () {
      const rejecter = await world.l1.ethers.deployContract("EtherRejecter");
      await expectRevert(
        messenger().getFunction(SEND5)(
          l2RecipientAddress,
          0n,
          "0x",
          100_000n,
          await rejecter.getAddress(),
          {
            value: parseEther("1"),
          },
        ),
        "Failed to refund the fee",
      );
      // Exactly the fee: nothing to refund, so the rejecting address does not matter.
      await mined(
        messenger().getFunction(SEND5)(
          l2RecipientAddress,
          0n,
          "0x",
          100_000n,
          await rejecter.getAddress(),
          {
            value: 100_000n * L2_BASE_FEE,
          },
        ),
      );
    });

    it("gas limit floor 21000 + 16·len(xDomainCalldata) and the maxGasLimit cap", async function () {
      const message = recordCall("floor");
      const floor = minGasLimit({
        from: user.address,
        to: l2RecipientAddress,
        value: 0n,
        nonce: 0n,
        message,
      });
      await expectRevert(
        messenger().getFunction(SEND4)(
          l2RecipientAddress,
          0n,
          message,
          floor - 1n,
          { value: parseEther("1") },
        ),
        "Insufficient gas limit, must be above intrinsic gas",
      );
      expect(
        minGasLimit({
          from: user.address,
          to: l2RecipientAddress,
          value: 0n,
          nonce: 0n,
          message: "0x",
        }),
      ).to.equal(24136n);
      await mined(
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, message, floor, {
          value: parseEther("1"),
        }),
      );
      await expectRevert(
        messenger().getFunction(SEND4)(
          l2RecipientAddress,
          0n,
          "0x",
          10_000_001n,
          { value: parseEther("1") },
        ),
        "Gas limit must not exceed maxGasLimit",
      );
      await mined(
        messenger().getFunction(SEND4)(
          l2RecipientAddress,
          0n,
          "0x",
          10_000_000n,
          { value: parseEther("1") },
        ),
      );
    });

    it('"Duplicated message" if the queue index ever repeats (queue length rewound)', async function () {
      const send = () =>
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, "0x", 100_000n, {
          value: parseEther("1"),
        });
      await mined(send());
      // Slot 1 of L1MessageQueue is the entry array's length (slot 0 packs initialized + owner).
      const slot1 = await world.l1.provider.request({
        method: "eth_getStorageAt",
        params: [L1_ADDRESSES.L1MessageQueue, "0x1", "latest"],
      });
      expect(BigInt(slot1 as string)).to.equal(1n);
      await world.l1.provider.request({
        method: "hardhat_setStorageAt",
        params: [L1_ADDRESSES.L1MessageQueue, "0x1", zeroPadValue("0x00", 32)],
      });
      await expectRevert(send(), "Duplicated message");
    });

    it('pause: "Pausable: paused"; only the owner pauses ("Ownable: caller is not the owner")', async function () {
      await expectRevert(
        messenger().setPause(true),
        "Ownable: caller is not the owner",
      );
      await mined(
        (world.l1Messenger.connect(world.deployerL1) as Contract).setPause(
          true,
        ),
      );
      expect(await world.l1Messenger.paused()).to.equal(true);
      await expectRevert(
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, "0x", 100_000n, {
          value: parseEther("1"),
        }),
        "Pausable: paused",
      );
      await expectRevert(
        messenger().getFunction(SEND3)(l2RecipientAddress, "0x", 100_000n, {
          value: parseEther("1"),
        }),
        "Pausable: paused",
      );
      await mined(
        (world.l1Messenger.connect(world.deployerL1) as Contract).setPause(
          false,
        ),
      );
      await mined(
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, "0x", 100_000n, {
          value: parseEther("1"),
        }),
      );
    });

    it("owner-only administration and plain ETH transfers", async function () {
      await expectRevert(
        messenger().updateFeeVault(user.address),
        "Ownable: caller is not the owner",
      );
      await expectRevert(
        messenger().updateWhitelist(user.address),
        "Ownable: caller is not the owner",
      );
      await expectRevert(
        messenger().updateMaxReplayTimes(5),
        "Ownable: caller is not the owner",
      );
      await expectRevert(
        messenger().transferOwnership(user.address),
        "Ownable: caller is not the owner",
      );
      await expectRevert(
        user.sendTransaction({ to: L1_ADDRESSES.L1ScrollMessenger, value: 1n }),
        "Ownable: caller is not the owner",
      );
      await mined(
        world.deployerL1.sendTransaction({
          to: L1_ADDRESSES.L1ScrollMessenger,
          value: 1n,
        }),
      );
      await expectRevert(
        (
          world.l1Messenger.connect(world.deployerL1) as Contract
        ).transferOwnership(ZeroAddress),
        "Ownable: new owner is the zero address",
      );
    });

    it("the optional whitelist: off by default, then only listed senders", async function () {
      expect(await world.l1Messenger.whitelist()).to.equal(ZeroAddress);
      const send = () =>
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, "0x", 100_000n, {
          value: parseEther("1"),
        });
      await mined(send());
      await mined(
        (
          world.l1Messenger.connect(world.deployerL1) as Contract
        ).updateWhitelist(L1_ADDRESSES.Whitelist),
      );
      await expectRevert(send(), "sender not whitelisted");
      await expectRevert(
        messenger().getFunction(SEND3)(l2RecipientAddress, "0x", 100_000n, {
          value: parseEther("1"),
        }),
        "sender not whitelisted",
      );
      await expectRevert(
        (world.l1Whitelist.connect(user) as Contract).updateWhitelistStatus(
          [user.address],
          true,
        ),
        "Ownable: caller is not the owner",
      );
      await mined(
        (
          world.l1Whitelist.connect(world.deployerL1) as Contract
        ).updateWhitelistStatus([user.address], true),
      );
      await mined(send());
      await mined(
        (
          world.l1Messenger.connect(world.deployerL1) as Contract
        ).updateWhitelist(ZeroAddress),
      );
      const [, other] = await world.l1.ethers.getSigners();
      await mined(
        messenger(other).getFunction(SEND4)(
          l2RecipientAddress,
          0n,
          "0x",
          100_000n,
          { value: parseEther("1") },
        ),
      );
    });
  });

  describe("L1MessageQueue", function () {
    beforeEach(async function () {
      await setUp();
    });

    it("only the messenger enqueues and drops, only the rollup pops", async function () {
      const queue = world.l1Queue.connect(user) as Contract;
      await expectRevert(
        queue.appendCrossDomainMessage(user.address, 100_000, "0x"),
        "Only callable by the L1ScrollMessenger",
      );
      await expectRevert(
        queue.dropCrossDomainMessage(0),
        "Only callable by the L1ScrollMessenger",
      );
      await expectRevert(
        queue.popCrossDomainMessage(0, 1, 0),
        "Only callable by the ScrollChain",
      );
    });

    it('the rollup\'s pops: "pop too many messages", "start index mismatch"', async function () {
      const rollup = await impersonate(world.l1, L1_ADDRESSES.ZKRollup);
      const queue = world.l1Queue.connect(rollup) as Contract;
      await expectRevert(
        queue.popCrossDomainMessage(0, 257, 0),
        "pop too many messages",
      );
      await expectRevert(
        queue.popCrossDomainMessage(1, 1, 0),
        "start index mismatch",
      );
      const receipt = await mined(
        queue.popCrossDomainMessage(0, 256, (1n << 256n) - 1n),
      );
      expect(
        eventsOf(receipt, world.l1Queue.interface, "DequeueTransaction")[0].args
          .count,
      ).to.equal(256n);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(256n);
      expect(await world.l1Queue.isMessageSkipped(255)).to.equal(true);
      expect(await world.l1Queue.isMessageSkipped(256)).to.equal(false);
    });

    it("setL2BaseFee only from the whitelist checker's accounts (ErrorNotWhitelistedSender)", async function () {
      await expectCustomError(
        (world.l1Queue.connect(user) as Contract).setL2BaseFee(1n),
        world.l1Queue.interface,
        "ErrorNotWhitelistedSender",
      );
      const receipt = await mined(
        (world.l1Queue.connect(world.sequencer) as Contract).setL2BaseFee(7n),
      );
      const event = eventsOf(
        receipt,
        world.l1Queue.interface,
        "UpdateL2BaseFee",
      )[0].args;
      expect(event[0]).to.equal(0n);
      expect(event[1]).to.equal(7n);
      expect(await world.l1Queue.l2BaseFee()).to.equal(7n);
      expect(await world.l1Queue.estimateCrossDomainMessageFee(1000n)).to.equal(
        7000n,
      );
      await expectRevert(
        (world.l1Queue.connect(user) as Contract).updateMaxGasLimit(1n),
        "Ownable: caller is not the owner",
      );
    });
  });

  describe("relay on L2", function () {
    beforeEach(async function () {
      await setUp();
    });

    async function send(
      to: string,
      message: string,
      options: { value?: bigint; gasLimit?: bigint; from?: typeof user } = {},
    ) {
      const receipt = await mined(
        messenger(options.from ?? user).getFunction(SEND4)(
          to,
          options.value ?? 0n,
          message,
          options.gasLimit ?? 300_000n,
          {
            value: options.value ?? 0n,
          },
        ),
      );
      return eventsOf(receipt, world.l1Messenger.interface, "SentMessage")[0]
        .args;
    }

    it("the aliased messenger relays: the target sees msg.sender = messenger and xDomainMessageSender = L1 sender", async function () {
      expect(await world.l2Messenger.xDomainMessageSender()).to.equal(
        DEFAULT_XDOMAIN_MESSAGE_SENDER,
      );
      const message = recordCall("relay me");
      const sent = await send(l2RecipientAddress, message, { value: 12345n });
      const [result] = await world.relayL1ToL2();
      expect(result.revertReason).to.equal(undefined);
      const hash = messageHash({
        from: user.address,
        to: l2RecipientAddress,
        value: 12345n,
        nonce: sent.messageNonce as bigint,
        message,
      });
      const relayed = result.receipt!.logs.filter(
        (l) => l.topics[0] === SCROLL_TOPICS.RelayedMessage,
      );
      expect(relayed).to.have.length(1);
      expect(relayed[0].topics[1]).to.equal(hash);
      expect(await world.l2Messenger.isL1MessageExecuted(hash)).to.equal(true);
      expect(await l2Recipient.lastCaller()).to.equal(
        L2_ADDRESSES.L2ScrollMessenger,
      );
      expect(await l2Recipient.lastXDomainSender()).to.equal(user.address);
      expect(await l2Recipient.lastValue()).to.equal(12345n);
      // Idle again after the call.
      expect(await world.l2Messenger.xDomainMessageSender()).to.equal(
        DEFAULT_XDOMAIN_MESSAGE_SENDER,
      );
      expect(
        await world.l2.ethers.provider.getBalance(l2RecipientAddress),
      ).to.equal(12345n);
    });

    it('"Caller is not L1ScrollMessenger" for anyone but the alias', async function () {
      const [l2User] = await world.l2.ethers.getSigners();
      const args = [
        user.address,
        l2RecipientAddress,
        0,
        0,
        recordCall("x"),
      ] as const;
      await expectRevert(
        (world.l2Messenger.connect(l2User) as Contract).relayMessage(...args),
        "Caller is not L1ScrollMessenger",
      );
      // Not even the L1 messenger's own (unaliased) address.
      const unaliased = await impersonate(
        world.l2,
        L1_ADDRESSES.L1ScrollMessenger,
      );
      await expectRevert(
        (world.l2Messenger.connect(unaliased) as Contract).relayMessage(
          ...args,
        ),
        "Caller is not L1ScrollMessenger",
      );
    });

    it('"Message was already successfully executed" on a second relay', async function () {
      const message = recordCall("once");
      const sent = await send(l2RecipientAddress, message);
      await world.relayL1ToL2();
      const alias = await world.l2.ethers.getSigner(world.l1MessengerAlias);
      await expectRevert(
        (world.l2Messenger.connect(alias) as Contract).relayMessage(
          user.address,
          l2RecipientAddress,
          0,
          sent.messageNonce,
          message,
        ),
        "Message was already successfully executed",
      );
    });

    it('"Forbid to call message queue", "Forbid to call self", "Invalid message sender"', async function () {
      await send(L2_ADDRESSES.L2MessageQueue, "0x");
      await send(L2_ADDRESSES.L2ScrollMessenger, "0x");
      const results = await world.relayL1ToL2();
      expect(results.map((r) => r.revertReason)).to.deep.equal([
        "Forbid to call message queue",
        "Forbid to call self",
      ]);
      // A message "from" address(1) would be indistinguishable from no message.
      const alias = await world.l2.ethers.getSigner(world.l1MessengerAlias);
      await expectRevert(
        (world.l2Messenger.connect(alias) as Contract).relayMessage(
          DEFAULT_XDOMAIN_MESSAGE_SENDER,
          l2RecipientAddress,
          0,
          99,
          "0x",
        ),
        "Invalid message sender",
      );
    });

    it("a reverting or out-of-gas target is recorded as FailedRelayedMessage and stays unexecuted", async function () {
      const failing = l2Recipient.interface.encodeFunctionData("fail", ["no"]);
      const burning = l2Recipient.interface.encodeFunctionData("burnGas");
      await send(l2RecipientAddress, failing);
      // Enough gas that the 1/64 the call leaves behind can record the failure.
      await send(l2RecipientAddress, burning, { gasLimit: 1_000_000n });
      const results = await world.relayL1ToL2();
      for (const [i, message] of [failing, burning].entries()) {
        const hash = messageHash({
          from: user.address,
          to: l2RecipientAddress,
          value: 0n,
          nonce: BigInt(i),
          message,
        });
        const failed = results[i].receipt!.logs.filter(
          (l) => l.topics[0] === SCROLL_TOPICS.FailedRelayedMessage,
        );
        expect(failed, `message ${i}`).to.have.length(1);
        expect(failed[0].topics[1]).to.equal(hash);
        expect(await world.l2Messenger.isL1MessageExecuted(hash)).to.equal(
          false,
        );
      }
      expect(await world.l2Messenger.xDomainMessageSender()).to.equal(
        DEFAULT_XDOMAIN_MESSAGE_SENDER,
      );
    });

    it('paused L2 messenger: relay reverts "Pausable: paused"', async function () {
      await send(l2RecipientAddress, recordCall("later"));
      await mined(
        (world.l2Messenger.connect(world.deployerL2) as Contract).setPause(
          true,
        ),
      );
      const [result] = await world.relayL1ToL2();
      expect(result.revertReason).to.equal("Pausable: paused");
    });

    it("the L2 whitelist: relays need the alias listed, sends need the sender listed", async function () {
      await mined(
        (
          world.l2Messenger.connect(world.deployerL2) as Contract
        ).updateWhitelist(L2_ADDRESSES.Whitelist),
      );
      await send(l2RecipientAddress, recordCall("allowed"));
      const [ok] = await world.relayL1ToL2();
      expect(ok.revertReason).to.equal(undefined);
      const [l2User] = await world.l2.ethers.getSigners();
      await expectRevert(
        (world.l2Messenger.connect(l2User) as Contract).getFunction(SEND4)(
          user.address,
          0n,
          "0x",
          0n,
        ),
        "sender not whitelisted",
      );
      await mined(
        (
          world.l2Whitelist.connect(world.deployerL2) as Contract
        ).updateWhitelistStatus([world.l1MessengerAlias], false),
      );
      await send(l2RecipientAddress, recordCall("blocked"));
      const [blocked] = await world.relayL1ToL2();
      expect(blocked.revertReason).to.equal("sender not whitelisted");
      // Off again: anyone.
      await mined(
        (
          world.l2Messenger.connect(world.deployerL2) as Contract
        ).updateWhitelist(ZeroAddress),
      );
      await mined(
        (world.l2Messenger.connect(l2User) as Contract).getFunction(SEND4)(
          user.address,
          0n,
          "0x",
          0n,
        ),
      );
    });
  });

  describe("replayMessage", function () {
    beforeEach(async function () {
      await setUp(L2_BASE_FEE);
    });

    async function sendFailing(): Promise<{ message: string; nonce: bigint }> {
      await mined(
        (
          l2Recipient.connect(
            (await world.l2.ethers.getSigners())[0],
          ) as Contract
        ).setShouldFail(true),
      );
      const message = recordCall("retry");
      const receipt = await mined(
        messenger().getFunction(SEND4)(
          l2RecipientAddress,
          0n,
          message,
          150_000n,
          { value: 150_000n * L2_BASE_FEE },
        ),
      );
      return {
        message,
        nonce: eventsOf(receipt, world.l1Messenger.interface, "SentMessage")[0]
          .args.messageNonce as bigint,
      };
    }

    it("re-enqueues the same calldata with a new gas limit, charges only the new fee, links the copies", async function () {
      const { message, nonce } = await sendFailing();
      const [first] = await world.relayL1ToL2();
      expect(
        first.receipt!.logs.some(
          (l) => l.topics[0] === SCROLL_TOPICS.FailedRelayedMessage,
        ),
      ).to.equal(true);

      const refundAddress = randomAddress();
      const newGasLimit = 400_000n;
      const fee = newGasLimit * L2_BASE_FEE;
      const vaultBefore = await world.l1.ethers.provider.getBalance(
        world.feeVault,
      );
      const receipt = await mined(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce,
          message,
          newGasLimit,
          refundAddress,
          { value: fee + 77n },
        ),
      );
      expect(
        eventsOf(receipt, world.l1Messenger.interface, "SentMessage"),
      ).to.have.length(0);
      const queued = eventsOf(
        receipt,
        world.l1Queue.interface,
        "QueueTransaction",
      )[0].args;
      expect(queued.queueIndex).to.equal(1n);
      expect(queued.gasLimit).to.equal(newGasLimit);
      expect(queued.data).to.equal(
        encodeXDomainCalldata({
          from: user.address,
          to: l2RecipientAddress,
          value: 0n,
          nonce,
          message,
        }),
      );
      expect(
        (await world.l1.ethers.provider.getBalance(world.feeVault)) -
          vaultBefore,
      ).to.equal(fee);
      expect(await world.l1.ethers.provider.getBalance(refundAddress)).to.equal(
        77n,
      );

      const hash = messageHash({
        from: user.address,
        to: l2RecipientAddress,
        value: 0n,
        nonce,
        message,
      });
      const state = await world.l1Messenger.replayStates(hash);
      expect(state.times).to.equal(1n);
      expect(state.lastIndex).to.equal(1n);
      expect(await world.l1Messenger.prevReplayIndex(1)).to.equal(nonce + 1n);

      // The copy executes once the target is fixed; a later copy then finds it executed.
      await mined(
        (
          l2Recipient.connect(
            (await world.l2.ethers.getSigners())[0],
          ) as Contract
        ).setShouldFail(false),
      );
      await mined(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce,
          message,
          newGasLimit,
          refundAddress,
          { value: fee },
        ),
      );
      expect(await world.l1Messenger.prevReplayIndex(2)).to.equal(2n);
      const [copy1, copy2] = await world.relayL1ToL2();
      expect(
        copy1.receipt!.logs.some(
          (l) => l.topics[0] === SCROLL_TOPICS.RelayedMessage,
        ),
      ).to.equal(true);
      expect(copy2.revertReason).to.equal(
        "Message was already successfully executed",
      );
      expect(await world.l2Messenger.isL1MessageExecuted(hash)).to.equal(true);
      expect(await l2Recipient.received()).to.equal(1n);
    });

    it('at most 3 replays: the 4th is "Exceed maximum replay times"', async function () {
      const { message, nonce } = await sendFailing();
      const replay = () =>
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce,
          message,
          100_000n,
          user.address,
          {
            value: 100_000n * L2_BASE_FEE,
          },
        );
      for (let i = 0; i < 3; i++) await mined(replay());
      await expectRevert(replay(), "Exceed maximum replay times");
      expect(await world.l1Messenger.maxReplayTimes()).to.equal(3n);
      const receipt = await mined(
        (
          world.l1Messenger.connect(world.deployerL1) as Contract
        ).updateMaxReplayTimes(4),
      );
      expect(
        eventsOf(
          receipt,
          world.l1Messenger.interface,
          "UpdateMaxReplayTimes",
        )[0].args.newMaxReplayTimes,
      ).to.equal(4n);
      await mined(replay());
    });

    it('"Provided message has not been enqueued", "Insufficient msg.value for fee", refund failures', async function () {
      const { message, nonce } = await sendFailing();
      await expectRevert(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce + 1n,
          message,
          100_000n,
          user.address,
          { value: parseEther("1") },
        ),
        "Provided message has not been enqueued",
      );
      await expectRevert(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce,
          message,
          100_000n,
          user.address,
          {
            value: 100_000n * L2_BASE_FEE - 1n,
          },
        ),
        "Insufficient msg.value for fee",
      );
      const rejecter = await world.l1.ethers.deployContract("EtherRejecter");
      await expectRevert(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce,
          message,
          100_000n,
          await rejecter.getAddress(),
          {
            value: parseEther("1"),
          },
        ),
        "Failed to refund the fee",
      );
      await mined(
        (
          world.l1Messenger.connect(world.deployerL1) as Contract
        ).updateFeeVault(await rejecter.getAddress()),
      );
      await expectRevert(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          nonce,
          message,
          100_000n,
          user.address,
          { value: parseEther("1") },
        ),
        "Failed to deduct the fee",
      );
    });

    it("a relay that runs out of its L1-chosen gas limit can be replayed with more gas", async function () {
      const message = recordCall("needs gas");
      // Above the floor but far too little to execute: the L2 transaction itself runs out of gas.
      const floor = minGasLimit({
        from: user.address,
        to: l2RecipientAddress,
        value: 0n,
        nonce: 0n,
        message,
      });
      await mined(
        messenger().getFunction(SEND4)(l2RecipientAddress, 0n, message, floor, {
          value: floor * L2_BASE_FEE,
        }),
      );
      const [starved] = await world.relayL1ToL2();
      expect(starved.receipt!.status).to.equal(0);
      await mined(
        messenger().replayMessage(
          user.address,
          l2RecipientAddress,
          0,
          0,
          message,
          300_000n,
          user.address,
          {
            value: 300_000n * L2_BASE_FEE,
          },
        ),
      );
      const [fed] = await world.relayL1ToL2();
      expect(
        fed.receipt!.logs.some(
          (l) => l.topics[0] === SCROLL_TOPICS.RelayedMessage,
        ),
      ).to.equal(true);
    });
  });

  describe("dropMessage", function () {
    let sender: Contract;
    let senderAddress: string;

    beforeEach(async function () {
      await setUp();
      sender = (await world.l1.ethers.deployContract("DropAwareSender", [
        L1_ADDRESSES.L1ScrollMessenger,
      ])) as unknown as Contract;
      senderAddress = await sender.getAddress();
    });

    async function sendFromContract(
      text: string,
      value: bigint,
    ): Promise<{ message: string; nonce: bigint }> {
      const message = recordCall(text);
      const receipt = await mined(
        (sender.connect(user) as Contract).send(
          l2RecipientAddress,
          value,
          message,
          200_000n,
          { value },
        ),
      );
      const sent = eventsOf(
        receipt,
        world.l1Messenger.interface,
        "SentMessage",
      )[0].args;
      return { message, nonce: sent.messageNonce as bigint };
    }

    it("returns the value of a message every copy of which was skipped, once finalized", async function () {
      const skipped = await sendFromContract("skip me", 1000n);
      await mined(
        messenger().replayMessage(
          senderAddress,
          l2RecipientAddress,
          1000n,
          skipped.nonce,
          skipped.message,
          250_000n,
          user.address,
        ),
      );
      const next = await sendFromContract("carry on", 0n);
      const drop = () =>
        messenger().dropMessage(
          senderAddress,
          l2RecipientAddress,
          1000n,
          skipped.nonce,
          skipped.message,
        );

      // Queue: 0 original (skipped), 1 replay (skipped), 2 next (relayed; its block pops 0..2).
      const results = await world.relayL1ToL2({ skip: [0, 1] });
      expect(results.map((r) => r.skipped)).to.deep.equal([true, true, false]);
      expect(
        await world.l2Messenger.isL1MessageExecuted(
          messageHash({
            from: senderAddress,
            to: l2RecipientAddress,
            value: 0n,
            nonce: next.nonce,
            message: next.message,
          }),
        ),
      ).to.equal(true);

      await world.commitNextBatch();
      await expectRevert(drop(), "cannot drop pending message");
      await world.finalizeBatch(1);
      expect(await world.l1Queue.isMessageSkipped(0)).to.equal(true);
      expect(await world.l1Queue.isMessageSkipped(1)).to.equal(true);
      expect(await world.l1Queue.isMessageSkipped(2)).to.equal(false);

      const lockedBefore = await world.l1.ethers.provider.getBalance(
        L1_ADDRESSES.L1ScrollMessenger,
      );
      const receipt = await mined(drop());
      const dropped = eventsOf(
        receipt,
        world.l1Queue.interface,
        "DropTransaction",
      ).map((e) => e.args.index);
      expect(dropped).to.deep.equal([1n, 0n]);
      expect(await sender.lastDropSender()).to.equal(
        DROP_XDOMAIN_MESSAGE_SENDER,
      );
      expect(await sender.lastDropValue()).to.equal(1000n);
      expect(await sender.lastDropMessage()).to.equal(skipped.message);
      expect(
        lockedBefore -
          (await world.l1.ethers.provider.getBalance(
            L1_ADDRESSES.L1ScrollMessenger,
          )),
      ).to.equal(1000n);
      expect(await world.l1Messenger.xDomainMessageSender()).to.equal(
        DEFAULT_XDOMAIN_MESSAGE_SENDER,
      );
      const hash = messageHash({
        from: senderAddress,
        to: l2RecipientAddress,
        value: 1000n,
        nonce: skipped.nonce,
        message: skipped.message,
      });
      expect(await world.l1Messenger.isL1MessageDropped(hash)).to.equal(true);

      await expectRevert(drop(), "Message already dropped");
      await expectRevert(
        messenger().replayMessage(
          senderAddress,
          l2RecipientAddress,
          1000n,
          skipped.nonce,
          skipped.message,
          250_000n,
          user.address,
        ),
        "Message already dropped",
      );
      // The queue's own guard, reachable only by its messenger.
      const asMessenger = await impersonate(
        world.l1,
        L1_ADDRESSES.L1ScrollMessenger,
      );
      await expectRevert(
        (world.l1Queue.connect(asMessenger) as Contract).dropCrossDomainMessage(
          0,
        ),
        "message already dropped",
      );
    });

    it('"drop non-skipped message" when a copy was executed, "Provided message has not been enqueued" for unknown ones', async function () {
      const kept = await sendFromContract("kept", 5n);
      await world.relayL1ToL2();
      await world.commitNextBatch();
      await world.finalizeBatch(1);
      await expectRevert(
        messenger().dropMessage(
          senderAddress,
          l2RecipientAddress,
          5n,
          kept.nonce,
          kept.message,
        ),
        "drop non-skipped message",
      );
      await expectRevert(
        messenger().dropMessage(
          senderAddress,
          l2RecipientAddress,
          6n,
          kept.nonce,
          kept.message,
        ),
        "Provided message has not been enqueued",
      );
    });
  });

  describe("L2MessageQueue", function () {
    beforeEach(async function () {
      await setUp();
    });

    it('only the messenger appends ("only messenger")', async function () {
      const [l2User] = await world.l2.ethers.getSigners();
      await expectRevert(
        (world.l2Queue.connect(l2User) as Contract).appendMessage(
          toBeHex(1, 32),
        ),
        "only messenger",
      );
    });
  });
});
