import type { SystemArtifact } from "./artifacts.js";
import type { Chain } from "./chain.js";
import type { SystemAbis } from "../types/abis/index.js";
import type {
  HardhatEthers,
  HardhatEthersSigner,
} from "@nomicfoundation/hardhat-ethers/types";
import type {
  GetContractReturnType,
  HardhatViemHelpers,
  KeyedClient,
} from "@nomicfoundation/hardhat-viem/types";
import type { BaseContract, Interface, InterfaceAbi } from "ethers";
import type { Abi } from "viem";

import { Contract } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { firstLine } from "./actor-transaction.js";
import { interfaceOf } from "./artifacts.js";
import { PLUGIN_ID } from "./constants.js";

// The generated contract types (types/contracts/, built by `npm run typechain`), for users to name.
export type * from "../types/contracts/index.js";
// The system contracts' ABIs as literal types (types/abis/, built by `npm run typechain`), for viem.
export type { SystemAbis } from "../types/abis/index.js";

/**
 * A system contract as a viem contract (`read`, `write`, `simulate`, `estimateGas`, `getEvents`, …)
 * whose argument and return types come from its ABI: the type hardhat-viem's getContractAt gives.
 */
export type ViemSystemContract<Name extends keyof SystemAbis> =
  GetContractReturnType<SystemAbis[Name]>;

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

/**
 * The system contracts on an L2 as viem contracts (`chain.viem.contracts`); each model's module adds its
 * own beside its L2SystemContracts (`L2ToL2CrossDomainMessenger: ViemSystemContract<"L2ToL2CrossDomainMessenger">`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface L2ViemContracts {}

/** An L2's rollup contracts on the L1 as viem contracts (`chain.viem.l1Contracts`), as for L2ViemContracts. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface L1ViemContracts {}

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
  /** Why the holder is empty when a plugin it needs is not loaded (undefined when it is). */
  unavailable: () => string | undefined = () => undefined,
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
      const reason = unavailable();
      if (reason !== undefined) throw new HardhatPluginError(PLUGIN_ID, reason);
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
  abi: Interface | InterfaceAbi,
  address: string,
): Promise<H[N]> {
  const contract: BaseContract = new Contract(
    address,
    abi,
    (await firstSignerOf(ethers)) ?? ethers.provider,
  );
  const typed = contract as H[N];
  holder[name] = typed;
  return typed;
}

/** Each connection's first signer, looked up once (getSigners asks the node for its accounts). */
const firstSigners = new WeakMap<
  HardhatEthers,
  Promise<HardhatEthersSigner | undefined>
>();

function firstSignerOf(
  ethers: HardhatEthers,
): Promise<HardhatEthersSigner | undefined> {
  let signer = firstSigners.get(ethers);
  if (signer === undefined) {
    signer = ethers.getSigners().then(([first]) => first);
    firstSigners.set(ethers, signer);
  }
  return signer;
}

/**
 * Puts system contract `name` at `address` into `holder` (`chain.viem.contracts` or `chain.viem.l1Contracts`)
 * as a viem contract of its ABI, whose wallet client is the chain's first account (none on a chain
 * without accounts: then it only reads), as hardhat-viem's getContractAt does. viem is loaded only here,
 * when hardhat-viem is among the user's plugins; the ABI's literal type is type-only (types/abis/).
 */
async function attachViemContract<
  H extends { [K in N]: unknown },
  N extends keyof H & string,
>(
  holder: H,
  name: N,
  viem: HardhatViemHelpers,
  abi: InterfaceAbi,
  address: string,
): Promise<void> {
  const { getContract, getAddress } = await import("viem");
  const contract: unknown = getContract({
    address: getAddress(address),
    abi: viemAbi(name, abi),
    client: await clientsOf(viem),
  });
  holder[name] = contract as H[N];
}

/** The clients of each connection's contracts, made once per connection (each asks the node a few questions). */
const viemClients = new WeakMap<HardhatViemHelpers, Promise<KeyedClient>>();

function clientsOf(viem: HardhatViemHelpers): Promise<KeyedClient> {
  let clients = viemClients.get(viem);
  if (clients === undefined) {
    clients = Promise.all([
      viem.getPublicClient(),
      viem.getWalletClients(),
    ]).then(([publicClient, [walletClient]]) =>
      walletClient !== undefined
        ? { public: publicClient, wallet: walletClient }
        : { public: publicClient },
    );
    viemClients.set(viem, clients);
  }
  return clients;
}

/** A system artifact's ABI as viem takes it: the JSON list the compiler wrote. */
function viemAbi(name: string, abi: InterfaceAbi): Abi {
  if (typeof abi === "string")
    throw new HardhatPluginError(
      PLUGIN_ID,
      `The ABI of ${name} is not a JSON list: a bug of hardhat-xdm, please report it.`,
    );
  const list: readonly unknown[] = abi;
  return list as Abi;
}

/**
 * One system contract of an L2's protocol: its name, its fixed address, the artifact installed there,
 * and where it lives: on the L2 itself (`chain.contracts`) or on its L1 (`chain.l1Contracts`).
 */
export type SystemContractEntry = {
  address: string;
  artifact: SystemArtifact;
} & (
  | { on: "l2"; name: keyof L2SystemContracts }
  | { on: "l1"; name: keyof L1SystemContracts }
);

/** The system contracts of L2 `chain` and its rollup's on `l1` (undefined for a model with none there). */
export interface SystemContractSet {
  chain: Chain;
  l1?: Chain;
  entries: readonly SystemContractEntry[];
}

/** The chain an entry of `set` lives on. */
function chainOf(set: SystemContractSet, entry: SystemContractEntry): Chain {
  if (entry.on === "l2") return set.chain;
  if (set.l1 === undefined)
    throw new HardhatPluginError(
      PLUGIN_ID,
      `${entry.name} of chain "${set.chain.name}" lives on an L1, and none was given: a bug of hardhat-xdm, please report it.`,
    );
  return set.l1;
}

/** Puts each contract's code at its address (the installer then initialises them). */
export async function installSystemCode(set: SystemContractSet): Promise<void> {
  for (const entry of set.entries) {
    await chainOf(set, entry).setCode(
      entry.address,
      entry.artifact.deployedBytecode,
    );
  }
}

/**
 * When attaching to running chains: checks that each contract's code is the artifact's, so a world
 * never relays through contracts that are not the plugin's (another version, or none).
 */
export async function verifySystemCode(set: SystemContractSet): Promise<void> {
  for (const entry of set.entries) {
    const chain = chainOf(set, entry);
    const code = await chain.rpc<string>("eth_getCode", [
      entry.address,
      "latest",
    ]);
    if (code.toLowerCase() !== entry.artifact.deployedBytecode.toLowerCase()) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Chain "${chain.name}" has no hardhat-xdm ${entry.name} at ${entry.address}. Attach to chains started by \`npx hardhat xdm:node\`.`,
      );
    }
  }
}

/**
 * Puts each contract, typed, into `chain.contracts` or `chain.l1Contracts` when hardhat-ethers is among
 * the user's plugins (see attachSystemContract), and into `chain.viem.contracts` or `chain.viem.l1Contracts`
 * when hardhat-viem is (see attachViemContract); with neither, the world runs all the same (its actors
 * send through JSON-RPC) and the holders say which plugin to add.
 */
export async function attachSystemContracts(
  set: SystemContractSet,
): Promise<void> {
  for (const entry of set.entries) {
    const chain = chainOf(set, entry);
    const ethers = chain.plugins.ethers;
    const viem = chain.plugins.viem;
    const { abi } = entry.artifact;
    if (entry.on === "l2") {
      if (ethers !== undefined)
        await attachSystemContract(
          set.chain.contracts,
          entry.name,
          ethers,
          interfaceOf(entry.artifact),
          entry.address,
        );
      if (viem !== undefined)
        await attachViemContract(
          set.chain.viemContracts.contracts,
          entry.name,
          viem,
          abi,
          entry.address,
        );
    } else {
      if (ethers !== undefined)
        await attachSystemContract(
          set.chain.l1Contracts,
          entry.name,
          ethers,
          interfaceOf(entry.artifact),
          entry.address,
        );
      if (viem !== undefined)
        await attachViemContract(
          set.chain.viemContracts.l1Contracts,
          entry.name,
          viem,
          abi,
          entry.address,
        );
    }
  }
}

/**
 * Has the node of a running `chain` sign for the actor `accounts` (attaching: the installer of a new
 * world impersonates them itself). The actors send through eth_sendTransaction, so a node that neither
 * impersonates an actor nor holds its key would fail every one of its sends later, far from the cause:
 * a refused hardhat_impersonateAccount is accepted only when the node lists the account in
 * eth_accounts (it holds the key), and otherwise stops the attach here, naming the account and what to do.
 */
export async function impersonateActors(
  chain: Chain,
  accounts: readonly string[],
): Promise<void> {
  let signed: string[] | undefined;
  for (const account of accounts) {
    try {
      await chain.impersonate(account);
    } catch (error) {
      signed ??= await chain
        .rpc<string[]>("eth_accounts")
        .then((list) => list.map((a) => a.toLowerCase()))
        .catch(() => []);
      if (signed.includes(account.toLowerCase())) continue;
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Chain "${chain.name}" does not sign for the hardhat-xdm actor ${account}: hardhat_impersonateAccount failed (${firstLine(error)}) and the node holds no key for it, so the actor could send nothing. Attach to chains started by \`npx hardhat xdm:node\`, or to a node that supports hardhat_impersonateAccount.`,
        error instanceof Error ? error : undefined,
      );
    }
  }
}
