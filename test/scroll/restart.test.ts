// About 460 lines: one restart scenario per kind of relayer state, each rebuilt from the chains.
/**
 * A relayer restarted from scratch (`world.restartRelayer()`) rebuilds the sequencer and the
 * batcher from the chains alone: each queue index's position from the relay transactions and the
 * batches' skipped-message bitmaps, never from a count. After the restart every message reads as
 * before, the queue goes on where the chain left it, nothing is relayed twice and a skipped
 * message can still be dropped.
 *
 * One feature, the restarted relayer (about 460 lines): each case builds its own history of skips,
 * replays and drops before restarting.
 */
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { Interface } from "ethers";

import { applyL1ToL2Alias } from "../../src/protocols/scroll/codec/alias.js";
import { hreWith } from "../helpers/hre.js";

const recipientIface = new Interface(["function record(bytes)"]);

describe("Scroll: a restarted relayer rebuilds each queue position from the chains", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { scroll: { protocol: "scroll" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  /** An L2 recipient, and an L1 sender that takes a dropped message's callback (dropMessage needs one). */
  async function recipientFixture(w: World) {
    const recipient = (await w.chains.scroll.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    const sender = (await w.l1.ethers.deployContract("DropAwareSender", [
      await w.chains.scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    ])) as unknown as Contract;
    return { recipient, sender };
  }

  /** id, status and stage of every message: what a restarted relayer must read back from the chains. */
  const summary = () =>
    world.messages().map((m) => `${m.id} ${m.status} ${m.stage}`);

  /** Transactions the sequencer sent on L2 (each relay, reverted or not, is one). */
  async function relayCount(): Promise<number> {
    const alias = applyL1ToL2Alias(
      await world.chains.scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    );
    return Number(
      await world.chains.scroll.rpc<string>("eth_getTransactionCount", [
        alias,
        "latest",
      ]),
    );
  }

  async function send(
    fx: { recipient: Contract; sender: Contract },
    payload: string,
    gasLimit = 200_000,
  ): Promise<string> {
    await fx.sender.send(
      await fx.recipient.getAddress(),
      0,
      recipientIface.encodeFunctionData("record", [payload]),
      gasLimit,
    );
    await world.refresh();
    return world.messages({ from: "l1" }).at(-1)!.id;
  }

  /** The sequencer's pass without the batcher: L1 confirmations mined, then one pass that moves no clock. */
  async function sequence(): Promise<void> {
    await world.mine(world.config.scroll.l1Confirmations);
    await world.relay();
  }

  async function drop(id: string): Promise<void> {
    const m = world.message(id);
    await world.chains.scroll.l1Contracts.L1ScrollMessenger.dropMessage(
      m.sender,
      m.target,
      m.value,
      m.nonce,
      m.data,
    );
    await world.relay();
  }

  it("after a skip followed by a relay in a block no batch holds yet: the skip stays, dropMessage succeeds, nothing is relayed twice", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const { recipient } = fx;
    const relaysAtStart = await relayCount();
    const [m0, m1, m2] = [
      await send(fx, "0x00"),
      await send(fx, "0x01"),
      await send(fx, "0x02"),
    ];
    world.scroll.skip(Number(world.message(m1).nonce));
    await sequence(); // relays 0, skips 1, relays 2: the block of 2 pops 1 as skipped, on L2 only
    expect(world.message(m1)).to.include({
      status: "failed",
      stage: "skipped",
    });
    expect(world.scroll.batches()).to.have.length(1);
    const before = summary();

    await world.restartRelayer();
    await world.relay();
    expect(summary()).to.deep.equal(before);
    expect(await relayCount()).to.equal(relaysAtStart + 2);

    await world.relayAll(); // commits the relays' blocks and finalizes them
    const queue = world.chains.scroll.l1Contracts.L1MessageQueue;
    expect(await queue.pendingQueueIndex()).to.equal(3n);
    expect([
      await queue.isMessageSkipped(0),
      await queue.isMessageSkipped(1),
      await queue.isMessageSkipped(2),
    ]).to.deep.equal([false, true, false]);
    await drop(m1);
    expect(world.message(m1)).to.include({
      status: "cancelled",
      stage: "dropped",
    });
    expect(await fx.sender.lastDropMessage()).to.equal(world.message(m1).data);
    expect(world.message(m0).status).to.equal("relayed");
    expect(world.message(m2).status).to.equal("relayed");

    const m3 = await send(fx, "0x03");
    await world.relayAll();
    expect(world.message(m3)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await recipient.received()).to.equal(3n);
    expect(await relayCount()).to.equal(relaysAtStart + 3);
  });

  it("after a skip nothing on chain records yet (no later relay): the standing skip holds, and the next relay pops it", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const relaysAtStart = await relayCount();
    const m0 = await send(fx, "0x00");
    const m1 = await send(fx, "0x01");
    world.scroll.skip(Number(world.message(m1).nonce));
    await sequence();
    const before = summary();
    expect(world.message(m1)).to.include({
      status: "failed",
      stage: "skipped",
    });

    await world.restartRelayer();
    await world.relay();
    expect(summary()).to.deep.equal(before);

    const m2 = await send(fx, "0x02");
    await world.relayAll();
    expect(
      await world.chains.scroll.l1Contracts.L1MessageQueue.isMessageSkipped(1),
    ).to.equal(true);
    await drop(m1);
    expect(world.message(m1)).to.include({
      status: "cancelled",
      stage: "dropped",
    });
    expect([world.message(m0).status, world.message(m2).status]).to.deep.equal([
      "relayed",
      "relayed",
    ]);
    expect(await relayCount()).to.equal(relaysAtStart + 2);
  });

  it("after a replay (the first relay out of gas, the replay relayed in a block no batch holds yet)", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const { recipient } = fx;
    const relaysAtStart = await relayCount();
    const m0 = await send(fx, "0x00", 30_000); // the floor, not enough for the relay itself
    await world.relayAll();
    expect(world.message(m0)).to.include({
      status: "failed",
      stage: "relay-failed",
    });
    const [sender] = await world.l1.ethers.getSigners();
    const m = world.message(m0);
    await world.chains.scroll.l1Contracts.L1ScrollMessenger.replayMessage(
      m.sender,
      m.target,
      m.value,
      m.nonce,
      m.data,
      400_000,
      sender.address,
    );
    await world.refresh();
    await sequence();
    expect(world.message(m0)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    const before = summary();

    await world.restartRelayer();
    await world.relay();
    expect(summary()).to.deep.equal(before);
    expect(
      (world.message(m0).details as { queueIndices: number[] }).queueIndices,
    ).to.deep.equal([0, 1]);

    const m1 = await send(fx, "0x01");
    await world.relayAll();
    expect(world.message(m1)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await recipient.received()).to.equal(2n);
    expect(await relayCount()).to.equal(relaysAtStart + 3);
  });

  it("after a skipped message's replay is relayed: the original stays skipped, the replay relayed", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const { recipient } = fx;
    const relaysAtStart = await relayCount();
    const m0 = await send(fx, "0x00");
    world.scroll.skip(0);
    await send(fx, "0x01"); // pops 0 as skipped
    await sequence();
    expect(world.message(m0)).to.include({
      status: "failed",
      stage: "skipped",
    });
    const [sender] = await world.l1.ethers.getSigners();
    const m = world.message(m0);
    // The same gas limit: the replay's relay transaction is identical to the original's would-be one.
    await world.chains.scroll.l1Contracts.L1ScrollMessenger.replayMessage(
      m.sender,
      m.target,
      m.value,
      m.nonce,
      m.data,
      200_000,
      sender.address,
    );
    await world.refresh();
    await sequence();
    expect(world.message(m0)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    const before = summary();

    await world.restartRelayer();
    await world.relay();
    expect(summary()).to.deep.equal(before);
    await world.relayAll();
    const queue = world.chains.scroll.l1Contracts.L1MessageQueue;
    expect([
      await queue.isMessageSkipped(0),
      await queue.isMessageSkipped(1),
      await queue.isMessageSkipped(2),
    ]).to.deep.equal([true, false, false]);
    expect(await queue.pendingQueueIndex()).to.equal(3n);
    expect(await recipient.received()).to.equal(2n);
    expect(await relayCount()).to.equal(relaysAtStart + 2);
  });

  it("after a drop (dropMessage on L1)", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const { recipient } = fx;
    const relaysAtStart = await relayCount();
    const m0 = await send(fx, "0x00");
    world.scroll.skip(0);
    const m1 = await send(fx, "0x01");
    await world.relayAll();
    await drop(m0);
    expect(world.message(m0)).to.include({
      status: "cancelled",
      stage: "dropped",
    });
    const before = summary();

    await world.restartRelayer();
    await world.relay();
    expect(summary()).to.deep.equal(before);

    const m2 = await send(fx, "0x02");
    await world.relayAll();
    expect([world.message(m1).status, world.message(m2).status]).to.deep.equal([
      "relayed",
      "relayed",
    ]);
    expect(
      await world.chains.scroll.l1Contracts.L1MessageQueue.pendingQueueIndex(),
    ).to.equal(3n);
    expect(await recipient.received()).to.equal(2n);
    expect(await relayCount()).to.equal(relaysAtStart + 2);
  });

  it("a claim-failed withdrawal keeps, after a restart, a claim whose proof covers every leaf of its batch, and the claim then succeeds", async () => {
    await world.loadFixture(recipientFixture);
    const scroll = world.chains.scroll;
    const l1Messenger = scroll.l1Contracts.L1ScrollMessenger;
    const [alice] = await scroll.ethers.getSigners();
    const l2Messenger = scroll.contracts.L2ScrollMessenger.connect(alice);
    const withdraw = async (value: bigint) => {
      await (
        await l2Messenger["sendMessage(address,uint256,bytes,uint256)"](
          alice.address,
          value,
          "0x",
          100_000,
          { value },
        )
      ).wait();
      await world.refresh();
      return world.messages({ from: "scroll" }).at(-1)!.id;
    };
    // The L1 messenger holds no ETH: the claim of the withdrawal with value fails in the target call.
    await world.l1.setBalance(await l1Messenger.getAddress(), 0n);
    const w0 = await withdraw(1n);
    const w1 = await withdraw(0n);
    await world.relayAll();
    const claimOf = (id: string) =>
      (
        world.message(id).details as {
          claim: { batchIndex: number; merkleProof: string };
        }
      ).claim;
    expect(claimOf(w0).batchIndex).to.equal(claimOf(w1).batchIndex); // both leaves in one batch
    await world.scroll.claim(w0);
    expect(world.message(w0)).to.include({
      status: "failed",
      stage: "claim-failed",
    });
    const before = structuredClone(claimOf(w0));
    expect(before.merkleProof).to.not.equal("0x");

    await world.restartRelayer();
    await world.refresh(); // reads the chains again; no actor acts
    expect(world.message(w0)).to.include({
      status: "failed",
      stage: "claim-failed",
    });
    expect(claimOf(w0)).to.deep.equal(before);
    await world.relay();
    expect(claimOf(w0)).to.deep.equal(before);

    // The claim made again with the registry's claim, once the messenger can pay the value.
    await world.l1.setBalance(await l1Messenger.getAddress(), 1n);
    const m = world.message(w0);
    await l1Messenger.relayMessageWithProof.staticCall(
      m.sender,
      m.target,
      m.value,
      m.nonce,
      m.data,
      claimOf(w0),
    );
    await (
      await l1Messenger.relayMessageWithProof(
        m.sender,
        m.target,
        m.value,
        m.nonce,
        m.data,
        claimOf(w0),
      )
    ).wait();
    await world.relay();
    expect(world.message(w0)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await l1Messenger.isL2MessageExecuted(m.hash)).to.equal(true);
  });

  it("a replay queued before the sequencer reaches the original: the original's failure leaves the message queued, the replay relays it, a restart reads the same", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const { recipient } = fx;
    const relaysAtStart = await relayCount();
    const m0 = await send(fx, "0x00", 30_000); // the floor, not enough for the relay itself
    const [sender] = await world.l1.ethers.getSigners();
    const m = world.message(m0);
    await world.chains.scroll.l1Contracts.L1ScrollMessenger.replayMessage(
      m.sender,
      m.target,
      m.value,
      m.nonce,
      m.data,
      400_000,
      sender.address,
    );
    await world.refresh();
    const [original, replay] = (
      world.message(m0).details as { queueIndices: number[] }
    ).queueIndices;
    expect(replay).to.equal(original + 1);
    // The original has its confirmations, the replay (one L1 block later) one short of them.
    const confirmations = world.config.scroll.l1Confirmations;
    if (confirmations > 1) await world.mine(confirmations - 1);
    await world.relay();
    expect(await relayCount()).to.equal(relaysAtStart + 1); // the original's relay, which failed
    expect(await recipient.received()).to.equal(0n);
    expect(
      `${world.message(m0).status}/${world.message(m0).stage}`,
    ).to.be.oneOf(["pending/awaiting-confirmations", "ready/confirmed"]);
    const before = world.messages();
    await world.restartRelayer();
    await world.refresh();
    expect(world.messages()).to.deep.equal(before);

    await world.relayAll();
    expect(world.message(m0)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await recipient.received()).to.equal(1n);
    expect(await relayCount()).to.equal(relaysAtStart + 2);
    const settled = world.messages();
    await world.restartRelayer();
    await world.refresh();
    expect(world.messages()).to.deep.equal(settled);
  });

  it("a message whose original copy was relayed stays relayed when the sequencer skips its replay", async () => {
    const fx = await world.loadFixture(recipientFixture);
    const m0 = await send(fx, "0x01", 200_000); // enough: the original relays
    const [sender] = await world.l1.ethers.getSigners();
    const m = world.message(m0);
    await world.chains.scroll.l1Contracts.L1ScrollMessenger.replayMessage(
      m.sender,
      m.target,
      m.value,
      m.nonce,
      m.data,
      400_000,
      sender.address,
    );
    await world.refresh();
    const [, replay] = (world.message(m0).details as { queueIndices: number[] })
      .queueIndices;
    world.scroll.skip(replay);
    await world.relayAll();
    expect(
      await world.chains.scroll.contracts.L2ScrollMessenger.isL1MessageExecuted(
        m.hash,
      ),
    ).to.equal(true);
    expect(world.message(m0)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    const settled = world.messages();
    await world.restartRelayer();
    await world.refresh();
    expect(world.messages()).to.deep.equal(settled);
  });
});
