// The five message models of the benchmark: how messages of each are sent, where they land, when
// they count as settled, and which transaction a user sends to claim or consume one.
import type { TxRequest } from "./lib.js";
import type { Chain } from "../src/chain.js";
import type { Message } from "../src/messages.js";
import type { World } from "../src/world.js";

import { Interface, id } from "ethers";

import { deploySink, firstAccount, sinkIface } from "./lib.js";

export const OP_MESSENGER = "0x4200000000000000000000000000000000000023";
export const L1_SCROLL_MESSENGER = "0x5c10000000000000000000000000000000000001";
export const L2_SCROLL_MESSENGER = "0x5C20000000000000000000000000000000000001";
export const STARKNET_CORE = "0x5354000000000000000000000000000000001001";
export const STARKNET_L2_MESSAGING =
  "0x5354000000000000000000000000000000000001";

/** Gas limit of every Scroll message (what the sequencer gives the L2 relay transaction). */
export const SCROLL_MESSAGE_GAS = 200_000n;
/** Fee of every StarkNet L1→L2 message. */
export const STARKNET_FEE = 10n ** 9n;
/** The 4-byte selector of BenchSink.handle(uint256,uint256[]), passed as the StarkNet selector. */
export const HANDLE_SELECTOR = BigInt(
  id("handle(uint256,uint256[])").slice(0, 10),
);

export const opMessenger = new Interface([
  "function sendMessage(uint256 _destination, address _target, bytes _message) returns (bytes32)",
]);
export const scrollMessenger = new Interface([
  "function sendMessage(address target, uint256 value, bytes message, uint256 gasLimit) payable",
]);
export const starknetCore = new Interface([
  "function sendMessageToL2(uint256 toAddress, uint256 selector, uint256[] payload) payable returns (bytes32, uint256)",
  "function consumeMessageFromL2(uint256 fromAddress, uint256[] payload) returns (bytes32)",
]);
export const starknetL2 = new Interface([
  "function sendMessageToL1(uint256 toAddress, uint256[] payload) returns (bytes32)",
]);

const hit = sinkIface.encodeFunctionData("hit");

export type ModelKey =
  "op" | "scroll-l1-l2" | "scroll-l2-l1" | "starknet-l1-l2" | "starknet-l2-l1";

/** What a model needs in a world: its sink on the destination and the sending account. */
export interface ModelContext {
  sink: string;
  sender: string;
  /** For StarkNet L2→L1: the L1 account the messages go to (it consumes them). */
  recipient?: string;
}

export interface Model {
  key: ModelKey;
  label: string;
  source(world: World): Chain;
  destination(world: World): Chain;
  /**
   * Rounds of send + relayAll the messages are split into (1 = all sent, then one relay phase).
   * More than one only where one relay phase cannot carry them all (see StarkNet L2→L1).
   */
  rounds: number;
  /** Why `rounds` is more than one. */
  roundsReason?: string;
  setup(world: World): Promise<ModelContext>;
  /** The user's send transactions of messages `first` … `first + count - 1`, each with gas limit `gas`. */
  sends(
    world: World,
    ctx: ModelContext,
    first: number,
    count: number,
    gas: bigint,
  ): TxRequest[];
  /** The messages of this model that the relay phase must settle. */
  mine(world: World): Message[];
  /** Whether a message reached the state the relay phase aims at. */
  settled(message: Message): boolean;
  /** Whether each message ends in a call of the sink on the destination (counted there). */
  hitsSink: boolean;
  /** What this model's relay phase ends on, for the table. */
  endState: string;
}

const range = (first: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => first + i);

export const MODELS: Model[] = [
  {
    key: "op",
    label: "OP opA→opB",
    source: (w) => w.chains.opA,
    destination: (w) => w.chains.opB,
    rounds: 1,
    async setup(world) {
      return {
        sink: await deploySink(world.chains.opB),
        sender: await firstAccount(world.chains.opA),
      };
    },
    sends(world, ctx, first, count, gas) {
      const data = opMessenger.encodeFunctionData("sendMessage", [
        world.chains.opB.chainId,
        ctx.sink,
        hit,
      ]);
      return range(first, count).map(() => ({
        from: ctx.sender,
        to: OP_MESSENGER,
        data,
        gas,
      }));
    },
    mine: (w) => w.messages({ protocol: "op", from: "opA" }),
    settled: (m) => m.status === "relayed",
    hitsSink: true,
    endState: "relayed",
  },
  {
    key: "scroll-l1-l2",
    label: "Scroll L1→L2",
    source: (w) => w.l1,
    destination: (w) => w.chains.scroll,
    rounds: 1,
    async setup(world) {
      return {
        sink: await deploySink(world.chains.scroll),
        sender: await firstAccount(world.l1),
      };
    },
    sends(_world, ctx, first, count, gas) {
      const data = scrollMessenger.encodeFunctionData("sendMessage", [
        ctx.sink,
        0n,
        hit,
        SCROLL_MESSAGE_GAS,
      ]);
      return range(first, count).map(() => ({
        from: ctx.sender,
        to: L1_SCROLL_MESSENGER,
        data,
        gas,
      }));
    },
    mine: (w) => w.messages({ protocol: "scroll", from: w.l1.name }),
    settled: (m) => m.status === "relayed",
    hitsSink: true,
    endState: "relayed (and batched, finalized)",
  },
  {
    key: "scroll-l2-l1",
    label: "Scroll L2→L1",
    source: (w) => w.chains.scroll,
    destination: (w) => w.l1,
    rounds: 1,
    async setup(world) {
      return {
        sink: await deploySink(world.l1),
        sender: await firstAccount(world.chains.scroll),
      };
    },
    sends(_world, ctx, first, count, gas) {
      const data = scrollMessenger.encodeFunctionData("sendMessage", [
        ctx.sink,
        0n,
        hit,
        SCROLL_MESSAGE_GAS,
      ]);
      return range(first, count).map(() => ({
        from: ctx.sender,
        to: L2_SCROLL_MESSENGER,
        data,
        gas,
      }));
    },
    mine: (w) => w.messages({ protocol: "scroll", from: "scroll" }),
    settled: (m) => m.status === "ready" && m.stage === "finalized",
    hitsSink: false,
    endState: "ready (finalized, claimable)",
  },
  {
    key: "starknet-l1-l2",
    label: "StarkNet L1→L2",
    source: (w) => w.l1,
    destination: (w) => w.chains.starknet,
    rounds: 1,
    async setup(world) {
      return {
        sink: await deploySink(world.chains.starknet),
        sender: await firstAccount(world.l1),
      };
    },
    sends(_world, ctx, first, count, gas) {
      return range(first, count).map((i) => ({
        from: ctx.sender,
        to: STARKNET_CORE,
        data: starknetCore.encodeFunctionData("sendMessageToL2", [
          BigInt(ctx.sink),
          HANDLE_SELECTOR,
          [BigInt(i)],
        ]),
        value: STARKNET_FEE,
        gas,
      }));
    },
    mine: (w) => w.messages({ protocol: "starknet", from: w.l1.name }),
    settled: (m) => m.status === "relayed" && m.stage === "consumed",
    hitsSink: true,
    endState: "relayed (handled on L2, consumed on L1)",
  },
  {
    key: "starknet-l2-l1",
    label: "StarkNet L2→L1",
    source: (w) => w.chains.starknet,
    destination: (w) => w.l1,
    rounds: 2,
    roundsReason:
      "the state updater puts every pending L2→L1 message into one updateState, ~27.7k L1 gas each (500: 13.9M, 600: 16.7M); " +
      "the L1 runs Osaka, whose per-transaction cap (EIP-7825, 2^24 gas) an update of 1,000 exceeds (relayAll throws " +
      '"StarkNet operator transaction on l1 failed"): sent and relayed as 2 rounds of 500, relay times summed',
    async setup(world) {
      const recipient = await firstAccount(world.l1);
      return {
        sink: await deploySink(world.l1),
        sender: await firstAccount(world.chains.starknet),
        recipient,
      };
    },
    sends(_world, ctx, first, count, gas) {
      return range(first, count).map((i) => ({
        from: ctx.sender,
        to: STARKNET_L2_MESSAGING,
        data: starknetL2.encodeFunctionData("sendMessageToL1", [
          BigInt(ctx.recipient!),
          [BigInt(i)],
        ]),
        gas,
      }));
    },
    mine: (w) => w.messages({ protocol: "starknet", from: "starknet" }),
    settled: (m) => m.status === "ready" && m.stage === "state-updated",
    hitsSink: false,
    endState: "ready (state updated, consumable)",
  },
];

/** consumeMessageFromL2 of one StarkNet L2→L1 message, as its recipient sends it. */
export function consumeTx(message: Message, recipient: string): TxRequest {
  const details = message.details as { fromAddress: bigint; payload: bigint[] };
  return {
    from: recipient,
    to: STARKNET_CORE,
    data: starknetCore.encodeFunctionData("consumeMessageFromL2", [
      details.fromAddress,
      details.payload,
    ]),
    gas: 500_000n,
  };
}
