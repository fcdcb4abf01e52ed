/**
 * PROTOCOLS.md §4.1 vectors S1–S7, computed by the TypeScript mirror and by the Solidity libraries
 * and contracts, plus the topics of §1.9.
 */
import { expect } from "chai";
import {
  getAddress,
  id,
  keccak256,
  toBeHex,
  Wallet,
  type Contract,
} from "ethers";

import {
  applyL1ToL2Alias,
  undoL1ToL2Alias,
} from "../../src/protocols/scroll/codec/alias.js";
import {
  SCROLL_EVENT_SIGNATURES,
  SCROLL_EVENTS_INTERFACE,
  SCROLL_TOPICS,
} from "../../src/protocols/scroll/codec/events.js";
import {
  INVALID_PROOF_SELECTOR,
  publicInputHash,
  recoverProofSigner,
  signAggregateProof,
} from "../../src/protocols/scroll/codec/proof.js";
import { queueEntryHash } from "../../src/protocols/scroll/codec/queue-entry.js";
import {
  WithdrawTrie,
  ZERO_HASHES,
} from "../../src/protocols/scroll/codec/withdraw-trie.js";
import {
  encodeXDomainCalldata,
  intrinsicGas,
  messageHash,
  RELAY_MESSAGE_SELECTOR,
  SEED_SEND_MESSAGE_SELECTOR,
  DROP_XDOMAIN_MESSAGE_SENDER,
} from "../../src/protocols/scroll/codec/xdomain-message.js";
import { impersonate } from "../helpers/accounts.js";
import { actorKey } from "../helpers/actors.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError } from "../helpers/rejection.js";

import {
  createScrollWorld,
  L2_ADDRESSES,
  type ScrollWorld,
} from "./helpers.js";

const A1 = "0x00000000000000000000000000000000000000a1";
const B2 = "0x00000000000000000000000000000000000000B2";
const S1 = { from: A1, to: B2, value: 0n, nonce: 0n, message: "0x" };
const S1_HASH =
  "0xd817320a861ff0b4ad0cc8c2439d0dffdec1008f9694bcb8794275622af79823";
const S2_HASH =
  "0xfa2ee7d92d21fa71ba010acd56d957db519eec107c7cb3566f5b84c6e4d78ce2";
const ROOTS = [
  "0xb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf6",
  "0x50387073e2d4f7060a3c02c3c5268d8a72700a28b5cbd7e23314ae0e1ebda895",
  "0x68d4880e8b3b97fc57678c4dce33b2e0d84a06024476eceba62bdc2e07a1e279",
  "0x1e8cc8511a4954df48a80e5f5b8da3419a99ba3e7697574234e10893022167fc",
  "0xf0d7f233181cee30f8ef80714cc81d873883df6f6b1ec0477d82aeda763e7d87",
];
const A = "0x4a008209643838d588e1e3949a8a49c2dc4dfb50ee6aab985a7cf6eccba95084";
const B = "0x83ea4bc224ea0bf1df26e48b48ce03a1c78408cc4d08daf3ffc9e83c43f3c0b7";
const S6_INPUT = {
  layer2ChainId: 534352n,
  prevStateRoot: `0x${"11".repeat(32)}`,
  postStateRoot: `0x${"22".repeat(32)}`,
  withdrawRoot: `0x${"33".repeat(32)}`,
  dataHash: `0x${"44".repeat(32)}`,
};
const S6_HASH =
  "0xd0b62e4d10eadef9b9906f091fa8dd6a15ed47054913f8e8a77f6073dedeba27";
const ACCOUNT_11_KEY =
  "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82";
const S7_PROOF =
  "0x5b9214474464287e316d7e09e6b9866bd3192f15a5c9025f43fb4823084971196b8301eed0d745b520c3b9c0c0b5a4777b3bbde507d9828b0e469a569a09543b1c";
const LEAVES = [1, 2, 3, 4, 5].map((k) => keccak256(toBeHex(k, 32)));

describe("Scroll vectors (PROTOCOLS §4.1)", function () {
  let world: ScrollWorld;
  let harness: Contract;

  before(async function () {
    world = await createScrollWorld();
    harness = (await world.l1.ethers.deployContract(
      "ScrollLibrariesHarness",
    )) as unknown as Contract;
  });

  after(async function () {
    await world.close();
  });

  it("S1: 196-byte relayMessage calldata and its message hash", async function () {
    const calldata = encodeXDomainCalldata(S1);
    expect((calldata.length - 2) / 2).to.equal(196);
    expect(calldata.slice(0, 10)).to.equal(RELAY_MESSAGE_SELECTOR);
    expect(messageHash(S1)).to.equal(S1_HASH);
    expect(await harness.encodeXDomainCalldata(A1, B2, 0, 0, "0x")).to.equal(
      calldata,
    );
    expect(await harness.messageHash(A1, B2, 0, 0, "0x")).to.equal(S1_HASH);
    expect(intrinsicGas(calldata)).to.equal(24136n);
    expect(await world.l1Queue.calculateIntrinsicGasFee(calldata)).to.equal(
      24136n,
    );
  });

  it("S2: alias and queue entry hash, in TypeScript, the library and L1MessageQueue", async function () {
    const alias = applyL1ToL2Alias(A1);
    expect(alias).to.equal("0x11110000000000000000000000000000000011b2");
    expect(undoL1ToL2Alias(alias)).to.equal(getAddress(A1));
    expect(await harness.applyL1ToL2Alias(A1)).to.equal(alias);
    expect((await harness.undoL1ToL2Alias(alias)).toLowerCase()).to.equal(A1);
    // Wrap-around at 2^160 both ways.
    const high = "0xffffffffffffffffffffffffffffffffffffffff";
    expect(await harness.applyL1ToL2Alias(high)).to.equal(
      applyL1ToL2Alias(high),
    );
    expect(await harness.undoL1ToL2Alias(A1)).to.equal(undoL1ToL2Alias(A1));

    const data = encodeXDomainCalldata(S1);
    const entry = {
      queueIndex: 0n,
      gasLimit: 100000n,
      target: B2,
      value: 0n,
      data,
      sender: alias,
    };
    expect(queueEntryHash(entry)).to.equal(S2_HASH);
    expect(
      await harness.l1MessageTxHash(alias, 0, 0, B2, 100000, data),
    ).to.equal(S2_HASH);
    expect(
      await world.l1Queue.computeTransactionHash(alias, 0, 0, B2, 100000, data),
    ).to.equal(S2_HASH);
  });

  it("queue entry hashes agree for RLP edge cases (single bytes, long data, large numbers)", async function () {
    const cases = [
      { queueIndex: 0n, gasLimit: 0n, value: 0n, data: "0x" },
      { queueIndex: 127n, gasLimit: 128n, value: 1n, data: "0x7f" },
      { queueIndex: 128n, gasLimit: 21000n, value: 255n, data: "0x80" },
      {
        queueIndex: 65536n,
        gasLimit: 10_000_000n,
        value: 10n ** 30n,
        data: `0x${"ab".repeat(55)}`,
      },
      {
        queueIndex: 2n ** 40n,
        gasLimit: 2n ** 63n,
        value: 2n ** 255n,
        data: `0x${"cd".repeat(56)}`,
      },
      {
        queueIndex: 7n,
        gasLimit: 30000n,
        value: 0n,
        data: `0x${"ef".repeat(300)}`,
      },
    ];
    for (const c of cases) {
      const entry = { ...c, target: B2, sender: A1 };
      expect(
        await harness.l1MessageTxHash(
          A1,
          c.queueIndex,
          c.value,
          B2,
          c.gasLimit,
          c.data,
        ),
      ).to.equal(queueEntryHash(entry));
    }
  });

  it("S3: zero hashes", async function () {
    expect(ZERO_HASHES[1]).to.equal(
      "0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5",
    );
    expect(ZERO_HASHES[2]).to.equal(
      "0xb4c11951957c6f8f642c4af61cd6b24640fec6dc7fc607ee8206a99e92410d30",
    );
    expect(await harness.hashPair(ZERO_HASHES[0], ZERO_HASHES[0])).to.equal(
      ZERO_HASHES[1],
    );
    expect(await harness.hashPair(ZERO_HASHES[1], ZERO_HASHES[1])).to.equal(
      ZERO_HASHES[2],
    );
  });

  it("S4: roots after n = 1..5 leaves, off-chain and in L2MessageQueue", async function () {
    expect(LEAVES[0]).to.equal(ROOTS[0]);
    const trie = new WithdrawTrie();
    // A standalone queue whose messenger is a test account, so leaves can be chosen freely.
    const fresh = await world.l2.ethers.deployContract("L2MessageQueue");
    const [account] = await world.l2.ethers.getSigners();
    const queue = fresh.connect(account) as unknown as Contract;
    await mined(queue.initialize(account.address));
    for (let n = 1; n <= 5; n++) {
      trie.append(LEAVES[n - 1]);
      await mined(queue.appendMessage(LEAVES[n - 1]));
      expect(trie.root()).to.equal(ROOTS[n - 1]);
      expect(await queue.messageRoot()).to.equal(ROOTS[n - 1]);
      expect(await queue.nextMessageIndex()).to.equal(BigInt(n));
    }
  });

  it("S5: proofs at n = 5, checked by the TypeScript trie and the Solidity verifier", async function () {
    const trie = new WithdrawTrie(LEAVES);
    const [L0, L1, L2, L3] = LEAVES;
    const expected = [
      [L1, A, B],
      [L0, A, B],
      [L3, ROOTS[1], B],
      [L2, ROOTS[1], B],
      [ZERO_HASHES[0], ZERO_HASHES[1], ROOTS[3]],
    ];
    for (let i = 0; i < 5; i++) {
      expect(trie.proof(i, 5)).to.deep.equal(expected[i]);
      expect(
        await harness.verifyMerkleProof(
          ROOTS[4],
          LEAVES[i],
          i,
          trie.proofBytes(i, 5),
        ),
      ).to.equal(true);
      expect(
        await harness.verifyMerkleProof(
          ROOTS[4],
          LEAVES[(i + 1) % 5],
          i,
          trie.proofBytes(i, 5),
        ),
      ).to.equal(false);
    }
  });

  it("S6: public input hash", async function () {
    expect(publicInputHash(S6_INPUT)).to.equal(S6_HASH);
    const {
      layer2ChainId,
      prevStateRoot,
      postStateRoot,
      withdrawRoot,
      dataHash,
    } = S6_INPUT;
    expect(
      await harness.publicInputHash(
        layer2ChainId,
        prevStateRoot,
        postStateRoot,
        withdrawRoot,
        dataHash,
      ),
    ).to.equal(S6_HASH);
  });

  it("S7: the account-11 signature, and MockRollupVerifier accepting it only for its signer", async function () {
    expect(signAggregateProof(ACCOUNT_11_KEY, S6_HASH)).to.equal(S7_PROOF);
    const account11 = new Wallet(ACCOUNT_11_KEY).address;
    expect(recoverProofSigner(S6_HASH, S7_PROOF)).to.equal(account11);

    // The installed verifier trusts the project's prover key, so S7 is an InvalidProof there...
    await expectCustomError(
      world.verifier.verifyAggregateProof(1, S7_PROOF, S6_HASH),
      world.verifier.interface,
      "InvalidProof",
    );
    // ...and the project's own S7 passes.
    const projectKey = actorKey("scroll:prover");
    expect(projectKey).to.equal(
      keccak256(Buffer.from("hardhat-xdm:scroll:prover")),
    );
    await world.verifier.verifyAggregateProof(
      1,
      signAggregateProof(projectKey, S6_HASH),
      S6_HASH,
    );

    // A verifier whose prover is account 11 accepts the published S7.
    const owner = await impersonate(world.l1, world.deployerL1.address);
    await mined(
      (world.verifier.connect(owner) as Contract).updateProverSigner(account11),
    );
    await world.verifier.verifyAggregateProof(1, S7_PROOF, S6_HASH);
    await mined(
      (world.verifier.connect(owner) as Contract).updateProverSigner(
        new Wallet(projectKey).address,
      ),
    );
  });

  it("§1.9 topics, selectors and constants", async function () {
    for (const name of Object.keys(SCROLL_EVENT_SIGNATURES) as Array<
      keyof typeof SCROLL_TOPICS
    >) {
      const fragment = SCROLL_EVENTS_INTERFACE.getEvent(name)!;
      expect(id(fragment.format("sighash")), name).to.equal(
        SCROLL_TOPICS[name],
      );
    }
    expect(
      id("relayMessage(address,address,uint256,uint256,bytes)").slice(0, 10),
    ).to.equal(RELAY_MESSAGE_SELECTOR);
    expect(id("sendMessage(address,bytes,uint256)").slice(0, 10)).to.equal(
      SEED_SEND_MESSAGE_SELECTOR,
    );
    expect(id("InvalidProof()").slice(0, 10)).to.equal(INVALID_PROOF_SELECTOR);
    expect(keccak256(Buffer.from("drop")).slice(0, 42)).to.equal(
      DROP_XDOMAIN_MESSAGE_SENDER.toLowerCase(),
    );
    expect(
      world.l2Messenger.interface.getFunction(
        "sendMessage(address,bytes,uint256)",
      )!.selector,
    ).to.equal(SEED_SEND_MESSAGE_SELECTOR);
    expect(await world.l2Messenger.messageQueue()).to.equal(
      L2_ADDRESSES.L2MessageQueue,
    );
  });

  it("the topics the contracts emit are the §1.9 ones", async function () {
    const fragments: Array<[Contract, string, string]> = [
      [world.l1Messenger, "SentMessage", SCROLL_TOPICS.SentMessage],
      [world.l1Messenger, "RelayedMessage", SCROLL_TOPICS.RelayedMessage],
      [
        world.l1Messenger,
        "FailedRelayedMessage",
        SCROLL_TOPICS.FailedRelayedMessage,
      ],
      [world.l1Queue, "QueueTransaction", SCROLL_TOPICS.QueueTransaction],
      [world.l2Queue, "AppendMessage", SCROLL_TOPICS.AppendMessage],
      [world.rollup, "CommitBatch", SCROLL_TOPICS.CommitBatch],
      [world.rollup, "FinalizeBatch", SCROLL_TOPICS.FinalizeBatch],
    ];
    for (const [contract, name, topic] of fragments) {
      expect(contract.interface.getEvent(name)!.topicHash, name).to.equal(
        topic,
      );
    }
  });
});
