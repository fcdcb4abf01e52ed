// Item 4: a full Scroll round trip — an L1→L2 message sent and relayed, then an L2→L1 message sent,
// batched, proven, finalized and claimed on L1 — timed end to end in a default world.
import type { World } from "../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  deploySink,
  firstAccount,
  log,
  median,
  now,
  sinkIface,
} from "./lib.js";
import {
  L1_SCROLL_MESSENGER,
  L2_SCROLL_MESSENGER,
  SCROLL_MESSAGE_GAS,
  scrollMessenger,
} from "./models.js";
import { RpcProfile } from "./rpc-profile.js";

/** A Scroll round trip must take less than this many ms. */
export const ROUND_TRIP_TARGET_MS = 100;

export interface RoundTripSteps {
  sendL1ToL2: number;
  relayAllL1ToL2: number;
  sendL2ToL1: number;
  relayAllL2ToL1: number;
  claim: number;
  total: number;
}

export interface RoundTripResult {
  runs: RoundTripSteps[];
  median: RoundTripSteps;
  target: number;
  verdict: "PASS" | "MISS";
  /** JSON-RPC requests of one round trip, by chain and method. */
  rpc: {
    calls: number;
    byMethod: Record<string, number>;
    rpcWaitMs: number;
    wallMs: number;
  };
  how: string;
}

async function roundTrip(
  world: World,
  l1Sink: string,
  l2Sink: string,
  l1User: string,
  l2User: string,
): Promise<RoundTripSteps> {
  const { l1, scroll } = world.chains;
  const data = sinkIface.encodeFunctionData("hit");
  const steps = {} as RoundTripSteps;
  const begin = now();
  let at = begin;
  const lap = (step: keyof RoundTripSteps) => {
    const t = now();
    steps[step] = t - at;
    at = t;
  };

  const l1ToL2 = await l1.send({
    from: l1User,
    to: L1_SCROLL_MESSENGER,
    data: scrollMessenger.encodeFunctionData("sendMessage", [
      l2Sink,
      0n,
      data,
      SCROLL_MESSAGE_GAS,
    ]),
    gas: 300_000n,
  });
  lap("sendL1ToL2");
  await world.relayAll();
  lap("relayAllL1ToL2");
  const l2ToL1 = await scroll.send({
    from: l2User,
    to: L2_SCROLL_MESSENGER,
    data: scrollMessenger.encodeFunctionData("sendMessage", [
      l1Sink,
      0n,
      data,
      SCROLL_MESSAGE_GAS,
    ]),
    gas: 300_000n,
  });
  lap("sendL2ToL1");
  await world.relayAll();
  lap("relayAllL2ToL1");
  const [withdrawal] = world.messages({
    protocol: "scroll",
    from: "scroll",
    status: "ready",
  });
  const claimed = await world.scroll.claim(withdrawal);
  lap("claim");
  steps.total = now() - begin;

  const [deposit] = world.messages({ protocol: "scroll", from: "l1" });
  if (
    l1ToL2.status !== "0x1" ||
    l2ToL1.status !== "0x1" ||
    deposit?.status !== "relayed" ||
    claimed.status !== "relayed"
  ) {
    throw new Error(
      `bench: the Scroll round trip did not complete (deposit ${deposit?.status}, withdrawal ${claimed.status})`,
    );
  }
  return steps;
}

export async function measureRoundTrip(
  hre: HardhatRuntimeEnvironment,
  options: { runs: number },
): Promise<RoundTripResult> {
  const world = await hre.xdm.create();
  try {
    const l1Sink = await deploySink(world.l1);
    const l2Sink = await deploySink(world.chains.scroll);
    const l1User = await firstAccount(world.l1);
    const l2User = await firstAccount(world.chains.scroll);
    const start = await world.snapshot();
    await roundTrip(world, l1Sink, l2Sink, l1User, l2User); // warm-up
    const runs: RoundTripSteps[] = [];
    for (let i = 0; i < options.runs; i++) {
      await world.restore(start);
      runs.push(await roundTrip(world, l1Sink, l2Sink, l1User, l2User));
    }
    const med = Object.fromEntries(
      (Object.keys(runs[0]) as Array<keyof RoundTripSteps>).map((k) => [
        k,
        median(runs.map((r) => r[k])),
      ]),
    ) as unknown as RoundTripSteps;

    await world.restore(start);
    const profile = new RpcProfile();
    profile.attach(world);
    const profiledStart = now();
    try {
      await roundTrip(world, l1Sink, l2Sink, l1User, l2User);
    } finally {
      profile.detach();
    }
    const wallMs = now() - profiledStart;
    const byMethod: Record<string, number> = {};
    for (const s of profile.stats())
      byMethod[`${s.chain} ${s.method}`] = s.count;

    log(
      `  Scroll round trip: ${med.total.toFixed(1)} ms (median of ${options.runs}): send ${med.sendL1ToL2.toFixed(1)}, relayAll ${med.relayAllL1ToL2.toFixed(1)}, ` +
        `send ${med.sendL2ToL1.toFixed(1)}, relayAll ${med.relayAllL2ToL1.toFixed(1)}, claim ${med.claim.toFixed(1)}; ${profile.calls} JSON-RPC requests`,
    );
    return {
      runs,
      median: med,
      target: ROUND_TRIP_TARGET_MS,
      verdict: med.total < ROUND_TRIP_TARGET_MS ? "PASS" : "MISS",
      rpc: {
        calls: profile.calls,
        byMethod,
        rpcWaitMs: profile.topLevelMs,
        wallMs,
      },
      how:
        "default world; L1ScrollMessenger.sendMessage (eth_sendTransaction with its gas given), relayAll (10 L1 confirmations mined, " +
        "relay, batch, proof, finalization), L2ScrollMessenger.sendMessage, relayAll (batch, proof, finalization), world.scroll.claim; " +
        "each run from the same snapshot, after one warm-up run",
    };
  } finally {
    await world.close();
  }
}
