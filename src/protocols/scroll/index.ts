import type { XdmScrollConfig, XdmScrollUserConfig } from "./config.js";
import type { ScrollProtocol } from "./protocol.js";
import type {
  L1MessageQueue,
  L1ScrollMessenger,
  L2MessageQueue,
  L2ScrollMessenger,
  MockRollupVerifier,
  Whitelist,
  ZKRollup,
} from "../../../types/contracts/index.js";
import type {
  L1SystemContracts,
  L2SystemContracts,
  ViemSystemContract,
} from "../../system-contracts.js";
import type { ProtocolModule } from "../types.js";

import "./details.js";

import { isMessageOf } from "../../messages.js";
import { confirmationsText } from "../confirmations.js";

import { SCROLL_BLOCK_TIME, SCROLL_HARDFORK, scrollConfig } from "./config.js";

declare module "../../world.js" {
  interface World {
    /** Scroll helpers: relay L1→L2, commit and finalize batches, withdrawal proofs and claims. */
    readonly scroll: ScrollProtocol;
  }
}

declare module "../../types/config.js" {
  interface XdmProtocolNames {
    scroll: true;
  }
  interface XdmUserConfig {
    /** Scroll: L1 confirmations, batch size, proof delay, the message queue's gas limit and fee. */
    scroll?: XdmScrollUserConfig;
  }
  interface XdmConfig {
    scroll: XdmScrollConfig;
  }
}

declare module "../../system-contracts.js" {
  interface L2SystemContracts {
    L2ScrollMessenger: L2ScrollMessenger;
    L2MessageQueue: L2MessageQueue;
    /** The L2's sender whitelist (its messenger checks it only with xdm.scroll.whitelist). */
    Whitelist: Whitelist;
  }
  interface L1SystemContracts {
    L1ScrollMessenger: L1ScrollMessenger;
    L1MessageQueue: L1MessageQueue;
    /** The rollup: batch commits, proofs, finalized withdraw roots. */
    ZKRollup: ZKRollup;
    /** Accepts only the proofs the mock prover's key signed. */
    MockRollupVerifier: MockRollupVerifier;
    /** The L1's sender whitelist (its messenger checks it only with xdm.scroll.whitelist). */
    Whitelist: Whitelist;
  }
  // The same contracts as viem contracts (chain.viem.contracts, chain.viem.l1Contracts).
  interface L2ViemContracts {
    L2ScrollMessenger: ViemSystemContract<"L2ScrollMessenger">;
    L2MessageQueue: ViemSystemContract<"L2MessageQueue">;
    Whitelist: ViemSystemContract<"Whitelist">;
  }
  interface L1ViemContracts {
    L1ScrollMessenger: ViemSystemContract<"L1ScrollMessenger">;
    L1MessageQueue: ViemSystemContract<"L1MessageQueue">;
    ZKRollup: ViemSystemContract<"ZKRollup">;
    MockRollupVerifier: ViemSystemContract<"MockRollupVerifier">;
    Whitelist: ViemSystemContract<"Whitelist">;
  }
}

/** Scroll: an L2 of the L1 with a message queue, batches, proofs and withdrawal claims. */
export const scroll = {
  name: "scroll",
  missing:
    'This world has no Scroll chain: add a chain with protocol "scroll" to xdm.chains.',
  chainType: "generic",
  blockTime: SCROLL_BLOCK_TIME,
  config: scrollConfig,
  hardfork: SCROLL_HARDFORK,
  keyedActors: [
    "scroll:sequencer",
    "scroll:prover",
    "scroll:fee-vault",
  ] as const,
  faultActors: ["scroll:sequencer", "scroll:batcher", "scroll:prover"] as const,
  failableProofs: true,
  systemContracts: {
    l2: [
      "L2ScrollMessenger",
      "L2MessageQueue",
      "Whitelist",
    ] as const satisfies ReadonlyArray<keyof L2SystemContracts>,
    l1: [
      "L1ScrollMessenger",
      "L1MessageQueue",
      "ZKRollup",
      "MockRollupVerifier",
      "Whitelist",
    ] as const satisfies ReadonlyArray<keyof L1SystemContracts>,
  },
  async create(world) {
    const { createScrollProtocol } = await import("./protocol.js");
    return createScrollProtocol(world);
  },
  nextAction(message, world, { l1Head }) {
    switch (message.stage) {
      case "awaiting-confirmations":
        return confirmationsText(
          isMessageOf(message, "scroll") &&
            message.details.direction === "l1-l2"
            ? message.details.l1Block
            : undefined,
          world.config.scroll.l1Confirmations,
          l1Head,
          "relay due: the sequencer delivers it next",
        );
      case "confirmed":
        return "relay due: the sequencer relays it next";
      case "relay-failed":
        return `replayMessage on ${message.from} with a larger gas limit`;
      case "skipped":
        return `dropMessage on ${message.from} once its batch is finalized`;
      case "awaiting-batch":
        return "waits for the batcher to commit its block";
      case "committed":
        return "waits for the proof and finalization of its batch";
      case "finalized":
        return "claimable: relayMessageWithProof";
      case "claim-failed":
        return "claim again: relayMessageWithProof";
      default:
        return undefined;
    }
  },
} as const satisfies ProtocolModule<ScrollProtocol>;
