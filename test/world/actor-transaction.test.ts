/**
 * The engine's actor transaction (src/actor-transaction.ts): how a send ended, told the same way on a
 * node that throws on failed transactions and on one that mines them with status 0 (the L1 here, with
 * `throwOnTransactionFailures: false`), and the count of sends lost in a row. The Scroll and StarkNet
 * actors read the same reasons on such an L1 as on a throwing one (test/scroll/actor-failures.test.ts and
 * test/starknet/actor-failures.test.ts run on throwing chains).
 */
import type { Chain } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";

import { expect } from "chai";
import { HardhatPluginError } from "hardhat/plugins";

import {
  MAX_LOST_SENDS,
  countLostSend,
  sendActorTransaction,
} from "../../src/actor-transaction.js";
import { connectionReset, loseNextSend } from "../helpers/faults.js";
import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

describe("an actor's transaction, as the engine tells how it ended", () => {
  let world: World;
  before(async () => {
    const hre = await hreWith({
      networks: {
        l1: {
          type: "edr-simulated",
          chainType: "l1",
          chainId: 900,
          throwOnTransactionFailures: false,
        },
      },
      xdm: {
        chains: {
          scroll: { protocol: "scroll" },
          starknet: { protocol: "starknet" },
        },
      },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  /** A Gate (closed: `enter` reverts GateClosed()) on `chain`, and the deployer actor's `enter` call. */
  async function closedGate(chain: Chain) {
    const gate = (await chain.ethers.deployContract("Gate")) as Contract;
    return {
      gate,
      enter: {
        from: world.actors.deployer.address,
        to: await gate.getAddress(),
        data: gate.interface.encodeFunctionData("enter"),
      },
    };
  }

  it("a mined transaction: its receipt", async () => {
    const { gate, enter } = await closedGate(world.l1);
    const outcome = await sendActorTransaction(world, world.l1, {
      ...enter,
      data: gate.interface.encodeFunctionData("setOpen", [true]),
    });
    expect(outcome.kind).to.equal("mined");
    expect(await gate.open()).to.equal(true);
  });

  it("a revert reads the same whether the node throws or mines it with status 0 (read from its trace)", async () => {
    const { gate, enter } = await closedGate(world.chains.scroll);
    const gateClosed = gate.interface.getError("GateClosed")!.selector;
    const thrown = await sendActorTransaction(
      world,
      world.chains.scroll,
      enter,
    );
    const mined = await sendActorTransaction(
      world,
      world.l1,
      (await closedGate(world.l1)).enter,
    );
    if (thrown.kind !== "reverted" || mined.kind !== "reverted")
      expect.fail(`expected two reverts, got ${thrown.kind}, ${mined.kind}`);
    expect(thrown.reason).to.equal("GateClosed()");
    expect(thrown.revertData).to.equal(gateClosed);
    expect(thrown.receipt).to.equal(undefined);
    expect(mined.receipt?.status).to.equal("0x0");
    expect(mined.transactionHash).to.equal(mined.receipt?.transactionHash);
    expect(mined.revertData).to.equal(gateClosed);
    expect(mined.reason).to.equal(
      `transaction ${mined.transactionHash} reverted with GateClosed()`,
    );
    expect((mined.error as Error & { data?: string }).data).to.equal(
      gateClosed,
    );
  });

  it("an Error(string) revert carries its text as the refusal, thrown or mined", async () => {
    for (const chain of [world.chains.scroll, world.l1]) {
      const recipient = (await chain.ethers.deployContract(
        "MessageRecipient",
      )) as Contract;
      const outcome = await sendActorTransaction(world, chain, {
        from: world.actors.deployer.address,
        to: await recipient.getAddress(),
        data: recipient.interface.encodeFunctionData("fail", ["NOT_NOW"]),
      });
      if (outcome.kind !== "reverted")
        expect.fail(`expected a revert on ${chain.name}, got ${outcome.kind}`);
      expect(outcome.refusal, chain.name).to.equal("NOT_NOW");
      expect(outcome.reason, chain.name).to.include('reverted: "NOT_NOW"');
    }
  });

  it("a send lost in transport, and a send the node refuses (an account it does not sign for)", async () => {
    const { enter } = await closedGate(world.l1);
    const fault = loseNextSend(world.l1, () => true, {
      error: connectionReset(),
    });
    const lost = await sendActorTransaction(world, world.l1, enter);
    fault.undo();
    expect(lost).to.include({ kind: "transport", reason: "read ECONNRESET" });

    const refused = await sendActorTransaction(world, world.l1, {
      ...enter,
      from: "0x000000000000000000000000000000000000dEaD",
    });
    expect(refused.kind).to.equal("refused");
  });

  it(`countLostSend gives up at the ${MAX_LOST_SENDS}th send lost in a row, with the cause, and counts again from zero`, () => {
    const holder: { lostSends?: number } = {};
    const cause = connectionReset();
    const giveUp = (why: string) => `gave up: ${why}`;
    for (let i = 1; i < MAX_LOST_SENDS; i++) {
      countLostSend(holder, cause, giveUp);
      expect(holder.lostSends).to.equal(i);
    }
    let thrown: unknown;
    try {
      countLostSend(holder, cause, giveUp);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(HardhatPluginError);
    expect((thrown as Error).message).to.include("gave up: read ECONNRESET");
    expect((thrown as Error).cause).to.equal(cause);
    expect(holder.lostSends).to.equal(0);
  });

  describe("the protocols' actors on an L1 that mines failed transactions", () => {
    it("Scroll's finalizer stops with the rollup's reason, as on a throwing node", async () => {
      const { l1, scroll } = world.chains;
      const id = await world.snapshot();
      try {
        const [alice] = await l1.ethers.getSigners();
        await scroll.contracts.L2ScrollMessenger[
          "sendMessage(address,uint256,bytes,uint256)"
        ](alice.address, 0, "0x", 100_000);
        await world.refresh();
        await world.scroll.commitBatch();
        const owner = await l1.ethers.getImpersonatedSigner(
          world.actors.deployer.address,
        );
        await (
          await scroll.l1Contracts.ZKRollup.connect(owner).setPause(true)
        ).wait();
        const error = await expectRejection(
          world.relayAll({ maxPasses: 20 }),
          "finalizeBatchWithProof",
          "reverted with",
          "Pausable: paused",
        );
        expect((error.cause as { data?: string }).data).to.be.a("string");
      } finally {
        await world.restore(id);
      }
    });

    it("StarkNet's operator retries a missing proof (NO_STATE_TRANSITION_PROOF), which it reads from the mined transaction", async () => {
      const { l1, starknet } = world.chains;
      const id = await world.snapshot();
      try {
        const [alice] = await l1.ethers.getSigners();
        await starknet.contracts.StarknetL2Messaging.sendMessageToL1(
          BigInt(alice.address),
          [3n],
        );
        world.faults.failProofs("starknet", 1);
        await world.relayAll();
        expect(world.starknet.lastError).to.include(
          "NO_STATE_TRANSITION_PROOF",
        );
        expect(world.messages({ from: "starknet" })[0]).to.include({
          status: "ready",
          stage: "state-updated",
        });
      } finally {
        await world.restore(id);
      }
    });
  });
});
