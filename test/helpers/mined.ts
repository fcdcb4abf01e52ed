/** Waiting for a sent transaction's receipt, failing when it has none. */
import type { TransactionReceipt } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

/** Awaits a sent transaction (an ethers response or a contract call's promise of one) and its receipt. */
export async function mined<R extends TransactionReceipt = TransactionReceipt>(
  sent: Promise<{ wait(): Promise<R | null> }>,
): Promise<R> {
  const receipt = await (await sent).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt;
}

/** The receipt of transaction `hash` (one an actor sent, one found in a block), failing when it has none. */
export async function receiptOf(
  chain: Pick<NetworkConnection, "ethers">,
  hash: string,
): Promise<TransactionReceipt> {
  const receipt = await chain.ethers.provider.getTransactionReceipt(hash);
  if (receipt === null) throw new Error(`transaction ${hash} has no receipt`);
  return receipt;
}
