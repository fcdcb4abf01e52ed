import type { JsonRpcCall, JsonRpcResponse } from "../../src/node/json-rpc.js";
import type { EthereumProvider } from "hardhat/types/providers";
import type { WebSocket } from "ws";

import { EventEmitter } from "node:events";

import { expect } from "chai";

import {
  SubscriptionSession,
  subscriptionProblem,
} from "../../src/node/subscriptions.js";

/** A socket that keeps what the session sends. */
class RecordingSocket extends EventEmitter {
  readonly readyState = 1;
  readonly sent: unknown[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(): void {
    this.emit("close", 1000, Buffer.alloc(0));
  }
  terminate(): void {
    this.close();
  }
}

/** A chain whose subscriptions are numbered, and whose new subscription has an event before its id returns. */
class EagerChain extends EventEmitter {
  readonly calls: Array<{ method: string; params: unknown[] }> = [];
  #next = 1;
  async request(call: {
    method: string;
    params?: unknown[];
  }): Promise<unknown> {
    this.calls.push({ method: call.method, params: call.params ?? [] });
    if (call.method === "eth_subscribe") {
      const id = `0x${(this.#next++).toString(16)}`;
      // The first block of the new subscription, and one of a subscription nobody here opened.
      this.emit("notification", {
        subscription: id,
        result: { number: "0x1" },
      });
      this.emit("notification", {
        subscription: "0x99",
        result: { number: "0x1" },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return id;
    }
    if (call.method === "eth_unsubscribe") return true;
    return "0x1";
  }
}

function sessionOn(chain: EagerChain): {
  socket: RecordingSocket;
  session: SubscriptionSession;
  closed: () => boolean;
} {
  const socket = new RecordingSocket();
  let closed = false;
  const answer = async (call: JsonRpcCall): Promise<JsonRpcResponse> => ({
    jsonrpc: "2.0",
    id: call.id ?? null,
    result: await chain.request({
      method: String(call.method),
      params: call.params as unknown[],
    }),
  });
  const session = new SubscriptionSession(
    socket as unknown as WebSocket,
    chain as unknown as EthereumProvider,
    answer,
    () => (closed = true),
  );
  chain.on("notification", (n: { subscription: string; result: unknown }) =>
    session.notify(n),
  );
  return { socket, session, closed: () => closed };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30));
}

describe("a WebSocket client's subscriptions", () => {
  it("gets the id of a new subscription before its first event, and no event of another's", async () => {
    const chain = new EagerChain();
    const { socket } = sessionOn(chain);
    socket.emit(
      "message",
      Buffer.from(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 7,
          method: "eth_subscribe",
          params: ["newHeads"],
        }),
      ),
      false,
    );
    await settle();
    expect(socket.sent).to.deep.equal([
      { jsonrpc: "2.0", id: 7, result: "0x1" },
      {
        jsonrpc: "2.0",
        method: "eth_subscription",
        params: { subscription: "0x1", result: { number: "0x1" } },
      },
    ]);
    chain.emit("notification", { subscription: "0x99", result: {} });
    chain.emit("notification", {
      subscription: "0x1",
      result: { number: "0x2" },
    });
    expect(socket.sent).to.have.length(3);
  });

  it("ends only its own subscriptions, and all of them when it closes", async () => {
    const chain = new EagerChain();
    const { socket, closed } = sessionOn(chain);
    const send = (id: number, method: string, params: unknown[]) =>
      socket.emit(
        "message",
        Buffer.from(JSON.stringify({ jsonrpc: "2.0", id, method, params })),
        false,
      );
    send(1, "eth_subscribe", ["newHeads"]);
    send(2, "eth_subscribe", ["logs", { address: [] }]);
    await settle();
    send(3, "eth_unsubscribe", ["0x99"]);
    send(4, "eth_unsubscribe", [42]);
    await settle();
    expect(socket.sent).to.deep.include({
      jsonrpc: "2.0",
      id: 3,
      result: false,
    });
    expect(socket.sent).to.deep.include({
      jsonrpc: "2.0",
      id: 4,
      result: false,
    });
    expect(
      chain.calls.filter((c) => c.method === "eth_unsubscribe"),
    ).to.deep.equal([]);

    send(5, "eth_unsubscribe", ["0x1"]);
    await settle();
    expect(socket.sent).to.deep.include({
      jsonrpc: "2.0",
      id: 5,
      result: true,
    });
    socket.close();
    await settle();
    expect(closed()).to.equal(true);
    expect(
      chain.calls
        .filter((c) => c.method === "eth_unsubscribe")
        .map((c) => c.params[0]),
    ).to.deep.equal(["0x1", "0x2"]);
  });

  it("names what is wrong with a subscription request", () => {
    expect(subscriptionProblem(["newHeads"])).to.equal(undefined);
    expect(subscriptionProblem(["logs"])).to.equal(undefined);
    expect(
      subscriptionProblem(["logs", { address: "0x1", topics: [null] }]),
    ).to.equal(undefined);
    expect(subscriptionProblem(["newPendingTransactions"])).to.equal(undefined);
    expect(subscriptionProblem([])).to.include("needs the subscription's name");
    expect(subscriptionProblem("newHeads")).to.include(
      "needs the subscription's name",
    );
    expect(subscriptionProblem(["syncing"])).to.include(
      'Unknown subscription "syncing"',
    );
    expect(subscriptionProblem([1])).to.include("Unknown subscription 1");
    expect(subscriptionProblem(["logs", [1]])).to.include("filter object");
    expect(subscriptionProblem(["logs", null])).to.include("filter object");
    expect(subscriptionProblem(["newHeads", {}])).to.include("takes no filter");
  });

  it("answers a message that is not JSON with a parse error", async () => {
    const chain = new EagerChain();
    const { socket } = sessionOn(chain);
    socket.emit("message", Buffer.from("{"), false);
    await settle();
    expect(socket.sent).to.deep.equal([
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32700, message: "Parse error" },
      },
    ]);
  });
});
