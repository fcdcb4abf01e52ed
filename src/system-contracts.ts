import type * as C from "../types/contracts/index.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

export type * from "../types/contracts/index.js";

/** System contracts on an L2, typed: each chain holds those of its protocol. */
export interface L2SystemContracts {
  CrossL2Inbox: C.CrossL2Inbox;
  L2ToL2CrossDomainMessenger: C.L2ToL2CrossDomainMessenger;
  L2ScrollMessenger: C.L2ScrollMessenger;
  L2MessageQueue: C.L2MessageQueue;
  Whitelist: C.Whitelist;
  StarknetL2Messaging: C.StarknetL2Messaging;
}

/** An L2's rollup contracts on the L1, typed. */
export interface L1SystemContracts {
  L1ScrollMessenger: C.L1ScrollMessenger;
  L1MessageQueue: C.L1MessageQueue;
  ZKRollup: C.ZKRollup;
  MockRollupVerifier: C.MockRollupVerifier;
  Whitelist: C.Whitelist;
  StarknetCore: C.StarknetCore;
  MockFactRegistry: C.MockFactRegistry;
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
