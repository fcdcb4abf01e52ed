/** Accounts a test needs on a chain: a balance set outright, or any address made a funded signer. */
import type { NetworkConnection } from "hardhat/types/network";

import { toBeHex } from "ethers";

type Connection = Pick<NetworkConnection, "provider" | "ethers">;

/** What an impersonated account holds: enough gas money for any test. */
const IMPERSONATED_BALANCE = 10n ** 21n;

export async function setBalance(
  conn: Connection,
  address: string,
  wei: bigint,
): Promise<void> {
  await conn.provider.request({
    method: "hardhat_setBalance",
    params: [address, toBeHex(wei)],
  });
}

/** A funded signer for any address (a system contract, a fixed address of a test vector). */
export async function impersonate(conn: Connection, address: string) {
  await setBalance(conn, address, IMPERSONATED_BALANCE);
  return await conn.ethers.getImpersonatedSigner(address);
}
