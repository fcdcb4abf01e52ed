import type { MessageRegistry } from "./messages.js";
import type {
  BuiltInFaultActor,
  ProofFailingProtocol,
} from "./protocols/index.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";
import { protocolModules } from "./protocols/index.js";

/** The off-chain actors a fault can pause (each model names its own); "relayer" pauses every one of them. */
export function faultActors(): string[] {
  return ["relayer", ...protocolModules().flatMap((m) => m.faultActors)];
}

/** The pausable actors of the built-in models and "relayer"; a registered model's actors are plain strings. */
export type FaultActor = "relayer" | BuiltInFaultActor;

export interface FaultState {
  paused: string[];
  held: string[];
  dropped: string[];
  /** Bad proofs still to come, by protocol name. */
  badProofs: Record<string, number>;
}

/**
 * Fault injection on a world: actors paused, proofs that fail, relays held
 * back or dropped. Each fault leaves a state the real protocol allows; the
 * recovery is always the protocol's own path (resume, a later pass, replay,
 * drop, resend, cancel).
 */
export class Faults {
  #state: FaultState = { paused: [], held: [], dropped: [], badProofs: {} };

  constructor(private readonly registry: () => MessageRegistry) {}

  /** Stops an actor (or, with "relayer", every actor) until `resume`. */
  pause(actor: FaultActor | (string & {})): void {
    this.#actor(actor);
    if (!this.#state.paused.includes(actor)) this.#state.paused.push(actor);
  }

  resume(actor: FaultActor | (string & {})): void {
    this.#actor(actor);
    this.#state.paused = this.#state.paused.filter((a) => a !== actor);
  }

  isPaused(actor: Exclude<FaultActor, "relayer"> | (string & {})): boolean {
    return (
      this.#state.paused.includes("relayer") ||
      this.#state.paused.includes(actor)
    );
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
    if (!this.#state.dropped.includes(messageId))
      this.#state.dropped.push(messageId);
  }

  isDropped(messageId: string): boolean {
    return this.#state.dropped.includes(messageId);
  }

  /** The next `count` proofs of that model's prover are invalid (a Scroll proof signed by another key, a StarkNet fact of another output). */
  failProofs(protocol: ProofFailingProtocol | (string & {}), count = 1): void {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `failProofs needs a non-negative whole count, got ${String(count)}.`,
      );
    }
    const provers = protocolModules()
      .filter((m) => m.failableProofs)
      .map((m) => m.name);
    if (!provers.includes(protocol)) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `failProofs: protocol "${protocol}" has no prover that can fail. Protocols with one: ${provers.join(", ")}.`,
      );
    }
    this.#state.badProofs[protocol] =
      (this.#state.badProofs[protocol] ?? 0) + count;
  }

  /** Whether the prover's next proof should be bad (and counts it). */
  takeBadProof(protocol: ProofFailingProtocol | (string & {})): boolean {
    if ((this.#state.badProofs[protocol] ?? 0) === 0) return false;
    this.#state.badProofs[protocol] -= 1;
    return true;
  }

  /** Clears every fault. */
  clear(): void {
    this.#state = { paused: [], held: [], dropped: [], badProofs: {} };
  }

  #actor(actor: string): void {
    const actors = faultActors();
    if (!actors.includes(actor)) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Unknown actor "${actor}". Actors: ${actors.join(", ")}.`,
      );
    }
  }
}
