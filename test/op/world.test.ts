import type { World } from "../../src/world.js";

import { expect } from "chai";
import hre from "hardhat";

describe("OP interop world: ping-pong", () => {
  let world: World;
  before(async () => {
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("plays a rally between opA and opB", async () => {
    const { opA, opB } = world.chains;
    const [ownerA] = await opA.ethers.getSigners();
    const [ownerB] = await opB.ethers.getSigners();
    const a = await opA.ethers.deployContract("PingPong", [ownerA.address]);
    const b = await opB.ethers.deployContract("PingPong", [ownerB.address]);
    await a.setCounterpart(opB.chainId, await b.getAddress());
    await b.setCounterpart(opA.chainId, await a.getAddress());
    await a.ping();
    const first = await world.relay();
    console.log(first, world.messages());
    await world.relayAll();
    expect(await b.ballsReceived()).to.equal(1n);
    expect(await a.ballsReceived()).to.equal(1n);
    console.log(world.messages());
  });
});
