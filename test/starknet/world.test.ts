// StarkNet through a world, end to end, in one file (about 440 lines): every case shares the
// deployed receiver and sender.
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { parseEther } from "ethers";

import {
  PROGRAM_HASH,
  sharpFact,
  stateTransitionFact,
} from "../../src/protocols/starknet/codec/program-output.js";
import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

const FEE = 10n ** 15n;

describe("StarkNet messaging in a world", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { starknet: { protocol: "starknet" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  async function bridges(w: World) {
    const { l1, starknet } = w.chains;
    const [owner] = await l1.ethers.getSigners();
    const core = starknet.l1Contracts.StarknetCore;
    const l1Bridge = (await l1.ethers.deployContract("StarknetEthBridgeL1", [
      await core.getAddress(),
      owner.address,
    ])) as Contract;
    const l2Bridge = (await starknet.ethers.deployContract(
      "StarknetEthBridgeL2",
      [await l1Bridge.getAddress()],
    )) as Contract;
    await l1Bridge.setL2Bridge(await l2Bridge.getAddress());
    return { l1Bridge, l2Bridge, core, owner };
  }

  it("installs StarknetCore, the fact registry and the L2 messaging contract at their fixed addresses", async () => {
    const { l1, starknet } = world.chains;
    expect(await starknet.l1Contracts.StarknetCore.getAddress()).to.equal(
      "0x5354000000000000000000000000000000001001",
    );
    expect(await starknet.l1Contracts.MockFactRegistry.getAddress()).to.equal(
      "0x5354000000000000000000000000000000001002",
    );
    expect(await starknet.contracts.StarknetL2Messaging.getAddress()).to.equal(
      "0x5354000000000000000000000000000000000001",
    );
    expect(await starknet.l1Contracts.StarknetCore.stateBlockNumber()).to.equal(
      -1n,
    );
    expect(
      await starknet.l1Contracts.StarknetCore.messageCancellationDelay(),
    ).to.equal(432000n);
    expect(
      await starknet.l1Contracts.StarknetCore.isOperator(
        world.actors["starknet:sequencer"].address,
      ),
    ).to.equal(true);
    expect(await starknet.contracts.StarknetL2Messaging.sequencer()).to.equal(
      world.actors["starknet:sequencer"].address,
    );
    expect(
      await l1.rpc("eth_getCode", [
        "0x5354000000000000000000000000000000001001",
        "latest",
      ]),
    ).to.not.equal("0x");
  });

  it("delivers a deposit to its l1 handler at 10 confirmations, not at 9, with from_address and payload", async () => {
    const { l1Bridge, l2Bridge, core } = await world.loadFixture(bridges);
    const [, alice] = await world.l1.ethers.getSigners();
    await (l1Bridge.connect(alice) as Contract).deposit(
      alice.address,
      parseEther("1"),
      { value: parseEther("1") + FEE },
    );
    await world.relay();
    let [message] = world.messages({ protocol: "starknet" });
    expect(message).to.include({
      status: "pending",
      stage: "awaiting-confirmations",
      from: "l1",
      to: "starknet",
      nonce: 0n,
    });
    expect(message.sender).to.equal(await l1Bridge.getAddress());
    expect(await core.l1ToL2Messages(message.hash)).to.equal(FEE + 1n);

    await world.mine(9);
    await world.relay();
    expect(world.message(message.id).stage).to.equal("awaiting-confirmations");
    await world.mine(1);
    await world.relay();
    message = world.message(message.id, "starknet");
    expect(message).to.include({ status: "relayed", stage: "handled" });
    expect(await l2Bridge.balanceOf(alice.address)).to.equal(parseEther("1"));
    expect(
      await world.chains.starknet.contracts.StarknetL2Messaging.l1HandlerStatus(
        0,
      ),
    ).to.equal(1n);

    // The state update consumes it on L1 and pays its fee to the operator.
    const operator = world.actors["starknet:sequencer"].address;
    const provider = world.l1.ethers.provider;
    const before = await provider.getBalance(operator);
    const fromBlock = await provider.getBlockNumber();
    await world.relayAll();
    expect(world.message(message.id)).to.include({
      status: "relayed",
      stage: "consumed",
    });
    expect(await core.l1ToL2Messages(message.hash)).to.equal(0n);
    let gasPaid = 0n;
    for (let n = fromBlock + 1; n <= (await provider.getBlockNumber()); n++) {
      for (const hash of (await provider.getBlock(n))!.transactions) {
        const receipt = (await provider.getTransactionReceipt(hash))!;
        if (receipt.from === operator)
          gasPaid += receipt.gasUsed * receipt.gasPrice;
      }
    }
    expect(await provider.getBalance(operator)).to.equal(
      before - gasPaid + FEE,
    );
    expect(await core.stateBlockNumber()).to.equal(
      BigInt(await world.chains.starknet.blockNumber()),
    );
  });

  it("makes a withdrawal consumable only after the state update, only by its recipient, as many times as it was sent", async () => {
    const { l1Bridge, l2Bridge } = await world.loadFixture(bridges);
    const [, alice, bob] = await world.l1.ethers.getSigners();
    await (l1Bridge.connect(alice) as Contract).deposit(
      alice.address,
      parseEther("3"),
      { value: parseEther("3") + FEE },
    );
    await world.relayAll();
    const l2Alice = (await world.chains.starknet.ethers.getSigners())[1];
    await (l2Bridge.connect(l2Alice) as Contract).withdraw(
      bob.address,
      parseEther("1"),
    );
    await (l2Bridge.connect(l2Alice) as Contract).withdraw(
      bob.address,
      parseEther("1"),
    );
    await world.relay();
    const withdrawals = world.messages({ from: "starknet" });
    expect(withdrawals.map((m) => m.stage)).to.deep.equal([
      "awaiting-state-update",
      "awaiting-state-update",
    ]);
    expect(withdrawals[0].hash).to.equal(withdrawals[1].hash);
    await expectRejection(
      l1Bridge.finalizeWithdrawal(bob.address, parseEther("1")),
      "INVALID_MESSAGE_TO_CONSUME",
    );

    await world.relayAll();
    expect(
      world.messages({ from: "starknet" }).map((m) => [m.status, m.stage]),
    ).to.deep.equal([
      ["ready", "state-updated"],
      ["ready", "state-updated"],
    ]);
    // Anyone else calling consumeMessageFromL2 with the same payload consumes nothing: the hash names the recipient.
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    await expectRejection(
      core.consumeMessageFromL2(await l2Bridge.getAddress(), [
        BigInt(bob.address),
        parseEther("1"),
      ]),
      "INVALID_MESSAGE_TO_CONSUME",
    );

    const start = await world.l1.ethers.provider.getBalance(bob.address);
    await l1Bridge.finalizeWithdrawal(bob.address, parseEther("1"));
    await world.relay();
    expect(
      world.messages({ from: "starknet" }).map((m) => m.stage),
    ).to.deep.equal(["consumed", "state-updated"]);
    await l1Bridge.finalizeWithdrawal(bob.address, parseEther("1"));
    await expectRejection(
      l1Bridge.finalizeWithdrawal(bob.address, parseEther("1")),
      "INVALID_MESSAGE_TO_CONSUME",
    );
    await world.relay();
    expect(
      world.messages({ from: "starknet" }).map((m) => [m.status, m.stage]),
    ).to.deep.equal([
      ["relayed", "consumed"],
      ["relayed", "consumed"],
    ]);
    expect(await world.l1.ethers.provider.getBalance(bob.address)).to.equal(
      start + parseEther("2"),
    );
  });

  it("leaves a message whose handler reverts pending on L1 with its fee; cancels it at 5 days, not 1 s before", async () => {
    const { core } = await world.loadFixture(bridges);
    const { starknet } = world.chains;
    // An L2 bridge that trusts another L1 sender: its handler reverts WRONG_L1_SENDER.
    const stranger = (await starknet.ethers.deployContract(
      "StarknetEthBridgeL2",
      [1234n],
    )) as Contract;
    const [, alice] = await world.l1.ethers.getSigners();
    const direct = core.connect(alice);
    await direct.sendMessageToL2(
      await stranger.getAddress(),
      0xde3ab781n,
      [BigInt(alice.address), 5n],
      { value: FEE },
    );
    await world.relayAll();
    let [message] = world.messages({
      protocol: "starknet",
      sender: alice.address,
    });
    expect(message).to.include({ status: "failed", stage: "handler-reverted" });
    expect(message.error).to.include("WRONG_L1_SENDER");
    expect(await core.l1ToL2Messages(message.hash)).to.equal(FEE + 1n);

    await direct.startL1ToL2MessageCancellation(
      await stranger.getAddress(),
      0xde3ab781n,
      [BigInt(alice.address), 5n],
      0,
    );
    await world.relay();
    message = world.message(message.id, "starknet");
    expect(message).to.include({
      status: "pending",
      stage: "cancellation-requested",
    });
    const at = (await world.starknet.cancellableAt(message))!;
    await world.time.setNextBlockTimestamp(at - 1, "l1");
    await expectRejection(
      direct.cancelL1ToL2Message(
        await stranger.getAddress(),
        0xde3ab781n,
        [BigInt(alice.address), 5n],
        0,
      ),
      "MESSAGE_CANCELLATION_NOT_ALLOWED_YET",
    );
    await world.time.setNextBlockTimestamp(at, "l1");
    await direct.cancelL1ToL2Message(
      await stranger.getAddress(),
      0xde3ab781n,
      [BigInt(alice.address), 5n],
      0,
    );
    await world.relayAll();
    expect(world.message(message.id)).to.include({
      status: "cancelled",
      stage: "cancelled",
    });
    expect(await core.l1ToL2Messages(message.hash)).to.equal(0n);
  });

  it("never delivers a message whose cancellation was requested before it was confirmed", async () => {
    const { l1Bridge, l2Bridge } = await world.loadFixture(bridges);
    const [, alice] = await world.l1.ethers.getSigners();
    const bridge = l1Bridge.connect(alice) as Contract;
    await bridge.deposit(alice.address, 100n, { value: 100n + FEE });
    await bridge.startDepositCancellation(alice.address, 100n, 0);
    await world.relayAll();
    const [message] = world.messages({ protocol: "starknet" });
    expect(message).to.include({
      status: "pending",
      stage: "cancellation-requested",
    });
    expect(
      await world.chains.starknet.contracts.StarknetL2Messaging.l1HandlerStatus(
        0,
      ),
    ).to.equal(0n);
    await world.time.increase(432000);
    await bridge.cancelDeposit(alice.address, 100n, 0);
    await world.relayAll();
    expect(world.message(message.id).status).to.equal("cancelled");
    expect(await l2Bridge.balanceOf(alice.address)).to.equal(0n);
    expect(
      await world.chains.starknet.contracts.StarknetL2Messaging.l1HandlerStatus(
        0,
      ),
    ).to.equal(0n);
  });

  it("exposes each step: deliver one message, update state now", async () => {
    const { l1Bridge, l2Bridge } = await world.loadFixture(bridges);
    const [, alice] = await world.l1.ethers.getSigners();
    await (l1Bridge.connect(alice) as Contract).deposit(alice.address, 7n, {
      value: 7n + FEE,
    });
    await world.relay();
    const [message] = world.messages({ protocol: "starknet" });
    expect((await world.starknet.deliver(message)).stage).to.equal("handled");
    expect(await l2Bridge.balanceOf(alice.address)).to.equal(7n);
    const update = await world.starknet.updateState();
    // What it reports is what StarknetCore holds: the L2 head, the fact the prover registered, the message consumed.
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    expect(update.blockNumber).to.equal(
      await world.chains.starknet.blockNumber(),
    );
    expect(await core.stateBlockNumber()).to.equal(BigInt(update.blockNumber));
    expect(
      await world.chains.starknet.l1Contracts.MockFactRegistry.isValid(
        update.fact,
      ),
    ).to.equal(true);
    expect(update.fact).to.equal(
      sharpFact(PROGRAM_HASH, stateTransitionFact(update.output)),
    );
    expect(await core.l1ToL2Messages(message.hash)).to.equal(0n);
    await world.relay();
    expect(world.message(message.id).stage).to.equal("consumed");
    await expectRejection(
      world.starknet.updateState("opA"),
      '"opA" is not a StarkNet chain',
    );
  });

  it("updateState() with no new L2 block since the last update throws that there is nothing to update, and the chain keeps the first", async () => {
    const { l1Bridge } = await world.loadFixture(bridges);
    const [, alice] = await world.l1.ethers.getSigners();
    await (l1Bridge.connect(alice) as Contract).deposit(alice.address, 7n, {
      value: 7n + FEE,
    });
    await world.relay();
    await world.starknet.deliver(world.messages({ protocol: "starknet" })[0]);
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    const first = await world.starknet.updateState();
    expect(await core.stateBlockNumber()).to.equal(BigInt(first.blockNumber));
    const l1Block = await world.l1.blockNumber();
    await expectRejection(
      world.starknet.updateState(),
      "Nothing to update",
      `already at L2 block ${first.blockNumber}`,
    );
    expect(await core.stateBlockNumber()).to.equal(BigInt(first.blockNumber));
    expect(await world.l1.blockNumber(), "no transaction sent").to.equal(
      l1Block,
    );
    // A new L2 block makes the next one meaningful again.
    await world.chains.starknet.rpc("evm_mine");
    const second = await world.starknet.updateState();
    expect(second.blockNumber).to.equal(first.blockNumber + 1);
    expect(await core.stateBlockNumber()).to.equal(BigInt(second.blockNumber));
  });

  it("updateState() throws StarknetCore's decoded reason when its update is refused", async () => {
    await world.loadFixture(bridges);
    await world.chains.starknet.rpc("evm_mine");
    world.faults.failProofs("starknet", 1);
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    const before = await core.stateBlockNumber();
    await expectRejection(
      world.starknet.updateState(),
      "NO_STATE_TRANSITION_PROOF",
    );
    expect(await core.stateBlockNumber()).to.equal(before);
    const update = await world.starknet.updateState();
    expect(await core.stateBlockNumber()).to.equal(BigInt(update.blockNumber));
  });
});

describe("StarkNet timing knobs and the sequencer's felt checks", () => {
  it("uses the configured confirmations and proof delay, and flags a message with a field >= P undeliverable", async () => {
    const hre = await hreWith({
      xdm: {
        chains: { sn: { protocol: "starknet", network: "starknet" } },
        starknet: {
          l1Confirmations: 2,
          proofDelay: 3600,
          cancellationDelay: 60,
        },
      },
    });
    const world = await hre.xdm.create();
    try {
      const core = world.chains.sn.l1Contracts.StarknetCore;
      expect(await core.messageCancellationDelay()).to.equal(60n);
      const receiver = await world.chains.sn.ethers.deployContract(
        "StarknetRecordingHandler",
      );
      const selector = BigInt(
        receiver.interface.getFunction("record")?.selector ?? "0x0",
      );
      await core.sendMessageToL2(
        await receiver.getAddress(),
        selector,
        [1n, 2n],
        { value: FEE },
      );
      await world.relay();
      const [message] = world.messages();
      await world.mine(1);
      await world.relay();
      expect(world.message(message.id).stage).to.equal(
        "awaiting-confirmations",
      );
      await world.mine(1);
      await world.relay();
      expect(world.message(message.id).stage).to.equal("handled");

      // The state update waits for the proof delay: relay() does not move the clock, relayAll() does.
      const closedFrom = await world.time.latest();
      await world.relayAll();
      expect(world.message(message.id).stage).to.equal("consumed");
      expect(await world.time.latest()).to.be.at.least(closedFrom + 3600);

      // A payload word >= P: StarknetCore takes it (no range check on L1), the sequencer does not deliver it.
      const P = (1n << 251n) + 17n * (1n << 192n) + 1n;
      await core.sendMessageToL2(await receiver.getAddress(), selector, [P], {
        value: FEE,
      });
      await world.relayAll();
      const bad = world.messages({ status: "failed" })[0];
      expect(bad).to.include({ stage: "undeliverable" });
      expect(bad.error).to.include("felt");
      expect(
        await world.chains.sn.contracts.StarknetL2Messaging.l1HandlerStatus(
          bad.nonce,
        ),
      ).to.equal(0n);
    } finally {
      await world.close();
    }
  });
});
