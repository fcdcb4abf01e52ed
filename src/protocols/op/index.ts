import type { XdmOpConfig, XdmOpUserConfig } from "./config.js";
import type { OpProtocol } from "./protocol.js";
import type {
  CrossL2Inbox,
  L2ToL2CrossDomainMessenger,
} from "../../../types/contracts/index.js";
import type {
  L1SystemContracts,
  L2SystemContracts,
} from "../../system-contracts.js";
import type { ProtocolModule } from "../types.js";

import "./details.js";

import { formatDuration } from "../../duration.js";
import { isMessageOf } from "../../messages.js";

import { OP_BLOCK_TIME, OP_NODE_PORT_OFFSET, opConfig } from "./config.js";

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
  keyedActors: ["op:autorelayer"] as const,
  faultActors: ["op:autorelayer", "op:supervisor"] as const,
  failableProofs: false,
  systemContracts: {
    l2: [
      "CrossL2Inbox",
      "L2ToL2CrossDomainMessenger",
    ] as const satisfies ReadonlyArray<keyof L2SystemContracts>,
    l1: [] as const satisfies ReadonlyArray<keyof L1SystemContracts>,
  },
  async create(world) {
    const { createOpProtocol } = await import("./protocol.js");
    return createOpProtocol(world);
  },
  nextAction(message, world, { now }) {
    const waitingFor = isMessageOf(message, "op")
      ? message.details.waitingFor
      : undefined;
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
  },
} as const satisfies ProtocolModule<OpProtocol>;
