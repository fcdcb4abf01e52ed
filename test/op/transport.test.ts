import type { World } from "../../src/world.js";

import { expect } from "chai";
import { Interface, id, keccak256, toUtf8Bytes } from "ethers";

import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "../../src/protocols/op/codec/predeploys.js";
import {
  connectionReset,
  loseNextSend,
  type SentTx,
} from "../helpers/faults.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);
const RELAYED_MESSAGE = id("RelayedMessage(uint256,uint256,bytes32,bytes32)");

/**
 * A relay send that gets no answer from the destination (a dropped HTTP connection under
 * `xdm:relay`) is not a failed attempt: the autorelayer sends it again, never twice on chain,
 * and gives up with the cause only after several in a row.
 */
describe("OP autorelayer and transport errors", () => {
  let world: World;
  let recorder: string;
  beforeEach(async () => {
    const hre = await hreWith({
      xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" } } },
    });
    world = await hre.xdm.create();
    recorder = await (
      await world.chains.opB.ethers.deployContract("ContextRecorder")
    ).getAddress();
  });
  afterEach(async () => await world.close());

  const isRelay = (tx: SentTx) =>
    tx.to.toLowerCase() ===
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS.toLowerCase() &&
    tx.from.toLowerCase() ===
      world.actors["op:autorelayer"].address.toLowerCase();

  async function send(tag: string): Promise<string> {
    await mined(
      world.chains.opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        902,
        recorder,
        recorderIface.encodeFunctionData("record", [
          keccak256(toUtf8Bytes(tag)),
        ]),
      ),
    );
    await world.refresh();
    return world.messages()[world.messages().length - 1].id;
  }

  async function relayedLogs(): Promise<number> {
    const logs = await world.chains.opB.rpc<unknown[]>("eth_getLogs", [
      {
        fromBlock: "0x0",
        toBlock: "latest",
        address: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        topics: [RELAYED_MESSAGE],
      },
    ]);
    return logs.length;
  }

  it("a relay whose request is lost keeps the message ready with the cause, and the next pass relays it once", async () => {
    const messageId = await send("request lost");
    const fault = loseNextSend(world.chains.opB, isRelay, {
      lost: "request",
      error: connectionReset(),
    });
    await world.relay();
    expect(fault.seen).to.deep.equal({ reached: 0, dropped: 1 });
    expect(world.message(messageId)).to.include({
      status: "ready",
      stage: "initiated",
    });
    expect(world.message(messageId).error)
      .to.include("ECONNRESET")
      .and.to.include("did not reach opB");

    await world.relay();
    expect(world.message(messageId)).to.include({
      status: "relayed",
      stage: "relayed",
      error: undefined,
    });
    expect(await relayedLogs()).to.equal(1);
    fault.undo();
  });

  it("a relay mined but unanswered is not sent again: the next pass finds it relayed", async () => {
    const messageId = await send("answer lost");
    const fault = loseNextSend(world.chains.opB, isRelay, {
      lost: "answer",
      error: connectionReset(),
    });
    await world.relayAll();
    expect(fault.seen).to.deep.equal({ reached: 1, dropped: 1 });
    expect(world.message(messageId)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await relayedLogs()).to.equal(1);
    fault.undo();
  });

  it("gives up with the cause after the relay got no answer several times in a row", async () => {
    const messageId = await send("always lost");
    const opB = world.chains.opB;
    const rpc = opB.rpc.bind(opB);
    (opB as { rpc: unknown }).rpc = async (
      method: string,
      params: unknown[] = [],
    ) => {
      if (method === "eth_sendTransaction" && isRelay((params as SentTx[])[0]))
        throw connectionReset();
      return await rpc(method, params);
    };
    try {
      const error = await expectRejection(
        world.relayAll(),
        `relay of ${messageId} got no answer from opB`,
        "ECONNRESET",
      );
      expect(
        (error as Error & { cause?: { code?: string } }).cause?.code,
      ).to.equal("ECONNRESET");
      expect(world.message(messageId)).to.include({
        status: "ready",
        stage: "initiated",
      });
    } finally {
      delete (opB as { rpc?: unknown }).rpc;
    }
    await world.relayAll();
    expect(world.message(messageId)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await relayedLogs()).to.equal(1);
  });
});
