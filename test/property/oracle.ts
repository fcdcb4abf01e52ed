import type { Fixture } from "./fixture.js";
import type { Message } from "../../src/messages.js";
import type { RpcLog } from "../../src/protocols/types.js";
import type { World } from "../../src/world.js";

import { AbiCoder, Interface, id } from "ethers";

/**
 * The oracle: what the chains hold, read with nothing but eth_getLogs and
 * eth_call, never through the relayer. The invariants hold the registry
 * against it after every step.
 */

const abi = AbiCoder.defaultAbiCoder();

export const TOPIC = {
  opSent: id("SentMessage(uint256,address,uint256,address,bytes)"),
  opRelayed: id("RelayedMessage(uint256,uint256,bytes32,bytes32)"),
  scrollSent: id("SentMessage(address,address,uint256,uint256,uint256,bytes)"),
  scrollQueued: id(
    "QueueTransaction(address,address,uint256,uint64,uint256,bytes)",
  ),
  scrollRelayed: id("RelayedMessage(bytes32)"),
  snToL2: id(
    "LogMessageToL2(address,uint256,uint256,uint256[],uint256,uint256)",
  ),
  snSentToL1: id("MessageToL1Sent(uint256,address,bytes32,uint256[])"),
  snExecuted: id(
    "L1HandlerExecuted(uint256,bytes32,address,uint256,uint256,uint256[])",
  ),
  snConsumedL1: id("ConsumedMessageToL1(uint256,address,uint256[])"),
  snConsumedL2: id(
    "ConsumedMessageToL2(address,uint256,uint256,uint256[],uint256)",
  ),
};

export const IFACE = {
  opMessenger: new Interface([
    "function successfulMessages(bytes32) view returns (bool)",
  ]),
  l1Scroll: new Interface([
    "function isL2MessageExecuted(bytes32) view returns (bool)",
    "function relayMessageWithProof(address from, address to, uint256 value, uint256 nonce, bytes message, (uint256 batchIndex, bytes merkleProof) proof)",
  ]),
  l2Scroll: new Interface([
    "function isL1MessageExecuted(bytes32) view returns (bool)",
  ]),
  relayCalldata: new Interface([
    "function relayMessage(address from, address to, uint256 value, uint256 nonce, bytes message)",
  ]),
  core: new Interface([
    "function l1ToL2Messages(bytes32) view returns (uint256)",
    "function l2ToL1Messages(bytes32) view returns (uint256)",
    "function l2ToL1MsgHash(uint256 fromAddress, address toAddress, uint256[] payload) pure returns (bytes32)",
  ]),
  snL2: new Interface([
    "function l1HandlerStatus(uint256 nonce) view returns (uint8)",
  ]),
  probe: new Interface([
    "function probe(address[] targets, bytes[] calls) returns (bool[] ok, bytes[] results)",
  ]),
};

/** Every send the chains hold, by the message id the relayer must give it, with where it was read. */
export type Sends = Map<string, string>;

export interface Observation {
  sends: Sends;
  /** RelayedMessage message hashes on each OP chain. */
  opRelayed: Map<string, string[]>;
  scrollRelayedOnL1: RpcLog[];
  scrollRelayedOnL2: RpcLog[];
  snExecuted: RpcLog[];
  snSentToL1: RpcLog[];
  /** ConsumedMessageToL1 count by L2→L1 message hash. */
  snConsumedL1: Map<string, number>;
  snConsumedL2: RpcLog[];
}

export async function logsOf(
  world: World,
  chain: string,
  address: string,
  topics: string[],
): Promise<RpcLog[]> {
  return await world
    .chain(chain)
    .rpc<RpcLog[]>("eth_getLogs", [
      { fromBlock: "0x0", toBlock: "latest", address, topics: [topics] },
    ]);
}

/** Word `i` of a log's data. */
function word(log: RpcLog, i: number): bigint {
  return BigInt(`0x${log.data.slice(2 + 64 * i, 2 + 64 * (i + 1))}`);
}

/** Reads every send and execution event of every chain from block 0. */
export async function observe(world: World, f: Fixture): Promise<Observation> {
  const a = f.addresses;
  const scrollId = world.chains.scroll.chainId;
  const starknetId = world.chains.starknet.chainId;
  const [opLogs, scrollL1, scrollL2, snL1, snL2] = await Promise.all([
    Promise.all(
      f.opChains.map(
        async (name) =>
          [
            name,
            await logsOf(world, name, a.opMessenger, [
              TOPIC.opSent,
              TOPIC.opRelayed,
            ]),
          ] as const,
      ),
    ),
    logsOf(world, "l1", a.l1ScrollMessenger, [
      TOPIC.scrollSent,
      TOPIC.scrollRelayed,
    ]),
    logsOf(world, "scroll", a.l2ScrollMessenger, [
      TOPIC.scrollSent,
      TOPIC.scrollRelayed,
    ]),
    logsOf(world, "l1", a.core, [
      TOPIC.snToL2,
      TOPIC.snConsumedL1,
      TOPIC.snConsumedL2,
    ]),
    logsOf(world, "starknet", a.snL2, [TOPIC.snSentToL1, TOPIC.snExecuted]),
  ]);
  const queued = await logsOf(world, "l1", a.l1MessageQueue, [
    TOPIC.scrollQueued,
  ]);
  const sends: Sends = new Map();
  const opRelayed = new Map<string, string[]>();
  for (const [name, logs] of opLogs) {
    const chainId = world.chain(name).chainId;
    opRelayed.set(
      name,
      logs
        .filter((l) => l.topics[0] === TOPIC.opRelayed)
        .map((l) => l.topics[3].toLowerCase()),
    );
    // The messenger's nonce names a message; a resend emits the same nonce again.
    for (const l of logs.filter((x) => x.topics[0] === TOPIC.opSent))
      sends.set(
        `op:${chainId}:${BigInt(l.topics[3])}`,
        `${name} SentMessage ${l.transactionHash}`,
      );
  }
  // Scroll L1→L2: SentMessage carries the message nonce (word 1); QueueTransaction carries the
  // xDomain calldata, whose nonce is the same for the original and every replay.
  for (const l of scrollL1.filter((x) => x.topics[0] === TOPIC.scrollSent))
    sends.set(
      `scroll:${scrollId}:l1:${word(l, 1)}`,
      `l1 SentMessage ${l.transactionHash}`,
    );
  for (const l of queued) {
    const [, , , data] = abi.decode(
      ["uint256", "uint64", "uint256", "bytes"],
      l.data,
    ) as unknown as [bigint, bigint, bigint, string];
    const x = IFACE.relayCalldata.decodeFunctionData("relayMessage", data);
    const key = `scroll:${scrollId}:l1:${x.nonce as bigint}`;
    if (!sends.has(key))
      sends.set(
        key,
        `l1 QueueTransaction without SentMessage ${l.transactionHash}`,
      );
  }
  for (const l of scrollL2.filter((x) => x.topics[0] === TOPIC.scrollSent))
    sends.set(
      `scroll:${scrollId}:l2:${word(l, 1)}`,
      `scroll SentMessage ${l.transactionHash}`,
    );
  for (const l of snL1.filter((x) => x.topics[0] === TOPIC.snToL2))
    sends.set(
      `starknet:${starknetId}:l1:${word(l, 1)}`,
      `l1 LogMessageToL2 ${l.transactionHash}`,
    );
  const snSentToL1 = snL2.filter((x) => x.topics[0] === TOPIC.snSentToL1);
  for (const l of snSentToL1)
    sends.set(
      `starknet:${starknetId}:l2:${Number(l.blockNumber)}:${Number(l.logIndex)}`,
      `starknet MessageToL1Sent ${l.transactionHash}`,
    );
  const snConsumedL1 = new Map<string, number>();
  for (const l of snL1.filter((x) => x.topics[0] === TOPIC.snConsumedL1)) {
    const [payload] = abi.decode(["uint256[]"], l.data) as unknown as [
      bigint[],
    ];
    const hash = world.starknet
      .l2ToL1MsgHash(BigInt(l.topics[1]), `0x${l.topics[2].slice(26)}`, [
        ...payload,
      ])
      .toLowerCase();
    snConsumedL1.set(hash, (snConsumedL1.get(hash) ?? 0) + 1);
  }
  return {
    sends,
    opRelayed,
    scrollRelayedOnL1: scrollL1.filter(
      (x) => x.topics[0] === TOPIC.scrollRelayed,
    ),
    scrollRelayedOnL2: scrollL2.filter(
      (x) => x.topics[0] === TOPIC.scrollRelayed,
    ),
    snExecuted: snL2.filter((x) => x.topics[0] === TOPIC.snExecuted),
    snSentToL1,
    snConsumedL1,
    snConsumedL2: snL1.filter((x) => x.topics[0] === TOPIC.snConsumedL2),
  };
}

/** One outcome of a probed call. */
export interface Probed {
  ok: boolean;
  data: string;
}

/**
 * Many calls on one chain in one eth_call (through the Probe helper), in
 * order: reads first, then calls with effects (claims), whose effects the
 * eth_call discards.
 */
export class ProbeBatch {
  readonly #calls: Array<{ key: string; to: string; data: string }> = [];

  constructor(
    private readonly world: World,
    private readonly chain: string,
    private readonly probe: string,
  ) {}

  add(key: string, to: string, data: string): void {
    this.#calls.push({ key, to, data });
  }

  async run(): Promise<Map<string, Probed>> {
    const out = new Map<string, Probed>();
    if (this.#calls.length === 0) return out;
    const data = IFACE.probe.encodeFunctionData("probe", [
      this.#calls.map((c) => c.to),
      this.#calls.map((c) => c.data),
    ]);
    const raw = await this.world
      .chain(this.chain)
      .rpc<string>("eth_call", [
        { to: this.probe, data, gas: "0xf00000" },
        "latest",
      ]);
    const [ok, results] = IFACE.probe.decodeFunctionResult(
      "probe",
      raw,
    ) as unknown as [boolean[], string[]];
    this.#calls.forEach((c, i) =>
      out.set(c.key, { ok: ok[i], data: results[i] }),
    );
    return out;
  }
}

/** The claim a registry gives for a ready Scroll withdrawal, as relayMessageWithProof calldata. */
export function claimCalldata(m: Message): string | undefined {
  const claim = (
    m.details as { claim?: { batchIndex: number; merkleProof: string } }
  ).claim;
  if (claim === undefined) return undefined;
  return IFACE.l1Scroll.encodeFunctionData("relayMessageWithProof", [
    m.sender,
    m.target,
    m.value,
    m.nonce,
    m.data,
    claim,
  ]);
}
