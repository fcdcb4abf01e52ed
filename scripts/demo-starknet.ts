// StarkNet against a running `npx hardhat xdm:node`: a deposit to an l1 handler, a withdrawal consumed
// on L1 after the state update, and a deposit whose handler fails, cancelled after the delay.
import type { Contract } from "ethers";

import { parseEther } from "ethers";
import hre from "hardhat";

import { check, step, waitFor } from "./lib.js";

const world = await hre.xdm.attach({
  port: Number(process.env.XDM_PORT ?? 8545),
});
try {
  const { l1, starknet } = world.chains;
  const [alice] = await l1.ethers.getSigners();
  const core = starknet.l1Contracts.StarknetCore;
  const fee = 10n ** 15n;

  step(
    "Deploy the example ETH bridge: StarknetEthBridgeL1 on L1, an L1Handler on the StarkNet L2",
  );
  const bridgeL1 = (await l1.ethers.deployContract("StarknetEthBridgeL1", [
    await core.getAddress(),
    alice.address,
  ])) as Contract;
  const bridgeL2 = (await starknet.ethers.deployContract(
    "StarknetEthBridgeL2",
    [await bridgeL1.getAddress()],
  )) as Contract;
  await (await bridgeL1.setL2Bridge(await bridgeL2.getAddress())).wait();

  step(
    "Deposit 2 ETH with a 0.001 ETH fee: StarknetCore.sendMessageToL2 to the deposit(uint256,uint256[]) handler",
  );
  const deposit = await (
    await bridgeL1.deposit(alice.address, parseEther("2"), {
      value: parseEther("2") + fee,
    })
  ).wait();
  step("The sequencer waits for 10 L1 confirmations: mining 10 L1 blocks");
  await world.mine(10);
  await waitFor(world, (m) => m.sourceTx === deposit.hash, ["relayed"]);
  check(
    (await bridgeL2.balanceOf(alice.address)) === parseEther("2"),
    "the l1 handler credited 2 ETH, from_address checked",
  );

  step(
    "Withdraw 0.5 ETH on L2: sendMessageToL1; the state updater, mock prover and operator update the state on L1",
  );
  const l2Alice = await starknet.ethers.getSigner(alice.address);
  const withdrawal = await (
    await (bridgeL2.connect(l2Alice) as Contract).withdraw(
      alice.address,
      parseEther("0.5"),
    )
  ).wait();
  await waitFor(world, (m) => m.sourceTx === withdrawal.hash, ["ready"]);
  const before = await l1.ethers.provider.getBalance(alice.address);
  const finalize = (await (
    await bridgeL1.finalizeWithdrawal(alice.address, parseEther("0.5"))
  ).wait()) as { gasUsed: bigint; gasPrice: bigint };
  const gas = finalize.gasUsed * finalize.gasPrice;
  await waitFor(world, (m) => m.sourceTx === withdrawal.hash, ["relayed"]);
  check(
    (await l1.ethers.provider.getBalance(alice.address)) ===
      before + parseEther("0.5") - gas,
    "consumeMessageFromL2 released 0.5 ETH on L1",
  );

  step(
    "A deposit to a handler that rejects it: the message stays pending on L1 with its fee",
  );
  const stranger = (await starknet.ethers.deployContract(
    "StarknetEthBridgeL2",
    [1n],
  )) as Contract;
  const payload = [BigInt(alice.address), 7n];
  const sent = (await (
    await core.sendMessageToL2(
      await stranger.getAddress(),
      0xde3ab781n,
      payload,
      { value: fee },
    )
  ).wait())!;
  await world.mine(10);
  const failed = await waitFor(world, (m) => m.sourceTx === sent.hash, [
    "failed",
  ]);
  console.log(`  handler reverted: ${failed.error}`);

  step(
    "Cancel it: startL1ToL2MessageCancellation, wait 5 days, cancelL1ToL2Message",
  );
  await (
    await core.startL1ToL2MessageCancellation(
      await stranger.getAddress(),
      0xde3ab781n,
      payload,
      failed.nonce,
    )
  ).wait();
  await waitFor(world, (m) => m.id === failed.id, ["pending"]);
  await world.time.increase(432000);
  await (
    await core.cancelL1ToL2Message(
      await stranger.getAddress(),
      0xde3ab781n,
      payload,
      failed.nonce,
    )
  ).wait();
  await waitFor(world, (m) => m.id === failed.id, ["cancelled"]);
  check(
    (await core.l1ToL2Messages(failed.hash)) === 0n,
    "the message can no longer be delivered",
  );
} finally {
  await world.close();
}
