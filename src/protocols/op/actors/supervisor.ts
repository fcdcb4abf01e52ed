import type { SupervisorRejection } from "./rejections.js";
import type { VerifiedMessages } from "./verified-messages.js";
import type { Chain } from "../../../chain.js";
import type { TransactionGate } from "../../../gates.js";
import type { World } from "../../../world.js";
import type { RpcLog } from "../../types.js";
import type { AccessListEntry } from "../codec/access-list.js";
import type { AccessList } from "ethers";
import type { JsonRpcRequest } from "hardhat/types/providers";

import { Transaction, getAddress, toQuantity } from "ethers";

import { isHeld } from "../../../block-batch.js";
import {
  calculateChecksum,
  parseAccessListKeys,
} from "../codec/access-list.js";
import { msgHash, payloadFromLog } from "../codec/message.js";
import { CROSS_L2_INBOX_ADDRESS } from "../codec/predeploys.js";

import { rejections } from "./rejections.js";

/** How long a clock reading serves the transactions that follow it. */
const CLOCK_READING_MS = 1000;

/**
 * The chains of a world share one clock, but each node keeps its own: `world.time` sets them one after
 * the other, so under load a source chain can run up to this many seconds ahead of the destination. A
 * message that much "ahead" is from the world's present, not its future: the executing block takes its
 * timestamp (the sequencer choosing its block's time), so the block as mined still obeys rule 6.
 */
const CLOCK_SKEW_SECONDS = 2;

/** Requests after which a chain's history may differ from what was read of it. */
const HISTORY_TOOLS = new Set(["evm_revert", "hardhat_reset"]);

/**
 * The supervisor of one OP chain, as op-geth's interop ingress filter asks op-supervisor: before a
 * transaction is included, every CrossL2Inbox key of its access list is read, and each message it declares
 * must name a real initiating log of a chain in the dependency set, inside the expiry window. Only a key in
 * the access list lets `CrossL2Inbox.validateMessage` pass, so a transaction executes no message it did not
 * declare, and what it would do when run plays no part here. A transaction that fails a rule is answered
 * with a JSON-RPC error and never mined.
 */
export class Supervisor implements TransactionGate {
  constructor(
    private readonly world: World,
    private readonly chain: Chain,
    private readonly expiryWindow: number,
    private readonly verified: VerifiedMessages,
  ) {}

  /**
   * The timestamp this supervisor last pinned for the next block, and when (wall clock). Kept for a second
   * at most, and forgotten at any evm_* or hardhat_* request, so that transactions sent in a burst share one
   * clock reading while the chain's own clock still rules.
   */
  #reading: { at: number; readAt: number } | undefined;

  onStateTool(method: string): void {
    this.#reading = undefined;
    if (HISTORY_TOOLS.has(method))
      this.verified.forgetChain(BigInt(this.chain.chainId));
  }

  /** The network hook's question: the refusal's message, answered to the sender with code -32602. */
  async check(request: JsonRpcRequest): Promise<string | undefined> {
    return (await this.reject(request))?.message;
  }

  /** Why the transaction must not be included, as a typed refusal, or undefined to let it through. */
  async reject(
    request: JsonRpcRequest,
  ): Promise<SupervisorRejection | undefined> {
    const accessList = accessListOf(request);
    // op-geth reads the keys of every access-list entry of the inbox, in order, as one list.
    const keys = (accessList ?? [])
      .filter(
        (entry) =>
          entry.address.toLowerCase() === CROSS_L2_INBOX_ADDRESS.toLowerCase(),
      )
      .flatMap((entry) => entry.storageKeys);
    if (keys.length === 0) return undefined;
    if (this.world.faults.isPaused("op:supervisor")) {
      return rejections.unavailable();
    }

    let declared: AccessListEntry[];
    try {
      declared = parseAccessListKeys(keys);
    } catch (error) {
      return rejections.malformed((error as Error).message);
    }
    for (const entry of declared) {
      const rejection = await this.#validateDeclared(entry);
      if (rejection !== undefined) return rejection;
    }
    return await this.#validateAndPinTime(declared);
  }

  /**
   * `supervisor_checkAccessList` for a transaction of this chain: every rule of `reject` for the messages
   * `declared` (the access list's CrossL2Inbox keys, parsed), against the executing timestamp the caller
   * gives instead of the chain's next block, and still at `timestamp + timeout` when a timeout is given.
   * As op-supervisor's access-list check, it refuses a message executed at the second it was initiated.
   * Every mined block of a world is at every safety level (nothing is derived from the L1), so the level
   * asked for plays no part. Pins nothing: nothing is being sent.
   */
  async checkAccessList(
    declared: readonly AccessListEntry[],
    executing: { timestamp: bigint; timeout: bigint },
  ): Promise<SupervisorRejection | undefined> {
    if (declared.length === 0) return undefined;
    if (this.world.faults.isPaused("op:supervisor")) {
      return rejections.unavailable();
    }
    for (const entry of declared) {
      const rejection =
        (await this.#validateDeclared(entry)) ??
        (entry.timestamp === executing.timestamp
          ? rejections.sameTimestamp(entry.timestamp)
          : undefined) ??
        this.#validateTiming(entry.timestamp, executing.timestamp) ??
        this.#validateTiming(
          entry.timestamp,
          executing.timestamp + executing.timeout,
        );
      if (rejection !== undefined) return rejection;
    }
    return undefined;
  }

  /** Rules 1 to 5 for one declared message: its route, then its initiating log. */
  async #validateDeclared(
    entry: AccessListEntry,
  ): Promise<SupervisorRejection | undefined> {
    return (
      this.#validateRoute(entry.chainId) ??
      (await this.#validateInitiating(entry))
    );
  }

  /**
   * Rules 6 and 7 against the timestamp of the block the transaction lands in, which the supervisor pins:
   * the reading of the last second if it passes and the node still takes it, else the node's pending
   * timestamp, read now (once per block an actor holds, see below). A pin the node refuses (a block with a later timestamp was mined since) and a
   * rejection by a reused reading both send it back to the node's clock.
   */
  async #validateAndPinTime(
    declared: AccessListEntry[],
  ): Promise<SupervisorRejection | undefined> {
    const reading = this.#reading;
    if (reading !== undefined && isHeld(this.chain)) {
      // An actor holds the chain's automine (src/block-batch.ts): the block being filled has the
      // timestamp pinned for its first transaction, and nothing mines before it. Every transaction of
      // that block is checked against that one timestamp, and none may move it.
      return this.#validateTimes(declared, reading.at);
    }
    if (
      reading !== undefined &&
      Date.now() - reading.readAt < CLOCK_READING_MS &&
      this.#validateTimes(declared, reading.at) === undefined
    ) {
      try {
        await this.#pin(reading.at, reading.readAt);
        return undefined;
      } catch {
        // a block with a later timestamp was mined since: read the chain's clock below
      }
    }
    const pending = Number((await this.chain.block("pending")).timestamp);
    const newest = Math.max(
      ...declared.map((entry) => Number(entry.timestamp)),
    );
    const at =
      newest > pending && newest - pending <= CLOCK_SKEW_SECONDS
        ? newest
        : pending;
    const rejection = this.#validateTimes(declared, at);
    if (rejection !== undefined) return rejection;
    await this.#pin(at, Date.now());
    return undefined;
  }

  async #pin(at: number, readAt: number): Promise<void> {
    // The pin goes through the network hook like any evm_* request and clears the reading: keep it after.
    await this.chain.rpc("evm_setNextBlockTimestamp", [toQuantity(at)]);
    this.#reading = { at, readAt };
  }

  #validateTimes(
    declared: AccessListEntry[],
    executingTimestamp: number,
  ): SupervisorRejection | undefined {
    for (const entry of declared) {
      const rejection = this.#validateTiming(
        entry.timestamp,
        BigInt(executingTimestamp),
      );
      if (rejection !== undefined) return rejection;
    }
    return undefined;
  }

  /**
   * Rules 3 to 5: the source block exists with the declared timestamp, a log sits at the declared index,
   * and the checksum of that log (its emitter, `keccak(topics ‖ data)`, the declared position) is the
   * declared checksum. A declaration verified before, or read from the chain by the autorelayer, is not
   * looked up again.
   */
  async #validateInitiating(
    entry: AccessListEntry,
  ): Promise<SupervisorRejection | undefined> {
    if (this.verified.has(entry)) return undefined;
    const source = this.world.chainById(entry.chainId)!;
    const head = await source.blockNumber();
    if (entry.blockNumber > BigInt(head)) return rejections.notFound();
    const block = await source.block(Number(entry.blockNumber));
    if (BigInt(block.timestamp) !== entry.timestamp)
      return rejections.notFound();
    const logs = await source.rpc<RpcLog[]>("eth_getLogs", [
      { blockHash: block.hash },
    ]);
    const log = logs.find(
      (candidate) => BigInt(candidate.logIndex) === entry.logIndex,
    );
    if (log === undefined) return rejections.notFound();
    const identifier = {
      origin: getAddress(log.address),
      blockNumber: entry.blockNumber,
      logIndex: entry.logIndex,
      timestamp: entry.timestamp,
      chainId: entry.chainId,
    };
    // The checksum binds the emitter and the payload hash together: whichever of them the declaration got
    // wrong, the log's own checksum differs (op-supervisor stores only their hash, and cannot tell either).
    if (
      calculateChecksum(identifier, msgHash(payloadFromLog(log))) !==
      entry.checksum
    ) {
      return rejections.notEqual();
    }
    this.verified.addDeclared(entry);
    return undefined;
  }

  /** Rules 1 and 2: a chain of the world, in the executing chain's dependency set. */
  #validateRoute(chainId: bigint): SupervisorRejection | undefined {
    const source = this.world.chainById(chainId);
    if (source === undefined || source.protocol !== "op") {
      return rejections.unknownChain(chainId);
    }
    if (
      source !== this.chain &&
      !this.chain.config.dependencySet.includes(source.name)
    ) {
      return rejections.notInDependencySet(this.chain.chainId, source.chainId);
    }
    return undefined;
  }

  /** Rules 6 and 7: not in the future, younger than the expiry window. */
  #validateTiming(
    timestamp: bigint,
    executingTimestamp: bigint,
  ): SupervisorRejection | undefined {
    if (timestamp > executingTimestamp) return rejections.future();
    if (executingTimestamp >= timestamp + BigInt(this.expiryWindow))
      return rejections.expired();
    return undefined;
  }
}

/** The access list of a transaction being sent, signed (raw) or not. */
function accessListOf(request: JsonRpcRequest): AccessList | undefined {
  const params = request.params as unknown[] | undefined;
  if (params === undefined || params.length === 0) return undefined;
  let list: unknown;
  if (request.method === "eth_sendTransaction") {
    list = (params[0] as { accessList?: unknown } | null | undefined)
      ?.accessList;
  } else {
    try {
      list = Transaction.from(params[0] as string).accessList;
    } catch {
      return undefined; // the node rejects a malformed raw transaction itself
    }
  }
  if (!Array.isArray(list)) return undefined; // none, or a shape the node rejects itself
  return list.filter(
    (entry): entry is AccessList[number] =>
      typeof entry?.address === "string" &&
      Array.isArray(entry.storageKeys) &&
      entry.storageKeys.every((key: unknown) => typeof key === "string"),
  );
}
