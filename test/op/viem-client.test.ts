/**
 * Optimism's published viem actions (@eth-optimism/viem 0.4.13 on viem 2.58.8), unchanged, against xdm:node
 * run in process: the clients use supersim's chain definitions (901, 902) with only the URL moved to the
 * free ports the test found (xdm:node keeps supersim's layout: OP chains at the L1 port + 1000 on).
 */
import type { Hex } from "viem";

import { publicActionsL2, walletActionsL2 } from "@eth-optimism/viem";
import { supersimL2A, supersimL2B } from "@eth-optimism/viem/chains";
import { expect } from "chai";
import hre from "hardhat";
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  parseAbi,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { XdmNode } from "../../src/node/node.js";
import { SUPERSIM_TOKEN_ADDRESS } from "../../src/protocols/op/codec/assets.js";
import { freeBasePort } from "../node/processes.js";

// The first account of the test mnemonic, funded on every chain of xdm:node as on supersim.
const account = privateKeyToAccount(
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
);
const tokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function balanceOf(address account) view returns (uint256)",
]);

function clientsOf(node: XdmNode) {
  const chains = { opA: supersimL2A, opB: supersimL2B } as const;
  const make = (name: "opA" | "opB") => {
    const transport = http(node.urls[name]);
    return {
      public: createPublicClient({ chain: chains[name], transport }).extend(
        publicActionsL2(),
      ),
      wallet: createWalletClient({
        account,
        chain: chains[name],
        transport,
      }).extend(walletActionsL2()),
    };
  };
  return { a: make("opA"), b: make("opB") };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${String(value)} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
      const { a, b } = clientsOf(node);
      expect(await a.public.getChainId()).to.equal(901);
      expect(await b.public.getChainId()).to.equal(902);
      const port = (url: string) => Number(new URL(url).port);
      expect(port(node.urls.opA) - port(node.urls.l1)).to.equal(1000);
      expect(port(node.urls.opB) - port(node.urls.l1)).to.equal(1001);
    });

    it("sendETH moves ETH from 901 to 902 and the autorelayer delivers it", async () => {
      const { a, b } = clientsOf(node);
      const to = "0x000000000000000000000000000000000000bEEF";
      const before = await b.public.getBalance({ address: to });
      const hash = await a.wallet.interop.sendETH({
        to,
        value: 12345n,
        chainId: supersimL2B.id,
      });
      const receipt = await a.public.waitForTransactionReceipt({ hash });
      expect(receipt.status).to.equal("success");
      const [message] = await a.public.interop.getCrossDomainMessages({
        logs: receipt.logs,
      });
      await until(
        "message status on 902",
        () => b.public.interop.getCrossDomainMessageStatus({ message }),
        (status) => status === "relayed",
      );
      expect(await b.public.getBalance({ address: to })).to.equal(
        before + 12345n,
      );
      expect(lines.join("\n")).to.match(/\(0\.000000000000012345 ETH 0x/);
    });

    it("sendSuperchainERC20 moves supersim's token from 901 to 902", async () => {
      const { a, b } = clientsOf(node);
      const mint = await a.wallet.writeContract({
        address: SUPERSIM_TOKEN_ADDRESS,
        abi: tokenAbi,
        functionName: "mint",
        args: [account.address, 1000n],
      });
      await a.public.waitForTransactionReceipt({ hash: mint });
      const hash = await a.wallet.interop.sendSuperchainERC20({
        tokenAddress: SUPERSIM_TOKEN_ADDRESS,
        to: account.address,
        amount: 600n,
        chainId: supersimL2B.id,
      });
      await a.public.waitForTransactionReceipt({ hash });
      const balanceOnB = () =>
        b.public.readContract({
          address: SUPERSIM_TOKEN_ADDRESS,
          abi: tokenAbi,
          functionName: "balanceOf",
          args: [account.address],
        });
      await until("balance on 902", balanceOnB, (balance) => balance >= 600n);
      const balanceOnA = await a.public.readContract({
        address: SUPERSIM_TOKEN_ADDRESS,
        abi: tokenAbi,
        functionName: "balanceOf",
        args: [account.address],
      });
      expect(balanceOnA).to.equal(400n);
      expect(await balanceOnB()).to.equal(600n);
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
      const { a, b } = clientsOf(node);
      const to = "0x000000000000000000000000000000000000cafE";
      const sent: Hex[] = [
        await a.wallet.interop.sendCrossDomainMessage({
          destinationChainId: supersimL2B.id,
          target: to,
          message: encodeFunctionData({
            abi: parseAbi(["function ping(uint256)"]),
            args: [1n],
          }),
        }),
        await a.wallet.interop.sendETH({
          to,
          value: 777n,
          chainId: supersimL2B.id,
        }),
      ];
      for (const hash of sent) {
        const receipt = await a.public.waitForTransactionReceipt({ hash });
        const [message] = await a.public.interop.getCrossDomainMessages({
          logs: receipt.logs,
        });
        // Nobody relays: the message waits on 902.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(
          await b.public.interop.getCrossDomainMessageStatus({ message }),
        ).to.equal("ready-to-relay");
        const params = await a.public.interop.buildExecutingMessage({
          log: message.log,
        });
        expect(params.accessList.length).to.not.equal(0);
        const relay = await b.wallet.interop.relayCrossDomainMessage(params);
        const relayed = await b.public.waitForTransactionReceipt({
          hash: relay,
        });
        expect(relayed.status).to.equal("success");
        expect(
          await b.public.interop.getCrossDomainMessageStatus({ message }),
        ).to.equal("relayed");
      }
      expect(await b.public.getBalance({ address: to })).to.equal(777n);
    });
  });
});
