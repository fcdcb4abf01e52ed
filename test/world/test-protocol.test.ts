// Long (about 570 lines) because the test-only ping model (its contract, module, protocol and config
// section) lives here beside the tests that prove the seam with it: nothing outside this file knows it.
import type { Chain } from "../../src/chain.js";
import type { Message } from "../../src/messages.js";
import type {
  AdvanceOptions,
  LogWatch,
  Protocol,
  ProtocolModule,
  RpcLog,
} from "../../src/protocols/types.js";
import type { World } from "../../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import {
  AbiCoder,
  Interface,
  getAddress,
  keccak256,
  toUtf8Bytes,
} from "ethers";
import { z } from "zod";

import { nodePorts } from "../../src/config.js";
import { registerProtocol } from "../../src/protocols/index.js";
import { nextAction } from "../../src/status.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection } from "../helpers/rejection.js";

/**
 * The seam between the engine and a messaging model, proved by a model the engine has never
 * heard of: "ping", defined here and nowhere in src/. A PingSender on the L1 emits Ping(nonce,
 * sender, data); the ping relayer (an actor with its own derived key) delivers each ping to the
 * PingInbox of the ping chain, which only it may call. Registered from this file, it runs through
 * world.relay/relayAll, snapshots, the status table and fault injection like the built-in models, and
 * brings its own config section `xdm.ping`, validated and resolved by the engine, and its chains' facts
 * (hardfork, xdm:node ports, dependency sets).
 */

const PING_SENDER = "0x9190000000000000000000000000000000000001";
const PING_INBOX = "0x9190000000000000000000000000000000000002";
const RELAYER = "ping:relayer";

const senderIface = new Interface([
  "event Ping(uint256 indexed nonce, address indexed sender, bytes data)",
  "function ping(bytes data) returns (uint256)",
]);
const inboxIface = new Interface([
  "event Delivered(uint256 indexed nonce, address indexed sender, bytes data)",
  "function initialize(address relayer)",
  "function deliver(uint256 nonce, address sender, bytes data)",
  "function delivered(uint256 nonce) view returns (bool)",
  "function relayer() view returns (address)",
]);
const PING_TOPIC = senderIface.getEvent("Ping")!.topicHash;
const DELIVERED_TOPIC = inboxIface.getEvent("Delivered")!.topicHash;

/** The test-only protocol: install, watch, index, relay, and state that snapshots carry. */
class PingProtocol implements Protocol {
  readonly name = "ping";
  /** Deliveries this relayer sent: relayer-side state that only saveState/loadState carry across a restore. */
  sent = 0;

  constructor(
    readonly world: World,
    readonly hre: HardhatRuntimeEnvironment,
  ) {}

  get relayer(): string {
    return this.world.actor(RELAYER).address;
  }

  /** The one ping chain of the world: where every ping goes. */
  get chain(): Chain {
    return this.world.chainList.find((c) => c.protocol === "ping")!;
  }

  async install(chain: Chain): Promise<void> {
    await this.world.l1.setCode(
      PING_SENDER,
      (await this.hre.artifacts.readArtifact("PingSender")).deployedBytecode,
    );
    await chain.setCode(
      PING_INBOX,
      (await this.hre.artifacts.readArtifact("PingInbox")).deployedBytecode,
    );
    await chain.setBalance(this.relayer, 10n ** 20n);
    await chain.impersonate(this.relayer);
    await chain.send({
      from: this.relayer,
      to: PING_INBOX,
      data: inboxIface.encodeFunctionData("initialize", [this.relayer]),
    });
  }

  async verifyInstalled(chain: Chain): Promise<void> {
    const relayer = inboxIface.decodeFunctionResult(
      "relayer",
      await chain.rpc<string>("eth_call", [
        { to: PING_INBOX, data: inboxIface.encodeFunctionData("relayer") },
        "latest",
      ]),
    )[0];
    if (getAddress(relayer) !== this.relayer)
      throw new Error(`chain "${chain.name}" has no PingInbox of this relayer`);
    await chain.impersonate(this.relayer);
  }

  watch(chain: Chain): LogWatch | undefined {
    if (chain === this.world.l1)
      return { addresses: [PING_SENDER], topics: [PING_TOPIC] };
    if (chain.protocol === "ping")
      return { addresses: [PING_INBOX], topics: [DELIVERED_TOPIC] };
    return undefined;
  }

  async onLogs(chain: Chain, logs: RpcLog[]): Promise<void> {
    for (const log of logs) {
      const nonce = BigInt(log.topics[1]);
      const id = `ping:${nonce}`;
      if (log.topics[0] === PING_TOPIC) {
        if (this.world.registry.has(id)) continue;
        const sender = getAddress(`0x${log.topics[2].slice(26)}`);
        const [data] = AbiCoder.defaultAbiCoder().decode(
          ["bytes"],
          log.data,
        ) as unknown as [string];
        const message: Message = {
          id,
          protocol: "ping",
          from: chain.name,
          to: this.chain.name,
          sender,
          target: PING_INBOX,
          value: 0n,
          data,
          nonce,
          hash: keccak256(
            AbiCoder.defaultAbiCoder().encode(
              ["uint256", "address", "bytes"],
              [nonce, sender, data],
            ),
          ),
          status: "ready",
          stage: "sent",
          sourceTx: log.transactionHash,
          sourceBlock: Number(log.blockNumber),
          sentAt: Number(
            (await chain.block(Number(log.blockNumber))).timestamp,
          ),
          details: {},
        };
        this.world.registry.add(message);
      } else {
        const message = this.world.registry.get(id);
        if (message !== undefined && message.status !== "relayed") {
          this.world.registry.update(message, "relayed", "delivered", {
            destinationTx: log.transactionHash,
          });
        }
      }
    }
  }

  async advance(_options: AdvanceOptions): Promise<number> {
    if (this.world.faults.isPaused(RELAYER)) return 0;
    let actions = 0;
    for (const message of this.world.registry.list({
      protocol: "ping",
      status: "ready",
    })) {
      if (actions === this.world.config.ping.maxPerPass) break;
      if (
        this.world.faults.isHeld(message.id) ||
        this.world.faults.isDropped(message.id)
      )
        continue;
      // The chain is the truth: a ping the inbox already holds is never delivered twice.
      if (await this.isDelivered(message.nonce)) continue;
      const receipt = await this.chain.send({
        from: this.relayer,
        to: PING_INBOX,
        data: inboxIface.encodeFunctionData("deliver", [
          message.nonce,
          message.sender,
          message.data,
        ]),
      });
      this.sent += 1;
      actions += 1;
      await this.world.ingest(
        this.chain,
        receipt.logs.map((l) => ({ ...l })),
      );
    }
    return actions;
  }

  async isDelivered(nonce: bigint): Promise<boolean> {
    const call = {
      to: PING_INBOX,
      data: inboxIface.encodeFunctionData("delivered", [nonce]),
    };
    return inboxIface.decodeFunctionResult(
      "delivered",
      await this.chain.rpc<string>("eth_call", [call, "latest"]),
    )[0] as boolean;
  }

  saveState(): unknown {
    return { sent: this.sent };
  }

  loadState(state: unknown): void {
    this.sent = (state as { sent: number }).sent;
  }
}

declare module "../../src/world.js" {
  interface World {
    /** The test-only ping protocol of this file. */
    readonly ping: PingProtocol;
  }
}

/** `xdm.ping` as users write it. */
interface PingUserConfig {
  /** Most pings the relayer delivers in one pass (default 10). */
  maxPerPass?: number;
}

/** `hre.config.xdm.ping`. */
interface PingConfig {
  maxPerPass: number;
}

declare module "../../src/types/config.js" {
  interface XdmProtocolNames {
    ping: true;
  }
  interface XdmUserConfig {
    ping?: PingUserConfig;
  }
  interface XdmConfig {
    ping: PingConfig;
  }
}

function pingModule(
  hre: () => HardhatRuntimeEnvironment,
): ProtocolModule<PingProtocol> {
  return {
    name: "ping",
    missing:
      'This world has no ping chain: add a chain with protocol "ping" to xdm.chains.',
    chainType: "generic",
    blockTime: 1,
    config: {
      schema: z
        .object({ maxPerPass: z.number().int().positive().optional() })
        .strict(),
      resolve: (user: PingUserConfig | undefined): PingConfig => ({
        maxPerPass: user?.maxPerPass ?? 10,
      }),
    },
    hardfork: "prague",
    nodePortOffset: 2000,
    dependencySet: { chain: "a ping chain", chains: "ping chains" },
    keyedActors: [RELAYER],
    faultActors: [RELAYER],
    failableProofs: false,
    systemContracts: { l2: ["PingInbox"], l1: ["PingSender"] },
    async create(world) {
      return new PingProtocol(world, hre());
    },
    nextAction(message) {
      return message.stage === "sent"
        ? `delivery due: the ping relayer delivers it to ${message.to}`
        : undefined;
    },
  };
}

describe("the ping model before it is registered", () => {
  it("is no protocol and has no config section, and a model may not take a name of the xdm config", async () => {
    await expectRejection(
      hreWith({ xdm: { chains: { pinged: { protocol: "ping" } } } }),
      "Config error in config.xdm.chains.pinged.protocol",
      "Expected one of the protocols",
    );
    await expectRejection(
      hreWith({ xdm: { ping: {} } }),
      "Config error in config.xdm",
      "Unrecognized key(s) in object: 'ping'",
    );
    for (const name of ["l1", "chains", "actors"]) {
      expect(() =>
        registerProtocol({
          ...pingModule(() => expect.fail("never created here")),
          name,
        }),
      ).to.throw(`A protocol cannot be named "${name}"`);
    }
  });
});

describe("a protocol registered from outside the engine (the test-only ping model)", () => {
  let hre: HardhatRuntimeEnvironment;
  let unregister: () => void;
  let world: World;

  before(async () => {
    unregister = registerProtocol(pingModule(() => hre));
    hre = await hreWith({
      networks: {
        pinged: { type: "edr-simulated", chainType: "generic", chainId: 4242 },
      },
      // XdmProtocolNames above makes "ping" a protocol name and xdm.ping a typed section.
      xdm: {
        chains: { pinged: { protocol: "ping" } },
        ping: { maxPerPass: 1 },
      },
    });
  });
  after(() => unregister());
  beforeEach(async () => {
    world = await hre.xdm.create();
  });
  afterEach(async () => await world.close());

  async function ping(data: string): Promise<string> {
    const [alice] = await world.l1.ethers.getSigners();
    const receipt = await mined(
      alice.sendTransaction({
        to: PING_SENDER,
        data: senderIface.encodeFunctionData("ping", [data]),
      }),
    );
    return receipt.hash;
  }

  it("installs on its chain, has its own keyed actor and world.ping, and names its missing chain elsewhere", async () => {
    expect(world.chains.pinged.protocol).to.equal("ping");
    expect(world.actors[RELAYER]!.privateKey).to.equal(
      keccak256(toUtf8Bytes(`hardhat-xdm:${RELAYER}`)),
    );
    expect(world.ping).to.be.instanceOf(PingProtocol);
    expect(world.protocol("ping")).to.equal(world.ping);
    expect(
      await world.chains.pinged.rpc<string>("eth_getCode", [
        PING_INBOX,
        "latest",
      ]),
    ).to.not.equal("0x");
    expect(() => world.scroll).to.throw(
      'This world has no Scroll chain: add a chain with protocol "scroll" to xdm.chains.',
    );

    const plain = await hreWith({
      xdm: { chains: { opA: { protocol: "op" } } },
    });
    const other = await plain.xdm.create();
    try {
      expect(() => other.ping).to.throw(
        'This world has no ping chain: add a chain with protocol "ping" to xdm.chains.',
      );
    } finally {
      await other.close();
    }
  });

  it("brings its config section xdm.ping, validated and resolved by the engine, and its chains' facts", async () => {
    expect(hre.config.xdm.ping).to.deep.equal({ maxPerPass: 1 });
    const networks = {
      pingA: { type: "edr-simulated", chainType: "generic", chainId: 4243 },
      pingB: { type: "edr-simulated", chainType: "generic", chainId: 4244 },
    } as const;
    const defaults = await hreWith({
      networks,
      xdm: {
        chains: {
          pingA: { protocol: "ping" },
          pingB: { protocol: "ping" },
          opA: { protocol: "op" },
        },
      },
    });
    expect(defaults.config.xdm.ping).to.deep.equal({ maxPerPass: 10 });
    // Its own dependency sets: every other ping chain, no OP chain.
    expect(defaults.config.xdm.chains.pingA.dependencySet).to.deep.equal([
      "pingB",
    ]);
    expect(defaults.config.xdm.chains.opA.dependencySet).to.deep.equal([]);
    // The hardfork it asks for on its in-process chains, and its port block under xdm:node.
    expect(hre.config.networks.pinged).to.include({ hardfork: "prague" });
    expect(hre.config.networks["xdm:pinged"]).to.include({
      type: "http",
      chainType: "generic",
    });
    expect(
      nodePorts(
        "l1",
        {
          opA: { protocol: "op" },
          pinged: { protocol: "ping" },
          scroll: { protocol: "scroll" },
        },
        8545,
      ),
    ).to.deep.equal({ l1: 8545, opA: 9545, pinged: 10545, scroll: 8546 });

    const pinged = {
      pinged: { type: "edr-simulated", chainType: "generic", chainId: 4242 },
    } as const;
    await expectRejection(
      hreWith({
        networks: pinged,
        xdm: {
          chains: { pinged: { protocol: "ping" } },
          ping: { maxPerPass: 0 },
        },
      }),
      "Config error in config.xdm.ping.maxPerPass",
      "greater than 0",
    );
    await expectRejection(
      hreWith({
        networks: pinged,
        xdm: {
          chains: { pinged: { protocol: "ping" } },
          // @ts-expect-error perPass is no key of xdm.ping
          ping: { perPass: 2 },
        },
      }),
      "Config error in config.xdm.ping",
      "perPass",
    );
    await expectRejection(
      hreWith({
        networks,
        xdm: {
          chains: {
            pingA: { protocol: "ping", dependencySet: ["opA"] },
            opA: { protocol: "op" },
          },
        },
      }),
      "Config error in config.xdm.chains.pingA.dependencySet.0",
      '"opA" is not a ping chain; a dependency set names ping chains of xdm.chains.',
    );
    await expectRejection(
      hreWith({
        xdm: {
          chains: { scroll: { protocol: "scroll", dependencySet: ["opA"] } },
        },
      }),
      "Config error in config.xdm.chains.scroll.dependencySet",
      "Only OP chains and ping chains have a dependency set",
    );
  });

  it("delivers at most xdm.ping.maxPerPass pings in one pass: its resolved section reaches its protocol", async () => {
    await ping("0x01");
    await ping("0x02");
    expect((await world.relay()).actions).to.equal(1);
    expect(
      world.messages({ protocol: "ping" }).map((m) => m.status),
    ).to.deep.equal(["relayed", "ready"]);
    expect((await world.relay()).actions).to.equal(1);
    expect((await world.relay()).actions).to.equal(0);
  });

  it("relays pings through world.relay() and relayAll() as transactions of its actor, listed in world.messages()", async () => {
    const first = await ping("0x01");
    const report = await world.relay();
    expect(report.actions).to.equal(1);
    expect(report.changes.map((c) => [c.id, c.status, c.stage])).to.deep.equal([
      ["ping:0", "ready", "sent"],
      ["ping:0", "relayed", "delivered"],
    ]);
    const [message] = world.messages({ protocol: "ping" });
    expect(message).to.include({
      id: "ping:0",
      from: "l1",
      to: "pinged",
      data: "0x01",
      status: "relayed",
      sourceTx: first,
    });
    const delivery = await world.chains.pinged.rpc<{
      from: string;
      to: string;
    }>("eth_getTransactionByHash", [message.destinationTx]);
    expect(getAddress(delivery.from)).to.equal(world.actor(RELAYER).address);
    expect(getAddress(delivery.to)).to.equal(getAddress(PING_INBOX));
    expect(await world.ping.isDelivered(0n)).to.equal(true);

    await ping("0x02");
    await ping("0x03");
    const all = await world.relayAll();
    expect(all.actions).to.equal(2);
    expect(
      world.messages({ protocol: "ping" }).map((m) => [m.data, m.status]),
    ).to.deep.equal([
      ["0x01", "relayed"],
      ["0x02", "relayed"],
      ["0x03", "relayed"],
    ]);
    expect((await world.relayAll()).actions).to.equal(0);
  });

  it("comes back with world.restore(): chains, messages and its own relayer state together", async () => {
    await ping("0xaa");
    await world.refresh();
    const snapshot = await world.snapshot();
    await world.relayAll();
    expect(world.ping.sent).to.equal(1);
    expect(world.message("ping:0").status).to.equal("relayed");

    await world.restore(snapshot);
    expect(world.ping.sent).to.equal(0);
    expect(world.message("ping:0")).to.include({
      status: "ready",
      stage: "sent",
    });
    expect(await world.ping.isDelivered(0n)).to.equal(false);

    await world.relayAll();
    expect(world.ping.sent).to.equal(1);
    expect(world.message("ping:0").status).to.equal("relayed");
  });

  it("words its next action in the xdm:status table through its module", async () => {
    await ping("0xbb");
    await world.refresh();
    const now = await world.time.latest();
    const l1Head = await world.l1.blockNumber();
    expect(
      await nextAction(world, world.message("ping:0"), now, l1Head),
    ).to.equal("delivery due: the ping relayer delivers it to pinged");
    await world.relayAll();
    expect(
      await nextAction(world, world.message("ping:0"), now, l1Head),
    ).to.equal("—");
  });

  it("obeys world.faults.pause of its actor and of the whole relayer, and resumes", async () => {
    await ping("0xcc");
    world.faults.pause(RELAYER);
    expect((await world.relayAll()).actions).to.equal(0);
    expect(world.message("ping:0").status).to.equal("ready");
    expect(await world.ping.isDelivered(0n)).to.equal(false);

    world.faults.resume(RELAYER);
    world.faults.pause("relayer");
    expect((await world.relayAll()).actions).to.equal(0);
    expect(world.message("ping:0").status).to.equal("ready");

    world.faults.resume("relayer");
    expect((await world.relayAll()).actions).to.equal(1);
    expect(world.message("ping:0").status).to.equal("relayed");
    expect(() => world.faults.pause("ping:watcher")).to.throw(
      'Unknown actor "ping:watcher"',
    );
  });
});
