// The StarkNet sequencer delivers the confirmed L1→L2 messages of a pass in one L2 block
// (src/block-batch.ts), as a StarkNet sequencer includes many l1-handler transactions per block: in
// nonce order, a handler that reverts still reverts alone (its message stays pending on L1), and the
// L2 goes back to mining every transaction at once.
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";

import { expect } from "chai";

import { hreWith } from "../helpers/hre.js";

const FEE = 10n ** 15n;

describe("StarkNet l1-handler transactions many to a block", () => {
  let world: World;
  before(async () => {
    const hre = await hreWith({
      xdm: { chains: { starknet: { protocol: "starknet" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  it("delivers a pass's messages in one block in nonce order; a reverting handler fails alone", async () => {
    const { l1, starknet } = world.chains;
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
    // An L2 bridge that trusts another L1 sender: its handler reverts WRONG_L1_SENDER.
    const stranger = (await starknet.ethers.deployContract(
      "StarknetEthBridgeL2",
      [1234n],
    )) as Contract;
    const deposit = l1Bridge.connect(alice) as Contract;
    await deposit.deposit(alice.address, 1n, { value: 1n + FEE });
    await core
      .connect(alice)
      .sendMessageToL2(
        await stranger.getAddress(),
        0xde3ab781n,
        [BigInt(alice.address), 5n],
        { value: FEE },
      );
    await deposit.deposit(alice.address, 2n, { value: 2n + FEE });
    await deposit.deposit(alice.address, 3n, { value: 3n + FEE });

    const head = await starknet.blockNumber();
    await world.relayAll();
    const messages = world
      .messages({ protocol: "starknet" })
      .sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
    expect(messages.map((m) => m.stage)).to.deep.equal([
      "consumed",
      "handler-reverted",
      "consumed",
      "consumed",
    ]);
    expect(messages[1].error).to.include("WRONG_L1_SENDER");
    const placed = await Promise.all(
      messages.map(async (m) => {
        const receipt = await starknet.rpc<{
          blockNumber: string;
          transactionIndex: string;
        }>("eth_getTransactionReceipt", [m.destinationTx]);
        return {
          block: Number(receipt.blockNumber),
          index: Number(receipt.transactionIndex),
        };
      }),
    );
    expect(new Set(placed.map((p) => p.block)).size).to.equal(1);
    expect(placed[0].block).to.be.above(head);
    const indices = placed.map((p) => p.index);
    expect(indices).to.deep.equal([...indices].sort((a, b) => a - b));
    expect(await l2Bridge.balanceOf(alice.address)).to.equal(6n);
    expect(await starknet.rpc("hardhat_getAutomine")).to.equal(true);
  });
});
