/** Waiting for a sent transaction's receipt, failing when it has none. */
import type { TransactionReceipt } from "ethers";

/** Awaits a sent transaction (an ethers response or a contract call's promise of one) and its receipt. */
export async function mined<R extends TransactionReceipt = TransactionReceipt>(
  sent: Promise<{ wait(): Promise<R | null> }>,
): Promise<R> {
  const receipt = await (await sent).wait();
  if (receipt === null) throw new Error("transaction was not mined");
  return receipt;
}
