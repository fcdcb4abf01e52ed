// About 490 lines: the one Scroll harness every contract-level test uses (see its comment below).
/**
 * The Scroll contract-level tests' world: an L1 and a Scroll L2 installed by the plugin itself
 * (`hre.xdm.create()`), with handles on its system contracts and the plugin's own sequencer, batcher
 * and prover run one step at a time. What the plugin's actors do not expose — a batch or a
 * finalization read back from the chain to hand-forge, the relay transactions a sequencer pass sent —
 * is read from the chains and rebuilt with the plugin's codecs, never computed by a second actor.
 *
 * About 480 lines: one class, the Scroll contract-level tests' world, with one method per step a
 * test takes.
 */
import type { RpcBlock } from "../../src/chain.js";
import type { World } from "../../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import {
  type Contract,
  type TransactionReceipt,
  Wallet,
  toBeHex,
} from "ethers";

import {
  L2_MESSAGE_QUEUE_ADDRESS,
  L2_WHITELIST_ADDRESS,
} from "../../src/protocols/scroll/addresses.js";
import { applyL1ToL2Alias } from "../../src/protocols/scroll/codec/alias.js";
import {
  type BatchHeaderV0,
  batchHash,
  decodeBatchHeaderV0,
  decodeSkippedBitmap,
  encodeBatchHeaderV0,
  genesisBatchHeader,
} from "../../src/protocols/scroll/codec/batch-header.js";
import {
  type BatchV0,
  type RpcTransaction,
  buildBatchV0,
  decodeChunk,
  isL1MessageTransaction,
} from "../../src/protocols/scroll/codec/batch.js";
import {
  SCROLL_EVENTS_INTERFACE,
  SCROLL_TOPICS,
} from "../../src/protocols/scroll/codec/events.js";
import {
  publicInputHash,
  signAggregateProof,
} from "../../src/protocols/scroll/codec/proof.js";
import { WithdrawTrie } from "../../src/protocols/scroll/codec/withdraw-trie.js";
import { hreWith } from "../helpers/hre.js";
import { revertReason } from "../helpers/rejection.js";

export const L2_CHAIN_ID = 534352;

/** Where the plugin installs the Scroll system contracts of its first Scroll chain (the L2 predeploys are real). */
export const L1_ADDRESSES = {
  L1ScrollMessenger: "0x5C10000000000000000000000000000000000001",
  L1MessageQueue: "0x5C10000000000000000000000000000000000002",
  ZKRollup: "0x5C10000000000000000000000000000000000003",
  MockRollupVerifier: "0x5C10000000000000000000000000000000000004",
  Whitelist: "0x5C10000000000000000000000000000000000005",
} as const;

export const L2_ADDRESSES = {
  L2ScrollMessenger: "0x5C20000000000000000000000000000000000001",
  L2MessageQueue: L2_MESSAGE_QUEUE_ADDRESS,
  Whitelist: L2_WHITELIST_ADDRESS,
} as const;

/** 2^247 wei: the L2ScrollMessenger's genesis balance on Scroll devnets. */
export const L2_MESSENGER_BALANCE = 1n << 247n;
export const MAX_NUM_TX_IN_CHUNK = 100;

/**
 * The actors wait for the test: no confirmation count, batch size or proof delay a test reaches, so
 * the sequencer, batcher and prover act only when a test calls them.
 */
const MANUAL_ACTORS = {
  l1Confirmations: 1_000_000,
  batchBlocks: 1_000_000,
  proofDelay: 1_000_000_000,
};

export interface WorldOptions {
  /** Price per unit of L1→L2 gas limit (wei), the plugin's `xdm.scroll.l2BaseFee`. Default 0. */
  l2BaseFee?: bigint;
  /** The plugin's `xdm.scroll.maxGasLimit`. */
  maxGasLimit?: bigint;
}

/** What one L1→L2 sequencer pass did with one queue index. */
export interface RelayResult {
  queueIndex: number;
  /** The L2 transaction; undefined when the message was skipped. */
  receipt?: TransactionReceipt;
  skipped: boolean;
  /** The revert reason when the relay transaction itself reverted. */
  revertReason?: string;
}

/** The inputs of `finalizeBatchWithProof` for a committed batch, as the plugin's prover would sign them. */
export interface FinalizationInputs {
  batchHeader: string;
  prevStateRoot: string;
  postStateRoot: string;
  withdrawRoot: string;
  aggrProof: string;
  publicInputHash: string;
}

/** A plugin world with one Scroll chain, the handles the tests use, and the plugin's actors one step at a time. */
export class ScrollWorld {
  readonly l1MessengerAlias = applyL1ToL2Alias(L1_ADDRESSES.L1ScrollMessenger);
  /** The next queue index a sequencer pass reports on. */
  #nextQueueIndex = 0;

  constructor(
    readonly hre: HardhatRuntimeEnvironment,
    readonly xdm: World,
    readonly l1: NetworkConnection,
    readonly l2: NetworkConnection,
    /** The key the plugin's prover signs with. */
    readonly proverKey: string,
    /** The plugin's actors as wallets, for the raw steps a test takes in their name. */
    readonly sequencer: Wallet,
    readonly deployerL1: Wallet,
    readonly deployerL2: Wallet,
    readonly feeVault: string,
    readonly l1Messenger: Contract,
    readonly l1Queue: Contract,
    readonly rollup: Contract,
    readonly verifier: Contract,
    readonly l1Whitelist: Contract,
    readonly l2Messenger: Contract,
    readonly l2Queue: Contract,
    readonly l2Whitelist: Contract,
  ) {}

  async close(): Promise<void> {
    await this.xdm.close();
  }

  /**
   * Runs the plugin's sequencer over every queued L1 message (`world.scroll.relayL1ToL2`), after telling
   * it to skip the indexes in `skip` (`world.scroll.skip`), and reports each queue index with the relay
   * transaction the L2 holds for it.
   */
  async relayL1ToL2(
    options: { skip?: Iterable<number> } = {},
  ): Promise<RelayResult[]> {
    const skip = new Set(options.skip ?? []);
    for (const index of skip) this.xdm.scroll.skip(index);
    const headBefore = await this.l2.ethers.provider.getBlockNumber();
    await this.xdm.scroll.relayL1ToL2();
    const queued = Number(await this.l1Queue.nextCrossDomainMessageIndex());
    const relays = await this.#relaysSince(headBefore);
    const results: RelayResult[] = [];
    for (; this.#nextQueueIndex < queued; this.#nextQueueIndex++) {
      const queueIndex = this.#nextQueueIndex;
      if (skip.has(queueIndex)) {
        results.push({ queueIndex, skipped: true });
        continue;
      }
      const hash = relays.shift();
      if (hash === undefined)
        throw new Error(
          `the sequencer sent no relay for queue index ${queueIndex}`,
        );
      const receipt = await this.l2.ethers.provider.getTransactionReceipt(hash);
      if (receipt === null)
        throw new Error(
          `relay ${hash} of queue index ${queueIndex} has no receipt`,
        );
      results.push({
        queueIndex,
        receipt,
        skipped: false,
        revertReason:
          receipt.status === 0 ? await this.#revertReasonOf(hash) : undefined,
      });
    }
    if (relays.length > 0)
      throw new Error(
        `the sequencer sent ${relays.length} relay(s) beyond the queue: ${relays.join(", ")}`,
      );
    return results;
  }

  /** The L1 message transactions (from the aliased L1 messenger) mined on L2 after block `headBefore`, in order. */
  async #relaysSince(headBefore: number): Promise<string[]> {
    const head = await this.l2.ethers.provider.getBlockNumber();
    const hashes: string[] = [];
    for (let n = headBefore + 1; n <= head; n++) {
      const block = await getRpcBlock(this.l2, n);
      for (const tx of block.transactions)
        if (isL1MessageTransaction(tx, this.l1MessengerAlias))
          hashes.push(tx.hash);
    }
    return hashes;
  }

  /**
   * Why a mined relay reverted: its own trace's output, the state its block's earlier transactions
   * left (a replay on the parent block would miss a relay of the same block before it).
   */
  async #revertReasonOf(hash: string): Promise<string | undefined> {
    const trace = (await this.l2.provider.request({
      method: "debug_traceTransaction",
      params: [
        hash,
        { tracer: "callTracer", tracerConfig: { onlyTopCall: true } },
      ],
    })) as { output?: string };
    return revertReason(
      Object.assign(new Error(`relay ${hash} reverted`), {
        data: trace.output,
      }),
    );
  }

  /** The plugin's batcher commits the L2 blocks up to `toBlock` (default: the head); returns the batch as committed. */
  async commitNextBatch(toBlock?: number): Promise<BatchV0> {
    return await this.batch(
      await this.xdm.scroll.commitBatch(undefined, toBlock),
    );
  }

  /** The plugin's prover and finalizer finalize every committed batch up to `index`; returns batch `index`'s finalization. */
  async finalizeBatch(index: number): Promise<TransactionReceipt> {
    await this.xdm.scroll.finalizeBatch(undefined, index);
    const [log] = await this.l1.ethers.provider.getLogs({
      address: L1_ADDRESSES.ZKRollup,
      topics: [SCROLL_TOPICS.FinalizeBatch, toBeHex(index, 32)],
      fromBlock: 0,
    });
    if (log === undefined) throw new Error(`batch ${index} was not finalized`);
    return await receiptOf(this.l1, log.transactionHash);
  }

  /** Commits every unbatched L2 block and finalizes everything committed; returns the new batch's index. */
  async commitAndFinalize(): Promise<number> {
    const index = await this.xdm.scroll.commitBatch();
    await this.xdm.scroll.finalizeBatch(undefined, index);
    return index;
  }

  /**
   * The claim data of the L2→L1 message at withdraw-trie leaf `leafIndex`: the plugin's
   * (`world.scroll.withdrawalProof`), or, against a given `batchIndex`, the proof `proofAgainst` builds.
   */
  async claimFor(
    leafIndex: number,
    batchIndex?: number,
  ): Promise<{ batchIndex: number; merkleProof: string }> {
    if (batchIndex !== undefined)
      return await this.proofAgainst(leafIndex, batchIndex);
    await this.xdm.relay();
    const message = this.xdm
      .messages({ protocol: "scroll", from: "scroll" })
      .find(
        (m) =>
          m.details.direction === "l2-l1" && m.details.leafIndex === leafIndex,
      );
    if (message === undefined)
      throw new Error(`the plugin knows no L2→L1 message at leaf ${leafIndex}`);
    return this.xdm.scroll.withdrawalProof(message);
  }

  /** The withdraw trie as L2MessageQueue's AppendMessage logs build it (the plugin's WithdrawTrie), and each leaf's L2 block. */
  async withdrawTrie(): Promise<{ trie: WithdrawTrie; leafBlocks: number[] }> {
    const logs = await this.l2.ethers.provider.getLogs({
      address: L2_ADDRESSES.L2MessageQueue,
      topics: [SCROLL_TOPICS.AppendMessage],
      fromBlock: 0,
    });
    const trie = new WithdrawTrie();
    const leafBlocks: number[] = [];
    for (const log of logs) {
      const parsed = SCROLL_EVENTS_INTERFACE.parseLog(log)!;
      const index = trie.append(parsed.args.messageHash as string);
      if (BigInt(index) !== (parsed.args.index as bigint))
        throw new Error(
          `AppendMessage ${String(parsed.args.index)} lands at leaf ${index}`,
        );
      leafBlocks.push(log.blockNumber);
    }
    return { trie, leafBlocks };
  }

  /**
   * A proof of leaf `leafIndex` against the withdraw root committed batch `batchIndex` covers, built with
   * the plugin's trie: for claims the plugin's prover gives none of (a batch not finalized yet, a later batch).
   */
  async proofAgainst(
    leafIndex: number,
    batchIndex: number,
  ): Promise<{ batchIndex: number; merkleProof: string }> {
    const record = this.xdm.scroll.batches()[batchIndex];
    if (record === undefined)
      throw new Error(`the plugin's batcher has no batch ${batchIndex}`);
    const { trie, leafBlocks } = await this.withdrawTrie();
    const leafCount = leafBlocks.filter(
      (block) => block <= record.lastBlock,
    ).length;
    if (leafIndex >= leafCount)
      throw new Error(`leaf ${leafIndex} is not in batch ${batchIndex}`);
    return { batchIndex, merkleProof: trie.proofBytes(leafIndex, leafCount) };
  }

  /**
   * Committed batch `index` as the chain holds it: the genesis header, or the `commitBatch` calldata
   * rebuilt with the plugin's codecs (L1 message hashes from L1MessageQueue) and checked against the
   * rollup's batch hash.
   */
  async batch(index: number): Promise<BatchV0> {
    if (index === 0) {
      const header = genesisBatchHeader(
        (await getRpcBlock(this.l2, 0, false)).hash,
      );
      return {
        header,
        encodedHeader: encodeBatchHeaderV0(header),
        batchHash: batchHash(header),
        chunks: [],
        skippedL1MessageBitmap: "0x",
      };
    }
    const [log] = await this.l1.ethers.provider.getLogs({
      address: L1_ADDRESSES.ZKRollup,
      topics: [SCROLL_TOPICS.CommitBatch, toBeHex(index, 32)],
      fromBlock: 0,
    });
    if (log === undefined) throw new Error(`batch ${index} is not committed`);
    const tx = await this.l1.ethers.provider.getTransaction(
      log.transactionHash,
    );
    const [, parentEncoded, encodedChunks, bitmap] =
      this.rollup.interface.decodeFunctionData(
        "commitBatch",
        tx!.data,
      ) as unknown as [bigint, string, string[], string];
    const parent: BatchHeaderV0 = decodeBatchHeaderV0(parentEncoded);
    const chunks = encodedChunks.map(decodeChunk);
    const popped = chunks.reduce(
      (sum, c) =>
        sum + c.blocks.reduce((n, b) => n + b.context.numL1Messages, 0),
      0,
    );
    const skipped = decodeSkippedBitmap(bitmap, popped);
    let queueIndex = parent.totalL1MessagePopped;
    let flag = 0;
    const filled = [];
    for (const chunk of chunks) {
      const blocks = [];
      for (const block of chunk.blocks) {
        const l1MessageHashes: string[] = [];
        for (let m = 0; m < block.context.numL1Messages; m++, queueIndex++) {
          if (!skipped[flag++])
            l1MessageHashes.push(
              (await this.l1Queue.getCrossDomainMessage(queueIndex)) as string,
            );
        }
        blocks.push({ ...block, l1MessageHashes });
      }
      filled.push({ blocks });
    }
    const batch = buildBatchV0(parent, filled, skipped);
    if (batch.batchHash !== (await this.rollup.committedBatches(index))) {
      throw new Error(
        `batch ${index} read back from its commitBatch calldata does not hash to the committed batch hash`,
      );
    }
    return batch;
  }

  /**
   * What the prover signs and the finalizer submits for committed batch `index`, from the chains and the
   * plugin's codecs: for tests that submit a finalization by hand, altered.
   */
  async finalizationInputs(index: number): Promise<FinalizationInputs> {
    const record = this.xdm.scroll.batches()[index];
    if (record === undefined)
      throw new Error(`the plugin's batcher has no batch ${index}`);
    const batch = await this.batch(index);
    const prevStateRoot = (await this.rollup.finalizedStateRoots(
      index - 1,
    )) as string;
    const block = await getRpcBlock(this.l2, record.lastBlock, false);
    const withdrawRoot = (await this.l2.provider.request({
      method: "eth_getStorageAt",
      params: [L2_ADDRESSES.L2MessageQueue, "0x0", toBeHex(record.lastBlock)],
    })) as string;
    const input = publicInputHash({
      layer2ChainId: BigInt(L2_CHAIN_ID),
      prevStateRoot,
      postStateRoot: block.stateRoot,
      withdrawRoot,
      dataHash: batch.header.dataHash,
    });
    return {
      batchHeader: batch.encodedHeader,
      prevStateRoot,
      postStateRoot: block.stateRoot,
      withdrawRoot,
      aggrProof: signAggregateProof(this.proverKey, input),
      publicInputHash: input,
    };
  }
}

/** A fresh plugin world with one Scroll chain, installed by the plugin's installer. */
export async function createScrollWorld(
  options: WorldOptions = {},
): Promise<ScrollWorld> {
  const hre = await hreWith({
    xdm: {
      chains: { scroll: { protocol: "scroll" } },
      scroll: {
        ...MANUAL_ACTORS,
        ...(options.l2BaseFee === undefined
          ? {}
          : { l2BaseFee: options.l2BaseFee }),
        ...(options.maxGasLimit === undefined
          ? {}
          : { maxGasLimit: options.maxGasLimit }),
      },
    },
  });
  const xdm = await hre.xdm.create();
  const l1 = xdm.l1.connection;
  const l2 = xdm.chains.scroll.connection;
  const at = async (conn: NetworkConnection, name: string, address: string) =>
    (await conn.ethers.getContractAt(name, address)) as unknown as Contract;
  return new ScrollWorld(
    hre,
    xdm,
    l1,
    l2,
    xdm.actors["scroll:prover"].privateKey,
    new Wallet(xdm.actors["scroll:sequencer"].privateKey, l1.ethers.provider),
    new Wallet(xdm.actors.deployer.privateKey, l1.ethers.provider),
    new Wallet(xdm.actors.deployer.privateKey, l2.ethers.provider),
    xdm.actors["scroll:fee-vault"].address,
    await at(l1, "L1ScrollMessenger", L1_ADDRESSES.L1ScrollMessenger),
    await at(l1, "L1MessageQueue", L1_ADDRESSES.L1MessageQueue),
    await at(l1, "ZKRollup", L1_ADDRESSES.ZKRollup),
    await at(l1, "MockRollupVerifier", L1_ADDRESSES.MockRollupVerifier),
    await at(l1, "Whitelist", L1_ADDRESSES.Whitelist),
    await at(l2, "L2ScrollMessenger", L2_ADDRESSES.L2ScrollMessenger),
    await at(l2, "L2MessageQueue", L2_ADDRESSES.L2MessageQueue),
    await at(l2, "Whitelist", L2_ADDRESSES.Whitelist),
  );
}

// -------------------------------------------------------------------------------------------------
// Chain access
// -------------------------------------------------------------------------------------------------

export async function getRpcBlock(
  conn: NetworkConnection,
  number: number,
  full = true,
): Promise<RpcBlock<RpcTransaction>> {
  const block = (await conn.provider.request({
    method: "eth_getBlockByNumber",
    params: [toBeHex(number), full],
  })) as RpcBlock<RpcTransaction> | null;
  if (block === null) throw new Error(`block ${number} not found`);
  return block;
}

async function receiptOf(
  conn: NetworkConnection,
  hash: string,
): Promise<TransactionReceipt> {
  const receipt = await conn.ethers.provider.getTransactionReceipt(hash);
  if (receipt === null) throw new Error(`transaction ${hash} has no receipt`);
  return receipt;
}
