import type { XdmStarknetConfig, XdmStarknetUserConfig } from "./config.js";
import type { StarknetProtocol } from "./protocol.js";
import type {
  MockFactRegistry,
  StarknetCore,
  StarknetL2Messaging,
} from "../../../types/contracts/index.js";
import type {
  L1SystemContracts,
  L2SystemContracts,
  ViemSystemContract,
} from "../../system-contracts.js";
import type { ProtocolModule } from "../types.js";

import "./details.js";

import { formatDuration } from "../../duration.js";
import { isMessageOf } from "../../messages.js";
import { confirmationsText } from "../confirmations.js";

import { STARKNET_BLOCK_TIME, starknetConfig } from "./config.js";

declare module "../../world.js" {
  interface World {
    /** StarkNet helpers: deliver one L1→L2 message, update state, hashes, cancellation time. */
    readonly starknet: StarknetProtocol;
  }
}

declare module "../../types/config.js" {
  interface XdmProtocolNames {
    starknet: true;
  }
  interface XdmUserConfig {
    /** StarkNet: L1 confirmations, proof delay, the message cancellation delay. */
    starknet?: XdmStarknetUserConfig;
  }
  interface XdmConfig {
    starknet: XdmStarknetConfig;
  }
}

declare module "../../system-contracts.js" {
  interface L2SystemContracts {
    /** L2 contracts send messages to L1 through it; the sequencer delivers L1→L2 messages through it. */
    StarknetL2Messaging: StarknetL2Messaging;
  }
  interface L1SystemContracts {
    /** L1→L2 messages with fees and cancellation, state updates, L2→L1 consumption. */
    StarknetCore: StarknetCore;
    /** Holds the facts the mock prover registers (SHARP's fact registry). */
    MockFactRegistry: MockFactRegistry;
  }
  // The same contracts as viem contracts (chain.viem.contracts, chain.viem.l1Contracts).
  interface L2ViemContracts {
    StarknetL2Messaging: ViemSystemContract<"StarknetL2Messaging">;
  }
  interface L1ViemContracts {
    StarknetCore: ViemSystemContract<"StarknetCore">;
    MockFactRegistry: ViemSystemContract<"MockFactRegistry">;
  }
}

/** StarkNet: L1↔L2 messaging through StarknetCore, state updates and SHARP facts. */
export const starknet = {
  name: "starknet",
  missing:
    'This world has no StarkNet chain: add a chain with protocol "starknet" to xdm.chains.',
  chainType: "generic",
  blockTime: STARKNET_BLOCK_TIME,
  config: starknetConfig,
  keyedActors: ["starknet:sequencer", "starknet:prover"] as const,
  faultActors: [
    "starknet:sequencer",
    "starknet:state-updater",
    "starknet:prover",
  ] as const,
  failableProofs: true,
  systemContracts: {
    l2: ["StarknetL2Messaging"] as const satisfies ReadonlyArray<
      keyof L2SystemContracts
    >,
    l1: ["StarknetCore", "MockFactRegistry"] as const satisfies ReadonlyArray<
      keyof L1SystemContracts
    >,
  },
  async create(world) {
    const { createStarknetProtocol } = await import("./protocol.js");
    return createStarknetProtocol(world);
  },
  nextAction(message, world, { now, l1Head }) {
    const facts =
      isMessageOf(message, "starknet") && message.details.direction === "l1-l2"
        ? message.details
        : undefined;
    switch (message.stage) {
      case "awaiting-confirmations":
        return confirmationsText(
          facts?.l1Block,
          world.config.starknet.l1Confirmations,
          l1Head,
          "relay due: the sequencer delivers it next",
        );
      case "confirmed":
        return "delivery due: the sequencer delivers it next";
      case "handled":
        return "waits for the state update that consumes it on L1";
      case "handler-reverted":
      case "undeliverable":
        return `the sender may cancel it: startL1ToL2MessageCancellation on ${message.from}`;
      case "cancellation-requested": {
        const at =
          (facts?.cancellationRequestedAt ?? now) +
          world.config.starknet.cancellationDelay;
        return at > now
          ? `cancellable in ${formatDuration(at - now)}`
          : `cancellable now: cancelL1ToL2Message on ${message.from}`;
      }
      case "awaiting-state-update":
        return "waits for the state update that carries it to L1";
      case "state-updated":
        return `consumable: consumeMessageFromL2 by ${message.target}`;
      default:
        return undefined;
    }
  },
} as const satisfies ProtocolModule<StarknetProtocol>;
