// About 730 lines: ZKRollup's commit and finalization reverts in their order, on one shared world.
/**
 * ZKRollup (PROTOCOLS §1.6): genesis import, version-0 commits built from real L2 blocks, the
 * revert reasons of commit and finalization in their order, the signing mock verifier, and L1
 * message popping at finalization.
 *
 * ZKRollup, one contract's surface (about 730 lines): genesis, commit, finalization and popping
 * share the chunk and context builders.
 */
import { expect } from "chai";
import {
  type Contract,
  type ContractRunner,
  concat,
  dataSlice,
  hexlify,
  keccak256,
  toBeHex,
  toUtf8Bytes,
  ZeroHash,
} from "ethers";

import {
  type BatchHeaderV0,
  encodeBatchHeaderV0,
  genesisBatchHeader,
} from "../../src/protocols/scroll/codec/batch-header.js";
import {
  type BatchV0,
  rawSignedTransaction,
} from "../../src/protocols/scroll/codec/batch.js";
import {
  type BlockContext,
  encodeChunk,
} from "../../src/protocols/scroll/codec/chunk.js";
import {
  SECP256K1_N,
  signAggregateProof,
} from "../../src/protocols/scroll/codec/proof.js";
import { actorKey } from "../helpers/actors.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError, expectRevert } from "../helpers/rejection.js";

import {
  createScrollWorld,
  getRpcBlock,
  L1_ADDRESSES,
  L2_CHAIN_ID,
  MAX_NUM_TX_IN_CHUNK,
  type ScrollWorld,
} from "./helpers.js";

const ROOT = keccak256(toUtf8Bytes("state"));

function context(overrides: Partial<BlockContext> = {}): BlockContext {
  return {
    blockNumber: 1n,
    timestamp: 1n,
    baseFee: 0n,
    gasLimit: 30_000_000n,
    numTransactions: 0,
    numL1Messages: 0,
    ...overrides,
  };
}

/** A synthetic chunk; the rollup checks structure and hashes, not that the blocks exist. */
function chunk(contexts: BlockContext[], l2Txs: string[][] = []): string {
  return encodeChunk({
    blocks: contexts.map((ctx, i) => ({
      context: ctx,
      l1MessageHashes: [],
      l2Transactions: l2Txs[i] ?? [],
    })),
  });
}

describe("Scroll ZKRollup", function () {
  this.timeout(120_000);

  let world: ScrollWorld;

  afterEach(async function () {
    await world.close();
  });

  function asSequencer(): Contract {
    return world.rollup.connect(world.sequencer) as Contract;
  }

  describe("genesis and initialization", function () {
    beforeEach(async function () {
      world = await createScrollWorld();
    });

    /** A ZKRollup initialized as the plugin's installer does, but without the genesis batch it imports. */
    async function rollupWithoutGenesis(): Promise<Contract> {
      const fresh = (await world.l1.ethers.deployContract(
        "ZKRollup",
        [],
        world.deployerL1,
      )) as unknown as Contract;
      await mined(
        fresh.initialize(
          world.deployerL1.address,
          L1_ADDRESSES.L1MessageQueue,
          L1_ADDRESSES.MockRollupVerifier,
          L2_CHAIN_ID,
          MAX_NUM_TX_IN_CHUNK,
        ),
      );
      return fresh;
    }

    it("importGenesisBatch: every revert reason, in order, then exactly once", async function () {
      const rollup = await rollupWithoutGenesis();
      const genesis = genesisBatchHeader(keccak256("0x01"));
      const encode = (h: Partial<BatchHeaderV0>) =>
        encodeBatchHeaderV0({ ...genesis, ...h });
      await expectRevert(
        rollup.importGenesisBatch(dataSlice(encode({}), 0, 88), ROOT),
        "batch header length too small",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({ l1MessagePopped: 1n }), ROOT),
        "wrong bitmap length",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({}), ZeroHash),
        "zero state root",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({ batchIndex: 1n }), ROOT),
        "not all fields are zero",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({ version: 1 }), ROOT),
        "not all fields are zero",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({ totalL1MessagePopped: 1n }), ROOT),
        "not all fields are zero",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({ dataHash: ZeroHash }), ROOT),
        "zero data hash",
      );
      await expectRevert(
        rollup.importGenesisBatch(encode({ parentBatchHash: ROOT }), ROOT),
        "nonzero parent batch hash",
      );

      const receipt = await mined(rollup.importGenesisBatch(encode({}), ROOT));
      const hash = keccak256(encode({}));
      const committed = eventsOf(receipt, rollup.interface, "CommitBatch")[0]
        .args;
      expect([committed.batchIndex, committed.batchHash]).to.deep.equal([
        0n,
        hash,
      ]);
      const finalized = eventsOf(receipt, rollup.interface, "FinalizeBatch")[0]
        .args;
      expect([
        finalized.batchIndex,
        finalized.batchHash,
        finalized.stateRoot,
        finalized.withdrawRoot,
      ]).to.deep.equal([0n, hash, ROOT, ZeroHash]);
      expect(await rollup.committedBatches(0)).to.equal(hash);
      expect(await rollup.finalizedStateRoots(0)).to.equal(ROOT);
      expect(await rollup.isBatchFinalized(0)).to.equal(true);
      expect(await rollup.isBatchFinalized(1)).to.equal(false);
      await expectRevert(
        rollup.importGenesisBatch(encode({}), ROOT),
        "Genesis batch imported",
      );
    });

    it('every system contract refuses a second initialize ("Initializable: contract is already initialized")', async function () {
      const z = world.deployerL1.address;
      const calls: Array<[Contract, unknown[]]> = [
        [world.l1Messenger, [z, z, z, z, z, z]],
        [world.l1Queue, [z, z, z, z, 1]],
        [world.rollup, [z, z, z, 1, 1]],
        [world.verifier, [z, z]],
        [world.l1Whitelist, [z]],
      ];
      for (const [contract, args] of calls) {
        await expectRevert(
          (contract.connect(world.deployerL1) as Contract).initialize(...args),
          "Initializable: contract is already initialized",
        );
      }
      const l2 = world.deployerL2;
      await expectRevert(
        (world.l2Messenger.connect(l2) as Contract).initialize(z, z, z, z, z),
        "Initializable: contract is already initialized",
      );
      await expectRevert(
        (world.l2Queue.connect(l2) as Contract).initialize(z),
        "Initializable: contract is already initialized",
      );
      await expectRevert(
        (world.l2Whitelist.connect(l2) as Contract).initialize(z),
        "Initializable: contract is already initialized",
      );
      expect(await world.rollup.layer2ChainId()).to.equal(BigInt(L2_CHAIN_ID));
      expect(await world.rollup.maxNumTxInChunk()).to.equal(
        BigInt(MAX_NUM_TX_IN_CHUNK),
      );
    });

    it('only EOAs become sequencers or provers ("not EOA"); only the owner appoints them', async function () {
      const rollup = world.rollup.connect(world.deployerL1) as Contract;
      await expectRevert(
        rollup.addSequencer(L1_ADDRESSES.L1MessageQueue),
        "not EOA",
      );
      await expectRevert(
        rollup.addProver(L1_ADDRESSES.L1MessageQueue),
        "not EOA",
      );
      const [user] = await world.l1.ethers.getSigners();
      await expectRevert(
        (world.rollup.connect(user) as Contract).addSequencer(user.address),
        "Ownable: caller is not the owner",
      );
      await expectRevert(
        (world.rollup.connect(user) as Contract).addProver(user.address),
        "Ownable: caller is not the owner",
      );
      await mined(rollup.addProver(user.address));
      expect(await world.rollup.isProver(user.address)).to.equal(true);
      await mined(rollup.removeProver(user.address));
      expect(await world.rollup.isProver(user.address)).to.equal(false);
    });
  });

  describe("commitBatch", function () {
    let genesis: BatchV0;
    let parent: string;

    beforeEach(async function () {
      world = await createScrollWorld();
      genesis = await world.batch(0);
      parent = genesis.encodedHeader;
    });

    it("commits a batch built from real L2 blocks (legacy, EIP-2930 and EIP-1559 transactions) to the same hash", async function () {
      const [a, b] = await world.l2.ethers.getSigners();
      await mined(a.sendTransaction({ to: b.address, value: 1n, type: 0 }));
      await mined(
        a.sendTransaction({
          to: b.address,
          value: 2n,
          type: 1,
          accessList: [{ address: b.address, storageKeys: [ZeroHash] }],
        }),
      );
      await mined(
        a.sendTransaction({
          to: b.address,
          value: 3n,
          type: 2,
          data: "0x1234",
        }),
      );
      const head = await world.l2.ethers.provider.getBlockNumber();
      for (let n = 1; n <= head; n++) {
        const block = await getRpcBlock(world.l2, n);
        for (const tx of block.transactions)
          expect(keccak256(rawSignedTransaction(tx))).to.equal(tx.hash);
      }
      const batch = await world.commitNextBatch();
      expect(await world.rollup.committedBatches(1)).to.equal(batch.batchHash);
      expect(batch.header.parentBatchHash).to.equal(genesis.batchHash);
    });

    it("splits more than maxNumTxInChunk transactions over several chunks", async function () {
      const [a, b] = await world.l2.ethers.getSigners();
      for (let i = 0; i < MAX_NUM_TX_IN_CHUNK + 20; i++)
        await mined(a.sendTransaction({ to: b.address, value: 1n }));
      const batch = await world.commitNextBatch();
      expect(batch.chunks.length).to.equal(2);
      await world.finalizeBatch(1);
      expect(await world.rollup.lastFinalizedBatchIndex()).to.equal(1n);
    });

    it("caller, pause, version, emptiness and parent checks, in order", async function () {
      const [user] = await world.l1.ethers.getSigners();
      const good = [chunk([context()])];
      await expectRevert(
        (world.rollup.connect(user) as Contract).commitBatch(
          0,
          parent,
          good,
          "0x",
        ),
        "caller not sequencer",
      );
      await mined(
        (world.rollup.connect(world.deployerL1) as Contract).setPause(true),
      );
      await expectRevert(
        asSequencer().commitBatch(0, parent, good, "0x"),
        "Pausable: paused",
      );
      await mined(
        (world.rollup.connect(world.deployerL1) as Contract).setPause(false),
      );
      await expectRevert(
        asSequencer().commitBatch(1, parent, good, "0x"),
        "invalid version",
      );
      await expectRevert(
        asSequencer().commitBatch(0, parent, [], "0x"),
        "batch is empty",
      );
      await expectRevert(
        asSequencer().commitBatch(0, dataSlice(parent, 0, 88), good, "0x"),
        "batch header length too small",
      );
      const withPop = encodeBatchHeaderV0({
        ...genesis.header,
        l1MessagePopped: 1n,
      });
      await expectRevert(
        asSequencer().commitBatch(0, withPop, good, "0x"),
        "wrong bitmap length",
      );
      const forged = encodeBatchHeaderV0({ ...genesis.header, dataHash: ROOT });
      await expectRevert(
        asSequencer().commitBatch(0, forged, good, "0x"),
        "incorrect parent batch hash",
      );
      await mined(asSequencer().commitBatch(0, parent, good, "0x"));
      await expectRevert(
        asSequencer().commitBatch(0, parent, good, "0x"),
        "batch already committed",
      );
    });

    it("chunk checks, in order", async function () {
      await expectRevert(
        asSequencer().commitBatch(0, parent, ["0x"], "0x"),
        "no block in chunk",
      );
      await expectRevert(
        asSequencer().commitBatch(0, parent, ["0x00"], "0x"),
        "no block in chunk",
      );
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [dataSlice(chunk([context(), context()]), 0, 100)],
          "0x",
        ),
        "invalid chunk length",
      );

      // Queue a few L1 messages so blocks may pop them.
      const [user] = await world.l1.ethers.getSigners();
      for (let i = 0; i < 3; i++) {
        await mined(
          (world.l1Messenger.connect(user) as Contract).getFunction(
            "sendMessage(address,uint256,bytes,uint256)",
          )(user.address, 0n, "0x", 100_000n),
        );
      }
      const oneWord = (bits: bigint) => toBeHex(bits, 32);
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [chunk([context({ numTransactions: 1, numL1Messages: 1 })])],
          oneWord(1n),
        ),
        "cannot skip last L1 message",
      );
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [chunk([context({ numTransactions: 1, numL1Messages: 2 })])],
          oneWord(0n),
        ),
        "num txs less than num L1 msgs",
      );
      await mined(
        (
          world.rollup.connect(world.deployerL1) as Contract
        ).updateMaxNumTxInChunk(1),
      );
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [chunk([context({ numTransactions: 2, numL1Messages: 2 })])],
          oneWord(0n),
        ),
        "too many txs in one chunk",
      );
      // Skipped messages are not hashed, so they do not count against the cap.
      await mined(
        (
          world.rollup.connect(world.deployerL1) as Contract
        ).updateMaxNumTxInChunk(MAX_NUM_TX_IN_CHUNK),
      );
      const rawTx = hexlify(toUtf8Bytes("not really a transaction"));
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [chunk([context({ numTransactions: 2 })], [[rawTx]])],
          "0x",
        ),
        "incomplete l2 transaction data",
      );
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [
            concat([
              chunk([context({ numTransactions: 1 })], [[rawTx]]),
              "0x00",
            ]),
          ],
          "0x",
        ),
        "incomplete l2 transaction data",
      );
      await expectRevert(
        asSequencer().commitBatch(
          0,
          parent,
          [chunk([context({ numTransactions: 1, numL1Messages: 1 })])],
          "0x",
        ),
        "wrong bitmap length",
      );
      await expectRevert(
        asSequencer().commitBatch(0, parent, [chunk([context()])], oneWord(0n)),
        "wrong bitmap length",
      );
      // A well-formed chunk that pops two messages, the first skipped, commits.
      const receipt = await mined(
        asSequencer().commitBatch(
          0,
          parent,
          [chunk([context({ numTransactions: 2, numL1Messages: 2 })], [[]])],
          oneWord(1n),
        ),
      );
      expect(
        eventsOf(receipt, world.rollup.interface, "CommitBatch")[0].args
          .batchIndex,
      ).to.equal(1n);
    });
  });

  describe("finalizeBatchWithProof", function () {
    beforeEach(async function () {
      world = await createScrollWorld();
      const [a, b] = await world.l2.ethers.getSigners();
      await mined(a.sendTransaction({ to: b.address, value: 1n }));
      await world.commitNextBatch();
      await mined(a.sendTransaction({ to: b.address, value: 1n }));
      await world.commitNextBatch();
    });

    function finalize(
      inputs: {
        batchHeader: string;
        prevStateRoot: string;
        postStateRoot: string;
        withdrawRoot: string;
        aggrProof: string;
      },
      signer: ContractRunner = world.sequencer,
    ) {
      return (world.rollup.connect(signer) as Contract).finalizeBatchWithProof(
        inputs.batchHeader,
        inputs.prevStateRoot,
        inputs.postStateRoot,
        inputs.withdrawRoot,
        inputs.aggrProof,
      );
    }

    it("records the state and withdraw roots and emits FinalizeBatch", async function () {
      const inputs = await world.finalizationInputs(1);
      const receipt = await mined(finalize(inputs));
      const event = eventsOf(
        receipt,
        world.rollup.interface,
        "FinalizeBatch",
      )[0].args;
      expect(event.batchIndex).to.equal(1n);
      expect(event.batchHash).to.equal((await world.batch(1)).batchHash);
      expect(event.stateRoot).to.equal(inputs.postStateRoot);
      expect(event.withdrawRoot).to.equal(inputs.withdrawRoot);
      expect(await world.rollup.finalizedStateRoots(1)).to.equal(
        inputs.postStateRoot,
      );
      expect(await world.rollup.withdrawRoots(1)).to.equal(inputs.withdrawRoot);
      expect(await world.rollup.lastFinalizedBatchIndex()).to.equal(1n);
      expect(await world.rollup.isBatchFinalized(1)).to.equal(true);
      expect(await world.rollup.isBatchFinalized(2)).to.equal(false);
    });

    it("caller, pause, root, header and batch checks, in order", async function () {
      const inputs = await world.finalizationInputs(1);
      const [user] = await world.l1.ethers.getSigners();
      await expectRevert(finalize(inputs, user), "caller not prover");
      await mined(
        (world.rollup.connect(world.deployerL1) as Contract).setPause(true),
      );
      await expectRevert(finalize(inputs), "Pausable: paused");
      await mined(
        (world.rollup.connect(world.deployerL1) as Contract).setPause(false),
      );
      await expectRevert(
        finalize({ ...inputs, prevStateRoot: ZeroHash }),
        "previous state root is zero",
      );
      await expectRevert(
        finalize({ ...inputs, postStateRoot: ZeroHash }),
        "new state root is zero",
      );
      await expectRevert(
        finalize({
          ...inputs,
          batchHeader: dataSlice(inputs.batchHeader, 0, 88),
        }),
        "batch header length too small",
      );
      const popping = encodeBatchHeaderV0({
        ...(await world.batch(1)).header,
        l1MessagePopped: 1n,
      });
      await expectRevert(
        finalize({ ...inputs, batchHeader: popping }),
        "wrong bitmap length",
      );
      const forged = encodeBatchHeaderV0({
        ...(await world.batch(1)).header,
        dataHash: ROOT,
      });
      await expectRevert(
        finalize({ ...inputs, batchHeader: forged }),
        "incorrect batch hash",
      );
      await expectRevert(
        finalize({ ...inputs, prevStateRoot: ROOT }),
        "incorrect previous state root",
      );
      // The genesis batch is already final, and has no parent to chain from.
      await expectRevert(
        finalize({
          ...inputs,
          batchHeader: (await world.batch(0)).encodedHeader,
        }),
        "incorrect previous state root",
      );
      await mined(finalize(inputs));
      await expectRevert(finalize(inputs), "batch already verified");
    });

    it("finalization out of order is rejected", async function () {
      const second = await world.finalizationInputs(2);
      // Batch 1 is not finalized, so nothing vouches for batch 2's previous state root.
      await expectRevert(
        finalize({
          ...second,
          prevStateRoot: (await world.finalizationInputs(1)).postStateRoot,
        }),
        "incorrect previous state root",
      );
      await expectRevert(finalize(second), "previous state root is zero");
      await world.finalizeBatch(1);
      await world.finalizeBatch(2);
      expect(await world.rollup.lastFinalizedBatchIndex()).to.equal(2n);
    });

    it("InvalidProof: unsigned, another key, wrong length, bad v, high s, or a proof of other roots", async function () {
      const inputs = await world.finalizationInputs(1);
      const iface = world.verifier.interface;
      const proof = inputs.aggrProof;
      const r = dataSlice(proof, 0, 32);
      const s = BigInt(dataSlice(proof, 32, 64));
      const v = Number(dataSlice(proof, 64, 65));

      await expectCustomError(
        finalize({ ...inputs, aggrProof: `0x${"00".repeat(65)}` }),
        iface,
        "InvalidProof",
      );
      await expectCustomError(
        finalize({ ...inputs, aggrProof: "0x" }),
        iface,
        "InvalidProof",
      );
      await expectCustomError(
        finalize({
          ...inputs,
          aggrProof: signAggregateProof(
            actorKey("scroll:sequencer"),
            inputs.publicInputHash,
          ),
        }),
        iface,
        "InvalidProof",
      );
      await expectCustomError(
        finalize({ ...inputs, aggrProof: dataSlice(proof, 0, 64) }),
        iface,
        "InvalidProof",
      );
      await expectCustomError(
        finalize({ ...inputs, aggrProof: concat([proof, "0x00"]) }),
        iface,
        "InvalidProof",
      );
      await expectCustomError(
        finalize({
          ...inputs,
          aggrProof: concat([r, toBeHex(s, 32), toBeHex(v - 27, 1)]),
        }),
        iface,
        "InvalidProof",
      );
      // The same signature in its malleable high-s form recovers the prover, and is still refused.
      const highS = concat([
        r,
        toBeHex(SECP256K1_N - s, 32),
        toBeHex(v === 27 ? 28 : 27, 1),
      ]);
      await expectCustomError(
        finalize({ ...inputs, aggrProof: highS }),
        iface,
        "InvalidProof",
      );
      // A genuine prover signature, but over other roots.
      await expectCustomError(
        finalize({ ...inputs, withdrawRoot: ROOT }),
        iface,
        "InvalidProof",
      );
      await expectCustomError(
        finalize({ ...inputs, postStateRoot: ROOT }),
        iface,
        "InvalidProof",
      );
      await mined(finalize(inputs));
    });
  });

  describe("L1 message popping", function () {
    it("pops a batch's L1 messages at finalization in groups of at most 256, recording skips", async function () {
      world = await createScrollWorld();
      const [user] = await world.l1.ethers.getSigners();
      const l2Target = await world.l2.ethers.deployContract("MessageRecipient");
      const total = 300;
      const skippedCount = 150;
      const send = (world.l1Messenger.connect(user) as Contract).getFunction(
        "sendMessage(address,uint256,bytes,uint256)",
      );
      for (let i = 0; i < total; i++)
        await mined(send(await l2Target.getAddress(), 0n, "0x", 100_000n));
      await world.relayL1ToL2({
        skip: Array.from({ length: skippedCount }, (_, i) => i),
      });

      const batch = await world.commitNextBatch();
      expect(batch.header.l1MessagePopped).to.equal(BigInt(total));
      expect(batch.header.totalL1MessagePopped).to.equal(BigInt(total));
      expect(batch.chunks.length).to.be.greaterThan(1);
      expect((batch.skippedL1MessageBitmap.length - 2) / 2).to.equal(64);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(0n);

      const receipt = await world.finalizeBatch(1);
      const pops = eventsOf(
        receipt,
        world.l1Queue.interface,
        "DequeueTransaction",
      ).map((e) => [e.args.startIndex, e.args.count, e.args.skippedBitmap]);
      expect(pops).to.deep.equal([
        [0n, 256n, (1n << 150n) - 1n],
        [256n, 44n, 0n],
      ]);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(BigInt(total));
      for (const i of [0, 149])
        expect(
          await world.l1Queue.isMessageSkipped(i),
          `queue index ${i}`,
        ).to.equal(true);
      for (const i of [150, 255, 256, 299])
        expect(
          await world.l1Queue.isMessageSkipped(i),
          `queue index ${i}`,
        ).to.equal(false);

      // The next batch continues the queue where this one stopped.
      await mined(send(await l2Target.getAddress(), 0n, "0x", 100_000n));
      await world.relayL1ToL2();
      const next = await world.commitNextBatch();
      expect(next.header.l1MessagePopped).to.equal(1n);
      expect(next.header.totalL1MessagePopped).to.equal(BigInt(total + 1));
      const second = await world.finalizeBatch(2);
      const pop = eventsOf(
        second,
        world.l1Queue.interface,
        "DequeueTransaction",
      )[0].args;
      expect([pop.startIndex, pop.count, pop.skippedBitmap]).to.deep.equal([
        BigInt(total),
        1n,
        0n,
      ]);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(
        BigInt(total + 1),
      );
      expect(await world.l1Queue.isMessageSkipped(total)).to.equal(false);
      // The first batch's skips stay recorded after the next pop.
      expect(await world.l1Queue.isMessageSkipped(149)).to.equal(true);
    });
  });
});
