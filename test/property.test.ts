import type { FaultActor } from "../src/faults.js";
import type { Message } from "../src/messages.js";
import type { RpcLog } from "../src/protocols/types.js";
import type { World } from "../src/world.js";
import type { Contract, Signer } from "ethers";

import { expect } from "chai";
import fc from "fast-check";
import { AbiCoder, Interface, id, keccak256, toUtf8Bytes } from "ethers";
import hre from "hardhat";

/**
 * Random sequences of sends, relays, time jumps, faults, replays, cancellations
 * and resends across all three models, with the invariants checked after every
 * step. Seeded and reproducible: XDM_PROPERTY_SEED, XDM_PROPERTY_RUNS and
 * XDM_PROPERTY_STEPS override the defaults; a failure prints the seed and the
 * shrunk sequence.
 */
const SEED = Number(process.env.XDM_PROPERTY_SEED ?? 20261121);
const RUNS = Number(process.env.XDM_PROPERTY_RUNS ?? 100);
const STEPS = Number(process.env.XDM_PROPERTY_STEPS ?? 100);

const recorderIface = new Interface(["function record(bytes32) payable returns (bytes32)"]);
const gateIface = new Interface(["function enter()"]);
const scrollRecipientIface = new Interface(["function record(bytes)"]);
const TOPIC = {
  opRelayed: id("RelayedMessage(uint256,uint256,bytes32,bytes32)"),
  scrollRelayed: id("RelayedMessage(bytes32)"),
  snExecuted: id("L1HandlerExecuted(uint256,bytes32,address,uint256,uint256,uint256[])"),
  snConsumedL1: id("ConsumedMessageToL1(uint256,address,uint256[])"),
  snSentToL1: id("MessageToL1Sent(uint256,address,bytes32,uint256[])"),
  snConsumedL2: id("ConsumedMessageToL2(address,uint256,uint256,uint256[],uint256)"),
};
const PAUSABLE: FaultActor[] = ["op:autorelayer", "scroll:sequencer", "scroll:batcher", "scroll:prover", "starknet:sequencer", "starknet:state-updater"];

type Op =
  | { kind: "opSend"; fail: boolean }
  | { kind: "opToggleGate" }
  | { kind: "opResend"; pick: number }
  | { kind: "opManualRelay"; pick: number }
  | { kind: "scrollDeposit"; value: number; lowGas: boolean }
  | { kind: "scrollWithdraw"; value: number }
  | { kind: "scrollReplay"; pick: number }
  | { kind: "scrollClaim"; pick: number }
  | { kind: "snDeposit"; reverting: boolean }
  | { kind: "snWithdraw" }
  | { kind: "snConsume"; pick: number }
  | { kind: "snCancelStart"; pick: number }
  | { kind: "snCancel"; pick: number }
  | { kind: "relay" }
  | { kind: "relayAll" }
  | { kind: "time"; seconds: number }
  | { kind: "mine"; blocks: number }
  | { kind: "pause"; actor: number }
  | { kind: "resume"; actor: number }
  | { kind: "hold"; pick: number }
  | { kind: "release" };

const pick = fc.nat(1000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("opSend" as const), fail: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("opToggleGate" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("opResend" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("opManualRelay" as const), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("scrollDeposit" as const), value: fc.nat(1000), lowGas: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("scrollWithdraw" as const), value: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("scrollReplay" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("scrollClaim" as const), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("snDeposit" as const), reverting: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("snWithdraw" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("snConsume" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("snCancelStart" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("snCancel" as const), pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("relay" as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("relayAll" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("time" as const), seconds: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constant(432000), fc.constant(604800)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("mine" as const), blocks: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("pause" as const), actor: fc.nat(PAUSABLE.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("resume" as const), actor: fc.nat(PAUSABLE.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("hold" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("release" as const) }) },
);

/** The (protocol, stage) pairs each status allows. */
const STAGES: Record<string, Record<string, string[]>> = {
  op: { ready: ["initiated"], pending: ["waiting-dependency"], relayed: ["relayed"], failed: ["relay-reverted", "rejected", "unroutable"], expired: ["expired"] },
  scroll: {
    pending: ["awaiting-confirmations", "awaiting-batch", "committed"],
    ready: ["confirmed", "finalized"],
    relayed: ["relayed"],
    failed: ["relay-failed", "claim-failed", "skipped"],
    cancelled: ["dropped"],
  },
  starknet: {
    pending: ["awaiting-confirmations", "cancellation-requested", "awaiting-state-update"],
    ready: ["confirmed", "state-updated"],
    relayed: ["handled", "consumed"],
    failed: ["handler-reverted", "undeliverable"],
    cancelled: ["cancelled"],
  },
};

/** What may still stand after the relayer ran with no fault: nothing else is "lost". */
const SETTLED = new Set([
  "op:relayed",
  "op:relay-reverted",
  "op:expired",
  "op:rejected",
  "scroll:relayed",
  "scroll:relay-failed",
  "scroll:finalized",
  "scroll:claim-failed",
  "starknet:consumed",
  "starknet:handler-reverted",
  "starknet:cancellation-requested",
  "starknet:cancelled",
  "starknet:state-updated",
]);

interface Fixture {
  recorder: string;
  gate: Contract;
  gateAddress: string;
  gateOpen: boolean;
  scrollRecipient: string;
  handler: string;
  handlerSelector: bigint;
  reverting: string;
  alice: Signer;
  aliceAddress: string;
  l2Alice: Signer;
  snAlice: Signer;
  snSender: Contract;
}

describe("property: random sequences across all three models keep every invariant", function () {
  this.timeout(1_800_000);

  it(`${RUNS} runs × ${STEPS} steps (seed ${SEED})`, async () => {
    const world = await hre.xdm.create();
    let totalSteps = 0;
    try {
      const fixture = await setUp(world);
      const start = await world.snapshot();
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: STEPS, maxLength: STEPS }), async (ops) => {
          await world.restore(start);
          world.faults.clear();
          fixture.gateOpen = false;
          const sent: string[] = [];
          for (const op of ops) {
            await apply(world, fixture, op, sent);
            totalSteps += 1;
            await checkInvariants(world, sent, false);
          }
          world.faults.clear();
          await world.relayAll();
          await checkInvariants(world, sent, true);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    } finally {
      await world.close();
    }
    console.log(`      ${totalSteps} steps checked`);
    expect(totalSteps).to.be.at.least(RUNS * STEPS);
  });
});

async function setUp(world: World): Promise<Fixture> {
  const { l1, opB, scroll, starknet } = world.chains;
  const [alice] = await l1.ethers.getSigners();
  const recorder = await opB.ethers.deployContract("ContextRecorder");
  const gate = (await opB.ethers.deployContract("Gate")) as Contract;
  const scrollRecipient = await scroll.ethers.deployContract("MessageRecipient");
  const handler = await starknet.ethers.deployContract("StarknetRecordingHandler");
  const reverting = await starknet.ethers.deployContract("StarknetRevertingHandler");
  return {
    recorder: await recorder.getAddress(),
    gate,
    gateAddress: await gate.getAddress(),
    gateOpen: false,
    scrollRecipient: await scrollRecipient.getAddress(),
    handler: await handler.getAddress(),
    handlerSelector: BigInt(handler.interface.getFunction("record")!.selector),
    reverting: await reverting.getAddress(),
    alice,
    aliceAddress: alice.address,
    l2Alice: await scroll.ethers.getSigner(alice.address),
    snAlice: await starknet.ethers.getSigner(alice.address),
    snSender: handler as unknown as Contract,
  };
}

function choose<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** Sends a transaction a step needs; a revert there is the protocol refusing the user, which is fine. */
async function attempt(send: () => Promise<{ wait(): Promise<unknown> }>): Promise<string | undefined> {
  try {
    const tx = await send();
    const receipt = (await tx.wait()) as { hash: string } | null;
    return receipt?.hash;
  } catch {
    return undefined;
  }
}

async function apply(world: World, f: Fixture, op: Op, sent: string[]): Promise<void> {
  const { opA, scroll, starknet } = world.chains;
  const messages = world.messages();
  const record = (hash: string | undefined) => hash !== undefined && sent.push(hash);
  switch (op.kind) {
    case "opSend": {
      const target = op.fail ? f.gateAddress : f.recorder;
      const data = op.fail ? gateIface.encodeFunctionData("enter") : recorderIface.encodeFunctionData("record", [keccak256(toUtf8Bytes(String(sent.length)))]);
      record(await attempt(() => opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(902, target, data)));
      return;
    }
    case "opToggleGate":
      f.gateOpen = !f.gateOpen;
      await (await f.gate.setOpen(f.gateOpen)).wait();
      return;
    case "opResend": {
      const m = choose(messages.filter((x) => x.protocol === "op" && x.status === "expired"), op.pick);
      if (m !== undefined) await attempt(() => opA.contracts.L2ToL2CrossDomainMessenger.resendMessage(902, m.nonce, m.sender, m.target, m.data));
      return;
    }
    case "opManualRelay": {
      const m = choose(messages.filter((x) => x.protocol === "op" && (x.status === "ready" || x.status === "failed")), op.pick);
      if (m !== undefined) await world.op.relay(m.id);
      return;
    }
    case "scrollDeposit": {
      const data = scrollRecipientIface.encodeFunctionData("record", ["0x"]);
      const messenger = scroll.l1Contracts.L1ScrollMessenger;
      record(await attempt(() => messenger["sendMessage(address,uint256,bytes,uint256)"](f.scrollRecipient, op.value, data, op.lowGas ? 30_000 : 300_000, { value: op.value })));
      return;
    }
    case "scrollWithdraw": {
      const messenger = scroll.contracts.L2ScrollMessenger.connect(f.l2Alice);
      record(await attempt(() => messenger["sendMessage(address,uint256,bytes,uint256)"](f.aliceAddress, op.value, "0x", 100_000, { value: op.value })));
      return;
    }
    case "scrollReplay": {
      const m = choose(messages.filter((x) => x.protocol === "scroll" && x.stage === "relay-failed"), op.pick);
      if (m !== undefined) {
        await attempt(() => scroll.l1Contracts.L1ScrollMessenger.replayMessage(m.sender, m.target, m.value, m.nonce, m.data, 400_000, f.aliceAddress));
      }
      return;
    }
    case "scrollClaim": {
      const m = choose(messages.filter((x) => x.protocol === "scroll" && (x.stage === "finalized" || x.stage === "claim-failed")), op.pick);
      if (m !== undefined) await world.scroll.claim(m.id).catch(() => undefined);
      return;
    }
    case "snDeposit": {
      const core = starknet.l1Contracts.StarknetCore;
      const to = op.reverting ? f.reverting : f.handler;
      const selector = op.reverting ? 0xde3ab781n : f.handlerSelector;
      record(await attempt(() => core.sendMessageToL2(to, selector, [BigInt(sent.length)], { value: 1000n })));
      return;
    }
    case "snWithdraw": {
      const handler = f.snSender.connect(f.snAlice) as Contract;
      record(await attempt(() => handler.sendToL1(BigInt(f.aliceAddress), [1n, 2n])));
      return;
    }
    case "snConsume": {
      const m = choose(messages.filter((x) => x.protocol === "starknet" && x.stage === "state-updated"), op.pick);
      if (m !== undefined) {
        const [payload] = AbiCoder.defaultAbiCoder().decode(["uint256[]"], m.data) as unknown as [bigint[]];
        await attempt(() => starknet.l1Contracts.StarknetCore.consumeMessageFromL2(BigInt(m.sender), [...payload]));
      }
      return;
    }
    case "snCancelStart":
    case "snCancel": {
      const wanted = op.kind === "snCancelStart" ? ["handler-reverted", "awaiting-confirmations", "confirmed"] : ["cancellation-requested"];
      const m = choose(messages.filter((x) => x.protocol === "starknet" && x.from === world.l1.name && wanted.includes(x.stage)), op.pick);
      if (m !== undefined) {
        const details = m.details as { toAddress: bigint; selector: bigint; payload: bigint[] };
        const core = starknet.l1Contracts.StarknetCore;
        const call = op.kind === "snCancelStart" ? core.startL1ToL2MessageCancellation : core.cancelL1ToL2Message;
        await attempt(() => call(details.toAddress, details.selector, details.payload, m.nonce));
      }
      return;
    }
    case "relay":
      await world.relay();
      return;
    case "relayAll":
      await world.relayAll();
      return;
    case "time":
      await world.time.increase(op.seconds);
      return;
    case "mine":
      await world.mine(op.blocks);
      return;
    case "pause":
      world.faults.pause(PAUSABLE[op.actor]);
      return;
    case "resume":
      world.faults.resume(PAUSABLE[op.actor]);
      return;
    case "hold": {
      const m = choose(messages.filter((x) => x.status === "ready" || x.status === "pending"), op.pick);
      if (m !== undefined) world.faults.hold(m.id);
      return;
    }
    case "release":
      for (const m of messages) world.faults.release(m.id);
      return;
  }
}

async function logs(world: World, chain: string, topic: string): Promise<RpcLog[]> {
  return await world.chain(chain).rpc<RpcLog[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest", topics: [topic] }]);
}

async function checkInvariants(world: World, sent: string[], settled: boolean): Promise<void> {
  await world.refresh();
  const messages = world.messages();
  // Exactly one status each, with a stage that status allows.
  for (const m of messages) {
    expect(STAGES[m.protocol][m.status] ?? [], `${m.id} is ${m.status}/${m.stage}`).to.include(m.stage);
  }
  // Nothing lost: every send the chains accepted is a message the relayer knows.
  const known = new Set(messages.map((m) => m.sourceTx));
  for (const hash of sent) expect(known.has(hash), `send ${hash} is not in world.messages()`).to.equal(true);

  // Nothing executed twice.
  const once = (hashes: string[], what: string) => {
    const seen = new Set<string>();
    for (const h of hashes) {
      expect(seen.has(h), `${what} ${h} executed twice`).to.equal(false);
      seen.add(h);
    }
  };
  once((await logs(world, "opB", TOPIC.opRelayed)).map((l) => l.topics[3]), "OP message");
  once((await logs(world, "scroll", TOPIC.scrollRelayed)).map((l) => l.topics[1]), "Scroll L1→L2 message");
  once((await logs(world, "l1", TOPIC.scrollRelayed)).map((l) => l.topics[1]), "Scroll L2→L1 message");
  once((await logs(world, "starknet", TOPIC.snExecuted)).map((l) => l.topics[1]), "StarkNet L1→L2 nonce");
  const sentToL1 = (await logs(world, "starknet", TOPIC.snSentToL1)).length;
  const consumedOnL1 = (await logs(world, "l1", TOPIC.snConsumedL1)).length;
  expect(consumedOnL1, "StarkNet L2→L1 consumed more often than sent").to.be.at.most(sentToL1);

  // ETH balances on every route.
  const byHash = new Map(messages.map((m) => [m.hash.toLowerCase(), m]));
  const sum = (ms: Array<Message | undefined>) => ms.reduce((s, m) => s + (m?.value ?? 0n), 0n);
  const scroll = world.chains.scroll;
  const l1Messenger = await scroll.l1Contracts.L1ScrollMessenger.getAddress();
  const l2Messenger = await scroll.contracts.L2ScrollMessenger.getAddress();
  const deposited = sum(messages.filter((m) => m.protocol === "scroll" && m.from === "l1"));
  const withdrawn = sum(messages.filter((m) => m.protocol === "scroll" && m.from === "scroll"));
  const claimed = sum((await logs(world, "l1", TOPIC.scrollRelayed)).map((l) => byHash.get(l.topics[1].toLowerCase())));
  const paidOnL2 = sum((await logs(world, "scroll", TOPIC.scrollRelayed)).map((l) => byHash.get(l.topics[1].toLowerCase())));
  expect(await world.l1.ethers.provider.getBalance(l1Messenger), "L1ScrollMessenger holds deposits − claims").to.equal(deposited - claimed);
  expect(await scroll.ethers.provider.getBalance(l2Messenger), "L2ScrollMessenger pays deposits, holds withdrawals").to.equal((1n << 247n) - paidOnL2 + withdrawn);
  const core = await world.chains.starknet.l1Contracts.StarknetCore.getAddress();
  const l1ToL2 = messages.filter((m) => m.protocol === "starknet" && m.from === "l1");
  const fees = l1ToL2.reduce((s, m) => s + (m.details as { fee: bigint }).fee, 0n);
  const consumedNonces = new Set(
    (await logs(world, "l1", TOPIC.snConsumedL2)).map((l) => (AbiCoder.defaultAbiCoder().decode(["uint256[]", "uint256"], l.data) as unknown as [bigint[], bigint])[1]),
  );
  const paidOut = l1ToL2.filter((m) => consumedNonces.has(m.nonce)).reduce((s, m) => s + (m.details as { fee: bigint }).fee, 0n);
  expect(await world.l1.ethers.provider.getBalance(core), "StarknetCore holds the fees of unconsumed messages").to.equal(fees - paidOut);

  if (settled) {
    for (const m of messages) {
      expect(SETTLED.has(`${m.protocol}:${m.stage}`), `${m.id} was left ${m.status}/${m.stage} after the relayer ran`).to.equal(true);
    }
  }
}
