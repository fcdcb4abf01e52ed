import type { JsonRpcCall, JsonRpcResponse } from "./json-rpc.js";
import type { SubscriptionNotification } from "./subscriptions.js";
import type { EthereumProvider } from "hardhat/types/providers";
import type { AddressInfo } from "node:net";

import http from "node:http";

import { WebSocketServer } from "ws";

import {
  INTERNAL_ERROR,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  idOf,
  rpcError,
  serialize,
} from "./json-rpc.js";
import { SubscriptionSession } from "./subscriptions.js";

/**
 * Extra JSON-RPC methods a server answers itself (e.g. `xdm_lease` on xdm:node's L1, a protocol's
 * `supervisor_checkAccessList`); a method throws `{ code, message, data? }` to answer an error.
 */
export type RpcExtensions = Record<string, (params: unknown[]) => unknown>;

/**
 * A JSON-RPC server for one chain of a world: HTTP POST, and WebSocket on the same port (an upgrade
 * of the HTTP connection, as Hardhat's and anvil's nodes do) with eth_subscribe. It serves the
 * world's own connection, so every request passes through the same Hardhat hooks as in-process
 * calls: the OP supervisor checks transactions sent from outside too. Subscriptions are the
 * provider's own (EDR keeps them and emits their events in process); the sessions route each event
 * to the client that opened it.
 */
export class ChainRpcServer {
  readonly #server: http.Server;
  readonly #sockets = new WebSocketServer({ noServer: true });
  readonly #sessions = new Set<SubscriptionSession>();
  readonly #onNotification = (notification: SubscriptionNotification) => {
    for (const session of this.#sessions) session.notify(notification);
  };
  #port: number | undefined;

  constructor(
    private readonly provider: EthereumProvider,
    private readonly extensions: RpcExtensions = {},
  ) {
    this.#server = http.createServer((request, response) => {
      void this.#handle(request, response);
    });
    this.#server.keepAliveTimeout = 5_000;
    this.#server.on("upgrade", (request, socket, head) => {
      this.#sockets.handleUpgrade(request, socket, head, (webSocket) => {
        const session = new SubscriptionSession(
          webSocket,
          provider,
          (call) => this.#call(call, "ws"),
          () => this.#sessions.delete(session),
        );
        this.#sessions.add(session);
      });
    });
    provider.on("notification", this.#onNotification);
  }

  async listen(
    port: number,
    hostname = "127.0.0.1",
  ): Promise<{ address: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, hostname, () => {
        this.#server.off("error", reject);
        resolve();
      });
    });
    const address = this.#server.address() as AddressInfo;
    this.#port = address.port;
    return { address: address.address, port: address.port };
  }

  async close(): Promise<void> {
    this.provider.off("notification", this.#onNotification);
    for (const client of this.#sockets.clients) client.terminate();
    await new Promise<void>((resolve) => this.#sockets.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    response.setHeader("Access-Control-Allow-Origin", "*");
    response.setHeader("Access-Control-Allow-Headers", "*");
    if (request.method === "OPTIONS") {
      response.writeHead(204).end();
      return;
    }
    if (request.method !== "POST") {
      response
        .writeHead(405, { "Content-Type": "text/plain" })
        .end(
          "hardhat-xdm: send JSON-RPC requests with POST, or open a WebSocket on this port\n",
        );
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      this.#send(response, rpcError(null, PARSE_ERROR, "Parse error"));
      return;
    }
    const result = Array.isArray(body)
      ? await Promise.all(
          body.map((call) => this.#call(call as JsonRpcCall, "http")),
        )
      : await this.#call(body as JsonRpcCall, "http");
    this.#send(response, result);
  }

  async #call(
    call: JsonRpcCall,
    transport: "http" | "ws",
  ): Promise<JsonRpcResponse> {
    const id = idOf(call);
    if (
      typeof call !== "object" ||
      call === null ||
      typeof call.method !== "string"
    ) {
      return rpcError(id, INVALID_REQUEST, "Invalid Request");
    }
    if (
      transport === "http" &&
      (call.method === "eth_subscribe" || call.method === "eth_unsubscribe")
    ) {
      return rpcError(
        id,
        METHOD_NOT_FOUND,
        `${call.method} needs a WebSocket: connect to ws://127.0.0.1:${this.#port ?? "<this port>"} (the same port as HTTP)`,
      );
    }
    try {
      const params =
        call.params === undefined ? [] : (call.params as unknown[]);
      // Own keys only: a method named like an Object.prototype member is the chain's to answer.
      const extension = Object.hasOwn(this.extensions, call.method)
        ? this.extensions[call.method]
        : undefined;
      const result =
        extension !== undefined
          ? await extension(params)
          : await this.provider.request({ method: call.method, params });
      return {
        jsonrpc: "2.0",
        id,
        result: result === undefined ? null : result,
      };
    } catch (error) {
      const e = error as { code?: unknown; message?: string; data?: unknown };
      return rpcError(
        id,
        typeof e.code === "number" ? e.code : INTERNAL_ERROR,
        e.message ?? String(error),
        e.data,
      );
    }
  }

  #send(response: http.ServerResponse, payload: unknown): void {
    response
      .writeHead(200, { "Content-Type": "application/json" })
      .end(serialize(payload));
  }
}
