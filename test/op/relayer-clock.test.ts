// The relayer's cheaper paths and what they must still do: actor transactions with cached fee fields
// (and a second try when the base fee has risen past them), and the supervisor's clock reading for
// a burst of relays, dropped at any clock tool so that a user's time jump is never undone.
import type { World } from "../../src/world.js";

import { expect } from "chai";
import { Interface, keccak256, toQuantity } from "ethers";

import { expectRejection, hreWith } from "../helpers.js";

const recorderIface = new Interface(["function record(bytes32) payable returns (bytes32)"]);

describe("relayer fast paths keep their guarantees", () => {
  let world: World;
  before(async () => {
    const hre = await hreWith({ xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" } } } });
    world = await hre.xdm.create();
  });
  after(async () => world.close());

  it("an actor transaction whose cached fees fell below the base fee is sent again with fresh fees", async () => {
    const { opB } = world.chains;
    const [user] = await opB.ethers.getSigners();
    await opB.send({ from: user.address, to: user.address, gas: 21_000n }); // the fee fields are now cached
    const highBaseFee = 500n * 10n ** 9n; // far above twice the cached base fee
    await opB.rpc("hardhat_setNextBlockBaseFeePerGas", [toQuantity(highBaseFee)]);
    const receipt = await opB.send({ from: user.address, to: user.address, gas: 21_000n });
    expect(receipt.status).to.equal("0x1");
    const block = await opB.block(Number(receipt.blockNumber));
    expect(BigInt(block.baseFeePerGas!)).to.equal(highBaseFee);
  });

  it("other refusals are not retried and reach the caller", async () => {
    const { opB } = world.chains;
    const [user] = await opB.ethers.getSigners();
    const nonce = await opB.rpc<string>("eth_getTransactionCount", [user.address, "latest"]);
    await expectRejection(opB.send({ from: user.address, to: user.address, gas: 1_000n }), "Transaction requires at least 21000 gas");
    expect(await opB.rpc<string>("eth_getTransactionCount", [user.address, "latest"])).to.equal(nonce);
  });

  it("a burst of relays shares one clock reading, but a time jump between relays is kept", async () => {
    const { opA, opB } = world.chains;
    const recorder = await opB.ethers.deployContract("ContextRecorder");
    const send = async (tag: string) =>
      await (await opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(opB.chainId, await recorder.getAddress(), recorderIface.encodeFunctionData("record", [keccak256(tag)]))).wait();
    await send("0x01");
    await send("0x02");
    await world.relayAll();
    const first = world.messages({ target: await recorder.getAddress() });
    expect(first.map((m) => m.status)).to.deep.equal(["relayed", "relayed"]);

    // A user moves opB's clock by an hour without mining (evm_increaseTime): the next relay must land
    // after the jump, not at the timestamp the supervisor read before it.
    const before = await opB.timestamp();
    await opB.rpc("evm_increaseTime", [3600]);
    await send("0x03");
    await world.relay();
    const [late] = world.messages({ target: await recorder.getAddress() }).filter((m) => !first.some((f) => f.id === m.id));
    expect(late.status).to.equal("relayed");
    const receipt = await opB.receipt(late.destinationTx!);
    expect(Number((await opB.block(Number(receipt.blockNumber))).timestamp)).to.be.at.least(before + 3600);
  });
});
