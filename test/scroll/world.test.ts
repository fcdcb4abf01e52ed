// Scroll through a world, end to end, in one file (about 480 lines): every case shares the deployed
// counterparts.
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { Interface, parseEther } from "ethers";

import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

const recipientIface = new Interface(["function record(bytes)"]);

describe("Scroll messaging in a world", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { scroll: { protocol: "scroll" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  async function ethBridges(w: World) {
    const { l1, scroll } = w.chains;
    const l1Bridge = (await l1.ethers.deployContract("L1ETHBridge", [
      await scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    ])) as Contract;
    const l2Bridge = (await scroll.ethers.deployContract("L2ETHBridge", [
      await scroll.contracts.L2ScrollMessenger.getAddress(),
    ])) as Contract;
    await l1Bridge.initialize(await l2Bridge.getAddress());
    await l2Bridge.initialize(await l1Bridge.getAddress());
    const recipient = (await scroll.ethers.deployContract(
      "MessageRecipient",
    )) as Contract;
    return { l1Bridge, l2Bridge, recipient };
  }

  it("installs the system contracts at their fixed addresses with the genesis batch", async () => {
    const { scroll } = world.chains;
    expect(
      (await scroll.l1Contracts.L1ScrollMessenger.getAddress()).toLowerCase(),
    ).to.equal("0x5c10000000000000000000000000000000000001");
    expect(
      (await scroll.l1Contracts.ZKRollup.getAddress()).toLowerCase(),
    ).to.equal("0x5c10000000000000000000000000000000000003");
    expect(
      (await scroll.contracts.L2ScrollMessenger.getAddress()).toLowerCase(),
    ).to.equal("0x5c20000000000000000000000000000000000001");
    expect(await scroll.contracts.L2MessageQueue.getAddress()).to.equal(
      "0x5300000000000000000000000000000000000000",
    );
    expect(await scroll.l1Contracts.ZKRollup.isBatchFinalized(0)).to.equal(
      true,
    );
    expect(await scroll.l1Contracts.ZKRollup.layer2ChainId()).to.equal(534352n);
    expect(
      await scroll.contracts.L2ScrollMessenger.xDomainMessageSender(),
    ).to.equal("0x0000000000000000000000000000000000000001");
    expect(world.scroll.batches()).to.have.length(1);
  });

  it("relays an L1→L2 message at 10 L1 confirmations, not at 9", async () => {
    const { recipient } = await world.loadFixture(ethBridges);
    const messenger = world.chains.scroll.l1Contracts.L1ScrollMessenger;
    await messenger["sendMessage(address,bytes,uint256)"](
      await recipient.getAddress(),
      recipientIface.encodeFunctionData("record", ["0x1234"]),
      200_000,
    );
    await world.relay();
    const [message] = world.messages({ protocol: "scroll" });
    expect(message).to.include({
      status: "pending",
      stage: "awaiting-confirmations",
      from: "l1",
      to: "scroll",
      nonce: 0n,
    });
    await world.mine(9);
    await world.relay();
    expect(world.message(message.id).stage).to.equal("awaiting-confirmations");
    await world.mine(1);
    await world.relay();
    expect(world.message(message.id)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await recipient.received()).to.equal(1n);
    expect(await recipient.lastXDomainSender()).to.equal(
      (await world.l1.ethers.getSigners())[0].address,
    );
  });

  it("bridges ETH to L2 and back through a batch, a proof, finalization and a claim, conserving value", async () => {
    const { l1Bridge, l2Bridge } = await world.loadFixture(ethBridges);
    const { l1, scroll } = world.chains;
    const [, alice] = await l1.ethers.getSigners();
    const l1Messenger = await scroll.l1Contracts.L1ScrollMessenger.getAddress();
    const l2Messenger = await scroll.contracts.L2ScrollMessenger.getAddress();
    const l2MessengerBefore =
      await scroll.ethers.provider.getBalance(l2Messenger);

    await (l1Bridge.connect(alice) as Contract).depositETH(
      alice.address,
      parseEther("2"),
      300_000,
      { value: parseEther("2") },
    );
    expect(await l1.ethers.provider.getBalance(l1Messenger)).to.equal(
      parseEther("2"),
    );
    await world.relayAll();
    const [deposit] = world.messages({ from: "l1" });
    expect(deposit.status).to.equal("relayed");
    expect(deposit.value).to.equal(parseEther("2"));
    const l2Alice = (await scroll.ethers.getSigners())[1];
    const l2Start = await scroll.ethers.provider.getBalance(l2Alice.address);
    expect(await scroll.ethers.provider.getBalance(l2Messenger)).to.equal(
      l2MessengerBefore - parseEther("2"),
    );

    const tx = await (l2Bridge.connect(l2Alice) as Contract).withdrawETH(
      alice.address,
      300_000,
      { value: parseEther("0.5") },
    );
    const receipt = (await tx.wait()) as { gasUsed: bigint; gasPrice: bigint };
    const l2Spent = receipt.gasUsed * receipt.gasPrice + parseEther("0.5");
    expect(await scroll.ethers.provider.getBalance(l2Alice.address)).to.equal(
      l2Start - l2Spent,
    );
    await world.relay();
    let [withdrawal] = world.messages({ from: "scroll" });
    expect(withdrawal).to.include({
      status: "pending",
      stage: "awaiting-batch",
      nonce: 0n,
    });
    expect(() => world.scroll.withdrawalProof(withdrawal)).to.throw(
      "not in a finalized batch",
    );

    await world.relayAll(); // the batcher commits, the prover signs, the finalizer finalizes
    withdrawal = world.message(withdrawal.id);
    expect(withdrawal).to.include({ status: "ready", stage: "finalized" });
    const claim = world.scroll.withdrawalProof(withdrawal);
    expect(claim.batchIndex).to.be.greaterThan(0);
    expect(
      await scroll.l1Contracts.ZKRollup.isBatchFinalized(claim.batchIndex),
    ).to.equal(true);

    const before = await l1.ethers.provider.getBalance(alice.address);
    const claimed = await world.scroll.claim(withdrawal);
    expect(claimed).to.include({ status: "relayed", stage: "relayed" });
    expect(await l1.ethers.provider.getBalance(alice.address)).to.equal(
      before + parseEther("0.5"),
    );
    expect(await l1.ethers.provider.getBalance(l1Messenger)).to.equal(
      parseEther("1.5"),
    );
    expect(await scroll.ethers.provider.getBalance(l2Messenger)).to.equal(
      l2MessengerBefore - parseEther("1.5"),
    );

    // A second claim is refused.
    await expectRejection(
      world.scroll.claim(withdrawal),
      "Message was already successfully executed",
    );
  });

  it("bridges an OpenZeppelin ERC20 to L2 and back; supply is conserved", async () => {
    const { l1, scroll } = world.chains;
    const [owner, alice] = await l1.ethers.getSigners();
    const token = (await l1.ethers.deployContract("TestERC20")) as Contract;
    await token.mint(owner.address, 1000n);
    const l1Bridge = (await l1.ethers.deployContract("L1ERC20Bridge", [
      await scroll.l1Contracts.L1ScrollMessenger.getAddress(),
      await token.getAddress(),
    ])) as Contract;
    const l2Bridge = (await scroll.ethers.deployContract("L2ERC20Bridge", [
      await scroll.contracts.L2ScrollMessenger.getAddress(),
      await token.getAddress(),
      "Bridged",
      "bTKN",
    ])) as Contract;
    await l1Bridge.initialize(await l2Bridge.getAddress());
    await l2Bridge.initialize(await l1Bridge.getAddress());
    const l2Token = await scroll.ethers.getContractAt(
      "BridgedERC20",
      await l2Bridge.token(),
    );

    await token.approve(await l1Bridge.getAddress(), 600n);
    await l1Bridge.depositERC20(alice.address, 600n, 300_000);
    await world.relayAll();
    expect(await token.balanceOf(await l1Bridge.getAddress())).to.equal(600n);
    expect(await l2Token.balanceOf(alice.address)).to.equal(600n);

    const l2Alice = (await scroll.ethers.getSigners())[1];
    await (l2Bridge.connect(l2Alice) as Contract).withdrawERC20(
      alice.address,
      250n,
      300_000,
    );
    await world.relayAll();
    const [withdrawal] = world.messages({ from: "scroll", status: "ready" });
    await world.scroll.claim(withdrawal);
    expect(await token.balanceOf(alice.address)).to.equal(250n);
    expect(await token.balanceOf(await l1Bridge.getAddress())).to.equal(350n);
    expect(await l2Token.totalSupply()).to.equal(350n);
    expect(await token.balanceOf(owner.address)).to.equal(400n);
  });

  it("rejects a claim before finalization and with a wrong proof; a failed claim may be made again", async () => {
    const { l1Bridge, l2Bridge } = await world.loadFixture(ethBridges);
    const { l1, scroll } = world.chains;
    const [, alice] = await l1.ethers.getSigners();
    await (
      l2Bridge.connect((await scroll.ethers.getSigners())[1]) as Contract
    ).withdrawETH(alice.address, 300_000, { value: 1000n });
    await world.relay();
    const [withdrawal] = world.messages({ from: "scroll" });
    const messenger = scroll.l1Contracts.L1ScrollMessenger;
    const batchIndex = await world.scroll.commitBatch();
    expect(world.message(withdrawal.id).stage).to.equal("committed");
    await expectRejection(
      messenger.relayMessageWithProof(
        withdrawal.sender,
        withdrawal.target,
        withdrawal.value,
        withdrawal.nonce,
        withdrawal.data,
        { batchIndex, merkleProof: "0x" },
      ),
      "Batch is not finalized",
    );
    await world.scroll.finalizeBatch();
    await world.relay();
    const claim = world.scroll.withdrawalProof(withdrawal);
    await expectRejection(
      messenger.relayMessageWithProof(
        withdrawal.sender,
        withdrawal.target,
        withdrawal.value + 1n,
        withdrawal.nonce,
        withdrawal.data,
        claim,
      ),
      "Invalid proof",
    );
    // Nothing was deposited on L1 yet: the messenger cannot pay the value, the claim fails and may be retried.
    await messenger.relayMessageWithProof(
      withdrawal.sender,
      withdrawal.target,
      withdrawal.value,
      withdrawal.nonce,
      withdrawal.data,
      claim,
    );
    await world.relay();
    expect(world.message(withdrawal.id)).to.include({
      status: "failed",
      stage: "claim-failed",
    });
    await (l1Bridge.connect(alice) as Contract).depositETH(
      alice.address,
      1000n,
      300_000,
      { value: 1000n },
    );
    await messenger.relayMessageWithProof(
      withdrawal.sender,
      withdrawal.target,
      withdrawal.value,
      withdrawal.nonce,
      withdrawal.data,
      claim,
    );
    await world.relay();
    expect(world.message(withdrawal.id)).to.include({
      status: "relayed",
      stage: "relayed",
    });
  });

  it("marks an L1→L2 message that runs out of gas failed; replayMessage with a larger gas limit delivers it", async () => {
    const { recipient } = await world.loadFixture(ethBridges);
    const messenger = world.chains.scroll.l1Contracts.L1ScrollMessenger;
    const [sender] = await world.l1.ethers.getSigners();
    const data = recipientIface.encodeFunctionData("record", ["0xabcdef"]);
    // Enough for the floor, not for the relay itself.
    await messenger["sendMessage(address,uint256,bytes,uint256)"](
      await recipient.getAddress(),
      0,
      data,
      30_000,
    );
    await world.relayAll();
    let [message] = world.messages({ protocol: "scroll" });
    expect(message).to.include({ status: "failed", stage: "relay-failed" });
    expect(message.error).to.include("replayMessage");
    expect(await recipient.received()).to.equal(0n);

    await messenger.replayMessage(
      sender.address,
      await recipient.getAddress(),
      0,
      message.nonce,
      data,
      400_000,
      sender.address,
    );
    await world.relay();
    expect(world.message(message.id).stage).to.equal("awaiting-confirmations");
    await world.relayAll();
    message = world.message(message.id, "scroll");
    expect(message).to.include({ status: "relayed", stage: "relayed" });
    expect(
      (message.details as { queueIndices: number[] }).queueIndices,
    ).to.have.length(2);
    expect(await recipient.received()).to.equal(1n);
  });

  it("a message the sequencer skipped is dropped after finalization and its value returned", async () => {
    const { l1Bridge, l2Bridge } = await world.loadFixture(ethBridges);
    const { l1, scroll } = world.chains;
    const [, alice] = await l1.ethers.getSigners();
    const bridge = l1Bridge.connect(alice) as Contract;
    await bridge.depositETH(alice.address, 1000n, 300_000, { value: 1000n });
    await world.relay();
    const [skipped] = world.messages({ protocol: "scroll" });
    world.scroll.skip(Number(skipped.nonce));
    await bridge.depositETH(alice.address, 5n, 300_000, { value: 5n }); // the next relayed message pops the skipped one
    await world.relayAll();
    expect(world.message(skipped.id)).to.include({
      status: "failed",
      stage: "skipped",
    });
    // relayAll() batched the block that popped it and finalized the batch.
    expect(world.scroll.batches().every((b) => b.finalized)).to.equal(true);
    const messenger = scroll.l1Contracts.L1ScrollMessenger;
    const balances = async () => ({
      alice: await l1.ethers.provider.getBalance(alice.address),
      bridge: await l1.ethers.provider.getBalance(await l1Bridge.getAddress()),
      messenger: await l1.ethers.provider.getBalance(
        await messenger.getAddress(),
      ),
    });
    const before = await balances();
    // Sent from account 0, so alice pays no gas: her balance moves by the refund alone.
    await messenger.dropMessage(
      skipped.sender,
      skipped.target,
      skipped.value,
      skipped.nonce,
      skipped.data,
    );
    await world.relay();
    expect(world.message(skipped.id)).to.include({
      status: "cancelled",
      stage: "dropped",
    });
    const after = await balances();
    expect(after.alice - before.alice, "alice's refund").to.equal(1000n);
    expect(
      before.messenger - after.messenger,
      "value released by the L1 messenger",
    ).to.equal(1000n);
    expect(after.bridge, "the bridge passes the refund on").to.equal(
      before.bridge,
    );
    expect(
      await scroll.ethers.provider.getBalance(await l2Bridge.getAddress()),
    ).to.equal(0n);
  });

  it("refuses relayMessage on L2 from anyone but the aliased L1 messenger", async () => {
    const { recipient } = await world.loadFixture(ethBridges);
    const [user] = await world.chains.scroll.ethers.getSigners();
    await expectRejection(
      world.chains.scroll.contracts.L2ScrollMessenger.relayMessage(
        user.address,
        await recipient.getAddress(),
        0,
        0,
        "0x",
      ),
      "Caller is not L1ScrollMessenger",
    );
  });

  it("names the wrong direction and unknown chains in helper errors", async () => {
    await world.loadFixture(ethBridges);
    await world.chains.scroll.l1Contracts.L1ScrollMessenger[
      "sendMessage(address,bytes,uint256)"
    ]((await world.l1.ethers.getSigners())[3].address, "0x", 100_000);
    await world.relay();
    const [message] = world.messages({ protocol: "scroll" });
    expect(() => world.scroll.withdrawalProof(message)).to.throw(
      "from L1 to L2",
    );
    await expectRejection(
      world.scroll.commitBatch("opA"),
      '"opA" is not a Scroll chain',
    );
  });
});

describe("Scroll knobs", () => {
  it("takes the confirmation count, fee and whitelist from config", async () => {
    const hre = await hreWith({
      xdm: {
        chains: { scroll: { protocol: "scroll" } },
        scroll: { l1Confirmations: 3, l2BaseFee: 7, whitelist: true },
      },
    });
    const world = await hre.xdm.create();
    try {
      const { l1, scroll } = world.chains;
      const messenger = scroll.l1Contracts.L1ScrollMessenger;
      const [alice] = await l1.ethers.getSigners();
      expect(
        await scroll.l1Contracts.L1MessageQueue.estimateCrossDomainMessageFee(
          100_000,
        ),
      ).to.equal(700_000n);
      await expectRejection(
        messenger["sendMessage(address,bytes,uint256)"](
          alice.address,
          "0x",
          100_000,
          { value: 700_000n },
        ),
        "sender not whitelisted",
      );
      const whitelist = scroll.l1Contracts.Whitelist.connect(
        await l1.ethers.getImpersonatedSigner(world.actors.deployer.address),
      );
      await whitelist.updateWhitelistStatus([alice.address], true);
      await expectRejection(
        messenger["sendMessage(address,bytes,uint256)"](
          alice.address,
          "0x",
          100_000,
          { value: 699_999n },
        ),
        "Insufficient msg.value",
      );
      await messenger["sendMessage(address,bytes,uint256)"](
        alice.address,
        "0x",
        100_000,
        { value: 700_000n },
      );
      await world.relay();
      const [message] = world.messages();
      await world.mine(2);
      await world.relay();
      expect(world.message(message.id).stage).to.equal(
        "awaiting-confirmations",
      );
      await world.mine(1);
      await world.relay();
      expect(world.message(message.id).status).to.equal("relayed");
      expect(
        await l1.ethers.provider.getBalance(
          world.actors["scroll:fee-vault"].address,
        ),
      ).to.equal(700_000n);
    } finally {
      await world.close();
    }
  });
});
