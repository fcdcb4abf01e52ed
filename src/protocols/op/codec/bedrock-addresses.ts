/**
 * Where the OP Stack's L1↔L2 contracts live: the L2 predeploys at their real addresses, and each OP chain's
 * L1 contracts at the addresses supersim's chain definitions in @eth-optimism/viem 0.4.13 give them
 * (`supersimAddresses`, chains 901 and 902), so a client configured for supersim works unchanged.
 */
import { getAddress, keccak256, toUtf8Bytes } from "ethers";

/** L2CrossDomainMessenger predeploy. */
export const L2_CROSS_DOMAIN_MESSENGER_ADDRESS =
  "0x4200000000000000000000000000000000000007";
/** L2StandardBridge predeploy. */
export const L2_STANDARD_BRIDGE_ADDRESS =
  "0x4200000000000000000000000000000000000010";
/** L1Block predeploy. */
export const L1_BLOCK_ADDRESS = "0x4200000000000000000000000000000000000015";
/** L2ToL1MessagePasser predeploy. */
export const L2_TO_L1_MESSAGE_PASSER_ADDRESS =
  "0x4200000000000000000000000000000000000016";
/** The account that sets L1Block's values (the real chain's system deposit sender). */
export const DEPOSITOR_ACCOUNT = "0xDeaDDEaDDeAdDeAdDEAdDEaddeAddEAdDEAd0001";
/** What `withdraw` on the L2StandardBridge takes for ETH. */
export const LEGACY_ERC20_ETH = "0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000";
/** `l2Sender` and `xDomainMessageSender`'s slot while nothing is being relayed. */
export const DEFAULT_L2_SENDER = "0x000000000000000000000000000000000000dEaD";
/** Multicall3, at its address on every chain (viem reads dispute games through it). */
export const MULTICALL3_ADDRESS = "0xcA11bde05977b3631167028862bE2a173976CA11";

/** GameType PERMISSIONED_CANNON: the type supersim's chains respect and the mock proposer's games have. */
export const PERMISSIONED_CANNON = 1;

/** The L1 contracts of one OP chain, by the names they have on `chain.l1Contracts`. */
export interface OpL1Addresses {
  OptimismPortal: string;
  L1CrossDomainMessenger: string;
  L1StandardBridge: string;
  DisputeGameFactory: string;
  AnchorStateRegistry: string;
}

/** supersim's L1 addresses (@eth-optimism/viem 0.4.13 `supersimAddresses`, = supersim alpha.33–43 genesis). */
const SUPERSIM_L1_ADDRESSES: Readonly<Record<number, OpL1Addresses>> = {
  901: {
    OptimismPortal: "0x6cd0121a4eeedb8f07007773e46b1aaac17e5e07",
    L1CrossDomainMessenger: "0x9e4ee2b682076951592cb4da5559833fe62a8c01",
    L1StandardBridge: "0x31e3c5a665b5b9dbf6d91a72415c6ad71fdd1181",
    DisputeGameFactory: "0x831ba37de091e1a2c695a53e3a03d2a512bcc876",
    AnchorStateRegistry: "0x877689c0493fb6ff1f4b1faca4c50cbceda515a2",
  },
  902: {
    OptimismPortal: "0x0447b6c313d92ece78b7f4737b14ab7bf0c548ab",
    L1CrossDomainMessenger: "0x9dfda35104757ef35700c605391f6314391a88d7",
    L1StandardBridge: "0xce59210a7fe02fea7a302fbd28bffe461a0964ff",
    DisputeGameFactory: "0x0d5bc1644accb793c0e3b9f69f2af881e9010665",
    AnchorStateRegistry: "0xbe268ebff92beeafadf4e215ac9992141ce6072e",
  },
};

/**
 * The L1 addresses of the OP chain with `chainId`: supersim's for 901 and 902; for any other chain id the
 * low 20 bytes of keccak256("hardhat-xdm:op:<chainId>:<contract>"), stable across runs and distinct per chain.
 */
export function opL1Addresses(chainId: number | bigint): OpL1Addresses {
  const known = SUPERSIM_L1_ADDRESSES[Number(chainId)];
  const derive = (name: keyof OpL1Addresses) =>
    getAddress(
      known?.[name] ??
        `0x${keccak256(toUtf8Bytes(`hardhat-xdm:op:${chainId}:${name}`)).slice(-40)}`,
    );
  return {
    OptimismPortal: derive("OptimismPortal"),
    L1CrossDomainMessenger: derive("L1CrossDomainMessenger"),
    L1StandardBridge: derive("L1StandardBridge"),
    DisputeGameFactory: derive("DisputeGameFactory"),
    AnchorStateRegistry: derive("AnchorStateRegistry"),
  };
}

/** `(l1Address + 0x1111…1111) mod 2^160`: the sender an L1 contract's deposit has on L2. */
export function applyL1ToL2Alias(address: string): string {
  const offset = 0x1111000000000000000000000000000000001111n;
  const aliased = (BigInt(address) + offset) % (1n << 160n);
  return getAddress(`0x${aliased.toString(16).padStart(40, "0")}`);
}

/** The L1 address behind an aliased L2 sender. */
export function undoL1ToL2Alias(address: string): string {
  const offset = 0x1111000000000000000000000000000000001111n;
  const original = (BigInt(address) - offset + (1n << 160n)) % (1n << 160n);
  return getAddress(`0x${original.toString(16).padStart(40, "0")}`);
}
