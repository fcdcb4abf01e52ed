import type { ScrollMessage, WithdrawalClaim } from "./details.js";
import type { ScrollContext, ScrollInstance } from "./instance.js";
import type { Message } from "../../messages.js";
import type { Sender } from "../../senders.js";

import { isMessageOf } from "../../messages.js";
import { sendAs } from "../../senders.js";

import { commit } from "./actors/batcher.js";
import { finalize } from "./actors/finalizer.js";
import { sequence } from "./actors/sequencer.js";
import {
  depositFacts,
  fail,
  instanceOf,
  standingSkips,
  withdrawalFacts,
} from "./instance.js";

/** The `world.scroll` helpers: drive the actors now, read batches and withdrawal proofs, claim, inject skips. */
export class ScrollHelpers {
  constructor(protected readonly ctx: ScrollContext) {}

  /** The last actor transaction that failed and will be tried again (e.g. a refused proof). */
  get lastError(): string | undefined {
    return this.ctx.lastError;
  }

  #message(
    messageOrId: Message | string,
    direction?: "l1-l2" | "l2-l1",
  ): ScrollMessage {
    const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
    const message = this.ctx.world.registry.require(id);
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
    if (chainName !== undefined) return instanceOf(this.ctx, chainName);
    const first = [...this.ctx.instances.values()][0];
    if (first === undefined) fail("This world has no Scroll chain.");
    return first;
  }

  /** The sequencer relays queued L1→L2 messages now, up to `message` (default: all), skipping the confirmation wait. */
  async relayL1ToL2(messageOrId?: Message | string): Promise<ScrollMessage[]> {
    await this.ctx.world.relay();
    let instance = this.#default();
    let upTo = Infinity;
    if (messageOrId !== undefined) {
      const message = this.#message(messageOrId, "l1-l2");
      instance = instanceOf(this.ctx, message.to);
      upTo = Math.max(...depositFacts(message).queueIndices);
    }
    await sequence(this.ctx, instance, { clock: false }, upTo, true);
    return this.ctx.world.messages({
      protocol: "scroll",
      to: instance.chain.name,
    });
  }

  /** The batcher commits the L2 blocks since the last batch now; returns the batch index. */
  async commitBatch(chainName?: string, toBlock?: number): Promise<number> {
    await this.ctx.world.relay();
    return await commit(this.ctx, this.#default(chainName), toBlock);
  }

  /** The prover signs and the finalizer submits every committed batch up to `batchIndex`, skipping the proof delay. */
  async finalizeBatch(chainName?: string, batchIndex?: number): Promise<void> {
    const instance = this.#default(chainName);
    await finalize(
      this.ctx,
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
    return this.#default(chainName).state.batches.map((batch, index) => ({
      index,
      batchHash: batch.batchHash,
      lastBlock: batch.lastBlock,
      finalized: batch.finalized,
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

  /**
   * Claims a finalized L2→L1 message on L1 with relayMessageWithProof, from `signer`: an ethers signer,
   * a viem wallet client or a viem account (default: the L1's first account).
   */
  async claim(
    messageOrId: Message | string,
    signer?: Sender,
  ): Promise<ScrollMessage> {
    const message = this.#message(messageOrId, "l2-l1");
    const claim = this.withdrawalProof(message);
    const instance = instanceOf(this.ctx, message.from);
    await sendAs(this.ctx.world.l1, signer, {
      to: instance.l1.L1ScrollMessenger,
      data: this.ctx.ifaces.l1Messenger.encodeFunctionData(
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
    await this.ctx.world.relay();
    return this.ctx.world.message(message.id, "scroll");
  }

  /** Fault injection: the sequencer will not relay this queue index (dropMessage applies once its batch is finalized). */
  skip(queueIndex: number, chainName?: string): void {
    const instance = this.#default(chainName);
    instance.state.skip.push(queueIndex);
    standingSkips
      .get(this.ctx.world)!
      .set(instance.chain.name, [...instance.state.skip]);
  }
}
