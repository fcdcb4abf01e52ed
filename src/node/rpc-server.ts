import type { EthereumProvider } from "hardhat/types/providers";
import type { AddressInfo } from "node:net";

import http from "node:http";

interface JsonRpcCall {
  jsonrpc?: string;
  id?: number | string | null;
  method?: unknown;
  params?: unknown;
}

/**
 * A JSON-RPC-over-HTTP server for one chain of a world. It serves the world's
 * own connection, so every request passes through the same Hardhat hooks as
 * in-process calls: the OP supervisor checks transactions sent from outside too.
 */
/** Extra JSON-RPC methods a server answers itself (e.g. `xdm_lease` on xdm:node's L1). */
export type RpcExtensions = Record<string, (params: unknown[]) => unknown>;

export class ChainRpcServer {
  readonly #server: http.Server;

  constructor(
    private readonly provider: EthereumProvider,
    private readonly extensions: RpcExtensions = {},
  ) {
    this.#server = http.createServer((request, response) => {
      void this.#handle(request, response);
    });
    this.#server.keepAliveTimeout = 5_000;
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
    return { address: address.address, port: address.port };
  }

  async close(): Promise<void> {
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
        .end("hardhat-xdm: send JSON-RPC requests with POST\n");
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      this.#send(response, {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32700, message: "Parse error" },
      });
      return;
    }
    const result = Array.isArray(body)
      ? await Promise.all(body.map((call) => this.#call(call as JsonRpcCall)))
      : await this.#call(body as JsonRpcCall);
    this.#send(response, result);
  }

  async #call(call: JsonRpcCall): Promise<unknown> {
    const id = call?.id ?? null;
    if (
      typeof call !== "object" ||
      call === null ||
      typeof call.method !== "string"
    ) {
      return {
        jsonrpc: "2.0",
        id,
        error: { code: -32600, message: "Invalid Request" },
      };
    }
    try {
      const params =
        call.params === undefined ? [] : (call.params as unknown[]);
      const extension = this.extensions[call.method];
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
      const code = typeof e.code === "number" ? e.code : -32603;
      return {
        jsonrpc: "2.0",
        id,
        error: {
          code,
          message: e.message ?? String(error),
          ...(e.data !== undefined ? { data: e.data } : {}),
        },
      };
    }
  }

  #send(response: http.ServerResponse, payload: unknown): void {
    const text = JSON.stringify(payload, (_key, value: unknown) =>
      typeof value === "bigint" ? `0x${value.toString(16)}` : value,
    );
    response.writeHead(200, { "Content-Type": "application/json" }).end(text);
  }
}
