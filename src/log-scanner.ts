/**
 * How far the relayer has read each chain, and the one `eth_getLogs` per chain per pass that reads
 * further. Each log (block hash, log index) is applied once, whoever reads it first: a log an actor
 * read from its own receipt above a chain's cursor is kept here until a scan passes its block.
 */
import type { Chain, RpcBlock } from "./chain.js";
import type { LogWatch, RpcLog } from "./protocols/types.js";

import { toQuantity } from "ethers";

import { logKey } from "./protocols/types.js";

/** How far the relayer has read a chain: the last block read and its hash (to notice a chain rewound under it). */
export interface Cursor {
  block: number;
  hash?: string;
}

/** What a world snapshot keeps of the scanner. */
export interface ScannerState {
  cursors: Map<string, Cursor>;
  applied: Map<string, Map<string, number>>;
}

export class LogScanner {
  readonly #cursors = new Map<string, Cursor>();
  /**
   * Logs already applied above each chain's cursor (read from an actor's receipt before a scan
   * reached them), by logKey, with their block number. Everything at or below a cursor was
   * applied by the scan that moved it there.
   */
  readonly #applied = new Map<string, Map<string, number>>();

  /** Reads `chain` from the block after `cursor.block`; without a hash there is nothing to compare for a rewind. */
  start(chain: Chain, cursor: Cursor): void {
    this.#cursors.set(chain.name, cursor);
  }

  /** Forgets every cursor and every applied log. */
  clear(): void {
    this.#cursors.clear();
    this.#applied.clear();
  }

  /** The logs of an actor's receipt on `chain` that are not applied yet, marked applied. */
  fresh(chain: Chain, logs: readonly RpcLog[]): RpcLog[] {
    const cursor = this.#cursors.get(chain.name)?.block ?? -1;
    let applied = this.#applied.get(chain.name);
    if (applied === undefined)
      this.#applied.set(chain.name, (applied = new Map()));
    const fresh: RpcLog[] = [];
    for (const log of logs) {
      const block = Number(log.blockNumber);
      const key = logKey(log);
      if (block <= cursor || applied.has(key)) continue;
      applied.set(key, block);
      fresh.push(log);
    }
    return fresh;
  }

  /**
   * One eth_getLogs for everything `watches` name on `chain`, from its cursor to its head, without
   * the logs an actor's receipt already applied. A chain whose block at the cursor is gone or
   * changed was rewound: nothing is read and `rewound` says so.
   */
  async scan(
    chain: Chain,
    watches: readonly LogWatch[],
  ): Promise<{ logs: RpcLog[]; rewound: boolean }> {
    const cursor = this.#cursors.get(chain.name)!;
    const head = await chain.block("latest");
    const headNumber = Number(head.number);
    if (cursor.hash !== undefined) {
      // A head one block past the cursor names the cursor's block as its parent: no second read.
      const stillThere =
        headNumber === cursor.block
          ? head.hash === cursor.hash
          : headNumber === cursor.block + 1
            ? head.parentHash === cursor.hash
            : headNumber > cursor.block &&
              (
                await chain.rpc<RpcBlock | null>("eth_getBlockByNumber", [
                  toQuantity(cursor.block),
                  false,
                ])
              )?.hash === cursor.hash;
      if (!stillThere) return { logs: [], rewound: true };
    }
    if (headNumber <= cursor.block) {
      return { logs: [], rewound: false };
    }
    let logs: RpcLog[] = [];
    if (watches.length > 0) {
      const addresses = [
        ...new Set(
          watches.flatMap((watch) =>
            watch.addresses.map((address) => address.toLowerCase()),
          ),
        ),
      ];
      const topics = [...new Set(watches.flatMap((watch) => watch.topics))];
      logs = await chain.rpc<RpcLog[]>("eth_getLogs", [
        {
          fromBlock: toQuantity(cursor.block + 1),
          toBlock: toQuantity(headNumber),
          address: addresses,
          topics: [topics],
        },
      ]);
    }
    const applied = this.#applied.get(chain.name);
    if (applied !== undefined && applied.size > 0) {
      logs = logs.filter((log) => !applied.has(logKey(log)));
      for (const [key, block] of applied)
        if (block <= headNumber) applied.delete(key);
    }
    this.#cursors.set(chain.name, { block: headNumber, hash: head.hash });
    return { logs, rewound: false };
  }

  /** A copy of the cursors and applied logs, for a world snapshot. */
  save(): ScannerState {
    return {
      cursors: structuredClone(this.#cursors),
      applied: structuredClone(this.#applied),
    };
  }

  /** Back to a saved state (which stays usable). */
  load(state: ScannerState): void {
    this.clear();
    for (const [name, cursor] of state.cursors)
      this.#cursors.set(name, { ...cursor });
    for (const [name, applied] of state.applied)
      this.#applied.set(name, new Map(applied));
  }
}
