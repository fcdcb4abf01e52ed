/**
 * Scroll's L2→L1 withdraw trie (L2MessageQueue's), kept off-chain so a claim can
 * be proven against the withdraw root a finalized batch recorded. It must equal
 * L2MessageQueue's append-only tree exactly: after n leaves the root is the
 * complete tree of height ceil(log2 n), right-padded with zero subtrees, and a
 * single leaf is its own root.
 */
import {
  type BytesLike,
  concat,
  dataLength,
  hexlify,
  keccak256,
  zeroPadValue,
  ZeroHash,
} from "ethers";

/** The tree never grows past 2^40 leaves (real `MAX_TREE_HEIGHT`). */
export const MAX_TRIE_HEIGHT = 40;

/** `keccak(left ‖ right)`: inner nodes carry no domain prefix, exactly as on chain. */
export function hashPair(left: string, right: string): string {
  return keccak256(
    left.length === 66 && right.length === 66
      ? `${left}${right.slice(2)}`
      : concat([left, right]),
  );
}

/** `zero[0] = 0`, `zero[h+1] = keccak(zero[h] ‖ zero[h])`: the root of an empty subtree of height h. */
export const ZERO_HASHES: readonly string[] = (() => {
  const zeros: string[] = [ZeroHash];
  for (let h = 1; h <= MAX_TRIE_HEIGHT; h++)
    zeros.push(hashPair(zeros[h - 1], zeros[h - 1]));
  return zeros;
})();

/** Height of the tree holding `leafCount` leaves: `ceil(log2 n)`, 0 for one leaf. */
export function trieHeight(leafCount: number): number {
  let height = 0;
  while (2 ** height < leafCount) height++;
  return height;
}

/** Folds a proof bottom-up the way L1ScrollMessenger does (the leaf index picks the side at each level). */
export function rootFromProof(
  leaf: string,
  index: bigint | number,
  proof: readonly string[] | BytesLike,
): string {
  const siblings =
    typeof proof === "string" || proof instanceof Uint8Array
      ? splitProof(proof)
      : [...proof];
  let hash = zeroPadValue(leaf, 32);
  let position = BigInt(index);
  for (const sibling of siblings) {
    hash =
      position % 2n === 0n ? hashPair(hash, sibling) : hashPair(sibling, hash);
    position /= 2n;
  }
  return hash;
}

/** Splits concatenated proof bytes into their 32-byte siblings. */
export function splitProof(proof: BytesLike): string[] {
  const bytes = hexlify(proof);
  const length = dataLength(bytes);
  if (length % 32 !== 0)
    throw new Error(
      `a withdraw proof is whole 32-byte words, got ${length} bytes`,
    );
  const siblings: string[] = [];
  for (let i = 0; i < length; i += 32)
    siblings.push(`0x${bytes.slice(2 + 2 * i, 2 + 2 * (i + 32))}`);
  return siblings;
}

/**
 * An incremental copy of L2MessageQueue's tree. Only nodes whose subtree is complete are cached,
 * so the root and proofs for any earlier leaf count can still be produced: the withdraw root of
 * batch k is the root after the leaves appended up to its last block, not the current one.
 */
export class WithdrawTrie {
  /** `complete[h][j]`: the node of height h over leaves [j·2^h, (j+1)·2^h), once all of them exist. */
  readonly #complete: string[][] = [[]];

  constructor(leaves: Iterable<string> = []) {
    for (const leaf of leaves) this.append(leaf);
  }

  /**
   * The cached nodes, level by level (copies): with {@link fromNodes}, a world snapshot keeps the
   * trie without hashing its leaves again (rebuilding 2,000 leaves costs 4,000 keccaks).
   */
  nodes(): string[][] {
    return this.#complete.map((level) => [...level]);
  }

  /** The trie whose cached nodes are `nodes`, as {@link nodes} gave them (they are copied). */
  static fromNodes(nodes: ReadonlyArray<readonly string[]>): WithdrawTrie {
    const trie = new WithdrawTrie();
    if (nodes.length > 0) {
      trie.#complete.length = 0;
      for (const level of nodes) trie.#complete.push([...level]);
    }
    return trie;
  }

  /** Number of leaves appended so far (= L2MessageQueue's `nextMessageIndex`). */
  get size(): number {
    return this.#complete[0].length;
  }

  /** The leaf at `index`. */
  leaf(index: number): string {
    this.#checkIndex(index, this.size);
    return this.#complete[0][index];
  }

  /** Appends a message hash; returns its leaf index (= the L2→L1 message nonce). */
  append(messageHash: string): number {
    const index = this.size;
    if (index >= 2 ** MAX_TRIE_HEIGHT) throw new Error("withdraw trie is full");
    this.#complete[0].push(zeroPadValue(messageHash, 32));
    // Each appended right child completes its parent; stop at the first left child.
    let position = index;
    for (let height = 0; position % 2 === 1; height++) {
      const left = this.#complete[height][position - 1];
      const right = this.#complete[height][position];
      if (this.#complete[height + 1] === undefined) this.#complete.push([]);
      this.#complete[height + 1].push(hashPair(left, right));
      position >>= 1;
    }
    return index;
  }

  /** The root after the first `leafCount` leaves (zero hash for an empty trie). */
  root(leafCount: number = this.size): string {
    this.#checkCount(leafCount);
    if (leafCount === 0) return ZeroHash;
    return this.#node(trieHeight(leafCount), 0, leafCount);
  }

  /** Siblings, bottom-up, proving leaf `index` against `root(leafCount)`. */
  proof(index: number, leafCount: number = this.size): string[] {
    this.#checkCount(leafCount);
    this.#checkIndex(index, leafCount);
    const siblings: string[] = [];
    const height = trieHeight(leafCount);
    for (let h = 0; h < height; h++)
      siblings.push(this.#node(h, (index >> h) ^ 1, leafCount));
    return siblings;
  }

  /** {@link proof} as the concatenated bytes `relayMessageWithProof` takes. */
  proofBytes(index: number, leafCount: number = this.size): string {
    const siblings = this.proof(index, leafCount);
    return `0x${siblings.map((sibling) => sibling.slice(2)).join("")}`;
  }

  /** Node of height h at position j in the tree holding only the first `leafCount` leaves. */
  #node(height: number, position: number, leafCount: number): string {
    const first = position * 2 ** height;
    if (first >= leafCount) return ZERO_HASHES[height];
    if (first + 2 ** height <= leafCount)
      return this.#complete[height][position];
    // The one partial node per level: computed from its children once per leaf count (the proofs of
    // every withdrawal of a batch share them).
    if (this.#partials.leafCount !== leafCount)
      this.#partials = { leafCount, nodes: new Map() };
    let node = this.#partials.nodes.get(height);
    if (node === undefined) {
      node = hashPair(
        this.#node(height - 1, 2 * position, leafCount),
        this.#node(height - 1, 2 * position + 1, leafCount),
      );
      this.#partials.nodes.set(height, node);
    }
    return node;
  }

  /** The partial nodes (one per height) of the tree of the last leaf count asked about. */
  #partials: { leafCount: number; nodes: Map<number, string> } = {
    leafCount: -1,
    nodes: new Map(),
  };

  #checkCount(leafCount: number): void {
    if (
      !Number.isSafeInteger(leafCount) ||
      leafCount < 0 ||
      leafCount > this.size
    ) {
      throw new Error(`leaf count ${leafCount} is outside 0..${this.size}`);
    }
  }

  #checkIndex(index: number, leafCount: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= leafCount) {
      throw new Error(`leaf index ${index} is outside 0..${leafCount - 1}`);
    }
  }
}
