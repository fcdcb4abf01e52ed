import type { XdmOpConfig, XdmOpUserConfig } from "./config.js";
import type { OpDeposit, OpWithdrawal } from "./details.js";
import type { OpProtocol } from "./protocol.js";
import type {
  CrossL2Inbox,
  AnchorStateRegistry,
  DisputeGameFactory,
  ETHLiquidity,
  L1Block,
  L1CrossDomainMessenger,
  L1StandardBridge,
  L2CrossDomainMessenger,
  L2NativeSuperchainERC20,
  L2StandardBridge,
  L2ToL1MessagePasser,
  Multicall3,
  OptimismPortal2,
  L2ToL2CrossDomainMessenger,
  SuperchainETHBridge,
  SuperchainTokenBridge,
} from "../../../types/contracts/index.js";
import type { Message } from "../../messages.js";
import type {
  L1SystemContracts,
  L2SystemContracts,
  ViemSystemContract,
} from "../../system-contracts.js";
import type { World } from "../../world.js";
import type { ProtocolModule } from "../types.js";

import { formatDuration } from "../../duration.js";
import { isMessageOf } from "../../messages.js";
import { confirmationsText } from "../confirmations.js";

import { assetRecord, describeAssetTransfer } from "./codec/assets.js";
import { OP_BLOCK_TIME, OP_NODE_PORT_OFFSET, opConfig } from "./config.js";
import { isDeposit, isInteropMessage, isWithdrawal } from "./details.js";

declare module "../../world.js" {
  interface World {
    /** OP Stack interop helpers: relay one message, its identifier and access list, … */
    readonly op: OpProtocol;
  }
}

declare module "../../types/config.js" {
  interface XdmProtocolNames {
    op: true;
  }
  interface XdmUserConfig {
    /** OP interop: the expiry window, relay retries, the autorelayer. */
    op?: XdmOpUserConfig;
  }
  interface XdmConfig {
    op: XdmOpConfig;
  }
}

declare module "../../system-contracts.js" {
  interface L2SystemContracts {
    /** The predeploy at 0x4200…0022 that validates executing messages. */
    CrossL2Inbox: CrossL2Inbox;
    /** The predeploy at 0x4200…0023 that sends and relays messages. */
    L2ToL2CrossDomainMessenger: L2ToL2CrossDomainMessenger;
    /** The predeploy at 0x4200…0024 that moves native ETH to another OP chain. */
    SuperchainETHBridge: SuperchainETHBridge;
    /** The predeploy at 0x4200…0025: the ETH reserve the ETH bridge deposits into and pays out of. */
    ETHLiquidity: ETHLiquidity;
    /** The predeploy at 0x4200…0028 that moves IERC7802 tokens to another OP chain. */
    SuperchainTokenBridge: SuperchainTokenBridge;
    /** supersim's open-mint test token at 0x420beeF…0001 (L2NativeSuperchainERC20, symbol MOCK). */
    SupersimToken: L2NativeSuperchainERC20;
    /** The predeploy at 0x4200…0007 that relays L1 messages (deposits) and sends messages to L1. */
    L2CrossDomainMessenger: L2CrossDomainMessenger;
    /** The predeploy at 0x4200…0010 that pays deposits of ETH and tokens and starts their withdrawals. */
    L2StandardBridge: L2StandardBridge;
    /** The predeploy at 0x4200…0016 where withdrawals start (its storage is what the portal proves). */
    L2ToL1MessagePasser: L2ToL1MessagePasser;
    /** The predeploy at 0x4200…0015: the L1 block the chain's latest deposits came from. */
    L1Block: L1Block;
  }
  interface L1SystemContracts {
    /** This OP chain's OptimismPortal on the L1: deposits, and withdrawals proven and finalized. */
    OptimismPortal: OptimismPortal2;
    /** This OP chain's L1CrossDomainMessenger. */
    L1CrossDomainMessenger: L1CrossDomainMessenger;
    /** This OP chain's L1StandardBridge. */
    L1StandardBridge: L1StandardBridge;
    /** This OP chain's DisputeGameFactory, where the mock proposer creates games claiming output roots. */
    DisputeGameFactory: DisputeGameFactory;
    /** This OP chain's AnchorStateRegistry, which says which games the portal trusts. */
    AnchorStateRegistry: AnchorStateRegistry;
    /** Multicall3 at 0xcA11…CA11 (the same on every OP chain's entry). */
    Multicall3: Multicall3;
  }
  // The same contracts as viem contracts (chain.viem.contracts).
  interface L2ViemContracts {
    CrossL2Inbox: ViemSystemContract<"CrossL2Inbox">;
    L2ToL2CrossDomainMessenger: ViemSystemContract<"L2ToL2CrossDomainMessenger">;
    SuperchainETHBridge: ViemSystemContract<"SuperchainETHBridge">;
    ETHLiquidity: ViemSystemContract<"ETHLiquidity">;
    SuperchainTokenBridge: ViemSystemContract<"SuperchainTokenBridge">;
    SupersimToken: ViemSystemContract<"L2NativeSuperchainERC20">;
    L2CrossDomainMessenger: ViemSystemContract<"L2CrossDomainMessenger">;
    L2StandardBridge: ViemSystemContract<"L2StandardBridge">;
    L2ToL1MessagePasser: ViemSystemContract<"L2ToL1MessagePasser">;
    L1Block: ViemSystemContract<"L1Block">;
  }
  interface L1ViemContracts {
    OptimismPortal: ViemSystemContract<"OptimismPortal2">;
    L1CrossDomainMessenger: ViemSystemContract<"L1CrossDomainMessenger">;
    L1StandardBridge: ViemSystemContract<"L1StandardBridge">;
    DisputeGameFactory: ViemSystemContract<"DisputeGameFactory">;
    AnchorStateRegistry: ViemSystemContract<"AnchorStateRegistry">;
    Multicall3: ViemSystemContract<"Multicall3">;
  }
}

/** OP Stack interop between the OP chains of one dependency set. */
export const op = {
  name: "op",
  missing:
    'This world has no OP chains: add chains with protocol "op" to xdm.chains.',
  chainType: "op",
  blockTime: OP_BLOCK_TIME,
  config: opConfig,
  nodePortOffset: OP_NODE_PORT_OFFSET,
  dependencySet: { chain: "an OP chain", chains: "OP chains" },
  keyedActors: ["op:autorelayer", "op:proposer"] as const,
  faultActors: [
    "op:autorelayer",
    "op:supervisor",
    "op:sequencer",
    "op:proposer",
  ] as const,
  failableProofs: false,
  systemContracts: {
    l2: [
      "CrossL2Inbox",
      "L2ToL2CrossDomainMessenger",
      "SuperchainETHBridge",
      "ETHLiquidity",
      "SuperchainTokenBridge",
      "SupersimToken",
      "L2CrossDomainMessenger",
      "L2StandardBridge",
      "L2ToL1MessagePasser",
      "L1Block",
    ] as const satisfies ReadonlyArray<keyof L2SystemContracts>,
    l1: [
      "OptimismPortal",
      "L1CrossDomainMessenger",
      "L1StandardBridge",
      "DisputeGameFactory",
      "AnchorStateRegistry",
      "Multicall3",
    ] as const satisfies ReadonlyArray<keyof L1SystemContracts>,
  },
  async create(world) {
    const { createOpProtocol } = await import("./protocol.js");
    return createOpProtocol(world);
  },
  describe(message) {
    const asset =
      isMessageOf(message, "op") && isInteropMessage(message)
        ? message.details.asset
        : undefined;
    return asset === undefined ? undefined : describeAssetTransfer(asset);
  },
  carries(message) {
    const asset =
      isMessageOf(message, "op") && isInteropMessage(message)
        ? message.details.asset
        : undefined;
    return asset === undefined ? undefined : assetRecord(asset);
  },
  nextAction(message, world, { now, l1Head }) {
    if (isMessageOf(message, "op") && isDeposit(message))
      return depositNextAction(message, world, l1Head);
    if (isMessageOf(message, "op") && isWithdrawal(message))
      return withdrawalNextAction(message, now);
    const details =
      isMessageOf(message, "op") && isInteropMessage(message)
        ? message.details
        : undefined;
    const action = opNextAction(message, world, now, details?.waitingFor);
    if (details?.asset === undefined) return action;
    const asset = describeAssetTransfer(details.asset);
    return action === undefined ? `moved ${asset}` : `${action} — ${asset}`;
  },
} as const satisfies ProtocolModule<OpProtocol>;

/** What a deposit waits for, or what someone may do with it now; undefined once relayed. */
function depositNextAction(
  message: OpDeposit,
  world: World,
  l1Head: number,
): string | undefined {
  switch (message.stage) {
    case "awaiting-confirmations":
      return confirmationsText(
        message.details.l1Block,
        world.config.op.l1Confirmations,
        l1Head,
        `due: the sequencer executes it on ${message.to} in the next pass`,
      );
    case "message-failed":
      return `relay again: relayMessage on ${message.to}'s L2CrossDomainMessenger`;
    case "deposit-reverted":
      return `reverted on ${message.to}: ${message.error ?? ""}`;
    case "relayed":
      return undefined;
  }
}

/** What a withdrawal waits for, or what someone may do with it now; undefined once relayed. */
function withdrawalNextAction(
  message: OpWithdrawal,
  now: number,
): string | undefined {
  const { details } = message;
  switch (message.stage) {
    case "awaiting-proposal":
      return `waits for the proposer's output root of ${message.from} block ${details.l2Block} (relayAll)`;
    case "provable":
      return `provable: proveWithdrawalTransaction on ${message.to} (world.op.prove), game ${details.game?.index ?? "?"}`;
    case "proven":
      return `finalizable in ${formatDuration((details.finalizableAt ?? now) - now)}`;
    case "finalizable":
      return `finalizable: finalizeWithdrawalTransaction on ${message.to} (world.op.finalize)`;
    case "message-failed":
      return `relay again: relayMessage on ${message.to}'s L1CrossDomainMessenger`;
    case "call-failed":
      return `consumed: ${message.error ?? "the call reverted"}`;
    case "relayed":
      return undefined;
  }
}

/** What an OP message waits for, or what someone may do with it now; undefined once relayed. */
function opNextAction(
  message: Message,
  world: World,
  now: number,
  waitingFor: string | undefined,
): string | undefined {
  switch (message.stage) {
    case "initiated":
      return `relayable: relayMessage on ${message.to} (expires in ${formatDuration(world.op.expiresAt(message) - now)})`;
    case "waiting-dependency":
      return `waits for message ${waitingFor ?? "?"} to be relayed on ${message.to}`;
    case "relay-reverted":
      return `relay again: relayMessage on ${message.to} (${message.error ?? "reverted"})`;
    case "rejected":
      return `rejected by the supervisor: ${message.error ?? ""}`;
    case "unroutable":
      return `no chain ${message.to} in this world`;
    case "expired":
      return `expired: resendMessage on ${message.from}`;
    default:
      return undefined;
  }
}
