/**
 * The fixed values of the interop predeploys, CrossL2Inbox and L2ToL2CrossDomainMessenger: their
 * addresses, selectors, custom errors, storage slots and the expiry window, as the real contracts
 * have them.
 */

/** CrossL2Inbox predeploy, the same on every OP chain. */
export const CROSS_L2_INBOX_ADDRESS =
  "0x4200000000000000000000000000000000000022";

/** L2ToL2CrossDomainMessenger predeploy, the same on every OP chain. */
export const L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS =
  "0x4200000000000000000000000000000000000023";

/** Seconds after its block timestamp during which an initiating message may be executed (real `EXPIRY_TIME`). */
export const EXPIRY_WINDOW = 604800n;

/** Gas above which the inbox's SLOAD of the checksum counts as cold, i.e. not in the access list. */
export const WARM_READ_THRESHOLD = 1000n;

/** Version carried in the top 16 bits of every messenger nonce. */
export const MESSAGE_VERSION = 0n;

/** Function selectors of the interop entry points. */
export const SELECTORS = {
  sendMessage: "0x7056f41f",
  relayMessage: "0x8d1d298f",
  resendMessage: "0x6b0c3c5e",
  validateMessage: "0xab4d6f75",
} as const;

/** Custom errors of the CrossL2Inbox and the L2ToL2CrossDomainMessenger, by name. */
export const ERROR_SELECTORS = {
  NotEntered: "0xbca35af6",
  ReentrantCall: "0x37ed32e8",
  IdOriginNotL2ToL2CrossDomainMessenger: "0x7987c157",
  EventPayloadNotSentMessage: "0xdf1eb586",
  MessageDestinationSameChain: "0x8ed9a95d",
  MessageDestinationNotRelayChain: "0x31ac2211",
  MessageTargetL2ToL2CrossDomainMessenger: "0x4faa2509",
  MessageTargetCrossL2Inbox: "0xa9040b12",
  InvalidChainId: "0x7a47c9a2",
  MessageAlreadyRelayed: "0x9ca9480b",
  InvalidMessage: "0x6eca2e4b",
  NotInAccessList: "0xe3c00816",
  BlockNumberTooHigh: "0xd1f79e82",
  TimestampTooHigh: "0x596a19a9",
  LogIndexTooHigh: "0x94338eba",
} as const;

/** Name of a custom error of the interop predeploys. */
export type InteropErrorName = keyof typeof ERROR_SELECTORS;

/** Transient storage slots of the messenger (the real contract's values). */
export const TRANSIENT_SLOTS = {
  /** keccak256("l2tol2crossdomainmessenger.sender") - 1 */
  crossDomainMessageSender:
    "0xb83444d07072b122e2e72a669ce32857d892345c19856f4e7142d06a167ab3f3",
  /** keccak256("l2tol2crossdomainmessenger.source") - 1 */
  crossDomainMessageSource:
    "0x711dfa3259c842fffc17d6e1f1e0fc5927756133a2345ca56b4cb8178589fee7",
  /** keccak256("transientreentrancyaware.entered") - 1 */
  entered: "0xf13569814868ede994184d5a425471fb19e869768a33421cb701a2ba3d420c0a",
} as const;

/** Storage slots of the messenger: 0-2 the real contract's, 3-4 the project's dependency set. */
export const MESSENGER_STORAGE_SLOTS = {
  successfulMessages: 0n,
  msgNonce: 1n,
  sentMessages: 2n,
  dependencySet: 3n,
  dependencySetSize: 4n,
} as const;
