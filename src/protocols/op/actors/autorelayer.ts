import type { ActorTxFailure } from "../../../actor-transaction.js";
import type { BatchedOutcome } from "../../../block-batch.js";
import type { Chain, RpcReceipt, TxFields } from "../../../chain.js";
import type { World } from "../../../world.js";
import type { AdvanceOptions } from "../../types.js";
import type { OpMessage } from "../details.js";
import type { OpRelayState } from "../state.js";

import { toQuantity } from "ethers";

import {
  MAX_LOST_SENDS,
  actorTxFailure,
  countLostSend,
  firstLine,
  minedRevert,
} from "../../../actor-transaction.js";
import { interfaceOf } from "../../../artifacts.js";
import { HeldBlock } from "../../../block-batch.js";
import { messengerArtifact } from "../artifacts.js";
import { encodeRelayMessageCalldata } from "../codec/message.js";
import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "../codec/predeploys.js";
import { isInteropMessage } from "../details.js";

import { rejectionOf } from "./rejections.js";

/** `RequiredMessageNotSuccessful(bytes32)`: a relay that must wait for another message. */
const REQUIRED_MESSAGE_NOT_SUCCESSFUL = "0x5e38ca86";

/** The autorelayer's account (keyed actor `op:autorelayer`). */
export function autorelayerAddress(world: World): string {
  return world.actors["op:autorelayer"].address;
}

/**
 * The autorelayer: relays every open message to its destination through that chain's supervisor, waits
 * for the receipt, retries what failed within `op.relayRetries`, sends again what transport lost, and
 * marks expired what the window closed on.
 */
export class Autorelayer {
  readonly #iface = interfaceOf(messengerArtifact());

  constructor(
    private readonly world: World,
    private readonly state: OpRelayState,
  ) {}

  get #address(): string {
    return autorelayerAddress(this.world);
  }

  async advance(options: AdvanceOptions): Promise<number> {
    let actions = 0;
    // The destinations' next-block timestamps, read once per pass: a lower bound of the time a
    // relay executes at (blocks mined during the pass only move it forward). The autorelayer uses
    // it to skip messages that have expired or are not due yet; the supervisor checks the exact
    // timestamp of the block each relay lands in.
    const pending = new Map<string, number>();
    const nextTimestamp = async (chain: Chain): Promise<number> => {
      let stamp = pending.get(chain.name);
      if (stamp === undefined) {
        stamp = Number((await chain.block("pending")).timestamp);
        pending.set(chain.name, stamp);
      }
      return stamp;
    };
    // Relays ready to send, per destination, in the order the messages were opened.
    const ready = new Map<Chain, OpMessage[]>();
    for (const id of [...this.state.open]) {
      const message = this.world.registry.get(id, "op");
      if (
        message === undefined ||
        !isInteropMessage(message) ||
        message.status === "relayed"
      ) {
        this.state.open.delete(id);
        continue;
      }
      const details = message.details;
      const destination = this.world.chain(message.to);
      const executingAt = await nextTimestamp(destination);
      if (
        executingAt >=
        Number(details.identifier.timestamp) + this.world.config.op.expiryWindow
      ) {
        this.expire(message);
        continue;
      }
      if (details.inflight !== undefined) {
        actions += await this.#recordOutcome(
          message,
          destination,
          details.inflight,
        );
        continue;
      }
      // A paused autorelayer does nothing; with the supervisor down no executing message can be included.
      if (
        !this.world.config.op.autorelay ||
        this.world.faults.isPaused("op:autorelayer") ||
        this.world.faults.isPaused("op:supervisor")
      )
        continue;
      if (this.world.faults.isHeld(id) || this.world.faults.isDropped(id))
        continue;
      let notBefore: number | undefined;
      if (Number(details.identifier.timestamp) > executingAt) {
        // The source chain is ahead of the destination: the supervisor would call the message
        // "in the future". Wait for the destination's clock, or (in a clock pass) have the relay's
        // block carry the initiating timestamp.
        if (!options.clock) continue;
        notBefore = Number(details.identifier.timestamp);
      }
      if (
        message.stage === "waiting-dependency" &&
        details.waitingFor !== undefined
      ) {
        if (
          this.state.relayed
            .get(destination.name)
            ?.has(details.waitingFor.toLowerCase()) !== true
        )
          continue;
      }
      if (message.status === "failed") {
        if (details.attempts >= this.world.config.op.relayRetries) continue;
        if ((await destination.blockNumber()) <= details.lastAttemptBlock)
          continue;
      }
      if (notBefore !== undefined) {
        // Its block must carry another timestamp than the other relays': a block of its own.
        actions += await this.attempt(message, destination, notBefore);
        continue;
      }
      const relays = ready.get(destination) ?? [];
      relays.push(message);
      ready.set(destination, relays);
    }
    for (const [destination, relays] of ready)
      actions += await this.#attemptInOneBlock(relays, destination);
    return actions;
  }

  /**
   * Relays `messages` to `destination` in one block, as op-geth's sequencer includes many executing
   * messages per block: each estimated on the chain's latest block, sent through the supervisor with
   * the chain's automine held, then mined together. A relay that needs another relay of the same
   * block first estimates as waiting for it (RequiredMessageNotSuccessful) and goes in a later
   * block. A single relay, or a chain that does not automine, is sent alone.
   */
  async #attemptInOneBlock(
    messages: OpMessage[],
    destination: Chain,
  ): Promise<number> {
    let actions = 0;
    const block =
      messages.length > 1
        ? await HeldBlock.open(this.world, destination)
        : undefined;
    if (block === undefined) {
      for (const message of messages)
        actions += await this.attempt(message, destination);
      return actions;
    }
    const queued = new Map<string, OpMessage>();
    let outcomes: BatchedOutcome[];
    try {
      for (const message of messages) {
        const details = message.details;
        const tx = this.#relayTransaction(message);
        details.attempts += 1;
        let gas: bigint;
        try {
          // Against "latest": an estimate on the pending block would run every relay queued before it.
          gas = BigInt(
            await destination.rpc<string>("eth_estimateGas", [tx, "latest"]),
          );
        } catch (error) {
          actions += await this.#estimateFailed(message, destination, error);
          continue;
        }
        const sent = await block.submit({ ...tx, gas: (gas * 12n) / 10n });
        if ("failure" in sent) {
          actions += await this.#sendFailed(message, destination, sent.failure);
          continue;
        }
        details.inflight = sent.hash;
        details.lostSends = undefined;
        queued.set(sent.hash, message);
      }
    } finally {
      outcomes = await block.mine();
    }
    for (const { hash, outcome } of outcomes) {
      const message = queued.get(hash)!;
      message.details.inflight = undefined;
      if (outcome.kind === "mined")
        this.#settle(message, destination, outcome.receipt);
      else {
        // Mined with status 0: a relay of the block before it changed what this one found.
        if (outcome.kind === "reverted" && outcome.receipt !== undefined)
          message.details.lastAttemptBlock = Number(
            outcome.receipt.blockNumber,
          );
        await this.#reverted(message, destination, outcome, hash);
      }
      actions += 1;
    }
    return actions;
  }

  /** The expiry window closed on the message: only a resendMessage on its source chain opens it again. */
  expire(message: OpMessage): void {
    this.world.registry.update(message, "expired", "expired", {
      error: "initiating message expired: resendMessage on the source chain",
    });
    this.state.open.delete(message.id);
  }

  /**
   * One relay attempt by the autorelayer (account 9): estimate with the access list (+20%),
   * send through the supervisor, read the receipt. Whether another relayer got there first is
   * asked of the chain only when the relay would revert: the pass's own log scan covers the
   * rest, and a relay of a relayed message reverts.
   */
  async attempt(
    message: OpMessage,
    destination: Chain,
    notBefore?: number,
  ): Promise<number> {
    const details = message.details;
    const tx = this.#relayTransaction(message);
    details.attempts += 1;
    let gas: bigint;
    try {
      gas = BigInt(await destination.rpc<string>("eth_estimateGas", [tx]));
    } catch (error) {
      return await this.#estimateFailed(message, destination, error);
    }
    try {
      if (
        notBefore !== undefined &&
        Number((await destination.block("pending")).timestamp) < notBefore
      ) {
        // A clock pass, the source chain ahead: the relay's block carries the initiating timestamp.
        await destination.rpc("evm_setNextBlockTimestamp", [
          toQuantity(notBefore),
        ]);
      }
      const hash = await destination.submit({ ...tx, gas: (gas * 12n) / 10n });
      details.inflight = hash;
      details.lostSends = undefined;
      await this.#recordOutcome(message, destination, hash);
    } catch (error) {
      return await this.#sendFailed(
        message,
        destination,
        await actorTxFailure(this.world, error),
      );
    }
    return 1;
  }

  /** The relay's estimate failed: lost in transport, or the relay would revert. */
  async #estimateFailed(
    message: OpMessage,
    destination: Chain,
    error: unknown,
  ): Promise<number> {
    const failure = await actorTxFailure(this.world, error);
    if (failure.kind === "transport")
      return this.#lost(message, destination, failure.error);
    message.details.lastAttemptBlock = await destination.blockNumber();
    return await this.#reverted(message, destination, failure);
  }

  /** The relay's send failed: lost in transport, refused by the supervisor, or reverted. */
  async #sendFailed(
    message: OpMessage,
    destination: Chain,
    failure: ActorTxFailure,
  ): Promise<number> {
    const details = message.details;
    // No answer: the send may or may not have reached the chain. Not an attempt; the next pass reads the
    // receipt of a known hash, or estimates again (a relayed message then reverts MessageAlreadyRelayed).
    if (failure.kind === "transport")
      return this.#lost(message, destination, failure.error);
    const rejection = rejectionOf(failure.error);
    if (rejection?.kind === "expired") {
      // The window closed between the autorelayer's look at the clock and the supervisor's.
      this.expire(message);
    } else if (
      rejection?.kind === "future" ||
      rejection?.kind === "unavailable"
    ) {
      details.attempts -= 1; // not the message's fault: the next pass tries again
    } else if (rejection !== undefined) {
      this.world.registry.update(message, "failed", "rejected", {
        error: rejection.message,
      });
      this.state.open.delete(message.id);
    } else {
      details.lastAttemptBlock = await destination.blockNumber();
      return await this.#reverted(message, destination, failure);
    }
    return 1;
  }

  /** The autorelayer's relayMessage of `message`, with the access list its CrossL2Inbox check reads. */
  #relayTransaction(message: OpMessage): TxFields {
    const details = message.details;
    return {
      from: this.#address,
      to: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      data: encodeRelayMessageCalldata(details.identifier, details.payload),
      accessList: details.accessList,
    };
  }

  /** A relay send lost in transport: the message keeps its status, says why in its error, and is sent again. */
  #lost(message: OpMessage, destination: Chain, error: Error): number {
    const details = message.details;
    details.attempts -= 1;
    countLostSend(
      details,
      error,
      (why) =>
        `The autorelayer's relay of ${message.id} got no answer from ${destination.name} ${MAX_LOST_SENDS} times in a row: ${why}`,
    );
    this.world.registry.update(message, message.status, message.stage, {
      error: `the relay did not reach ${destination.name} (${firstLine(error)}); the autorelayer sends it again on its next pass`,
    });
    return 1;
  }

  /**
   * A relay that reverts (in the estimate, in the send, or mined with status 0 as `destinationTx`):
   * relayed by someone else, waiting for another message, or failed. A failure that is not a revert
   * (the node refused the send) is recorded as a failed relay too, with the node's words.
   */
  async #reverted(
    message: OpMessage,
    destination: Chain,
    failure: ActorTxFailure,
    destinationTx?: string,
  ): Promise<number> {
    const details = message.details;
    const registry = this.world.registry;
    if (await this.#isRelayedOnChain(message, destination)) {
      this.state.relayed.get(destination.name)?.add(message.hash.toLowerCase());
      registry.update(message, "relayed", "relayed", { error: undefined });
      this.state.open.delete(message.id);
      details.attempts -= 1;
      return 0;
    }
    const revert = failure.kind === "reverted" ? failure.revertData : undefined;
    if (revert?.startsWith(REQUIRED_MESSAGE_NOT_SUCCESSFUL) === true) {
      details.waitingFor = `0x${revert.slice(10, 74)}`;
      registry.update(message, "pending", "waiting-dependency", {
        error: `waiting for message ${details.waitingFor}`,
      });
      details.attempts -= 1;
      return 1;
    }
    registry.update(message, "failed", "relay-reverted", {
      ...(destinationTx !== undefined ? { destinationTx } : {}),
      error: await this.#describe(failure),
    });
    return 1;
  }

  /**
   * Records the outcome of a relay transaction the autorelayer sent, read from its receipt. Under
   * interval mining it may still be pending: the message then waits, and is never sent a second
   * time while its first transaction is in the mempool.
   */
  async #recordOutcome(
    message: OpMessage,
    destination: Chain,
    hash: string,
  ): Promise<number> {
    const details = message.details;
    const receipt = await destination.rpc<RpcReceipt | null>(
      "eth_getTransactionReceipt",
      [hash],
    );
    if (receipt === null) return 0;
    details.inflight = undefined;
    details.lastAttemptBlock = Number(receipt.blockNumber);
    if (receipt.status === "0x1") {
      this.#settle(message, destination, receipt);
    } else {
      // Mined reverted (a node that does not throw on failed transactions, or interval mining): its
      // replay gives the revert a throwing node would have named, and the same path follows.
      const failure = await minedRevert(
        this.world,
        destination,
        this.#relayTransaction(message),
        receipt,
      );
      await this.#reverted(message, destination, failure, hash);
    }
    return 1;
  }

  /** A relay mined successfully: the message is relayed by `receipt`'s transaction. */
  #settle(message: OpMessage, destination: Chain, receipt: RpcReceipt): void {
    message.details.lastAttemptBlock = Number(receipt.blockNumber);
    this.state.relayed.get(destination.name)?.add(message.hash.toLowerCase());
    this.world.registry.update(message, "relayed", "relayed", {
      destinationTx: receipt.transactionHash,
      error: undefined,
    });
    this.state.open.delete(message.id);
  }

  async #isRelayedOnChain(
    message: OpMessage,
    destination: Chain,
  ): Promise<boolean> {
    const data = this.#iface.encodeFunctionData("successfulMessages", [
      message.hash,
    ]);
    const result = await destination.rpc<string>("eth_call", [
      { to: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS, data },
      "latest",
    ]);
    return BigInt(result) !== 0n;
  }

  /** A failed relay's reason: the messenger's own error first, else the decoded revert, else the node's message. */
  async #describe(failure: ActorTxFailure): Promise<string> {
    if (failure.kind === "reverted" && failure.revertData !== undefined) {
      try {
        const parsed = this.#iface.parseError(failure.revertData);
        if (parsed !== null) return `${parsed.name}(${parsed.args.join(", ")})`;
      } catch {
        // not one of the messenger's errors: the target's own revert data
      }
      return await this.world.describeRevert(failure.revertData);
    }
    return failure.error.message;
  }
}
