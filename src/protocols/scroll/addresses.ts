/**
 * Where the Scroll system contracts live: the project's addresses on the L1 and for the messenger,
 * the real L2 predeploys for the message queue and the whitelist.
 */

/** The Scroll contracts of the first Scroll chain on the L1; the k-th one adds 0x100·k. */
export const SCROLL_L1_ADDRESSES = {
  L1ScrollMessenger: 0x5c10000000000000000000000000000000000001n,
  L1MessageQueue: 0x5c10000000000000000000000000000000000002n,
  ZKRollup: 0x5c10000000000000000000000000000000000003n,
  MockRollupVerifier: 0x5c10000000000000000000000000000000000004n,
  Whitelist: 0x5c10000000000000000000000000000000000005n,
} as const;

/** The L2ScrollMessenger's address on every Scroll chain. */
export const L2_SCROLL_MESSENGER_ADDRESS =
  "0x5C20000000000000000000000000000000000001";

/** L2MessageQueue, a real L2 predeploy. */
export const L2_MESSAGE_QUEUE_ADDRESS =
  "0x5300000000000000000000000000000000000000";

/** Whitelist, a real L2 predeploy. */
export const L2_WHITELIST_ADDRESS =
  "0x5300000000000000000000000000000000000003";
