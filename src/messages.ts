import type { ProtocolName } from "./protocols/types.js";

import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";

/**
 * Where a message is in its life. Every message is in exactly one:
 * - pending: waiting on confirmations, a batch, a proof, a state update or another message;
 * - ready: relayable, claimable or consumable now;
 * - relayed: executed on its destination;
 * - failed: the destination call reverted (or the message cannot be routed); the protocol's recovery applies;
 * - cancelled: withdrawn by its sender through the protocol;
 * - expired: past its protocol's window; only the protocol's resend brings it back.
 */
export type MessageStatus =
  "pending" | "ready" | "relayed" | "failed" | "cancelled" | "expired";

export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  "pending",
  "ready",
  "relayed",
  "failed",
  "cancelled",
  "expired",
];

/**
 * The typed facts and stages of each protocol's messages (`{ details; stage }`, or a union of them
 * when the facts and stages differ by direction). Empty here: each protocol module adds its own entry (`declare module "../../messages.js" { interface MessageTypesByProtocol { scroll: … } }`)
 * in its `details.ts`, so the engine names no protocol and a registered model may add one too.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled by declaration merging
export interface MessageTypesByProtocol {}

/** The protocols whose messages have typed details and stages. */
export type TypedProtocol = keyof MessageTypesByProtocol & string;

/** A message of protocol `P` whose details are `D` and whose stage is one of `S`. */
export interface MessageOf<
  P extends ProtocolName = ProtocolName,
  D = Record<string, unknown>,
  S extends string = string,
> {
  /** Stable across relayers and restarts: derived from chain data only. */
  id: string;
  protocol: P;
  /** Source chain name. */
  from: string;
  /** Destination chain name (the source chain's id as a string if unknown to the world). */
  to: string;
  sender: string;
  target: string;
  value: bigint;
  data: string;
  nonce: bigint;
  /** The protocol's own message hash. */
  hash: string;
  status: MessageStatus;
  /** The protocol's step, e.g. "initiated", "relay-reverted", "awaiting-confirmations". */
  stage: S;
  sourceTx: string;
  sourceBlock: number;
  /** Source block timestamp (seconds). */
  sentAt: number;
  destinationTx?: string;
  /** Why the last attempt failed, or why the message cannot proceed. */
  error?: string;
  /** Protocol-specific facts (OP: identifier, payload, access list; Scroll: claim; …), typed per protocol. */
  details: D;
}

/** A message of a protocol that declared no types for its details and stages. */
export type UntypedMessage = MessageOf<
  ProtocolName,
  Record<string, unknown>,
  string
>;

/**
 * A message of protocol `P`: typed details and stages for a protocol in MessageTypesByProtocol
 * (`Message<"scroll">` is a ScrollMessage); without `P`, the union of every protocol's messages.
 */
export type Message<P extends ProtocolName = ProtocolName> =
  P extends TypedProtocol
    ? MessageOfEntry<P, MessageTypesByProtocol[P]>
    : UntypedMessage;

/** One message type per entry of a protocol (a protocol with two directions gives a union of two). */
type MessageOfEntry<P extends ProtocolName, E> = E extends {
  details: infer D;
  stage: infer S extends string;
}
  ? MessageOf<P, D, S>
  : never;

/** Whether `message` is one of `protocol`: narrows it to that protocol's typed message. */
export function isMessageOf<P extends TypedProtocol>(
  message: Message,
  protocol: P,
): message is Message<P> {
  return message.protocol === protocol;
}

export interface MessageFilter {
  protocol?: ProtocolName;
  status?: MessageStatus | MessageStatus[];
  stage?: string;
  from?: string;
  to?: string;
  sender?: string;
  target?: string;
}

export interface MessageChange {
  id: string;
  protocol: ProtocolName;
  from: string;
  to: string;
  previous?: { status: MessageStatus; stage: string };
  status: MessageStatus;
  stage: string;
}

export type MessageListener = (
  change: MessageChange,
  message: Readonly<Message>,
) => void;

/** The registry's messages as a snapshot holds them: records shared with the registry until it writes one. */
export type RegistrySnapshot = ReadonlyMap<string, Readonly<Message>>;

/**
 * Every message the relayer knows of. The registry only records what the
 * protocols observe on chain; it never decides anything itself.
 *
 * Snapshots are copy-on-write: a snapshot is a shallow copy of the map, and its records are shared
 * with the registry until the registry hands one out again (get, require, list, add), which then
 * clones that one record first. Protocols change the records they are handed in place (status,
 * stage, details), so every record handed out is one only the registry holds; and they hand them
 * back by id, never keeping one across passes. A world snapshot of 10,000 messages is then a map
 * copy instead of a structured clone of every message (and so is a restore).
 */
export class MessageRegistry {
  #messages = new Map<string, Message>();
  /** The records no snapshot shares: safe to hand out for writing. */
  #owned = new WeakSet<Message>();
  #changes: MessageChange[] = [];
  readonly #listeners = new Set<MessageListener>();

  get size(): number {
    return this.#messages.size;
  }

  has(id: string): boolean {
    return this.#messages.has(id);
  }

  /** The message of `id`; with `protocol`, only when it is one of that protocol's (typed as such). */
  get<P extends TypedProtocol>(id: string, protocol: P): Message<P> | undefined;
  get(id: string): Message | undefined;
  get(id: string, protocol?: TypedProtocol): Message | undefined {
    const message = this.#messages.get(id);
    return message !== undefined &&
      (protocol === undefined || isMessageOf(message, protocol))
      ? this.#own(message)
      : undefined;
  }

  /** The message of `id`, an error when none is known; with `protocol`, also when it is another protocol's. */
  require<P extends TypedProtocol>(id: string, protocol: P): Message<P>;
  require(id: string): Message;
  require(id: string, protocol?: TypedProtocol): Message {
    const message = this.#messages.get(id);
    if (message === undefined) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Unknown message id "${id}". List the known messages with world.messages() or \`npx hardhat xdm:status\`.`,
      );
    }
    if (protocol !== undefined && !isMessageOf(message, protocol)) {
      throw new HardhatPluginError(
        PLUGIN_ID,
        `Message ${id} belongs to protocol "${message.protocol}", not "${protocol}".`,
      );
    }
    return this.#own(message);
  }

  add(message: Message): Message {
    const known = this.#messages.get(message.id);
    if (known !== undefined) return this.#own(known);
    this.#messages.set(message.id, message);
    this.#owned.add(message);
    this.#record(
      {
        id: message.id,
        protocol: message.protocol,
        from: message.from,
        to: message.to,
        status: message.status,
        stage: message.stage,
      },
      message,
    );
    return message;
  }

  /** Moves a message to a status/stage; recording a change only when something moved. */
  update<M extends Message>(
    message: M,
    status: MessageStatus,
    stage: M["stage"],
    fields: Partial<Pick<Message, "destinationTx" | "error">> = {},
  ): boolean {
    // A record handed out before a snapshot was taken is the snapshot's now: write the registry's own.
    if (!this.#owned.has(message)) {
      const current = this.#messages.get(message.id);
      if (current !== undefined) message = this.#own(current) as M;
    }
    const previous = { status: message.status, stage: message.stage };
    const moved = previous.status !== status || previous.stage !== stage;
    message.status = status;
    message.stage = stage;
    if ("destinationTx" in fields) message.destinationTx = fields.destinationTx;
    if ("error" in fields) message.error = fields.error;
    if (moved) {
      this.#record(
        {
          id: message.id,
          protocol: message.protocol,
          from: message.from,
          to: message.to,
          previous,
          status,
          stage,
        },
        message,
      );
    }
    return moved;
  }

  /** The messages that match `filter`; those of one typed protocol when `filter.protocol` names it. */
  list<P extends TypedProtocol>(
    filter: MessageFilter & { protocol: P },
  ): Array<Message<P>>;
  list(filter?: MessageFilter): Message[];
  list(filter: MessageFilter = {}): Message[] {
    return this.#select(filter).map((message) => this.#own(message));
  }

  /**
   * The messages that match `filter`, to read only: records a snapshot may share, so nothing is
   * cloned (world.messages() copies them itself; a reader of the whole history clones none).
   */
  view<P extends TypedProtocol>(
    filter: MessageFilter & { protocol: P },
  ): Array<Readonly<Message<P>>>;
  view(filter?: MessageFilter): Array<Readonly<Message>>;
  view(filter: MessageFilter = {}): Array<Readonly<Message>> {
    return this.#select(filter);
  }

  /** The message of `id` to read only (see `view`); `get` it to change it. */
  peek<P extends TypedProtocol>(
    id: string,
    protocol: P,
  ): Readonly<Message<P>> | undefined;
  peek(id: string): Readonly<Message> | undefined;
  peek(id: string, protocol?: TypedProtocol): Readonly<Message> | undefined {
    const message = this.#messages.get(id);
    return message !== undefined &&
      (protocol === undefined || isMessageOf(message, protocol))
      ? message
      : undefined;
  }

  #select(filter: MessageFilter): Message[] {
    const statuses =
      filter.status === undefined
        ? undefined
        : Array.isArray(filter.status)
          ? filter.status
          : [filter.status];
    const result: Message[] = [];
    for (const message of this.#messages.values()) {
      if (filter.protocol !== undefined && message.protocol !== filter.protocol)
        continue;
      if (statuses !== undefined && !statuses.includes(message.status))
        continue;
      if (filter.stage !== undefined && message.stage !== filter.stage)
        continue;
      if (filter.from !== undefined && message.from !== filter.from) continue;
      if (filter.to !== undefined && message.to !== filter.to) continue;
      if (
        filter.sender !== undefined &&
        message.sender.toLowerCase() !== filter.sender.toLowerCase()
      )
        continue;
      if (
        filter.target !== undefined &&
        message.target.toLowerCase() !== filter.target.toLowerCase()
      )
        continue;
      result.push(message);
    }
    return result;
  }

  /** Changes recorded since the last call. */
  drainChanges(): MessageChange[] {
    const changes = this.#changes;
    this.#changes = [];
    return changes;
  }

  onChange(listener: MessageListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The messages as they are now; the registry clones a record before it next hands it out. */
  snapshot(): RegistrySnapshot {
    // Every record is now shared with the snapshot: none is owned until cloned again.
    this.#owned = new WeakSet();
    return new Map(this.#messages);
  }

  /** Goes back to `state`; it stays usable, as its records are only cloned when handed out. */
  restore(state: RegistrySnapshot): void {
    this.#messages = new Map(state as ReadonlyMap<string, Message>);
    this.#owned = new WeakSet();
    this.#changes = [];
  }

  /** The registry's own copy of a record, cloned first (and replacing it) if a snapshot shares it. */
  #own(message: Message): Message {
    if (this.#owned.has(message)) return message;
    const copy = structuredClone(message);
    this.#messages.set(copy.id, copy);
    this.#owned.add(copy);
    return copy;
  }

  #record(change: MessageChange, message: Message): void {
    this.#changes.push(change);
    for (const listener of this.#listeners) {
      listener(change, message);
    }
  }
}
