/**
 * chain.viem on a StarkNet chain and its L1 (hardhat-viem the only library plugin): StarknetCore and
 * StarknetL2Messaging as viem contracts; an L1→L2 message delivered to an L1 handler, an L2→L1 message
 * consumed on L1 by its recipient after the state update, and a consumption refused before it.
 */
import type { World } from "../../src/world.js";

import hardhatViem from "@nomicfoundation/hardhat-viem";
import { expect } from "chai";
import { toFunctionSelector } from "viem";

import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

describe("chain.viem on StarkNet", function () {
  this.timeout(180_000);
  let world: World;

  before(async () => {
    const hre = await hreWith({}, [hardhatViem]);
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("delivers an L1→L2 message sent through the typed StarknetCore to an L1 handler", async () => {
    const { starknet } = world.chains;
    const handler = await starknet.viem.deployContract(
      "StarknetRecordingHandler",
    );
    const [wallet] = await world.l1.viem.getWalletClients();
    const core = starknet.viem.l1Contracts.StarknetCore;
    const nonce: bigint = await core.read.l1ToL2MessageNonce();
    await core.write.sendMessageToL2(
      [
        BigInt(handler.address),
        BigInt(toFunctionSelector("record(uint256,uint256[])")),
        [5n, 6n],
      ],
      { value: 1000n },
    );
    await world.relayAll();
    const [message] = world.messages({ protocol: "starknet" });
    expect(message).to.include({ status: "relayed", stage: "consumed" });
    expect(await handler.read.calls()).to.equal(1n);
    expect(await handler.read.lastPayload()).to.deep.equal([5n, 6n]);
    expect(await handler.read.lastFromAddress()).to.equal(
      BigInt(wallet.account.address),
    );
    expect(await core.read.l1ToL2MessageNonce()).to.equal(nonce + 1n);
    expect(
      await starknet.viem.contracts.StarknetL2Messaging.read.l1HandlerStatus([
        nonce,
      ]),
    ).to.equal(1); // a uint8: viem reads it as a number
  });

  it("lets the L1 recipient consume an L2→L1 message once the state update carries it, not before", async () => {
    const { starknet } = world.chains;
    const handler = await starknet.viem.deployContract(
      "StarknetRecordingHandler",
    );
    const [, recipient] = await world.l1.viem.getWalletClients();
    const core = starknet.viem.l1Contracts.StarknetCore;
    const consume = () =>
      core.write.consumeMessageFromL2([BigInt(handler.address), [7n, 8n]], {
        account: recipient.account,
      });
    await handler.write.sendToL1([BigInt(recipient.account.address), [7n, 8n]]);
    await world.relay();
    const [withdrawal] = world.messages({ from: "starknet" });
    expect(withdrawal.stage).to.equal("awaiting-state-update");
    await expectRejection(consume(), "INVALID_MESSAGE_TO_CONSUME");

    await world.relayAll();
    expect(world.message(withdrawal.id).stage).to.equal("state-updated");
    await consume();
    await world.relay();
    expect(world.message(withdrawal.id)).to.include({
      status: "relayed",
      stage: "consumed",
    });
  });

  it("types StarknetCore from its ABI (checked by tsc, never run)", () => {
    const typed = async () => {
      const core = world.chains.starknet.viem.l1Contracts.StarknetCore;
      // @ts-expect-error StarknetCore's L1→L2 send is sendMessageToL2
      await core.write.sendMessage([1n, 2n, [3n]]);
      // @ts-expect-error the payload is a list of uint256
      await core.write.sendMessageToL2([1n, 2n, 3n], { value: 1n });
    };
    expect(typed).to.be.a("function");
  });
});
