/**
 * Which library plugin a world needs: none (the actors send through JSON-RPC), and `chain.ethers` /
 * `chain.contracts` / `chain.viem` each name the plugin to add when it is missing; with both plugins a
 * chain has both views of the same contracts.
 */
import type { World } from "../../src/world.js";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { expect } from "chai";
import { encodeFunctionData, parseAbi } from "viem";

import { hreWith } from "../helpers/hre.js";

const messengerAbi = parseAbi([
  "function sendMessage(uint256 destination, address target, bytes message) returns (bytes32)",
]);

describe("hardhat-xdm without hardhat-ethers or hardhat-viem", function () {
  this.timeout(120_000);
  let world: World;

  before(async () => {
    const hre = await hreWith({}, []);
    world = await hre.xdm.create();
  });
  after(async () => {
    await world.close();
  });

  it("relays an OP message sent with plain JSON-RPC", async () => {
    const { opA, opB } = world.chains;
    const [from] = await opA.rpc<string[]>("eth_accounts");
    const receipt = await opA.send({
      from,
      to: "0x4200000000000000000000000000000000000023",
      data: encodeFunctionData({
        abi: messengerAbi,
        functionName: "sendMessage",
        args: [
          BigInt(opB.chainId),
          "0x0000000000000000000000000000000000000001",
          "0x",
        ],
      }),
    });
    expect(BigInt(receipt.status)).to.equal(1n);
    await world.relayAll();
    expect(world.messages().map((m) => m.status)).to.deep.equal(["relayed"]);
  });

  it("names hardhat-viem when chain.viem is used", () => {
    expect(() => world.chains.opA.viem).to.throw(
      /chain\.viem of chain "opA" needs the @nomicfoundation\/hardhat-viem plugin.*hardhat-toolbox-viem/,
    );
  });

  it("names hardhat-ethers when chain.ethers or chain.contracts is used", () => {
    expect(() => world.chains.opA.ethers).to.throw(
      /chain\.ethers of chain "opA" needs the @nomicfoundation\/hardhat-ethers plugin/,
    );
    expect(
      () => world.chains.opA.contracts.L2ToL2CrossDomainMessenger,
    ).to.throw(
      /chain\.contracts of chain "opA" holds ethers contracts, which need the @nomicfoundation\/hardhat-ethers plugin.*chain\.viem\.contracts/,
    );
    expect(() => world.chains.starknet.l1Contracts.StarknetCore).to.throw(
      /chain\.l1Contracts of chain "starknet" holds ethers contracts/,
    );
  });
});

describe("hardhat-xdm with both hardhat-ethers and hardhat-viem", function () {
  this.timeout(120_000);

  it("gives each chain both views of the same system contracts", async () => {
    const hre = await hreWith({}, [hardhatEthers, hardhatViem]);
    const world = await hre.xdm.create();
    try {
      const { opA, scroll } = world.chains;
      expect(opA.viem.contracts.L2ToL2CrossDomainMessenger.address).to.equal(
        await opA.contracts.L2ToL2CrossDomainMessenger.getAddress(),
      );
      expect(scroll.viem.l1Contracts.L1ScrollMessenger.address).to.equal(
        await scroll.l1Contracts.L1ScrollMessenger.getAddress(),
      );
      expect(
        await scroll.viem.l1Contracts.ZKRollup.read.layer2ChainId(),
      ).to.equal(await scroll.l1Contracts.ZKRollup.layer2ChainId());
      const [signer] = await opA.ethers.getSigners();
      const [wallet] = await opA.viem.getWalletClients();
      expect(wallet.account.address.toLowerCase()).to.equal(
        signer.address.toLowerCase(),
      );
    } finally {
      await world.close();
    }
  });
});
