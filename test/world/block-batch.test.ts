/**
 * The engine's held block (src/block-batch.ts): an actor's transactions queued with the chain's
 * automine held and mined together, in order, split by the block gas limit, each ending with the same
 * ActorTxOutcome as a transaction sent alone (a revert mid-block with the reason its own execution gave),
 * and the chain's mining mode as it was before.
 */
import type { RpcReceipt, TxFields } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";

import { expect } from "chai";

import {
  BLOCK_TRANSACTIONS,
  HeldBlock,
  isHeld,
  sendInOneBlock,
} from "../../src/block-batch.js";
import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

/** The L1's block gas limit here: small enough that a few `burn` calls fill a block. */
const BLOCK_GAS_LIMIT = 1_000_000n;

describe("a held block: an actor's transactions many to a block", () => {
  let world: World;
  let sw: Contract;
  let call: (fn: string, args?: unknown[], gas?: bigint) => TxFields;
  before(async () => {
    const hre = await hreWith({
      networks: {
        l1: {
          type: "edr-simulated",
          chainType: "l1",
          chainId: 900,
          blockGasLimit: Number(BLOCK_GAS_LIMIT),
        },
      },
      xdm: { chains: { scroll: { protocol: "scroll" } } },
    });
    world = await hre.xdm.create();
    sw = (await world.l1.ethers.deployContract("Switch")) as Contract;
    const to = await sw.getAddress();
    call = (fn, args = [], gas = 100_000n) => ({
      from: world.actors.deployer.address,
      to,
      data: sw.interface.encodeFunctionData(fn, args),
      gas,
    });
  });
  after(async () => await world.close());

  async function receiptOf(
    hash: string,
  ): Promise<RpcReceipt & { transactionIndex: string }> {
    return await world.l1.rpc("eth_getTransactionReceipt", [hash]);
  }

  it("mines the queued transactions in one block, in order, and restores automine", async () => {
    const before = await world.l1.blockNumber();
    const block = (await HeldBlock.open(world, world.l1))!;
    expect(isHeld(world.l1)).to.equal(true);
    expect(await world.l1.rpc("hardhat_getAutomine")).to.equal(false);
    for (let index = 0; index < 3; index++)
      expect(await block.submit(call("check"))).to.have.property("hash");
    expect(await world.l1.blockNumber()).to.equal(before); // nothing mined while held
    const outcomes = await block.mine();
    expect(isHeld(world.l1)).to.equal(false);
    expect(await world.l1.rpc("hardhat_getAutomine")).to.equal(true);
    expect(await world.l1.blockNumber()).to.equal(before + 1);
    expect(outcomes.map((o) => o.outcome.kind)).to.deep.equal([
      "mined",
      "mined",
      "mined",
    ]);
    const receipts = await Promise.all(outcomes.map((o) => receiptOf(o.hash)));
    expect(receipts.map((r) => Number(r.blockNumber))).to.deep.equal([
      before + 1,
      before + 1,
      before + 1,
    ]);
    expect(receipts.map((r) => Number(r.transactionIndex))).to.deep.equal([
      0, 1, 2,
    ]);
  });

  it("a transaction that reverts mid-block gets the reason of its own execution, not of a replay on the parent block", async () => {
    const passed = await sw.passed();
    const [off, reverted, on, ok] = await sendInOneBlock(world, world.l1, [
      call("set", [false]),
      call("check"),
      call("set", [true]),
      call("check"),
    ]);
    expect([off.kind, on.kind, ok.kind]).to.deep.equal([
      "mined",
      "mined",
      "mined",
    ]);
    if (reverted.kind !== "reverted")
      expect.fail(`expected a revert, got ${reverted.kind}`);
    // On the parent block the switch was on: a replay there would pass and give no reason.
    const off_ = sw.interface.encodeErrorResult("Off", [passed]);
    expect(reverted.revertData).to.equal(off_);
    expect(reverted.receipt?.status).to.equal("0x0");
    expect(reverted.reason).to.equal(
      `transaction ${reverted.transactionHash} reverted with Off(${passed})`,
    );
    expect(reverted.receipt?.blockNumber).to.equal(
      ok.kind === "mined" ? ok.receipt.blockNumber : undefined,
    );
  });

  it("splits by the block gas limit: no block holds more gas limits than it allows", async () => {
    const before = await world.l1.blockNumber();
    const outcomes = await sendInOneBlock(
      world,
      world.l1,
      Array.from({ length: 5 }, () => call("burn", [300_000n], 400_000n)),
    );
    expect(outcomes.every((o) => o.kind === "mined")).to.equal(true);
    const blocks = outcomes.map((o) =>
      o.kind === "mined" ? Number(o.receipt.blockNumber) : -1,
    );
    expect(blocks).to.deep.equal([
      before + 1,
      before + 1,
      before + 2,
      before + 2,
      before + 3,
    ]);
    expect(await world.l1.rpc("hardhat_getAutomine")).to.equal(true);
  });

  it(`puts at most ${BLOCK_TRANSACTIONS} transactions in a block`, async () => {
    const before = await world.l1.blockNumber();
    const outcomes = await sendInOneBlock(
      world,
      world.l1,
      Array.from({ length: BLOCK_TRANSACTIONS + 2 }, () => call("check")),
    );
    const blocks = outcomes.map((o) =>
      o.kind === "mined" ? Number(o.receipt.blockNumber) : -1,
    );
    expect(blocks).to.deep.equal([
      ...Array<number>(BLOCK_TRANSACTIONS).fill(before + 1),
      before + 2,
      before + 2,
    ]);
  });

  it("a refused send is that transaction's outcome; the others still mine", async () => {
    const [refused, mined] = await sendInOneBlock(world, world.l1, [
      { ...call("check"), from: "0x000000000000000000000000000000000000dEaD" },
      call("check"),
    ]);
    expect(refused.kind).to.equal("refused");
    expect(mined.kind).to.equal("mined");
    expect(await world.l1.rpc("hardhat_getAutomine")).to.equal(true);
  });

  it("leaves a chain whose automine is off as it is: nothing is held, one transaction at a time", async () => {
    await world.l1.rpc("evm_setAutomine", [false]);
    try {
      expect(await HeldBlock.open(world, world.l1)).to.equal(undefined);
      expect(await world.l1.rpc("hardhat_getAutomine")).to.equal(false);
      expect(isHeld(world.l1)).to.equal(false);
    } finally {
      await world.l1.rpc("evm_setAutomine", [true]);
    }
  });

  it("a user's own transaction still mines at once after a held block", async () => {
    await sendInOneBlock(world, world.l1, [call("check"), call("check")]);
    const before = await world.l1.blockNumber();
    const receipt = await (await sw.check()).wait();
    expect(receipt?.blockNumber).to.equal(before + 1);
  });

  it("refuses a second held block on the same chain, and a held block used after it was mined", async () => {
    const block = (await HeldBlock.open(world, world.l1))!;
    await expectRejection(
      HeldBlock.open(world, world.l1),
      "already has a held block",
    );
    await block.mine();
    await expectRejection(block.submit(call("check")), "was mined already");
    expect(await world.l1.rpc("hardhat_getAutomine")).to.equal(true);
  });
});
