import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, InterfaceAbi } from "ethers";

import { Contract } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

// The generated contract types (types/contracts/, built by `npm run typechain`), for users to name.
export type * from "../types/contracts/index.js";

/**
 * System contracts on an L2, typed: each chain holds those of its protocol. Empty here: each model's
 * module adds its own (`declare module "../../system-contracts.js" { interface L2SystemContracts { … } }`
 * in `src/protocols/<name>/index.ts`), so `chain.contracts.<Name>` has its generated type.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface L2SystemContracts {}

/** An L2's rollup contracts on the L1, typed; each model's module adds its own, as for L2SystemContracts. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface L1SystemContracts {}

/** Names that tools probe on any object (await, JSON, util.inspect): never an error. */
const PROBED = new Set([
  "then",
  "toJSON",
  "constructor",
  "inspect",
  "asymmetricMatch",
  "nodeType",
  "$$typeof",
]);

/**
 * A holder of system contracts that names the problem when a contract the
 * chain does not have is asked for, instead of handing back `undefined`.
 */
export function systemContracts<T extends object>(
  chain: string,
  protocol: string,
  field: string,
): T {
  return new Proxy({} as T, {
    get(target, property, receiver) {
      if (
        typeof property === "symbol" ||
        property in target ||
        PROBED.has(property)
      ) {
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

/**
 * Puts system contract `name` at `address` into `holder` (a chain's `contracts` or `l1Contracts`) as
 * its generated type. The contract is built from the ABI the chain runs (the artifact the installer
 * wrote) and, as ethers.getContractAt does, runs as the chain's first signer (its provider when it has
 * none); nothing generated is loaded at run time, the generated types are type-only. The one narrowing
 * from ethers' BaseContract to the contract's typed interface (which extends it) lives here.
 */
export async function attachSystemContract<
  H extends { [K in N]: BaseContract },
  N extends keyof H & string,
>(
  holder: H,
  name: N,
  ethers: HardhatEthers,
  abi: InterfaceAbi,
  address: string,
): Promise<H[N]> {
  const [signer] = await ethers.getSigners();
  const contract: BaseContract = new Contract(
    address,
    abi,
    signer ?? ethers.provider,
  );
  const typed = contract as H[N];
  holder[name] = typed;
  return typed;
}
