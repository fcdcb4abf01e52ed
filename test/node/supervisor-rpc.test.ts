import { expect } from "chai";
import { Wallet, toBeHex, toQuantity } from "ethers";
import hre from "hardhat";

import { XdmNode } from "../../src/node/node.js";
import { mined } from "../helpers/mined.js";

import { freeBasePort, rpc } from "./processes.js";

/** One JSON-RPC call over a WebSocket; the whole response. */
async function overWebSocket(
  url: string,
  method: string,
  params: unknown[],
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener(
        "error",
        () => reject(new Error(`cannot open ${url}`)),
        { once: true },
      );
    });
    const response = new Promise<string>((resolve) =>
      socket.addEventListener(
        "message",
        (event) => resolve(String(event.data)),
        {
          once: true,
        },
      ),
    );
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }));
    return JSON.parse(await response) as {
      result?: unknown;
      error?: { code: number; message: string };
    };
  } finally {
    socket.close();
  }
}

async function codeOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    return (error as { code: number }).code;
  }
  return expect.fail("expected a JSON-RPC error");
}

describe("xdm:node serves supervisor_checkAccessList on its OP chains", function () {
  this.timeout(180_000);

  let node: XdmNode;
  let keys: string[];
  let descriptor: { timestamp: string };
  before(async () => {
    node = await XdmNode.start(hre, {
      port: await freeBasePort(),
      autorelay: false,
      log: () => undefined,
    });
    const { opA, opB } = node.world.chains;
    await mined(
      opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        opB.chainId,
        Wallet.createRandom().address,
        "0x",
      ),
    );
    // The node's relayer reads the message (it does not relay it: autorelay is off).
    const deadline = Date.now() + 30_000;
    while (node.world.messages({ from: "opA" }).length === 0) {
      if (Date.now() > deadline)
        throw new Error("the node never read the message");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [message] = node.world.messages({ from: "opA" });
    keys = node.world.op.accessList(message)[0].storageKeys;
    descriptor = {
      timestamp: toQuantity(node.world.op.identifier(message).timestamp + 1n),
    };
  });
  after(async () => {
    await node.stop();
  });

  it("answers null for a valid access list over HTTP and over WebSocket", async () => {
    const opB = node.served.opB;
    expect(
      await rpc(opB.rpcUrl, "supervisor_checkAccessList", [
        keys,
        "cross-unsafe",
        descriptor,
      ]),
    ).to.equal(null);
    expect(
      await overWebSocket(opB.wsUrl, "supervisor_checkAccessList", [
        keys,
        "cross-unsafe",
        descriptor,
      ]),
    ).to.deep.include({ result: null });
  });

  it("answers a refusal with op-supervisor's code, and bad params with -32602", async () => {
    const forged = [...keys];
    forged[forged.length - 1] = toBeHex(BigInt(forged.at(-1)!) ^ 1n, 32);
    const opB = node.served.opB;
    const refusal = await overWebSocket(
      opB.wsUrl,
      "supervisor_checkAccessList",
      [forged, "unsafe", descriptor],
    );
    expect(refusal.error).to.deep.include({
      code: -320600,
      message:
        "conflicting data: executing and initiating message fields are not equal",
    });
    expect(
      await codeOf(
        rpc(opB.rpcUrl, "supervisor_checkAccessList", [
          forged,
          "unsafe",
          descriptor,
        ]),
      ),
    ).to.equal(-320600);
    expect(
      await codeOf(
        rpc(opB.rpcUrl, "supervisor_checkAccessList", [keys, "unsafe"]),
      ),
    ).to.equal(-32602);
  });

  it("is no method of the L1 or of a Scroll or StarkNet chain, which say where it is served", async () => {
    for (const chain of ["l1", "scroll", "starknet"]) {
      const answer = await overWebSocket(
        node.served[chain].wsUrl,
        "supervisor_checkAccessList",
        [keys, "unsafe", descriptor],
      );
      expect(answer.error?.code, chain).to.equal(-32601);
      expect(answer.error?.message).to.include(
        `does not exist on chain "${chain}"`,
      );
      expect(answer.error?.message).to.include("it is served on opA, opB");
      expect(
        await codeOf(
          rpc(node.served[chain].rpcUrl, "supervisor_checkAccessList", []),
        ),
      ).to.equal(-32601);
    }
    // The L1 keeps the node's own methods (the lease is free: autorelay is off).
    expect(
      await rpc(node.served.l1.rpcUrl, "xdm_lease", ["a test", 1]),
    ).to.deep.equal({ granted: true, holder: "a test" });
    expect(
      await rpc(node.served.l1.rpcUrl, "xdm_release", ["a test"]),
    ).to.equal(true);
  });
});
