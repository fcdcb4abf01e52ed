import type { AccessListEntry, Identifier } from "../codec/access-list.js";

import { calculateChecksum } from "../codec/access-list.js";

/**
 * Initiating messages known to be on their source chain, shared by the supervisors of one world: each was
 * either read from the chain as a log (the autorelayer's log scan) or looked up there by a supervisor.
 *
 * An entry is keyed on what an access list declares: the lookup fields (source chain id, block number,
 * block timestamp, log index) and the checksum, which binds them to the log's origin and payload hash. A
 * declaration hits only if every field is the verified one, so the cache never vouches for anything the
 * chain was not seen to hold. A chain rewound (`evm_revert`, `hardhat_reset`) loses its entries.
 */
export class VerifiedMessages {
  /** Key → source chain id. */
  #entries = new Map<string, bigint>();

  /** Records a log the caller read from its chain: its identifier and `keccak(topics ‖ data)`. */
  addLog(id: Identifier, payloadHash: string): void {
    const checksum = calculateChecksum(id, payloadHash);
    this.#entries.set(
      keyOf(id.chainId, id.blockNumber, id.timestamp, id.logIndex, checksum),
      id.chainId,
    );
  }

  /** Records a declaration a supervisor found to name a real log. */
  addDeclared(entry: AccessListEntry): void {
    this.#entries.set(keyOfEntry(entry), entry.chainId);
  }

  has(entry: AccessListEntry): boolean {
    return this.#entries.has(keyOfEntry(entry));
  }

  /** Forgets every message of a chain whose history may have changed. */
  forgetChain(chainId: bigint): void {
    for (const [key, source] of this.#entries) {
      if (source === chainId) this.#entries.delete(key);
    }
  }

  /** The entries, for a world snapshot: what was verified then holds again once the chains are back there. */
  save(): Map<string, bigint> {
    return new Map(this.#entries);
  }

  load(entries: Map<string, bigint>): void {
    this.#entries = new Map(entries);
  }
}

function keyOfEntry(entry: AccessListEntry): string {
  return keyOf(
    entry.chainId,
    entry.blockNumber,
    entry.timestamp,
    entry.logIndex,
    entry.checksum,
  );
}

function keyOf(
  chainId: bigint,
  blockNumber: bigint,
  timestamp: bigint,
  logIndex: bigint,
  checksum: string,
): string {
  return `${chainId}:${blockNumber}:${timestamp}:${logIndex}:${checksum.toLowerCase()}`;
}
