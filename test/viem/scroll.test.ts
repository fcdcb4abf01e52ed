/**
 * chain.viem on a Scroll chain and its L1 (hardhat-viem the only library plugin): the messengers as
 * viem contracts, an L1→L2 message relayed, an L2→L1 message claimed with a viem wallet client and
 * with a viem account, a second claim refused, and a bad sender named.
 */
import type { World } from "../../src/world.js";

import hardhatViem from "@nomicfoundation/hardhat-viem";
import { expect } from "chai";
import { encodeFunctionData, getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

describe("chain.viem on Scroll", function () {
  this.timeout(180_000);
  let world: World;

  beforeEach(async () => {
    const hre = await hreWith({}, [hardhatViem]);
    world = await hre.xdm.create();
  });
  afterEach(async () => {
    await world.close();
  });

  it("relays an L1→L2 message sent through the typed L1ScrollMessenger", async () => {
    const { scroll } = world.chains;
    const recipient = await scroll.viem.deployContract("MessageRecipient");
    const [wallet] = await world.l1.viem.getWalletClients();
    const messenger = scroll.viem.l1Contracts.L1ScrollMessenger;
    const hash = await messenger.write.sendMessage([
      recipient.address,
      0n,
      encodeFunctionData({
        abi: recipient.abi,
        functionName: "record",
        args: ["0x1234"],
      }),
      200_000n,
    ]);
    const l1Client = await world.l1.viem.getPublicClient();
    expect(
      (await l1Client.waitForTransactionReceipt({ hash })).status,
    ).to.equal("success");
    await world.relayAll();
    const [message] = world.messages({ protocol: "scroll" });
    expect(message).to.include({ status: "relayed", from: "l1", to: "scroll" });
    expect(await recipient.read.received()).to.equal(1n);
    expect(await recipient.read.lastData()).to.equal("0x1234");
    expect(await recipient.read.lastXDomainSender()).to.equal(
      getAddress(wallet.account.address),
    );
  });

  it("claims L2→L1 messages with a viem wallet client, a JSON-RPC account and a local account", async () => {
    const { scroll } = world.chains;
    const recipient = await world.l1.viem.deployContract("MessageRecipient");
    const [, claimer] = await world.l1.viem.getWalletClients();
    const l2Messenger = scroll.viem.contracts.L2ScrollMessenger;
    const record = (data: `0x${string}`) =>
      encodeFunctionData({
        abi: recipient.abi,
        functionName: "record",
        args: [data],
      });
    for (const data of ["0x01", "0x02", "0x03"] as const)
      await l2Messenger.write.sendMessage([
        recipient.address,
        0n,
        record(data),
        0n,
      ]);
    await world.relayAll();
    const withdrawals = world.messages({ from: "scroll" });
    expect(withdrawals.map((m) => [m.status, m.stage])).to.deep.equal([
      ["ready", "finalized"],
      ["ready", "finalized"],
      ["ready", "finalized"],
    ]);

    // A local account signs itself; it needs ether for gas on the L1.
    const local = privateKeyToAccount(
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    );
    await world.l1.setBalance(local.address, 10n ** 18n);
    const senders = [claimer, claimer.account, local] as const;
    for (const [index, sender] of senders.entries()) {
      const claimed = await world.scroll.claim(withdrawals[index], sender);
      expect(claimed, `claim ${index}`).to.include({
        status: "relayed",
        stage: "relayed",
      });
    }
    expect(await recipient.read.received()).to.equal(3n);
    expect(await recipient.read.lastData()).to.equal("0x03");
    expect(
      await scroll.viem.l1Contracts.L1ScrollMessenger.read.isL2MessageExecuted([
        withdrawals[0].hash as `0x${string}`,
      ]),
    ).to.equal(true);

    // A second claim is refused, whoever sends it.
    await expectRejection(
      world.scroll.claim(withdrawals[0], claimer),
      "Message was already successfully executed",
    );
  });

  it("refuses a wallet client without an account, naming what to pass", async () => {
    const { scroll } = world.chains;
    await scroll.viem.contracts.L2ScrollMessenger.write.sendMessage([
      "0x0000000000000000000000000000000000000001",
      0n,
      "0x",
      0n,
    ]);
    await world.relayAll();
    const [withdrawal] = world.messages({ from: "scroll" });
    const { createWalletClient, custom } = await import("viem");
    const accountless = createWalletClient({
      transport: custom(world.l1.provider),
    });
    await expectRejection(
      world.scroll.claim(withdrawal, accountless),
      "The viem wallet client has no account",
    );
    expect(world.message(withdrawal.id).status).to.equal("ready");
  });

  it("types the L1 contracts from their ABIs (checked by tsc, never run)", () => {
    const typed = async () => {
      const rollup = world.chains.scroll.viem.l1Contracts.ZKRollup;
      const finalized: boolean = await rollup.read.isBatchFinalized([0n]);
      // @ts-expect-error isBatchFinalized takes a batch index
      await rollup.read.isBatchFinalized();
      // @ts-expect-error L1ScrollMessenger has no sendMessageToL2 (that is StarknetCore's)
      await world.chains.scroll.viem.l1Contracts.L1ScrollMessenger.write.sendMessageToL2(
        [],
      );
      return finalized;
    };
    expect(typed).to.be.a("function");
  });
});
