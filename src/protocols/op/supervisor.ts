import type { TransactionGate } from "./supervisor-registry.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type { RpcLog } from "../types.js";
import type { AccessListEntry, Identifier } from "./encoding.js";
import type { AccessList } from "ethers";
import type { JsonRpcRequest } from "hardhat/types/providers";

import { Transaction, getAddress, toBeHex, toQuantity } from "ethers";

import {
  CROSS_L2_INBOX_ADDRESS,
  EXECUTING_MESSAGE_TOPIC,
  calculateChecksum,
  msgHash,
  parseAccessListKeys,
  payloadFromLog,
} from "./encoding.js";

/** An executing message a transaction would emit, as seen in its trace. */
export interface ExecutingMessage {
  checksum: string;
  msgHash: string;
}

interface TxParams {
  from?: string;
  to?: string | null;
  data?: string;
  input?: string;
  value?: string;
  gas?: string;
  accessList?: AccessList;
}

interface StructLog {
  op: string;
  depth: number;
  stack?: string[];
}

interface CallTrace {
  failed: boolean;
  structLogs: StructLog[];
}

const word = (value: string): string => toBeHex(BigInt(value), 32);

/** How long a clock reading serves the trusted relays that follow it. */
const CLOCK_READING_MS = 1000;

/**
 * The supervisor of one OP chain: before a transaction is included, every
 * executing message it would emit must point at a real initiating message of a
 * chain in the dependency set, inside the expiry window. A transaction that
 * fails a rule is answered with a JSON-RPC error and never mined.
 */
export class Supervisor implements TransactionGate {
  constructor(
    private readonly world: World,
    private readonly chain: Chain,
    private readonly expiryWindow: number,
  ) {}

  /** Relays the autorelayer is about to send, by calldata: it built their identifiers from the logs itself. */
  readonly #trusted = new Map<string, { identifier: Identifier; msgHash: string; notBefore?: number }>();

  /**
   * The autorelayer announces a relay it built from an initiating log it read:
   * that relay can emit only this executing message (its access list warms only
   * this checksum), so the source checks hold by construction and only the
   * dependency set and the timing are checked, without tracing the transaction.
   * `notBefore`: the autorelayer (in a clock pass) wants the relay's block to carry
   * at least this timestamp (the initiating message's, from a source chain ahead).
   */
  trust(data: string, identifier: Identifier, msgHash: string, notBefore?: number): void {
    this.#trusted.set(data.toLowerCase(), { identifier, msgHash, notBefore });
  }

  /**
   * The timestamp this supervisor last pinned for a relay's block, and when (wall clock). Kept
   * for a second at most, and forgotten at any evm_* or hardhat_* request, so that relays sent
   * in a burst share one clock reading while the chain's own clock still rules.
   */
  #latest: { at: number; readAt: number } | undefined;

  forgetClock(): void {
    this.#latest = undefined;
  }

  async check(request: JsonRpcRequest): Promise<string | undefined> {
    const tx = this.#transactionOf(request);
    if (tx === undefined) return undefined;
    const trusted = tx.data === undefined ? undefined : this.#trusted.get(tx.data.toLowerCase());
    if (trusted !== undefined && tx.from?.toLowerCase() === this.world.actors["op:autorelayer"].address.toLowerCase()) {
      this.#trusted.delete(tx.data!.toLowerCase());
      if (this.world.faults.isPaused("op:supervisor")) return "supervisor unavailable: executing messages cannot be validated now";
      return await this.#checkTrusted(trusted.identifier, trusted.notBefore ?? 0);
    }
    const inboxKeys = (tx.accessList ?? [])
      .filter((entry) => entry.address.toLowerCase() === CROSS_L2_INBOX_ADDRESS.toLowerCase())
      .flatMap((entry) => entry.storageKeys);
    // Only a warm checksum slot lets validateMessage pass, and only the access
    // list can warm it: without inbox keys no executing message can be emitted.
    if (inboxKeys.length === 0) return undefined;

    const executing = await this.simulate(tx);
    if (executing.length === 0) return undefined;
    if (this.world.faults.isPaused("op:supervisor")) {
      return "supervisor unavailable: executing messages cannot be validated now";
    }

    const executingTimestamp = Number((await this.chain.block("pending")).timestamp);
    const entries = new Map(readEntries(inboxKeys).map((e) => [e.checksum.toLowerCase(), e]));
    for (const message of executing) {
      const rejection = await this.#validate(message, entries.get(message.checksum.toLowerCase()), executingTimestamp);
      if (rejection !== undefined) return rejection;
    }
    // The checks above used the next block's timestamp; pin it so that the
    // block the transaction lands in is the block that was checked.
    await this.chain.rpc("evm_setNextBlockTimestamp", [toQuantity(executingTimestamp)]);
    return undefined;
  }

  /**
   * The timing of a trusted relay, against the exact timestamp of the block it
   * lands in, which the supervisor pins: the node's pending timestamp (or
   * `notBefore` if later), read once and reused for the relays of the next second
   * (blocks may share a timestamp here). A pin the node refuses (a block with a
   * later timestamp was mined since) sends it back to the node's clock.
   */
  async #checkTrusted(identifier: Identifier, notBefore: number): Promise<string | undefined> {
    const route = this.#validateRoute(identifier.chainId);
    if (route !== undefined) return route;
    const cached = this.#latest;
    if (cached !== undefined && Date.now() - cached.readAt < CLOCK_READING_MS) {
      const at = Math.max(cached.at, notBefore);
      if (this.#validateTiming(identifier.timestamp, at) === undefined) {
        try {
          await this.chain.rpc("evm_setNextBlockTimestamp", [toQuantity(at)]);
          this.#latest = { at, readAt: cached.readAt };
          return undefined;
        } catch {
          // a block with a later timestamp was mined since: read the chain's clock below
        }
      }
    }
    const pending = Number((await this.chain.block("pending")).timestamp);
    const at = Math.max(pending, notBefore);
    const rejection = this.#validateTiming(identifier.timestamp, at);
    if (rejection !== undefined) return rejection;
    await this.chain.rpc("evm_setNextBlockTimestamp", [toQuantity(at)]);
    this.#latest = { at, readAt: Date.now() };
    return undefined;
  }

  /** The executing messages `tx` would emit if included now (none if it reverts). */
  async simulate(tx: TxParams): Promise<ExecutingMessage[]> {
    const call: Record<string, unknown> = { from: tx.from, to: tx.to, data: tx.data ?? tx.input, value: tx.value, accessList: tx.accessList };
    if (tx.gas !== undefined) call.gas = tx.gas;
    const trace = await this.chain.rpc<CallTrace>("debug_traceCall", [
      call,
      "latest",
      { disableStorage: true, disableMemory: true, enableMemory: false, enableReturnData: false },
    ]);
    if (trace.failed) return [];
    return executingMessagesOf(trace.structLogs, tx.to ?? undefined);
  }

  #transactionOf(request: JsonRpcRequest): TxParams | undefined {
    const params = request.params as unknown[] | undefined;
    if (params === undefined || params.length === 0) return undefined;
    if (request.method === "eth_sendTransaction") {
      return params[0] as TxParams;
    }
    try {
      const tx = Transaction.from(params[0] as string);
      return {
        from: tx.from ?? undefined,
        to: tx.to,
        data: tx.data,
        value: toQuantity(tx.value),
        gas: toQuantity(tx.gasLimit),
        accessList: tx.accessList ?? undefined,
      };
    } catch {
      return undefined; // the node rejects a malformed raw transaction itself
    }
  }

  async #validate(
    message: ExecutingMessage,
    entry: AccessListEntry | undefined,
    executingTimestamp: number,
  ): Promise<string | undefined> {
    if (entry === undefined) return "initiating message not found";
    const chainId = entry.chainId;
    const route = this.#validateRoute(chainId);
    if (route !== undefined) return route;
    const source = this.world.chainById(chainId)!;
    const head = await source.blockNumber();
    if (entry.blockNumber > BigInt(head)) return "initiating message not found";
    const block = await source.block(Number(entry.blockNumber));
    if (BigInt(block.timestamp) !== entry.timestamp) return "initiating message not found";
    const logs = await source.rpc<RpcLog[]>("eth_getLogs", [{ blockHash: block.hash }]);
    const log = logs.find((l) => BigInt(l.logIndex) === entry.logIndex);
    if (log === undefined) return "initiating message not found";
    const identifier = {
      origin: getAddress(log.address),
      blockNumber: entry.blockNumber,
      logIndex: entry.logIndex,
      timestamp: entry.timestamp,
      chainId,
    };
    // The checksum binds the origin: computed with the log's own emitter it
    // differs exactly when the identifier names another origin.
    if (calculateChecksum(identifier, message.msgHash).toLowerCase() !== message.checksum.toLowerCase()) {
      return "initiating message not found";
    }
    if (msgHash(payloadFromLog(log)).toLowerCase() !== message.msgHash.toLowerCase()) {
      return "executing and initiating message fields are not equal";
    }
    return this.#validateTiming(entry.timestamp, executingTimestamp);
  }

  /** Rules 1 and 2: a chain of the world, in the executing chain's dependency set. */
  #validateRoute(chainId: bigint): string | undefined {
    const source = this.world.chainById(chainId);
    if (source === undefined || source.protocol !== "op") {
      return `no chain found for chain id ${chainId}`;
    }
    if (source !== this.chain && !this.chain.config.dependencySet.includes(source.name)) {
      return `executing message in block (chain ${this.chain.chainId}) may not execute message from chain ${source.chainId}: not in dependency set`;
    }
    return undefined;
  }

  /** Rules 6 and 7: not in the future, younger than the expiry window. */
  #validateTiming(timestamp: bigint, executingTimestamp: number): string | undefined {
    if (timestamp > BigInt(executingTimestamp)) return "initiating message is in the future";
    if (BigInt(executingTimestamp) >= timestamp + BigInt(this.expiryWindow)) return "initiating message expired";
    return undefined;
  }
}

/** The entries of a well-formed inbox key list; a malformed one names no message at all. */
function readEntries(keys: string[]): AccessListEntry[] {
  try {
    return parseAccessListKeys(keys);
  } catch {
    return [];
  }
}

/**
 * Reads the executing messages out of an opcode trace: each LOG2 of the inbox
 * with the ExecutingMessage topic, paired with the checksum slot the inbox
 * loaded just before, kept only if no enclosing frame reverted.
 */
export function executingMessagesOf(steps: StructLog[], to: string | undefined): ExecutingMessage[] {
  const inbox = CROSS_L2_INBOX_ADDRESS.toLowerCase();
  interface Frame {
    address: string | undefined;
    emitted: ExecutingMessage[];
    lastSload?: string;
  }
  const frames: Frame[] = [{ address: to?.toLowerCase(), emitted: [] }];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const next = steps[i + 1];
    const frame = frames[frames.length - 1];
    const stack = step.stack ?? [];
    const top = (n: number): string => stack[stack.length - 1 - n];

    if (frame.address === inbox) {
      if (step.op === "SLOAD") {
        frame.lastSload = word(top(0));
      } else if (step.op === "LOG2" && word(top(2)) === EXECUTING_MESSAGE_TOPIC && frame.lastSload !== undefined) {
        frame.emitted.push({ checksum: frame.lastSload, msgHash: word(top(3)) });
      }
    }

    if (next === undefined) break;
    if (next.depth > step.depth) {
      let address: string | undefined;
      if (step.op === "CALL" || step.op === "STATICCALL") {
        address = word(top(1)).slice(-40);
        address = `0x${address}`;
      } else if (step.op === "DELEGATECALL" || step.op === "CALLCODE") {
        address = frame.address; // the callee's code runs in the caller's storage and log context
      }
      frames.push({ address, emitted: [] });
    } else if (next.depth < step.depth && frames.length > 1) {
      const done = frames.pop()!;
      const result = next.stack?.[next.stack.length - 1];
      if (result !== undefined && BigInt(result) !== 0n) {
        frames[frames.length - 1].emitted.push(...done.emitted);
      }
    }
  }
  return frames[0].emitted;
}
