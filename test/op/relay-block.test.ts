// The autorelayer relays every ready message of a destination in one block (src/block-batch.ts), as
// op-geth's sequencer includes many executing messages per block: in the order the messages were
// sent, each checked by the supervisor against the timestamp of the block that includes it, a relay
// that reverts mid-block still failed with its reason (and retried), a dependency still waiting.
import type { Chain } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";

import { expect } from "chai";

import { isInteropMessage } from "../../src/protocols/op/details.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";

/** The OP interop message `id` (neither a deposit nor a withdrawal). */
function interop(world: World, id: string) {
  const message = world.message(id, "op");
  if (!isInteropMessage(message))
    throw new Error(`${id} is not an interop message`);
  return message;
}

describe("OP relays many to a block", () => {
  let world: World;
  before(async () => {
    const hre = await hreWith({
      xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  /** Sends a message from opA to `target` on opB calling `data`; returns nothing (the relayer finds it). */
  async function send(target: Contract, data: string): Promise<void> {
    const { opA, opB } = world.chains;
    await mined(
      opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        opB.chainId,
        await target.getAddress(),
        data,
      ),
    );
  }

  async function blockOf(chain: Chain, hash: string) {
    const receipt = await chain.rpc<{
      blockNumber: string;
      transactionIndex: string;
    }>("eth_getTransactionReceipt", [hash]);
    return {
      number: Number(receipt.blockNumber),
      index: Number(receipt.transactionIndex),
    };
  }

  it("relays the ready messages in one block, in the order sent, against one pinned timestamp", async () => {
    const { opB } = world.chains;
    const sw = (await opB.ethers.deployContract("Switch")) as Contract;
    const check = sw.interface.encodeFunctionData("check");
    for (let index = 0; index < 5; index++) await send(sw, check);
    await world.refresh();
    const head = await opB.blockNumber();
    const pins = countRequests(opB, "evm_setNextBlockTimestamp");
    try {
      await world.relay();
    } finally {
      pins.stop();
    }
    const messages = world
      .messages({ target: await sw.getAddress() })
      .sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
    expect(messages.map((m) => m.status)).to.deep.equal(
      Array(5).fill("relayed"),
    );
    expect(await opB.blockNumber()).to.equal(head + 1);
    const placed = await Promise.all(
      messages.map((m) => blockOf(opB, m.destinationTx!)),
    );
    expect(placed.map((p) => p.number)).to.deep.equal(Array(5).fill(head + 1));
    const indices = placed.map((p) => p.index);
    expect(indices).to.deep.equal([...indices].sort((a, b) => a - b));
    expect(pins.count, "timestamps pinned for the block").to.equal(1);
    const stamp = Number((await opB.block(head + 1)).timestamp);
    for (const m of messages) {
      const sent = Number(interop(world, m.id).details.identifier.timestamp);
      expect(stamp).to.be.at.least(sent);
      expect(stamp).to.be.below(sent + world.config.op.expiryWindow);
    }
    expect(await sw.passed()).to.equal(5n);
    expect(await opB.rpc("hardhat_getAutomine")).to.equal(true);
  });

  it("a relay that reverts because of an earlier relay of its block ends failed with its own reason, and is retried", async () => {
    const { opB } = world.chains;
    const sw = (await opB.ethers.deployContract("Switch")) as Contract;
    await send(sw, sw.interface.encodeFunctionData("set", [false]));
    await send(sw, sw.interface.encodeFunctionData("check"));
    await world.relay();
    const [off, check] = world
      .messages({ target: await sw.getAddress() })
      .sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
    expect(off.status).to.equal("relayed");
    // Estimated on the block before, `check` passed; in its block, after `set(false)`, it reverted.
    expect(check.status).to.equal("failed");
    expect(check.stage).to.equal("relay-reverted");
    expect(check.error).to.equal("Off(0)");
    const [offAt, checkAt] = await Promise.all([
      blockOf(opB, off.destinationTx!),
      blockOf(opB, check.destinationTx!),
    ]);
    expect(checkAt.number).to.equal(offAt.number);
    expect(checkAt.index).to.be.above(offAt.index);

    // Retries are as before: the next block's pass sends it again, and it passes once the switch is on.
    await mined(sw.set(true));
    await world.relayAll();
    const retried = world.messages({ target: await sw.getAddress() });
    expect(retried.map((m) => m.status)).to.deep.equal(["relayed", "relayed"]);
    expect(await sw.passed()).to.equal(1n);
  });

  it("a relay that needs another relay of the same block waits for it (RequiredMessageNotSuccessful), then follows", async () => {
    const { opB } = world.chains;
    const gate = (await opB.ethers.deployContract("Gate")) as Contract;
    await send(gate, gate.interface.encodeFunctionData("setOpen", [true]));
    await world.refresh();
    const [first] = world.messages({ target: await gate.getAddress() });
    await send(
      gate,
      gate.interface.encodeFunctionData("enterAfter", [first.hash]),
    );
    await world.relay();
    const waiting = world
      .messages({ target: await gate.getAddress() })
      .find((m) => m.id !== first.id)!;
    expect(world.message(first.id).status).to.equal("relayed");
    expect(waiting.stage).to.equal("waiting-dependency");
    expect(interop(world, waiting.id).details.waitingFor).to.equal(first.hash);
    await world.relayAll();
    const done = world.message(waiting.id);
    expect(done.status).to.equal("relayed");
    const [firstAt, laterAt] = await Promise.all([
      blockOf(opB, world.message(first.id).destinationTx!),
      blockOf(opB, done.destinationTx!),
    ]);
    expect(laterAt.number).to.be.above(firstAt.number);
    expect(await gate.entries()).to.equal(1n);
  });
});

/** Counts the requests for `method` made through `chain.rpc` until `stop()`. */
function countRequests(
  chain: Chain,
  method: string,
): { readonly count: number; stop(): void } {
  const original = chain.rpc;
  let count = 0;
  chain.rpc = async function <T>(
    this: Chain,
    name: string,
    params: unknown[] = [],
  ): Promise<T> {
    if (name === method) count += 1;
    return (await original.call(this, name, params)) as T;
  };
  return {
    get count() {
      return count;
    },
    stop() {
      chain.rpc = original;
    },
  };
}
