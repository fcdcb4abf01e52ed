/**
 * The Scroll sequencer's relays many to an L2 block (src/block-batch.ts HeldBlock), as Scroll's
 * sequencer puts the L1 messages it includes at the start of a block: queue order on L2 and in
 * L1MessageQueue's pops, skips popped with the next relay of their block and committed in the
 * batch's bitmap, a relay reverting mid-block, a gas limit the L2 refuses, a send lost in transport,
 * the confirmations and held faults that stop the queue, and the chain's mining mode left as it was.
 */
import type { ScrollWorld } from "./helpers.js";
import type { RpcBlock } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { BytesLike, Contract, Signer } from "ethers";

import { expect } from "chai";
import { Interface, hexlify, parseEther, toBeHex } from "ethers";

import { BLOCK_TRANSACTIONS } from "../../src/block-batch.js";
import { decodeSkippedBitmap } from "../../src/protocols/scroll/codec/batch-header.js";
import { decodeChunk } from "../../src/protocols/scroll/codec/batch.js";
import { loseNextSend } from "../helpers/faults.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";

import { L2_ADDRESSES, createScrollWorld } from "./helpers.js";

const recipientIface = new Interface(["function record(bytes)"]);
const SEND = "sendMessage(address,uint256,bytes,uint256)";
const GAS_LIMIT = 300_000n;

/** The payload message `index` of a test records on L2: one byte, its own number. */
function payload(index: number): string {
  return recipientIface.encodeFunctionData("record", [toBeHex(index, 1)]);
}

/** The L2 blocks (number, L1 message transactions in block order) from `from` to the head. */
async function l1MessageBlocks(
  chain: World["chains"][string],
  alias: string,
  from: number,
): Promise<Array<{ number: number; inputs: string[] }>> {
  const head = await chain.blockNumber();
  const blocks = [];
  for (let n = from; n <= head; n++) {
    const block = await chain.rpc<
      RpcBlock<{ from: string; input: string; hash: string }>
    >("eth_getBlockByNumber", [toBeHex(n), true]);
    const inputs = block.transactions
      .filter((tx) => tx.from.toLowerCase() === alias.toLowerCase())
      .map((tx) => tx.input);
    if (inputs.length > 0) blocks.push({ number: n, inputs });
  }
  return blocks;
}

/** Per L2 block of committed batch `index`: the L1 messages it pops; and the batch's skip flags. */
async function poppedByBlock(
  world: ScrollWorld,
  index: number,
): Promise<{ perBlock: number[]; skipped: boolean[] }> {
  const batch = await world.batch(index);
  const perBlock = batch.chunks
    .flatMap((chunk) => decodeChunk(chunk).blocks)
    .map((block) => block.context.numL1Messages)
    .filter((count) => count > 0);
  const total = perBlock.reduce((sum, count) => sum + count, 0);
  return {
    perBlock,
    skipped: decodeSkippedBitmap(batch.skippedL1MessageBitmap, total),
  };
}

describe("Scroll sequencer: L1 messages many to an L2 block", function () {
  describe("through the contract-level harness", function () {
    let world: ScrollWorld;
    let recipient: Contract;
    let sender: Signer;
    beforeEach(async function () {
      world = await createScrollWorld({ maxGasLimit: 100_000_000n });
      recipient = (await world.l2.ethers.deployContract(
        "MessageRecipient",
      )) as unknown as Contract;
      sender = (await world.l1.ethers.getSigners())[1];
    });
    afterEach(async () => await world.close());

    async function sendRecords(
      indices: readonly number[],
      gasLimit = GAS_LIMIT,
    ): Promise<void> {
      for (const index of indices) {
        await mined(
          (world.l1Messenger.connect(sender) as Contract).getFunction(SEND)(
            await recipient.getAddress(),
            0n,
            payload(index),
            gasLimit,
          ),
        );
      }
    }

    async function l2Head(): Promise<number> {
      return await world.xdm.chains.scroll.blockNumber();
    }

    it(`relays a pass in blocks of ${BLOCK_TRANSACTIONS}, in queue order; L1 pops them in that order, and the batch finalizes`, async function () {
      const count = BLOCK_TRANSACTIONS + 2;
      await sendRecords([...Array(count).keys()]);
      const before = await l2Head();
      const results = await world.relayL1ToL2();
      expect(results.map((r) => r.queueIndex)).to.deep.equal([
        ...Array(count).keys(),
      ]);
      // Block by block, each relay carries the next queue index's calldata: queue order on L2.
      const blocks = await l1MessageBlocks(
        world.xdm.chains.scroll,
        world.l1MessengerAlias,
        before + 1,
      );
      expect(blocks.map((b) => b.inputs.length)).to.deep.equal([
        BLOCK_TRANSACTIONS,
        2,
      ]);
      const relayed = blocks.flatMap((b) => b.inputs);
      for (let index = 0; index < count; index++) {
        const queued = (await world.l1Queue.getCrossDomainMessage(
          index,
        )) as string;
        expect(queued, `queue index ${index}`).to.be.a("string");
        expect(
          world.l2Messenger.interface.decodeFunctionData(
            "relayMessage",
            relayed[index],
          )[4],
        ).to.equal(payload(index));
      }
      expect(await recipient.received()).to.equal(BigInt(count));
      expect(await recipient.lastData()).to.equal(toBeHex(count - 1, 1)); // the last in queue order ran last
      expect(
        world.xdm
          .messages({ protocol: "scroll" })
          .map((m) => `${m.status}/${m.stage}`),
      ).to.deep.equal(Array(count).fill("relayed/relayed"));
      expect(
        await world.xdm.chains.scroll.rpc<boolean>("hardhat_getAutomine"),
      ).to.equal(true);

      const index = await world.xdm.scroll.commitBatch();
      expect(await poppedByBlock(world, index)).to.deep.equal({
        perBlock: [BLOCK_TRANSACTIONS, 2],
        skipped: Array(count).fill(false),
      });
      await world.finalizeBatch(index);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(BigInt(count));
      expect(await world.rollup.isBatchFinalized(index)).to.equal(true);
    });

    it("pops skips in the middle of a block with the next relay of that block; the batch's bitmap matches, it finalizes, and a skipped deposit is dropped", async function () {
      const l1Bridge = (await world.l1.ethers.deployContract("L1ETHBridge", [
        await world.l1Messenger.getAddress(),
      ])) as unknown as Contract;
      const l2Bridge = (await world.l2.ethers.deployContract("L2ETHBridge", [
        await world.l2Messenger.getAddress(),
      ])) as unknown as Contract;
      await mined(l1Bridge.initialize(await l2Bridge.getAddress()));
      await mined(l2Bridge.initialize(await l1Bridge.getAddress()));
      // Queue: 0 record, 1 record (skipped), 2 record, 3 deposit (skipped), 4 record, 5 record (skipped, last).
      await sendRecords([0, 1, 2]);
      const deposit = parseEther("1");
      await mined(
        (l1Bridge.connect(sender) as Contract).depositETH(
          await sender.getAddress(),
          deposit,
          GAS_LIMIT,
          { value: deposit },
        ),
      );
      await sendRecords([4, 5]);
      const before = await l2Head();
      const results = await world.relayL1ToL2({ skip: [1, 3, 5] });
      expect(results.map((r) => r.skipped)).to.deep.equal([
        false,
        true,
        false,
        true,
        false,
        true,
      ]);
      const blocks = await l1MessageBlocks(
        world.xdm.chains.scroll,
        world.l1MessengerAlias,
        before + 1,
      );
      expect(blocks).to.have.length(1); // 0, 2 and 4 in one block
      const byNonce = world.xdm.messages({ protocol: "scroll" });
      expect(byNonce.map((m) => m.stage)).to.deep.equal([
        "relayed",
        "skipped",
        "relayed",
        "skipped",
        "relayed",
        "skipped",
      ]);

      // The last skip waits for the next relay: the next pass's block pops it first.
      await sendRecords([6]);
      await world.relayL1ToL2();
      const index = await world.xdm.scroll.commitBatch();
      expect(await poppedByBlock(world, index)).to.deep.equal({
        perBlock: [5, 2],
        skipped: [false, true, false, true, false, true, false],
      });
      await world.finalizeBatch(index);
      for (let queueIndex = 0; queueIndex < 7; queueIndex++)
        expect(
          await world.l1Queue.isMessageSkipped(queueIndex),
          `queue index ${queueIndex}`,
        ).to.equal([1, 3, 5].includes(queueIndex));

      const deposited = byNonce[3];
      const balanceBefore = await world.l1.ethers.provider.getBalance(
        await sender.getAddress(),
      );
      const [claimer] = await world.l1.ethers.getSigners();
      await mined(
        (world.l1Messenger.connect(claimer) as Contract).dropMessage(
          deposited.sender,
          deposited.target,
          deposited.value,
          deposited.nonce,
          deposited.data,
        ),
      );
      expect(
        (await world.l1.ethers.provider.getBalance(await sender.getAddress())) -
          balanceBefore,
      ).to.equal(deposit);
    });

    it("a relay reverting mid-block pops its index and ends relay-failed with its own reason; the relays after it in the block are unaffected", async function () {
      await sendRecords([0]);
      // To the L2 message queue: the messenger itself reverts ("Forbid to call message queue").
      await mined(
        (world.l1Messenger.connect(sender) as Contract).getFunction(SEND)(
          L2_ADDRESSES.L2MessageQueue,
          0n,
          "0x",
          GAS_LIMIT,
        ),
      );
      await sendRecords([2, 3]);
      const results = await world.relayL1ToL2();
      expect(new Set(results.map((r) => r.receipt!.blockNumber)).size).to.equal(
        1,
      );
      expect(results.map((r) => r.receipt!.status)).to.deep.equal([1, 0, 1, 1]);
      expect(results[1].revertReason).to.equal("Forbid to call message queue");
      const messages = world.xdm.messages({ protocol: "scroll" });
      expect(messages[1]).to.include({
        status: "failed",
        stage: "relay-failed",
        destinationTx: results[1].receipt!.hash,
      });
      expect(messages[1].error).to.include("Forbid to call message queue");
      for (const i of [0, 2, 3])
        expect(messages[i]).to.include({ status: "relayed", stage: "relayed" });
      expect(await recipient.received()).to.equal(3n);

      const index = await world.xdm.scroll.commitBatch();
      expect(await poppedByBlock(world, index)).to.deep.equal({
        perBlock: [4],
        skipped: [false, false, false, false],
      });
      await world.finalizeBatch(index);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(4n);
    });

    it("skips a message whose gas limit the L2 refuses, inside a block of relays, and commits it as skipped", async function () {
      const blockGasLimit = BigInt(
        (await world.xdm.chains.scroll.block("latest")).gasLimit,
      );
      await sendRecords([0]);
      await sendRecords([1], blockGasLimit + 10_000_000n);
      await sendRecords([2, 3]);
      const before = await l2Head();
      await world.xdm.scroll.relayL1ToL2();
      const messages = world.xdm.messages({ protocol: "scroll" });
      expect(messages.map((m) => `${m.status}/${m.stage}`)).to.deep.equal([
        "relayed/relayed",
        "failed/skipped",
        "relayed/relayed",
        "relayed/relayed",
      ]);
      expect(messages[1].error).to.include("the L2 refused its transaction");
      expect(messages[1].error).to.match(/gas limit/i);
      // Queue index 1 would not fit the block holding 0: that block is mined, the L2 refuses 1,
      // and 2 and 3 share the next block, whose pops begin with the skipped 1.
      const blocks = await l1MessageBlocks(
        world.xdm.chains.scroll,
        world.l1MessengerAlias,
        before + 1,
      );
      expect(blocks.map((b) => b.inputs.length)).to.deep.equal([1, 2]);
      expect(await recipient.received()).to.equal(3n);
      expect(
        await world.xdm.chains.scroll.rpc<boolean>("hardhat_getAutomine"),
      ).to.equal(true);

      const index = await world.xdm.scroll.commitBatch();
      expect(await poppedByBlock(world, index)).to.deep.equal({
        perBlock: [1, 3],
        skipped: [false, true, false, false],
      });
      await world.finalizeBatch(index);
      expect(await world.l1Queue.isMessageSkipped(1)).to.equal(true);
      expect(await world.l1Queue.pendingQueueIndex()).to.equal(4n);
    });

    for (const lost of ["request", "answer"] as const) {
      it(`a relay whose ${lost} is lost mid-block: nothing after it is sent in that pass, nothing is relayed twice, the batch finalizes`, async function () {
        await sendRecords([0, 1, 2, 3]);
        const scroll = world.xdm.chains.scroll;
        const alias = world.l1MessengerAlias.toLowerCase();
        const third = hexlify(payload(2)).slice(2);
        const fault = loseNextSend(
          scroll,
          (tx) =>
            tx.from.toLowerCase() === alias && (tx.data ?? "").includes(third),
          { lost },
        );
        const nonce = async () =>
          Number(
            await scroll.rpc<string>("eth_getTransactionCount", [
              alias,
              "latest",
            ]),
          );
        try {
          await world.xdm.scroll.relayL1ToL2();
        } finally {
          fault.undo();
        }
        expect(fault.failed()).to.equal(true);
        const stages = () =>
          world.xdm
            .messages({ protocol: "scroll" })
            .map((m) => `${m.status}/${m.stage}`);
        if (lost === "request") {
          // Queue indices 0 and 1 relayed; 2 waits, confirmed, saying why; 3 was not sent.
          expect(await nonce()).to.equal(2);
          expect(stages().slice(0, 3)).to.deep.equal([
            "relayed/relayed",
            "relayed/relayed",
            "ready/confirmed",
          ]);
          expect(
            world.xdm.messages({ protocol: "scroll" })[2].error,
          ).to.include("did not reach");
        } else {
          // The lost answer's relay reached the node and was mined with the block: found, booked.
          expect(await nonce()).to.equal(3);
          expect(stages().slice(0, 3)).to.deep.equal(
            Array(3).fill("relayed/relayed"),
          );
        }
        expect(stages()[3]).to.not.equal("relayed/relayed");

        await world.xdm.scroll.relayL1ToL2();
        expect(stages()).to.deep.equal(Array(4).fill("relayed/relayed"));
        expect(await nonce()).to.equal(4);
        expect(await recipient.received()).to.equal(4n);
        const relayed = (await l1MessageBlocks(scroll, alias, 1)).flatMap(
          (b) => b.inputs,
        );
        expect(
          relayed.map(
            (input) =>
              world.l2Messenger.interface.decodeFunctionData(
                "relayMessage",
                input,
              )[4] as BytesLike,
          ),
        ).to.deep.equal([0, 1, 2, 3].map(payload));

        const index = await world.xdm.scroll.commitBatch();
        const popped = await poppedByBlock(world, index);
        expect(popped.skipped).to.deep.equal([false, false, false, false]);
        await world.finalizeBatch(index);
        expect(await world.l1Queue.pendingQueueIndex()).to.equal(4n);
      });
    }

    it("leaves a chain that does not automine as it is: interval mining relays one at a time", async function () {
      await sendRecords([0, 1, 2]);
      const scroll = world.xdm.chains.scroll;
      await scroll.rpc("evm_setAutomine", [false]);
      await scroll.rpc("evm_setIntervalMining", [50]);
      try {
        const results = await world.relayL1ToL2();
        expect(
          new Set(results.map((r) => r.receipt!.blockNumber)).size,
        ).to.equal(3);
        expect(await scroll.rpc<boolean>("hardhat_getAutomine")).to.equal(
          false,
        );
      } finally {
        await scroll.rpc("evm_setIntervalMining", [0]);
        await scroll.rpc("evm_setAutomine", [true]);
      }
      expect(await recipient.received()).to.equal(3n);
      const index = await world.xdm.scroll.commitBatch();
      expect((await poppedByBlock(world, index)).perBlock).to.deep.equal([
        1, 1, 1,
      ]);
      await world.finalizeBatch(index);
    });
  });

  describe("in a world's own passes", function () {
    let world: World;
    beforeEach(async function () {
      const hre = await hreWith({
        xdm: { chains: { scroll: { protocol: "scroll" } } },
      });
      world = await hre.xdm.create();
    });
    afterEach(async () => await world.close());

    it("stops the queue at the first index short of its confirmations or held by a fault; a user's own L2 transactions still automine", async function () {
      const { scroll } = world.chains;
      const recipient = (await scroll.ethers.deployContract(
        "MessageRecipient",
      )) as unknown as Contract;
      const messenger = scroll.l1Contracts.L1ScrollMessenger;
      const send = async (index: number) =>
        await mined(
          messenger["sendMessage(address,bytes,uint256)"](
            await recipient.getAddress(),
            payload(index),
            GAS_LIMIT,
          ),
        );
      for (const index of [0, 1, 2, 3]) await send(index);
      await world.mine(world.config.scroll.l1Confirmations);
      await send(4); // no confirmations yet
      await world.refresh();
      const ids = world.messages({ protocol: "scroll" }).map((m) => m.id);
      world.faults.hold(ids[2]);
      const stages = () =>
        world.messages({ protocol: "scroll" }).map((m) => m.stage);
      const before = await scroll.blockNumber();

      await world.relay();
      // Queue order: the held index 2 stops the queue, so 3 waits too (neither is looked at).
      expect(stages()).to.deep.equal([
        "relayed",
        "relayed",
        "awaiting-confirmations",
        "awaiting-confirmations",
        "awaiting-confirmations",
      ]);
      expect(await scroll.blockNumber()).to.equal(before + 1); // 0 and 1 in one block

      world.faults.release(ids[2]);
      await world.relay();
      expect(stages()).to.deep.equal([
        "relayed",
        "relayed",
        "relayed",
        "relayed",
        "awaiting-confirmations",
      ]);
      expect(await scroll.blockNumber()).to.equal(before + 2); // 2 and 3 in one block

      // A user's own transaction mines at once: the sequencer gave the chain its automine back.
      const [user] = await scroll.ethers.getSigners();
      const sent = await (recipient.connect(user) as Contract).setShouldFail(
        false,
      );
      expect(
        await scroll.rpc("eth_getTransactionReceipt", [sent.hash]),
      ).to.not.equal(null);
      expect(await scroll.rpc<boolean>("hardhat_getAutomine")).to.equal(true);

      await world.mine(world.config.scroll.l1Confirmations);
      await world.relayAll();
      expect(stages()[4]).to.equal("relayed");
      expect(await recipient.received()).to.equal(5n);
    });
  });
});
