/**
 * Optimism's published viem actions (@eth-optimism/viem 0.4.13 on viem 2.58.8), unchanged, as a script written
 * for supersim runs them: supersim's chain definitions (901, 902) with only the URLs moved to where the
 * node under test serves them. test/op/viem-client.test.ts runs these against xdm:node in process,
 * test/node/fresh-clone.test.ts against `npx hardhat xdm:node` started from a fresh clone.
 */
import type { Hex } from "viem";

import { publicActionsL2, walletActionsL2 } from "@eth-optimism/viem";
import { supersimL2A, supersimL2B } from "@eth-optimism/viem/chains";
import { expect } from "chai";
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  http,
  parseAbi,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { SUPERSIM_TOKEN_ADDRESS } from "../../src/protocols/op/codec/assets.js";

/** Where the node serves the two OP chains. */
export interface OpUrls {
  opA: string;
  opB: string;
}

// The first account of the test mnemonic, funded on every chain of xdm:node as on supersim.
const account = privateKeyToAccount(
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
);
const tokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function balanceOf(address account) view returns (uint256)",
]);

function clientsOf(urls: OpUrls) {
  const chains = { opA: supersimL2A, opB: supersimL2B } as const;
  const make = (name: "opA" | "opB") => {
    const transport = http(urls[name]);
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

export async function until<T>(
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

/** The chain ids the clients see at the two URLs. */
export async function chainIdsAt(urls: OpUrls): Promise<[number, number]> {
  const { a, b } = clientsOf(urls);
  return [await a.public.getChainId(), await b.public.getChainId()];
}

/** sendETH from 901 to 902; the node's autorelayer delivers it. */
export async function sendEthAndSeeItRelayed(urls: OpUrls): Promise<void> {
  const { a, b } = clientsOf(urls);
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
  expect(await b.public.getBalance({ address: to })).to.equal(before + 12345n);
}

/** sendSuperchainERC20 of supersim's token from 901 to 902; the node's autorelayer delivers it. */
export async function sendTokenAndSeeItRelayed(urls: OpUrls): Promise<void> {
  const { a, b } = clientsOf(urls);
  const balanceOn = (client: typeof a) => () =>
    client.public.readContract({
      address: SUPERSIM_TOKEN_ADDRESS,
      abi: tokenAbi,
      functionName: "balanceOf",
      args: [account.address],
    });
  const startA = await balanceOn(a)();
  const startB = await balanceOn(b)();
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
  await until(
    "balance on 902",
    balanceOn(b),
    (balance) => balance >= startB + 600n,
  );
  expect(await balanceOn(a)()).to.equal(startA + 400n);
  expect(await balanceOn(b)()).to.equal(startB + 600n);
}

/**
 * Against a node that does not relay: a plain message and a sendETH wait on 902 until the client relays
 * each with buildExecutingMessage's executing message and access list.
 */
export async function relayByHand(urls: OpUrls): Promise<void> {
  const { a, b } = clientsOf(urls);
  const to = "0x000000000000000000000000000000000000cafE";
  const before = await b.public.getBalance({ address: to });
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
    const relayed = await b.public.waitForTransactionReceipt({ hash: relay });
    expect(relayed.status).to.equal("success");
    expect(
      await b.public.interop.getCrossDomainMessageStatus({ message }),
    ).to.equal("relayed");
  }
  expect(await b.public.getBalance({ address: to })).to.equal(before + 777n);
}
