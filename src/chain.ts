import type { XdmProtocolName } from "./constants.js";
import type { XdmChainConfig } from "./types/config.js";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { L1SystemContracts, L2SystemContracts } from "./system-contracts.js";
import type { EthereumProvider } from "hardhat/types/providers";
import type { NetworkConnection } from "hardhat/types/network";

import { toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";
import { systemContracts } from "./system-contracts.js";

export interface RpcBlock {
  number: string;
  hash: string;
  timestamp: string;
  stateRoot: string;
  baseFeePerGas?: string;
  gasLimit: string;
  transactions: unknown[];
}

export interface RpcReceipt {
  transactionHash: string;
  blockNumber: string;
  status: string;
  logs: Array<{ address: string; topics: string[]; data: string; logIndex: string; blockNumber: string; transactionHash: string; blockHash: string; transactionIndex: string }>;
}

/**
 * One chain of a world: a Hardhat network connection plus the system contracts
 * installed on it. The helpers here are thin JSON-RPC wrappers; every protocol
 * decision lives in src/protocols/.
 */
export class Chain {
  /** System contracts on this chain, as typed ethers contracts at their fixed addresses. */
  readonly contracts: L2SystemContracts;
  /** For an L2 of the L1: its rollup's contracts on the L1, typed. */
  readonly l1Contracts: L1SystemContracts;

  constructor(
    readonly name: string,
    readonly protocol: XdmProtocolName | "l1",
    readonly chainId: number,
    readonly connection: NetworkConnection,
    readonly config: XdmChainConfig,
  ) {
    this.contracts = systemContracts<L2SystemContracts>(name, protocol, "contracts");
    this.l1Contracts = systemContracts<L1SystemContracts>(name, protocol, "l1Contracts");
  }

  get provider(): EthereumProvider {
    return this.connection.provider;
  }

  get ethers(): HardhatEthers {
    return this.connection.ethers;
  }

  /** Whether the chain runs in this process (and so accepts hardhat_* and evm_* methods). */
  get isSimulated(): boolean {
    return this.connection.networkConfig.type === "edr-simulated";
  }

  async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
    return (await this.provider.request({ method, params })) as T;
  }

  async blockNumber(): Promise<number> {
    return Number(await this.rpc<string>("eth_blockNumber"));
  }

  async block(tag: number | "latest" | "pending" = "latest"): Promise<RpcBlock> {
    const block = await this.rpc<RpcBlock | null>("eth_getBlockByNumber", [typeof tag === "number" ? toQuantity(tag) : tag, false]);
    if (block === null) {
      throw new HardhatPluginError(PLUGIN_ID, `Block ${tag} does not exist on chain "${this.name}".`);
    }
    return block;
  }

  async timestamp(): Promise<number> {
    return Number((await this.block("latest")).timestamp);
  }

  async setCode(address: string, code: string): Promise<void> {
    await this.rpc("hardhat_setCode", [address, code]);
  }

  async setStorageAt(address: string, slot: string, value: string): Promise<void> {
    await this.rpc("hardhat_setStorageAt", [address, slot, value]);
  }

  async setBalance(address: string, wei: bigint): Promise<void> {
    await this.rpc("hardhat_setBalance", [address, toQuantity(wei)]);
  }

  async impersonate(address: string): Promise<void> {
    await this.rpc("hardhat_impersonateAccount", [address]);
  }

  async mine(blocks = 1, interval = 1): Promise<void> {
    if (blocks <= 0) return;
    await this.rpc("hardhat_mine", [toQuantity(blocks), toQuantity(interval)]);
  }

  /**
   * Sends a transaction from an account the node signs for (an impersonated
   * actor) and waits for its receipt; under interval mining that is the next block.
   */
  async send(tx: { from: string; to: string; data?: string; value?: bigint; gas?: bigint }): Promise<RpcReceipt> {
    const params: Record<string, string> = { from: tx.from, to: tx.to };
    if (tx.data !== undefined) params.data = tx.data;
    if (tx.value !== undefined) params.value = toQuantity(tx.value);
    if (tx.gas !== undefined) params.gas = toQuantity(tx.gas);
    const hash = await this.rpc<string>("eth_sendTransaction", [params]);
    return await this.receipt(hash);
  }

  /** The receipt of `hash`, waiting for it to be mined. */
  async receipt(hash: string, timeoutMs = 120_000): Promise<RpcReceipt> {
    const started = Date.now();
    for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
      const receipt = await this.rpc<RpcReceipt | null>("eth_getTransactionReceipt", [hash]);
      if (receipt !== null) return receipt;
      if (Date.now() - started > timeoutMs) {
        throw new HardhatPluginError(PLUGIN_ID, `Transaction ${hash} on chain "${this.name}" was not mined within ${timeoutMs / 1000} s.`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  toString(): string {
    return `${this.name} (${this.protocol}, chain id ${this.chainId})`;
  }
}
