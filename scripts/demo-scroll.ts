// Scroll against a running `npx hardhat xdm:node`: ETH and a token bridged from L1 to L2 and back,
// including the batch, the proof, finalization and the Merkle-proof claim on L1.
import type { Contract } from "ethers";

import { parseEther } from "ethers";
import hre from "hardhat";

import { check, step, waitFor } from "./lib.js";

const world = await hre.xdm.attach({
  port: Number(process.env.XDM_PORT ?? 8545),
});
try {
  const { l1, scroll } = world.chains;
  const [alice] = await l1.ethers.getSigners();
  const l2Alice = await scroll.ethers.getSigner(alice.address);
  const l1Messenger = await scroll.l1Contracts.L1ScrollMessenger.getAddress();
  const l2Messenger = await scroll.contracts.L2ScrollMessenger.getAddress();

  step("Deploy the example ETH and token bridges on both layers");
  const ethL1 = (await l1.ethers.deployContract("L1ETHBridge", [
    l1Messenger,
  ])) as Contract;
  const ethL2 = (await scroll.ethers.deployContract("L2ETHBridge", [
    l2Messenger,
  ])) as Contract;
  await (await ethL1.initialize(await ethL2.getAddress())).wait();
  await (await ethL2.initialize(await ethL1.getAddress())).wait();
  const token = (await l1.ethers.deployContract("TestERC20")) as Contract;
  await (await token.mint(alice.address, 1000n)).wait();
  const tokenL1 = (await l1.ethers.deployContract("L1ERC20Bridge", [
    l1Messenger,
    await token.getAddress(),
  ])) as Contract;
  const tokenL2 = (await scroll.ethers.deployContract("L2ERC20Bridge", [
    l2Messenger,
    await token.getAddress(),
    "Bridged",
    "bTST",
  ])) as Contract;
  await (await tokenL1.initialize(await tokenL2.getAddress())).wait();
  await (await tokenL2.initialize(await tokenL1.getAddress())).wait();
  const l2Token = await scroll.ethers.getContractAt(
    "BridgedERC20",
    await tokenL2.token(),
  );

  step(
    "Deposit 1 ETH and 600 tokens on L1 (L1ScrollMessenger.sendMessage, queued in L1MessageQueue)",
  );
  const l2Before = await scroll.ethers.provider.getBalance(alice.address);
  const deposit = await (
    await ethL1.depositETH(alice.address, parseEther("1"), 300_000, {
      value: parseEther("1"),
    })
  ).wait();
  await (await token.approve(await tokenL1.getAddress(), 600n)).wait();
  await (await tokenL1.depositERC20(alice.address, 600n, 300_000)).wait();
  step("The sequencer waits for 10 L1 confirmations: mining 10 L1 blocks");
  await world.mine(10);
  await waitFor(world, (m) => m.sourceTx === deposit.hash, ["relayed"]);
  const tokenL2Address = (await tokenL2.getAddress()).toLowerCase();
  await waitFor(
    world,
    (m) =>
      m.protocol === "scroll" &&
      m.from === "l1" &&
      m.target.toLowerCase() === tokenL2Address,
    ["relayed"],
  );
  check(
    (await scroll.ethers.provider.getBalance(alice.address)) ===
      l2Before + parseEther("1"),
    "1 ETH arrived on L2",
  );
  check(
    (await l2Token.balanceOf(alice.address)) === 600n,
    "600 bridged tokens minted on L2",
  );

  step(
    "Withdraw 0.25 ETH and 200 tokens on L2 (L2ScrollMessenger.sendMessage, appended to the withdraw trie)",
  );
  const ethOut = await (
    await (ethL2.connect(l2Alice) as Contract).withdrawETH(
      alice.address,
      300_000,
      { value: parseEther("0.25") },
    )
  ).wait();
  const tokenOut = await (
    await (tokenL2.connect(l2Alice) as Contract).withdrawERC20(
      alice.address,
      200n,
      300_000,
    )
  ).wait();
  step(
    "The batcher commits a batch, the mock prover signs it, the finalizer finalizes it",
  );
  const ethWithdrawal = await waitFor(
    world,
    (m) => m.sourceTx === ethOut.hash,
    ["ready"],
  );
  const tokenWithdrawal = await waitFor(
    world,
    (m) => m.sourceTx === tokenOut.hash,
    ["ready"],
  );
  const claim = world.scroll.withdrawalProof(ethWithdrawal);
  console.log(
    `  claim: batch ${claim.batchIndex}, proof ${(claim.merkleProof.length - 2) / 64} sibling(s)`,
  );

  step("Claim both on L1 with relayMessageWithProof");
  const l1Before = await l1.ethers.provider.getBalance(alice.address);
  const messenger = scroll.l1Contracts.L1ScrollMessenger.connect(
    await l1.ethers.getSigner((await l1.ethers.getSigners())[3].address),
  );
  for (const m of [ethWithdrawal, tokenWithdrawal]) {
    const proof = world.scroll.withdrawalProof(m);
    await (
      await messenger.relayMessageWithProof(
        m.sender,
        m.target,
        m.value,
        m.nonce,
        m.data,
        proof,
      )
    ).wait();
  }
  await waitFor(world, (m) => m.id === ethWithdrawal.id, ["relayed"]);
  check(
    (await l1.ethers.provider.getBalance(alice.address)) ===
      l1Before + parseEther("0.25"),
    "0.25 ETH back on L1 (claimed by someone else, paid to alice)",
  );
  check(
    (await token.balanceOf(alice.address)) === 600n &&
      (await l2Token.totalSupply()) === 400n,
    "tokens: 600 on L1, 400 bridged on L2",
  );
} finally {
  await world.close();
}
