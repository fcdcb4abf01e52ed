/**
 * The off-chain withdraw trie against L2MessageQueue: equal roots for every leaf count 1..100
 * (read at each past block with eth_getStorageAt, as the prover does), and proofs for every leaf
 * accepted by L1ScrollMessenger.relayMessageWithProof against the batch that finalized it.
 */
import { expect } from "chai";
import { type Contract, hexlify, toBeHex, toUtf8Bytes } from "ethers";

import { SCROLL_TOPICS } from "../../src/protocols/scroll/codec/events.js";
import {
  rootFromProof,
  splitProof,
  trieHeight,
  WithdrawTrie,
} from "../../src/protocols/scroll/codec/withdraw-trie.js";
import { messageHash } from "../../src/protocols/scroll/codec/xdomain-message.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";

import {
  createScrollWorld,
  L2_ADDRESSES,
  type ScrollWorld,
} from "./helpers.js";

const MESSAGES = 100;

describe("Scroll withdraw trie", function () {
  this.timeout(120_000);

  let world: ScrollWorld;
  let recipient: Contract;
  let trie: WithdrawTrie;
  let leafBlocks: number[];
  const sent: Array<{ from: string; nonce: bigint; message: string }> = [];

  before(async function () {
    world = await createScrollWorld();
    recipient = (await world.l1.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    const senders = (await world.l2.ethers.getSigners()).slice(0, 4);
    for (let i = 0; i < MESSAGES; i++) {
      const sender = senders[i % senders.length];
      const message = recipient.interface.encodeFunctionData("record", [
        hexlify(toUtf8Bytes(`withdrawal ${i}`)),
      ]);
      const receipt = await mined(
        (world.l2Messenger.connect(sender) as Contract).getFunction(
          "sendMessage(address,uint256,bytes,uint256)",
        )(await recipient.getAddress(), 0, message, 200_000),
      );
      const event = eventsOf(
        receipt,
        world.l2Messenger.interface,
        "SentMessage",
      )[0];
      sent.push({
        from: sender.address,
        nonce: event.args.messageNonce as bigint,
        message,
      });
    }
    ({ trie, leafBlocks } = await world.withdrawTrie());
  });

  after(async function () {
    await world.close();
  });

  it("the TypeScript trie equals L2MessageQueue's root after every leaf count 1..100", async function () {
    expect(trie.size).to.equal(MESSAGES);
    for (let n = 1; n <= MESSAGES; n++) {
      const block = leafBlocks[n - 1];
      const onChain = await world.l2.provider.request({
        method: "eth_getStorageAt",
        params: [L2_ADDRESSES.L2MessageQueue, "0x0", toBeHex(block)],
      });
      expect(trie.root(n), `root after ${n} leaves`).to.equal(onChain);
      const count = await world.l2.provider.request({
        method: "eth_getStorageAt",
        params: [L2_ADDRESSES.L2MessageQueue, "0x1", toBeHex(block)],
      });
      expect(BigInt(count as string)).to.equal(BigInt(n));
    }
    expect(await world.l2Queue.messageRoot()).to.equal(trie.root());
    expect(await world.l2Queue.nextMessageIndex()).to.equal(BigInt(MESSAGES));
  });

  it("leaves are the message hashes, at the message nonces", async function () {
    const to = await recipient.getAddress();
    for (const [i, m] of sent.entries()) {
      expect(m.nonce).to.equal(BigInt(i));
      expect(trie.leaf(i)).to.equal(
        messageHash({
          from: m.from,
          to,
          value: 0n,
          nonce: m.nonce,
          message: m.message,
        }),
      );
    }
  });

  it("every proof at every leaf count folds to that count's root", function () {
    for (let n = 1; n <= MESSAGES; n++) {
      for (let i = 0; i < n; i++) {
        const proof = trie.proof(i, n);
        expect(proof.length).to.equal(trieHeight(n));
        expect(rootFromProof(trie.leaf(i), i, proof)).to.equal(trie.root(n));
      }
    }
    expect(splitProof(trie.proofBytes(5, 9))).to.deep.equal(trie.proof(5, 9));
    expect(new WithdrawTrie([trie.leaf(0)]).proofBytes(0)).to.equal("0x");
  });

  it("a trie from another's nodes has its roots and proofs, and neither sees the other's appends", function () {
    const half = new WithdrawTrie();
    for (let i = 0; i < 37; i++) half.append(trie.leaf(i));
    const copy = WithdrawTrie.fromNodes(half.nodes());
    expect(copy.size).to.equal(37);
    for (let n = 1; n <= 37; n++) {
      expect(copy.root(n)).to.equal(trie.root(n));
      expect(copy.proof(n - 1, n)).to.deep.equal(trie.proof(n - 1, n));
    }
    for (let i = 37; i < MESSAGES; i++) copy.append(trie.leaf(i));
    expect(copy.root()).to.equal(trie.root());
    expect(half.size).to.equal(37);
    expect(half.root()).to.equal(trie.root(37));
    half.append(trie.leaf(0));
    expect(copy.size).to.equal(MESSAGES);
    expect(WithdrawTrie.fromNodes(new WithdrawTrie().nodes()).root()).to.equal(
      new WithdrawTrie().root(),
    );
  });

  it("relayMessageWithProof accepts every leaf's proof against the batch that finalized it", async function () {
    // Three batches ending at leaf 7, leaf 33 and leaf 100: proofs of different depths, and leaves
    // of earlier batches proven against the root the batch recorded, not today's.
    for (const lastLeaf of [7, 33, MESSAGES]) {
      await world.commitNextBatch(leafBlocks[lastLeaf - 1]);
    }
    for (let b = 1; b <= 3; b++) {
      const receipt = await world.finalizeBatch(b);
      const event = eventsOf(
        receipt,
        world.rollup.interface,
        "FinalizeBatch",
      )[0];
      const leafCount = leafBlocks.filter(
        (block) => block <= world.xdm.scroll.batches()[b].lastBlock,
      ).length;
      expect(event.args.withdrawRoot).to.equal(trie.root(leafCount));
      expect(await world.rollup.withdrawRoots(b)).to.equal(
        trie.root(leafCount),
      );
    }

    const to = await recipient.getAddress();
    const [claimer] = await world.l1.ethers.getSigners();
    for (const [i, m] of sent.entries()) {
      const claim = await world.claimFor(i);
      const receipt = await mined(
        (world.l1Messenger.connect(claimer) as Contract).relayMessageWithProof(
          m.from,
          to,
          0,
          m.nonce,
          m.message,
          claim,
        ),
      );
      const relayed = receipt.logs.filter(
        (log) => log.topics[0] === SCROLL_TOPICS.RelayedMessage,
      );
      expect(
        relayed,
        `claim of leaf ${i} (batch ${claim.batchIndex})`,
      ).to.have.length(1);
    }
    expect(await recipient.received()).to.equal(BigInt(MESSAGES));
  });
});
