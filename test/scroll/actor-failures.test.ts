/**
 * What Scroll's actors do when a transaction of theirs fails: a proof the verifier refuses is
 * proven again on a later pass; a send that never reached the chain (a transport error) is sent
 * again on a later pass; any other failure stops relayAll at once with its cause.
 */
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { Interface } from "ethers";

import { applyL1ToL2Alias } from "../../src/protocols/scroll/codec/alias.js";
import { loseNextSend } from "../helpers/faults.js";
import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

const recipientIface = new Interface(["function record(bytes)"]);

describe("Scroll actors' failures", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  beforeEach(async () => {
    hre = await hreWith({
      xdm: { chains: { scroll: { protocol: "scroll" } } },
    });
    world = await hre.xdm.create();
  });
  afterEach(async () => await world.close());

  it("relayAll stops at once with the cause when finalizeBatchWithProof reverts for another reason than the proof (a paused rollup)", async () => {
    const { l1, scroll } = world.chains;
    const [alice] = await l1.ethers.getSigners();
    await scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](alice.address, 0, "0x", 100_000);
    await world.refresh();
    await world.scroll.commitBatch();
    const owner = await l1.ethers.getImpersonatedSigner(
      world.actors.deployer.address,
    );
    await scroll.l1Contracts.ZKRollup.connect(owner).setPause(true);

    const error = await expectRejection(
      world.relayAll({ maxPasses: 20 }),
      "finalizeBatchWithProof",
      "Pausable: paused",
    );
    expect(error.message).to.not.include("did not settle");
    expect(world.messages({ from: "scroll" })[0]).to.include({
      status: "pending",
      stage: "committed",
    });

    // Unpaused, the same batch finalizes.
    await scroll.l1Contracts.ZKRollup.connect(owner).setPause(false);
    await world.relayAll();
    expect(world.messages({ from: "scroll" })[0]).to.include({
      status: "ready",
      stage: "finalized",
    });
  });

  it("a refused proof (InvalidProof) is still proven again on the next pass", async () => {
    const { l1, scroll } = world.chains;
    const [alice] = await l1.ethers.getSigners();
    await scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](alice.address, 0, "0x", 100_000);
    world.faults.failProofs("scroll", 2);
    await world.relayAll();
    expect(world.messages({ from: "scroll" })[0]).to.include({
      status: "ready",
      stage: "finalized",
    });
    expect(world.scroll.lastError).to.include("InvalidProof");
    expect(
      await scroll.l1Contracts.ZKRollup.lastFinalizedBatchIndex(),
    ).to.equal(1n);
  });

  it("a transport error on the finalizer's send is retried on a later pass, not taken for a refused proof or surfaced", async () => {
    const { l1, scroll } = world.chains;
    const [alice] = await l1.ethers.getSigners();
    await scroll.contracts.L2ScrollMessenger[
      "sendMessage(address,uint256,bytes,uint256)"
    ](alice.address, 0, "0x", 100_000);
    const rollup = (
      await scroll.l1Contracts.ZKRollup.getAddress()
    ).toLowerCase();
    const finalize = scroll.l1Contracts.ZKRollup.interface.getFunction(
      "finalizeBatchWithProof",
    )!.selector;
    const fault = loseNextSend(
      l1,
      (tx) =>
        tx.to.toLowerCase() === rollup && (tx.data ?? "").startsWith(finalize),
    );
    await world.relayAll();
    expect(fault.failed()).to.equal(true);
    expect(world.messages({ from: "scroll" })[0]).to.include({
      status: "ready",
      stage: "finalized",
    });
    expect(
      await scroll.l1Contracts.ZKRollup.lastFinalizedBatchIndex(),
    ).to.equal(1n);
  });

  it("a transport error on the sequencer's relay send leaves the message confirmed, and the next pass relays it once", async () => {
    const { scroll } = world.chains;
    const recipient = (await scroll.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    await scroll.l1Contracts.L1ScrollMessenger[
      "sendMessage(address,bytes,uint256)"
    ](
      await recipient.getAddress(),
      recipientIface.encodeFunctionData("record", ["0x01"]),
      200_000,
    );
    const alias = applyL1ToL2Alias(
      await scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    ).toLowerCase();
    const fault = loseNextSend(scroll, (tx) => tx.from.toLowerCase() === alias);
    await world.mine(world.config.scroll.l1Confirmations);
    await world.relay();
    expect(fault.failed()).to.equal(true);
    const [message] = world.messages({ protocol: "scroll" });
    expect(message).to.include({ status: "ready", stage: "confirmed" });
    expect(message.error).to.include("other side closed");

    await world.relay();
    expect(world.message(message.id)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(world.message(message.id).error).to.equal(undefined);
    expect(await recipient.received()).to.equal(1n);
    expect(
      Number(
        await scroll.rpc<string>("eth_getTransactionCount", [alias, "latest"]),
      ),
    ).to.equal(1);
  });

  it("a relay the L2 node refuses outright (a JSON-RPC error, nothing mined) is skipped as l2geth does, with the node's reason in message.error", async () => {
    const { scroll } = world.chains;
    const recipient = (await scroll.ethers.deployContract(
      "MessageRecipient",
    )) as unknown as Contract;
    await scroll.l1Contracts.L1ScrollMessenger[
      "sendMessage(address,bytes,uint256)"
    ](await recipient.getAddress(), "0x", 200_000);
    const alias = applyL1ToL2Alias(
      await scroll.l1Contracts.L1ScrollMessenger.getAddress(),
    ).toLowerCase();
    const refused = Object.assign(new Error("sender account not recognized"), {
      code: -32000,
    });
    loseNextSend(scroll, (tx) => tx.from.toLowerCase() === alias, {
      error: refused,
    });
    await world.mine(world.config.scroll.l1Confirmations);
    await world.relay();
    // The L2 refused the transaction outright: like l2geth, the sequencer skips it, naming why.
    const [message] = world.messages({ protocol: "scroll" });
    expect(message).to.include({ status: "failed", stage: "skipped" });
    expect(message.error).to.include("sender account not recognized");
  });
});
