/**
 * What a chain's blocks do not show: the state tools a connection was sent (hardhat_setCode,
 * hardhat_setStorageAt, impersonation, …), each with the block it followed, and the signed bytes of
 * every raw transaction. `xdm:node --state` keeps one journal per chain (world-state.ts saves it
 * beside the chain's blocks and replays both); the network hook records into it. Kept free of
 * imports beyond ethers' keccak so that the hook, which runs for every request, loads little.
 */
import { keccak256 } from "ethers";

/** A state tool as it was applied: after block `after`, in the order the chain received it. */
export interface JournalEntry {
  after: number;
  method: string;
  params: unknown[];
}

/**
 * Methods that change a chain's state, or how it builds blocks, without being a block. Mining and
 * the clock (evm_mine, hardhat_mine, evm_setNextBlockTimestamp, evm_increaseTime,
 * hardhat_setNextBlockBaseFeePerGas) are not here: the blocks they made carry their timestamps and
 * base fees, which the replay sets block by block.
 */
const STATE_TOOLS = new Set([
  "hardhat_setCode",
  "hardhat_setStorageAt",
  "hardhat_setBalance",
  "hardhat_setNonce",
  "hardhat_impersonateAccount",
  "hardhat_stopImpersonatingAccount",
  "hardhat_setCoinbase",
  "hardhat_setPrevRandao",
  "hardhat_setBlockGasLimit",
  "hardhat_setMinGasPrice",
]);

/** Every method a journal looks at: the state tools, snapshots and resets, and raw transactions. */
const JOURNALED = new Set([
  ...STATE_TOOLS,
  "evm_snapshot",
  "evm_revert",
  "hardhat_reset",
  "eth_sendRawTransaction",
]);

export class ChainJournal {
  readonly #entries: JournalEntry[] = [];
  /** Journal length when each live snapshot was taken: evm_revert drops what came after. */
  readonly #snapshots = new Map<string, number>();
  /** Signed transactions sent raw, by hash: a replay sends the same bytes, so the same hash. */
  readonly #raw = new Map<string, string>();

  /** Whether `method` is one the journal records (the hook reads the head only for these). */
  wants(method: string): boolean {
    return JOURNALED.has(method);
  }

  /**
   * Records a request the chain answered without error; `head` is the block number the chain
   * was at when the request arrived.
   */
  record(
    method: string,
    params: readonly unknown[],
    result: unknown,
    head: number,
  ): void {
    switch (method) {
      case "eth_sendRawTransaction": {
        const raw = String(params[0]);
        this.#raw.set(keccak256(raw), raw);
        return;
      }
      case "evm_snapshot":
        this.#snapshots.set(String(result), this.#entries.length);
        return;
      case "evm_revert": {
        const id = String(params[0]);
        const length = this.#snapshots.get(id);
        if (result !== true || length === undefined) return;
        this.#entries.length = length;
        // A node forgets the snapshot reverted to and every later one.
        for (const [other, at] of this.#snapshots)
          if (other === id || at > length) this.#snapshots.delete(other);
        return;
      }
      case "hardhat_reset":
        this.#entries.length = 0;
        this.#snapshots.clear();
        return;
      default:
        this.#entries.push({
          after: head,
          method,
          params: structuredClone([...params]),
        });
    }
  }

  /** The state tools applied after blocks up to `head` (a save reads the chain up to there). */
  entriesUpTo(head: number): JournalEntry[] {
    return this.#entries.filter((entry) => entry.after <= head);
  }

  /** The signed bytes of a transaction sent raw, by its hash. */
  rawTransaction(hash: string): string | undefined {
    return this.#raw.get(hash.toLowerCase());
  }

  /** Replaces the journal with `entries` (a chain rebuilt from a state file goes on from there). */
  load(entries: readonly JournalEntry[], raw: Record<string, string>): void {
    this.#entries.length = 0;
    this.#entries.push(...structuredClone([...entries]));
    this.#snapshots.clear();
    for (const [hash, bytes] of Object.entries(raw))
      this.#raw.set(hash.toLowerCase(), bytes);
  }
}

const journals = new WeakMap<object, ChainJournal>();

/** Starts a journal of `connection`'s state tools; from now on the network hook records into it. */
export function startJournal(connection: object): ChainJournal {
  const journal = new ChainJournal();
  journals.set(connection, journal);
  return journal;
}

/** The journal of `connection`, if one was started. */
export function journalOf(connection: object): ChainJournal | undefined {
  return journals.get(connection);
}
