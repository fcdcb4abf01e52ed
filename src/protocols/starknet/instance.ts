import type { Chain } from "../../chain.js";

import { getAddress, toBeHex } from "ethers";

import { STARKNET_L1_ADDRESSES } from "./addresses.js";

function address(base: bigint, instance: number): string {
  return getAddress(toBeHex(base + BigInt(instance) * 0x100n, 20));
}

/**
 * A message of an L2 log that the next state update's program output carries: an L2→L1 message sent,
 * or an L1→L2 message whose l1 handler ran (the output consumes it on L1). Kept in (block, log index) order.
 */
export type OutputMessage =
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

export interface ClosedUpdate {
  output: string[];
  toBlock: number;
  closedAt: number;
  fact: string;
  /** Nonces of the L1→L2 messages the output consumes. */
  l1ToL2: bigint[];
  /** The last updateState of it got no answer (a transport error): the chain says next pass whether it landed. */
  unanswered?: string;
}

export interface L2ToL1Copies {
  ids: string[];
  updated: Set<string>;
  consumed: Set<string>;
}

export function newCopies(): L2ToL1Copies {
  return { ids: [], updated: new Set(), consumed: new Set() };
}

/** What the relayer knows of one StarkNet chain beyond the message registry (what a world snapshot carries). */
export interface StarknetRelayState {
  /** Nonces of L1→L2 messages the sequencer may still act on. */
  open: string[];
  /** What the next state update's program output carries, from the L2 blocks after the last update. */
  forNextUpdate: OutputMessage[];
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
export class StarknetInstance {
  state: StarknetRelayState = {
    open: [],
    forNextUpdate: [],
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
