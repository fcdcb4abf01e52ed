// The relayer's cheaper paths and what they must still do: actor transactions with cached fee fields
// (and a second try when the base fee has risen past them), and the supervisor's clock reading for
// a burst of relays, dropped at any clock tool so that a user's time jump is never undone.
import type { Chain } from "../../src/chain.js";
import type { World } from "../../src/world.js";

import { expect } from "chai";
import { Interface, keccak256, toQuantity } from "ethers";

import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);

describe("relayer fast paths keep their guarantees", () => {
  let world: World;
  before(async () => {
    const hre = await hreWith({
      xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  it("an actor transaction whose cached fees fell below the base fee is sent again with fresh fees", async () => {
    const { opB } = world.chains;
    const [user] = await opB.ethers.getSigners();
    await opB.send({ from: user.address, to: user.address, gas: 21_000n }); // the fee fields are now cached
    const highBaseFee = 500n * 10n ** 9n; // far above twice the cached base fee
    await opB.rpc("hardhat_setNextBlockBaseFeePerGas", [
      toQuantity(highBaseFee),
    ]);
    const receipt = await opB.send({
      from: user.address,
      to: user.address,
      gas: 21_000n,
    });
    expect(receipt.status).to.equal("0x1");
    const block = await opB.block(Number(receipt.blockNumber));
    expect(BigInt(block.baseFeePerGas!)).to.equal(highBaseFee);
  });

  it("other refusals are not retried and reach the caller", async () => {
    const { opB } = world.chains;
    const [user] = await opB.ethers.getSigners();
    const nonce = await opB.rpc<string>("eth_getTransactionCount", [
      user.address,
      "latest",
    ]);
    await expectRejection(
      opB.send({ from: user.address, to: user.address, gas: 1_000n }),
      "Transaction requires at least 21000 gas",
    );
    expect(
      await opB.rpc<string>("eth_getTransactionCount", [
        user.address,
        "latest",
      ]),
    ).to.equal(nonce);
  });

  it("a burst of relays shares one clock reading: the supervisor reads the pending block once and pins one timestamp", async () => {
    const { opB } = world.chains;
    const recorder = await opB.ethers.deployContract("ContextRecorder");
    const target = await recorder.getAddress();
    for (const label of ["0x11", "0x12", "0x13", "0x14"])
      await send(target, label);
    await world.refresh(); // the messages are known; the next pass only relays

    // Count the requests for opB's pending block during one pass: the autorelayer reads it once for the
    // pass; a supervisor without a shared reading would read it again for each of the four relays.
    const reads = countPendingBlockReads(opB);
    try {
      await world.relay();
    } finally {
      reads.stop();
    }
    const relayed = world.messages({ target });
    expect(relayed.map((m) => m.status)).to.deep.equal([
      "relayed",
      "relayed",
      "relayed",
      "relayed",
    ]);
    expect(reads.count, "pending-block reads on opB during the pass").to.equal(
      2,
    );
    const stamps = new Set<string>();
    for (const m of relayed)
      stamps.add(
        (
          await opB.block(
            Number((await opB.receipt(m.destinationTx!)).blockNumber),
          )
        ).timestamp,
      );
    expect([...stamps], "timestamps of the four relay blocks").to.have.length(
      1,
    );
  });

  it("a time jump between relays is kept: the shared reading is dropped at the clock tool", async () => {
    const { opB } = world.chains;
    const recorder = await opB.ethers.deployContract("ContextRecorder");
    const target = await recorder.getAddress();
    await send(target, "0x01");
    await world.relay();
    const [first] = world.messages({ target });
    expect(first.status).to.equal("relayed");

    // A user moves opB's clock by an hour without mining (evm_increaseTime): the next relay, within the
    // second the supervisor's reading is kept for, must land after the jump, not at the time read before it.
    const before = await opB.timestamp();
    await opB.rpc("evm_increaseTime", [3600]);
    await send(target, "0x02");
    await world.relay();
    const late = world.messages({ target }).find((m) => m.id !== first.id)!;
    expect(late.status).to.equal("relayed");
    const receipt = await opB.receipt(late.destinationTx!);
    expect(
      Number((await opB.block(Number(receipt.blockNumber))).timestamp),
    ).to.be.at.least(before + 3600);
  });

  /** Sends a message from opA to `target` on opB recording `label`. */
  async function send(target: string, label: string): Promise<void> {
    const { opA, opB } = world.chains;
    const data = recorderIface.encodeFunctionData("record", [keccak256(label)]);
    await mined(
      opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        opB.chainId,
        target,
        data,
      ),
    );
  }
});

/** Counts the `eth_getBlockByNumber("pending")` requests made through `chain.rpc` until `stop()`. */
function countPendingBlockReads(chain: Chain): {
  readonly count: number;
  stop(): void;
} {
  const original = chain.rpc;
  let count = 0;
  chain.rpc = async function <T>(
    this: Chain,
    method: string,
    params: unknown[] = [],
  ): Promise<T> {
    if (method === "eth_getBlockByNumber" && params[0] === "pending")
      count += 1;
    return (await original.call(this, method, params)) as T;
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
