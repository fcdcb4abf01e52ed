// OP Stack L1↔L2 against a running `npx hardhat xdm:node`: ETH deposited from the L1 to opA through the
// L1StandardBridge, then withdrawn back: the node's proposer publishes an output root as a dispute game,
// the withdrawal is proven with a storage proof of the message passer, the 7-day proof maturity delay is
// waited out with time travel, and the finalization pays the ETH out of the portal on the L1.
import { formatEther, parseEther } from "ethers";
import hre from "hardhat";

import { LEGACY_ERC20_ETH } from "../src/protocols/op/codec/bedrock-addresses.js";
import { nextAction } from "../src/status.js";

import { check, step, waitFor } from "./lib.js";

const world = await hre.xdm.attach({
  port: Number(process.env.XDM_PORT ?? 8545),
});
try {
  const { l1, opA } = world.chains;
  const alice = (await l1.ethers.getSigners())[3];
  const aliceOnOpA = await opA.ethers.getSigner(alice.address);
  const portal = await opA.l1Contracts.OptimismPortal.getAddress();
  console.log(`  opA's OptimismPortal on the L1: ${portal}`);

  step("depositETH(1 ETH) on opA's L1StandardBridge");
  const before = await opA.ethers.provider.getBalance(alice.address);
  const deposit = await (
    await opA.l1Contracts.L1StandardBridge.connect(alice).depositETH(
      200_000,
      "0x",
      { value: parseEther("1") },
    )
  ).wait();
  await waitFor(world, (m) => m.sourceTx === deposit!.hash, ["relayed"]);
  check(
    (await opA.ethers.provider.getBalance(alice.address)) ===
      before + parseEther("1"),
    "the sequencer minted 1 ETH to alice on opA after the L1 confirmations",
  );

  step("withdraw(0.5 ETH) on opA's L2StandardBridge");
  const sent = await (
    await opA.contracts.L2StandardBridge.connect(aliceOnOpA).withdraw(
      LEGACY_ERC20_ETH,
      parseEther("0.5"),
      200_000,
      "0x",
      { value: parseEther("0.5") },
    )
  ).wait();
  const provable = await waitFor(world, (m) => m.sourceTx === sent!.hash, [
    "ready",
  ]);
  check(
    provable.stage === "provable",
    "the proposer's dispute game covers the withdrawal's block",
  );

  step("proveWithdrawalTransaction on the L1 (world.op.prove)");
  await world.op.prove(provable);
  const proven = world.message(provable.id);
  console.log(
    `  ${proven.id}: ${proven.status}/${proven.stage} — ${await nextAction(world, proven, await world.time.latest(), await l1.blockNumber())}`,
  );

  step("Wait out the 7-day proof maturity delay (world.time.increase)");
  await world.time.increase(7 * 24 * 3600 + 1);
  const l1Before = await l1.ethers.provider.getBalance(alice.address);
  step("finalizeWithdrawalTransaction on the L1 (world.op.finalize)");
  await world.op.finalize(proven, { from: alice.address });
  const finalized = world.message(proven.id);
  check(finalized.status === "relayed", "the withdrawal is finalized");
  const l1After = await l1.ethers.provider.getBalance(alice.address);
  check(
    l1After > l1Before + parseEther("0.49"),
    `alice got her 0.5 ETH back on the L1 (less the finalization's fee): +${formatEther(l1After - l1Before)} ETH`,
  );
} finally {
  await world.close();
}
