/**
 * chain.viem in a world attached to running chains (served over http, as `xdm:node` serves them):
 * the attach puts the viem contracts in place as it puts the ethers ones, and they send and read there.
 */
import type { World } from "../../src/world.js";
import type { JsonRpcServer } from "hardhat/types/network";

import hardhatViem from "@nomicfoundation/hardhat-viem";
import { expect } from "chai";
import { encodeFunctionData, keccak256, toHex } from "viem";

import { hreWith } from "../helpers/hre.js";

const OP_ONLY = {
  chains: {
    opA: { protocol: "op" as const },
    opB: { protocol: "op" as const },
  },
};

describe("chain.viem in an attached world", function () {
  this.timeout(120_000);
  const servers: JsonRpcServer[] = [];
  const urls: Record<string, string> = {};
  let installer: World;

  before(async () => {
    for (const [network, chainType] of [
      ["l1", "l1"],
      ["opA", "op"],
      ["opB", "op"],
    ] as const) {
      const hre = await hreWith({ xdm: OP_ONLY }, [hardhatViem]);
      const server = await hre.network.createServer(
        { network, chainType },
        "127.0.0.1",
        0,
      );
      servers.push(server);
      urls[network] = `http://127.0.0.1:${(await server.listen()).port}`;
    }
    // A world created over the http networks installs the system contracts on the served chains.
    const hre = await hreWith(
      {
        networks: {
          l1: { type: "http", url: urls.l1, chainType: "l1", chainId: 900 },
          opA: { type: "http", url: urls.opA, chainType: "op", chainId: 901 },
          opB: { type: "http", url: urls.opB, chainType: "op", chainId: 902 },
        },
        xdm: OP_ONLY,
      },
      [hardhatViem],
    );
    installer = await hre.xdm.create();
  });
  after(async () => {
    await installer.close();
    await Promise.all(servers.map((server) => server.close()));
  });

  it("sends through the attached world's viem messenger and relays", async () => {
    const hre = await hreWith({ xdm: OP_ONLY }, [hardhatViem]);
    const attached = await hre.xdm.attach({ urls });
    try {
      const { opA, opB } = attached.chains;
      const recorder = await opB.viem.deployContract("ContextRecorder");
      const tag = keccak256(toHex("attached"));
      expect(
        await opB.viem.contracts.L2ToL2CrossDomainMessenger.read.version(),
      ).to.equal("1.3.0");
      await opA.viem.contracts.L2ToL2CrossDomainMessenger.write.sendMessage([
        BigInt(opB.chainId),
        recorder.address,
        encodeFunctionData({
          abi: recorder.abi,
          functionName: "record",
          args: [tag],
        }),
      ]);
      await attached.relayAll();
      expect(attached.messages().map((m) => m.status)).to.deep.equal([
        "relayed",
      ]);
      expect(await recorder.read.lastTag()).to.equal(tag);
    } finally {
      await attached.close();
    }
  });
});
