import type { MessageRegistry } from "./messages.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

/** The off-chain actors a fault can pause; "relayer" pauses every one of them. */
export const FAULT_ACTORS = [
  "relayer",
  "op:autorelayer",
  "op:supervisor",
  "scroll:sequencer",
  "scroll:batcher",
  "scroll:prover",
  "starknet:sequencer",
  "starknet:state-updater",
  "starknet:prover",
] as const;

export type FaultActor = (typeof FAULT_ACTORS)[number];

export interface FaultState {
  paused: FaultActor[];
  held: string[];
  dropped: string[];
  badProofs: { scroll: number; starknet: number };
}

/**
 * Fault injection on a world: actors paused, proofs that fail, relays held
 * back or dropped. Each fault leaves a state the real protocol allows; the
 * recovery is always the protocol's own path (resume, a later pass, replay,
 * drop, resend, cancel).
 */
export class Faults {
  #state: FaultState = { paused: [], held: [], dropped: [], badProofs: { scroll: 0, starknet: 0 } };

  constructor(private readonly registry: () => MessageRegistry) {}

  /** Stops an actor (or, with "relayer", every actor) until `resume`. */
  pause(actor: FaultActor): void {
    this.#actor(actor);
    if (!this.#state.paused.includes(actor)) this.#state.paused.push(actor);
  }

  resume(actor: FaultActor): void {
    this.#actor(actor);
    this.#state.paused = this.#state.paused.filter((a) => a !== actor);
  }

  isPaused(actor: Exclude<FaultActor, "relayer">): boolean {
    return this.#state.paused.includes("relayer") || this.#state.paused.includes(actor);
  }

  /** Delays the relay of a message until `release` (other messages go on; a Scroll sequencer, in queue order, waits). */
  hold(messageId: string): void {
    this.registry().require(messageId);
    if (!this.#state.held.includes(messageId)) this.#state.held.push(messageId);
  }

  release(messageId: string): void {
    this.#state.held = this.#state.held.filter((id) => id !== messageId);
  }

  isHeld(messageId: string): boolean {
    return this.#state.held.includes(messageId);
  }

  /**
   * The relayer never relays this message: an OP message stays relayable by
   * anyone until it expires; a Scroll L1 message is skipped by the sequencer
   * (dropMessage applies once its batch is finalized); a StarkNet L1 message
   * is never delivered (its sender may cancel it).
   */
  drop(messageId: string): void {
    this.registry().require(messageId);
    if (!this.#state.dropped.includes(messageId)) this.#state.dropped.push(messageId);
  }

  isDropped(messageId: string): boolean {
    return this.#state.dropped.includes(messageId);
  }

  /** The next `count` proofs of that model's prover are invalid (a Scroll proof signed by another key, a StarkNet fact of another output). */
  failProofs(protocol: "scroll" | "starknet", count = 1): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new HardhatPluginError(PLUGIN_ID, `failProofs needs a non-negative whole count, got ${String(count)}.`);
    }
    this.#state.badProofs[protocol] += count;
  }

  /** Whether the prover's next proof should be bad (and counts it). */
  takeBadProof(protocol: "scroll" | "starknet"): boolean {
    if (this.#state.badProofs[protocol] === 0) return false;
    this.#state.badProofs[protocol] -= 1;
    return true;
  }

  /** Clears every fault. */
  clear(): void {
    this.#state = { paused: [], held: [], dropped: [], badProofs: { scroll: 0, starknet: 0 } };
  }

  #actor(actor: string): void {
    if (!(FAULT_ACTORS as readonly string[]).includes(actor)) {
      throw new HardhatPluginError(PLUGIN_ID, `Unknown actor "${actor}". Actors: ${FAULT_ACTORS.join(", ")}.`);
    }
  }
}
