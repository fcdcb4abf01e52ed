import type { ProtocolName } from "./protocols/types.js";
import type {
  L1SystemContracts,
  L1ViemContracts,
  L2SystemContracts,
  L2ViemContracts,
} from "./system-contracts.js";
import type { XdmChainConfig } from "./types/config.js";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { EthereumProvider } from "hardhat/types/providers";

import { toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";
import { systemContracts } from "./system-contracts.js";

/** The fields of a transaction an actor sends. */
export interface TxFields {
  from: string;
  to: string;
  data?: string;
  value?: bigint;
  gas?: bigint;
  accessList?: Array<{ address: string; storageKeys: string[] }>;
}

const PRIORITY_FEE = 10n ** 9n;
/** EIP-7825 (Osaka): no transaction may carry more gas than this. */
const TRANSACTION_GAS_CAP = 2n ** 24n;

/** The most gas one transaction may carry in a block of `blockGasLimit`: at most 2^24 (EIP-7825). */
export function transactionGasCap(blockGasLimit: bigint): bigint {
  return blockGasLimit < TRANSACTION_GAS_CAP
    ? blockGasLimit
    : TRANSACTION_GAS_CAP;
}

/** EDR's (and geth's) answer to fee fields below the next block's base fee. */
const FEE_TOO_LOW =
  /too low for the next block|max fee per gas less than block base fee|fee cap less than block base fee/i;

/**
 * A block as `eth_getBlockByNumber` returns it (hex quantities): `transactions` holds their hashes
 * when asked with `false`, the transactions themselves when asked with `true` (`RpcBlock<Tx>`).
 */
export interface RpcBlock<Transaction = string> {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  stateRoot: string;
  /** Absent before London. */
  baseFeePerGas?: string;
  gasLimit: string;
  transactions: Transaction[];
}

export interface RpcReceipt {
  transactionHash: string;
  blockNumber: string;
  status: string;
  logs: Array<{
    address: string;
    topics: string[];
    data: string;
    logIndex: string;
    blockNumber: string;
    transactionHash: string;
    blockHash: string;
    transactionIndex: string;
  }>;
}

/**
 * hardhat-viem's helpers on a chain (public and wallet clients, deployContract, getContractAt, and
 * what other plugins add, e.g. `assertions`) with the chain's system contracts as viem contracts.
 */
export interface ChainViem extends HardhatViemHelpers {
  /** System contracts on this chain, as viem contracts typed from their ABIs. */
  readonly contracts: L2ViemContracts;
  /** For an L2 of the L1: its rollup's contracts on the L1, as viem contracts. */
  readonly l1Contracts: L1ViemContracts;
}

/** The connection's helpers from the user's plugins, each undefined when its plugin is not loaded. */
export interface ChainPlugins {
  ethers?: HardhatEthers;
  viem?: HardhatViemHelpers;
}

const ETHERS_PLUGIN =
  "the @nomicfoundation/hardhat-ethers plugin (in @nomicfoundation/hardhat-toolbox-mocha-ethers): add it to `plugins` in hardhat.config.ts";
const VIEM_PLUGIN =
  "the @nomicfoundation/hardhat-viem plugin (in @nomicfoundation/hardhat-toolbox-viem): add it to `plugins` in hardhat.config.ts";

/**
 * One chain of a world: a Hardhat network connection plus the system contracts
 * installed on it. The helpers here are thin JSON-RPC wrappers; every protocol
 * decision lives in src/protocols/.
 */
export class Chain {
  /** System contracts on this chain, as typed ethers contracts at their fixed addresses (needs hardhat-ethers). */
  readonly contracts: L2SystemContracts;
  /** For an L2 of the L1: its rollup's contracts on the L1, typed (needs hardhat-ethers). */
  readonly l1Contracts: L1SystemContracts;
  /** The holders behind `chain.viem.contracts` and `chain.viem.l1Contracts`, filled by the installer. */
  readonly viemContracts: {
    contracts: L2ViemContracts;
    l1Contracts: L1ViemContracts;
  };

  constructor(
    readonly name: string,
    readonly protocol: ProtocolName | "l1",
    readonly chainId: number,
    readonly connection: NetworkConnection,
    readonly config: XdmChainConfig,
  ) {
    const withoutEthers = (field: string) => () =>
      this.plugins.ethers === undefined
        ? `chain.${field} of chain "${name}" holds ethers contracts, which need ${ETHERS_PLUGIN}; or use chain.viem.${field} with hardhat-viem.`
        : undefined;
    this.contracts = systemContracts<L2SystemContracts>(
      name,
      protocol,
      "contracts",
      withoutEthers("contracts"),
    );
    this.l1Contracts = systemContracts<L1SystemContracts>(
      name,
      protocol,
      "l1Contracts",
      withoutEthers("l1Contracts"),
    );
    this.viemContracts = {
      contracts: systemContracts<L2ViemContracts>(
        name,
        protocol,
        "viem.contracts",
      ),
      l1Contracts: systemContracts<L1ViemContracts>(
        name,
        protocol,
        "viem.l1Contracts",
      ),
    };
  }

  get provider(): EthereumProvider {
    return this.connection.provider;
  }

  /** hardhat-ethers and hardhat-viem on this chain's connection, when the user's config loads them. */
  get plugins(): ChainPlugins {
    // Read untyped: each plugin declares its field on NetworkConnection only where the user imports it.
    const connection: object = this.connection;
    return {
      ethers:
        "ethers" in connection
          ? (connection.ethers as HardhatEthers)
          : undefined,
      viem:
        "viem" in connection
          ? (connection.viem as HardhatViemHelpers)
          : undefined,
    };
  }

  /** hardhat-ethers' helpers on this chain (provider, signers, deployContract, getContractAt). */
  get ethers(): HardhatEthers {
    const { ethers } = this.plugins;
    if (ethers === undefined)
      throw new HardhatPluginError(
        PLUGIN_ID,
        `chain.ethers of chain "${this.name}" needs ${ETHERS_PLUGIN}; or use chain.viem with hardhat-viem.`,
      );
    return ethers;
  }

  /**
   * hardhat-viem's helpers on this chain (getPublicClient, getWalletClients, deployContract,
   * getContractAt, …) with its system contracts as viem contracts (`chain.viem.contracts`).
   */
  get viem(): ChainViem {
    const { viem } = this.plugins;
    if (viem === undefined)
      throw new HardhatPluginError(
        PLUGIN_ID,
        `chain.viem of chain "${this.name}" needs ${VIEM_PLUGIN}; or use chain.ethers with hardhat-ethers.`,
      );
    this.#viem ??= { ...viem, ...this.viemContracts };
    return this.#viem;
  }

  #viem: ChainViem | undefined;

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

  async block(
    tag: number | "latest" | "pending" = "latest",
  ): Promise<RpcBlock> {
    const block = await this.rpc<RpcBlock | null>("eth_getBlockByNumber", [
      typeof tag === "number" ? toQuantity(tag) : tag,
      false,
    ]);
    if (block === null) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Block ${tag} does not exist on chain "${this.name}".`,
      );
    }
    return block;
  }

  async timestamp(): Promise<number> {
    return Number((await this.block("latest")).timestamp);
  }

  async setCode(address: string, code: string): Promise<void> {
    await this.rpc("hardhat_setCode", [address, code]);
  }

  async setStorageAt(
    address: string,
    slot: string,
    value: string,
  ): Promise<void> {
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
   * Without `gas` the provider estimates it.
   */
  async send(tx: TxFields): Promise<RpcReceipt> {
    return await this.receipt(await this.submit(tx));
  }

  /**
   * Sends a transaction from an account the node signs for and returns its hash.
   * The fee fields come from this chain's cached fees, so the provider does not look
   * them up for every transaction; a node that finds them too low for the next block
   * (its base fee rose) gets the transaction again with fresh fees, once.
   */
  async submit(tx: TxFields): Promise<string> {
    const params: Record<string, unknown> = { from: tx.from, to: tx.to };
    if (tx.data !== undefined) params.data = tx.data;
    if (tx.value !== undefined) params.value = toQuantity(tx.value);
    if (tx.gas !== undefined) params.gas = toQuantity(tx.gas);
    if (tx.accessList !== undefined) params.accessList = tx.accessList;
    try {
      return await this.rpc<string>("eth_sendTransaction", [
        { ...params, ...(await this.#feeFields()) },
      ]);
    } catch (error) {
      if (!FEE_TOO_LOW.test((error as Error).message ?? "")) throw error;
      this.#fees = undefined;
      return await this.rpc<string>("eth_sendTransaction", [
        { ...params, ...(await this.#feeFields()) },
      ]);
    }
  }

  /**
   * Fee fields for the actors' transactions: twice the next block's base fee plus a
   * 1 gwei tip (EIP-1559 chains), else the node's gas price. Read once and kept:
   * a sender pays the base fee of its block whatever the cap, and `submit` reads
   * them again when a node refuses them.
   */
  async #feeFields(): Promise<Record<string, string>> {
    if (this.#fees === undefined) {
      const block = await this.block("pending"); // the next block's base fee: the one a transaction pays
      this.#fees =
        block.baseFeePerGas !== undefined
          ? {
              maxFeePerGas: toQuantity(
                2n * BigInt(block.baseFeePerGas) + PRIORITY_FEE,
              ),
              maxPriorityFeePerGas: toQuantity(PRIORITY_FEE),
            }
          : { gasPrice: await this.rpc<string>("eth_gasPrice") };
    }
    return this.#fees;
  }

  #fees: Record<string, string> | undefined;

  /**
   * The most gas one transaction may carry here: the block gas limit, and at most
   * 2^24 (EIP-7825's per-transaction cap). For the actors' large transactions
   * (batches, state updates), so that the provider does not estimate each one.
   */
  async maxTransactionGas(): Promise<bigint> {
    return transactionGasCap(BigInt((await this.block("latest")).gasLimit));
  }

  /** The receipt of `hash`, waiting for it to be mined. */
  async receipt(hash: string, timeoutMs = 120_000): Promise<RpcReceipt> {
    const started = Date.now();
    for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
      const receipt = await this.rpc<RpcReceipt | null>(
        "eth_getTransactionReceipt",
        [hash],
      );
      if (receipt !== null) return receipt;
      if (Date.now() - started > timeoutMs) {
        throw new HardhatPluginError(
          PLUGIN_ID,
          `Transaction ${hash} on chain "${this.name}" was not mined within ${timeoutMs / 1000} s.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  toString(): string {
    return `${this.name} (${this.protocol}, chain id ${this.chainId})`;
  }
}
