/**
 * Scroll's L1→L2 address aliasing: the address an L1 contract's call appears from on L2, mirrored
 * from the real `AddressAliasHelper`.
 */

import { getAddress, toBeHex, toBigInt } from "ethers";

/** `alias(a) = a + L1_TO_L2_ALIAS_OFFSET mod 2^160`: the offset of the real `AddressAliasHelper`. */
export const L1_TO_L2_ALIAS_OFFSET =
  0x1111000000000000000000000000000000001111n;

const ADDRESS_MODULUS = 1n << 160n;

/** The address an L1 contract appears as on L2: `(a + 0x1111…1111) mod 2^160`. */
export function applyL1ToL2Alias(l1Address: string): string {
  const value =
    (toBigInt(getAddress(l1Address)) + L1_TO_L2_ALIAS_OFFSET) % ADDRESS_MODULUS;
  return getAddress(toBeHex(value, 20));
}

/** Inverse of {@link applyL1ToL2Alias}. */
export function undoL1ToL2Alias(l2Address: string): string {
  const value =
    (toBigInt(getAddress(l2Address)) -
      L1_TO_L2_ALIAS_OFFSET +
      ADDRESS_MODULUS) %
    ADDRESS_MODULUS;
  return getAddress(toBeHex(value, 20));
}
