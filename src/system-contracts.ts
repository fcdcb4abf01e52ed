import type {
  CrossL2Inbox,
  L1MessageQueue,
  L1ScrollMessenger,
  L2MessageQueue,
  L2ScrollMessenger,
  L2ToL2CrossDomainMessenger,
  MockFactRegistry,
  MockRollupVerifier,
  StarknetCore,
  StarknetL2Messaging,
  Whitelist,
  ZKRollup,
} from "./types/contracts/index.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

export type {
  CrossL2Inbox,
  L1MessageQueue,
  L1ScrollMessenger,
  L2MessageQueue,
  L2ScrollMessenger,
  L2ToL2CrossDomainMessenger,
  MockFactRegistry,
  MockRollupVerifier,
  StarknetCore,
  StarknetL2Messaging,
  Whitelist,
  ZKRollup,
};

/** System contracts on an L2, typed: each chain holds those of its protocol. */
export interface L2SystemContracts {
  CrossL2Inbox: CrossL2Inbox;
  L2ToL2CrossDomainMessenger: L2ToL2CrossDomainMessenger;
  L2ScrollMessenger: L2ScrollMessenger;
  L2MessageQueue: L2MessageQueue;
  Whitelist: Whitelist;
  StarknetL2Messaging: StarknetL2Messaging;
}

/** An L2's rollup contracts on the L1, typed. */
export interface L1SystemContracts {
  L1ScrollMessenger: L1ScrollMessenger;
  L1MessageQueue: L1MessageQueue;
  ZKRollup: ZKRollup;
  MockRollupVerifier: MockRollupVerifier;
  Whitelist: Whitelist;
  StarknetCore: StarknetCore;
  MockFactRegistry: MockFactRegistry;
}

/** Names that tools probe on any object (await, JSON, util.inspect): never an error. */
const PROBED = new Set(["then", "toJSON", "constructor", "inspect", "asymmetricMatch", "nodeType", "$$typeof"]);

/**
 * A holder of system contracts that names the problem when a contract the
 * chain does not have is asked for, instead of handing back `undefined`.
 */
export function systemContracts<T extends object>(chain: string, protocol: string, field: string): T {
  return new Proxy({} as T, {
    get(target, property, receiver) {
      if (typeof property === "symbol" || property in target || PROBED.has(property)) {
        return Reflect.get(target, property, receiver);
      }
      const held = Object.keys(target);
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Chain "${chain}" (${protocol}) has no ${property} in ${field}. ${held.length > 0 ? `It has ${held.join(", ")}.` : "It has none."}`,
      );
    },
  });
}
