import type { JsonRpcCall, JsonRpcResponse } from "./json-rpc.js";
import type { EthereumProvider } from "hardhat/types/providers";
import type { RawData, WebSocket } from "ws";

import {
  INVALID_PARAMS,
  PARSE_ERROR,
  idOf,
  rpcError,
  serialize,
} from "./json-rpc.js";

/** What a chain's provider emits for every subscription event (EDR does, in process). */
export interface SubscriptionNotification {
  subscription: string;
  result: unknown;
}

/** The subscriptions a client may open (those of eth_subscribe that EDR serves). */
export const SUBSCRIPTION_KINDS = [
  "newHeads",
  "logs",
  "newPendingTransactions",
] as const;

/**
 * One WebSocket client of a chain. Its calls go to the chain like HTTP calls do; its eth_subscribe
 * opens a subscription on the chain's provider and the events of the subscriptions this client opened
 * (and no other client's) come back to it as `eth_subscription` messages. A client unsubscribes only
 * its own subscriptions, and closing the socket ends them all.
 */
export class SubscriptionSession {
  /** Subscriptions this client opened and has been told the id of. */
  readonly #owned = new Set<string>();
  /** eth_subscribe calls on their way: events of a new subscription may come before its id is sent. */
  #subscribing = 0;
  #early: SubscriptionNotification[] = [];
  #closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly provider: EthereumProvider,
    private readonly answer: (call: JsonRpcCall) => Promise<JsonRpcResponse>,
    private readonly onClose: () => void,
  ) {
    socket.on("message", (data) => {
      void this.#receive(data);
    });
    socket.on("close", () => {
      void this.#close();
    });
    // A client that goes away mid-frame: the close that follows cleans up.
    socket.on("error", () => undefined);
  }

  /** Called for every subscription event of the chain: sends those of this client's subscriptions. */
  notify(notification: SubscriptionNotification): void {
    if (this.#owned.has(notification.subscription)) this.#deliver(notification);
    else if (this.#subscribing > 0) this.#early.push(notification);
  }

  async #receive(data: RawData): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(text(data));
    } catch {
      this.#send(rpcError(null, PARSE_ERROR, "Parse error"));
      return;
    }
    const calls = Array.isArray(body) ? body : [body];
    const subscribing = calls.filter(
      (call) => (call as JsonRpcCall | null)?.method === "eth_subscribe",
    ).length;
    this.#subscribing += subscribing;
    try {
      const responses = await Promise.all(
        calls.map((call) => this.#answer(call)),
      );
      this.#send(Array.isArray(body) ? responses : responses[0]);
      responses.forEach((response, i) => {
        if (
          (calls[i] as JsonRpcCall | null)?.method === "eth_subscribe" &&
          "result" in response &&
          typeof response.result === "string"
        )
          this.#owned.add(response.result);
      });
    } finally {
      this.#subscribing -= subscribing;
      this.#flushEarly();
    }
  }

  async #answer(call: unknown): Promise<JsonRpcResponse> {
    const method = (call as JsonRpcCall | null)?.method;
    const params = (call as JsonRpcCall | null)?.params;
    if (method === "eth_subscribe") {
      const problem = subscriptionProblem(params);
      if (problem !== undefined)
        return rpcError(idOf(call), INVALID_PARAMS, problem);
    }
    if (method === "eth_unsubscribe") {
      const id = Array.isArray(params) ? (params[0] as unknown) : undefined;
      if (typeof id !== "string" || !this.#owned.has(id))
        // Not this client's: another client's subscription stays open, as a node does.
        return { jsonrpc: "2.0", id: idOf(call), result: false };
      const response = await this.answer(call as JsonRpcCall);
      this.#owned.delete(id);
      return response;
    }
    return await this.answer(call as JsonRpcCall);
  }

  /** Events that came before their subscription's id was sent go out now, in order; others are dropped. */
  #flushEarly(): void {
    const early = this.#early;
    this.#early = [];
    for (const notification of early) this.notify(notification);
  }

  #deliver(notification: SubscriptionNotification): void {
    this.#send({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: notification,
    });
  }

  #send(payload: unknown): void {
    if (this.#closed || this.socket.readyState !== 1) return;
    this.socket.send(serialize(payload));
  }

  async #close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.onClose();
    for (const id of this.#owned) {
      // When the node stops, the chain may close before the socket does: its subscriptions end with it.
      await this.provider
        .request({ method: "eth_unsubscribe", params: [id] })
        .catch(() => false);
    }
    this.#owned.clear();
  }
}

/** Why eth_subscribe's params are not a subscription this node serves, or undefined. */
export function subscriptionProblem(params: unknown): string | undefined {
  if (!Array.isArray(params) || params.length === 0)
    return `eth_subscribe needs the subscription's name first: one of ${SUBSCRIPTION_KINDS.join(", ")}`;
  const [kind, filter] = params as unknown[];
  if (!(SUBSCRIPTION_KINDS as readonly unknown[]).includes(kind))
    return `Unknown subscription ${JSON.stringify(kind)}: this node serves ${SUBSCRIPTION_KINDS.join(", ")}`;
  if (
    kind === "logs" &&
    filter !== undefined &&
    (typeof filter !== "object" || filter === null || Array.isArray(filter))
  )
    return "eth_subscribe logs takes a filter object: { address?, topics? }";
  if (kind !== "logs" && params.length > 1)
    return `eth_subscribe ${String(kind)} takes no filter`;
  return undefined;
}

function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
