/**
 * Many actor transactions to a block, the way a sequencer builds one: the chain's automine is held
 * while an actor queues its transactions, the block is mined once (or once per block gas limit's
 * worth), and the chain's mining mode is restored. Each queued transaction ends with the same
 * ActorTxOutcome as `sendActorTransaction` gives for one sent alone. A chain whose automine is
 * already off (interval mining, `xdm:node`) is not held: its actors send one at a time, as before.
 */
import type { ActorTxFailure, ActorTxOutcome } from "./actor-transaction.js";
import type { Chain, RpcReceipt, TxFields } from "./chain.js";
import type { World } from "./world.js";

import { HardhatPluginError } from "hardhat/plugins";

import {
  actorTxFailure,
  minedRevert,
  sendActorTransaction,
} from "./actor-transaction.js";
import { transactionGasCap } from "./chain.js";
import { PLUGIN_ID } from "./constants.js";

/**
 * The most transactions an actor puts in one block. EDR's cost per transaction of a mined block
 * grows with the block (1,000 OP relays, `evm_mine` per relay: 0.51 ms in blocks of 5, 0.36 in
 * blocks of 20, 0.46 in blocks of 50, 0.70 in blocks of 200, 0.82 in blocks of ~660), so past a few
 * tens a block is slower than one block per transaction; the OP relay phase ran at 827–890 msg/s in
 * blocks of 10, 691–751 in blocks of 25, 543–587 in blocks of 50, and 529–646 one per block.
 */
export const BLOCK_TRANSACTIONS = 10;

/** A transaction queued in a held block: its fields as sent, and its hash. */
export interface QueuedTransaction {
  tx: TxFields;
  hash: string;
}

/** A queued transaction and how it ended once its block was mined. */
export interface BatchedOutcome extends QueuedTransaction {
  outcome: ActorTxOutcome;
}

/** The chains whose automine a HeldBlock holds now (a gate reads it: the next block's clock cannot move). */
const held = new WeakSet<Chain>();

/** Whether an actor holds `chain`'s automine: nothing is mined on it until the actor mines its block. */
export function isHeld(chain: Chain): boolean {
  return held.has(chain);
}

/** What a held block needs of the world: reading reverts. */
type RevertReader = Pick<World, "describeRevert">;

/**
 * One actor's transactions on one chain, queued with its automine held and mined together. Open with
 * `HeldBlock.open`, `submit` each transaction in the order the block must run them, then `mine`
 * (which always restores the mining mode, also when it throws). Only one may be open per chain.
 */
export class HeldBlock {
  readonly #queued: QueuedTransaction[] = [];
  /** Gas limits of the transactions queued since the last block mined: what the next block must fit. */
  #gasInBlock = 0n;
  #inBlock = 0;
  #closed = false;

  private constructor(
    private readonly world: RevertReader,
    private readonly chain: Chain,
    private readonly blockGasLimit: bigint,
    private readonly maxTransactionGas: bigint,
  ) {}

  /**
   * Holds `chain`'s automine, or returns undefined when it is off already (interval mining or a
   * user's evm_setAutomine(false)): then nothing here may change how that chain mines, and the
   * caller sends its transactions one at a time, each waiting for the block that includes it.
   */
  static async open(
    world: RevertReader,
    chain: Chain,
  ): Promise<HeldBlock | undefined> {
    if (held.has(chain))
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Chain "${chain.name}" already has a held block: an actor must mine its block before another holds the chain.`,
      );
    if (!chain.isSimulated) return undefined;
    if (!(await chain.rpc<boolean>("hardhat_getAutomine"))) return undefined;
    const blockGasLimit = BigInt((await chain.block("latest")).gasLimit);
    const maxTransactionGas = transactionGasCap(blockGasLimit);
    await chain.rpc("evm_setAutomine", [false]);
    held.add(chain);
    return new HeldBlock(world, chain, blockGasLimit, maxTransactionGas);
  }

  /** The transactions queued so far, in order. */
  get queued(): readonly QueuedTransaction[] {
    return this.#queued;
  }

  /**
   * Queues `tx` (the chain's per-transaction cap as its gas when it names none). A transaction that
   * would not fit in the block being filled (the sum of the gas limits queued over the block gas
   * limit, as a block builder that does not know the gas a transaction will use counts), or that
   * would be its BLOCK_TRANSACTIONS + 1st, first has that block mined. Returns the hash, or how the send failed: a gate's refusal, a lost request.
   */
  async submit(
    tx: TxFields,
  ): Promise<{ hash: string } | { failure: ActorTxFailure }> {
    this.#assertOpen();
    const sent = { ...tx, gas: tx.gas ?? this.maxTransactionGas };
    if (
      (this.#gasInBlock > 0n &&
        this.#gasInBlock + sent.gas > this.blockGasLimit) ||
      this.#inBlock >= BLOCK_TRANSACTIONS
    )
      await this.#mineBlock();
    let hash: string;
    try {
      hash = await this.chain.submit(sent);
    } catch (error) {
      return { failure: await actorTxFailure(this.world, error) };
    }
    this.#gasInBlock += sent.gas;
    this.#inBlock += 1;
    this.#queued.push({ tx: sent, hash });
    return { hash };
  }

  /**
   * Mines what is queued, restores automine, and tells how each queued transaction ended, in the
   * order queued. A transaction mined with status 0 gets its revert data from its own trace (the
   * state the block's earlier transactions left), not from a replay on the parent block.
   */
  async mine(): Promise<BatchedOutcome[]> {
    this.#assertOpen();
    try {
      await this.#mineBlock();
    } finally {
      await this.#release();
    }
    const outcomes: BatchedOutcome[] = [];
    for (const queued of this.#queued) {
      const receipt = await this.chain.rpc<RpcReceipt | null>(
        "eth_getTransactionReceipt",
        [queued.hash],
      );
      if (receipt === null)
        throw new HardhatPluginError(
          PLUGIN_ID,
          `Transaction ${queued.hash} on chain "${this.chain.name}" was queued in a held block but is not in any block mined since.`,
        );
      outcomes.push({
        ...queued,
        outcome:
          receipt.status === "0x1"
            ? { kind: "mined", receipt }
            : await minedRevert(this.world, this.chain, queued.tx, receipt),
      });
    }
    return outcomes;
  }

  /**
   * Mines the block being filled, and again while transactions stay in the pool (a block the node
   * filled to its gas limit): a held chain's pool holds only what this block queued.
   */
  async #mineBlock(): Promise<void> {
    this.#gasInBlock = 0n;
    this.#inBlock = 0;
    if (this.#queued.length === 0) return;
    await this.chain.rpc("evm_mine");
    const last = this.#queued[this.#queued.length - 1].hash;
    // At most one more block per queued transaction: each block holds at least one.
    for (const _ of this.#queued) {
      if (
        (await this.chain.rpc<RpcReceipt | null>("eth_getTransactionReceipt", [
          last,
        ])) !== null
      )
        return;
      await this.chain.rpc("evm_mine");
    }
  }

  async #release(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    held.delete(this.chain);
    await this.chain.rpc("evm_setAutomine", [true]);
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new HardhatPluginError(
        PLUGIN_ID,
        `The held block of chain "${this.chain.name}" was mined already: open another.`,
      );
  }
}

/**
 * Sends `txs` in order as one block (or several, by the block gas limit) when the chain mines
 * automatically, else one at a time as `sendActorTransaction`; either way one ActorTxOutcome each,
 * in order. For actors whose transactions do not depend on one another's outcome.
 */
export async function sendInOneBlock(
  world: RevertReader,
  chain: Chain,
  txs: readonly TxFields[],
): Promise<ActorTxOutcome[]> {
  const block = txs.length > 1 ? await HeldBlock.open(world, chain) : undefined;
  if (block === undefined) {
    const outcomes: ActorTxOutcome[] = [];
    for (const tx of txs)
      outcomes.push(await sendActorTransaction(world, chain, tx));
    return outcomes;
  }
  const outcomes: Array<ActorTxOutcome | number> = [];
  try {
    for (const tx of txs) {
      const sent = await block.submit(tx);
      outcomes.push("hash" in sent ? block.queued.length - 1 : sent.failure);
    }
  } catch (error) {
    await block.mine().catch(() => undefined);
    throw error;
  }
  const mined = await block.mine();
  return outcomes.map((outcome) =>
    typeof outcome === "number" ? mined[outcome].outcome : outcome,
  );
}
