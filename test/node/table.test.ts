import net from "node:net";

import { expect } from "chai";
import { getAddress } from "ethers";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";

import { XdmNode } from "../../src/node/node.js";

import { freeBasePort, portOpen } from "./processes.js";

/** Every 20-byte hex word of a text: addresses (keys are 32 bytes, hashes too, and are left out). */
function addressesIn(text: string): string[] {
  return [...text.matchAll(/\b0x[0-9a-fA-F]{40}\b/g)].map((m) => m[0]);
}

async function startFails(
  options: Parameters<typeof XdmNode.start>[1],
): Promise<Error> {
  const outcome = await XdmNode.start(hre, options).then(
    async (node) => {
      await node.stop();
      return undefined;
    },
    (error: unknown) => error as Error,
  );
  expect(outcome, "XdmNode.start should have failed").to.be.instanceOf(Error);
  return outcome!;
}

describe("xdm:node's table", function () {
  this.timeout(180_000);

  it("shows every chain's HTTP and WebSocket URL and block time, and every address checksummed", async () => {
    const port = await freeBasePort();
    const node = await XdmNode.start(hre, {
      port,
      autorelay: true,
      log: () => undefined,
    });
    try {
      const table = await node.describe();
      const lines = table.split("\n");
      expect(lines[0]).to.equal(
        "hardhat-xdm node: every chain on 127.0.0.1, autorelay on",
      );
      expect(lines[1]).to.equal(
        "L1 block time 12s (xdm.l1BlockTime; `--l1-block-time 1` shortens it for a demo)",
      );
      for (const chain of node.world.chainList) {
        const row = lines.find((line) => line.startsWith(`${chain.name} `));
        expect(row, chain.name).to.be.a("string");
        expect(row)
          .to.include(node.served[chain.name].rpcUrl)
          .and.to.include(node.served[chain.name].wsUrl)
          .and.to.include(`${chain.config.blockTime}s`);
      }
      // The dev accounts as the chain lists them (lowercase) and the system contracts as configured
      // (mixed): in the table, each in its one checksummed form.
      const accounts = await node.world.l1.rpc<string[]>("eth_accounts");
      expect(accounts[0]).to.equal(accounts[0].toLowerCase());
      const shown = addressesIn(table);
      expect(shown.length).to.be.greaterThan(20);
      for (const address of shown)
        expect(address).to.equal(getAddress(address));
      expect(shown).to.include(getAddress(accounts[0]));
      const zkRollup =
        await node.world.chains.scroll.l1Contracts.ZKRollup.getAddress();
      expect(shown).to.include(getAddress(zkRollup));
      expect(table).to.include(
        "key 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      );
    } finally {
      await node.stop();
    }
  });

  it("frees every port and chain when one port is taken, and says what to do", async () => {
    const port = await freeBasePort();
    // The OP chains' first port (base + 1000, see nodePorts) is taken by something else.
    const squatter = net.createServer();
    await new Promise<void>((resolve) =>
      squatter.listen(port + 1000, "127.0.0.1", resolve),
    );
    try {
      const error = await startFails({
        port,
        autorelay: true,
        log: () => undefined,
      });
      expect(HardhatPluginError.isHardhatPluginError(error)).to.equal(true);
      expect(error.message)
        .to.include(`127.0.0.1:${port + 1000}`)
        .and.to.include("--port");
      expect(await portOpen(port)).to.equal(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  for (const port of [0, -1, 8545.5, 65_000, Number.NaN])
    it(`refuses --port ${port} before starting any chain`, async () => {
      const error = await startFails({
        port,
        autorelay: true,
        log: () => undefined,
      });
      expect(HardhatPluginError.isHardhatPluginError(error)).to.equal(true);
      expect(error.message)
        .to.include(`--port ${port}`)
        .and.to.include("Choose a base port");
    });
});
