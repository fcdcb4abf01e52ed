/**
 * Optimism's published viem actions against xdm:node run in process (test/op/viem-clients.ts holds the
 * scripts; test/node/fresh-clone.test.ts runs them against `npx hardhat xdm:node` from a fresh clone).
 * xdm:node keeps supersim's layout: OP chains at the L1 port + 1000 on.
 */
import type { OpUrls } from "./viem-clients.js";

import { expect } from "chai";
import hre from "hardhat";

import { XdmNode } from "../../src/node/node.js";
import { freeBasePort } from "../node/processes.js";

import {
  chainIdsAt,
  relayByHand,
  sendEthAndSeeItRelayed,
  sendTokenAndSeeItRelayed,
} from "./viem-clients.js";

function opUrls(node: XdmNode): OpUrls {
  return { opA: node.urls.opA, opB: node.urls.opB };
}

describe("Optimism's viem actions against xdm:node", function () {
  this.timeout(180_000);

  describe("with the autorelayer", () => {
    let node: XdmNode;
    const lines: string[] = [];
    before(async () => {
      node = await XdmNode.start(hre, {
        port: await freeBasePort(),
        autorelay: true,
        tick: 100,
        log: (line) => lines.push(line),
      });
    });
    after(async () => {
      await node?.stop();
    });

    it("serves supersim's chain ids at supersim's port layout", async () => {
      expect(await chainIdsAt(opUrls(node))).to.deep.equal([901, 902]);
      const port = (url: string) => Number(new URL(url).port);
      expect(port(node.urls.opA) - port(node.urls.l1)).to.equal(1000);
      expect(port(node.urls.opB) - port(node.urls.l1)).to.equal(1001);
    });

    it("sendETH moves ETH from 901 to 902 and the autorelayer delivers it", async () => {
      await sendEthAndSeeItRelayed(opUrls(node));
      expect(lines.join("\n")).to.match(/\(0\.000000000000012345 ETH 0x/);
    });

    it("sendSuperchainERC20 moves supersim's token from 901 to 902", async () => {
      await sendTokenAndSeeItRelayed(opUrls(node));
    });
  });

  describe("with --no-autorelay: a manual relay with the executing message and its access list", () => {
    let node: XdmNode;
    before(async () => {
      node = await XdmNode.start(hre, {
        port: await freeBasePort(),
        autorelay: false,
        tick: 100,
        log: () => undefined,
      });
    });
    after(async () => {
      await node?.stop();
    });

    it("a plain message and a sendETH stay waiting until relayCrossDomainMessage relays them", async () => {
      await relayByHand(opUrls(node));
    });
  });
});
