import type { World } from "../../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { XdmNode } from "../../src/node/node.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";

import { freeBasePort } from "./processes.js";

/**
 * A chain added under `xdm.chains` with no network of its name runs on an in-process network the
 * plugin creates (src/config.ts): it relays like any other, and xdm:node says which networks it created.
 */
describe("chains on networks the plugin created", function () {
  this.timeout(180_000);

  let hre: HardhatRuntimeEnvironment;
  before(async () => {
    hre = await hreWith({
      // opB's network is the user's; opA's (the default topology's) and op3's are created.
      networks: {
        opB: { type: "edr-simulated", chainType: "op", chainId: 902 },
      },
      xdm: {
        chains: {
          opA: { protocol: "op" },
          opB: { protocol: "op" },
          op3: { protocol: "op" },
        },
      },
    });
  });

  describe("a world", () => {
    let world: World;
    before(async () => {
      world = await hre.xdm.create();
    });
    after(async () => {
      await world.close();
    });

    it("relays a message from opA to op3, the created OP chain 903", async () => {
      const { opA, op3 } = world.chains;
      expect(op3.chainId).to.equal(903);
      expect(op3.protocol).to.equal("op");
      const recorder = await op3.ethers.deployContract("ContextRecorder");
      const tag = keccak256(toUtf8Bytes("to op3"));
      await mined(
        opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
          op3.chainId,
          await recorder.getAddress(),
          recorder.interface.encodeFunctionData("record", [tag]),
        ),
      );
      await world.relayAll();
      const [message] = world.messages({ to: "op3" });
      expect(message).to.include({
        from: "opA",
        to: "op3",
        status: "relayed",
      });
      expect(await recorder.calls()).to.equal(1n);
      expect(await recorder.lastTag()).to.equal(tag);
      expect(await recorder.lastSource()).to.equal(901n);
    });
  });

  describe("xdm:node", () => {
    let node: XdmNode;
    before(async () => {
      node = await XdmNode.start(hre, {
        port: await freeBasePort(),
        autorelay: false,
        log: () => undefined,
      });
    });
    after(async () => {
      await node.stop();
    });

    it("marks the created networks in --json's topology", async () => {
      const { chains } = await node.topology();
      expect(chains.op3).to.include({
        chainId: 903,
        network: "op3",
        networkInjected: true,
      });
      expect(chains.opA).to.include({ network: "opA", networkInjected: true });
      expect(chains.opB).to.include({
        network: "opB",
        networkInjected: false,
      });
      expect(chains.l1.networkInjected).to.equal(true);
    });

    it("marks them in the table, with a line saying what the mark means", async () => {
      const lines = (await node.describe()).split("\n");
      const row = (chain: string) =>
        lines.find((line) => line.startsWith(`${chain} `))!;
      expect(row("op3")).to.match(/\s903\s+op3\*\s/);
      expect(row("opB")).to.match(/\s902\s+opB\s/);
      expect(lines).to.include(
        "* network created by hardhat-xdm (in process; the config defines none of that name): define it under `networks` to choose its chain id",
      );
    });
  });
});
