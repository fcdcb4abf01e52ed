/**
 * chain.viem on OP chains (hardhat-viem the only library plugin): the predeploys as viem contracts
 * typed from their ABIs, a message sent through them, relayed and read back, a refused send, and the
 * type errors a wrong call makes.
 */
import type { World } from "../../src/world.js";

import hardhatViem from "@nomicfoundation/hardhat-viem";
import { expect } from "chai";
import { encodeFunctionData, getAddress, keccak256, toHex } from "viem";

import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

describe("chain.viem on OP chains", function () {
  this.timeout(120_000);
  let world: World;

  before(async () => {
    const hre = await hreWith({}, [hardhatViem]);
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("sends through the typed messenger, relays, and the target reads the sender", async () => {
    const { opA, opB } = world.chains;
    const recorder = await opB.viem.deployContract("ContextRecorder");
    const [wallet] = await opA.viem.getWalletClients();
    const publicA = await opA.viem.getPublicClient();
    const messenger = opA.viem.contracts.L2ToL2CrossDomainMessenger;
    expect(messenger.address).to.equal(
      "0x4200000000000000000000000000000000000023",
    );
    const nonceBefore: bigint = await messenger.read.messageNonce();
    const tag = keccak256(toHex("sent with viem"));
    const hash = await messenger.write.sendMessage([
      BigInt(opB.chainId),
      recorder.address,
      encodeFunctionData({
        abi: recorder.abi,
        functionName: "record",
        args: [tag],
      }),
    ]);
    const receipt = await publicA.waitForTransactionReceipt({ hash });
    expect(receipt.status).to.equal("success");
    expect(await messenger.read.messageNonce()).to.equal(nonceBefore + 1n);

    await world.relayAll();
    const [message] = world.messages({ protocol: "op" });
    expect(message).to.include({ status: "relayed", from: "opA", to: "opB" });
    expect(await recorder.read.lastTag()).to.equal(tag);
    expect(await recorder.read.lastSender()).to.equal(
      getAddress(wallet.account.address),
    );
    expect(
      await opB.viem.contracts.L2ToL2CrossDomainMessenger.read.successfulMessages(
        [message.hash as `0x${string}`],
      ),
    ).to.equal(true);
  });

  it("relays a message from a viem wallet client with world.op.relayTransaction", async () => {
    const { opA, opB } = world.chains;
    const recorder = await opB.viem.deployContract("ContextRecorder");
    const tag = keccak256(toHex("relayed by the user"));
    world.faults.pause("op:autorelayer");
    try {
      await opA.viem.contracts.L2ToL2CrossDomainMessenger.write.sendMessage([
        BigInt(opB.chainId),
        recorder.address,
        encodeFunctionData({
          abi: recorder.abi,
          functionName: "record",
          args: [tag],
        }),
      ]);
      await world.relayAll();
      const message = world
        .messages({ protocol: "op" })
        .find((m) => m.status === "ready");
      expect(message, "the paused autorelayer's message").to.not.equal(
        undefined,
      );
      const [, user] = await opB.viem.getWalletClients();
      const hash = await user.sendTransaction(
        world.op.relayTransaction(message!),
      );
      const publicB = await opB.viem.getPublicClient();
      expect(
        (await publicB.waitForTransactionReceipt({ hash })).status,
      ).to.equal("success");
      await world.relay();
      expect(world.message(message!.id).status).to.equal("relayed");
      expect(await recorder.read.lastTag()).to.equal(tag);
    } finally {
      world.faults.resume("op:autorelayer");
    }
  });

  it("rejects a send the messenger refuses (to its own chain), and no message appears", async () => {
    const { opA } = world.chains;
    const before = world.messages().length;
    await expectRejection(
      opA.viem.contracts.L2ToL2CrossDomainMessenger.write.sendMessage([
        BigInt(opA.chainId),
        "0x0000000000000000000000000000000000000001",
        "0x",
      ]),
      "MessageDestinationSameChain",
    );
    await world.relayAll();
    expect(world.messages()).to.have.length(before);
  });

  it("says which contracts an OP chain has when asked for another", () => {
    expect(() =>
      Reflect.get(world.chains.opA.viem.contracts, "L2ScrollMessenger"),
    ).to.throw(
      /has no L2ScrollMessenger in viem\.contracts.*L2ToL2CrossDomainMessenger/,
    );
  });

  it("types every call from the ABI (checked by tsc, never run)", () => {
    // Each @ts-expect-error must meet an error: were the contracts untyped, tsc would fail on it.
    const typed = async () => {
      const { opA } = world.chains;
      const messenger = opA.viem.contracts.L2ToL2CrossDomainMessenger;
      const to = opA.viem.contracts.CrossL2Inbox.address;
      // @ts-expect-error sendMessage(destination, target, message) needs the message
      await messenger.write.sendMessage([1n, to]);
      // @ts-expect-error the destination is a uint256: a bigint, not a string
      await messenger.write.sendMessage(["1", to, "0x"]);
      // @ts-expect-error messageNonce returns a bigint
      const nonce: string = await messenger.read.messageNonce();
      // @ts-expect-error the messenger has no such function
      await messenger.write.relay([]);
      return nonce;
    };
    expect(typed).to.be.a("function");
  });
});
