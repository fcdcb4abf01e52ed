/**
 * Who sends a transaction a helper makes for a user (e.g. `world.scroll.claim(message, sender)`): an
 * ethers signer (hardhat-ethers' `getSigners()`), a viem wallet client (hardhat-viem's
 * `getWalletClients()`), or a viem account (`walletClient.account`, or a local account from
 * `privateKeyToAccount`). Without one, the chain's first account sends, through plain JSON-RPC, so
 * no helper needs either plugin. viem is loaded only to sign for a local account.
 */
import type { Chain, RpcReceipt } from "./chain.js";
import type { Signer } from "ethers";
import type { Account, WalletClient } from "viem";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

/** An ethers signer, a viem wallet client or a viem account. */
export type Sender = Signer | WalletClient | Account;

/** The call a helper sends. */
export interface SentCall {
  to: string;
  data: string;
  value?: bigint;
}

/**
 * Sends `call` on `chain` from `sender` (default: the chain's first account) and waits for it to be
 * mined; a transaction mined with status 0 is an error naming the chain and the hash.
 */
export async function sendAs(
  chain: Chain,
  sender: Sender | undefined,
  call: SentCall,
): Promise<RpcReceipt> {
  const hash = await submitAs(chain, sender, call);
  const receipt = await chain.receipt(hash);
  if (BigInt(receipt.status) !== 1n)
    throw new HardhatPluginError(
      PLUGIN_ID,
      `The transaction ${hash} to ${call.to} on chain "${chain.name}" reverted.`,
    );
  return receipt;
}

async function submitAs(
  chain: Chain,
  sender: Sender | undefined,
  call: SentCall,
): Promise<string> {
  if (sender === undefined) {
    const [from] = await chain.rpc<string[]>("eth_accounts");
    if (from === undefined)
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Chain "${chain.name}" has no account to send from: pass a signer, a viem wallet client or a viem account.`,
      );
    return await chain.submit({ from, ...call });
  }
  if (isEthersSigner(sender)) {
    const response = await sender.sendTransaction(call);
    return response.hash;
  }
  if (isWalletClient(sender)) {
    if (sender.account === undefined)
      throw new HardhatPluginError(
        PLUGIN_ID,
        "The viem wallet client has no account: pass one created with an account (hardhat-viem's getWalletClients() are).",
      );
    return await sender.sendTransaction({
      account: sender.account,
      chain: sender.chain ?? null,
      to: hex(call.to),
      data: hex(call.data),
      value: call.value,
    });
  }
  if (sender.type === "json-rpc")
    return await chain.submit({ from: sender.address, ...call });
  // A local (or smart) account signs itself: a wallet client over this chain's provider does it.
  const { createWalletClient, custom } = await import("viem");
  const client = createWalletClient({
    account: sender,
    transport: custom(chain.provider),
  });
  return await client.sendTransaction({
    chain: null,
    to: hex(call.to),
    data: hex(call.data),
    value: call.value,
  });
}

function isEthersSigner(sender: Sender): sender is Signer {
  return "getAddress" in sender && typeof sender.getAddress === "function";
}

function isWalletClient(sender: Sender): sender is WalletClient {
  return "sendTransaction" in sender && "transport" in sender;
}

function hex(value: string): `0x${string}` {
  if (!value.startsWith("0x"))
    throw new HardhatPluginError(
      PLUGIN_ID,
      `${value} is not 0x-prefixed hex: a bug of hardhat-xdm, please report it.`,
    );
  return value as `0x${string}`;
}
