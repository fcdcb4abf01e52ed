import type { World } from "../../src/world.js";
import type { Contract, TransactionReceipt } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { parseEther } from "ethers";

import { hreWith } from "../helpers/hre.js";

const FEE = 10n ** 15n;

/**
 * A deposit handled on L2 whose sender then cancels it on L1 after the 5-day delay: the real contracts
 * accept every step (the message is still pending on L1 until a state update consumes it). On StarkNet a
 * state update comes within hours, so this cannot happen there; in a world whose clock jumps it can. The
 * model (docs/notes/starknet.md): the message shows `failed` / `cancelled-after-handling` with a
 * double-spend error, state updates leave it out (StarknetCore no longer holds it), and everything else
 * keeps moving.
 */
describe("StarkNet: a deposit cancelled on L1 after it was handled on L2", () => {
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
    const [owner, alice] = await l1.ethers.getSigners();
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
    const aliceL2 = (await starknet.ethers.getSigners())[1];
    return {
      l1Bridge: l1Bridge.connect(alice) as Contract,
      l2Bridge: l2Bridge.connect(aliceL2) as Contract,
      core,
      alice,
      aliceL2,
    };
  }

  /** Deposit, handled by relay() at 10 confirmations, cancellation started, 5 days, cancelled: every step succeeds on chain. */
  async function handledThenCancelled(w: World) {
    const fx = await bridges(w);
    await fx.l1Bridge.deposit(fx.aliceL2.address, parseEther("1"), {
      value: parseEther("1") + FEE,
    });
    await w.mine(10);
    await w.relay();
    const [deposit] = w.messages({ protocol: "starknet", from: "l1" });
    expect(deposit, "the deposit before the cancellation").to.include({
      status: "relayed",
      stage: "handled",
    });
    expect(await fx.l2Bridge.balanceOf(fx.aliceL2.address)).to.equal(
      parseEther("1"),
    );
    await fx.l1Bridge.startDepositCancellation(
      fx.aliceL2.address,
      parseEther("1"),
      deposit.nonce,
    );
    await w.time.increase(432000);
    const before = await w.l1.ethers.provider.getBalance(fx.alice.address);
    const receipt = (await (
      await fx.l1Bridge.cancelDeposit(
        fx.aliceL2.address,
        parseEther("1"),
        deposit.nonce,
      )
    ).wait()) as TransactionReceipt;
    // The L1 refunded the deposit that L2 already credited.
    expect(await w.l1.ethers.provider.getBalance(fx.alice.address)).to.equal(
      before - receipt.gasUsed * receipt.gasPrice + parseEther("1"),
    );
    expect(await fx.core.l1ToL2Messages(deposit.hash)).to.equal(0n);
    return { ...fx, deposit };
  }

  it("shows the message failed with a double-spend error naming what happened, after relay() and relayAll()", async () => {
    const { deposit } = await world.loadFixture(handledThenCancelled);
    await world.relay();
    let message = world.message(deposit.id);
    expect(message).to.include({
      status: "failed",
      stage: "cancelled-after-handling",
    });
    expect(message.error).to.include("double spend");
    expect(message.error).to.include("handled on L2");
    expect(message.error).to.include("cancelled on L1");
    expect(
      message.destinationTx,
      "the L2 transaction that handled it",
    ).to.match(/^0x[0-9a-f]{64}$/);
    await world.relayAll();
    message = world.message(deposit.id);
    expect(message).to.include({
      status: "failed",
      stage: "cancelled-after-handling",
    });
  });

  it("the next state update succeeds on L1 without the cancelled message, and a new deposit and a withdrawal still move", async () => {
    const { deposit, l1Bridge, l2Bridge, core, alice, aliceL2 } =
      await world.loadFixture(handledThenCancelled);
    const starknet = world.chains.starknet;
    // Other messages: a second deposit, and a withdrawal of what the first credited on L2. The L1 bridge
    // refunded the first deposit, so it holds only the second one's 5 wei: the double spend in coins.
    await l1Bridge.deposit(aliceL2.address, 5n, { value: 5n + FEE });
    await l2Bridge.withdraw(alice.address, 3n);

    await world.relay();
    await world.relayAll();
    await world.relayAll(); // and again: nothing is left throwing

    // The update covered every L2 block, consumed the new deposit and put the withdrawal on L1.
    expect(await core.stateBlockNumber()).to.equal(
      BigInt(await starknet.blockNumber()),
    );
    const [, second] = world.messages({ protocol: "starknet", from: "l1" });
    expect(second).to.include({ status: "relayed", stage: "consumed" });
    expect(await core.l1ToL2Messages(second.hash)).to.equal(0n);
    expect(await l2Bridge.balanceOf(aliceL2.address)).to.equal(
      parseEther("1") - 3n + 5n,
    );
    expect(
      await world.l1.ethers.provider.getBalance(await l1Bridge.getAddress()),
    ).to.equal(5n);
    const [withdrawal] = world.messages({
      protocol: "starknet",
      from: "starknet",
    });
    expect(withdrawal).to.include({ status: "ready", stage: "state-updated" });
    expect(await core.l2ToL1Messages(withdrawal.hash)).to.equal(1n);
    await l1Bridge.finalizeWithdrawal(alice.address, 3n);
    await world.relay();
    expect(world.message(withdrawal.id)).to.include({
      status: "relayed",
      stage: "consumed",
    });

    // No update consumed the cancelled deposit (StarknetCore would have reverted INVALID_MESSAGE_TO_CONSUME).
    const consumed = await world.l1.ethers.provider.getLogs({
      address: await core.getAddress(),
      topics: [core.interface.getEvent("ConsumedMessageToL2")!.topicHash],
      fromBlock: 0,
    });
    const nonces = consumed.map(
      (log) => core.interface.parseLog(log)!.args.nonce as bigint,
    );
    expect(nonces).to.deep.equal([second.nonce]);
    expect(world.message(deposit.id)).to.include({
      status: "failed",
      stage: "cancelled-after-handling",
    });
  });

  it("an update closed before the cancellation is closed again without it", async () => {
    // A long proof delay: the update carrying the handled deposit waits, the sender cancels meanwhile.
    const slow = await (
      await hreWith({
        xdm: {
          chains: { starknet: { protocol: "starknet" } },
          starknet: { proofDelay: 500000 },
        },
      })
    ).xdm.create();
    try {
      const fx = await bridges(slow);
      await fx.l1Bridge.deposit(fx.aliceL2.address, 9n, { value: 9n + FEE });
      await slow.mine(10);
      await slow.relay({ cut: true }); // handled, and the update closed (its fact registered), not yet submitted
      const [deposit] = slow.messages({ protocol: "starknet", from: "l1" });
      expect(deposit).to.include({ status: "relayed", stage: "handled" });
      await fx.l1Bridge.startDepositCancellation(
        fx.aliceL2.address,
        9n,
        deposit.nonce,
      );
      await slow.time.increase(432000);
      await fx.l1Bridge.cancelDeposit(fx.aliceL2.address, 9n, deposit.nonce);
      await fx.l2Bridge.withdraw(fx.alice.address, 4n);
      await slow.relayAll();
      // The closed update was refused (INVALID_MESSAGE_TO_CONSUME) and closed again without the deposit.
      expect(slow.starknet.lastError).to.include(
        "was cancelled on L1 after the update was closed",
      );
      expect(slow.message(deposit.id)).to.include({
        status: "failed",
        stage: "cancelled-after-handling",
      });
      const core = slow.chains.starknet.l1Contracts.StarknetCore;
      const [withdrawal] = slow.messages({ from: "starknet" });
      expect(withdrawal).to.include({
        status: "ready",
        stage: "state-updated",
      });
      expect(await core.l2ToL1Messages(withdrawal.hash)).to.equal(1n);
      // The proof delay's wait mines a block on every chain, so the state may end one L2 block short of the head.
      expect(Number(await core.stateBlockNumber())).to.be.at.least(
        withdrawal.sourceBlock,
      );
    } finally {
      await slow.close();
    }
  });
});
