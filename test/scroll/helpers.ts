/**
 * A two-chain Scroll test world: an L1 and an L2 (fresh in-process EDR chains), the system
 * contracts installed with hardhat_setCode + initialize at fixed addresses, and the off-chain
 * actors reduced to functions a test calls step by step (relay L1→L2, commit a batch, finalize it,
 * build a claim).
 */
import { expect } from "chai";
import hre, { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  type BaseContract,
  type Contract,
  type ContractTransactionReceipt,
  type Interface,
  type Log,
  type TransactionReceipt,
  getAddress,
  toBeHex,
  Wallet,
  ZeroAddress,
} from "ethers";

import {
  applyL1ToL2Alias,
  batchHash,
  encodeBatchHeaderV0,
  genesisBatchHeader,
  L2_MESSAGE_QUEUE_ADDRESS,
  L2_WHITELIST_ADDRESS,
  publicInputHash,
  queueEntryHash,
  SCROLL_EVENTS_INTERFACE,
  SCROLL_TOPICS,
  signAggregateProof,
  type BatchHeaderV0,
} from "../../src/protocols/scroll/encoding.js";
import {
  buildBatchV0,
  chunkBlockFromRpc,
  isL1MessageTransaction,
  splitIntoChunks,
  type BatchV0,
  type PoppedL1Message,
  type RpcBlock,
} from "../../src/protocols/scroll/batch.js";
import { WithdrawTrie } from "../../src/protocols/scroll/withdraw-trie.js";
import { actorKey } from "../helpers/actors.js";
import { mined } from "../helpers/mined.js";
import { revertReason } from "../helpers/rejection.js";

export const L1_CHAIN_ID = 900;
export const L2_CHAIN_ID = 534352;

/** Project addresses of the Scroll system contracts in these tests (the L2 predeploys are real). */
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

/** Actor keys of PROTOCOLS.md §0. */
export const ACTOR_KEYS = {
  sequencer: actorKey("scroll:sequencer"),
  prover: actorKey("scroll:prover"),
  feeVault: actorKey("scroll:fee-vault"),
  deployer: actorKey("deployer"),
} as const;

/** 2^247 wei: the L2ScrollMessenger's genesis balance on Scroll devnets. */
export const L2_MESSENGER_BALANCE = 1n << 247n;
export const DEFAULT_MAX_GAS_LIMIT = 10_000_000n;
export const MAX_NUM_TX_IN_CHUNK = 100;
const ACTOR_BALANCE = 10n ** 24n;

export type L1Connection = NetworkConnection<"l1">;
export type L2Connection = NetworkConnection<"generic">;
export type AnyConnection = L1Connection | L2Connection;

export interface WorldOptions {
  /** Price per unit of L1→L2 gas limit (wei), set by the sequencer after install. Default 0. */
  l2BaseFee?: bigint;
  maxGasLimit?: bigint;
  /** Import the genesis batch at install (default true). */
  importGenesis?: boolean;
  /** The key whose address MockRollupVerifier accepts (default: the project's prover key). */
  proverKey?: string;
}

interface BatchRecord {
  batch: BatchV0;
  /** Last L2 block in the batch (0 for the genesis batch). */
  lastBlock: number;
}

export interface QueuedMessage {
  queueIndex: number;
  sender: string;
  target: string;
  gasLimit: bigint;
  data: string;
  entryHash: string;
  l1BlockNumber: number;
}

export interface RelayResult {
  queueIndex: number;
  /** The L2 transaction; undefined when the message was skipped. */
  receipt?: TransactionReceipt;
  skipped: boolean;
  /** The revert reason when the relay transaction itself reverted. */
  revertReason?: string;
}

/**
 * Everything a test needs, with the relayer state the real actors would keep: which L1 messages
 * each L2 block popped, the committed batches, the withdraw trie and the block of every leaf.
 */
export class ScrollWorld {
  readonly l1MessengerAlias: string;
  readonly batches: BatchRecord[] = [];
  readonly trie = new WithdrawTrie();
  /** L2 block of each withdraw-trie leaf, by leaf index. */
  readonly leafBlocks: number[] = [];
  /** L1 messages (skipped included) popped by each L2 block that has any. */
  readonly poppedByBlock = new Map<number, PoppedL1Message[]>();
  /** Skipped messages waiting for the next relayed one, whose block pops them. */
  pendingSkips: PoppedL1Message[] = [];
  nextQueueIndex = 0;
  #queueLogCursor = 0;
  #appendLogCursor = 0;
  readonly #queued: QueuedMessage[] = [];

  constructor(
    readonly l1: L1Connection,
    readonly l2: L2Connection,
    readonly sequencer: Wallet,
    readonly deployerL1: Wallet,
    readonly deployerL2: Wallet,
    readonly proverKey: string,
    readonly feeVault: string,
    readonly l1Messenger: Contract,
    readonly l1Queue: Contract,
    readonly rollup: Contract,
    readonly verifier: Contract,
    readonly l1Whitelist: Contract,
    readonly l2Messenger: Contract,
    readonly l2Queue: Contract,
    readonly l2Whitelist: Contract,
  ) {
    this.l1MessengerAlias = applyL1ToL2Alias(L1_ADDRESSES.L1ScrollMessenger);
  }

  async close(): Promise<void> {
    await this.l1.close();
    await this.l2.close();
  }

  /** The last committed batch's header. */
  get lastBatchHeader(): BatchHeaderV0 {
    return this.batches[this.batches.length - 1].batch.header;
  }

  get lastBatchedBlock(): number {
    return this.batches.length === 0 ? 0 : this.batches[this.batches.length - 1].lastBlock;
  }

  batch(index: number): BatchV0 {
    return this.batches[index].batch;
  }

  /** Every QueueTransaction so far, by queue index (reads new logs). */
  async queuedMessages(): Promise<QueuedMessage[]> {
    const head = await this.l1.ethers.provider.getBlockNumber();
    if (head >= this.#queueLogCursor) {
      const logs = await this.l1.ethers.provider.getLogs({
        address: L1_ADDRESSES.L1MessageQueue,
        topics: [SCROLL_TOPICS.QueueTransaction],
        fromBlock: this.#queueLogCursor,
        toBlock: head,
      });
      for (const log of logs) {
        const parsed = SCROLL_EVENTS_INTERFACE.parseLog(log);
        if (parsed === null) continue;
        const queueIndex = Number(parsed.args.queueIndex as bigint);
        const message: QueuedMessage = {
          queueIndex,
          sender: getAddress(parsed.args.sender as string),
          target: getAddress(parsed.args.target as string),
          gasLimit: parsed.args.gasLimit as bigint,
          data: parsed.args.data as string,
          entryHash: queueEntryHash({
            queueIndex: BigInt(queueIndex),
            gasLimit: parsed.args.gasLimit as bigint,
            target: parsed.args.target as string,
            value: parsed.args.value as bigint,
            data: parsed.args.data as string,
            sender: parsed.args.sender as string,
          }),
          l1BlockNumber: log.blockNumber,
        };
        this.#queued[queueIndex] = message;
      }
      this.#queueLogCursor = head + 1;
    }
    return this.#queued;
  }

  /**
   * The sequencer's L1→L2 pass: relays every queued message not yet handled, in queue order, as a
   * transaction from the impersonated alias of L1ScrollMessenger with the logged gas limit. Indexes
   * in `skip` are not relayed; the next relayed message's block pops them as skipped.
   */
  async relayL1ToL2(options: { skip?: Iterable<number> } = {}): Promise<RelayResult[]> {
    const skip = new Set(options.skip ?? []);
    const queued = await this.queuedMessages();
    const results: RelayResult[] = [];
    const signer = await this.l2.ethers.getSigner(this.l1MessengerAlias);
    for (; this.nextQueueIndex < queued.length; this.nextQueueIndex++) {
      const message = queued[this.nextQueueIndex];
      if (skip.has(message.queueIndex)) {
        this.pendingSkips.push({ entryHash: message.entryHash, skipped: true });
        results.push({ queueIndex: message.queueIndex, skipped: true });
        continue;
      }
      let receipt: TransactionReceipt | undefined;
      let reverted: string | undefined;
      const headBefore = await this.l2.ethers.provider.getBlockNumber();
      try {
        const response = await signer.sendTransaction({
          to: message.target,
          data: message.data,
          gasLimit: message.gasLimit,
        });
        receipt = (await response.wait()) ?? undefined;
      } catch (error) {
        // A failed L1 message transaction is still included (and still pops its queue index);
        // EDR reports an out-of-gas one without its hash, so find it in the new block.
        reverted = revertReason(error);
        const hash = transactionHashOf(error) ?? (await this.#relayTxSince(headBefore));
        if (hash === undefined) throw error;
        receipt = (await this.l2.ethers.provider.getTransactionReceipt(hash)) ?? undefined;
      }
      if (receipt === undefined) throw new Error(`relay of queue index ${message.queueIndex} left no receipt`);
      const popped = this.poppedByBlock.get(receipt.blockNumber) ?? [];
      popped.push(...this.pendingSkips, { entryHash: message.entryHash, skipped: false });
      this.poppedByBlock.set(receipt.blockNumber, popped);
      this.pendingSkips = [];
      results.push({ queueIndex: message.queueIndex, receipt, skipped: false, revertReason: reverted });
    }
    return results;
  }

  async #relayTxSince(headBefore: number): Promise<string | undefined> {
    const head = await this.l2.ethers.provider.getBlockNumber();
    if (head <= headBefore) return undefined;
    const block = await getRpcBlock(this.l2, head);
    const tx = block.transactions.find((t) => isL1MessageTransaction(t, this.l1MessengerAlias));
    return tx?.hash;
  }

  /** Feeds new AppendMessage logs into the off-chain withdraw trie. */
  async syncWithdrawTrie(): Promise<void> {
    const head = await this.l2.ethers.provider.getBlockNumber();
    if (head < this.#appendLogCursor) return;
    const logs = await this.l2.ethers.provider.getLogs({
      address: L2_ADDRESSES.L2MessageQueue,
      topics: [SCROLL_TOPICS.AppendMessage],
      fromBlock: this.#appendLogCursor,
      toBlock: head,
    });
    for (const log of logs) {
      const parsed = SCROLL_EVENTS_INTERFACE.parseLog(log);
      if (parsed === null) continue;
      const index = this.trie.append(parsed.args.messageHash as string);
      expect(BigInt(index)).to.equal(parsed.args.index as bigint);
      this.leafBlocks.push(log.blockNumber);
    }
    this.#appendLogCursor = head + 1;
  }

  /** Builds (without committing) the batch of L2 blocks `lastBatchedBlock + 1 … toBlock`. */
  async buildNextBatch(toBlock?: number): Promise<{ batch: BatchV0; lastBlock: number }> {
    const last = toBlock ?? (await this.l2.ethers.provider.getBlockNumber());
    const first = this.lastBatchedBlock + 1;
    if (last < first) throw new Error(`no unbatched L2 block (last batched ${this.lastBatchedBlock}, head ${last})`);
    const blocks = [];
    const skipped: boolean[] = [];
    for (let n = first; n <= last; n++) {
      const block = await getRpcBlock(this.l2, n);
      const popped = this.poppedByBlock.get(n) ?? [];
      for (const message of popped) skipped.push(message.skipped);
      blocks.push(chunkBlockFromRpc(block, popped, (tx) => isL1MessageTransaction(tx, this.l1MessengerAlias)));
    }
    const chunks = splitIntoChunks(blocks, MAX_NUM_TX_IN_CHUNK);
    return { batch: buildBatchV0(this.lastBatchHeader, chunks, skipped), lastBlock: last };
  }

  /** The batcher: commits the next batch (up to `toBlock`, default the L2 head) as the sequencer. */
  async commitNextBatch(toBlock?: number): Promise<BatchV0> {
    const { batch, lastBlock } = await this.buildNextBatch(toBlock);
    const receipt = await mined(
      this.rollup
        .connect(this.sequencer)
        .getFunction("commitBatch")(
          0,
          encodeBatchHeaderV0(this.lastBatchHeader),
          batch.chunks,
          batch.skippedL1MessageBitmap,
        ),
    );
    const event = parseEvents(receipt, this.rollup.interface, "CommitBatch")[0];
    expect(event.args.batchIndex).to.equal(batch.header.batchIndex);
    expect(event.args.batchHash).to.equal(batch.batchHash);
    this.batches.push({ batch, lastBlock });
    return batch;
  }

  /** What the prover and finalizer submit for committed batch `index`. */
  async finalizationInputs(index: number): Promise<{
    batchHeader: string;
    prevStateRoot: string;
    postStateRoot: string;
    withdrawRoot: string;
    aggrProof: string;
    publicInputHash: string;
  }> {
    const record = this.batches[index];
    const prevStateRoot = (await this.rollup.finalizedStateRoots(index - 1)) as string;
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
      dataHash: record.batch.header.dataHash,
    });
    return {
      batchHeader: record.batch.encodedHeader,
      prevStateRoot,
      postStateRoot: block.stateRoot,
      withdrawRoot,
      aggrProof: signAggregateProof(this.proverKey, input),
      publicInputHash: input,
    };
  }

  /** The prover signs and the sequencer account submits the finalization of batch `index`. */
  async finalizeBatch(index: number): Promise<ContractTransactionReceipt> {
    const inputs = await this.finalizationInputs(index);
    return mined(
      this.rollup
        .connect(this.sequencer)
        .getFunction("finalizeBatchWithProof")(
          inputs.batchHeader,
          inputs.prevStateRoot,
          inputs.postStateRoot,
          inputs.withdrawRoot,
          inputs.aggrProof,
        ),
    );
  }

  /** Commits every unbatched L2 block and finalizes everything committed. */
  async commitAndFinalize(): Promise<number> {
    await this.commitNextBatch();
    const index = this.batches.length - 1;
    for (let i = Number(await this.rollup.lastFinalizedBatchIndex()) + 1; i <= index; i++) await this.finalizeBatch(i);
    return index;
  }

  /** The claim of withdraw-trie leaf `leafIndex` against the first finalized batch holding it. */
  async claimFor(leafIndex: number, batchIndex?: number): Promise<{ batchIndex: number; merkleProof: string }> {
    await this.syncWithdrawTrie();
    const leafBlock = this.leafBlocks[leafIndex];
    const index = batchIndex ?? this.batches.findIndex((b, i) => i > 0 && b.lastBlock >= leafBlock);
    if (index <= 0) throw new Error(`leaf ${leafIndex} (L2 block ${leafBlock}) is in no committed batch`);
    const leafCount = this.leafBlocks.filter((b) => b <= this.batches[index].lastBlock).length;
    return { batchIndex: index, merkleProof: this.trie.proofBytes(leafIndex, leafCount) };
  }
}

// -------------------------------------------------------------------------------------------------
// Install
// -------------------------------------------------------------------------------------------------

async function setCode(conn: AnyConnection, contractName: string, address: string): Promise<Contract> {
  const artifact = await hre.artifacts.readArtifact(contractName);
  await conn.provider.request({ method: "hardhat_setCode", params: [address, artifact.deployedBytecode] });
  return (await conn.ethers.getContractAt(contractName, address)) as unknown as Contract;
}

async function setBalance(conn: AnyConnection, address: string, wei: bigint): Promise<void> {
  await conn.provider.request({ method: "hardhat_setBalance", params: [address, toBeHex(wei)] });
}

/** Creates an L1 and an L2 chain and installs the Scroll system contracts on both. */
export async function createScrollWorld(options: WorldOptions = {}): Promise<ScrollWorld> {
  const l1 = (await network.create({ chainType: "l1", override: { chainId: L1_CHAIN_ID } })) as L1Connection;
  const l2 = (await network.create({ chainType: "generic", override: { chainId: L2_CHAIN_ID, hardfork: "cancun" } })) as L2Connection;

  const proverKey = options.proverKey ?? ACTOR_KEYS.prover;
  const sequencer = new Wallet(ACTOR_KEYS.sequencer, l1.ethers.provider);
  const deployerL1 = new Wallet(ACTOR_KEYS.deployer, l1.ethers.provider);
  const deployerL2 = new Wallet(ACTOR_KEYS.deployer, l2.ethers.provider);
  const feeVault = new Wallet(ACTOR_KEYS.feeVault).address;
  const prover = new Wallet(proverKey).address;
  for (const address of [sequencer.address, deployerL1.address, prover, feeVault]) {
    await setBalance(l1, address, ACTOR_BALANCE);
    await setBalance(l2, address, ACTOR_BALANCE);
  }

  const l1Messenger = await setCode(l1, "L1ScrollMessenger", L1_ADDRESSES.L1ScrollMessenger);
  const l1Queue = await setCode(l1, "L1MessageQueue", L1_ADDRESSES.L1MessageQueue);
  const rollup = await setCode(l1, "ZKRollup", L1_ADDRESSES.ZKRollup);
  const verifier = await setCode(l1, "MockRollupVerifier", L1_ADDRESSES.MockRollupVerifier);
  const l1Whitelist = await setCode(l1, "Whitelist", L1_ADDRESSES.Whitelist);

  const asDeployerL1 = <T extends BaseContract>(c: T): Contract => c.connect(deployerL1) as unknown as Contract;
  await mined(asDeployerL1(l1Whitelist).getFunction("initialize")(deployerL1.address));
  await mined(asDeployerL1(l1Whitelist).getFunction("updateWhitelistStatus")([sequencer.address], true));
  await mined(
    asDeployerL1(l1Queue).getFunction("initialize")(
      deployerL1.address,
      L1_ADDRESSES.L1ScrollMessenger,
      L1_ADDRESSES.ZKRollup,
      L1_ADDRESSES.Whitelist,
      options.maxGasLimit ?? DEFAULT_MAX_GAS_LIMIT,
    ),
  );
  await mined(asDeployerL1(verifier).getFunction("initialize")(deployerL1.address, prover));
  await mined(
    asDeployerL1(rollup).getFunction("initialize")(
      deployerL1.address,
      L1_ADDRESSES.L1MessageQueue,
      L1_ADDRESSES.MockRollupVerifier,
      L2_CHAIN_ID,
      MAX_NUM_TX_IN_CHUNK,
    ),
  );
  await mined(asDeployerL1(rollup).getFunction("addSequencer")(sequencer.address));
  await mined(asDeployerL1(rollup).getFunction("addProver")(sequencer.address));
  await mined(
    asDeployerL1(l1Messenger).getFunction("initialize")(
      deployerL1.address,
      L2_ADDRESSES.L2ScrollMessenger,
      feeVault,
      L1_ADDRESSES.ZKRollup,
      L1_ADDRESSES.L1MessageQueue,
      ZeroAddress,
    ),
  );
  if ((options.l2BaseFee ?? 0n) !== 0n) {
    await mined(l1Queue.connect(sequencer).getFunction("setL2BaseFee")(options.l2BaseFee));
  }

  const l2Messenger = await setCode(l2, "L2ScrollMessenger", L2_ADDRESSES.L2ScrollMessenger);
  const l2Queue = await setCode(l2, "L2MessageQueue", L2_ADDRESSES.L2MessageQueue);
  const l2Whitelist = await setCode(l2, "Whitelist", L2_ADDRESSES.Whitelist);
  const l1MessengerAlias = applyL1ToL2Alias(L1_ADDRESSES.L1ScrollMessenger);
  const asDeployerL2 = <T extends BaseContract>(c: T): Contract => c.connect(deployerL2) as unknown as Contract;
  await mined(asDeployerL2(l2Queue).getFunction("initialize")(L2_ADDRESSES.L2ScrollMessenger));
  await mined(asDeployerL2(l2Whitelist).getFunction("initialize")(deployerL2.address));
  await mined(asDeployerL2(l2Whitelist).getFunction("updateWhitelistStatus")([l1MessengerAlias], true));
  await mined(
    asDeployerL2(l2Messenger).getFunction("initialize")(
      deployerL2.address,
      L1_ADDRESSES.L1ScrollMessenger,
      feeVault,
      L2_ADDRESSES.L2MessageQueue,
      ZeroAddress,
    ),
  );
  await setBalance(l2, L2_ADDRESSES.L2ScrollMessenger, L2_MESSENGER_BALANCE);
  // The sequencer's relay transactions come from the alias; a real L1MessageTx pays no gas.
  await l2.provider.request({ method: "hardhat_impersonateAccount", params: [l1MessengerAlias] });
  await setBalance(l2, l1MessengerAlias, ACTOR_BALANCE);

  const world = new ScrollWorld(
    l1,
    l2,
    sequencer,
    deployerL1,
    deployerL2,
    proverKey,
    feeVault,
    l1Messenger,
    l1Queue,
    rollup,
    verifier,
    l1Whitelist,
    l2Messenger,
    l2Queue,
    l2Whitelist,
  );

  if (options.importGenesis ?? true) {
    // Batch 0 is the L2 genesis: its data hash is block 0's hash. The install transactions above
    // sit in later L2 blocks, which the first real batch covers.
    const genesis = await getRpcBlock(l2, 0, false);
    const header = genesisBatchHeader(genesis.hash);
    await mined(asDeployerL1(rollup).getFunction("importGenesisBatch")(encodeBatchHeaderV0(header), genesis.stateRoot));
    world.batches.push({ batch: genesisBatch(header), lastBlock: 0 });
    await world.syncWithdrawTrie();
  }
  return world;
}

function genesisBatch(header: BatchHeaderV0): BatchV0 {
  return {
    header,
    encodedHeader: encodeBatchHeaderV0(header),
    batchHash: batchHash(header),
    chunks: [],
    skippedL1MessageBitmap: "0x",
  };
}

// -------------------------------------------------------------------------------------------------
// Chain access
// -------------------------------------------------------------------------------------------------

export async function getRpcBlock(conn: AnyConnection, number: number, full = true): Promise<RpcBlock> {
  const block = (await conn.provider.request({
    method: "eth_getBlockByNumber",
    params: [toBeHex(number), full],
  })) as RpcBlock | null;
  if (block === null) throw new Error(`block ${number} not found`);
  return block;
}

export interface ParsedEvent {
  name: string;
  args: Record<string, unknown> & unknown[];
  log: Log;
}

/** The events named `name` that `iface` can decode in `receipt`. */
export function parseEvents(receipt: TransactionReceipt, iface: Interface, name: string): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  for (const log of receipt.logs) {
    let parsed;
    try {
      parsed = iface.parseLog(log);
    } catch {
      continue;
    }
    if (parsed !== null && parsed.name === name) {
      events.push({ name, args: parsed.args as unknown as Record<string, unknown> & unknown[], log });
    }
  }
  return events;
}

// -------------------------------------------------------------------------------------------------
// Reverts
// -------------------------------------------------------------------------------------------------

function transactionHashOf(error: unknown): string | undefined {
  const hash = (error as { transactionHash?: unknown }).transactionHash;
  return typeof hash === "string" ? hash : undefined;
}

/** Funds and impersonates `address` on `conn`, returning a signer for it. */
export async function impersonate(conn: AnyConnection, address: string) {
  await conn.provider.request({ method: "hardhat_impersonateAccount", params: [address] });
  await setBalance(conn, address, ACTOR_BALANCE);
  return conn.ethers.getSigner(address);
}

export { setBalance };
