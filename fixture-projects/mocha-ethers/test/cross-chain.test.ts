import { expect } from "chai";
import hre from "hardhat";
import type { World } from "hardhat-xdm";

describe("cross-chain messages with chain.ethers", () => {
  let world: World;

  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("OP: greets opB from opA through the messenger", async () => {
    const { opA, opB } = world.chains;
    const a = await opA.ethers.deployContract("Greeter");
    const b = await opB.ethers.deployContract("Greeter");
    const messenger = opA.contracts.L2ToL2CrossDomainMessenger;
    const nonce = await messenger.messageNonce();
    await expect(
      a.greet(opB.chainId, await b.getAddress(), "hello from opA"),
    ).to.emit(messenger, "SentMessage");
    await world.relayAll();
    expect(await b.greeting()).to.equal("hello from opA");
    expect(await b.from()).to.equal(await a.getAddress());
    expect(await messenger.messageNonce()).to.equal(nonce + 1n);
    expect(
      world.messages({ protocol: "op" }).map((m) => m.status),
    ).to.deep.equal(["relayed"]);
  });

  it("Scroll: a message to L2, and one back to L1 claimed with a signer", async () => {
    const { scroll } = world.chains;
    const [user] = await world.l1.ethers.getSigners();
    const onL2 = await scroll.ethers.deployContract("ScrollInbox");
    const onL1 = await world.l1.ethers.deployContract("ScrollInbox");

    await scroll.l1Contracts.L1ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](
      await onL2.getAddress(),
      0n,
      onL2.interface.encodeFunctionData("receiveText", ["down"]),
      200_000n,
    );
    await world.relayAll();
    expect(await onL2.text()).to.equal("down");
    expect(await onL2.from()).to.equal(user.address);

    await scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](
      await onL1.getAddress(),
      0n,
      onL1.interface.encodeFunctionData("receiveText", ["up"]),
      0n,
    );
    await world.relayAll();
    const [withdrawal] = world.messages({ from: "scroll" });
    expect(withdrawal.stage).to.equal("finalized");
    expect((await world.scroll.claim(withdrawal, user)).status).to.equal(
      "relayed",
    );
    expect(await onL1.text()).to.equal("up");
  });

  it("StarkNet: delivers a deposit to an L1 handler", async () => {
    const { starknet } = world.chains;
    const receiver = await starknet.ethers.deployContract("DepositReceiver");
    const selector = receiver.interface.getFunction("deposit").selector;
    await starknet.l1Contracts.StarknetCore.sendMessageToL2(
      await receiver.getAddress(),
      BigInt(selector),
      [42n],
      { value: 1000n },
    );
    await world.relayAll();
    expect(await receiver.total()).to.equal(42n);
    expect(world.messages({ protocol: "starknet" })[0].status).to.equal(
      "relayed",
    );
  });
});
