/**
 * L2→L1 messaging (PROTOCOLS §1.3, §1.5): L2ScrollMessenger.sendMessage appending to the withdraw
 * trie, and L1ScrollMessenger.relayMessageWithProof claims after batch finalization.
 *
 * L2→L1 messaging, one direction's contracts (about 470 lines): sending on L2 and claiming on L1
 * share the world and the claim helper.
 */
import { expect } from "chai";
import {
  AbiCoder,
  type Contract,
  hexlify,
  parseEther,
  toUtf8Bytes,
  zeroPadValue,
} from "ethers";

import { SCROLL_TOPICS } from "../../src/protocols/scroll/codec/events.js";
import {
  DEFAULT_XDOMAIN_MESSAGE_SENDER,
  messageHash,
} from "../../src/protocols/scroll/codec/xdomain-message.js";
import { impersonate } from "../helpers/accounts.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectRevert } from "../helpers/rejection.js";

import {
  createScrollWorld,
  L1_ADDRESSES,
  L2_ADDRESSES,
  L2_MESSENGER_BALANCE,
  type ScrollWorld,
} from "./helpers.js";

const SEND4 = "sendMessage(address,uint256,bytes,uint256)";
const SEND5 = "sendMessage(address,uint256,bytes,uint256,address)";
const SEND3 = "sendMessage(address,bytes,uint256)";

type Signer = Awaited<
  ReturnType<ScrollWorld["l2"]["ethers"]["getSigners"]>
>[number];

describe("Scroll L2→L1", function () {
  this.timeout(60_000);

  let world: ScrollWorld;
  let l2User: Signer;
  let l1Claimer: Awaited<
    ReturnType<ScrollWorld["l1"]["ethers"]["getSigners"]>
  >[number];
  let recipient: Contract;
  let recipientAddress: string;

  beforeEach(async function () {
    world = await createScrollWorld();
    [l2User] = await world.l2.ethers.getSigners();
    [l1Claimer] = await world.l1.ethers.getSigners();
    recipient = (await world.l1.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    recipientAddress = await recipient.getAddress();
  });

  afterEach(async function () {
    await world.close();
  });

  function recordCall(text: string): string {
    return recipient.interface.encodeFunctionData("record", [
      hexlify(toUtf8Bytes(text)),
    ]);
  }

  function l2Messenger(signer: Signer = l2User): Contract {
    return world.l2Messenger.connect(signer) as Contract;
  }

  function claimer(): Contract {
    return world.l1Messenger.connect(l1Claimer) as Contract;
  }

  /** Sends an L2→L1 message and returns what a claim needs besides the proof. */
  async function withdraw(
    to: string,
    message: string,
    value = 0n,
    signer: Signer = l2User,
  ): Promise<{
    from: string;
    to: string;
    value: bigint;
    nonce: bigint;
    message: string;
  }> {
    const receipt = await mined(
      l2Messenger(signer).getFunction(SEND4)(to, value, message, 0n, { value }),
    );
    const sent = eventsOf(
      receipt,
      world.l2Messenger.interface,
      "SentMessage",
    )[0].args;
    return {
      from: signer.address,
      to,
      value,
      nonce: sent.messageNonce as bigint,
      message,
    };
  }

  async function claim(
    m: {
      from: string;
      to: string;
      value: bigint;
      nonce: bigint;
      message: string;
    },
    proof?: object,
  ) {
    const p = proof ?? (await world.claimFor(Number(m.nonce)));
    return await claimer().relayMessageWithProof(
      m.from,
      m.to,
      m.value,
      m.nonce,
      m.message,
      p,
    );
  }

  describe("sendMessage on L2", function () {
    it("appends the message hash at leaf = nonce, keeps the value in the messenger, emits SentMessage", async function () {
      const message = recordCall("out");
      const receipt = await mined(
        l2Messenger().getFunction(SEND4)(
          recipientAddress,
          99n,
          message,
          123_456n,
          { value: 99n },
        ),
      );
      const sent = eventsOf(
        receipt,
        world.l2Messenger.interface,
        "SentMessage",
      )[0].args;
      expect(sent.sender).to.equal(l2User.address);
      expect(sent.messageNonce).to.equal(0n);
      expect(sent.gasLimit).to.equal(123_456n);
      const hash = messageHash({
        from: l2User.address,
        to: recipientAddress,
        value: 99n,
        nonce: 0n,
        message,
      });
      const appended = eventsOf(
        receipt,
        world.l2Queue.interface,
        "AppendMessage",
      )[0].args;
      expect(appended.index).to.equal(0n);
      expect(appended.messageHash).to.equal(hash);
      expect(await world.l2Queue.messageRoot()).to.equal(hash);
      expect(await world.l2Messenger.messageSendTimestamp(hash)).to.not.equal(
        0n,
      );
      expect(
        await world.l2.ethers.provider.getBalance(
          L2_ADDRESSES.L2ScrollMessenger,
        ),
      ).to.equal(L2_MESSENGER_BALANCE + 99n);
    });

    it('"msg.value mismatch"; the seed form refunds all of msg.value; the 5-argument form ignores refundAddress', async function () {
      await expectRevert(
        l2Messenger().getFunction(SEND4)(recipientAddress, 1n, "0x", 0n, {
          value: 2n,
        }),
        "msg.value mismatch",
      );
      await expectRevert(
        l2Messenger().getFunction(SEND5)(
          recipientAddress,
          1n,
          "0x",
          0n,
          l2User.address,
          { value: 0n },
        ),
        "msg.value mismatch",
      );
      const before = await world.l2.ethers.provider.getBalance(l2User.address);
      const receipt = await mined(
        l2Messenger().getFunction(SEND3)(recipientAddress, "0x", 0n, {
          value: parseEther("1"),
        }),
      );
      expect(
        eventsOf(receipt, world.l2Messenger.interface, "SentMessage")[0].args
          .value,
      ).to.equal(0n);
      expect(
        before - (await world.l2.ethers.provider.getBalance(l2User.address)),
      ).to.equal(receipt.gasUsed * receipt.gasPrice);
      const five = await mined(
        l2Messenger().getFunction(SEND5)(
          recipientAddress,
          3n,
          "0x",
          0n,
          recipientAddress,
          { value: 3n },
        ),
      );
      expect(
        eventsOf(five, world.l2Messenger.interface, "SentMessage")[0].args
          .value,
      ).to.equal(3n);
      expect(
        await world.l2.ethers.provider.getBalance(
          L2_ADDRESSES.L2ScrollMessenger,
        ),
      ).to.equal(L2_MESSENGER_BALANCE + 3n);
    });

    it('"Duplicated message" if the leaf index ever repeats (slot 1 rewound); "Pausable: paused"', async function () {
      await withdraw(recipientAddress, "0x");
      await world.l2.provider.request({
        method: "hardhat_setStorageAt",
        params: [L2_ADDRESSES.L2MessageQueue, "0x1", zeroPadValue("0x00", 32)],
      });
      await expectRevert(
        l2Messenger().getFunction(SEND4)(recipientAddress, 0n, "0x", 0n),
        "Duplicated message",
      );
      await mined(
        (world.l2Messenger.connect(world.deployerL2) as Contract).setPause(
          true,
        ),
      );
      await expectRevert(
        l2Messenger().getFunction(SEND4)(recipientAddress, 0n, "0x", 1n),
        "Pausable: paused",
      );
      await expectRevert(
        l2Messenger().setPause(false),
        "Ownable: caller is not the owner",
      );
    });
  });

  describe("relayMessageWithProof", function () {
    it("executes a finalized message with the L2 sender as xDomainMessageSender, paying value from the messenger", async function () {
      await mined(
        world.deployerL1.sendTransaction({
          to: L1_ADDRESSES.L1ScrollMessenger,
          value: 1000n,
        }),
      );
      const m = await withdraw(recipientAddress, recordCall("claimed"), 400n);
      await world.commitAndFinalize();
      const receipt = await mined(claim(m));
      const hash = messageHash(m);
      const relayed = receipt.logs.filter(
        (l) => l.topics[0] === SCROLL_TOPICS.RelayedMessage,
      );
      expect(relayed.map((l) => l.topics[1])).to.deep.equal([hash]);
      expect(await world.l1Messenger.isL2MessageExecuted(hash)).to.equal(true);
      expect(await recipient.lastCaller()).to.equal(
        L1_ADDRESSES.L1ScrollMessenger,
      );
      expect(await recipient.lastXDomainSender()).to.equal(l2User.address);
      expect(await recipient.lastValue()).to.equal(400n);
      expect(await world.l1Messenger.xDomainMessageSender()).to.equal(
        DEFAULT_XDOMAIN_MESSAGE_SENDER,
      );
      expect(
        await world.l1.ethers.provider.getBalance(
          L1_ADDRESSES.L1ScrollMessenger,
        ),
      ).to.equal(600n);
    });

    it('claim before finalization: "Batch is not finalized"; claiming twice: "Message was already successfully executed"', async function () {
      const m = await withdraw(recipientAddress, recordCall("early"));
      // Not even committed: batch 1 does not exist yet.
      await expectRevert(
        claim(m, { batchIndex: 1, merkleProof: "0x" }),
        "Batch is not finalized",
      );
      await world.commitNextBatch();
      const proof = await world.proofAgainst(0, 1);
      await expectRevert(claim(m, proof), "Batch is not finalized");
      await world.finalizeBatch(1);
      await mined(claim(m, proof));
      await expectRevert(
        claim(m, proof),
        "Message was already successfully executed",
      );
    });

    it('a wrong proof, a ragged proof, a proof of another batch, another leaf\'s proof: "Invalid proof"', async function () {
      const first = await withdraw(recipientAddress, recordCall("first"));
      const second = await withdraw(recipientAddress, recordCall("second"));
      await world.commitAndFinalize();
      const third = await withdraw(recipientAddress, recordCall("third"));
      await world.commitAndFinalize();

      const good = await world.claimFor(Number(third.nonce));
      expect(good.batchIndex).to.equal(2);
      await expectRevert(
        claim(third, { batchIndex: 2, merkleProof: `0x${"00".repeat(64)}` }),
        "Invalid proof",
      );
      await expectRevert(
        claim(third, { batchIndex: 2, merkleProof: `${good.merkleProof}00` }),
        "Invalid proof",
      );
      // Batch 1's root does not hold leaf 2.
      await expectRevert(
        claim(third, { batchIndex: 1, merkleProof: good.merkleProof }),
        "Invalid proof",
      );
      // Leaf 0's proof does not prove leaf 1.
      const firstProof = await world.claimFor(Number(first.nonce));
      await expectRevert(claim(second, firstProof), "Invalid proof");
      // Batch 0 has no withdraw root at all.
      await expectRevert(
        claim(first, { batchIndex: 0, merkleProof: "0x" }),
        "Invalid proof",
      );

      await mined(claim(third, good));
      // A leaf may also be proven against a later batch's root.
      await mined(claim(first, await world.claimFor(Number(first.nonce), 2)));
      await mined(claim(second));
      expect(await recipient.received()).to.equal(3n);
    });

    it("a failed claim (target reverts, or too little ETH locked) can be claimed again", async function () {
      await mined(
        (recipient.connect(l1Claimer) as Contract).setShouldFail(true),
      );
      const failing = await withdraw(
        recipientAddress,
        recordCall("fails first"),
      );
      const rich = await withdraw(
        recipientAddress,
        recordCall("needs ETH"),
        5000n,
      );
      await world.commitAndFinalize();

      let receipt = await mined(claim(failing));
      expect(
        receipt.logs.filter(
          (l) => l.topics[0] === SCROLL_TOPICS.FailedRelayedMessage,
        ),
      ).to.have.length(1);
      expect(
        await world.l1Messenger.isL2MessageExecuted(messageHash(failing)),
      ).to.equal(false);
      await mined(
        (recipient.connect(l1Claimer) as Contract).setShouldFail(false),
      );

      receipt = await mined(claim(rich));
      expect(
        receipt.logs.filter(
          (l) => l.topics[0] === SCROLL_TOPICS.FailedRelayedMessage,
        ),
      ).to.have.length(1);
      await mined(
        world.deployerL1.sendTransaction({
          to: L1_ADDRESSES.L1ScrollMessenger,
          value: 5000n,
        }),
      );

      for (const m of [failing, rich]) {
        receipt = await mined(claim(m));
        expect(
          receipt.logs.filter(
            (l) => l.topics[0] === SCROLL_TOPICS.RelayedMessage,
          ),
        ).to.have.length(1);
      }
      expect(
        await world.l1.ethers.provider.getBalance(recipientAddress),
      ).to.equal(5000n);
    });

    it('"Forbid to call message queue", "Forbid to call self", "Invalid message sender"', async function () {
      const toQueue = await withdraw(L1_ADDRESSES.L1MessageQueue, "0x");
      const toSelf = await withdraw(L1_ADDRESSES.L1ScrollMessenger, "0x");
      // Only an L2 account at address(1) could send this; impersonation stands in for it.
      const one = await impersonate(world.l2, DEFAULT_XDOMAIN_MESSAGE_SENDER);
      const fromOne = await withdraw(
        recipientAddress,
        "0x",
        0n,
        one as unknown as Signer,
      );
      await world.commitAndFinalize();
      await expectRevert(claim(toQueue), "Forbid to call message queue");
      await expectRevert(claim(toSelf), "Forbid to call self");
      await expectRevert(claim(fromOne), "Invalid message sender");
    });

    it('re-entering the messenger from a claimed call: "Message is already in execution"', async function () {
      const probe = recipient;
      const nested = world.l1Messenger.interface.encodeFunctionData(
        "relayMessageWithProof",
        [
          l2User.address,
          recipientAddress,
          0,
          0,
          "0x",
          { batchIndex: 1, merkleProof: "0x" },
        ],
      );
      const replay = world.l1Messenger.interface.encodeFunctionData(
        "replayMessage",
        [l2User.address, recipientAddress, 0, 0, "0x", 100_000, l2User.address],
      );
      const drop = world.l1Messenger.interface.encodeFunctionData(
        "dropMessage",
        [l2User.address, recipientAddress, 0, 0, "0x"],
      );
      const messages = [];
      for (const data of [nested, replay, drop]) {
        messages.push(
          await withdraw(
            recipientAddress,
            probe.interface.encodeFunctionData("probe", [
              L1_ADDRESSES.L1ScrollMessenger,
              data,
            ]),
          ),
        );
      }
      await world.commitAndFinalize();
      for (const m of messages) {
        const receipt = await mined(claim(m));
        const probed = eventsOf(receipt, probe.interface, "Probed")[0].args;
        expect(probed.success).to.equal(false);
        const reason = AbiCoder.defaultAbiCoder().decode(
          ["string"],
          `0x${(probed.returnData as string).slice(10)}`,
        )[0];
        expect(reason).to.equal("Message is already in execution");
      }
    });

    it('paused L1 messenger: "Pausable: paused"', async function () {
      const m = await withdraw(recipientAddress, "0x");
      await world.commitAndFinalize();
      await mined(
        (world.l1Messenger.connect(world.deployerL1) as Contract).setPause(
          true,
        ),
      );
      await expectRevert(claim(m), "Pausable: paused");
    });
  });
});
