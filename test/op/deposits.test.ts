/**
 * Deposits from the L1 to opA of the default world: ETH and ERC20 through the L1StandardBridge, a messenger
 * message, raw `depositTransaction`s (from an EOA and from a contract, a creation), and the deposit's
 * semantics on L2: the alias of a contract sender, the mint, the gas limit, a reverting call that still
 * mints, a messenger message kept as failed and relayed again by anyone.
 */
import type { OpDeposit } from "../../src/protocols/op/details.js";
import type { World } from "../../src/world.js";
import type { ContractTransactionReceipt } from "ethers";

import { expect } from "chai";
import { Interface, getCreateAddress, parseEther } from "ethers";
import hre from "hardhat";

import {
  applyL1ToL2Alias,
  opL1Addresses,
} from "../../src/protocols/op/codec/bedrock-addresses.js";
import { isDeposit } from "../../src/protocols/op/details.js";
import { nextAction } from "../../src/status.js";
import { mined } from "../helpers/mined.js";
import { expectRevert } from "../helpers/rejection.js";

const receiverIface = new Interface([
  "function receiveMessage(bytes _data) payable",
  "function burnGas(uint256 _rounds) payable",
]);

/** The deposit the L1 transaction of `receipt` made. */
async function depositOf(
  world: World,
  receipt: ContractTransactionReceipt | { hash: string },
): Promise<OpDeposit> {
  await world.refresh();
  const found = world
    .messages({ protocol: "op", from: "l1" })
    .filter(isDeposit)
    .filter((m) => m.sourceTx === receipt.hash);
  expect(found, `deposits of ${receipt.hash}`).to.have.length(1);
  return found[0];
}

describe("OP deposits (L1 → OP chain)", () => {
  let world: World;
  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("deposits ETH through the L1StandardBridge after 4 L1 confirmations, with no L2 fee", async () => {
    const { opA } = world.chains;
    const [, alice] = await world.l1.ethers.getSigners();
    const portal = await opA.l1Contracts.OptimismPortal.getAddress();
    const portalBefore = await world.l1.ethers.provider.getBalance(portal);
    const l2Before = await opA.ethers.provider.getBalance(alice.address);
    const receipt = await mined(
      opA.l1Contracts.L1StandardBridge.connect(alice).depositETH(
        200_000,
        "0x",
        { value: parseEther("1.5") },
      ),
    );
    expect(await world.l1.ethers.provider.getBalance(portal)).to.equal(
      portalBefore + parseEther("1.5"),
    );
    const deposit = await depositOf(world, receipt);
    expect(deposit).to.include({
      status: "pending",
      stage: "awaiting-confirmations",
      from: "l1",
      to: "opA",
      sender: await opA.l1Contracts.L1StandardBridge.getAddress(),
      value: parseEther("1.5"),
    });
    expect(deposit.details.messenger?.target).to.equal(
      "0x4200000000000000000000000000000000000010",
    );
    const l1Head = await world.l1.blockNumber();
    expect(await nextAction(world, deposit, deposit.sentAt, l1Head)).to.equal(
      "waits for 4 more L1 confirmations",
    );
    await world.mine(3);
    await world.relay();
    expect(world.message(deposit.id).stage).to.equal("awaiting-confirmations");
    await world.mine(1);
    await world.relay();
    expect(world.message(deposit.id)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await opA.ethers.provider.getBalance(alice.address)).to.equal(
      l2Before + parseEther("1.5"),
    );
    // L1Block holds the deposit's L1 block, set by the depositor account.
    expect(await opA.contracts.L1Block.number()).to.equal(
      BigInt(deposit.sourceBlock),
    );
    const l1Block = await world.l1.block(deposit.sourceBlock);
    expect(await opA.contracts.L1Block.hash()).to.equal(l1Block.hash);
  });

  it("delivers a messenger message with xDomainMessageSender and value; relayAll moves the confirmations", async () => {
    const { opA } = world.chains;
    const [alice] = await world.l1.ethers.getSigners();
    const receiver = await opA.ethers.deployContract("BedrockReceiver");
    const target = await receiver.getAddress();
    const receipt = await mined(
      opA.l1Contracts.L1CrossDomainMessenger.connect(alice).sendMessage(
        target,
        receiverIface.encodeFunctionData("receiveMessage", ["0xc0ffee"]),
        200_000,
        { value: 77n },
      ),
    );
    const deposit = await depositOf(world, receipt);
    expect(deposit.sender).to.equal(alice.address);
    expect(deposit.target).to.equal(target);
    expect(deposit.details.deposit.from).to.equal(
      applyL1ToL2Alias(opL1Addresses(opA.chainId).L1CrossDomainMessenger),
    );
    await world.relayAll();
    expect(world.message(deposit.id).status).to.equal("relayed");
    expect(await receiver.received()).to.equal(1n);
    expect(await receiver.lastXDomainSender()).to.equal(alice.address);
    expect(await receiver.lastCaller()).to.equal(
      "0x4200000000000000000000000000000000000007",
    );
    expect(await receiver.lastValue()).to.equal(77n);
    expect(await receiver.lastData()).to.equal("0xc0ffee");
    expect(
      await opA.contracts.L2CrossDomainMessenger.successfulMessages(
        deposit.hash,
      ),
    ).to.equal(true);
  });

  it("keeps a failed messenger message for a replay by anyone, and refuses a second relay", async () => {
    const { opA } = world.chains;
    const [alice] = await world.l1.ethers.getSigners();
    const receiver = await opA.ethers.deployContract("BedrockReceiver");
    await mined(receiver.setFailing(true));
    const receipt = await mined(
      opA.l1Contracts.L1CrossDomainMessenger.connect(alice).sendMessage(
        await receiver.getAddress(),
        receiverIface.encodeFunctionData("receiveMessage", ["0x01"]),
        200_000,
        { value: 5n },
      ),
    );
    const deposit = await depositOf(world, receipt);
    await world.relayAll();
    const failed = world.message(deposit.id, "op");
    expect(failed).to.include({ status: "failed", stage: "message-failed" });
    expect(failed.error).to.contain("relayMessage on opA");
    const messenger = opA.contracts.L2CrossDomainMessenger;
    expect(await messenger.failedMessages(deposit.hash)).to.equal(true);
    // The value stays with the messenger until the replay.
    expect(
      await opA.ethers.provider.getBalance(await messenger.getAddress()),
    ).to.equal(5n);
    const status = await nextAction(
      world,
      failed,
      failed.sentAt,
      await world.l1.blockNumber(),
    );
    expect(status).to.contain("relayMessage");

    const message = deposit.details.messenger!;
    const [, bob] = await opA.ethers.getSigners();
    const replay = () =>
      messenger.connect(bob).relayMessage(
        message.nonce,
        message.sender,
        message.target,
        message.value,
        message.minGasLimit,
        message.message,
        // A relay with too little gas for the target is kept as failed without reverting, so an
        // estimate finds that cheaper path: a replay carries its own limit, as on a real chain.
        { gasLimit: 1_000_000n },
      );
    // Still failing: the messenger keeps it failed (no revert) and the world still says failed.
    await mined(replay());
    await world.relay();
    expect(world.message(deposit.id).stage).to.equal("message-failed");
    await mined(receiver.setFailing(false));
    const relayed = await mined(replay());
    await world.relay();
    expect(world.message(deposit.id)).to.include({
      status: "relayed",
      stage: "relayed",
      destinationTx: relayed.hash,
    });
    expect(await receiver.lastXDomainSender()).to.equal(alice.address);
    expect(await receiver.lastValue()).to.equal(5n);
    await expectRevert(
      replay(),
      "CrossDomainMessenger: message has already been relayed",
    );
    await expectRevert(
      messenger
        .connect(bob)
        .relayMessage(
          message.nonce,
          message.sender,
          message.target,
          message.value,
          message.minGasLimit,
          message.message,
          { value: 1n },
        ),
      "CrossDomainMessenger: value must be zero unless message is from a system address",
    );
  });

  it("runs a contract's depositTransaction from its alias, minting msg.value and paying value", async () => {
    const { opA } = world.chains;
    const forwarder = await world.l1.ethers.deployContract("Forwarder");
    const l2Recorder = await opA.ethers.deployContract("Forwarder");
    const portal = opA.l1Contracts.OptimismPortal;
    const receipt = await mined(
      forwarder.forward(
        await portal.getAddress(),
        portal.interface.encodeFunctionData("depositTransaction", [
          await l2Recorder.getAddress(),
          400n,
          100_000n,
          false,
          "0xabcdef",
        ]),
        { value: 1000n },
      ),
    );
    const deposit = await depositOf(world, receipt);
    const alias = applyL1ToL2Alias(await forwarder.getAddress());
    expect(deposit.sender).to.equal(alias);
    await world.relayAll();
    const relayed = world.message(deposit.id);
    expect(relayed.status).to.equal("relayed");
    const l2Receipt = await opA.ethers.provider.getTransactionReceipt(
      relayed.destinationTx!,
    );
    const [event] = l2Receipt!.logs.map((log) =>
      l2Recorder.interface.parseLog(log),
    );
    expect(event?.args.from).to.equal(alias);
    expect(event?.args.value).to.equal(400n);
    expect(event?.args.data).to.equal("0xabcdef");
    // 1000 minted, 400 paid on: the alias keeps 600, and paid no fee.
    expect(await opA.ethers.provider.getBalance(alias)).to.equal(600n);
    expect(
      await opA.ethers.provider.getBalance(await l2Recorder.getAddress()),
    ).to.equal(400n);
  });

  it("creates a contract from a creation deposit at the sender's next address", async () => {
    const { opA } = world.chains;
    const [, , carol] = await world.l1.ethers.getSigners();
    const nonce = await opA.ethers.provider.getTransactionCount(carol.address);
    // Init code that returns a one-byte runtime 0x2a.
    const initCode = "0x602a60005360016000f3";
    const receipt = await mined(
      opA.l1Contracts.OptimismPortal.connect(carol).depositTransaction(
        "0x0000000000000000000000000000000000000000",
        0n,
        200_000n,
        true,
        initCode,
      ),
    );
    const deposit = await depositOf(world, receipt);
    await world.relayAll();
    expect(world.message(deposit.id).status).to.equal("relayed");
    const created = getCreateAddress({ from: carol.address, nonce });
    expect(await opA.ethers.provider.getCode(created)).to.equal("0x2a");
  });

  it("still mints a deposit whose call reverts or runs out of its gas limit", async () => {
    const { opA } = world.chains;
    const [, , , dave] = await world.l1.ethers.getSigners();
    const receiver = await opA.ethers.deployContract("BedrockReceiver");
    await mined(receiver.setFailing(true));
    const portal = opA.l1Contracts.OptimismPortal.connect(dave);
    const before = await opA.ethers.provider.getBalance(dave.address);
    const reverting = await mined(
      portal.depositTransaction(
        await receiver.getAddress(),
        parseEther("0.25"),
        100_000n,
        false,
        receiverIface.encodeFunctionData("receiveMessage", ["0x"]),
        { value: parseEther("1") },
      ),
    );
    const outOfGas = await mined(
      portal.depositTransaction(
        await receiver.getAddress(),
        0n,
        60_000n,
        false,
        receiverIface.encodeFunctionData("burnGas", [10n]),
        { value: parseEther("2") },
      ),
    );
    const [first, second] = [
      await depositOf(world, reverting),
      await depositOf(world, outOfGas),
    ];
    await world.relayAll();
    const revertedMessage = world.message(first.id);
    expect(revertedMessage).to.include({
      status: "failed",
      stage: "deposit-reverted",
    });
    expect(revertedMessage.error).to.contain("BedrockReceiver: failing");
    expect(revertedMessage.error).to.contain("stay minted");
    expect(world.message(second.id)).to.include({
      status: "failed",
      stage: "deposit-reverted",
    });
    const l2Receipt = await opA.ethers.provider.getTransactionReceipt(
      world.message(second.id).destinationTx!,
    );
    expect(l2Receipt?.status).to.equal(0);
    expect(l2Receipt?.gasUsed).to.equal(60_000n);
    // Both mints stay; the reverted call's 0.25 ETH never left dave.
    expect(await opA.ethers.provider.getBalance(dave.address)).to.equal(
      before + parseEther("3"),
    );
    expect(await receiver.received()).to.equal(0n);
  });

  it("deposits an ERC20 into its OptimismMintableERC20, holding the L1 tokens in the bridge", async () => {
    const { opA } = world.chains;
    const [alice] = await world.l1.ethers.getSigners();
    const l1Token = await world.l1.ethers.deployContract("TestERC20");
    const l1TokenAddress = await l1Token.getAddress();
    const l2Token = await opA.ethers.deployContract("OptimismMintableERC20", [
      "0x4200000000000000000000000000000000000010",
      l1TokenAddress,
      "Test Token",
      "TST",
    ]);
    const l2TokenAddress = await l2Token.getAddress();
    const bridge = opA.l1Contracts.L1StandardBridge.connect(alice);
    await mined(l1Token.mint(alice.address, 1000n));
    await mined(l1Token.approve(await bridge.getAddress(), 600n));
    const receipt = await mined(
      bridge.depositERC20(l1TokenAddress, l2TokenAddress, 600n, 200_000, "0x"),
    );
    const deposit = await depositOf(world, receipt);
    await world.relayAll();
    expect(world.message(deposit.id).status).to.equal("relayed");
    expect(await l2Token.balanceOf(alice.address)).to.equal(600n);
    expect(await l1Token.balanceOf(await bridge.getAddress())).to.equal(600n);
    expect(await bridge.deposits(l1TokenAddress, l2TokenAddress)).to.equal(
      600n,
    );
    // withdraw is payable for ETH; a token withdrawal with value is refused.
    const [l2Alice] = await opA.ethers.getSigners();
    await expectRevert(
      opA.contracts.L2StandardBridge.connect(l2Alice).withdraw(
        l2TokenAddress,
        1n,
        200_000,
        "0x",
        { value: 1n },
      ),
      "StandardBridge: cannot send value",
    );
  });

  it("executes deposits in L1 order: a held deposit holds the ones after it", async () => {
    const { opA } = world.chains;
    const [alice] = await world.l1.ethers.getSigners();
    const portal = opA.l1Contracts.OptimismPortal.connect(alice);
    const first = await depositOf(
      world,
      await mined(
        portal.depositTransaction(alice.address, 0n, 30_000n, false, "0x"),
      ),
    );
    const second = await depositOf(
      world,
      await mined(
        portal.depositTransaction(alice.address, 0n, 30_000n, false, "0x"),
      ),
    );
    world.faults.hold(first.id);
    await world.relayAll();
    expect(world.message(first.id).status).to.equal("pending");
    expect(world.message(second.id).status).to.equal("pending");
    world.faults.release(first.id);
    await world.relayAll();
    expect(world.message(first.id).status).to.equal("relayed");
    expect(world.message(second.id).status).to.equal("relayed");
  });
});
