import { expect } from "chai";
import hre from "hardhat";

import { XdmNode } from "../src/node/node.js";

import { mined } from "./helpers/mined.js";

describe("xdm:node survives a failing relayer pass", function () {
  this.timeout(120_000);

  it("logs why the pass failed, keeps serving every chain, and keeps relaying other messages", async () => {
    const lines: string[] = [];
    const node = await XdmNode.start(hre, {
      port: 23545,
      autorelay: true,
      tick: 100,
      log: (line) => lines.push(line),
    });
    const { world } = node;
    try {
      const { starknet, opB } = world.chains;
      const core = starknet.l1Contracts.StarknetCore;
      // The governor removes the operator: StarknetCore refuses every state update (ONLY_OPERATOR), a failure
      // the state updater surfaces instead of retrying, so every pass that cuts an update fails there.
      const governor = await world.l1.ethers.getImpersonatedSigner(
        world.actors.deployer.address,
      );
      await mined(
        core
          .connect(governor)
          .unregisterOperator(world.actors["starknet:sequencer"].address),
      );
      await mined(
        starknet.contracts.StarknetL2Messaging.sendMessageToL1(1n, [1n]),
      );
      const deadline = Date.now() + 20_000;
      while (
        !lines.some((l) => l.startsWith("relayer:")) &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 100));
      const failure = lines.find((l) => l.startsWith("relayer:"));
      expect(failure, "a logged relayer failure").to.be.a("string");
      expect(failure).to.include("ONLY_OPERATOR");

      // Still serving over HTTP, and OP messages still move.
      const response = await fetch("http://127.0.0.1:23545", {
        method: "POST",
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_blockNumber",
          params: [],
        }),
      });
      expect(((await response.json()) as { result: string }).result).to.match(
        /^0x/,
      );
      const recorder = await opB.ethers.deployContract("ContextRecorder");
      await world.chains.opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
        902,
        await recorder.getAddress(),
        recorder.interface.encodeFunctionData("record", [
          "0x" + "11".repeat(32),
        ]),
      );
      while ((await recorder.calls()) === 0n && Date.now() < deadline + 40_000)
        await new Promise((r) => setTimeout(r, 100));
      expect(await recorder.calls()).to.equal(1n);
    } finally {
      await node.stop();
    }
  });
});
