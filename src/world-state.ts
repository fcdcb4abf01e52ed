/**
 * A chain's history as `xdm:node --state` saves it, and its replay into a fresh chain. EDR has no
 * state dump (no hardhat_dumpState), and a dump of accounts alone would lose the logs the relayer
 * reads its messages from; so a chain is saved as what made it: its blocks (timestamp, base fee,
 * transactions, state root) and the journal of state tools sent between them (state-journal.ts).
 * The replay mines the same blocks at the same timestamps, so block numbers, timestamps, nonces,
 * contract addresses, storage and logs come back; it checks the state root after every block that
 * changed state, and refuses to go on where one differs. Block hashes differ (a header holds
 * fields the replay does not set), and so do the hashes of transactions a node signed with a fake
 * signature for an impersonated sender only if that signature is not deterministic.
 */
import type { Chain, RpcBlock } from "./chain.js";
import type { ChainJournal, JournalEntry } from "./state-journal.js";

import { toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

/** A transaction as the replay sends it again: signed bytes when it came raw, its fields otherwise. */
export interface TransactionRecord {
  hash: string;
  type: string;
  from: string;
  to: string | null;
  input: string;
  value: string;
  gas: string;
  nonce: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessList?: Array<{ address: string; storageKeys: string[] }>;
  raw?: string;
}

/** A block that changed state: mined again with its timestamp, base fee and transactions, then checked. */
export interface BlockRecord {
  timestamp: number;
  baseFee?: string;
  stateRoot: string;
  transactions: TransactionRecord[];
}

/** `empty` blocks in a row that changed nothing, the first at `timestamp`, the others `step` seconds apart. */
export interface EmptyBlocks {
  empty: number;
  timestamp: number;
  step: number;
}

export interface ChainHistory {
  genesis: { timestamp: number; stateRoot: string };
  /** Blocks 1 to the head, in order. */
  blocks: Array<BlockRecord | EmptyBlocks>;
  /** State tools, each after the block it followed. */
  tools: JournalEntry[];
}

type FullTransaction = Omit<TransactionRecord, "raw"> & { chainId?: string };

/** Reads `chain` from genesis to its head, with the journal's state tools up to there. */
export async function readHistory(
  chain: Chain,
  journal: ChainJournal,
): Promise<ChainHistory> {
  const head = await chain.blockNumber();
  const genesis = await fullBlock(chain, 0);
  const blocks: ChainHistory["blocks"] = [];
  let parentRoot = genesis.stateRoot;
  for (let number = 1; number <= head; number++) {
    const block = await fullBlock(chain, number);
    const timestamp = Number(block.timestamp);
    const unchanged =
      block.transactions.length === 0 && block.stateRoot === parentRoot;
    const last = blocks.at(-1);
    if (unchanged && number < head) {
      if (last !== undefined && "empty" in last) {
        const expected = last.timestamp + last.step * last.empty;
        if (last.empty === 1 || expected === timestamp) {
          if (last.empty === 1) last.step = timestamp - last.timestamp;
          last.empty++;
          continue;
        }
      }
      blocks.push({ empty: 1, timestamp, step: 0 });
    } else {
      blocks.push({
        timestamp,
        ...(block.baseFeePerGas !== undefined
          ? { baseFee: block.baseFeePerGas }
          : {}),
        stateRoot: block.stateRoot,
        transactions: block.transactions.map((tx) => record(tx, journal)),
      });
    }
    parentRoot = block.stateRoot;
  }
  return {
    genesis: {
      timestamp: Number(genesis.timestamp),
      stateRoot: genesis.stateRoot,
    },
    blocks,
    tools: journal.entriesUpTo(head),
  };
}

async function fullBlock(
  chain: Chain,
  number: number,
): Promise<RpcBlock<FullTransaction>> {
  const block = await chain.rpc<RpcBlock<FullTransaction> | null>(
    "eth_getBlockByNumber",
    [toQuantity(number), true],
  );
  if (block === null)
    fail(`Block ${number} of chain "${chain.name}" could not be read.`);
  return block;
}

function record(tx: FullTransaction, journal: ChainJournal): TransactionRecord {
  const raw = journal.rawTransaction(tx.hash);
  const fields: TransactionRecord = {
    hash: tx.hash,
    type: tx.type,
    from: tx.from,
    to: tx.to ?? null,
    input: tx.input,
    value: tx.value,
    gas: tx.gas,
    nonce: tx.nonce,
  };
  if (raw !== undefined) return { ...fields, raw };
  if (tx.maxFeePerGas !== undefined) {
    fields.maxFeePerGas = tx.maxFeePerGas;
    fields.maxPriorityFeePerGas = tx.maxPriorityFeePerGas;
  } else fields.gasPrice = tx.gasPrice;
  if (tx.accessList !== undefined && tx.type !== "0x0")
    fields.accessList = tx.accessList;
  return fields;
}

/** The transaction types the replay can send from their fields (others must have come raw). */
const FIELD_TYPES = new Set(["0x0", "0x1", "0x2"]);

/**
 * Mines `history` into `chain`, which must be fresh (genesis only) and built from the same network
 * config. Throws, naming the chain and the block, where the replayed state differs from the saved.
 */
export async function replayHistory(
  chain: Chain,
  history: ChainHistory,
): Promise<void> {
  const genesis = await chain.block(0);
  if ((await chain.blockNumber()) !== 0)
    fail(
      `Chain "${chain.name}" is not fresh: a state file replays from genesis.`,
    );
  if (genesis.stateRoot !== history.genesis.stateRoot) {
    fail(
      `The state file's chain "${chain.name}" began from another genesis state: its network config (accounts, hardfork, chain type) changed since the file was saved. Restore that config, or start without --state.`,
    );
  }
  const owned = new Set(
    (await chain.rpc<string[]>("eth_accounts")).map((a) => a.toLowerCase()),
  );
  const automine = await chain.rpc<boolean>("hardhat_getAutomine");
  await chain.rpc("evm_setIntervalMining", [0]);
  await chain.rpc("evm_setAutomine", [false]);
  const tools = [...history.tools];
  const impersonated = new Set<string>();
  let number = 0;
  const applyTools = async () => {
    while (tools.length > 0 && tools[0].after <= number) {
      const tool = tools.shift()!;
      await chain.rpc(tool.method, tool.params);
    }
  };
  const mineAt = async (timestamp: number) => {
    await applyTools();
    await chain.rpc("evm_setNextBlockTimestamp", [toQuantity(timestamp)]);
    await chain.rpc("evm_mine");
    number++;
  };
  try {
    for (const block of history.blocks) {
      if ("empty" in block) {
        for (let index = 0; index < block.empty; index++)
          await mineAt(block.timestamp + index * block.step);
        continue;
      }
      await applyTools();
      if (block.baseFee !== undefined)
        await chain.rpc("hardhat_setNextBlockBaseFeePerGas", [block.baseFee]);
      for (const tx of block.transactions) {
        if (tx.raw !== undefined) {
          await chain.rpc("eth_sendRawTransaction", [tx.raw]);
          continue;
        }
        const from = tx.from.toLowerCase();
        if (!owned.has(from) && !impersonated.has(from)) {
          await chain.rpc("hardhat_impersonateAccount", [tx.from]);
          impersonated.add(from);
        }
        await chain.rpc("eth_sendTransaction", [fieldsOf(chain, tx)]);
      }
      await mineAt(block.timestamp);
      const mined = await chain.block("latest");
      if (mined.stateRoot !== block.stateRoot) {
        fail(
          `Replaying the state file on chain "${chain.name}" gave another state at block ${number} (state root ${mined.stateRoot}, saved ${block.stateRoot}). The file may come from another version of the chain's config or of EDR; start without --state.`,
        );
      }
    }
    await applyTools();
    // Senders impersonated only to replay their transactions go back to how the journal left them.
    const stillImpersonated = impersonatedAtEnd(history.tools);
    for (const address of impersonated)
      if (!stillImpersonated.has(address))
        await chain.rpc("hardhat_stopImpersonatingAccount", [address]);
  } finally {
    await chain.rpc("evm_setAutomine", [automine]);
  }
}

function fieldsOf(
  chain: Chain,
  tx: TransactionRecord,
): Record<string, unknown> {
  if (!FIELD_TYPES.has(tx.type)) {
    fail(
      `The state file's transaction ${tx.hash} on chain "${chain.name}" has type ${tx.type}, which can be replayed only from its signed bytes, and the file does not hold them.`,
    );
  }
  return {
    from: tx.from,
    ...(tx.to !== null ? { to: tx.to } : {}),
    data: tx.input,
    value: tx.value,
    gas: tx.gas,
    nonce: tx.nonce,
    ...(tx.maxFeePerGas !== undefined
      ? {
          maxFeePerGas: tx.maxFeePerGas,
          maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
        }
      : { gasPrice: tx.gasPrice }),
    ...(tx.accessList !== undefined ? { accessList: tx.accessList } : {}),
  };
}

function impersonatedAtEnd(tools: readonly JournalEntry[]): Set<string> {
  const accounts = new Set<string>();
  for (const tool of tools) {
    const address = String(tool.params[0]).toLowerCase();
    if (tool.method === "hardhat_impersonateAccount") accounts.add(address);
    if (tool.method === "hardhat_stopImpersonatingAccount")
      accounts.delete(address);
  }
  return accounts;
}

function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN_ID, message);
}
