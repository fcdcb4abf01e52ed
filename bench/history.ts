// A long message history, built quickly: BenchLooper (and BenchSink.sendToL1 on StarkNet) send 100
// messages per transaction, spread evenly over the five models, and relayAll settles each round.
// Every message is an ordinary message of its protocol; only its sender is a contract.
import type { Chain } from "../src/chain.js";
import type { World } from "../src/world.js";

import { performance } from "node:perf_hooks";

import { Contract, Interface } from "ethers";

import {
  alignClocks,
  deployLooper,
  deploySink,
  firstAccount,
  sinkIface,
} from "./lib.js";
import {
  HANDLE_SELECTOR,
  L1_SCROLL_MESSENGER,
  L2_SCROLL_MESSENGER,
  OP_MESSENGER,
  SCROLL_MESSAGE_GAS,
  STARKNET_CORE,
  STARKNET_FEE,
} from "./models.js";

const looperIface = new Interface([
  "function opSend(address messenger, uint256 destination, address target, bytes data, uint256 count)",
  "function scrollSend(address messenger, address target, bytes data, uint256 gasLimit, uint256 count) payable",
  "function starknetSend(address core, uint256 toAddress, uint256 selector, uint256[] payload, uint256 count) payable",
]);

/** Messages per transaction. */
export const HISTORY_MESSAGES_PER_TX = 100;
/**
 * Messages per model settled by one relayAll: a StarkNet state update carries every pending message
 * of a round, and an Osaka L1 caps one transaction at 2^24 gas (~600 L2→L1 messages).
 */
export const HISTORY_ROUND = 400;

export interface HistoryBuilder {
  /** Adds `perModel` settled messages of every model to the world's history; returns the time taken. */
  add(
    perModel: number,
  ): Promise<{ ms: number; relayAllMs: number; sendTxs: number }>;
  /** Sends one new message of every model (not relayed). */
  sendOneEach(): Promise<void>;
}

export async function historyBuilder(world: World): Promise<HistoryBuilder> {
  const { l1, opA, opB, scroll, starknet } = world.chains;
  const loopers = {
    opA: await deployLooper(opA),
    l1: await deployLooper(l1),
    scroll: await deployLooper(scroll),
  };
  const sinks = {
    opB: await deploySink(opB),
    scroll: await deploySink(scroll),
    l1: await deploySink(l1),
    starknet: await deploySink(starknet),
  };
  const recipient = await firstAccount(l1);
  const hit = sinkIface.encodeFunctionData("hit");
  const signer = async (chain: Chain) => (await chain.ethers.getSigners())[0];
  const opLooper = new Contract(loopers.opA, looperIface, await signer(opA));
  const l1Looper = new Contract(loopers.l1, looperIface, await signer(l1));
  const l2Looper = new Contract(
    loopers.scroll,
    looperIface,
    await signer(scroll),
  );
  const starknetSink = new Contract(
    sinks.starknet,
    sinkIface,
    await signer(starknet),
  );

  /** One transaction of each model sending `n` messages. */
  const sendAll = async (n: number): Promise<number> => {
    const txs = [
      await opLooper.opSend(OP_MESSENGER, opB.chainId, sinks.opB, hit, n),
      await l1Looper.scrollSend(
        L1_SCROLL_MESSENGER,
        sinks.scroll,
        hit,
        SCROLL_MESSAGE_GAS,
        n,
      ),
      await l2Looper.scrollSend(
        L2_SCROLL_MESSENGER,
        sinks.l1,
        hit,
        SCROLL_MESSAGE_GAS,
        n,
      ),
      await l1Looper.starknetSend(
        STARKNET_CORE,
        BigInt(sinks.starknet),
        HANDLE_SELECTOR,
        [7n],
        n,
        { value: STARKNET_FEE * BigInt(n) },
      ),
      await starknetSink.sendToL1(BigInt(recipient), [7n], n),
    ];
    for (const tx of txs) {
      const receipt = await tx.wait();
      if (receipt?.status !== 1)
        throw new Error("bench: a history transaction reverted");
    }
    return txs.length;
  };

  return {
    async sendOneEach() {
      await sendAll(1);
    },
    async add(perModel) {
      const start = performance.now();
      let relayAllMs = 0;
      let sendTxs = 0;
      for (let done = 0; done < perModel; done += HISTORY_ROUND) {
        const round = Math.min(HISTORY_ROUND, perModel - done);
        for (let sent = 0; sent < round; sent += HISTORY_MESSAGES_PER_TX) {
          sendTxs += await sendAll(
            Math.min(HISTORY_MESSAGES_PER_TX, round - sent),
          );
        }
        await alignClocks(world);
        const relayStart = performance.now();
        await world.relayAll();
        relayAllMs += performance.now() - relayStart;
      }
      const open = world.messages({ status: ["pending", "failed"] });
      if (open.length > 0)
        throw new Error(
          `bench: ${open.length} history messages did not settle (${open[0].id}: ${open[0].status}/${open[0].stage})`,
        );
      return { ms: performance.now() - start, relayAllMs, sendTxs };
    },
  };
}
