// OP Stack interop against a running `npx hardhat xdm:node`: a ping-pong between opA and opB, then a
// token burnt on opA and minted on opB through the messenger and the inbox alone, then native ETH through
// the SuperchainETHBridge and supersim's test token through the SuperchainTokenBridge, as on supersim.
import { parseEther } from "ethers";
import hre from "hardhat";

import { protocolModule } from "../src/protocols/index.js";

import { check, step, waitFor } from "./lib.js";

const world = await hre.xdm.attach({
  port: Number(process.env.XDM_PORT ?? 8545),
});
try {
  const { opA, opB } = world.chains;
  const [alice] = await opA.ethers.getSigners();

  step("Deploy PingPong on opA and opB and introduce them to each other");
  const a = await opA.ethers.deployContract("PingPong", [alice.address]);
  const b = await opB.ethers.deployContract("PingPong", [alice.address]);
  await (await a.setCounterpart(opB.chainId, await b.getAddress())).wait();
  await (await b.setCounterpart(opA.chainId, await a.getAddress())).wait();

  step("ping() on opA: L2ToL2CrossDomainMessenger.sendMessage to opB");
  const [aAddress, bAddress] = [await a.getAddress(), await b.getAddress()];
  await (await a.ping()).wait();
  await waitFor(world, (m) => m.from === "opA" && same(m.target, bAddress), [
    "relayed",
  ]);
  step("The autorelayer relayed the ping; opB answered with a pong");
  await waitFor(world, (m) => m.from === "opB" && same(m.target, aAddress), [
    "relayed",
  ]);
  check(
    (await b.ballsReceived()) === 1n && (await a.ballsReceived()) === 1n,
    "each side received one ball",
  );

  step("A cross-chain token: deployed at the same address on opA and opB");
  const deployer = (await opA.ethers.getSigners())[7];
  const deployerB = await opB.ethers.getSigner(deployer.address);
  const nonce = Math.max(
    await opA.ethers.provider.getTransactionCount(deployer.address),
    await opB.ethers.provider.getTransactionCount(deployer.address),
  );
  for (const [chain, signer] of [
    [opA, deployer],
    [opB, deployerB],
  ] as const) {
    while (
      (await chain.ethers.provider.getTransactionCount(signer.address)) < nonce
    ) {
      await (
        await signer.sendTransaction({ to: signer.address, value: 0 })
      ).wait();
    }
  }
  const tokenA = await opA.ethers.deployContract(
    "CrossChainToken",
    [alice.address, 1000n],
    deployer,
  );
  const tokenB = await opB.ethers.deployContract(
    "CrossChainToken",
    [alice.address, 0n],
    deployerB,
  );
  check(
    (await tokenA.getAddress()) === (await tokenB.getAddress()),
    `same address on both chains: ${await tokenA.getAddress()}`,
  );

  step(
    "sendCrossChain(902, bob, 400) on opA: burn 400 on opA, a message to mint on opB",
  );
  const bob = (await opB.ethers.getSigners())[1].address;
  await (
    await (tokenA.connect(alice) as typeof tokenA).sendCrossChain(
      opB.chainId,
      bob,
      400n,
    )
  ).wait();
  const tokenAddress = await tokenB.getAddress();
  await waitFor(
    world,
    (m) => m.from === "opA" && same(m.target, tokenAddress),
    ["relayed"],
  );
  check(
    (await tokenA.totalSupply()) === 600n &&
      (await tokenB.balanceOf(bob)) === 400n,
    "600 on opA + 400 on opB: supply conserved",
  );

  step("SuperchainETHBridge.sendETH(bob, 902) with 0.5 ETH on opA");
  const ethBefore = await opB.ethers.provider.getBalance(bob);
  const ethSend = await (
    await opA.contracts.SuperchainETHBridge.connect(alice).sendETH(
      bob,
      opB.chainId,
      { value: parseEther("0.5") },
    )
  ).wait();
  const ethMessage = await waitFor(world, (m) => m.sourceTx === ethSend?.hash, [
    "relayed",
  ]);
  console.log(`  carries ${protocolModule("op")?.describe?.(ethMessage)}`);
  check(
    (await opB.ethers.provider.getBalance(bob)) - ethBefore ===
      parseEther("0.5"),
    "bob received 0.5 ETH on opB, paid out of opB's ETHLiquidity",
  );

  step(
    "supersim's token at 0x420beeF…0001: mint 100 on opA, SuperchainTokenBridge.sendERC20 60 to opB",
  );
  const mock = opA.contracts.SupersimToken.connect(alice);
  const mockB = opB.contracts.SupersimToken;
  const mockBefore = await mockB.balanceOf(bob);
  await (await mock.mint(alice.address, 100n)).wait();
  const tokenSend = await (
    await opA.contracts.SuperchainTokenBridge.connect(alice).sendERC20(
      await mock.getAddress(),
      bob,
      60n,
      opB.chainId,
    )
  ).wait();
  const tokenMessage = await waitFor(
    world,
    (m) => m.sourceTx === tokenSend?.hash,
    ["relayed"],
  );
  console.log(`  carries ${protocolModule("op")?.describe?.(tokenMessage)}`);
  check(
    (await mockB.balanceOf(bob)) - mockBefore === 60n,
    "bob holds 60 more MOCK on opB",
  );
} finally {
  await world.close();
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
