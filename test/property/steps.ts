// Every step the property test takes, in one file (about 1,000 lines): the operations, the
// registry's promise for each, and the one `apply` that dispatches them; a new step is one case
// here.
import type { Fixture } from "./fixture.js";
import type { Message } from "../../src/messages.js";
import type { World } from "../../src/world.js";

import {
  AbiCoder,
  Interface,
  keccak256,
  toQuantity,
  toUtf8Bytes,
} from "ethers";
import fc from "fast-check";

import { PAUSABLE, REWINDABLE, applyPauses, tally } from "./fixture.js";
import { Violation, revertText } from "./invariants.js";
import { claimCalldata } from "./oracle.js";

/**
 * The steps of a random sequence. A step that takes a message picks it by
 * `pick` among all messages of its kind, whatever their status: the registry's
 * status then says whether the action is promised. A promised action must
 * succeed; an action the registry did not promise may be refused.
 */
export type Op =
  | { kind: "opSend"; fail: boolean }
  | { kind: "opToggleGate" }
  | { kind: "opResend"; pick: number }
  | { kind: "opRelay"; pick: number; byUser: boolean }
  | { kind: "opExpiryEdge"; pick: number; offset: -1 | 0 }
  | { kind: "scrollDeposit"; value: number; lowGas: boolean }
  | { kind: "scrollWithdraw"; value: number }
  | { kind: "scrollReplay"; pick: number }
  | { kind: "scrollClaim"; pick: number }
  | { kind: "scrollSkip"; pick: number }
  | {
      kind: "confirmEdge";
      protocol: "scroll" | "starknet";
      pick: number;
      offset: -1 | 0;
    }
  | { kind: "snDeposit"; reverting: boolean }
  | { kind: "snWithdraw"; payload: number; twice: boolean }
  | { kind: "snConsume"; pick: number }
  | { kind: "snCancelStart"; pick: number }
  | { kind: "snCancel"; pick: number }
  | { kind: "snCancelEdge"; pick: number; offset: -1 | 0 }
  | { kind: "snCancelAfterDelivery" }
  | { kind: "snUpdateState" }
  | { kind: "relay"; cut: boolean }
  | { kind: "relayAll" }
  | { kind: "restartRelayer" }
  | { kind: "time"; seconds: number }
  | { kind: "mine"; blocks: number }
  | { kind: "pause"; actor: number }
  | { kind: "resume"; actor: number }
  | { kind: "hold"; pick: number }
  | { kind: "release" }
  | { kind: "rewindStart"; chain: number }
  | { kind: "rewindEnd" };

const pick = fc.nat(1000);
const edge = fc.constantFrom(-1 as const, 0 as const);
const CANCELLATION_DELAY = 432000;
const EXPIRY = 604800;

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("opSend" as const),
      fail: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("opToggleGate" as const) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("opResend" as const), pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("opRelay" as const),
      pick,
      byUser: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("opExpiryEdge" as const),
      pick,
      offset: edge,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("scrollDeposit" as const),
      value: fc.nat(1000),
      lowGas: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("scrollWithdraw" as const),
      value: fc.nat(1000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("scrollReplay" as const), pick }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("scrollClaim" as const), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("scrollSkip" as const), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("confirmEdge" as const),
      protocol: fc.constantFrom("scroll" as const, "starknet" as const),
      pick,
      offset: edge,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("snDeposit" as const),
      reverting: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("snWithdraw" as const),
      payload: fc.nat(2),
      twice: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("snConsume" as const), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("snCancelStart" as const), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("snCancel" as const), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("snCancelEdge" as const),
      pick,
      offset: edge,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("snCancelAfterDelivery" as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("snUpdateState" as const) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("relay" as const),
      cut: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("relayAll" as const) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("restartRelayer" as const) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("time" as const),
      seconds: fc.oneof(
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom(
          CANCELLATION_DELAY - 1,
          CANCELLATION_DELAY,
          EXPIRY - 1,
          EXPIRY,
        ),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("mine" as const),
      blocks: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("pause" as const),
      actor: fc.nat(PAUSABLE.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("resume" as const),
      actor: fc.nat(PAUSABLE.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("hold" as const), pick }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("release" as const) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rewindStart" as const),
      chain: fc.nat(REWINDABLE.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("rewindEnd" as const) }),
  },
);

const recorderIface = new Interface([
  "function record(bytes32) payable returns (bytes32)",
]);
const gateIface = new Interface(["function enter()"]);
const scrollRecipientIface = new Interface(["function record(bytes)"]);
const SN_PAYLOADS: bigint[][] = [[1n, 2n], [3n], []];

function choose<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** The outcome of a user transaction: mined and successful, or refused with the reason. */
interface Outcome {
  ok: boolean;
  hash?: string;
  why?: string;
}

/** Sends a user transaction; a refusal (revert, supervisor rejection) is an outcome, not an error. */
async function attempt(
  send: () => Promise<{ wait(): Promise<unknown> }>,
): Promise<Outcome> {
  try {
    const tx = await send();
    const receipt = (await tx.wait()) as {
      hash: string;
      status: number;
    } | null;
    return receipt?.status === 1
      ? { ok: true, hash: receipt.hash }
      : { ok: false, why: `reverted in ${receipt?.hash}` };
  } catch (error) {
    const e = error as {
      shortMessage?: string;
      message: string;
      data?: string;
    };
    const data =
      typeof e.data === "string" && e.data.startsWith("0x")
        ? ` ${revertText(e.data)}`
        : "";
    return {
      ok: false,
      why: `${(e.shortMessage ?? e.message).split("\n")[0]}${data}`,
    };
  }
}

/** A promised action must succeed; the failure names the promise. */
function promised(outcome: Outcome, promise: string): void {
  if (!outcome.ok)
    throw new Violation(`${promise}, but the chain refused it: ${outcome.why}`);
}

/** An action the registry did not promise: refused or not, the invariants judge what follows. */
function unpromised(
  f: Fixture,
  kind: string,
  m: Message,
  outcome: Outcome,
): void {
  tally(
    f,
    `${kind}: not promised (${m.stage}), ${outcome.ok ? "accepted" : "refused"}`,
  );
}

/** Whether the world's faults leave the actor free to act. */
function free(
  world: World,
  actor: Parameters<World["faults"]["isPaused"]>[0],
): boolean {
  return !world.faults.isPaused(actor);
}

/** Next-block timestamp of a chain, as the node will give it. */
async function pendingTime(world: World, chain: string): Promise<number> {
  return Number((await world.chain(chain).block("pending")).timestamp);
}

/** Fixes the next block's timestamp of one chain (at least the pending one). */
async function pinNext(
  world: World,
  chain: string,
  at: number,
): Promise<number> {
  const next = Math.max(at, await pendingTime(world, chain));
  await world.chain(chain).rpc("evm_setNextBlockTimestamp", [toQuantity(next)]);
  return next;
}

/** The chain-visible part of a message's state, which a relayer rebuilt from the chains must give again. */
function chainClass(m: Message): string {
  if (m.status === "relayed" || m.status === "cancelled") return m.stage;
  const dir = (m.details as { direction?: string }).direction;
  if (m.protocol === "op") return "unrelayed"; // attempts, expiry and rejections are the relayer's own
  if (dir === "l2-l1") return m.stage; // batches and state updates are on L1
  if (m.protocol === "starknet")
    return m.stage === "awaiting-confirmations" || m.stage === "confirmed"
      ? "undelivered"
      : m.stage;
  return m.stage === "awaiting-confirmations" || m.stage === "confirmed"
    ? "queued"
    : m.stage;
}

export async function apply(world: World, f: Fixture, op: Op): Promise<void> {
  const { opA, scroll, starknet } = world.chains;
  const messages = world.messages();
  const of = (protocol: string, dir?: string) =>
    messages.filter(
      (m) =>
        m.protocol === protocol &&
        (dir === undefined ||
          (m.details as { direction?: string }).direction === dir),
    );
  const core = starknet.l1Contracts.StarknetCore.connect(f.alice);
  switch (op.kind) {
    case "opSend": {
      const target = op.fail ? f.gateAddress : f.recorder;
      const data = op.fail
        ? gateIface.encodeFunctionData("enter")
        : recorderIface.encodeFunctionData("record", [
            keccak256(toUtf8Bytes(String(messages.length))),
          ]);
      promised(
        await attempt(() =>
          opA.contracts.L2ToL2CrossDomainMessenger.sendMessage(
            902,
            target,
            data,
          ),
        ),
        "a send to a chain of the dependency set",
      );
      return;
    }
    case "opToggleGate":
      f.gateOpen = !f.gateOpen;
      await (await f.gate.setOpen(f.gateOpen)).wait();
      return;
    case "opResend": {
      // resendMessage re-emits any message its source sent (sentMessages holds its hash), whatever its status.
      const m = choose(of("op"), op.pick);
      if (m === undefined) return;
      const outcome = await attempt(() =>
        world
          .chain(m.from)
          .contracts.L2ToL2CrossDomainMessenger.resendMessage(
            902,
            m.nonce,
            m.sender,
            m.target,
            m.data,
          ),
      );
      promised(
        outcome,
        `${m.id} is in world.messages(), so ${m.from} holds it and resendMessage re-emits it`,
      );
      return;
    }
    case "opRelay":
      await opRelay(world, f, choose(of("op"), op.pick), op.byUser, undefined);
      return;
    case "opExpiryEdge": {
      const m = choose(
        of("op").filter((x) => x.status === "ready"),
        op.pick,
      );
      if (m === undefined) return;
      // The destination's next block lands exactly one second before the expiry, or at it.
      await opRelay(world, f, m, false, world.op.expiresAt(m) + op.offset);
      return;
    }
    case "scrollDeposit": {
      const data = scrollRecipientIface.encodeFunctionData("record", ["0x"]);
      const messenger = scroll.l1Contracts.L1ScrollMessenger.connect(f.alice);
      const outcome = await attempt(() =>
        messenger["sendMessage(address,uint256,bytes,uint256)"](
          f.scrollRecipient,
          op.value,
          data,
          op.lowGas ? 30_000 : 300_000,
          { value: op.value },
        ),
      );
      promised(outcome, "a deposit with enough value and gas for the queue");
      return;
    }
    case "scrollWithdraw": {
      const messenger = scroll.contracts.L2ScrollMessenger.connect(f.l2Alice);
      promised(
        await attempt(() =>
          messenger["sendMessage(address,uint256,bytes,uint256)"](
            f.aliceAddress,
            op.value,
            "0x",
            100_000,
            { value: op.value },
          ),
        ),
        "a withdrawal",
      );
      return;
    }
    case "scrollReplay": {
      const m = choose(of("scroll", "l1-l2"), op.pick);
      if (m === undefined) return;
      const replays =
        (m.details as { queueIndices: number[] }).queueIndices.length - 1;
      const outcome = await attempt(() =>
        scroll.l1Contracts.L1ScrollMessenger.connect(f.alice).replayMessage(
          m.sender,
          m.target,
          m.value,
          m.nonce,
          m.data,
          400_000,
          f.aliceAddress,
        ),
      );
      // replayMessage accepts any enqueued, undropped message up to maxReplayTimes (3).
      if (m.status !== "cancelled" && replays < 3) {
        tally(f, "scrollReplay: promised");
        promised(
          outcome,
          `${m.id} (${m.status}/${m.stage}) was replayed ${replays} times and is not dropped: replayMessage`,
        );
      } else unpromised(f, "scrollReplay", m, outcome);
      return;
    }
    case "scrollClaim": {
      const m = choose(of("scroll", "l2-l1"), op.pick);
      if (m === undefined) return;
      const data = claimCalldata(m);
      // Claimable (ready), or claimed and failed in the target: a failed claim may be made again without limit.
      const claimable = m.status === "ready" || m.stage === "claim-failed";
      if (claimable && data === undefined)
        throw new Violation(
          `${m.id} is ${m.status}/${m.stage} but the registry gives no claim for it`,
        );
      if (data === undefined) return; // no proof to claim with: nothing a user could send
      const outcome = await attempt(() =>
        f.alice.sendTransaction({ to: f.addresses.l1ScrollMessenger, data }),
      );
      if (claimable) {
        tally(f, `scrollClaim: promised (${m.stage})`);
        promised(
          outcome,
          `${m.id} is ${m.status}/${m.stage} (claimable per the registry): relayMessageWithProof with its claim`,
        );
      } else unpromised(f, "scrollClaim", m, outcome);
      return;
    }
    case "scrollSkip": {
      // Only a message the sequencer has not reached yet can be skipped.
      const m = choose(
        of("scroll", "l1-l2").filter(
          (x) => x.stage === "awaiting-confirmations",
        ),
        op.pick,
      );
      if (m === undefined) return;
      const indices = (m.details as { queueIndices: number[] }).queueIndices;
      world.scroll.skip(indices[indices.length - 1]);
      tally(f, "scrollSkip");
      return;
    }
    case "confirmEdge":
      await confirmEdge(world, f, op.protocol, op.pick, op.offset);
      return;
    case "snDeposit": {
      const to = op.reverting ? f.reverting : f.handler;
      const selector = op.reverting ? 0xde3ab781n : f.handlerSelector;
      promised(
        await attempt(() =>
          core.sendMessageToL2(to, selector, [BigInt(messages.length)], {
            value: 1000n,
          }),
        ),
        "sendMessageToL2 with a fee in (0, 1 ether]",
      );
      return;
    }
    case "snWithdraw": {
      // The same message (sender, recipient, payload) sent again and again: identical L2→L1 messages.
      const handler = f.snSender.connect(f.snAlice) as typeof f.snSender;
      for (let i = 0; i < (op.twice ? 2 : 1); i++) {
        promised(
          await attempt(() =>
            handler.sendToL1(BigInt(f.aliceAddress), SN_PAYLOADS[op.payload]),
          ),
          "sendMessageToL1 with felts",
        );
      }
      return;
    }
    case "snConsume": {
      const m = choose(of("starknet", "l2-l1"), op.pick);
      if (m === undefined) return;
      const [payload] = AbiCoder.defaultAbiCoder().decode(
        ["uint256[]"],
        m.data,
      ) as unknown as [bigint[]];
      const outcome = await attempt(() =>
        core.consumeMessageFromL2(BigInt(m.sender), [...payload]),
      );
      // Copies of one hash are interchangeable on L1: consuming is promised while any copy is ready.
      const ready = messages.filter(
        (x) =>
          x.protocol === "starknet" &&
          x.hash === m.hash &&
          x.status === "ready",
      );
      if (ready.length > 0) {
        tally(f, "snConsume: promised");
        promised(
          outcome,
          `${ready.map((x) => x.id).join(", ")} ready (state-updated) per the registry: consumeMessageFromL2 of hash ${m.hash}`,
        );
      } else unpromised(f, "snConsume", m, outcome);
      return;
    }
    case "snCancelStart": {
      const m = choose(of("starknet", "l1-l2"), op.pick);
      if (m === undefined) return;
      const d = m.details as {
        toAddress: bigint;
        selector: bigint;
        payload: bigint[];
      };
      const outcome = await attempt(() =>
        core.startL1ToL2MessageCancellation(
          d.toAddress,
          d.selector,
          d.payload,
          m.nonce,
        ),
      );
      // StarknetCore holds every L1→L2 message until a state update consumes it or its sender cancels it.
      if (
        m.stage !== "consumed" &&
        m.status !== "cancelled" &&
        m.stage !== "cancelled-after-handling"
      ) {
        tally(f, "snCancelStart: promised");
        promised(
          outcome,
          `${m.id} (${m.status}/${m.stage}) is still pending on L1 per the registry: startL1ToL2MessageCancellation`,
        );
      } else unpromised(f, "snCancelStart", m, outcome);
      return;
    }
    case "snCancel": {
      const m = choose(of("starknet", "l1-l2"), op.pick);
      if (m !== undefined) await snCancel(world, f, m, undefined);
      return;
    }
    case "snCancelEdge": {
      const m = choose(
        of("starknet", "l1-l2").filter(
          (x) => x.stage === "cancellation-requested",
        ),
        op.pick,
      );
      if (m === undefined) return;
      const at = await world.starknet.cancellableAt(m);
      if (at !== undefined) await snCancel(world, f, m, at + op.offset);
      return;
    }
    case "snCancelAfterDelivery":
      await snCancelAfterDelivery(world, f);
      return;
    case "snUpdateState":
      await snUpdateState(world, f);
      return;
    case "relay":
      await world.relay({ cut: op.cut });
      return;
    case "relayAll":
      await world.relayAll();
      return;
    case "restartRelayer":
      await restart(world, f);
      return;
    case "time":
      await world.time.increase(op.seconds);
      return;
    case "mine":
      await world.mine(op.blocks);
      return;
    case "pause":
      f.userPaused.add(PAUSABLE[op.actor]);
      applyPauses(world, f);
      return;
    case "resume":
      f.userPaused.delete(PAUSABLE[op.actor]);
      applyPauses(world, f);
      return;
    case "hold": {
      const m = choose(
        messages.filter((x) => x.status === "ready" || x.status === "pending"),
        op.pick,
      );
      if (m !== undefined) world.faults.hold(m.id);
      return;
    }
    case "release":
      for (const m of messages) world.faults.release(m.id);
      return;
    case "rewindStart": {
      if (f.rewind !== undefined) return;
      const chain = REWINDABLE[op.chain];
      // Pause the actors that would carry this chain's blocks into another chain first, then read
      // what they already carried, then snapshot.
      f.rewind = { chain, snapshot: "", gateOpen: f.gateOpen };
      applyPauses(world, f);
      f.rewind.snapshot = await world.chain(chain).rpc<string>("evm_snapshot");
      tally(f, `rewind ${chain}`);
      return;
    }
    case "rewindEnd":
      await rewindEnd(world, f);
      return;
  }
}

/** Rewinds the open rewind's chain alone, behind the world's back, and lifts its pauses. */
export async function rewindEnd(world: World, f: Fixture): Promise<void> {
  if (f.rewind === undefined) return;
  const { chain, snapshot, gateOpen } = f.rewind;
  const reverted = await world
    .chain(chain)
    .rpc<boolean>("evm_revert", [snapshot]);
  if (!reverted) throw new Error(`evm_revert(${snapshot}) on ${chain} failed`);
  // The Gate lives on opB: its toggles since the snapshot are gone with the blocks that made them.
  if (chain === "opB") f.gateOpen = gateOpen;
  f.rewind = undefined;
  applyPauses(world, f);
}

/**
 * A relay of an OP message, by the relayer's helper or by a user's own
 * transaction, with the destination's next block at `at` (or now). Promised
 * when the registry says ready and the block is before the expiry; the target
 * decides the outcome of a promised relay: a Gate that is closed reverts it.
 */
async function opRelay(
  world: World,
  f: Fixture,
  m: Message | undefined,
  byUser: boolean,
  at: number | undefined,
): Promise<void> {
  if (m === undefined) return;
  const identifier = world.op.identifier(m);
  const latest = await world.time.latest();
  if (at !== undefined && at <= latest) return; // the world is already past that moment
  if (at !== undefined) await world.time.increaseTo(at - 1);
  // Never before the initiating block: the supervisor would call the message "in the future".
  const next = await pinNext(
    world,
    m.to,
    Math.max(at ?? 0, Number(identifier.timestamp)),
  );
  const expired = next >= world.op.expiresAt(m);
  const accepts =
    m.target.toLowerCase() !== f.gateAddress.toLowerCase() || f.gateOpen;
  const promise = m.status === "ready" && !expired;
  tally(
    f,
    `opRelay${at === undefined ? "" : ` at expiry${next - world.op.expiresAt(m)}`}${byUser ? " by a user" : ""}: ${promise ? "promised" : "not promised"}`,
  );
  const what = `${m.id} is ready per the registry and its destination's next block (${next}) is before its expiry (${world.op.expiresAt(m)})`;
  if (byUser) {
    const signer = await world.chain(m.to).ethers.getSigner(f.aliceAddress);
    const tx = world.op.relayTransaction(m);
    const outcome = await attempt(() => signer.sendTransaction(tx));
    if (promise && accepts)
      promised(outcome, `${what}: relayMessage by a user`);
    if (expired && outcome.ok)
      throw new Violation(
        `${m.id} was relayed at ${next}, at or after its expiry ${world.op.expiresAt(m)}`,
      );
    return;
  }
  const after = await world.op.relay(m);
  if (promise && accepts && after.status !== "relayed") {
    throw new Violation(
      `${what}: world.op.relay left it ${after.status}/${after.stage} (${after.error ?? "no error"})`,
    );
  }
  if (
    promise &&
    !accepts &&
    !(
      after.status === "failed" &&
      after.stage === "relay-reverted" &&
      (after.error ?? "").includes("GateClosed")
    )
  ) {
    throw new Violation(
      `${what} and its target (a closed Gate) reverts: world.op.relay left it ${after.status}/${after.stage} (${after.error ?? "no error"})`,
    );
  }
  if (expired && after.status === "relayed" && m.status !== "relayed") {
    throw new Violation(
      `${m.id} was relayed at ${next}, at or after its expiry ${world.op.expiresAt(m)}`,
    );
  }
}

/**
 * cancelL1ToL2Message, on L1's next block at `at` (or now). Promised when the
 * registry says the cancellation was requested and world.starknet.cancellableAt
 * says its delay has passed by that block; refused by the protocol before.
 */
async function snCancel(
  world: World,
  f: Fixture,
  m: Message,
  at: number | undefined,
): Promise<void> {
  if (at !== undefined && at <= (await world.time.latest())) at = undefined;
  const next =
    at === undefined
      ? await pendingTime(world, "l1")
      : await pinNext(world, "l1", at);
  const cancellableAt = await world.starknet.cancellableAt(m);
  const d = m.details as {
    toAddress: bigint;
    selector: bigint;
    payload: bigint[];
  };
  const core = world.chains.starknet.l1Contracts.StarknetCore.connect(f.alice);
  const outcome = await attempt(() =>
    core.cancelL1ToL2Message(d.toAddress, d.selector, d.payload, m.nonce),
  );
  const edge =
    at === undefined || cancellableAt === undefined
      ? ""
      : ` at cancellableAt${next >= cancellableAt ? "+" : ""}${next - cancellableAt}`;
  tally(f, `snCancel${edge}: ${outcome.ok ? "accepted" : "refused"}`);
  if (
    m.stage === "cancellation-requested" &&
    cancellableAt !== undefined &&
    cancellableAt <= next
  ) {
    promised(
      outcome,
      `${m.id} is cancellation-requested per the registry and cancellableAt (${cancellableAt}) ≤ the L1 block's time (${next}): cancelL1ToL2Message`,
    );
  }
  if (outcome.ok && cancellableAt !== undefined && next < cancellableAt) {
    throw new Violation(
      `${m.id} was cancelled at ${next}, before world.starknet.cancellableAt (${cancellableAt})`,
    );
  }
}

/** A deposit handled on L2, then its sender cancels it: start, five days, cancel (issue 12, defect 2). */
async function snCancelAfterDelivery(world: World, f: Fixture): Promise<void> {
  if (f.rewind !== undefined) return; // a manual delivery would carry L1 state to L2 during a rewind
  const core = world.chains.starknet.l1Contracts.StarknetCore.connect(f.alice);
  const sent = await attempt(() =>
    core.sendMessageToL2(f.handler, f.handlerSelector, [7n], { value: 1000n }),
  );
  promised(sent, "sendMessageToL2 with a fee in (0, 1 ether]");
  await world.refresh();
  const m = world
    .messages({ protocol: "starknet", from: "l1" })
    .find((x) => x.sourceTx === sent.hash);
  if (m === undefined)
    throw new Violation(
      `the deposit ${sent.hash} is not in world.messages() after refresh`,
    );
  await world.starknet.deliver(m);
  const d = m.details as {
    toAddress: bigint;
    selector: bigint;
    payload: bigint[];
  };
  promised(
    await attempt(() =>
      core.startL1ToL2MessageCancellation(
        d.toAddress,
        d.selector,
        d.payload,
        m.nonce,
      ),
    ),
    `${m.id} is pending on L1: startL1ToL2MessageCancellation`,
  );
  await world.time.increase(CANCELLATION_DELAY);
  tally(f, "snCancelAfterDelivery");
  await snCancel(world, f, world.message(m.id), undefined);
}

/**
 * world.starknet.updateState(): a helper either does what it says or throws
 * with the reason. When it returns, StarknetCore's state is at the block it names.
 */
async function snUpdateState(world: World, f: Fixture): Promise<void> {
  if (
    f.rewind !== undefined &&
    (f.rewind.chain === "starknet" || f.rewind.chain === "l1")
  )
    return; // would carry rewound blocks into L1
  const core = world.chains.starknet.l1Contracts.StarknetCore;
  const before = BigInt.asIntN(256, BigInt(await core.stateBlockNumber()));
  let update: { blockNumber: number } | undefined;
  try {
    update = await world.starknet.updateState();
  } catch (error) {
    tally(f, "snUpdateState: threw");
    if (!(error instanceof Error) || error.name !== "HardhatPluginError")
      throw error;
    return;
  }
  tally(f, "snUpdateState: returned");
  // updateState only ever moves the state forward (INVALID_NEW_BLOCK_NUMBER otherwise).
  const stored = BigInt.asIntN(256, BigInt(await core.stateBlockNumber()));
  if (stored !== BigInt(update.blockNumber) || stored <= before) {
    throw new Violation(
      `world.starknet.updateState() returned an update through block ${update.blockNumber}, but StarknetCore.stateBlockNumber() went ${before} → ${stored}: no update happened`,
    );
  }
}

/**
 * Mines L1 until a pending L1→L2 message has exactly its confirmations, or
 * one fewer, then runs one relay pass with the L1-writing actors held back
 * (so the pass itself mines no L1 block). One fewer: the sequencer must not
 * touch it; exactly: with no fault in its way, it must be delivered.
 */
async function confirmEdge(
  world: World,
  f: Fixture,
  protocol: "scroll" | "starknet",
  pick: number,
  offset: -1 | 0,
): Promise<void> {
  // A replayed Scroll message has older copies in the queue that are deeper than its latest one: the
  // sequencer may relay one of them, so the edge is measured only on messages with one copy.
  const candidates = world
    .messages({ protocol, from: "l1" })
    .filter(
      (m) =>
        m.stage === "awaiting-confirmations" &&
        ((m.details as { queueIndices?: number[] }).queueIndices?.length ??
          1) === 1,
    );
  const m = choose(candidates, pick);
  if (m === undefined) return;
  const needed =
    protocol === "scroll"
      ? world.config.scroll.l1Confirmations
      : world.config.starknet.l1Confirmations;
  const l1Block = (m.details as { l1Block: number }).l1Block;
  const depth = (await world.l1.blockNumber()) - l1Block;
  if (depth > needed + offset) return;
  await world.mine(needed + offset - depth);
  tally(
    f,
    `confirmEdge ${protocol} ${offset === 0 ? "at" : "one below"} the confirmations`,
  );
  const held = [
    "scroll:batcher",
    "scroll:prover",
    "starknet:state-updater",
  ] as const;
  for (const actor of held) world.faults.pause(actor);
  try {
    await world.relay();
  } finally {
    applyPauses(world, f);
  }
  const after = world.message(m.id);
  const sequencer =
    protocol === "scroll" ? "scroll:sequencer" : "starknet:sequencer";
  if (offset === -1 && after.stage !== "awaiting-confirmations") {
    throw new Violation(
      `${m.id} went ${after.status}/${after.stage} with ${needed - 1} L1 confirmations; it needs ${needed}`,
    );
  }
  // Queue entries before it are older, so deeper: only a paused sequencer or a held message stops it.
  const nothingInTheWay =
    free(world, sequencer) &&
    world
      .messages({ protocol, from: "l1" })
      .every((x) => !world.faults.isHeld(x.id));
  if (
    offset === 0 &&
    nothingInTheWay &&
    (after.stage === "awaiting-confirmations" || after.stage === "confirmed")
  ) {
    throw new Violation(
      `${m.id} has its ${needed} L1 confirmations and nothing holds the sequencer, yet one relay pass left it ${after.status}/${after.stage}`,
    );
  }
}

/**
 * Restarts the relayer from the chains alone and compares: one pass before
 * and one after, so both sides have seen the same chains; what the chains
 * show of each message must be the same, and no message may appear or vanish.
 */
async function restart(world: World, f: Fixture): Promise<void> {
  tally(f, "restartRelayer");
  await world.relay();
  const before = new Map(world.messages().map((m) => [m.id, m]));
  await world.restartRelayer();
  await world.relay();
  const after = new Map(world.messages().map((m) => [m.id, m]));
  const lost = [...before.keys()].filter((id) => !after.has(id));
  const found = [...after.keys()].filter((id) => !before.has(id));
  if (lost.length > 0 || found.length > 0) {
    throw new Violation(
      `restartRelayer: messages lost ${lost.join(", ") || "none"}, new ${found.join(", ") || "none"}`,
    );
  }
  for (const [id, b] of before) {
    const a = after.get(id)!;
    if (b.protocol === "op" && b.status === "relayed" && a.status !== "relayed")
      throw new Violation(
        `restartRelayer: ${id} was relayed, now ${a.status}/${a.stage}`,
      );
    if (b.protocol === "op") continue;
    // A skip only shows on the chains once a later queue index has been relayed on L2.
    if (b.stage === "skipped" && !laterRelayed(before, b)) continue;
    if (chainClass(b) !== chainClass(a)) {
      throw new Violation(
        `restartRelayer: ${id} was ${b.status}/${b.stage}, rebuilt from the chains it is ${a.status}/${a.stage}${a.error !== undefined ? ` (${a.error})` : ""}`,
      );
    }
  }
}

function laterRelayed(
  messages: Map<string, Message>,
  skipped: Message,
): boolean {
  const last = Math.max(
    ...(skipped.details as { queueIndices: number[] }).queueIndices,
  );
  return [...messages.values()].some(
    (m) =>
      m.protocol === "scroll" &&
      (m.details as { direction?: string }).direction === "l1-l2" &&
      (m.stage === "relayed" || m.stage === "relay-failed") &&
      (m.details as { queueIndices: number[] }).queueIndices.some(
        (q) => q > last,
      ),
  );
}

/** Names a step for the trail printed on failure. */
export function label(op: Op): string {
  return JSON.stringify(op);
}
