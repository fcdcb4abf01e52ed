import { expect } from "chai";
import hre from "hardhat";

import { XdmNode } from "../src/node/node.js";

describe("xdm:node survives a failing relayer pass", function () {
  this.timeout(120_000);

  it("logs why the pass failed, keeps serving every chain, and keeps relaying other messages", async () => {
    const lines: string[] = [];
    const node = await XdmNode.start(hre, { port: 23545, autorelay: true, tick: 100, log: (line) => lines.push(line) });
    const { world } = node;
    try {
      const { starknet, opB } = world.chains;
      const handler = await starknet.ethers.deployContract("StarknetRecordingHandler");
      const selector = BigInt(handler.interface.getFunction("record")!.selector);
      const core = starknet.l1Contracts.StarknetCore;
      // A deposit handled on L2, then cancelled on L1 before a state update consumed it: the update the
      // state updater would build must revert (INVALID_MESSAGE_TO_CONSUME), so every pass fails there.
      world.faults.pause("starknet:state-updater");
      await (await core.sendMessageToL2(await handler.getAddress(), selector, [1n], { value: 1000n })).wait();
      await world.mine(10);
      const deadline = Date.now() + 20_000;
      while (world.messages({ protocol: "starknet", stage: "handled" }).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const [message] = world.messages({ protocol: "starknet" });
      expect(message.stage).to.equal("handled");
      await (await core.startL1ToL2MessageCancellation(await handler.getAddress(), selector, [1n], message.nonce)).wait();
      await world.time.increase(432000);
      await (await core.cancelL1ToL2Message(await handler.getAddress(), selector, [1n], message.nonce)).wait();
      world.faults.resume("starknet:state-updater");
      while (!lines.some((l) => l.startsWith("relayer:")) && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 100));
      expect(lines.find((l) => l.startsWith("relayer:"))).to.include("cancelled after delivery");

      // Still serving over HTTP, and OP messages still move.
      const response = await fetch("http://127.0.0.1:23545", { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) });
      expect(((await response.json()) as { result: string }).result).to.match(/^0x/);
      const recorder = await opB.ethers.deployContract("ContextRecorder");
      await world.chains.opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(902, await recorder.getAddress(), recorder.interface.encodeFunctionData("record", ["0x" + "11".repeat(32)]));
      while ((await recorder.calls()) === 0n && Date.now() < deadline + 40_000) await new Promise((r) => setTimeout(r, 100));
      expect(await recorder.calls()).to.equal(1n);
    } finally {
      await node.stop();
    }
  });
});
