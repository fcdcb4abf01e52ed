import type {
  L1ToL2Facts,
  L2ToL1Facts,
  StarknetMessage,
  StarknetStage,
} from "./details.js";
import type { Chain, RpcReceipt } from "../../chain.js";
import type { Message, MessageStatus } from "../../messages.js";
import type { World } from "../../world.js";
import type { AdvanceOptions, LogWatch, Protocol, RpcLog } from "../types.js";

import { AbiCoder, Interface, getAddress, toBeHex, toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { ACTOR_BALANCE } from "../../actors.js";
import { readSystemArtifact } from "../../artifacts.js";
import { PLUGIN_ID } from "../../constants.js";
import { isMessageOf } from "../../messages.js";
import { revertDataOf } from "../../revert-decoder.js";
import { attachSystemContract } from "../../system-contracts.js";
import { isTransportError } from "../../transport-error.js";

import {
  AGGREGATOR_PROGRAM_HASH,
  CONFIG_HASH,
  L2_MESSAGING_ADDRESS,
  P,
  PROGRAM_HASH,
  STARKNET_TOPICS,
  buildProgramOutput,
  decodeL1HandlerExecuted,
  decodeL1HandlerReverted,
  decodeLogMessageToL2,
  decodeMessageToL1Sent,
  isFelt,
  l1ToL2MsgHash,
  l2ToL1MsgHash,
  mask250,
  sharpFact,
  stateTransitionFact,
} from "./encoding.js";
import { errorStringOf, isRevert } from "./failures.js";

/** StarknetCore and MockFactRegistry of the first StarkNet chain; the k-th one adds 0x100·k. */
export const STARKNET_L1_ADDRESSES = {
  StarknetCore: 0x5354000000000000000000000000000000001001n,
  MockFactRegistry: 0x5354000000000000000000000000000000001002n,
} as const;

/** Gas the sequencer gives an l1-handler transaction (project). */
const HANDLER_GAS = 10_000_000n;
/** Payloads up to this many words fit HANDLER_GAS without an estimate (project). */
const SMALL_PAYLOAD_WORDS = 256;
/** EIP-7825's per-transaction gas cap, in force on the chains' hardfork. */
const TX_GAS_CAP = 16_777_216n;
/** Most program-output words in one update: its updateState must fit one L1 transaction (project). */
const MAX_OUTPUT_WORDS = 6_000;
/** Most messages in one update: each costs updateState about 28k gas (bench), so 400 stay near 11M (project). */
const MAX_UPDATE_MESSAGES = 400;

const coreArtifact = () =>
  readSystemArtifact("starknet/StarknetCore.sol", "StarknetCore");
const registryArtifact = () =>
  readSystemArtifact("prover/MockFactRegistry.sol", "MockFactRegistry");
const l2Artifact = () =>
  readSystemArtifact("starknet/StarknetL2Messaging.sol", "StarknetL2Messaging");

/** What StarknetCore's logs say of L1→L2 messages, by nonce. */
interface L1Outcomes {
  /** Consumed by a state update or cancelled: `l1ToL2Messages(h) == 0`. */
  notPending: Set<bigint>;
  /** Cancellation requested: `l1ToL2MessageCancellations(h) != 0`. */
  requested: Set<bigint>;
}

/** The nonce of a ConsumedMessageToL2 / MessageToL2CancellationStarted / MessageToL2Canceled log: data (uint256[] payload, uint256 nonce). */
function nonceOfL1ToL2Event(log: RpcLog): bigint {
  // Canonical layout: the payload's offset (0x40), then the nonce.
  if (log.data.length >= 2 + 128 && BigInt(log.data.slice(0, 66)) === 0x40n)
    return BigInt(`0x${log.data.slice(66, 130)}`);
  const nonce: bigint = AbiCoder.defaultAbiCoder().decode(
    ["uint256[]", "uint256"],
    log.data,
  )[1];
  return nonce;
}

function fail(message: string, cause?: Error): never {
  throw new HardhatPluginError(PLUGIN_ID, message, cause);
}

/** The facts of an L1→L2 message (its fee, handler outcome, cancellation): an L2→L1 one here is a relayer bug, named. */
function l1ToL2Facts(message: StarknetMessage): L1ToL2Facts {
  if (message.details.direction !== "l1-l2")
    fail(
      `StarkNet message ${message.id} goes from L2 to L1, where an L1→L2 message was expected.`,
    );
  return message.details;
}

function address(base: bigint, instance: number): string {
  return getAddress(toBeHex(base + BigInt(instance) * 0x100n, 20));
}

const word = (x: bigint): string => toBeHex(x, 32);

/** An L2 log that the next state update must carry, in (block, log index) order. */
type Settlement =
  | {
      kind: "l2-l1";
      block: number;
      logIndex: number;
      from: bigint;
      to: string;
      payload: bigint[];
    }
  | {
      kind: "l1-l2";
      block: number;
      logIndex: number;
      from: bigint;
      to: bigint;
      nonce: bigint;
      selector: bigint;
      payload: bigint[];
    };

interface ClosedUpdate {
  output: string[];
  toBlock: number;
  closedAt: number;
  fact: string;
  /** Nonces of the L1→L2 messages the output consumes. */
  l1ToL2: bigint[];
  /** The last updateState of it got no answer (a transport error): the chain says next pass whether it landed. */
  unanswered?: string;
}

/** How an actor's transaction ended. */
type SendOutcome =
  | { kind: "mined"; receipt: RpcReceipt }
  | { kind: "reverted"; reason: string; refusal?: string; error: Error }
  | { kind: "transport"; reason: string; error: Error }
  | { kind: "refused"; reason: string; error: Error };

interface L2ToL1Copies {
  ids: string[];
  updated: Set<string>;
  consumed: Set<string>;
}

/** A log's identity on its chain. */
const logKey = (log: RpcLog): string =>
  `${log.blockHash.toLowerCase()}:${Number(log.logIndex)}`;

interface InstanceState {
  /** Nonces of L1→L2 messages the sequencer may still act on. */
  open: string[];
  unsettled: Settlement[];
  closed?: ClosedUpdate;
  /**
   * Per L2→L1 hash: ids in emission order, and the LogMessageToL1 / ConsumedMessageToL1 logs seen (by
   * block hash and log index), whose counts are what StarknetCore's refcount went up and down by. Kept
   * as sets of logs, not counters, so a log read twice (a receipt, then a scan) counts once.
   */
  l2ToL1: Record<string, L2ToL1Copies>;
  l2ToL1Count: number;
  /** The last L2 block a state update covered (undefined before the first). */
  lastUpdated?: number;
}

/** One StarkNet L2 and its contracts on the L1. */
class StarknetInstance {
  state: InstanceState = {
    open: [],
    unsettled: [],
    l2ToL1: {},
    l2ToL1Count: 0,
  };
  readonly core: string;
  readonly registry: string;

  constructor(
    readonly chain: Chain,
    readonly index: number,
  ) {
    this.core = address(STARKNET_L1_ADDRESSES.StarknetCore, index);
    this.registry = address(STARKNET_L1_ADDRESSES.MockFactRegistry, index);
  }

  l1Id(nonce: bigint): string {
    return `starknet:${this.chain.chainId}:l1:${nonce}`;
  }
}

/**
 * StarkNet messaging: StarknetCore on the L1 with the real messaging ABI and
 * state update, a simulated L2 whose StarknetL2Messaging dispatches to EVM l1
 * handlers, and the sequencer, state updater and mock prover.
 */
export class StarknetProtocol implements Protocol {
  readonly name = "starknet" as const;
  /** The last actor transaction that failed and will be tried again (e.g. an update without a valid fact). */
  lastError: string | undefined;
  readonly #core = new Interface(coreArtifact().abi);
  readonly #registry = new Interface(registryArtifact().abi);
  readonly #l2 = new Interface(l2Artifact().abi);
  readonly #instances = new Map<string, StarknetInstance>();

  constructor(private readonly world: World) {
    world.chainList
      .filter((c) => c.protocol === "starknet")
      .forEach((chain, index) =>
        this.#instances.set(chain.name, new StarknetInstance(chain, index)),
      );
  }

  get #actors() {
    return {
      deployer: this.world.actors.deployer.address,
      sequencer: this.world.actors["starknet:sequencer"].address,
      prover: this.world.actors["starknet:prover"].address,
    };
  }

  #instance(chain: Chain | string): StarknetInstance {
    const name = typeof chain === "string" ? chain : chain.name;
    const instance = this.#instances.get(name);
    if (instance === undefined) {
      fail(
        `"${name}" is not a StarkNet chain of this world. StarkNet chains: ${[...this.#instances.keys()].join(", ") || "none"}.`,
      );
    }
    return instance;
  }

  async install(chain: Chain): Promise<void> {
    const instance = this.#instance(chain);
    const l1 = this.world.l1;
    const { deployer, sequencer, prover } = this.#actors;
    for (const account of [deployer, sequencer, prover]) {
      await l1.setBalance(account, ACTOR_BALANCE);
      await l1.impersonate(account);
    }
    await chain.setBalance(sequencer, ACTOR_BALANCE);
    await chain.impersonate(sequencer);
    await l1.setCode(instance.core, coreArtifact().deployedBytecode);
    await l1.setCode(instance.registry, registryArtifact().deployedBytecode);
    await chain.setCode(L2_MESSAGING_ADDRESS, l2Artifact().deployedBytecode);
    const { cancellationDelay } = this.world.config.starknet;
    await l1.send({
      from: deployer,
      to: instance.core,
      data: this.#core.encodeFunctionData("initialize", [
        deployer,
        instance.registry,
        sequencer,
        PROGRAM_HASH,
        AGGREGATOR_PROGRAM_HASH,
        CONFIG_HASH,
        cancellationDelay,
      ]),
    });
    await l1.send({
      from: deployer,
      to: instance.registry,
      data: this.#registry.encodeFunctionData("initialize", [prover]),
    });
    await chain.send({
      from: sequencer,
      to: L2_MESSAGING_ADDRESS,
      data: this.#l2.encodeFunctionData("initialize", [sequencer]),
    });
    await this.#attach(instance);
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    const instance = this.#instance(chain);
    for (const [where, name, at, artifact] of [
      [this.world.l1, "StarknetCore", instance.core, coreArtifact()],
      [
        this.world.l1,
        "MockFactRegistry",
        instance.registry,
        registryArtifact(),
      ],
      [chain, "StarknetL2Messaging", L2_MESSAGING_ADDRESS, l2Artifact()],
    ] as const) {
      const code = await where.rpc<string>("eth_getCode", [at, "latest"]);
      if (code.toLowerCase() !== artifact.deployedBytecode.toLowerCase()) {
        fail(
          `Chain "${where.name}" has no hardhat-xdm ${name} at ${at}. Attach to chains started by \`npx hardhat xdm:node\`.`,
        );
      }
    }
    for (const account of Object.values(this.#actors)) {
      await this.world.l1
        .rpc("hardhat_impersonateAccount", [account])
        .catch(() => undefined);
    }
    await chain
      .rpc("hardhat_impersonateAccount", [this.#actors.sequencer])
      .catch(() => undefined);
    // Chain state says which L2 blocks earlier updates already carried.
    const stored = BigInt.asIntN(
      256,
      BigInt(
        await this.world.l1.rpc<string>("eth_call", [
          {
            to: instance.core,
            data: this.#core.encodeFunctionData("stateBlockNumber", []),
          },
          "latest",
        ]),
      ),
    );
    if (stored >= 0n) instance.state.lastUpdated = Number(stored);
    await this.#attach(instance);
  }

  async #attach(instance: StarknetInstance): Promise<void> {
    const { chain } = instance;
    const l1 = this.world.l1;
    await attachSystemContract(
      chain.l1Contracts,
      "StarknetCore",
      l1.ethers,
      coreArtifact().abi,
      instance.core,
    );
    await attachSystemContract(
      chain.l1Contracts,
      "MockFactRegistry",
      l1.ethers,
      registryArtifact().abi,
      instance.registry,
    );
    await attachSystemContract(
      chain.contracts,
      "StarknetL2Messaging",
      chain.ethers,
      l2Artifact().abi,
      L2_MESSAGING_ADDRESS,
    );
  }

  watch(chain: Chain): LogWatch | undefined {
    if (chain === this.world.l1) {
      return {
        addresses: [...this.#instances.values()].map((i) => i.core),
        topics: [
          STARKNET_TOPICS.LogMessageToL2,
          STARKNET_TOPICS.ConsumedMessageToL2,
          STARKNET_TOPICS.MessageToL2CancellationStarted,
          STARKNET_TOPICS.MessageToL2Canceled,
          STARKNET_TOPICS.LogMessageToL1,
          STARKNET_TOPICS.ConsumedMessageToL1,
        ],
      };
    }
    if (this.#instances.has(chain.name)) {
      return {
        addresses: [L2_MESSAGING_ADDRESS],
        topics: [
          STARKNET_TOPICS.MessageToL1Sent,
          STARKNET_TOPICS.L1HandlerExecuted,
          STARKNET_TOPICS.L1HandlerReverted,
        ],
      };
    }
    return undefined;
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    if (chain === this.world.l1) {
      for (const log of logs) {
        const instance = [...this.#instances.values()].find(
          (i) => i.core.toLowerCase() === log.address.toLowerCase(),
        );
        if (instance !== undefined) await this.#onL1Log(instance, log);
      }
    } else {
      const instance = this.#instance(chain);
      for (const log of logs) await this.#onL2Log(instance, log);
    }
  }

  async #onL1Log(instance: StarknetInstance, log: RpcLog): Promise<void> {
    const topic = log.topics[0];
    const registry = this.world.registry;
    if (topic === STARKNET_TOPICS.LogMessageToL2) {
      const event = decodeLogMessageToL2(log);
      const id = instance.l1Id(event.nonce);
      if (registry.has(id)) return;
      const facts: L1ToL2Facts = {
        direction: "l1-l2",
        fromAddress: event.fromAddress,
        toAddress: event.toAddress,
        selector: event.selector,
        payload: event.payload,
        fee: event.fee,
        l1Block: Number(log.blockNumber),
      };
      registry.add({
        id,
        protocol: "starknet",
        from: this.world.l1.name,
        to: instance.chain.name,
        sender: getAddress(event.fromAddress),
        target: feltTarget(event.toAddress),
        value: 0n,
        data: encodeWords(event.payload),
        nonce: event.nonce,
        hash: event.msgHash,
        status: "pending",
        stage: "awaiting-confirmations",
        sourceTx: log.transactionHash,
        sourceBlock: Number(log.blockNumber),
        sentAt:
          log.blockTimestamp !== undefined
            ? Number(log.blockTimestamp)
            : Number(
                (await this.world.l1.block(Number(log.blockNumber))).timestamp,
              ),
        details: facts,
      });
      instance.state.open.push(id);
      return;
    }
    if (
      topic === STARKNET_TOPICS.LogMessageToL1 ||
      topic === STARKNET_TOPICS.ConsumedMessageToL1
    ) {
      const fromAddress = BigInt(log.topics[1]);
      const toAddress = getAddress(`0x${log.topics[2].slice(26)}`);
      const payload: bigint[] = AbiCoder.defaultAbiCoder().decode(
        ["uint256[]"],
        log.data,
      )[0];
      const hash = l2ToL1MsgHash(fromAddress, toAddress, [...payload]);
      const entry = (instance.state.l2ToL1[hash] ??= newCopies());
      (topic === STARKNET_TOPICS.LogMessageToL1
        ? entry.updated
        : entry.consumed
      ).add(logKey(log));
      this.#settleL2ToL1(
        hash,
        instance,
        topic === STARKNET_TOPICS.ConsumedMessageToL1
          ? log.transactionHash
          : undefined,
      );
      return;
    }
    const named = [
      STARKNET_TOPICS.ConsumedMessageToL2,
      STARKNET_TOPICS.MessageToL2CancellationStarted,
      STARKNET_TOPICS.MessageToL2Canceled,
    ];
    if (!named.includes(topic)) return;
    // These events name an L1→L2 message by its fields and its nonce.
    const message = registry.get(
      instance.l1Id(nonceOfL1ToL2Event(log)),
      "starknet",
    );
    if (message === undefined) return;
    const facts = l1ToL2Facts(message);
    if (topic === STARKNET_TOPICS.ConsumedMessageToL2) {
      facts.consumed = true;
    } else if (topic === STARKNET_TOPICS.MessageToL2CancellationStarted) {
      facts.cancellationRequestedAt = Number(
        (await this.world.l1.block(Number(log.blockNumber))).timestamp,
      );
    } else if (topic === STARKNET_TOPICS.MessageToL2Canceled) {
      facts.cancelled = true;
    }
    this.#refreshL1ToL2(message, log.transactionHash);
  }

  async #onL2Log(instance: StarknetInstance, log: RpcLog): Promise<void> {
    const topic = log.topics[0];
    const registry = this.world.registry;
    const block = Number(log.blockNumber);
    const logIndex = Number(log.logIndex);
    if (topic === STARKNET_TOPICS.MessageToL1Sent) {
      const event = decodeMessageToL1Sent(log);
      const id = `starknet:${instance.chain.chainId}:l2:${block}:${logIndex}`;
      if (registry.has(id)) return;
      const facts: L2ToL1Facts = {
        direction: "l2-l1",
        fromAddress: event.fromAddress,
        toAddress: getAddress(event.toAddress),
        payload: event.payload,
        l2Block: block,
        logIndex,
      };
      const timestamp =
        log.blockTimestamp !== undefined
          ? Number(log.blockTimestamp)
          : Number((await instance.chain.block(block)).timestamp);
      registry.add({
        id,
        protocol: "starknet",
        from: instance.chain.name,
        to: this.world.l1.name,
        sender: feltTarget(event.fromAddress),
        target: getAddress(event.toAddress),
        value: 0n,
        data: encodeWords(event.payload),
        nonce: BigInt(instance.state.l2ToL1Count++),
        hash: event.msgHash,
        status: "pending",
        stage: "awaiting-state-update",
        sourceTx: log.transactionHash,
        sourceBlock: block,
        sentAt: timestamp,
        details: facts,
      });
      (instance.state.l2ToL1[event.msgHash] ??= newCopies()).ids.push(id);
      if (block > this.#settledThrough(instance)) {
        instance.state.unsettled.push({
          kind: "l2-l1",
          block,
          logIndex,
          from: event.fromAddress,
          to: event.toAddress,
          payload: event.payload,
        });
      }
      this.#settleL2ToL1(event.msgHash, instance);
      return;
    }
    if (topic === STARKNET_TOPICS.L1HandlerExecuted) {
      const event = decodeL1HandlerExecuted(log);
      const message = registry.get(instance.l1Id(event.nonce), "starknet");
      if (
        block > this.#settledThrough(instance) &&
        !instance.state.unsettled.some(
          (s) => s.kind === "l1-l2" && s.nonce === event.nonce,
        )
      ) {
        instance.state.unsettled.push({
          kind: "l1-l2",
          block,
          logIndex,
          from: event.fromAddress,
          to: BigInt(event.toAddress),
          nonce: event.nonce,
          selector: event.selector,
          payload: event.payload,
        });
      }
      if (message !== undefined) {
        Object.assign(l1ToL2Facts(message), {
          handled: true,
          handledTx: log.transactionHash,
        } satisfies Partial<L1ToL2Facts>);
        this.#refreshL1ToL2(message, log.transactionHash);
      }
      return;
    }
    if (topic === STARKNET_TOPICS.L1HandlerReverted) {
      const event = decodeL1HandlerReverted(log);
      const message = registry.get(instance.l1Id(event.nonce), "starknet");
      if (message !== undefined) {
        l1ToL2Facts(message).reverted = await this.world.describeRevert(
          event.revertData,
        );
        this.#refreshL1ToL2(message, log.transactionHash);
      }
    }
  }

  /** The highest L2 block a state update has covered (-1 before the first). */
  #settledThrough(instance: StarknetInstance): number {
    return instance.state.lastUpdated ?? -1;
  }

  /** Recomputes an L1→L2 message's status from what has been seen of it. */
  #refreshL1ToL2(message: StarknetMessage, tx?: string): void {
    const facts = l1ToL2Facts(message);
    let status: MessageStatus;
    let stage: StarknetStage;
    let error: string | undefined;
    if (facts.consumed === true) [status, stage] = ["relayed", "consumed"];
    else if (facts.cancelled === true && facts.handled === true)
      [status, stage, error] = [
        "failed",
        "cancelled-after-handling",
        doubleSpend(message.nonce, facts.handledTx),
      ];
    else if (facts.cancelled === true)
      [status, stage] = ["cancelled", "cancelled"];
    else if (facts.handled === true) [status, stage] = ["relayed", "handled"];
    else if (facts.cancellationRequestedAt !== undefined)
      [status, stage] = ["pending", "cancellation-requested"];
    else if (facts.undeliverable !== undefined)
      [status, stage, error] = ["failed", "undeliverable", facts.undeliverable];
    else if (facts.reverted !== undefined)
      [status, stage, error] = ["failed", "handler-reverted", facts.reverted];
    else return;
    const fields: { error?: string; destinationTx?: string } = { error };
    if (stage === "handled" || stage === "handler-reverted")
      fields.destinationTx = tx ?? message.destinationTx;
    if (stage === "cancelled-after-handling")
      fields.destinationTx = facts.handledTx;
    this.world.registry.update(message, status, stage, fields);
  }

  /** L2→L1 messages sharing a hash become ready, then consumed, in the order they were sent. */
  #settleL2ToL1(
    hash: string,
    instance: StarknetInstance,
    consumeTx?: string,
  ): void {
    const entry = instance.state.l2ToL1[hash];
    if (entry === undefined) return;
    const [consumed, updated] = [entry.consumed.size, entry.updated.size];
    entry.ids.forEach((id, i) => {
      const message = this.world.registry.get(id, "starknet");
      if (message === undefined) return;
      if (i < consumed) {
        if (message.status !== "relayed")
          this.world.registry.update(message, "relayed", "consumed", {
            destinationTx: consumeTx,
          });
      } else if (i < updated) {
        this.world.registry.update(message, "ready", "state-updated");
      }
    });
  }

  async advance(options: AdvanceOptions): Promise<number> {
    let actions = 0;
    for (const instance of this.#instances.values()) {
      if (!this.world.faults.isPaused("starknet:sequencer"))
        actions += await this.#sequence(instance, options);
      if (
        !this.world.faults.isPaused("starknet:state-updater") &&
        !this.world.faults.isPaused("starknet:prover")
      ) {
        actions += await this.#updateState(instance, options, false);
      }
    }
    return actions;
  }

  /** The sequencer: delivers confirmed L1→L2 messages in nonce order. */
  async #sequence(
    instance: StarknetInstance,
    options: AdvanceOptions,
  ): Promise<number> {
    let actions = 0;
    const confirmations = this.world.config.starknet.l1Confirmations;
    const registry = this.world.registry;
    const done = (id: string) => {
      instance.state.open = instance.state.open.filter((o) => o !== id);
    };
    let l1Head: number | undefined; // read once, and again after mining
    let gone: L1Outcomes | undefined; // what L1 says of the open messages, read once
    for (const id of [...instance.state.open]) {
      const message = registry.get(id, "starknet")!;
      if (
        message.stage !== "awaiting-confirmations" &&
        message.stage !== "confirmed"
      ) {
        done(id); // handled, failed, cancelled or being cancelled: the sequencer skips it for good
        continue;
      }
      const facts = l1ToL2Facts(message);
      if (this.world.faults.isHeld(id)) continue;
      if (this.world.faults.isDropped(id)) {
        facts.undeliverable =
          "the sequencer dropped it (fault injection): its sender may cancel it";
        this.#refreshL1ToL2(message);
        done(id);
        continue;
      }
      l1Head ??= await this.world.l1.blockNumber();
      const depth = l1Head - facts.l1Block;
      if (depth < confirmations) {
        if (!options.clock) break; // later nonces are no deeper
        await this.world.mine(confirmations - depth);
        l1Head = undefined;
        actions += 1;
      }
      if (message.stage === "awaiting-confirmations")
        registry.update(message, "ready", "confirmed");
      gone ??= await this.#l1Outcomes(instance, facts.l1Block);
      actions += await this.#deliver(instance, message, gone);
      // A send that got no answer is tried again next pass, after asking the chain whether it was mined;
      // later nonces wait, so messages are still handled in nonce order.
      if (facts.unanswered !== undefined) break;
      done(id);
    }
    return actions;
  }

  /**
   * The L1→L2 messages of `instance` that StarknetCore no longer holds as pending (consumed or
   * cancelled) or whose cancellation was requested, by nonce: one eth_getLogs from `fromBlock` (no
   * earlier message of those asked about was sent) to the L1 head, instead of two eth_calls
   * (`l1ToL2Messages`, `l1ToL2MessageCancellations`) per message. The core changes those values only
   * with these events, so the answer is the chain state at the head.
   */
  async #l1Outcomes(
    instance: StarknetInstance,
    fromBlock: number,
  ): Promise<L1Outcomes> {
    const logs = await this.world.l1.rpc<RpcLog[]>("eth_getLogs", [
      {
        address: instance.core,
        fromBlock: toQuantity(fromBlock),
        toBlock: "latest",
        topics: [
          [
            STARKNET_TOPICS.ConsumedMessageToL2,
            STARKNET_TOPICS.MessageToL2CancellationStarted,
            STARKNET_TOPICS.MessageToL2Canceled,
          ],
        ],
      },
    ]);
    const outcomes: L1Outcomes = {
      notPending: new Set(),
      requested: new Set(),
    };
    for (const log of logs) {
      const nonce = nonceOfL1ToL2Event(log);
      if (log.topics[0] === STARKNET_TOPICS.MessageToL2CancellationStarted)
        outcomes.requested.add(nonce);
      else outcomes.notPending.add(nonce);
    }
    return outcomes;
  }

  /** `l1HandlerStatus(nonce)` of the L2 messaging contract: 0 while the nonce was never handled. */
  async #handlerStatus(l2: Chain, nonce: bigint): Promise<number> {
    return Number(
      await l2.rpc<string>("eth_call", [
        {
          to: L2_MESSAGING_ADDRESS,
          data: this.#l2.encodeFunctionData("l1HandlerStatus", [nonce]),
        },
        "latest",
      ]),
    );
  }

  /** One delivery of an L1→L2 message, after the sequencer's checks against chain state. */
  async #deliver(
    instance: StarknetInstance,
    message: StarknetMessage,
    l1?: L1Outcomes,
  ): Promise<number> {
    const facts = l1ToL2Facts(message);
    const l2 = instance.chain;
    // l1HandlerStatus: only the sequencer handles messages, and it has seen every handled one in
    // the L2 logs, except when told nothing (a manual delivery): then the chain is asked.
    if (l1 === undefined || facts.unanswered !== undefined) {
      const status = await this.#handlerStatus(l2, message.nonce);
      if (status !== 0) {
        facts.unanswered = undefined;
        return 0; // already handled (the unanswered send was mined after all): its L2 log tells the outcome
      }
    }
    if (
      !isFelt(facts.toAddress) ||
      !isFelt(facts.selector) ||
      facts.payload.some((w) => !isFelt(w))
    ) {
      facts.undeliverable =
        "a field of the message is not a felt (>= P): the sequencer cannot deliver it";
      this.#refreshL1ToL2(message);
      return 1;
    }
    const outcomes = l1 ?? (await this.#l1Outcomes(instance, facts.l1Block));
    if (
      outcomes.notPending.has(message.nonce) ||
      outcomes.requested.has(message.nonce)
    )
      return 0; // cancelled or being cancelled: skipped for good
    const tx = {
      from: this.#actors.sequencer,
      to: L2_MESSAGING_ADDRESS,
      data: this.#l2.encodeFunctionData("handleL1Message", [
        BigInt(facts.fromAddress),
        facts.toAddress,
        facts.selector,
        facts.payload,
        message.nonce,
        facts.fee,
      ]),
    };
    // 10M gas covers the messaging contract's own work for payloads up to a few hundred words; a larger
    // one gets what its estimate says, within what one L2 transaction may use.
    let gas = HANDLER_GAS;
    if (facts.payload.length > SMALL_PAYLOAD_WORDS) {
      const cap = BigInt(
        Math.min(
          Number((await l2.block("latest")).gasLimit),
          Number(TX_GAS_CAP),
        ),
      );
      try {
        const estimate = BigInt(await l2.rpc<string>("eth_estimateGas", [tx]));
        if (estimate > cap)
          throw new Error(
            `it needs ${estimate} gas, more than one L2 transaction may use (${cap})`,
          );
        gas = (estimate * 12n) / 10n > gas ? (estimate * 12n) / 10n : gas;
        if (gas > cap) gas = cap;
      } catch (error) {
        // Even all the gas a transaction may have cannot complete the l1-handler transaction: like a
        // reverted l1 handler, the message stays pending on L1, where its sender may cancel it.
        facts.reverted = `the l1-handler transaction cannot complete: ${(error as Error).message.split("\n")[0]}`;
        this.#refreshL1ToL2(message);
        return 1;
      }
    }
    let receipt: RpcReceipt;
    try {
      receipt = await l2.send({ ...tx, gas });
    } catch (error) {
      if (isTransportError(error)) {
        // Nothing is known to be mined: not a revert. The next pass reads l1HandlerStatus and sends again if 0.
        facts.unanswered = (error as Error).message.split("\n")[0];
        this.lastError = `StarkNet sequencer: handleL1Message of message ${message.id} got no answer from ${l2.name} (${facts.unanswered}); it is tried again next pass`;
        return 1;
      }
      facts.unanswered = undefined;
      const status = await this.#handlerStatus(l2, message.nonce);
      if (status !== 0) return 0; // handled meanwhile (by another sequencer): its L2 log tells the outcome
      if (!isRevert(error)) {
        // Neither the protocol's outcome nor a lost answer (an unfunded sequencer, a node refusing the
        // transaction): the message stays where it is, and the cause is surfaced.
        const reason = `the sequencer could not send handleL1Message for message ${message.id} on ${l2.name}: ${(error as Error).message.split("\n")[0]}`;
        this.world.registry.update(message, message.status, message.stage, {
          error: reason,
        });
        throw new HardhatPluginError(
          PLUGIN_ID,
          `StarkNet ${reason}`,
          error as Error,
        );
      }
      // A mined revert of the l1-handler transaction: like a reverted handler, the message stays pending on L1.
      const revert = revertDataOf(error);
      const reason =
        revert !== undefined
          ? await this.world.describeRevert(revert)
          : (error as Error).message.split("\n")[0];
      facts.reverted = `the l1-handler transaction reverted: ${reason}`;
      this.#refreshL1ToL2(message);
      return 1;
    }
    facts.unanswered = undefined;
    if (receipt.status !== "0x1") {
      // A node that does not throw on failed transactions mined it reverted.
      facts.reverted = `the l1-handler transaction ${receipt.transactionHash} reverted`;
      this.#refreshL1ToL2(message);
      return 1;
    }
    await this.world.ingest(l2, receipt.logs);
    return 1;
  }

  /**
   * The state updater, mock prover and operator: closes the L2 blocks since the
   * last update into a program output, registers its fact, then submits it.
   */
  async #updateState(
    instance: StarknetInstance,
    options: AdvanceOptions,
    force: boolean,
  ): Promise<number> {
    let actions = 0;
    const state = instance.state;
    if (state.closed === undefined) {
      const due =
        force ||
        ((options.clock || options.cut === true) && state.unsettled.length > 0);
      if (!due) return 0;
      const closed = await this.#close(instance);
      if (closed === undefined) return 1; // the prover's registration got no answer: closed again next pass
      state.closed = closed;
      actions += 1;
    }
    const closed = state.closed;
    const proofDelay = force ? 0 : this.world.config.starknet.proofDelay;
    const now = Number((await this.world.l1.block("pending")).timestamp);
    if (now < closed.closedAt + proofDelay) {
      if (!options.clock) return actions;
      await this.world.time.increaseTo(closed.closedAt + proofDelay);
      actions += 1;
    }
    await this.#submit(instance, closed);
    return actions + 1;
  }

  /**
   * The operator's updateState of `closed`. Returns whether it is on L1 now; throws on a failure the
   * protocol does not define. The refusals it defines are retried: "NO_STATE_TRANSITION_PROOF" (the
   * prover registered no fact for this output: closed and proven again) and "INVALID_MESSAGE_TO_CONSUME"
   * when an L1→L2 message of the output was cancelled after it was closed (closed again without it). A
   * transport error is retried after reading from the chain whether the update landed.
   */
  async #submit(
    instance: StarknetInstance,
    closed: ClosedUpdate,
  ): Promise<boolean> {
    const state = instance.state;
    const l1 = this.world.l1;
    if (
      closed.unanswered !== undefined &&
      (await this.#storedBlockNumber(instance)) >= BigInt(closed.toBlock)
    ) {
      // The unanswered updateState was mined: the L1 scan reads its logs.
      this.#updated(instance, closed);
      return true;
    }
    const outcome = await this.#send(l1, {
      from: this.#actors.sequencer,
      to: instance.core,
      data: this.#core.encodeFunctionData("updateState", [closed.output, 0, 0]),
    });
    if (outcome.kind === "mined") {
      this.#updated(instance, closed);
      await this.world.ingest(l1, outcome.receipt.logs);
      return true;
    }
    if (outcome.kind === "transport") {
      closed.unanswered = outcome.reason;
      this.lastError = `StarkNet operator: updateState through L2 block ${closed.toBlock} got no answer from ${l1.name} (${outcome.reason}); it is tried again next pass`;
      return false;
    }
    if (
      outcome.kind === "reverted" &&
      outcome.refusal === "NO_STATE_TRANSITION_PROOF"
    ) {
      // A failing prover (fault injection): close and prove the range again next pass.
      this.lastError = `StarkNet operator: updateState through L2 block ${closed.toBlock} on ${l1.name} failed: ${outcome.reason}`;
      state.closed = undefined;
      return false;
    }
    if (
      outcome.kind === "reverted" &&
      outcome.refusal === "INVALID_MESSAGE_TO_CONSUME" &&
      closed.l1ToL2.length > 0
    ) {
      const outcomes = await this.#l1Outcomes(
        instance,
        Math.min(...closed.l1ToL2.map((n) => this.#sentBlock(instance, n))),
      );
      if (closed.l1ToL2.some((n) => outcomes.notPending.has(n))) {
        this.lastError = `StarkNet operator: an L1→L2 message of the update through L2 block ${closed.toBlock} was cancelled on L1 after the update was closed; it is closed again without it`;
        state.closed = undefined;
        return false;
      }
    }
    fail(
      `StarkNet operator: updateState through L2 block ${closed.toBlock} on ${l1.name} failed: ${outcome.reason}`,
      outcome.error,
    );
  }

  /** Records a state update through `closed.toBlock` as on L1. */
  #updated(instance: StarknetInstance, closed: ClosedUpdate): void {
    const state = instance.state;
    state.lastUpdated = closed.toBlock;
    state.unsettled = state.unsettled.filter((s) => s.block > closed.toBlock);
    state.closed = undefined;
  }

  /** StarknetCore's `stateBlockNumber()` (−1 before the first update). */
  async #storedBlockNumber(instance: StarknetInstance): Promise<bigint> {
    const raw = await this.world.l1.rpc<string>("eth_call", [
      {
        to: instance.core,
        data: this.#core.encodeFunctionData("stateBlockNumber", []),
      },
      "latest",
    ]);
    return BigInt.asIntN(256, BigInt(raw));
  }

  /** The L1 block an L1→L2 message was sent in (0 when the registry does not know it). */
  #sentBlock(instance: StarknetInstance, nonce: bigint): number {
    const message = this.world.registry.get(instance.l1Id(nonce), "starknet");
    return message === undefined ? 0 : l1ToL2Facts(message).l1Block;
  }

  /**
   * Closes the L2 blocks since the last update into a program output and has the mock prover register
   * its fact; undefined when the registration got no answer (closed again next pass).
   */
  async #close(instance: StarknetInstance): Promise<ClosedUpdate | undefined> {
    const l1 = this.world.l1;
    const l2 = instance.chain;
    const call = async (fn: string) =>
      BigInt(
        await l1.rpc<string>("eth_call", [
          { to: instance.core, data: this.#core.encodeFunctionData(fn, []) },
          "latest",
        ]),
      );
    const [root, number, hash] = await Promise.all([
      call("stateRoot"),
      call("stateBlockNumber"),
      call("stateBlockHash"),
    ]);
    // The range ends at the L2 head, or earlier when its messages would not fit one updateState.
    let toBlock = await l2.blockNumber();
    const pending = instance.state.unsettled
      .filter((s) => s.block <= toBlock)
      .sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);
    let words = 12;
    for (let i = 0; i < pending.length; i++) {
      const s = pending[i];
      words += (s.kind === "l2-l1" ? 3 : 5) + s.payload.length;
      // Both the calldata and the per-message work of updateState must fit one L1 transaction.
      if (
        (words > MAX_OUTPUT_WORDS || i >= MAX_UPDATE_MESSAGES) &&
        i > 0 &&
        pending[i - 1].block < s.block
      ) {
        toBlock = pending[i - 1].block;
        break;
      }
    }
    const head = await l2.block(toBlock);
    let settlements = pending.filter((s) => s.block <= toBlock);
    // A handled message that StarknetCore no longer holds was cancelled on L1 after its l1 handler ran (the
    // clock passed the cancellation delay before a state update settled it: on StarkNet, proving takes
    // hours and the delay is days). The real OS would put it in the output and updateState would revert
    // INVALID_MESSAGE_TO_CONSUME for good; here the output leaves it out, the message shows the double
    // spend (failed, cancelled-after-handling) and every other message keeps moving.
    const handled = settlements.flatMap((s) => (s.kind === "l1-l2" ? [s] : []));
    if (handled.length > 0) {
      const outcomes = await this.#l1Outcomes(
        instance,
        Math.min(...handled.map((s) => this.#sentBlock(instance, s.nonce))),
      );
      settlements = settlements.filter(
        (s) => s.kind !== "l1-l2" || !outcomes.notPending.has(s.nonce),
      );
    }
    const prevNumber = BigInt.asIntN(256, number);
    const l1ToL2 = settlements.flatMap((s) =>
      s.kind === "l1-l2"
        ? [
            {
              from: s.from,
              to: s.to,
              nonce: s.nonce,
              selector: s.selector,
              payload: s.payload,
            },
          ]
        : [],
    );
    const output = buildProgramOutput({
      prevRoot: root,
      newRoot: mask250(head.stateRoot),
      prevBlockNumber: prevNumber < 0n ? P + prevNumber : prevNumber,
      newBlockNumber: BigInt(toBlock),
      prevBlockHash: hash,
      newBlockHash: mask250(head.hash),
      configHash: CONFIG_HASH,
      l2ToL1: settlements
        .filter((s) => s.kind === "l2-l1")
        .map((s) => ({ from: s.from, to: s.to, payload: s.payload })),
      l1ToL2,
    });
    const fact = sharpFact(PROGRAM_HASH, stateTransitionFact(output, 0n, 0n));
    // The mock prover registers the fact of exactly this output, nothing else; a failing one
    // (fault injection) proves another output.
    const proven = this.world.faults.takeBadProof("starknet")
      ? sharpFact(PROGRAM_HASH, stateTransitionFact([...output, 0n], 0n, 0n))
      : fact;
    const registered = await this.#send(l1, {
      from: this.#actors.prover,
      to: instance.registry,
      data: this.#registry.encodeFunctionData("registerFact", [proven]),
    });
    if (registered.kind === "transport") {
      this.lastError = `StarkNet prover: registerFact got no answer from ${l1.name} (${registered.reason}); the range is closed again next pass`;
      return undefined;
    }
    if (registered.kind !== "mined")
      fail(
        `StarkNet prover: registerFact on ${l1.name} failed: ${registered.reason}`,
        registered.error,
      );
    return {
      output: output.map((w) => word(w)),
      toBlock,
      closedAt: Number((await l1.block("latest")).timestamp),
      fact,
      l1ToL2: l1ToL2.map((m) => m.nonce),
    };
  }

  /**
   * Sends an actor's L1 transaction and says how it ended: mined, reverted (with the decoded reason
   * and the `Error(string)` refusal, if it is one), a transport error (no answer: maybe mined), or
   * another failure (the node refused it).
   */
  async #send(
    chain: Chain,
    tx: { from: string; to: string; data: string; gas?: bigint },
  ): Promise<SendOutcome> {
    try {
      // Batches and updates run to millions of gas: the cap instead of an estimate per transaction
      // (a sender pays for the gas used, not the limit).
      const receipt = await chain.send({
        ...tx,
        gas: tx.gas ?? (await chain.maxTransactionGas()),
      });
      // A node that does not throw on failed transactions (throwOnTransactionFailures: false) mines them.
      if (receipt.status !== "0x1") {
        return {
          kind: "reverted",
          reason: `transaction ${receipt.transactionHash} reverted`,
          error: new Error(`transaction ${receipt.transactionHash} reverted`),
        };
      }
      return { kind: "mined", receipt };
    } catch (error) {
      const reason = (error as Error).message.split("\n")[0];
      if (isTransportError(error))
        return { kind: "transport", reason, error: error as Error };
      const revert = revertDataOf(error);
      if (revert !== undefined)
        return {
          kind: "reverted",
          reason: await this.world.describeRevert(revert),
          refusal: errorStringOf(revert),
          error: error as Error,
        };
      return {
        kind: isRevert(error) ? "reverted" : "refused",
        reason,
        error: error as Error,
      };
    }
  }

  saveState(): unknown {
    return structuredClone(
      [...this.#instances].map(([name, i]) => [name, i.state]),
    );
  }

  loadState(state: unknown): void {
    for (const [name, s] of state as Array<[string, InstanceState]>) {
      this.#instances.get(name)!.state = s;
    }
  }

  // ---- world.starknet helpers ---------------------------------------------------------------------

  #message(messageOrId: Message | string): StarknetMessage {
    const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
    const message = this.world.registry.require(id);
    if (!isMessageOf(message, "starknet"))
      fail(
        `Message ${id} is a ${message.protocol} message, not a StarkNet message.`,
      );
    return message;
  }

  /** Delivers one L1→L2 message now, as the sequencer would once it is confirmed (the confirmation wait is skipped). */
  async deliver(messageOrId: Message | string): Promise<StarknetMessage> {
    const message = this.#message(messageOrId);
    if (message.details.direction !== "l1-l2")
      fail(
        `Message ${message.id} goes from L2 to L1: it is consumed on L1, not delivered.`,
      );
    const instance = this.#instance(message.to);
    if (
      message.status === "pending" &&
      message.stage === "awaiting-confirmations"
    )
      this.world.registry.update(message, "ready", "confirmed");
    await this.#deliver(instance, message);
    const unanswered = l1ToL2Facts(message).unanswered;
    if (unanswered !== undefined) {
      fail(
        `StarkNet sequencer: handleL1Message of message ${message.id} got no answer from ${instance.chain.name} (${unanswered}); the relayer tries it again on its next pass.`,
      );
    }
    instance.state.open = instance.state.open.filter((o) => o !== message.id);
    return structuredClone(message);
  }

  /**
   * Closes every L2 block so far into a state update, has the mock prover
   * register its fact and the operator submit it on L1, now (the proof delay is skipped).
   */
  async updateState(
    chainName?: string,
  ): Promise<{ blockNumber: number; output: bigint[]; fact: string }> {
    const instance =
      chainName !== undefined
        ? this.#instance(chainName)
        : ([...this.#instances.values()][0] ??
          fail("This world has no StarkNet chain."));
    await this.world.relay(); // read every log first, so the update carries every message
    const stored = await this.#storedBlockNumber(instance);
    const head = await instance.chain.blockNumber();
    if (instance.state.closed === undefined && BigInt(head) <= stored) {
      fail(
        `Nothing to update: StarknetCore's state of ${instance.chain.name} is already at L2 block ${stored}, the L2 head. ` +
          "A state update must cover a new L2 block: send an L2 transaction (or mine an L2 block) first.",
      );
    }
    let closed = instance.state.closed;
    if (closed === undefined) {
      closed = await this.#close(instance);
      if (closed === undefined)
        fail(
          `The StarkNet state update of ${instance.chain.name} failed: ${this.lastError}`,
        );
      instance.state.closed = closed;
    }
    if (!(await this.#submit(instance, closed))) {
      fail(
        `The StarkNet state update of ${instance.chain.name} through L2 block ${closed.toBlock} failed: ${this.lastError}`,
      );
    }
    // What the chain holds now, not what was meant.
    const now = await this.#storedBlockNumber(instance);
    if (now !== BigInt(closed.toBlock)) {
      fail(
        `The StarkNet state update of ${instance.chain.name} through L2 block ${closed.toBlock} was sent, but StarknetCore's state is at L2 block ${now}.`,
      );
    }
    return {
      blockNumber: closed.toBlock,
      output: closed.output.map((w) => BigInt(w)),
      fact: closed.fact,
    };
  }

  /** The timestamp from which `cancelL1ToL2Message` succeeds for a message whose cancellation was started. */
  async cancellableAt(
    messageOrId: Message | string,
  ): Promise<number | undefined> {
    const message = this.#message(messageOrId);
    const instance = this.#instance(message.to);
    const requested = BigInt(
      await this.world.l1.rpc<string>("eth_call", [
        {
          to: instance.core,
          data: this.#core.encodeFunctionData("l1ToL2MessageCancellations", [
            message.hash,
          ]),
        },
        "latest",
      ]),
    );
    return requested === 0n
      ? undefined
      : Number(requested) + this.world.config.starknet.cancellationDelay;
  }

  l1ToL2MsgHash = l1ToL2MsgHash;
  l2ToL1MsgHash = l2ToL1MsgHash;
}

/** The error of an L1→L2 message handled on L2 and then cancelled on L1. */
function doubleSpend(nonce: bigint, handledTx: string | undefined): string {
  return (
    `double spend: L1→L2 message ${nonce} was handled on L2 (its l1 handler ran${handledTx !== undefined ? ` in ${handledTx}` : ""}) ` +
    "and then cancelled on L1 by its sender, so L1 refunded what L2 already credited. On StarkNet a state update consumes a " +
    "handled message within hours, long before its cancellation delay; here the clock passed the delay first. " +
    "StarknetCore no longer holds the message, so state updates leave it out."
  );
}

function newCopies(): L2ToL1Copies {
  return { ids: [], updated: new Set(), consumed: new Set() };
}

function feltTarget(x: bigint): string {
  return x < 1n << 160n ? getAddress(toBeHex(x, 20)) : toBeHex(x, 32);
}

function encodeWords(words: bigint[]): string {
  return AbiCoder.defaultAbiCoder().encode(["uint256[]"], [words]);
}

export function createStarknetProtocol(world: World): StarknetProtocol {
  return new StarknetProtocol(world);
}
