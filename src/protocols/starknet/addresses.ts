/**
 * Where the StarkNet system contracts live: StarknetCore and MockFactRegistry on the L1 (per StarkNet
 * chain), StarknetL2Messaging on every StarkNet chain; all project addresses.
 */

/** StarknetCore and MockFactRegistry of the first StarkNet chain; the k-th one adds 0x100·k. */
export const STARKNET_L1_ADDRESSES = {
  StarknetCore: 0x5354000000000000000000000000000000001001n,
  MockFactRegistry: 0x5354000000000000000000000000000000001002n,
} as const;

/** Fixed address of StarknetL2Messaging on the StarkNet L2. */
export const L2_MESSAGING_ADDRESS =
  "0x5354000000000000000000000000000000000001";
