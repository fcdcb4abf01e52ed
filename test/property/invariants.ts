// Every invariant of the property test in one file (about 410 lines): each compares the same
// observation of the chains (oracle.ts) with the registry.
import type { Fixture } from "./fixture.js";
import type { Observation, Probed } from "./oracle.js";
import type { Message } from "../../src/messages.js";
import type { World } from "../../src/world.js";

import { AbiCoder } from "ethers";

import { IFACE, ProbeBatch, claimCalldata, observe } from "./oracle.js";

/** The (protocol, stage) pairs each status allows. */
export const STAGES: Record<string, Record<string, string[]>> = {
  op: {
    ready: ["initiated"],
    pending: ["waiting-dependency"],
    relayed: ["relayed"],
    failed: ["relay-reverted", "rejected", "unroutable"],
    expired: ["expired"],
  },
  scroll: {
    pending: ["awaiting-confirmations", "awaiting-batch", "committed"],
    ready: ["confirmed", "finalized"],
    relayed: ["relayed"],
    failed: ["relay-failed", "claim-failed", "skipped"],
    cancelled: ["dropped"],
  },
  starknet: {
    pending: [
      "awaiting-confirmations",
      "cancellation-requested",
      "awaiting-state-update",
    ],
    ready: ["confirmed", "state-updated"],
    relayed: ["handled", "consumed"],
    failed: ["handler-reverted", "undeliverable", "cancelled-after-handling"],
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
  "scroll:skipped", // waits on its sender's dropMessage
  "scroll:dropped",
  "starknet:consumed",
  "starknet:handler-reverted",
  "starknet:cancellation-requested",
  "starknet:cancelled",
  "starknet:cancelled-after-handling", // a double spend the sender made: handled on L2, refunded on L1
  "starknet:state-updated",
]);

/** A broken invariant: what the registry says against what the chain holds. */
export class Violation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Violation";
  }
}

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Violation(message());
}

const direction = (m: Message) =>
  (m.details as { direction?: string }).direction;
const describe = (m: Message) =>
  `${m.id} (${m.status}/${m.stage}, hash ${m.hash})`;
const bool = (p: Probed | undefined) =>
  p !== undefined && p.ok && BigInt(p.data) !== 0n;
const uint = (p: Probed | undefined) =>
  p !== undefined && p.ok ? BigInt(p.data) : -1n;

/**
 * Holds `world.messages()` against the chains: the world first reads what
 * happened (refresh), then every message is checked against chain state read
 * by the oracle, never through the relayer.
 */
export async function checkInvariants(
  world: World,
  f: Fixture,
  settled: boolean,
): Promise<void> {
  await world.refresh();
  const messages = world.messages();
  const seen = await observe(world, f);

  for (const m of messages) {
    check(
      (STAGES[m.protocol][m.status] ?? []).includes(m.stage),
      () =>
        `${m.id} is ${m.status}/${m.stage}: a stage its status does not allow`,
    );
  }
  checkKnowsEverything(messages, seen);
  await checkAgainstState(world, f, messages, seen);
  checkOnce(seen);
  await checkBalances(world, f, messages, seen);

  if (settled) {
    for (const m of messages) {
      check(
        SETTLED.has(`${m.protocol}:${m.stage}`),
        () =>
          `${m.id} was left ${m.status}/${m.stage} after relayAll with no fault`,
      );
    }
  }
}

/** The registry knows every message the chains hold, and nothing else. */
function checkKnowsEverything(messages: Message[], seen: Observation): void {
  const known = new Set(messages.map((m) => m.id));
  const missing = [...seen.sends]
    .filter(([id]) => !known.has(id))
    .map(([id, where]) => `${id} (${where})`);
  check(
    missing.length === 0,
    () =>
      `the chains hold messages world.messages() does not know: ${missing.join(", ")}`,
  );
  const extra = messages.filter((m) => !seen.sends.has(m.id)).map(describe);
  check(
    extra.length === 0,
    () =>
      `world.messages() reports messages no chain holds: ${extra.join(", ")}`,
  );
}

async function checkAgainstState(
  world: World,
  f: Fixture,
  messages: Message[],
  seen: Observation,
): Promise<void> {
  const a = f.addresses;
  const batches = new Map<string, ProbeBatch>();
  const batch = (chain: string) => {
    let b = batches.get(chain);
    if (b === undefined)
      batches.set(chain, (b = new ProbeBatch(world, chain, f.probes[chain])));
    return b;
  };
  const claims: Message[] = [];
  const snHashes = new Map<string, Message[]>();
  for (const m of messages) {
    if (m.protocol === "op") {
      batch(m.to).add(
        `op:${m.id}`,
        a.opMessenger,
        IFACE.opMessenger.encodeFunctionData("successfulMessages", [m.hash]),
      );
    } else if (m.protocol === "scroll" && direction(m) === "l1-l2") {
      batch(m.to).add(
        `exec:${m.id}`,
        a.l2ScrollMessenger,
        IFACE.l2Scroll.encodeFunctionData("isL1MessageExecuted", [m.hash]),
      );
    } else if (m.protocol === "scroll") {
      batch("l1").add(
        `exec:${m.id}`,
        a.l1ScrollMessenger,
        IFACE.l1Scroll.encodeFunctionData("isL2MessageExecuted", [m.hash]),
      );
      if (m.status === "ready" || m.stage === "claim-failed") claims.push(m);
    } else if (direction(m) === "l1-l2") {
      batch(m.to).add(
        `handled:${m.id}`,
        a.snL2,
        IFACE.snL2.encodeFunctionData("l1HandlerStatus", [m.nonce]),
      );
      batch("l1").add(
        `held:${m.id}`,
        a.core,
        IFACE.core.encodeFunctionData("l1ToL2Messages", [m.hash]),
      );
    } else {
      const hash = m.hash.toLowerCase();
      if (!snHashes.has(hash)) {
        snHashes.set(hash, []);
        batch("l1").add(
          `count:${hash}`,
          a.core,
          IFACE.core.encodeFunctionData("l2ToL1Messages", [m.hash]),
        );
      }
      snHashes.get(hash)!.push(m);
    }
  }
  // Claims last: their effects must not show in the reads (the eth_call discards them all at the end).
  for (const m of claims) {
    const data = claimCalldata(m);
    check(
      data !== undefined,
      () =>
        `${describe(m)} is claimable but the registry gives no claim (batch index and proof) for it`,
    );
    batch("l1").add(`claim:${m.id}`, a.l1ScrollMessenger, data!);
  }
  const results = new Map<string, Probed>();
  for (const r of await Promise.all([...batches.values()].map((b) => b.run())))
    for (const [k, v] of r) results.set(k, v);

  for (const m of messages) {
    if (m.protocol === "op") {
      const done = bool(results.get(`op:${m.id}`));
      check(
        done === (m.status === "relayed"),
        () => `${describe(m)}: successfulMessages on ${m.to} is ${done}`,
      );
    } else if (m.protocol === "scroll") {
      const done = bool(results.get(`exec:${m.id}`));
      const where =
        direction(m) === "l1-l2"
          ? `isL1MessageExecuted on ${m.to}`
          : "isL2MessageExecuted on L1";
      check(
        done === (m.status === "relayed"),
        () => `${describe(m)}: ${where} is ${done}`,
      );
      if (
        (m.status === "ready" || m.stage === "claim-failed") &&
        direction(m) === "l2-l1"
      ) {
        // A failed claim (the target reverted) may be claimed again: the proof must still hold.
        const claim = results.get(`claim:${m.id}`)!;
        check(
          claim.ok,
          () =>
            `${describe(m)} is claimable per the registry, but relayMessageWithProof with its claim reverts on L1: ${revertText(claim.data)}`,
        );
      }
    } else if (direction(m) === "l1-l2") {
      const status = uint(results.get(`handled:${m.id}`));
      const held = uint(results.get(`held:${m.id}`));
      // l1HandlerStatus: 0 never handled, 1 executed, 2 reverted. A message cancelled on L1 after its
      // handler ran stays executed on L2 (the double spend its failed status names).
      const executed =
        m.status === "relayed" || m.stage === "cancelled-after-handling";
      if (executed)
        check(
          status === 1n,
          () =>
            `${describe(m)}: l1HandlerStatus(${m.nonce}) on ${m.to} is ${status}, not executed`,
        );
      else
        check(
          status !== 1n,
          () =>
            `${describe(m)}: l1HandlerStatus(${m.nonce}) on ${m.to} is 1, executed`,
        );
      if (m.stage === "awaiting-confirmations" || m.stage === "confirmed")
        check(
          status === 0n,
          () => `${describe(m)}: l1HandlerStatus(${m.nonce}) is ${status}`,
        );
      if (m.stage === "handler-reverted")
        check(
          status === 2n,
          () =>
            `${describe(m)}: l1HandlerStatus(${m.nonce}) is ${status}, not reverted`,
        );
      // StarknetCore holds fee + 1 while the message is pending on L1, 0 once consumed or cancelled.
      const gone =
        m.stage === "consumed" ||
        m.status === "cancelled" ||
        m.stage === "cancelled-after-handling";
      check(
        gone === (held === 0n),
        () => `${describe(m)}: StarknetCore.l1ToL2Messages is ${held}`,
      );
    }
  }
  for (const [hash, copies] of snHashes) {
    const count = uint(results.get(`count:${hash}`));
    const ready = copies.filter((m) => m.status === "ready").length;
    check(
      BigInt(ready) === count,
      () =>
        `StarkNet L2→L1 hash ${hash}: ${ready} ready copies in the registry (${copies.map(describe).join(", ")}), StarknetCore.l2ToL1Messages = ${count}`,
    );
    const consumed = copies.filter((m) => m.status === "relayed").length;
    const onL1 = seen.snConsumedL1.get(hash) ?? 0;
    check(
      consumed === onL1,
      () =>
        `StarkNet L2→L1 hash ${hash}: ${consumed} consumed copies in the registry, ${onL1} ConsumedMessageToL1 on L1`,
    );
  }
}

/** Nothing executed twice on any route. */
function checkOnce(seen: Observation): void {
  const once = (hashes: string[], what: string) => {
    const set = new Set<string>();
    for (const h of hashes) {
      check(!set.has(h), () => `${what} ${h} executed twice`);
      set.add(h);
    }
  };
  for (const [chain, hashes] of seen.opRelayed)
    once(hashes, `OP message on ${chain}`);
  once(
    seen.scrollRelayedOnL2.map((l) => l.topics[1].toLowerCase()),
    "Scroll L1→L2 message",
  );
  once(
    seen.scrollRelayedOnL1.map((l) => l.topics[1].toLowerCase()),
    "Scroll L2→L1 message",
  );
  once(
    seen.snExecuted.map((l) => l.topics[1]),
    "StarkNet L1→L2 nonce",
  );
  const consumed = [...seen.snConsumedL1.values()].reduce((s, n) => s + n, 0);
  check(
    consumed <= seen.snSentToL1.length,
    () =>
      `StarkNet L2→L1: ${consumed} consumed on L1, only ${seen.snSentToL1.length} sent`,
  );
}

/** ETH on every route: what each messenger and StarknetCore hold follows from the messages. */
async function checkBalances(
  world: World,
  f: Fixture,
  messages: Message[],
  seen: Observation,
): Promise<void> {
  const byHash = new Map(
    messages.map((m) => [`${direction(m)}:${m.hash.toLowerCase()}`, m]),
  );
  const sum = (ms: Array<Message | undefined>) =>
    ms.reduce((s, m) => s + (m?.value ?? 0n), 0n);
  const deposited = sum(
    messages.filter((m) => m.protocol === "scroll" && m.from === "l1"),
  );
  const withdrawn = sum(
    messages.filter((m) => m.protocol === "scroll" && m.from === "scroll"),
  );
  const claimed = sum(
    seen.scrollRelayedOnL1.map((l) =>
      byHash.get(`l2-l1:${l.topics[1].toLowerCase()}`),
    ),
  );
  const paidOnL2 = sum(
    seen.scrollRelayedOnL2.map((l) =>
      byHash.get(`l1-l2:${l.topics[1].toLowerCase()}`),
    ),
  );
  const [l1Messenger, l2Messenger, core] = await Promise.all([
    world.l1.ethers.provider.getBalance(f.addresses.l1ScrollMessenger),
    world.chains.scroll.ethers.provider.getBalance(
      f.addresses.l2ScrollMessenger,
    ),
    world.l1.ethers.provider.getBalance(f.addresses.core),
  ]);
  check(
    l1Messenger === deposited - claimed,
    () =>
      `L1ScrollMessenger holds ${l1Messenger}, deposits − claims = ${deposited - claimed}`,
  );
  check(
    l2Messenger === (1n << 247n) - paidOnL2 + withdrawn,
    () =>
      `L2ScrollMessenger holds ${l2Messenger}, expected ${(1n << 247n) - paidOnL2 + withdrawn}`,
  );
  const l1ToL2 = messages.filter(
    (m) => m.protocol === "starknet" && m.from === "l1",
  );
  const fees = l1ToL2.reduce(
    (s, m) => s + (m.details as { fee: bigint }).fee,
    0n,
  );
  const consumedNonces = new Set(
    seen.snConsumedL2.map(
      (l) =>
        (
          AbiCoder.defaultAbiCoder().decode(
            ["uint256[]", "uint256"],
            l.data,
          ) as unknown as [bigint[], bigint]
        )[1],
    ),
  );
  const paidOut = l1ToL2
    .filter((m) => consumedNonces.has(m.nonce))
    .reduce((s, m) => s + (m.details as { fee: bigint }).fee, 0n);
  check(
    core === fees - paidOut,
    () =>
      `StarknetCore holds ${core}, the fees of unconsumed messages are ${fees - paidOut}`,
  );
}

/** Error(string) revert data as its text; anything else as hex. */
export function revertText(data: string): string {
  if (data.startsWith("0x08c379a0")) {
    try {
      return `"${AbiCoder.defaultAbiCoder().decode(["string"], `0x${data.slice(10)}`)[0] as string}"`;
    } catch {
      // not a well-formed Error(string)
    }
  }
  return data === "0x" ? "(no revert data)" : data;
}
