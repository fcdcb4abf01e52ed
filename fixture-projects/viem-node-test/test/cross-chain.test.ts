import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import hre from "hardhat";
import type { World } from "hardhat-xdm";
import { encodeFunctionData, getAddress, toFunctionSelector } from "viem";

describe("cross-chain messages with chain.viem", () => {
  let world: World;

  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("OP: greets opB from opA through the messenger", async () => {
    const { opA, opB } = world.chains;
    const a = await opA.viem.deployContract("Greeter");
    const b = await opB.viem.deployContract("Greeter");
    const messenger = opA.viem.contracts.L2ToL2CrossDomainMessenger;
    const nonce = await messenger.read.messageNonce();
    // The toolbox's viem assertions work on chain.viem, with the system contracts as they are.
    await opA.viem.assertions.emit(
      a.write.greet([BigInt(opB.chainId), b.address, "hello from opA"]),
      messenger,
      "SentMessage",
    );
    await world.relayAll();
    assert.equal(await b.read.greeting(), "hello from opA");
    assert.equal(await b.read.from(), getAddress(a.address));
    assert.equal(await messenger.read.messageNonce(), nonce + 1n);
    assert.deepEqual(
      world.messages({ protocol: "op" }).map((m) => m.status),
      ["relayed"],
    );
  });

  it("Scroll: a message to L2, and one back to L1 claimed with a wallet client", async () => {
    const { scroll } = world.chains;
    const [user] = await world.l1.viem.getWalletClients();
    const onL2 = await scroll.viem.deployContract("ScrollInbox");
    const onL1 = await world.l1.viem.deployContract("ScrollInbox");
    const receiveText = (text: string) =>
      encodeFunctionData({
        abi: onL2.abi,
        functionName: "receiveText",
        args: [text],
      });

    await scroll.viem.l1Contracts.L1ScrollMessenger.write.sendMessage([
      onL2.address,
      0n,
      receiveText("down"),
      200_000n,
    ]);
    await world.relayAll();
    assert.equal(await onL2.read.text(), "down");
    assert.equal(await onL2.read.from(), getAddress(user.account.address));

    await scroll.viem.contracts.L2ScrollMessenger.write.sendMessage([
      onL1.address,
      0n,
      receiveText("up"),
      0n,
    ]);
    await world.relayAll();
    const [withdrawal] = world.messages({ from: "scroll" });
    assert.equal(withdrawal.stage, "finalized");
    const claimed = await world.scroll.claim(withdrawal, user);
    assert.equal(claimed.status, "relayed");
    assert.equal(await onL1.read.text(), "up");
  });

  it("StarkNet: delivers a deposit to an L1 handler", async () => {
    const { starknet } = world.chains;
    const receiver = await starknet.viem.deployContract("DepositReceiver");
    await starknet.viem.l1Contracts.StarknetCore.write.sendMessageToL2(
      [
        BigInt(receiver.address),
        BigInt(toFunctionSelector("deposit(uint256,uint256[])")),
        [42n],
      ],
      { value: 1000n },
    );
    await world.relayAll();
    assert.equal(await receiver.read.total(), 42n);
    assert.equal(world.messages({ protocol: "starknet" })[0].status, "relayed");
  });
});
