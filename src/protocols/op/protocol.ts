import type { OpDetails, OpMessage } from "./details.js";
import type { Chain } from "../../chain.js";
import type { Message } from "../../messages.js";
import type { World } from "../../world.js";
import type { AdvanceOptions, LogWatch, Protocol, RpcLog } from "../types.js";
import type { Identifier } from "./encoding.js";
import type { AccessList } from "ethers";

import { Interface, getAddress, toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { ACTOR_BALANCE } from "../../actors.js";
import { readSystemArtifact } from "../../artifacts.js";
import { PLUGIN_ID } from "../../constants.js";
import { registerGate } from "../../gates.js";
import { isMessageOf } from "../../messages.js";
import { revertDataOf } from "../../revert-decoder.js";
import { attachSystemContract } from "../../system-contracts.js";
import { isTransportError } from "../../transport-error.js";

import {
  CROSS_L2_INBOX_ADDRESS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  RELAYED_MESSAGE_TOPIC,
  SENT_MESSAGE_TOPIC,
  decodeSentMessagePayload,
  dependencySetStorage,
  encodeAccessList,
  encodeRelayMessageCalldata,
  messageHash,
  msgHash,
  payloadFromLog,
} from "./encoding.js";
import { Supervisor } from "./supervisor.js";
import { VerifiedMessages } from "./verified-messages.js";

/** `RequiredMessageNotSuccessful(bytes32)`: a relay that must wait for another message. */
const REQUIRED_MESSAGE_NOT_SUCCESSFUL = "0x5e38ca86";

interface OpState {
  relayed: Map<string, Set<string>>;
  open: Set<string>;
  verified: Map<string, bigint>;
}

function fail(message: string, cause?: unknown): never {
  throw new HardhatPluginError(
    PLUGIN_ID,
    message,
    cause instanceof Error ? cause : undefined,
  );
}

/** Relay sends of one message in a row that may be lost in transport before the autorelayer gives up and says why. */
const MAX_LOST_SENDS = 5;

const messengerArtifact = () =>
  readSystemArtifact(
    "op/L2ToL2CrossDomainMessenger.sol",
    "L2ToL2CrossDomainMessenger",
  );
const inboxArtifact = () =>
  readSystemArtifact("op/CrossL2Inbox.sol", "CrossL2Inbox");

/**
 * OP Stack interop: CrossL2Inbox and L2ToL2CrossDomainMessenger at their
 * predeploy addresses on every OP chain, a supervisor per chain that vets
 * executing messages before inclusion, and the autorelayer.
 */
export class OpProtocol implements Protocol {
  readonly name = "op" as const;
  readonly #iface = new Interface(messengerArtifact().abi);
  /** messageHash values seen in RelayedMessage logs, per destination chain name. */
  #relayed = new Map<string, Set<string>>();
  /** Ids of messages the autorelayer may still act on (ready, failed-retryable, waiting, in flight). */
  #open = new Set<string>();
  /** Initiating messages seen on their chains, which the supervisors need not look up again. */
  readonly #verified = new VerifiedMessages();

  constructor(private readonly world: World) {}

  get #relayer(): string {
    return this.world.actors["op:autorelayer"].address;
  }

  async install(chain: Chain): Promise<void> {
    await chain.setCode(
      CROSS_L2_INBOX_ADDRESS,
      inboxArtifact().deployedBytecode,
    );
    await chain.setCode(
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      messengerArtifact().deployedBytecode,
    );
    const dependencies = chain.config.dependencySet.map((name) =>
      BigInt(this.world.chain(name).chainId),
    );
    for (const { slot, value } of dependencySetStorage(dependencies)) {
      await chain.setStorageAt(
        L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        slot,
        value,
      );
    }
    await chain.setBalance(this.#relayer, ACTOR_BALANCE);
    await chain.impersonate(this.#relayer);
    await this.#attach(chain);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    for (const [name, address, artifact] of [
      ["CrossL2Inbox", CROSS_L2_INBOX_ADDRESS, inboxArtifact()],
      [
        "L2ToL2CrossDomainMessenger",
        L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        messengerArtifact(),
      ],
    ] as const) {
      const code = await chain.rpc<string>("eth_getCode", [address, "latest"]);
      if (code.toLowerCase() !== artifact.deployedBytecode.toLowerCase()) {
        fail(
          `Chain "${chain.name}" has no hardhat-xdm ${name} at ${address}. Attach to chains started by \`npx hardhat xdm:node\`.`,
        );
      }
    }
    if (chain.isSimulated) {
      await chain.impersonate(this.#relayer);
    } else {
      await chain
        .rpc("hardhat_impersonateAccount", [this.#relayer])
        .catch(() => undefined);
    }
    await this.#attach(chain);
  }

  async #attach(chain: Chain): Promise<void> {
    await attachSystemContract(
      chain.contracts,
      "CrossL2Inbox",
      chain.ethers,
      inboxArtifact().abi,
      CROSS_L2_INBOX_ADDRESS,
    );
    await attachSystemContract(
      chain.contracts,
      "L2ToL2CrossDomainMessenger",
      chain.ethers,
      messengerArtifact().abi,
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
    );
    this.#relayed.set(chain.name, this.#relayed.get(chain.name) ?? new Set());
    if (chain.isSimulated) {
      const supervisor = new Supervisor(
        this.world,
        chain,
        this.world.config.op.expiryWindow,
        this.#verified,
      );
      registerGate(chain.connection, supervisor);
    }
  }

  watch(chain: Chain): LogWatch | undefined {
    if (chain.protocol !== "op") return undefined;
    return {
      addresses: [L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS],
      topics: [SENT_MESSAGE_TOPIC, RELAYED_MESSAGE_TOPIC],
    };
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    const timestamps = await this.#blockTimestamps(
      chain,
      logs.filter((l) => l.topics[0] === SENT_MESSAGE_TOPIC),
    );
    for (const log of logs) {
      if (log.topics[0] === SENT_MESSAGE_TOPIC) {
        this.#onSent(chain, log, timestamps.get(log.blockNumber)!);
      } else if (log.topics[0] === RELAYED_MESSAGE_TOPIC) {
        this.#onRelayed(chain, log);
      }
    }
  }

  async #blockTimestamps(
    chain: Chain,
    logs: RpcLog[],
  ): Promise<Map<string, number>> {
    const stamps = new Map<string, number>();
    for (const log of logs) {
      if (log.blockTimestamp !== undefined)
        stamps.set(log.blockNumber, Number(log.blockTimestamp));
    }
    const missing = [
      ...new Set(logs.map((l) => l.blockNumber).filter((b) => !stamps.has(b))),
    ];
    await Promise.all(
      missing.map(async (b) =>
        stamps.set(b, Number((await chain.block(Number(b))).timestamp)),
      ),
    );
    return stamps;
  }

  #onSent(chain: Chain, log: RpcLog, timestamp: number): void {
    const payload = payloadFromLog(log);
    const sent = decodeSentMessagePayload(payload);
    const source = BigInt(chain.chainId);
    const hash = messageHash({
      destination: sent.destination,
      source,
      nonce: sent.nonce,
      sender: sent.sender,
      target: sent.target,
      message: sent.message,
    });
    const identifier: Identifier = {
      origin: getAddress(log.address),
      blockNumber: BigInt(log.blockNumber),
      logIndex: BigInt(log.logIndex),
      timestamp: BigInt(timestamp),
      chainId: source,
    };
    const payloadHash = msgHash(payload);
    // Read from the chain's own logs: the supervisors may take this initiating message as verified.
    this.#verified.addLog(identifier, payloadHash);
    const details: OpDetails = {
      identifier,
      payload,
      msgHash: payloadHash,
      accessList: encodeAccessList(identifier, payloadHash),
      destinationChainId: sent.destination,
      attempts: 0,
      lastAttemptBlock: -1,
    };
    const destination = this.world.chainById(sent.destination);
    const id = `op:${source}:${sent.nonce}`;
    const registry = this.world.registry;
    const known = registry.get(id, "op");
    if (known !== undefined) {
      // resendMessage: the same message under a new identifier and a new expiry clock.
      if (known.status === "relayed") return;
      // sourceTx stays the original send; the latest initiating message is in the details.
      known.details = { ...details, initiatingTx: log.transactionHash };
      known.sourceBlock = Number(log.blockNumber);
      known.sentAt = timestamp;
      if (
        known.status === "expired" ||
        known.status === "failed" ||
        known.status === "pending"
      ) {
        registry.update(known, "ready", "initiated", { error: undefined });
      }
      this.#open.add(id);
      return;
    }
    const message: OpMessage = {
      id,
      protocol: "op",
      from: chain.name,
      to: destination?.name ?? sent.destination.toString(),
      sender: sent.sender,
      target: sent.target,
      value: 0n,
      data: sent.message,
      nonce: sent.nonce,
      hash,
      status: "ready",
      stage: "initiated",
      sourceTx: log.transactionHash,
      sourceBlock: Number(log.blockNumber),
      sentAt: timestamp,
      details,
    };
    if (destination === undefined || destination.protocol !== "op") {
      message.status = "failed";
      message.stage = "unroutable";
      message.error = `no OP chain with chain id ${sent.destination} in this world`;
    } else if (this.#relayed.get(destination.name)?.has(hash) === true) {
      message.status = "relayed";
      message.stage = "relayed";
    } else {
      this.#open.add(id);
    }
    registry.add(message);
  }

  #onRelayed(chain: Chain, log: RpcLog): void {
    const hash = log.topics[3].toLowerCase();
    this.#relayed.get(chain.name)?.add(hash);
    const source = BigInt(log.topics[1]);
    const nonce = BigInt(log.topics[2]);
    const message = this.world.registry.get(`op:${source}:${nonce}`, "op");
    if (
      message !== undefined &&
      message.status !== "relayed" &&
      message.hash.toLowerCase() === hash
    ) {
      this.world.registry.update(message, "relayed", "relayed", {
        destinationTx: log.transactionHash,
        error: undefined,
      });
      this.#open.delete(message.id);
    }
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
    for (const id of [...this.#open]) {
      const message = this.world.registry.get(id, "op");
      if (message === undefined || message.status === "relayed") {
        this.#open.delete(id);
        continue;
      }
      const details = message.details;
      const destination = this.world.chain(message.to);
      const executingAt = await nextTimestamp(destination);
      if (
        executingAt >=
        Number(details.identifier.timestamp) + this.world.config.op.expiryWindow
      ) {
        this.world.registry.update(message, "expired", "expired", {
          error:
            "initiating message expired: resendMessage on the source chain",
        });
        this.#open.delete(id);
        continue;
      }
      if (details.inflight !== undefined) {
        actions += await this.#settle(message, destination, details.inflight);
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
          this.#relayed
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
      actions += await this.#attempt(message, destination, notBefore);
    }
    return actions;
  }

  /**
   * One relay attempt by the autorelayer (account 9): estimate with the access list (+20%),
   * send through the supervisor, read the receipt. Whether another relayer got there first is
   * asked of the chain only when the relay would revert: the pass's own log scan covers the
   * rest, and a relay of a relayed message reverts.
   */
  async #attempt(
    message: OpMessage,
    destination: Chain,
    notBefore?: number,
  ): Promise<number> {
    const details = message.details;
    const registry = this.world.registry;
    const data = encodeRelayMessageCalldata(
      details.identifier,
      details.payload,
    );
    const tx = {
      from: this.#relayer,
      to: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      data,
      accessList: details.accessList,
    };
    details.attempts += 1;
    let gas: bigint;
    try {
      gas = BigInt(await destination.rpc<string>("eth_estimateGas", [tx]));
    } catch (error) {
      if (isTransportError(error))
        return this.#lost(message, destination, error);
      details.lastAttemptBlock = await destination.blockNumber();
      return await this.#reverted(message, destination, error);
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
      details.lost = undefined;
      await this.#settle(message, destination, hash);
    } catch (error) {
      // No answer: the send may or may not have reached the chain. Not an attempt; the next pass reads the
      // receipt of a known hash, or estimates again (a relayed message then reverts MessageAlreadyRelayed).
      if (isTransportError(error))
        return this.#lost(message, destination, error);
      const why = (error as Error).message;
      const code = (error as { code?: number }).code;
      if (code === -32602 && why.includes("initiating message expired")) {
        // The window closed between the autorelayer's look at the clock and the supervisor's.
        registry.update(message, "expired", "expired", {
          error:
            "initiating message expired: resendMessage on the source chain",
        });
        this.#open.delete(message.id);
      } else if (
        code === -32602 &&
        (why.includes("in the future") ||
          why.includes("supervisor unavailable"))
      ) {
        details.attempts -= 1; // not the message's fault: the next pass tries again
      } else if (code === -32602) {
        registry.update(message, "failed", "rejected", { error: why });
        this.#open.delete(message.id);
      } else {
        details.lastAttemptBlock = await destination.blockNumber();
        return await this.#reverted(message, destination, error);
      }
    }
    return 1;
  }

  /** A relay send lost in transport: the message keeps its status, says why in its error, and is sent again. */
  #lost(message: OpMessage, destination: Chain, error: unknown): number {
    const details = message.details;
    details.attempts -= 1;
    details.lost = (details.lost ?? 0) + 1;
    const why = (error as Error).message.split("\n")[0];
    if (details.lost > MAX_LOST_SENDS) {
      fail(
        `The autorelayer's relay of ${message.id} got no answer from ${destination.name} ${MAX_LOST_SENDS} times in a row: ${why}`,
        error,
      );
    }
    this.world.registry.update(message, message.status, message.stage, {
      error: `the relay did not reach ${destination.name} (${why}); the autorelayer sends it again on its next pass`,
    });
    return 1;
  }

  /** A relay that reverts (in the estimate or on chain): relayed by someone else, waiting for another message, or failed. */
  async #reverted(
    message: OpMessage,
    destination: Chain,
    error: unknown,
  ): Promise<number> {
    const details = message.details;
    const registry = this.world.registry;
    if (await this.#isRelayedOnChain(message, destination)) {
      this.#relayed.get(destination.name)?.add(message.hash.toLowerCase());
      registry.update(message, "relayed", "relayed", { error: undefined });
      this.#open.delete(message.id);
      details.attempts -= 1;
      return 0;
    }
    const revert = revertDataOf(error);
    if (revert?.startsWith(REQUIRED_MESSAGE_NOT_SUCCESSFUL) === true) {
      details.waitingFor = `0x${revert.slice(10, 74)}`;
      registry.update(message, "pending", "waiting-dependency", {
        error: `waiting for message ${details.waitingFor}`,
      });
      details.attempts -= 1;
      return 1;
    }
    registry.update(message, "failed", "relay-reverted", {
      error: await this.#describe(error, revert),
    });
    return 1;
  }

  /**
   * Reads the outcome of a relay transaction the autorelayer sent. Under
   * interval mining it may still be pending: the message then waits, and is
   * never sent a second time while its first transaction is in the mempool.
   */
  async #settle(
    message: OpMessage,
    destination: Chain,
    hash: string,
  ): Promise<number> {
    const details = message.details;
    const receipt = await destination.rpc<{
      status: string;
      blockNumber: string;
    } | null>("eth_getTransactionReceipt", [hash]);
    if (receipt === null) return 0;
    details.inflight = undefined;
    details.lastAttemptBlock = Number(receipt.blockNumber);
    if (receipt.status === "0x1") {
      this.#relayed.get(destination.name)?.add(message.hash.toLowerCase());
      this.world.registry.update(message, "relayed", "relayed", {
        destinationTx: hash,
        error: undefined,
      });
      this.#open.delete(message.id);
    } else {
      this.world.registry.update(message, "failed", "relay-reverted", {
        destinationTx: hash,
        error: "relay transaction reverted",
      });
    }
    return 1;
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

  async #describe(error: unknown, revert: string | undefined): Promise<string> {
    if (revert !== undefined) {
      try {
        const parsed = this.#iface.parseError(revert);
        if (parsed !== null) return `${parsed.name}(${parsed.args.join(", ")})`;
      } catch {
        // not one of the messenger's errors: the target's own revert data
      }
      return await this.world.describeRevert(revert);
    }
    return (error as Error).message;
  }

  saveState(): OpState {
    return structuredClone({
      relayed: this.#relayed,
      open: this.#open,
      verified: this.#verified.save(),
    });
  }

  loadState(state: unknown): void {
    const s = state as OpState;
    this.#relayed = s.relayed;
    this.#open = s.open;
    this.#verified.load(s.verified);
  }

  // ---- world.op helpers -------------------------------------------------------------------------

  #message(messageOrId: Message | string): OpMessage {
    const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
    const message = this.world.registry.require(id);
    if (!isMessageOf(message, "op"))
      fail(
        `Message ${id} is a ${message.protocol} message, not an OP interop message.`,
      );
    return message;
  }

  /** The Identifier of the message's (latest) initiating log. */
  identifier(messageOrId: Message | string): Identifier {
    return structuredClone(this.#message(messageOrId).details.identifier);
  }

  /** The SentMessage payload: topics ‖ data. */
  payload(messageOrId: Message | string): string {
    return this.#message(messageOrId).details.payload;
  }

  /** The access list a relayMessage of this message needs (CrossL2Inbox type-1/2/3 keys). */
  accessList(messageOrId: Message | string): AccessList {
    return structuredClone(this.#message(messageOrId).details.accessList);
  }

  /** The transaction fields of a relay anyone may send: `{ to, data, accessList }`. */
  relayTransaction(messageOrId: Message | string): {
    to: string;
    data: string;
    accessList: AccessList;
  } {
    const message = this.#message(messageOrId);
    const details = message.details;
    return {
      to: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      data: encodeRelayMessageCalldata(details.identifier, details.payload),
      accessList: structuredClone(details.accessList),
    };
  }

  /** The timestamp from which the message can no longer be executed. */
  expiresAt(messageOrId: Message | string): number {
    const details = this.#message(messageOrId).details;
    return (
      Number(details.identifier.timestamp) + this.world.config.op.expiryWindow
    );
  }

  /**
   * Relays one message now, whatever the autorelayer's retry budget says.
   * Returns the message as it stands afterwards (relayed, failed with the
   * reason, waiting, expired or rejected).
   */
  async relay(messageOrId: Message | string): Promise<OpMessage> {
    const message = this.#message(messageOrId);
    const destination = this.world.chainById(
      message.details.destinationChainId,
    );
    if (destination === undefined)
      fail(
        `Message ${message.id} goes to chain ${message.to}, which is not in this world.`,
      );
    if (message.status !== "relayed") {
      const details = message.details;
      if (
        Number((await destination.block("pending")).timestamp) >=
        this.expiresAt(message)
      ) {
        this.world.registry.update(message, "expired", "expired", {
          error:
            "initiating message expired: resendMessage on the source chain",
        });
        this.#open.delete(message.id);
      } else {
        details.attempts = 0;
        await this.#attempt(message, destination);
      }
    }
    return structuredClone(message);
  }
}

export function createOpProtocol(world: World): OpProtocol {
  return new OpProtocol(world);
}
