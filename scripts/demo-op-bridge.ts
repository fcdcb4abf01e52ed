// OP Stack L1↔L2 against a running `npx hardhat xdm:node`: ETH, an ERC20 and a messenger message go from the
// L1 to opA (deposits the sequencer executes after the L1 confirmations) and back (withdrawals: the node's
// proposer publishes an output root as a dispute game, each withdrawal is proven with a storage proof of the
// message passer, the 7-day proof maturity delay is waited out with time travel, and the finalization runs
// the call on the L1: ETH out of the portal, tokens out of the L1 bridge, the message to its target).
import type { Message } from "../src/messages.js";

import { formatEther, parseEther } from "ethers";
import hre from "hardhat";

import {
  L2_STANDARD_BRIDGE_ADDRESS,
  LEGACY_ERC20_ETH,
} from "../src/protocols/op/codec/bedrock-addresses.js";
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
  const l1Bridge = opA.l1Contracts.L1StandardBridge.connect(alice);
  const l2Bridge = opA.contracts.L2StandardBridge.connect(aliceOnOpA);

  step(
    "Deploy a token on the L1 and its OptimismMintableERC20 on opA, and a message target on each",
  );
  const l1Token = await l1.ethers.deployContract("TestERC20");
  const l1TokenAddress = await l1Token.getAddress();
  const l2Token = await opA.ethers.deployContract("OptimismMintableERC20", [
    L2_STANDARD_BRIDGE_ADDRESS,
    l1TokenAddress,
    "Test Token",
    "TST",
  ]);
  const l2TokenAddress = await l2Token.getAddress();
  const onOpA = await opA.ethers.deployContract("BedrockReceiver");
  const onL1 = await l1.ethers.deployContract("BedrockReceiver");
  await (await l1Token.getFunction("mint")(alice.address, 1000n)).wait();
  await (
    await l1Token.connect(alice).getFunction("approve")(
      await l1Bridge.getAddress(),
      1000n,
    )
  ).wait();

  step(
    "Deposit 1 ETH (depositETH), 1,000 TST (depositERC20) and a message (L1CrossDomainMessenger.sendMessage)",
  );
  const before = await opA.ethers.provider.getBalance(alice.address);
  const deposits = [
    await l1Bridge.depositETH(200_000, "0x", { value: parseEther("1") }),
    await l1Bridge.depositERC20(
      l1TokenAddress,
      l2TokenAddress,
      1000n,
      200_000,
      "0x",
    ),
    await opA.l1Contracts.L1CrossDomainMessenger.connect(alice).sendMessage(
      await onOpA.getAddress(),
      onOpA.interface.encodeFunctionData("receiveMessage", ["0x0d0a"]),
      200_000,
    ),
  ];
  for (const sent of deposits) {
    const receipt = await sent.wait();
    await waitFor(world, (m) => m.sourceTx === receipt!.hash, ["relayed"]);
  }
  check(
    (await opA.ethers.provider.getBalance(alice.address)) ===
      before + parseEther("1"),
    "the sequencer minted 1 ETH to alice on opA after the L1 confirmations",
  );
  check(
    (await l2Token.getFunction("balanceOf")(alice.address)) === 1000n,
    "1,000 TST minted to alice on opA; the L1 bridge holds the L1 tokens",
  );
  check(
    (await onOpA.getFunction("lastXDomainSender")()) === alice.address,
    "the message ran on opA with alice as xDomainMessageSender",
  );

  step(
    "Withdraw 0.5 ETH and 400 TST (L2StandardBridge.withdraw) and send a message back (L2CrossDomainMessenger.sendMessage)",
  );
  const withdrawals = [
    await l2Bridge.withdraw(
      LEGACY_ERC20_ETH,
      parseEther("0.5"),
      200_000,
      "0x",
      {
        value: parseEther("0.5"),
      },
    ),
    await l2Bridge.withdraw(l2TokenAddress, 400n, 200_000, "0x"),
    await opA.contracts.L2CrossDomainMessenger.connect(aliceOnOpA).sendMessage(
      await onL1.getAddress(),
      onL1.interface.encodeFunctionData("receiveMessage", ["0x0a0d"]),
      200_000,
    ),
  ];
  const provable: Message[] = [];
  for (const sent of withdrawals) {
    const receipt = await sent.wait();
    provable.push(
      await waitFor(world, (m) => m.sourceTx === receipt!.hash, ["ready"]),
    );
  }
  check(
    provable.every((m) => m.stage === "provable"),
    "the proposer's dispute game covers the withdrawals' block",
  );

  step("proveWithdrawalTransaction on the L1 for each (world.op.prove)");
  for (const message of provable) await world.op.prove(message);
  const proven = world.message(provable[0].id);
  console.log(
    `  ${proven.id}: ${proven.status}/${proven.stage} — ${await nextAction(world, proven, await world.time.latest(), await l1.blockNumber())}`,
  );

  step("Wait out the 7-day proof maturity delay (world.time.increase)");
  await world.time.increase(7 * 24 * 3600 + 1);
  const l1Before = await l1.ethers.provider.getBalance(alice.address);
  step("finalizeWithdrawalTransaction on the L1 for each (world.op.finalize)");
  for (const message of provable)
    await world.op.finalize(message, { from: alice.address });
  check(
    provable.every((m) => world.message(m.id).status === "relayed"),
    "the three withdrawals are finalized",
  );
  const l1After = await l1.ethers.provider.getBalance(alice.address);
  check(
    l1After > l1Before + parseEther("0.49"),
    `alice got her 0.5 ETH back on the L1 (less the finalizations' fees): +${formatEther(l1After - l1Before)} ETH`,
  );
  check(
    (await l1Token.getFunction("balanceOf")(alice.address)) === 400n,
    "400 TST released to alice on the L1",
  );
  check(
    (await onL1.getFunction("lastXDomainSender")()) === alice.address,
    "the message ran on the L1 with alice as xDomainMessageSender",
  );
} finally {
  await world.close();
}
