import type { World } from "../../src/world.js";

import { expect } from "chai";
import { type Contract, getAddress, type TransactionReceipt } from "ethers";

import { SENT_MESSAGE_TOPIC } from "../../src/protocols/op/codec/events.js";
import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "../../src/protocols/op/codec/predeploys.js";
import { mined } from "../helpers/mined.js";
import { expectCustomError } from "../helpers/rejection.js";

import {
  createOpWorld,
  messageSentIn,
  type OpChain,
  relayAsUser,
  relayedByPlugin,
} from "./helpers.js";

const PING = 0n;
const PONG = 1n;

describe("PingPong example (OP interop)", function () {
  let world: World;
  let a: OpChain;
  let b: OpChain;
  let c: OpChain;
  let pingA: Contract;
  let pingB: Contract;

  before(async function () {
    // A third chain that 902 accepts messages from, for a ball from the right address on the wrong chain.
    ({
      world,
      chains: { opA: a, opB: b, opC: c },
    } = await createOpWorld({
      opA: { chainId: 901n, dependencySet: ["opB"] },
      opB: { chainId: 902n, dependencySet: ["opA", "opC"] },
      opC: { chainId: 903n, dependencySet: ["opB"] },
    }));
  });

  after(async function () {
    await world.close();
  });

  // Every test starts from the two counterparts deployed and paired.
  const deployPingPongs = async () => {
    const [ownerA] = await a.connection.ethers.getSigners();
    const [ownerB] = await b.connection.ethers.getSigners();
    const onA = await a.connection.ethers.deployContract("PingPong", [
      ownerA.address,
    ]);
    const onB = await b.connection.ethers.deployContract("PingPong", [
      ownerB.address,
    ]);
    await mined(onA.setCounterpart(902n, await onB.getAddress()));
    await mined(onB.setCounterpart(901n, await onA.getAddress()));
    return { onA, onB };
  };
  beforeEach(async function () {
    ({ onA: pingA, onB: pingB } = await world.loadFixture(deployPingPongs));
  });

  function events(
    contract: Contract,
    receipt: TransactionReceipt,
    name: string,
  ): unknown[][] {
    return receipt.logs
      .filter(
        (log) =>
          getAddress(log.address) === getAddress(contract.target as string),
      )
      .map((log) => contract.interface.parseLog(log))
      .filter((event) => event?.name === name)
      .map((event) => [...event!.args]);
  }

  it("plays one rally: ping 901 → 902, pong 902 → 901, one ball counted on each side", async function () {
    const served = await mined(pingA.ping());
    const [[destination, rally, ball, pingHash]] = events(
      pingA,
      served,
      "BallSent",
    );
    expect([destination, rally, ball]).to.deep.equal([902n, 1n, PING]);
    const ping = await messageSentIn(world, served);

    const returned = await relayedByPlugin(world, ping);
    expect(await b.messenger.successfulMessages(pingHash as string)).to.equal(
      true,
    );
    expect(events(pingB, returned, "BallReceived")).to.deep.equal([
      [901n, 1n, PING, 1n],
    ]);
    const [[, , pongBall, pongHash]] = events(pingB, returned, "BallSent");
    expect(pongBall).to.equal(PONG);
    // The pong is a new initiating message in the relay transaction itself.
    const sent = returned.logs.filter(
      (log) =>
        getAddress(log.address) === L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS &&
        log.topics[0] === SENT_MESSAGE_TOPIC,
    );
    expect(sent).to.have.length(1);
    const pong = await messageSentIn(world, returned);

    const finished = await relayedByPlugin(world, pong);
    expect(await a.messenger.successfulMessages(pongHash as string)).to.equal(
      true,
    );
    expect(events(pingA, finished, "BallReceived")).to.deep.equal([
      [902n, 1n, PONG, 1n],
    ]);
    expect(events(pingA, finished, "BallSent")).to.deep.equal([]);

    expect(await pingA.ballsReceived()).to.equal(1n);
    expect(await pingB.ballsReceived()).to.equal(1n);
    expect(await pingA.rallies()).to.equal(1n);
  });

  it("accepts balls only from the messenger, sent by the counterpart, from the counterpart chain", async function () {
    const [user] = await b.connection.ethers.getSigners();
    await expectCustomError(
      pingB.receiveBall(1n, PING),
      pingB.interface,
      "CallerNotMessenger",
      [user.address],
    );

    // A message to pingB from an account that is not the counterpart.
    const call = pingB.interface.encodeFunctionData("receiveBall", [1n, PING]);
    const forged = await mined(
      a.messenger.sendMessage(902n, await pingB.getAddress(), call),
    );
    const fromUser = await messageSentIn(world, forged);
    await expectCustomError(
      relayAsUser(world, fromUser),
      pingB.interface,
      "SenderNotCounterpart",
      [user.address],
    );

    // The right counterpart address, but on a third chain.
    const [ownerC] = await c.connection.ethers.getSigners();
    // Account 0's first deployment: the same address as pingA on 901.
    const impostor = await c.connection.ethers.deployContract("PingPong", [
      ownerC.address,
    ]);
    expect(await impostor.getAddress()).to.equal(await pingA.getAddress());
    await mined(impostor.setCounterpart(902n, await pingB.getAddress()));
    const fromC = await messageSentIn(world, await mined(impostor.ping()));
    await expectCustomError(
      relayAsUser(world, fromC),
      pingB.interface,
      "SourceNotCounterpartChain",
      [903n],
    );
    expect(await pingB.ballsReceived()).to.equal(0n);
  });

  it("refuses to serve before the counterpart is set, and only the owner sets it", async function () {
    const [owner, stranger] = await a.connection.ethers.getSigners();
    const fresh = await a.connection.ethers.deployContract("PingPong", [
      owner.address,
    ]);
    await expectCustomError(fresh.ping(), fresh.interface, "CounterpartNotSet");
    await expectCustomError(
      (fresh.connect(stranger) as Contract).setCounterpart(
        902n,
        stranger.address,
      ),
      fresh.interface,
      "OwnableUnauthorizedAccount",
      [stranger.address],
    );
  });
});
