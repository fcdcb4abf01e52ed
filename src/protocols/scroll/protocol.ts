import type {
  L1ToL2Facts,
  L2ToL1Facts,
  ScrollDepositStages,
  ScrollMessage,
  ScrollWithdrawalStages,
  WithdrawalClaim,
} from "./details.js";
import type { Chain, RpcReceipt } from "../../chain.js";
import type { Message } from "../../messages.js";
import type { World } from "../../world.js";
import type { AdvanceOptions, LogWatch, Protocol, RpcLog } from "../types.js";
import type { BatchV0, PoppedL1Message, RpcBlock } from "./batch.js";
import type { BatchHeaderV0, Chunk } from "./encoding.js";
import type { Signer } from "ethers";

import {
  Interface,
  ZeroAddress,
  getAddress,
  hexlify,
  id,
  toBeHex,
  toQuantity,
} from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { ACTOR_BALANCE } from "../../actors.js";
import { readSystemArtifact } from "../../artifacts.js";
import { PLUGIN_ID } from "../../constants.js";
import { isMessageOf } from "../../messages.js";
import { revertDataOf } from "../../revert-decoder.js";
import { attachSystemContract } from "../../system-contracts.js";
import { isTransportError } from "../../transport-error.js";

import {
  buildBatchV0,
  chunkBlockFromRpc,
  decodeChunk,
  isL1MessageTransaction,
  splitIntoChunks,
} from "./batch.js";
import {
  L2_MESSAGE_QUEUE_ADDRESS,
  L2_WHITELIST_ADDRESS,
  SCROLL_TOPICS,
  applyL1ToL2Alias,
  batchHash,
  decodeSkippedBitmap,
  readQueueTransaction,
  readSentMessage,
  readXDomainCalldata,
  encodeBatchHeaderV0,
  genesisBatchHeader,
  messageHash,
  publicInputHash,
  queueEntryHash,
  signAggregateProof,
} from "./encoding.js";
import { WithdrawTrie } from "./withdraw-trie.js";

/** The Scroll contracts of the first Scroll chain on the L1; the k-th one adds 0x100·k. */
export const SCROLL_L1_ADDRESSES = {
  L1ScrollMessenger: 0x5c10000000000000000000000000000000000001n,
  L1MessageQueue: 0x5c10000000000000000000000000000000000002n,
  ZKRollup: 0x5c10000000000000000000000000000000000003n,
  MockRollupVerifier: 0x5c10000000000000000000000000000000000004n,
  Whitelist: 0x5c10000000000000000000000000000000000005n,
} as const;

/** The stage a relay outcome that failed leaves: relay-failed on L2, claim-failed on L1. */
type FailedStage =
  ScrollDepositStages["failed"] | ScrollWithdrawalStages["failed"];

/** The system contracts of a Scroll chain on the L1, by name. */
const L1_CONTRACTS = [
  "L1ScrollMessenger",
  "L1MessageQueue",
  "ZKRollup",
  "MockRollupVerifier",
  "Whitelist",
] as const satisfies ReadonlyArray<keyof typeof SCROLL_L1_ADDRESSES>;

export const L2_SCROLL_MESSENGER_ADDRESS =
  "0x5C20000000000000000000000000000000000001";

/** `DropTransaction(uint256 index)` of L1MessageQueue. */
const DROP_TRANSACTION_TOPIC = id("DropTransaction(uint256)");

/** MockRollupVerifier's `InvalidProof()`: the one refusal of finalizeBatchWithProof the prover retries. */
const INVALID_PROOF_SELECTOR = "0x09bde339";
/** Transport failures in a row after which an actor gives up and names the cause. */
const MAX_TRANSPORT_RETRIES = 5;

/** What a skipped L1 message waits for. */
const SKIPPED_ERROR =
  "skipped by the sequencer; dropMessage on L1 once its batch is finalized";

/** 2^247 wei: the L2ScrollMessenger's genesis balance on Scroll devnets. */
const L2_MESSENGER_BALANCE = 1n << 247n;
/** Most L2 transaction bytes in one batch: its commitBatch must fit one L1 transaction (project). */
const MAX_BATCH_BYTES = 200_000;
/** Most transactions (L1 messages included) in one batch, for the same reason (project). */
const MAX_BATCH_TXS = 1_000;
/** ZKRollup's maxNumTxInChunk (project). */
const MAX_NUM_TX_IN_CHUNK = 100;

const artifact = (source: string, name: string) =>
  readSystemArtifact(source, name);
const ARTIFACTS = {
  L1ScrollMessenger: () =>
    artifact("scroll/L1ScrollMessenger.sol", "L1ScrollMessenger"),
  L1MessageQueue: () => artifact("scroll/L1MessageQueue.sol", "L1MessageQueue"),
  ZKRollup: () => artifact("scroll/ZKRollup.sol", "ZKRollup"),
  MockRollupVerifier: () =>
    artifact("prover/MockRollupVerifier.sol", "MockRollupVerifier"),
  Whitelist: () => artifact("scroll/Whitelist.sol", "Whitelist"),
  L2ScrollMessenger: () =>
    artifact("scroll/L2ScrollMessenger.sol", "L2ScrollMessenger"),
  L2MessageQueue: () => artifact("scroll/L2MessageQueue.sol", "L2MessageQueue"),
};

function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN_ID, message);
}

/** The facts of an L1→L2 message (queue copies, gas limit): a withdrawal here is a relayer bug, named. */
function depositFacts(message: ScrollMessage): L1ToL2Facts {
  if (message.details.direction !== "l1-l2")
    fail(
      `Scroll message ${message.id} goes from L2 to L1, where an L1→L2 message was expected.`,
    );
  return message.details;
}

/** The facts of an L2→L1 message (its leaf, batch and claim): a deposit here is a relayer bug, named. */
function withdrawalFacts(message: ScrollMessage): L2ToL1Facts {
  if (message.details.direction !== "l2-l1")
    fail(
      `Scroll message ${message.id} goes from L1 to L2, where an L2→L1 message was expected.`,
    );
  return message.details;
}

interface QueuedEntry {
  queueIndex: number;
  gasLimit: bigint;
  data: string;
  entryHash: string;
  l1Block: number;
  messageId: string;
}

interface BatchRecord {
  header: BatchHeaderV0;
  encodedHeader: string;
  batchHash: string;
  lastBlock: number;
  committedAt: number;
  finalized: boolean;
}

interface InstanceState {
  queued: QueuedEntry[];
  /** The next queue index the sequencer looks at. */
  nextQueueIndex: number;
  /** Queue indices the sequencer was told to skip (fault injection; survives a restart like the world's other faults). */
  skip: number[];
  /** Queue indices the chains show popped as skipped: in a batch's bitmap, or before a later relay in an unbatched block. */
  skipped: number[];
  /** L1 messages (skipped included) popped by each L2 block that has any. */
  popped: Record<number, PoppedL1Message[]>;
  pendingSkips: PoppedL1Message[];
  batches: BatchRecord[];
  leaves: string[];
  leafBlocks: number[];
  leafMessages: string[];
  /** L2 blocks that hold something a batch must carry to L1 (an L1 message or an AppendMessage). */
  busyBlocks: number[];
  /** Message ids by message hash. */
  byHash: { down: Record<string, string>; up: Record<string, string> };
  /** Set after a rebuild: the first pass settles messages whose relay left no event. */
  reconcile?: boolean;
  /** Relay outcomes seen before their message (a relayer reading history reads the L1 first). */
  outcomes: Record<
    string,
    { relayed: boolean; tx: string; failedStage: FailedStage; hint: string }
  >;
}

/**
 * The skip instructions of each world's Scroll chains (fault injection). They belong to the world,
 * like its other faults, so a relayer restarted with `world.restartRelayer()` keeps them: a skip
 * that nothing on chain records yet (no later L1 message included) is the sequencer's decision
 * alone, and the restarted sequencer takes it again when it reaches that queue index.
 */
const standingSkips = new WeakMap<World, Map<string, number[]>>();

class ScrollInstance {
  state: InstanceState = {
    queued: [],
    nextQueueIndex: 0,
    skip: [],
    skipped: [],
    popped: {},
    pendingSkips: [],
    batches: [],
    leaves: [],
    leafBlocks: [],
    leafMessages: [],
    busyBlocks: [],
    byHash: { down: {}, up: {} },
    outcomes: {},
  };
  trie = new WithdrawTrie();
  /** Sends in a row that failed in transport (the sequencer's and the finalizer's together). */
  transportFailures = 0;
  /** A relay whose send failed in transport: where to look for it before sending it again (over HTTP it may have got through). */
  unsent:
    | { queueIndex: number; nonce: number | undefined; fromBlock: number }
    | undefined;
  /** The queue index whose relay receipt the sequencer is reading (its logs name no queue index). */
  relaying: number | undefined;
  readonly l1: Record<keyof typeof SCROLL_L1_ADDRESSES, string>;
  readonly alias: string;

  constructor(
    readonly chain: Chain,
    readonly index: number,
  ) {
    this.l1 = Object.fromEntries(
      Object.entries(SCROLL_L1_ADDRESSES).map(([name, base]) => [
        name,
        getAddress(toBeHex(base + BigInt(index) * 0x100n, 20)),
      ]),
    ) as Record<keyof typeof SCROLL_L1_ADDRESSES, string>;
    this.alias = applyL1ToL2Alias(this.l1.L1ScrollMessenger);
  }
}

/**
 * Scroll: the messengers, queues and ZKRollup of the real "classic" contracts
 * with a signing mock verifier, and the sequencer, batcher, prover and
 * finalizer that move messages between the L1 and a Scroll L2.
 */
export class ScrollProtocol implements Protocol {
  readonly name = "scroll" as const;
  /** The last actor transaction that failed and will be tried again (e.g. a refused proof). */
  lastError: string | undefined;
  readonly #instances = new Map<string, ScrollInstance>();
  readonly #ifaces = {
    l1Messenger: new Interface(ARTIFACTS.L1ScrollMessenger().abi),
    l1Queue: new Interface(ARTIFACTS.L1MessageQueue().abi),
    rollup: new Interface(ARTIFACTS.ZKRollup().abi),
    verifier: new Interface(ARTIFACTS.MockRollupVerifier().abi),
    whitelist: new Interface(ARTIFACTS.Whitelist().abi),
    l2Messenger: new Interface(ARTIFACTS.L2ScrollMessenger().abi),
    l2Queue: new Interface(ARTIFACTS.L2MessageQueue().abi),
  };

  constructor(private readonly world: World) {
    world.chainList
      .filter((c) => c.protocol === "scroll")
      .forEach((chain, index) =>
        this.#instances.set(chain.name, new ScrollInstance(chain, index)),
      );
    if (!standingSkips.has(world)) standingSkips.set(world, new Map());
    for (const [name, instance] of this.#instances)
      instance.state.skip = [...(standingSkips.get(world)!.get(name) ?? [])];
  }

  get #actors() {
    return {
      deployer: this.world.actors.deployer.address,
      sequencer: this.world.actors["scroll:sequencer"].address,
      prover: this.world.actors["scroll:prover"],
      feeVault: this.world.actors["scroll:fee-vault"].address,
    };
  }

  #instance(chain: Chain | string): ScrollInstance {
    const name = typeof chain === "string" ? chain : chain.name;
    const instance = this.#instances.get(name);
    if (instance === undefined) {
      fail(
        `"${name}" is not a Scroll chain of this world. Scroll chains: ${[...this.#instances.keys()].join(", ") || "none"}.`,
      );
    }
    return instance;
  }

  async install(chain: Chain): Promise<void> {
    const instance = this.#instance(chain);
    const l1 = this.world.l1;
    const { deployer, sequencer, prover, feeVault } = this.#actors;
    const settings = this.world.config.scroll;
    const a = instance.l1;
    for (const account of [deployer, sequencer]) {
      await l1.setBalance(account, ACTOR_BALANCE);
      await l1.impersonate(account);
    }
    for (const [name, at] of Object.entries(a)) {
      await l1.setCode(
        at,
        ARTIFACTS[name as keyof typeof a]().deployedBytecode,
      );
    }
    const i = this.#ifaces;
    const asDeployer = (to: string, data: string) =>
      l1.send({ from: deployer, to, data });
    await asDeployer(
      a.Whitelist,
      i.whitelist.encodeFunctionData("initialize", [deployer]),
    );
    await asDeployer(
      a.Whitelist,
      i.whitelist.encodeFunctionData("updateWhitelistStatus", [
        [sequencer],
        true,
      ]),
    );
    await asDeployer(
      a.L1MessageQueue,
      i.l1Queue.encodeFunctionData("initialize", [
        deployer,
        a.L1ScrollMessenger,
        a.ZKRollup,
        a.Whitelist,
        settings.maxGasLimit,
      ]),
    );
    await asDeployer(
      a.MockRollupVerifier,
      i.verifier.encodeFunctionData("initialize", [deployer, prover.address]),
    );
    await asDeployer(
      a.ZKRollup,
      i.rollup.encodeFunctionData("initialize", [
        deployer,
        a.L1MessageQueue,
        a.MockRollupVerifier,
        chain.chainId,
        MAX_NUM_TX_IN_CHUNK,
      ]),
    );
    await asDeployer(
      a.ZKRollup,
      i.rollup.encodeFunctionData("addSequencer", [sequencer]),
    );
    await asDeployer(
      a.ZKRollup,
      i.rollup.encodeFunctionData("addProver", [sequencer]),
    );
    await asDeployer(
      a.L1ScrollMessenger,
      i.l1Messenger.encodeFunctionData("initialize", [
        deployer,
        L2_SCROLL_MESSENGER_ADDRESS,
        feeVault,
        a.ZKRollup,
        a.L1MessageQueue,
        settings.whitelist ? a.Whitelist : ZeroAddress,
      ]),
    );
    if (settings.l2BaseFee !== 0n) {
      await l1.send({
        from: sequencer,
        to: a.L1MessageQueue,
        data: i.l1Queue.encodeFunctionData("setL2BaseFee", [
          settings.l2BaseFee,
        ]),
      });
    }

    await chain.setBalance(deployer, ACTOR_BALANCE);
    await chain.impersonate(deployer);
    await chain.setCode(
      L2_SCROLL_MESSENGER_ADDRESS,
      ARTIFACTS.L2ScrollMessenger().deployedBytecode,
    );
    await chain.setCode(
      L2_MESSAGE_QUEUE_ADDRESS,
      ARTIFACTS.L2MessageQueue().deployedBytecode,
    );
    await chain.setCode(
      L2_WHITELIST_ADDRESS,
      ARTIFACTS.Whitelist().deployedBytecode,
    );
    const onL2 = (to: string, data: string) =>
      chain.send({ from: deployer, to, data });
    await onL2(
      L2_MESSAGE_QUEUE_ADDRESS,
      i.l2Queue.encodeFunctionData("initialize", [L2_SCROLL_MESSENGER_ADDRESS]),
    );
    await onL2(
      L2_WHITELIST_ADDRESS,
      i.whitelist.encodeFunctionData("initialize", [deployer]),
    );
    await onL2(
      L2_WHITELIST_ADDRESS,
      i.whitelist.encodeFunctionData("updateWhitelistStatus", [
        [instance.alias],
        true,
      ]),
    );
    await onL2(
      L2_SCROLL_MESSENGER_ADDRESS,
      i.l2Messenger.encodeFunctionData("initialize", [
        deployer,
        a.L1ScrollMessenger,
        feeVault,
        L2_MESSAGE_QUEUE_ADDRESS,
        settings.whitelist ? L2_WHITELIST_ADDRESS : ZeroAddress,
      ]),
    );
    await chain.setBalance(L2_SCROLL_MESSENGER_ADDRESS, L2_MESSENGER_BALANCE);
    // The sequencer's relay transactions come from the alias; a real L1MessageTx pays no gas.
    await chain.setBalance(instance.alias, ACTOR_BALANCE);
    await chain.impersonate(instance.alias);

    // Batch 0 is the L2 genesis: data hash = block 0's hash, state root = block 0's.
    const genesis = await chain.block(0);
    const header = genesisBatchHeader(genesis.hash);
    await asDeployer(
      a.ZKRollup,
      i.rollup.encodeFunctionData("importGenesisBatch", [
        encodeBatchHeaderV0(header),
        genesis.stateRoot,
      ]),
    );
    instance.state.batches.push({
      header,
      encodedHeader: encodeBatchHeaderV0(header),
      batchHash: batchHash(header),
      lastBlock: 0,
      committedAt: 0,
      finalized: true,
    });
    await this.#attach(instance);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    const instance = this.#instance(chain);
    const l1 = this.world.l1;
    const expected: Array<[Chain, string, string, string]> = [
      ...Object.entries(instance.l1).map(
        ([name, at]) =>
          [
            l1,
            name,
            at,
            ARTIFACTS[name as keyof typeof instance.l1]().deployedBytecode,
          ] as [Chain, string, string, string],
      ),
      [
        chain,
        "L2ScrollMessenger",
        L2_SCROLL_MESSENGER_ADDRESS,
        ARTIFACTS.L2ScrollMessenger().deployedBytecode,
      ],
      [
        chain,
        "L2MessageQueue",
        L2_MESSAGE_QUEUE_ADDRESS,
        ARTIFACTS.L2MessageQueue().deployedBytecode,
      ],
    ];
    for (const [where, name, at, code] of expected) {
      if (
        (
          await where.rpc<string>("eth_getCode", [at, "latest"])
        ).toLowerCase() !== code.toLowerCase()
      ) {
        fail(
          `Chain "${where.name}" has no hardhat-xdm ${name} at ${at}. Attach to chains started by \`npx hardhat xdm:node\`.`,
        );
      }
    }
    for (const account of [this.#actors.deployer, this.#actors.sequencer]) {
      await l1
        .rpc("hardhat_impersonateAccount", [account])
        .catch(() => undefined);
    }
    await chain
      .rpc("hardhat_impersonateAccount", [instance.alias])
      .catch(() => undefined);
    await this.#rebuild(instance);
    await this.#attach(instance);
  }

  /**
   * Rebuilds the batcher's and the sequencer's state from the chains alone: the
   * committed batches from their commitBatch calldata, and which L2 block popped
   * which queue index since the last batch from the relay transactions.
   */
  async #rebuild(instance: ScrollInstance): Promise<void> {
    const l1 = this.world.l1;
    const state = instance.state;
    const logs = await l1.rpc<RpcLog[]>("eth_getLogs", [
      {
        fromBlock: "0x0",
        toBlock: "latest",
        address: instance.l1.ZKRollup,
        topics: [[SCROLL_TOPICS.CommitBatch, SCROLL_TOPICS.FinalizeBatch]],
      },
    ]);
    const finalized = new Set(
      logs
        .filter((l) => l.topics[0] === SCROLL_TOPICS.FinalizeBatch)
        .map((l) => Number(BigInt(l.topics[1]))),
    );
    for (const log of logs.filter(
      (l) => l.topics[0] === SCROLL_TOPICS.CommitBatch,
    )) {
      const index = Number(BigInt(log.topics[1]));
      const committedAt = Number(
        (await l1.block(Number(log.blockNumber))).timestamp,
      );
      if (index === 0) {
        const header = genesisBatchHeader((await instance.chain.block(0)).hash);
        state.batches = [
          {
            header,
            encodedHeader: encodeBatchHeaderV0(header),
            batchHash: batchHash(header),
            lastBlock: 0,
            committedAt,
            finalized: true,
          },
        ];
        continue;
      }
      const { skippedIndices, ...batch } = await this.#batchOf(instance, log);
      state.batches.push({ ...batch, finalized: finalized.has(index) });
      state.skipped.push(...skippedIndices);
    }
    if (state.batches.length === 0)
      fail(
        `Scroll chain ${instance.chain.name} has no genesis batch on ZKRollup ${instance.l1.ZKRollup}.`,
      );

    // Relays after the last batch. Each names its queue index only through its fields (an L1 message
    // transaction's queue index is not in an ordinary transaction): it carries the first index at or
    // after the sequencer's position whose queued (gas limit, calldata) it has. The indices it passes
    // were skipped, and the block pops them with it, as the sequencer does. An index the standing skip
    // names is never the one relayed (a replay with the original's gas limit has the same fields).
    const queued = await this.#queuedOnL1(instance);
    const last = state.batches[state.batches.length - 1];
    let next = Number(last.header.totalL1MessagePopped);
    const head = await instance.chain.blockNumber();
    for (let n = last.lastBlock + 1; n <= head; n++) {
      const block = await instance.chain.rpc<RpcBlock>("eth_getBlockByNumber", [
        toQuantity(n),
        true,
      ]);
      for (const tx of block.transactions) {
        if (!isL1MessageTransaction(tx, instance.alias)) continue;
        let q = next;
        while (
          q < queued.length &&
          !(
            this.#carries(tx, queued[q]) &&
            !this.#mustSkip(instance, q, queued[q].messageId)
          )
        )
          q++;
        if (q >= queued.length) {
          fail(
            `Cannot rebuild Scroll chain ${instance.chain.name}: transaction ${tx.hash} in L2 block ${n} comes from the L1 messenger's alias ` +
              `but carries no L1 message queued at or after queue index ${next}.`,
          );
        }
        const popped = (state.popped[n] ??= []);
        for (; next < q; next++) {
          popped.push({ entryHash: queued[next].entryHash, skipped: true });
          state.skipped.push(next);
        }
        popped.push({ entryHash: queued[q].entryHash, skipped: false });
        this.#markBusy(instance, n);
        next = q + 1;
      }
    }
    state.nextQueueIndex = next;
    state.reconcile = true;
  }

  /** Every L1 message queued for this chain, by queue index, read from the L1MessageQueue's logs. */
  async #queuedOnL1(instance: ScrollInstance): Promise<
    Array<{
      gasLimit: bigint;
      data: string;
      entryHash: string;
      messageId: string;
    }>
  > {
    const logs = await this.world.l1.rpc<RpcLog[]>("eth_getLogs", [
      {
        fromBlock: "0x0",
        toBlock: "latest",
        address: instance.l1.L1MessageQueue,
        topics: [SCROLL_TOPICS.QueueTransaction],
      },
    ]);
    const queued: Array<{
      gasLimit: bigint;
      data: string;
      entryHash: string;
      messageId: string;
    }> = [];
    for (const log of logs) {
      const q = readQueueTransaction(log);
      const { message } = readXDomainCalldata(q.data);
      queued[Number(q.queueIndex)] = {
        gasLimit: q.gasLimit,
        data: q.data,
        entryHash: queueEntryHash({
          queueIndex: q.queueIndex,
          gasLimit: q.gasLimit,
          target: q.target,
          value: q.value,
          data: q.data,
          sender: q.sender,
        }),
        messageId: `scroll:${instance.chain.chainId}:l1:${message.nonce}`,
      };
    }
    return queued;
  }

  /** Whether an L2 transaction from the alias is the relay of this queued message (same target, calldata and gas limit). */
  #carries(
    tx: { to: string | null; input: string; gas: string },
    entry: { gasLimit: bigint; data: string } | undefined,
  ): boolean {
    return (
      entry !== undefined &&
      tx.to !== null &&
      getAddress(tx.to) === getAddress(L2_SCROLL_MESSENGER_ADDRESS) &&
      BigInt(tx.gas) === entry.gasLimit &&
      tx.input.toLowerCase() === entry.data.toLowerCase()
    );
  }

  /** Whether the standing fault injection tells the sequencer to skip this queue index. */
  #mustSkip(
    instance: ScrollInstance,
    queueIndex: number,
    messageId: string,
  ): boolean {
    return (
      instance.state.skip.includes(queueIndex) ||
      this.world.faults.isDropped(messageId)
    );
  }

  /** Whether the copy of an L1→L2 message at `queueIndex` is its latest one (no replay queued after it). */
  #isLatestCopy(message: ScrollMessage, queueIndex: number): boolean {
    return Math.max(...depositFacts(message).queueIndices) === queueIndex;
  }

  /** Marks a message failed/skipped when the copy at `queueIndex` is its latest one and it has not settled. */
  #onSkipped(instance: ScrollInstance, queueIndex: number): void {
    const entry = instance.state.queued[queueIndex];
    const message =
      entry === undefined
        ? undefined
        : this.world.registry.get(entry.messageId, "scroll");
    if (
      message === undefined ||
      message.status === "relayed" ||
      message.status === "cancelled"
    )
      return;
    const facts = depositFacts(message);
    if (Math.max(...facts.queueIndices) !== queueIndex) return;
    this.world.registry.update(message, "failed", "skipped", {
      error: SKIPPED_ERROR,
    });
  }

  async #attach(instance: ScrollInstance): Promise<void> {
    const { chain } = instance;
    const l1 = this.world.l1;
    for (const name of L1_CONTRACTS) {
      await attachSystemContract(
        chain.l1Contracts,
        name,
        l1.ethers,
        ARTIFACTS[name]().abi,
        instance.l1[name],
      );
    }
    await attachSystemContract(
      chain.contracts,
      "L2ScrollMessenger",
      chain.ethers,
      ARTIFACTS.L2ScrollMessenger().abi,
      L2_SCROLL_MESSENGER_ADDRESS,
    );
    await attachSystemContract(
      chain.contracts,
      "L2MessageQueue",
      chain.ethers,
      ARTIFACTS.L2MessageQueue().abi,
      L2_MESSAGE_QUEUE_ADDRESS,
    );
    await attachSystemContract(
      chain.contracts,
      "Whitelist",
      chain.ethers,
      ARTIFACTS.Whitelist().abi,
      L2_WHITELIST_ADDRESS,
    );
  }

  watch(chain: Chain): LogWatch | undefined {
    if (chain === this.world.l1) {
      const instances = [...this.#instances.values()];
      return {
        addresses: instances.flatMap((i) => [
          i.l1.L1ScrollMessenger,
          i.l1.L1MessageQueue,
          i.l1.ZKRollup,
        ]),
        topics: [
          SCROLL_TOPICS.QueueTransaction,
          SCROLL_TOPICS.RelayedMessage,
          SCROLL_TOPICS.FailedRelayedMessage,
          DROP_TRANSACTION_TOPIC,
          SCROLL_TOPICS.CommitBatch,
          SCROLL_TOPICS.FinalizeBatch,
        ],
      };
    }
    if (this.#instances.has(chain.name)) {
      return {
        addresses: [L2_SCROLL_MESSENGER_ADDRESS, L2_MESSAGE_QUEUE_ADDRESS],
        topics: [
          SCROLL_TOPICS.SentMessage,
          SCROLL_TOPICS.AppendMessage,
          SCROLL_TOPICS.RelayedMessage,
          SCROLL_TOPICS.FailedRelayedMessage,
        ],
      };
    }
    return undefined;
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    if (chain === this.world.l1) {
      const byAddress = new Map<string, ScrollInstance>();
      for (const i of this.#instances.values()) {
        for (const address of [
          i.l1.L1ScrollMessenger,
          i.l1.L1MessageQueue,
          i.l1.ZKRollup,
        ])
          byAddress.set(address.toLowerCase(), i);
      }
      for (const log of logs) {
        const instance = byAddress.get(log.address.toLowerCase());
        if (instance !== undefined) await this.#onL1Log(instance, log);
      }
    } else {
      const instance = this.#instance(chain);
      for (const log of logs) await this.#onL2Log(instance, log);
      // A claim made before every leaf of its batch was read (a rebuild reads a SentMessage before
      // the later AppendMessages of its batch) is proven again over the leaves now known.
      const appended = logs
        .filter((log) => log.topics[0] === SCROLL_TOPICS.AppendMessage)
        .map((log) => Number(log.blockNumber));
      if (appended.length > 0)
        this.#reproveClaims(instance, Math.min(...appended));
    }
  }

  async #onL1Log(instance: ScrollInstance, log: RpcLog): Promise<void> {
    const topic = log.topics[0];
    const registry = this.world.registry;
    if (topic === DROP_TRANSACTION_TOPIC) {
      // dropMessage pops every copy of a skipped message; its value went back to the sender's callback.
      const entry = instance.state.queued[Number(BigInt(log.data))];
      const message =
        entry === undefined
          ? undefined
          : registry.get(entry.messageId, "scroll");
      if (message !== undefined && message.status !== "cancelled") {
        registry.update(message, "cancelled", "dropped", {
          destinationTx: log.transactionHash,
          error: undefined,
        });
      }
      return;
    }
    if (
      topic === SCROLL_TOPICS.CommitBatch ||
      topic === SCROLL_TOPICS.FinalizeBatch
    ) {
      // Batches committed or finalized by any relayer (this one included) are chain state.
      const index = Number(BigInt(log.topics[1]));
      const batches = instance.state.batches;
      if (topic === SCROLL_TOPICS.CommitBatch && index === batches.length) {
        const { skippedIndices, ...batch } = await this.#batchOf(instance, log);
        batches.push(batch);
        for (const q of skippedIndices.filter(
          (i) => !instance.state.skipped.includes(i),
        )) {
          instance.state.skipped.push(q);
          this.#onSkipped(instance, q);
        }
      } else if (
        topic === SCROLL_TOPICS.FinalizeBatch &&
        batches[index] !== undefined &&
        !batches[index].finalized
      ) {
        batches[index].finalized = true;
      } else {
        return;
      }
      this.#refreshWithdrawals(instance);
      return;
    }
    if (topic === SCROLL_TOPICS.QueueTransaction) {
      const queued = readQueueTransaction(log);
      const queueIndex = Number(queued.queueIndex);
      if (instance.state.queued[queueIndex] !== undefined) return;
      const { data, gasLimit } = queued;
      const { message: x, hash } = readXDomainCalldata(data);
      const id = `scroll:${instance.chain.chainId}:l1:${x.nonce}`;
      const entry: QueuedEntry = {
        queueIndex,
        gasLimit,
        data,
        entryHash: queueEntryHash({
          queueIndex: queued.queueIndex,
          gasLimit,
          target: queued.target,
          value: queued.value,
          data,
          sender: queued.sender,
        }),
        l1Block: Number(log.blockNumber),
        messageId: id,
      };
      instance.state.queued[queueIndex] = entry;
      const known = registry.get(id, "scroll");
      if (known === undefined) {
        const facts: L1ToL2Facts = {
          direction: "l1-l2",
          queueIndices: [queueIndex],
          gasLimit,
          l1Block: entry.l1Block,
        };
        registry.add({
          id,
          protocol: "scroll",
          from: this.world.l1.name,
          to: instance.chain.name,
          sender: getAddress(x.from),
          target: getAddress(x.to),
          value: x.value,
          data: hexlify(x.message),
          nonce: x.nonce,
          hash,
          status: "pending",
          stage: "awaiting-confirmations",
          sourceTx: log.transactionHash,
          sourceBlock: entry.l1Block,
          sentAt:
            log.blockTimestamp !== undefined
              ? Number(log.blockTimestamp)
              : Number((await this.world.l1.block(entry.l1Block)).timestamp),
          details: facts,
        });
        instance.state.byHash.down[hash] = id;
      } else {
        // replayMessage: the same message queued again with a new gas limit.
        const facts = depositFacts(known);
        facts.queueIndices.push(queueIndex);
        facts.gasLimit = gasLimit;
        facts.l1Block = entry.l1Block;
        if (known.status !== "relayed")
          registry.update(known, "pending", "awaiting-confirmations");
      }
      // A rebuilt relayer learns the skips from the chains before it reads the queue.
      if (instance.state.skipped.includes(queueIndex))
        this.#onSkipped(instance, queueIndex);
      return;
    }
    // RelayedMessage / FailedRelayedMessage on L1: the claim of an L2→L1 message (messageHash is topic 1).
    if (
      topic !== SCROLL_TOPICS.RelayedMessage &&
      topic !== SCROLL_TOPICS.FailedRelayedMessage
    )
      return;
    this.#onOutcome(
      instance,
      "up",
      log,
      log.topics[1],
      "claim-failed",
      "the target reverted; claim again with relayMessageWithProof",
    );
  }

  async #onL2Log(instance: ScrollInstance, log: RpcLog): Promise<void> {
    const topic = log.topics[0];
    const registry = this.world.registry;
    const block = Number(log.blockNumber);
    if (topic === SCROLL_TOPICS.AppendMessage) {
      // AppendMessage(uint256 index, bytes32 messageHash): two data words.
      if (log.data.length !== 2 + 128) return;
      const index = Number(BigInt(log.data.slice(0, 66)));
      const leaf = `0x${log.data.slice(66).toLowerCase()}`;
      if (index < instance.state.leaves.length) return;
      instance.trie.append(leaf);
      instance.state.leaves.push(leaf);
      instance.state.leafBlocks.push(block);
      this.#markBusy(instance, block);
      return;
    }
    if (topic === SCROLL_TOPICS.SentMessage) {
      const x = readSentMessage(log);
      const nonce = x.nonce;
      const id = `scroll:${instance.chain.chainId}:l2:${nonce}`;
      if (registry.has(id)) return;
      const hash = messageHash(x);
      const facts: L2ToL1Facts = {
        direction: "l2-l1",
        l2Block: block,
        leafIndex: Number(nonce),
      };
      registry.add({
        id,
        protocol: "scroll",
        from: instance.chain.name,
        to: this.world.l1.name,
        sender: x.from,
        target: x.to,
        value: x.value,
        data: hexlify(x.message),
        nonce,
        hash,
        status: "pending",
        stage: "awaiting-batch",
        sourceTx: log.transactionHash,
        sourceBlock: block,
        sentAt:
          log.blockTimestamp !== undefined
            ? Number(log.blockTimestamp)
            : Number((await instance.chain.block(block)).timestamp),
        details: facts,
      });
      instance.state.byHash.up[hash] = id;
      instance.state.leafMessages[Number(nonce)] = id;
      this.#refreshWithdrawal(instance, registry.get(id, "scroll")!);
      const early = instance.state.outcomes[hash];
      if (early !== undefined) {
        delete instance.state.outcomes[hash];
        this.#applyOutcome(registry.get(id, "scroll")!, early);
      }
      return;
    }
    if (
      topic !== SCROLL_TOPICS.RelayedMessage &&
      topic !== SCROLL_TOPICS.FailedRelayedMessage
    )
      return;
    this.#onOutcome(
      instance,
      "down",
      log,
      log.topics[1],
      "relay-failed",
      "the target reverted on L2; replayMessage on L1 with a larger gas limit",
    );
  }

  /** A messenger's RelayedMessage / FailedRelayedMessage for the message with `hash`. */
  #onOutcome(
    instance: ScrollInstance,
    direction: "down" | "up",
    log: RpcLog,
    hash: string,
    failedStage: FailedStage,
    hint: string,
  ): void {
    const outcome = {
      relayed: log.topics[0] === SCROLL_TOPICS.RelayedMessage,
      tx: log.transactionHash,
      failedStage,
      hint,
    };
    // Each direction has its own messages: the same (from, to, value, nonce, message) can be sent both ways.
    const message = this.#byHash(instance, direction, hash);
    if (message === undefined) {
      if (direction === "down") return;
      const seen = instance.state.outcomes[hash.toLowerCase()];
      if (seen === undefined || !seen.relayed)
        instance.state.outcomes[hash.toLowerCase()] = outcome;
      return;
    }
    // The L2 failure of an older copy, while the sequencer has not reached the latest one (a replay
    // queued before the original was relayed): the message waits for its latest copy.
    if (direction === "down" && !outcome.relayed) {
      const reached =
        instance.relaying !== undefined
          ? instance.relaying + 1
          : instance.state.nextQueueIndex;
      if (Math.max(...depositFacts(message).queueIndices) >= reached) return;
    }
    this.#applyOutcome(message, outcome);
  }

  #applyOutcome(
    message: ScrollMessage,
    outcome: {
      relayed: boolean;
      tx: string;
      failedStage: FailedStage;
      hint: string;
    },
  ): void {
    if (message.status === "relayed") return;
    if (outcome.relayed) {
      this.world.registry.update(message, "relayed", "relayed", {
        destinationTx: outcome.tx,
        error: undefined,
      });
    } else {
      this.world.registry.update(message, "failed", outcome.failedStage, {
        destinationTx: outcome.tx,
        error: outcome.hint,
      });
    }
  }

  #byHash(
    instance: ScrollInstance,
    direction: "down" | "up",
    hash: string,
  ): ScrollMessage | undefined {
    const id = instance.state.byHash[direction][hash.toLowerCase()];
    return id === undefined ? undefined : this.world.registry.get(id, "scroll");
  }

  #markBusy(instance: ScrollInstance, block: number): void {
    const busy = instance.state.busyBlocks;
    if (busy[busy.length - 1] !== block) busy.push(block);
  }

  /**
   * An L2→L1 message's stage from the batches: awaiting-batch → committed → finalized (claimable).
   * A claim-failed message keeps its stage, but its claim is still made again: it must hold too.
   */
  #refreshWithdrawal(instance: ScrollInstance, message: ScrollMessage): void {
    const facts = withdrawalFacts(message);
    if (message.status === "relayed") return;
    const batches = instance.state.batches;
    const index = batches.findIndex(
      (b, i) => i > 0 && b.lastBlock >= facts.l2Block,
    );
    if (index < 0) return;
    facts.batchIndex = index;
    const finalized = batches.findIndex(
      (b, i) => i > 0 && b.finalized && b.lastBlock >= facts.l2Block,
    );
    if (finalized > 0)
      facts.claim = this.#claimIn(instance, facts.leafIndex, finalized);
    if (message.status === "failed") return;
    this.world.registry.update(
      message,
      finalized > 0 ? "ready" : "pending",
      finalized > 0 ? "finalized" : "committed",
    );
  }

  /** The claim of leaf `leafIndex` in finalized batch `batchIndex`: its proof in the trie of every leaf up to the batch's last block. */
  #claimIn(
    instance: ScrollInstance,
    leafIndex: number,
    batchIndex: number,
  ): { batchIndex: number; merkleProof: string } {
    const lastBlock = instance.state.batches[batchIndex].lastBlock;
    const leafCount = instance.state.leafBlocks.filter(
      (b) => b <= lastBlock,
    ).length;
    return {
      batchIndex,
      merkleProof: instance.trie.proofBytes(leafIndex, leafCount),
    };
  }

  /** Proves again the claims of unclaimed messages whose batch holds a leaf appended at or after L2 block `fromBlock`. */
  #reproveClaims(instance: ScrollInstance, fromBlock: number): void {
    for (const id of instance.state.leafMessages) {
      const message =
        id === undefined ? undefined : this.world.registry.get(id, "scroll");
      if (message === undefined || message.status === "relayed") continue;
      const facts = withdrawalFacts(message);
      if (
        facts.claim === undefined ||
        instance.state.batches[facts.claim.batchIndex].lastBlock < fromBlock
      )
        continue;
      facts.claim = this.#claimIn(
        instance,
        facts.leafIndex,
        facts.claim.batchIndex,
      );
    }
  }

  async advance(options: AdvanceOptions): Promise<number> {
    let actions = 0;
    for (const instance of this.#instances.values()) {
      if (instance.state.reconcile === true) this.#reconcile(instance);
      if (!this.world.faults.isPaused("scroll:sequencer"))
        actions += await this.#sequence(instance, options, Infinity, false);
      if (
        (options.clock || options.cut === true) &&
        !this.world.faults.isPaused("scroll:batcher") &&
        this.#hasUnbatchedWork(instance)
      ) {
        await this.#commit(instance);
        actions += 1;
      }
      if (!this.world.faults.isPaused("scroll:prover"))
        actions += await this.#finalize(instance, options, false);
    }
    return actions;
  }

  /** A committed batch read back from its commitBatch calldata, checked against the rollup's batch hash. */
  async #batchOf(
    instance: ScrollInstance,
    log: RpcLog,
  ): Promise<BatchRecord & { skippedIndices: number[] }> {
    const l1 = this.world.l1;
    const state = instance.state;
    const index = Number(BigInt(log.topics[1]));
    const committedAt = Number(
      (await l1.block(Number(log.blockNumber))).timestamp,
    );
    const entryHash = async (queueIndex: bigint) =>
      await l1.rpc<string>("eth_call", [
        {
          to: instance.l1.L1MessageQueue,
          data: this.#ifaces.l1Queue.encodeFunctionData(
            "getCrossDomainMessage",
            [queueIndex],
          ),
        },
        "latest",
      ]);
    const rollup = this.#ifaces.rollup;
    const tx = await l1.rpc<{ input: string }>("eth_getTransactionByHash", [
      log.transactionHash,
    ]);
    const call = rollup.decodeFunctionData("commitBatch", tx.input);
    const [parentEncoded, encodedChunks, bitmap]: [string, string[], string] = [
      call[1],
      call[2],
      call[3],
    ];
    const parent = state.batches[index - 1];
    if (
      parent === undefined ||
      parent.encodedHeader.toLowerCase() !== parentEncoded.toLowerCase()
    ) {
      fail(
        `Cannot rebuild Scroll batch ${index} of ${instance.chain.name}: its parent header is not the batch before it.`,
      );
    }
    const chunks = encodedChunks.map(decodeChunk);
    const count = chunks.reduce(
      (n, c) => n + c.blocks.reduce((m, b) => m + b.context.numL1Messages, 0),
      0,
    );
    const skipped = decodeSkippedBitmap(bitmap, count);
    let queueIndex = parent.header.totalL1MessagePopped;
    let position = 0;
    const filled: Chunk[] = [];
    const skippedIndices: number[] = [];
    for (const chunk of chunks) {
      const blocks = [];
      for (const block of chunk.blocks) {
        const hashes: string[] = [];
        for (
          let k = 0;
          k < block.context.numL1Messages;
          k++, position++, queueIndex++
        ) {
          if (!skipped[position]) hashes.push(await entryHash(queueIndex));
          else skippedIndices.push(Number(queueIndex));
        }
        blocks.push({ ...block, l1MessageHashes: hashes });
      }
      filled.push({ blocks });
    }
    const batch = buildBatchV0(parent.header, filled, skipped);
    if (batch.batchHash.toLowerCase() !== log.topics[2].toLowerCase()) {
      fail(
        `Cannot rebuild Scroll batch ${index} of ${instance.chain.name}: the rebuilt header hashes to ${batch.batchHash}, the rollup holds ${log.topics[2]}.`,
      );
    }
    const lastChunk = filled[filled.length - 1];
    const lastBlock = Number(
      lastChunk.blocks[lastChunk.blocks.length - 1].context.blockNumber,
    );
    return {
      header: batch.header,
      encodedHeader: batch.encodedHeader,
      batchHash: batch.batchHash,
      lastBlock,
      committedAt,
      finalized: false,
      skippedIndices,
    };
  }

  /**
   * After a rebuild: a queue index the sequencer already passed whose message
   * still waits had a relay that reverted without any event (out of gas).
   */
  #reconcile(instance: ScrollInstance): void {
    instance.state.reconcile = false;
    for (const entry of instance.state.queued) {
      if (
        entry === undefined ||
        entry.queueIndex >= instance.state.nextQueueIndex
      )
        continue;
      const message = this.world.registry.get(entry.messageId, "scroll");
      const facts = message === undefined ? undefined : depositFacts(message);
      if (instance.state.skipped.includes(entry.queueIndex)) continue;
      if (
        message !== undefined &&
        message.status === "pending" &&
        facts !== undefined &&
        Math.max(...facts.queueIndices) === entry.queueIndex
      ) {
        this.world.registry.update(message, "failed", "relay-failed", {
          error:
            "the L2 transaction reverted; replayMessage on L1 with a larger gas limit",
        });
      }
    }
    for (const message of this.world.registry.list({
      protocol: "scroll",
      from: instance.chain.name,
    }))
      this.#refreshWithdrawal(instance, message);
  }

  /**
   * The sequencer: relays queued L1 messages in queue order once they have the
   * configured L1 confirmations, each as an L2 transaction from the aliased
   * L1ScrollMessenger with the message's gas limit.
   */
  async #sequence(
    instance: ScrollInstance,
    options: AdvanceOptions,
    upTo: number,
    force: boolean,
  ): Promise<number> {
    let actions = 0;
    const state = instance.state;
    const confirmations = this.world.config.scroll.l1Confirmations;
    let l1Head: number | undefined; // read once, and again after mining
    while (
      state.nextQueueIndex < state.queued.length &&
      state.nextQueueIndex <= upTo
    ) {
      const entry = state.queued[state.nextQueueIndex];
      if (entry === undefined) break; // a gap: its log has not been read yet
      const message = this.world.registry.get(entry.messageId, "scroll")!;
      if (!force && this.world.faults.isHeld(entry.messageId)) break; // queue order: later indices wait too
      if (!force) {
        l1Head ??= await this.world.l1.blockNumber();
        const depth = l1Head - entry.l1Block;
        if (depth < confirmations) {
          if (!options.clock) break;
          await this.world.mine(confirmations - depth);
          l1Head = undefined;
          actions += 1;
        }
      }
      // A message moves with its latest copy: an older one (a replay is queued after it) settles nothing.
      const latest = this.#isLatestCopy(message, entry.queueIndex);
      if (latest && message.stage === "awaiting-confirmations")
        this.world.registry.update(message, "ready", "confirmed");
      if (this.#mustSkip(instance, entry.queueIndex, entry.messageId)) {
        state.pendingSkips.push({ entryHash: entry.entryHash, skipped: true });
        state.skipped.push(entry.queueIndex);
        // An older copy already relayed settled the message: skipping a later copy changes nothing.
        if (
          latest &&
          message.status !== "relayed" &&
          message.status !== "cancelled"
        ) {
          this.world.registry.update(message, "failed", "skipped", {
            error: SKIPPED_ERROR,
          });
        }
      } else if (!(await this.#relay(instance, entry, message))) {
        actions += 1; // sent again on the next pass; later queue indices wait (queue order)
        break;
      }
      state.nextQueueIndex += 1;
      actions += 1;
    }
    return actions;
  }

  /**
   * Relays one queue index. Returns false when the send failed in transport (nothing known mined):
   * the message stays confirmed and the next pass sends it again.
   */
  async #relay(
    instance: ScrollInstance,
    entry: QueuedEntry,
    message: ScrollMessage,
  ): Promise<boolean> {
    const chain = instance.chain;
    // An in-process node names a reverted transaction in its error; over HTTP the sender's nonce finds it.
    const nonce = chain.isSimulated
      ? undefined
      : Number(
          await chain.rpc<string>("eth_getTransactionCount", [
            instance.alias,
            "latest",
          ]),
        );
    let receipt: RpcReceipt | undefined;
    let error: unknown;
    const unsent =
      instance.unsent?.queueIndex === entry.queueIndex
        ? instance.unsent
        : undefined;
    instance.unsent = undefined;
    // A send lost in transport may still have reached the node: never relay the same index twice.
    if (unsent?.nonce !== undefined)
      receipt = await this.#findRelay(
        chain,
        instance.alias,
        unsent.nonce,
        unsent.fromBlock,
      );
    try {
      receipt ??= await chain.send({
        from: instance.alias,
        to: L2_SCROLL_MESSENGER_ADDRESS,
        data: entry.data,
        gas: entry.gasLimit,
      });
    } catch (e) {
      // A reverted L1 message transaction is still included and still pops its queue index.
      error = e;
      const minedAs =
        (e as { transactionHash?: unknown }).transactionHash ??
        (e as { data?: { transactionHash?: unknown } }).data?.transactionHash;
      receipt =
        typeof minedAs === "string"
          ? await chain.receipt(minedAs)
          : nonce !== undefined
            ? await this.#findRelay(
                chain,
                instance.alias,
                nonce,
                Math.max(0, (await chain.blockNumber()) - 2),
              )
            : undefined;
      if (receipt === undefined && isTransportError(e)) {
        this.#transportFailure(
          instance,
          `relay of queue index ${entry.queueIndex}`,
          e,
        );
        instance.unsent = {
          queueIndex: entry.queueIndex,
          nonce,
          fromBlock: await chain.blockNumber().catch(() => 0),
        };
        this.world.registry.update(message, "ready", "confirmed", {
          error: `the relay transaction did not reach ${chain.name} (${firstLine(e)}); the sequencer sends it again on its next pass`,
        });
        return false;
      }
      if (receipt === undefined) {
        // The L2 refused the transaction outright (e.g. a gas limit above its block gas limit): like
        // l2geth, the sequencer skips the message; it is popped as skipped with the next one.
        instance.state.pendingSkips.push({
          entryHash: entry.entryHash,
          skipped: true,
        });
        instance.state.skipped.push(entry.queueIndex);
        if (
          this.#isLatestCopy(message, entry.queueIndex) &&
          message.status !== "relayed" &&
          message.status !== "cancelled"
        ) {
          this.world.registry.update(message, "failed", "skipped", {
            error: `the L2 refused its transaction (${firstLine(e)}); dropMessage on L1 once its batch is finalized`,
          });
        }
        instance.transportFailures = 0;
        return true;
      }
    }
    instance.transportFailures = 0;
    const block = Number(receipt.blockNumber);
    const popped = (instance.state.popped[block] ??= []);
    popped.push(...instance.state.pendingSkips, {
      entryHash: entry.entryHash,
      skipped: false,
    });
    instance.state.pendingSkips = [];
    this.#markBusy(instance, block);
    instance.relaying = entry.queueIndex;
    try {
      await this.world.ingest(instance.chain, receipt.logs);
    } finally {
      instance.relaying = undefined;
    }
    if (
      receipt.status !== "0x1" &&
      message.status !== "relayed" &&
      this.#isLatestCopy(message, entry.queueIndex)
    ) {
      const revert = revertDataOf(error);
      const reason =
        revert !== undefined && revert !== "0x"
          ? await this.world.describeRevert(revert)
          : "out of gas";
      this.world.registry.update(message, "failed", "relay-failed", {
        destinationTx: receipt.transactionHash,
        error: `the L2 transaction reverted (${reason}); replayMessage on L1 with a larger gas limit`,
      });
    }
    return true;
  }

  /** Counts a send lost in transport; too many in a row end the pass with the cause (the node is gone, not hiccuping). */
  #transportFailure(
    instance: ScrollInstance,
    what: string,
    error: unknown,
  ): void {
    instance.transportFailures += 1;
    this.lastError = (error as Error).message;
    if (instance.transportFailures >= MAX_TRANSPORT_RETRIES) {
      instance.transportFailures = 0;
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Scroll ${what} on ${instance.chain.name}: ${MAX_TRANSPORT_RETRIES} sends in a row were lost in transport, the last with: ${firstLine(error)}. Check that the chains' nodes are up, then relay again.`,
        error as Error,
      );
    }
  }

  /** The relay transaction `from` sent with `nonce`, looked for in the blocks from `fromBlock` to the head. */
  async #findRelay(
    chain: Chain,
    from: string,
    nonce: number,
    fromBlock: number,
  ): Promise<RpcReceipt | undefined> {
    const head = await chain.blockNumber();
    for (let n = head; n >= Math.max(0, fromBlock); n--) {
      const block = await chain.rpc<{
        transactions: Array<{ hash: string; from: string; nonce: string }>;
      }>("eth_getBlockByNumber", [toQuantity(n), true]);
      const tx = block.transactions.find(
        (t) =>
          t.from.toLowerCase() === from.toLowerCase() &&
          Number(t.nonce) === nonce,
      );
      if (tx !== undefined) return await chain.receipt(tx.hash);
    }
    return undefined;
  }

  #hasUnbatchedWork(instance: ScrollInstance): boolean {
    const last =
      instance.state.batches[instance.state.batches.length - 1].lastBlock;
    return instance.state.busyBlocks.some((b) => b > last);
  }

  /** The batcher: commits the L2 blocks after the last batch (at most `batchBlocks`) as a version-0 batch. */
  async #commit(instance: ScrollInstance, toBlock?: number): Promise<number> {
    const state = instance.state;
    const chain = instance.chain;
    const parent = state.batches[state.batches.length - 1];
    const head = await chain.blockNumber();
    const first = parent.lastBlock + 1;
    const last = Math.min(
      toBlock ?? head,
      first + this.world.config.scroll.batchBlocks - 1,
    );
    if (last < first)
      fail(
        `Scroll chain ${chain.name} has no L2 block after the last batch (block ${parent.lastBlock}) to commit.`,
      );
    const blocks = [];
    const skipped: boolean[] = [];
    let bytes = 0;
    let count = 0;
    let end = first - 1;
    for (let n = first; n <= last; n++) {
      const block = await chain.rpc<RpcBlock>("eth_getBlockByNumber", [
        toQuantity(n),
        true,
      ]);
      const popped = state.popped[n] ?? [];
      const chunkBlock = chunkBlockFromRpc(block, popped, (tx) =>
        isL1MessageTransaction(tx, instance.alias),
      );
      const size = chunkBlock.l2Transactions.reduce(
        (sum, tx) => sum + (tx.length - 2) / 2,
        0,
      );
      // Keep commitBatch's calldata and work within one L1 transaction's gas (EIP-7623 floor, EIP-7825 cap).
      const txs = chunkBlock.context.numTransactions;
      if (
        blocks.length > 0 &&
        (bytes + size > MAX_BATCH_BYTES || count + txs > MAX_BATCH_TXS)
      )
        break;
      bytes += size;
      count += txs;
      end = n;
      for (const m of popped) skipped.push(m.skipped);
      blocks.push(chunkBlock);
    }
    const batch: BatchV0 = buildBatchV0(
      parent.header,
      splitIntoChunks(blocks, MAX_NUM_TX_IN_CHUNK),
      skipped,
    );
    await this.#send(
      this.world.l1,
      {
        from: this.#actors.sequencer,
        to: instance.l1.ZKRollup,
        data: this.#ifaces.rollup.encodeFunctionData("commitBatch", [
          0,
          parent.encodedHeader,
          batch.chunks,
          batch.skippedL1MessageBitmap,
        ]),
      },
      `batcher's commitBatch of batch ${state.batches.length}`,
    );
    state.batches.push({
      header: batch.header,
      encodedHeader: batch.encodedHeader,
      batchHash: batch.batchHash,
      lastBlock: end,
      committedAt: Number((await this.world.l1.block("latest")).timestamp),
      finalized: false,
    });
    this.#refreshWithdrawals(instance);
    return state.batches.length - 1;
  }

  /** The prover and finalizer: proves and finalizes committed batches in index order after the proof delay. */
  async #finalize(
    instance: ScrollInstance,
    options: AdvanceOptions,
    force: boolean,
    upTo = Infinity,
  ): Promise<number> {
    let actions = 0;
    const state = instance.state;
    for (
      let index = 1;
      index < state.batches.length && index <= upTo;
      index++
    ) {
      const batch = state.batches[index];
      if (batch.finalized) continue;
      if (!force) {
        const due = batch.committedAt + this.world.config.scroll.proofDelay;
        const now = Number((await this.world.l1.block("pending")).timestamp);
        if (now < due) {
          if (!options.clock) break;
          await this.world.time.increaseTo(due);
          actions += 1;
        }
      }
      const chain = instance.chain;
      const rollup = instance.l1.ZKRollup;
      const prevStateRoot = await this.world.l1.rpc<string>("eth_call", [
        {
          to: rollup,
          data: this.#ifaces.rollup.encodeFunctionData("finalizedStateRoots", [
            index - 1,
          ]),
        },
        "latest",
      ]);
      const lastBlock = await chain.block(batch.lastBlock);
      const withdrawRoot = await chain.rpc<string>("eth_getStorageAt", [
        L2_MESSAGE_QUEUE_ADDRESS,
        "0x0",
        toQuantity(batch.lastBlock),
      ]);
      const input = publicInputHash({
        layer2ChainId: BigInt(chain.chainId),
        prevStateRoot,
        postStateRoot: lastBlock.stateRoot,
        withdrawRoot,
        dataHash: batch.header.dataHash,
      });
      // A failing prover (fault injection) signs with a key the verifier does not know.
      const key = this.world.faults.takeBadProof("scroll")
        ? this.world.actors.deployer.privateKey
        : this.#actors.prover.privateKey;
      const proof = signAggregateProof(key, input);
      try {
        await this.#send(
          this.world.l1,
          {
            from: this.#actors.sequencer,
            to: rollup,
            data: this.#ifaces.rollup.encodeFunctionData(
              "finalizeBatchWithProof",
              [
                batch.encodedHeader,
                prevStateRoot,
                lastBlock.stateRoot,
                withdrawRoot,
                proof,
              ],
            ),
          },
          `finalizer's finalizeBatchWithProof of batch ${index}`,
        );
      } catch (error) {
        const refused =
          revertDataOf(error)
            ?.toLowerCase()
            .startsWith(INVALID_PROOF_SELECTOR) === true;
        // Only the verifier's refusal of the proof, or a send lost in transport, is tried again (the
        // batch stays committed and the next pass proves it again); anything else stops with its cause.
        if (!refused && !isTransportError(error)) throw error;
        if (refused) this.lastError = (error as Error).message;
        else
          this.#transportFailure(
            instance,
            `finalizer's finalizeBatchWithProof of batch ${index}`,
            error,
          );
        actions += 1;
        break;
      }
      instance.transportFailures = 0;
      batch.finalized = true;
      actions += 1;
    }
    if (actions > 0) this.#refreshWithdrawals(instance);
    return actions;
  }

  #refreshWithdrawals(instance: ScrollInstance): void {
    for (const id of instance.state.leafMessages) {
      const message =
        id === undefined ? undefined : this.world.registry.get(id, "scroll");
      if (message === undefined) continue;
      // A claim, once made, names the first finalized batch holding the message, and batches
      // finalize in order and for good: only messages without one move (a claim-failed one
      // included, when a rebuild read its failed claim before its batch's finalization).
      // Leaves read later re-prove a claim (#reproveClaims).
      if (
        message.status === "relayed" ||
        withdrawalFacts(message).claim !== undefined
      )
        continue;
      this.#refreshWithdrawal(instance, message);
    }
  }

  /**
   * An actor's L1 transaction. A failure throws a HardhatPluginError naming `what` and the reason,
   * with the node's error as its cause (so a caller can tell a refusal from a lost send).
   */
  async #send(
    chain: Chain,
    tx: { from: string; to: string; data: string; gas?: bigint },
    what: string,
  ): Promise<RpcReceipt> {
    let receipt: RpcReceipt;
    try {
      // Batches and updates run to millions of gas: the cap instead of an estimate per transaction
      // (a sender pays for the gas used, not the limit).
      receipt = await chain.send({
        ...tx,
        gas: tx.gas ?? (await chain.maxTransactionGas()),
      });
    } catch (error) {
      const revert = revertDataOf(error);
      const reason =
        revert !== undefined
          ? await this.world.describeRevert(revert)
          : firstLine(error);
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Scroll ${what} on ${chain.name} failed: ${reason}`,
        error as Error,
      );
    }
    if (receipt.status === "0x1") return receipt;
    // A node that does not throw on failed transactions (throwOnTransactionFailures: false) mines
    // them: the same call on the block's parent state gives the reason.
    const replay = await chain
      .rpc("eth_call", [
        { from: tx.from, to: tx.to, data: tx.data },
        toQuantity(Number(receipt.blockNumber) - 1),
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const revert = revertDataOf(replay);
    const reason =
      revert !== undefined
        ? await this.world.describeRevert(revert)
        : "reverted";
    throw new HardhatPluginError(
      PLUGIN_ID,
      `Scroll ${what} on ${chain.name} failed: transaction ${receipt.transactionHash} ${reason === "reverted" ? "reverted" : `reverted with ${reason}`}`,
      Object.assign(
        new Error(`transaction ${receipt.transactionHash} reverted`),
        { data: revert },
      ),
    );
  }

  saveState(): unknown {
    return [...this.#instances].map(([name, i]) => [
      name,
      structuredClone(i.state),
    ]);
  }

  loadState(state: unknown): void {
    for (const [name, s] of state as Array<[string, InstanceState]>) {
      const instance = this.#instances.get(name)!;
      instance.state = structuredClone(s);
      instance.trie = new WithdrawTrie(instance.state.leaves);
      standingSkips.get(this.world)!.set(name, [...instance.state.skip]);
    }
  }

  // ---- world.scroll helpers ---------------------------------------------------------------------

  #message(
    messageOrId: Message | string,
    direction?: "l1-l2" | "l2-l1",
  ): ScrollMessage {
    const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
    const message = this.world.registry.require(id);
    if (!isMessageOf(message, "scroll"))
      fail(
        `Message ${id} is a ${message.protocol} message, not a Scroll message.`,
      );
    const facts = message.details;
    if (direction !== undefined && facts.direction !== direction) {
      fail(
        `Message ${id} goes ${facts.direction === "l1-l2" ? "from L1 to L2" : "from L2 to L1"}; this helper takes a message ${direction === "l1-l2" ? "from L1 to L2" : "from L2 to L1"}.`,
      );
    }
    return message;
  }

  #default(chainName?: string): ScrollInstance {
    if (chainName !== undefined) return this.#instance(chainName);
    const first = [...this.#instances.values()][0];
    if (first === undefined) fail("This world has no Scroll chain.");
    return first;
  }

  /** The sequencer relays queued L1→L2 messages now, up to `message` (default: all), skipping the confirmation wait. */
  async relayL1ToL2(messageOrId?: Message | string): Promise<ScrollMessage[]> {
    await this.world.relay();
    let instance = this.#default();
    let upTo = Infinity;
    if (messageOrId !== undefined) {
      const message = this.#message(messageOrId, "l1-l2");
      instance = this.#instance(message.to);
      upTo = Math.max(...depositFacts(message).queueIndices);
    }
    await this.#sequence(instance, { clock: false }, upTo, true);
    return this.world.messages({ protocol: "scroll", to: instance.chain.name });
  }

  /** The batcher commits the L2 blocks since the last batch now; returns the batch index. */
  async commitBatch(chainName?: string, toBlock?: number): Promise<number> {
    await this.world.relay();
    return await this.#commit(this.#default(chainName), toBlock);
  }

  /** The prover signs and the finalizer submits every committed batch up to `batchIndex`, skipping the proof delay. */
  async finalizeBatch(chainName?: string, batchIndex?: number): Promise<void> {
    const instance = this.#default(chainName);
    await this.#finalize(
      instance,
      { clock: false },
      true,
      batchIndex ?? Infinity,
    );
  }

  /** Batches of a Scroll chain as the batcher knows them. */
  batches(chainName?: string): Array<{
    index: number;
    batchHash: string;
    lastBlock: number;
    finalized: boolean;
  }> {
    return this.#default(chainName).state.batches.map((b, index) => ({
      index,
      batchHash: b.batchHash,
      lastBlock: b.lastBlock,
      finalized: b.finalized,
    }));
  }

  /** The claim data of a finalized L2→L1 message: `{ batchIndex, merkleProof }` for relayMessageWithProof. */
  withdrawalProof(messageOrId: Message | string): WithdrawalClaim {
    const message = this.#message(messageOrId, "l2-l1");
    const claim = withdrawalFacts(message).claim;
    if (claim === undefined)
      fail(
        `Message ${message.id} is not in a finalized batch yet (stage ${message.stage}); run world.relayAll() first.`,
      );
    return structuredClone(claim);
  }

  /** Claims a finalized L2→L1 message on L1 with relayMessageWithProof, from `signer` (default: the first account). */
  async claim(
    messageOrId: Message | string,
    signer?: Signer,
  ): Promise<ScrollMessage> {
    const message = this.#message(messageOrId, "l2-l1");
    const claim = this.withdrawalProof(message);
    const instance = this.#instance(message.from);
    const from = signer ?? (await this.world.l1.ethers.getSigners())[0];
    const tx = await from.sendTransaction({
      to: instance.l1.L1ScrollMessenger,
      data: this.#ifaces.l1Messenger.encodeFunctionData(
        "relayMessageWithProof",
        [
          message.sender,
          message.target,
          message.value,
          message.nonce,
          message.data,
          claim,
        ],
      ),
    });
    await tx.wait();
    await this.world.relay();
    return this.world.message(message.id, "scroll");
  }

  /** Fault injection: the sequencer will not relay this queue index (dropMessage applies once its batch is finalized). */
  skip(queueIndex: number, chainName?: string): void {
    const instance = this.#default(chainName);
    instance.state.skip.push(queueIndex);
    standingSkips
      .get(this.world)!
      .set(instance.chain.name, [...instance.state.skip]);
  }
}

export function createScrollProtocol(world: World): ScrollProtocol {
  return new ScrollProtocol(world);
}

/** The first line of an error's message: the node's reason without its stack or call details. */
function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}
