import type { Chain } from "../../src/chain.js";
import type { EventLog } from "ethers";

import { expect } from "chai";
import { Contract, WebSocketProvider } from "ethers";
import hre from "hardhat";
import { createPublicClient, webSocket } from "viem";

import { XdmNode } from "../../src/node/node.js";

import { freeBasePort, rpc } from "./processes.js";

interface Received {
  id?: number;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string };
  params?: { subscription: string; result: Record<string, unknown> };
}

/** A bare JSON-RPC client over Node's own WebSocket: what any language's client sends. */
class RawClient {
  readonly received: Received[] = [];
  #nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      const body = JSON.parse(String(event.data)) as Received | Received[];
      this.received.push(...(Array.isArray(body) ? body : [body]));
    });
  }

  static async open(url: string): Promise<RawClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener(
        "error",
        () => reject(new Error(`cannot open ${url}`)),
        {
          once: true,
        },
      );
    });
    return new RawClient(socket);
  }

  async call(method: string, params: unknown[] = []): Promise<Received> {
    const id = this.#nextId++;
    this.socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return await this.next((message) => message.id === id);
  }

  /** The first message received (or to come) that matches; fails after `timeoutMs`. */
  async next(
    matches: (message: Received) => boolean,
    timeoutMs = 20_000,
  ): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(matches);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching message within ${timeoutMs} ms; received ${JSON.stringify(this.received).slice(0, 2000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  notifications(subscription: string): Received[] {
    return this.received.filter(
      (message) =>
        message.method === "eth_subscription" &&
        message.params?.subscription === subscription,
    );
  }

  close(): void {
    this.socket.close();
  }
}

async function mine(chain: Chain): Promise<void> {
  await chain.rpc("evm_mine");
}

describe("xdm:node's WebSocket endpoints", function () {
  this.timeout(180_000);
  let node: XdmNode;
  const clients: RawClient[] = [];

  before(async () => {
    node = await XdmNode.start(hre, {
      port: await freeBasePort(),
      autorelay: true,
      tick: 100,
      log: () => undefined,
    });
  });
  after(async () => {
    await node?.stop();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  async function client(chain: string): Promise<RawClient> {
    const opened = await RawClient.open(node.served[chain].wsUrl);
    clients.push(opened);
    return opened;
  }

  /**
   * Sends `record(tag)` from opA to the recorder on opB, a fresh tag every 2 s, until `received` (a
   * client's subscription to ContextRecorded) yields a log, or fails after 60 s. Sending again rather
   * than waiting a guessed time covers a client that subscribes asynchronously (viem).
   */
  async function sendUntilReceived<T>(
    recorder: Contract,
    received: Promise<T>,
  ): Promise<{ log: T; tags: string[] }> {
    const { opA, opB } = node.world.chains;
    const tags: string[] = [];
    let log: T | undefined;
    void received.then((value) => (log = value));
    const deadline = Date.now() + 60_000;
    while (log === undefined) {
      expect(Date.now(), "a ContextRecorded log within 60 s").to.be.below(
        deadline,
      );
      const tag = `0x${(tags.length + 1).toString(16).padStart(64, "0")}`;
      tags.push(tag);
      await (
        await opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
          opB.chainId,
          await recorder.getAddress(),
          recorder.interface.encodeFunctionData("record", [tag]),
        )
      ).wait();
      const sentAt = Date.now();
      while (log === undefined && Date.now() - sentAt < 2_000)
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { log, tags };
  }

  it("an ethers WebSocketProvider subscribed to a contract event on opB receives the log of the autorelayer's relay", async () => {
    const { opA, opB } = node.world.chains;
    const recorder = await opB.ethers.deployContract("ContextRecorder");
    const address = await recorder.getAddress();
    const provider = new WebSocketProvider(node.served.opB.wsUrl, opB.chainId);
    try {
      const watched = new Contract(address, recorder.interface, provider);
      const received = new Promise<EventLog>((resolve) => {
        void watched.on("ContextRecorded", (...args: unknown[]) => {
          resolve((args.at(-1) as { log: EventLog }).log);
        });
      });
      // One call after the subscription's: the server has taken eth_subscribe before it answers this.
      await provider.getBlockNumber();
      const { log, tags } = await sendUntilReceived(recorder, received);
      expect(tags).to.include(log.args.tag);
      expect(log.args.source).to.equal(BigInt(opA.chainId));
      const relay = await opB.ethers.provider.getTransaction(
        log.transactionHash,
      );
      expect(relay!.from).to.equal(node.world.actors["op:autorelayer"].address);
      expect(relay!.to).to.equal(
        await opB.contracts.L2ToL2CrossDomainMessenger.getAddress(),
      );
      // The relayer records the relay from its receipt, which may come after the log reached us.
      const deadline = Date.now() + 20_000;
      while (
        !node.world
          .messages({ protocol: "op" })
          .some(
            (message) =>
              message.status === "relayed" &&
              message.destinationTx === log.transactionHash,
          )
      ) {
        expect(Date.now(), "the message is relayed").to.be.below(deadline);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await provider.destroy();
    }
  });

  it("viem's watchContractEvent over the webSocket transport receives the log of the autorelayer's relay", async () => {
    const { opA, opB } = node.world.chains;
    const recorder = await opB.ethers.deployContract("ContextRecorder");
    const address = (await recorder.getAddress()) as `0x${string}`;
    const abi = [
      {
        type: "event",
        name: "ContextRecorded",
        inputs: [
          { name: "caller", type: "address", indexed: true },
          { name: "sender", type: "address", indexed: false },
          { name: "source", type: "uint256", indexed: false },
          { name: "value", type: "uint256", indexed: false },
          { name: "tag", type: "bytes32", indexed: false },
        ],
      },
    ] as const;
    const fragment = recorder.interface.getEvent("ContextRecorded")!;
    expect(fragment.format("sighash")).to.equal(
      "ContextRecorded(address,address,uint256,uint256,bytes32)",
    );
    const client = createPublicClient({
      transport: webSocket(node.served.opB.wsUrl),
    });
    let unwatch: (() => void) | undefined;
    try {
      const received = new Promise<{
        transactionHash: string;
        args: { tag?: string; source?: bigint };
      }>((resolve, reject) => {
        unwatch = client.watchContractEvent({
          address,
          abi,
          eventName: "ContextRecorded",
          onLogs: (logs) => resolve(logs[0]),
          onError: reject,
        });
      });
      const { log, tags } = await sendUntilReceived(recorder, received);
      expect(tags).to.include(log.args.tag);
      expect(log.args.source).to.equal(BigInt(opA.chainId));
      const relay = await opB.ethers.provider.getTransaction(
        log.transactionHash,
      );
      expect(relay!.from).to.equal(node.world.actors["op:autorelayer"].address);
    } finally {
      unwatch?.();
      await client.transport.getRpcClient().then((rpc) => rpc.close());
    }
  });

  it("newHeads delivers every new block to the client that subscribed", async () => {
    const opB = node.world.chains.opB;
    const socket = await client("opB");
    const subscribed = await socket.call("eth_subscribe", ["newHeads"]);
    const id = subscribed.result as string;
    expect(id).to.match(/^0x[0-9a-f]+$/);
    const before = await opB.blockNumber();
    await mine(opB);
    await mine(opB);
    await socket.next(() => socket.notifications(id).length >= 2);
    const numbers = socket
      .notifications(id)
      .map((n) => Number(n.params!.result.number));
    expect(numbers.slice(0, 2)).to.satisfy(
      (seen: number[]) => seen[0] > before && seen[1] === seen[0] + 1,
    );
    const head = socket.notifications(id)[0].params!.result;
    const block = await opB.ethers.provider.getBlock(numbers[0]);
    expect(head.hash).to.equal(block!.hash);
  });

  it("answers a subscription it does not serve, and a malformed one, with a JSON-RPC error", async () => {
    const socket = await client("opA");
    const bogus = await socket.call("eth_subscribe", ["bogus"]);
    expect(bogus.error!.code).to.equal(-32602);
    expect(bogus.error!.message)
      .to.include('Unknown subscription "bogus"')
      .and.to.include("newHeads, logs");
    const nameless = await socket.call("eth_subscribe", []);
    expect(nameless.error!.code).to.equal(-32602);
    const badFilter = await socket.call("eth_subscribe", ["logs", "0x42"]);
    expect(badFilter.error!.message).to.include("filter object");
    const headsFilter = await socket.call("eth_subscribe", [
      "newHeads",
      { address: "0x4200000000000000000000000000000000000023" },
    ]);
    expect(headsFilter.error!.message).to.include("takes no filter");
    const badAddress = await socket.call("eth_subscribe", [
      "logs",
      { address: "not an address" },
    ]);
    expect(badAddress.error, "EDR refuses the filter").to.not.equal(undefined);

    socket.socket.send("{ not json");
    const parseError = await socket.next((m) => m.error?.code === -32700);
    expect(parseError.error!.message).to.equal("Parse error");
    // The connection stays usable: a batch is answered as a batch.
    socket.socket.send(
      JSON.stringify([
        { jsonrpc: "2.0", id: 101, method: "eth_chainId", params: [] },
        { jsonrpc: "2.0", id: 102, method: "no_such_method", params: [] },
      ]),
    );
    const chainId = await socket.next((m) => m.id === 101);
    expect(Number(chainId.result)).to.equal(node.world.chains.opA.chainId);
    expect((await socket.next((m) => m.id === 102)).error).to.not.equal(
      undefined,
    );
  });

  it("lets a client end only its own subscriptions, and ends them all when it disconnects", async () => {
    const l1 = node.world.l1;
    const [first, second] = [await client("l1"), await client("l1")];
    const id = (await first.call("eth_subscribe", ["newHeads"]))
      .result as string;
    const other = (await second.call("eth_subscribe", ["newHeads"]))
      .result as string;
    expect(other).to.not.equal(id);

    // Not the second client's to end.
    expect((await second.call("eth_unsubscribe", [id])).result).to.equal(false);
    expect((await second.call("eth_unsubscribe", ["0x7777"])).result).to.equal(
      false,
    );
    await mine(l1);
    await first.next(() => first.notifications(id).length >= 1);
    await second.next(() => second.notifications(other).length >= 1);
    // Each client hears only its own subscription.
    expect(second.notifications(id)).to.deep.equal([]);
    expect(first.notifications(other)).to.deep.equal([]);

    expect((await second.call("eth_unsubscribe", [other])).result).to.equal(
      true,
    );
    const heard = second.notifications(other).length;
    await mine(l1);
    await first.next(() => first.notifications(id).length >= 2);
    expect(second.notifications(other).length).to.equal(heard);

    // Disconnecting ends the first client's subscription on the chain itself: the chain's provider
    // stops emitting its events (read without touching the subscription).
    const remaining = (await second.call("eth_subscribe", ["newHeads"]))
      .result as string;
    const emitted: string[] = [];
    const record = (notification: { subscription: string }) =>
      emitted.push(notification.subscription);
    l1.provider.on("notification", record);
    try {
      first.close();
      const deadline = Date.now() + 10_000;
      for (;;) {
        emitted.length = 0;
        await mine(l1);
        await new Promise((resolve) => setTimeout(resolve, 200));
        if (!emitted.includes(id)) break;
        expect(Date.now(), "the subscription ends after the close").to.be.below(
          deadline,
        );
      }
      expect(emitted, "the chain still emits the others' events").to.include(
        remaining,
      );
    } finally {
      l1.provider.off("notification", record);
    }
  });

  it("refuses eth_subscribe over HTTP and names the WebSocket URL", async () => {
    const error = await rpc(node.served.scroll.rpcUrl, "eth_subscribe", [
      "newHeads",
    ]).then(
      () => undefined,
      (e: unknown) => e as Error & { code: number },
    );
    expect(error!.code).to.equal(-32601);
    expect(error!.message).to.include(node.served.scroll.wsUrl);
  });

  it("serves xdm_lease over WebSocket too, on the L1", async () => {
    const socket = await client("l1");
    const lease = await socket.call("xdm_lease", ["someone", 5]);
    expect(lease.result).to.deep.equal({ granted: false, holder: "xdm:node" });
  });
});
