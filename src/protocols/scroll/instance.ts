import type { BatchHeaderV0 } from "./codec/batch-header.js";
import type { PoppedL1Message } from "./codec/batch.js";
import type {
  L1ToL2Facts,
  L2ToL1Facts,
  ScrollDepositStages,
  ScrollDetails,
  ScrollMessage,
  ScrollWithdrawalStages,
} from "./details.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";

import { getAddress, toBeHex } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { interfaceOf, readSystemArtifact } from "../../artifacts.js";
import { PLUGIN_ID } from "../../constants.js";

import { SCROLL_L1_ADDRESSES } from "./addresses.js";
import { applyL1ToL2Alias } from "./codec/alias.js";
import { WithdrawTrie } from "./codec/withdraw-trie.js";

/** The stage a relay outcome that failed leaves: relay-failed on L2, claim-failed on L1. */
export type FailedStage =
  ScrollDepositStages["failed"] | ScrollWithdrawalStages["failed"];

/** What a skipped L1 message waits for. */
export const SKIPPED_ERROR =
  "skipped by the sequencer; dropMessage on L1 once its batch is finalized";

/** ZKRollup's maxNumTxInChunk (project). */
export const MAX_NUM_TX_IN_CHUNK = 100;

const artifact = (source: string, name: string) =>
  readSystemArtifact(source, name);
/** The compiled system contracts, by contract name. */
export const ARTIFACTS = {
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

/** Throws a HardhatPluginError with `message`. */
export function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN_ID, message);
}

/** The facts of an L1→L2 message (queue copies, gas limit): a withdrawal here is a relayer bug, named. */
export function depositFacts(message: ScrollMessage): L1ToL2Facts {
  if (message.details.direction !== "l1-l2")
    fail(
      `Scroll message ${message.id} goes from L2 to L1, where an L1→L2 message was expected.`,
    );
  return message.details;
}

/** The facts of an L2→L1 message (its leaf, batch and claim): a deposit here is a relayer bug, named. */
export function withdrawalFacts(message: ScrollMessage): L2ToL1Facts {
  if (message.details.direction !== "l2-l1")
    fail(
      `Scroll message ${message.id} goes from L1 to L2, where an L2→L1 message was expected.`,
    );
  return message.details;
}

export interface QueuedEntry {
  queueIndex: number;
  gasLimit: bigint;
  data: string;
  entryHash: string;
  l1Block: number;
  messageId: string;
}

export interface BatchRecord {
  header: BatchHeaderV0;
  encodedHeader: string;
  batchHash: string;
  lastBlock: number;
  committedAt: number;
  finalized: boolean;
}

/** What the relayer knows of one Scroll chain beyond the message registry (what a world snapshot carries). */
export interface ScrollRelayState {
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
  /** Message ids by direction and message hash (the same five fields can be sent both ways). */
  byHash: Record<ScrollDetails["direction"], Record<string, string>>;
  /** Set after a rebuild: the first pass marks failed the messages whose relay reverted without an event (see `reconcile` in rebuild.ts). */
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
export const standingSkips = new WeakMap<World, Map<string, number[]>>();

/** One Scroll chain: its L1 contract addresses, its messenger alias, and the relayer's state of it. */
export class ScrollInstance {
  state: ScrollRelayState = {
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
    byHash: { "l1-l2": {}, "l2-l1": {} },
    outcomes: {},
  };
  trie = new WithdrawTrie();
  /** Sends in a row lost in transport (the sequencer's and the finalizer's together). */
  lostSends = 0;
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

/** An L2 block holds something a batch must carry to L1 (an L1 message or an AppendMessage). */
export function markBusy(instance: ScrollInstance, block: number): void {
  const busy = instance.state.busyBlocks;
  if (busy[busy.length - 1] !== block) busy.push(block);
}

/** The ABIs the actors and the installer encode calls with. */
export function createInterfaces() {
  return {
    l1Messenger: interfaceOf(ARTIFACTS.L1ScrollMessenger()),
    l1Queue: interfaceOf(ARTIFACTS.L1MessageQueue()),
    rollup: interfaceOf(ARTIFACTS.ZKRollup()),
    verifier: interfaceOf(ARTIFACTS.MockRollupVerifier()),
    whitelist: interfaceOf(ARTIFACTS.Whitelist()),
    l2Messenger: interfaceOf(ARTIFACTS.L2ScrollMessenger()),
    l2Queue: interfaceOf(ARTIFACTS.L2MessageQueue()),
  };
}

/** What the installer, the log reader, the actors and the helpers share: the world and each Scroll chain's state. */
export interface ScrollContext {
  readonly world: World;
  readonly instances: Map<string, ScrollInstance>;
  readonly ifaces: ReturnType<typeof createInterfaces>;
  /** The last actor transaction that failed and will be tried again (e.g. a refused proof). */
  lastError: string | undefined;
}

/** The Scroll chain named `chain`; any other name is refused with the Scroll chains listed. */
export function instanceOf(
  ctx: ScrollContext,
  chain: Chain | string,
): ScrollInstance {
  const name = typeof chain === "string" ? chain : chain.name;
  const instance = ctx.instances.get(name);
  if (instance === undefined) {
    fail(
      `"${name}" is not a Scroll chain of this world. Scroll chains: ${[...ctx.instances.keys()].join(", ") || "none"}.`,
    );
  }
  return instance;
}

/** The accounts the Scroll actors send from. */
export function actorsOf(ctx: ScrollContext) {
  return {
    deployer: ctx.world.actors.deployer.address,
    sequencer: ctx.world.actors["scroll:sequencer"].address,
    prover: ctx.world.actors["scroll:prover"],
    feeVault: ctx.world.actors["scroll:fee-vault"].address,
  };
}
