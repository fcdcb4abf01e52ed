import { expect } from "chai";
import { Wallet, parseEther } from "ethers";
import hre from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";

import { XdmNode, parseL1BlockTime } from "../../src/node/node.js";

import { freeBasePort, run } from "./processes.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("xdm:node --l1-block-time", function () {
  this.timeout(180_000);

  it("mines the L1 at the given time, shortens longer L2 blocks to it, says so, and a Scroll deposit's confirmations pass in seconds", async () => {
    const port = await freeBasePort();
    const node = await XdmNode.start(hre, {
      port,
      autorelay: true,
      l1BlockTime: 1,
      log: () => undefined,
    });
    try {
      const { world } = node;
      for (const chain of world.chainList)
        expect(node.served[chain.name].blockTime, chain.name).to.equal(1);
      expect(world.l1.config.blockTime).to.equal(12);
      const topology = await node.topology();
      expect(topology.l1BlockTime).to.deep.equal({
        seconds: 1,
        configured: 12,
      });
      expect((await node.describe()).split("\n")[1]).to.equal(
        "L1 block time 1s (--l1-block-time; xdm.l1BlockTime is 12s), L2 block times at most 1s",
      );

      // Three L1 blocks cannot come within 15 s of 12 s blocks.
      const first = await world.l1.blockNumber();
      const deadline = Date.now() + 15_000;
      while ((await world.l1.blockNumber()) < first + 3) {
        expect(Date.now(), "three L1 blocks within 15 s").to.be.below(deadline);
        await sleep(200);
      }

      // A deposit waits for its L1 confirmations (10 by default: two minutes of 12 s blocks).
      expect(world.config.scroll.l1Confirmations).to.equal(10);
      const [user] = await world.l1.ethers.getSigners();
      const recipient = Wallet.createRandom().address;
      const gasLimit = 100_000n;
      const value = parseEther("1");
      await (
        await world.chains.scroll.l1Contracts.L1ScrollMessenger.connect(
          user,
        ).getFunction("sendMessage(address,uint256,bytes,uint256)")(
          recipient,
          value,
          "0x",
          gasLimit,
          { value: value + gasLimit * world.config.scroll.l2BaseFee },
        )
      ).wait();
      const sent = Date.now();
      while (world.messages({ protocol: "scroll" })[0]?.status !== "relayed") {
        expect(Date.now() - sent, "deposit relayed within 60 s").to.be.below(
          60_000,
        );
        await sleep(250);
      }
      expect(
        await world.chains.scroll.ethers.provider.getBalance(recipient),
      ).to.equal(value);
    } finally {
      await node.stop();
    }
  });

  it("keeps the configured block times without the option", async () => {
    const port = await freeBasePort();
    const node = await XdmNode.start(hre, {
      port,
      autorelay: true,
      log: () => undefined,
    });
    try {
      for (const chain of node.world.chainList)
        expect(node.served[chain.name].blockTime, chain.name).to.equal(
          chain.config.blockTime,
        );
      expect(node.served.l1.blockTime).to.equal(12);
      expect(node.served.starknet.blockTime).to.equal(6);
    } finally {
      await node.stop();
    }
  });

  for (const seconds of [0, -1, 1.5, Number.NaN])
    it(`refuses l1BlockTime ${seconds} before starting any chain`, async () => {
      const error = await XdmNode.start(hre, {
        port: await freeBasePort(),
        autorelay: true,
        l1BlockTime: seconds,
        log: () => undefined,
      }).then(
        async (node) => {
          await node.stop();
          return undefined;
        },
        (e: unknown) => e as Error,
      );
      expect(HardhatPluginError.isHardhatPluginError(error)).to.equal(true);
      expect(error!.message).to.include("is not a block time");
    });

  it("reads the option's text as whole seconds, at least 1", () => {
    expect(parseL1BlockTime("1")).to.equal(1);
    expect(parseL1BlockTime(" 30 ")).to.equal(30);
    for (const text of ["0", "-2", "1.5", "abc", "", "1e3", "0x10"])
      expect(() => parseL1BlockTime(text), text).to.throw(
        `--l1-block-time ${JSON.stringify(text)} is not a block time`,
      );
  });

  it("on the command line, refuses a value that is not seconds before building or starting anything", async () => {
    const result = await run(["xdm:node", "--l1-block-time", "fast"]);
    expect(result.code).to.not.equal(0);
    expect(result.output)
      .to.include('--l1-block-time "fast" is not a block time')
      .and.not.to.include("hardhat-xdm node:");
  });
});
