import type { AdvanceOptions } from "../../types.js";
import type { StarknetContext } from "../context.js";
import type { ClosedUpdate, StarknetInstance } from "../instance.js";

import { toBeHex } from "ethers";

import { sendActorTransaction } from "../../../actor-transaction.js";
import { l1Outcomes, sentBlock, storedBlockNumber } from "../chain-reads.js";
import { FIELD_PRIME, mask250 } from "../codec/felt.js";
import {
  CONFIG_HASH,
  PROGRAM_HASH,
  buildProgramOutput,
  sharpFact,
  stateTransitionFact,
} from "../codec/program-output.js";
import { fail } from "../context.js";

import { registerFact } from "./prover.js";

/** Most program-output words in one update: its updateState must fit one L1 transaction (project). */
const MAX_OUTPUT_WORDS = 6_000;
/** Most messages in one update: each costs updateState about 28k gas (bench), so 400 stay near 11M (project). */
const MAX_UPDATE_MESSAGES = 400;

const word = (value: bigint): string => toBeHex(value, 32);

/**
 * The state updater, mock prover and operator: closes the L2 blocks since the
 * last update into a program output, registers its fact, then submits it.
 */
export async function runStateUpdater(
  ctx: StarknetContext,
  instance: StarknetInstance,
  options: AdvanceOptions,
  force: boolean,
): Promise<number> {
  let actions = 0;
  const state = instance.state;
  if (state.closed === undefined) {
    const due =
      force ||
      ((options.clock || options.cut === true) &&
        state.forNextUpdate.length > 0);
    if (!due) return 0;
    const closed = await close(ctx, instance);
    if (closed === undefined) return 1; // the prover's registration got no answer: closed again next pass
    state.closed = closed;
    actions += 1;
  }
  const closed = state.closed;
  const proofDelay = force ? 0 : ctx.world.config.starknet.proofDelay;
  const now = Number((await ctx.world.l1.block("pending")).timestamp);
  if (now < closed.closedAt + proofDelay) {
    if (!options.clock) return actions;
    await ctx.world.time.increaseTo(closed.closedAt + proofDelay);
    actions += 1;
  }
  await submit(ctx, instance, closed);
  return actions + 1;
}

/**
 * The operator's updateState of `closed`. Returns whether it is on L1 now; throws on a failure the
 * protocol does not define. The refusals it defines are retried: "NO_STATE_TRANSITION_PROOF" (the
 * prover registered no fact for this output: closed and proven again) and "INVALID_MESSAGE_TO_CONSUME"
 * when an L1→L2 message of the output was cancelled after it was closed (closed again without it). A
 * transport error is retried after reading from the chain whether the update landed.
 */
export async function submit(
  ctx: StarknetContext,
  instance: StarknetInstance,
  closed: ClosedUpdate,
): Promise<boolean> {
  const state = instance.state;
  const l1 = ctx.world.l1;
  if (
    closed.unanswered !== undefined &&
    (await storedBlockNumber(ctx, instance)) >= BigInt(closed.toBlock)
  ) {
    // The unanswered updateState was mined: the L1 scan reads its logs.
    updated(instance, closed);
    return true;
  }
  const outcome = await sendActorTransaction(ctx.world, l1, {
    from: ctx.actors.sequencer,
    to: instance.core,
    data: ctx.core.encodeFunctionData("updateState", [closed.output, 0, 0]),
  });
  if (outcome.kind === "mined") {
    updated(instance, closed);
    await ctx.world.ingest(l1, outcome.receipt.logs);
    return true;
  }
  if (outcome.kind === "transport") {
    closed.unanswered = outcome.reason;
    ctx.lastError = `StarkNet operator: updateState through L2 block ${closed.toBlock} got no answer from ${l1.name} (${outcome.reason}); it is tried again next pass`;
    return false;
  }
  if (
    outcome.kind === "reverted" &&
    outcome.refusal === "NO_STATE_TRANSITION_PROOF"
  ) {
    // A failing prover (fault injection): close and prove the range again next pass.
    ctx.lastError = `StarkNet operator: updateState through L2 block ${closed.toBlock} on ${l1.name} failed: ${outcome.reason}`;
    state.closed = undefined;
    return false;
  }
  if (
    outcome.kind === "reverted" &&
    outcome.refusal === "INVALID_MESSAGE_TO_CONSUME" &&
    closed.l1ToL2.length > 0
  ) {
    const outcomes = await l1Outcomes(
      ctx,
      instance,
      Math.min(
        ...closed.l1ToL2.map((nonce) => sentBlock(ctx, instance, nonce)),
      ),
    );
    if (closed.l1ToL2.some((nonce) => outcomes.notPending.has(nonce))) {
      ctx.lastError = `StarkNet operator: an L1→L2 message of the update through L2 block ${closed.toBlock} was cancelled on L1 after the update was closed; it is closed again without it`;
      state.closed = undefined;
      return false;
    }
  }
  fail(
    `StarkNet operator: updateState through L2 block ${closed.toBlock} on ${l1.name} failed: ${outcome.reason}`,
    outcome.error,
  );
}

/** Records a state update through `closed.toBlock` as on L1. */
function updated(instance: StarknetInstance, closed: ClosedUpdate): void {
  const state = instance.state;
  state.lastUpdated = closed.toBlock;
  state.forNextUpdate = state.forNextUpdate.filter(
    (carried) => carried.block > closed.toBlock,
  );
  state.closed = undefined;
}

/**
 * Closes the L2 blocks since the last update into a program output and has the mock prover register
 * its fact; undefined when the registration got no answer (closed again next pass).
 */
export async function close(
  ctx: StarknetContext,
  instance: StarknetInstance,
): Promise<ClosedUpdate | undefined> {
  const l1 = ctx.world.l1;
  const l2 = instance.chain;
  const call = async (fn: string) =>
    BigInt(
      await l1.rpc<string>("eth_call", [
        { to: instance.core, data: ctx.core.encodeFunctionData(fn, []) },
        "latest",
      ]),
    );
  const [root, number, hash] = await Promise.all([
    call("stateRoot"),
    call("stateBlockNumber"),
    call("stateBlockHash"),
  ]);
  // The range ends at the L2 head, or earlier when its messages would not fit one updateState.
  let toBlock = await l2.blockNumber();
  const pending = instance.state.forNextUpdate
    .filter((carried) => carried.block <= toBlock)
    .sort(
      (earlier, later) =>
        earlier.block - later.block || earlier.logIndex - later.logIndex,
    );
  let words = 12;
  for (let i = 0; i < pending.length; i++) {
    const next = pending[i];
    words += (next.kind === "l2-l1" ? 3 : 5) + next.payload.length;
    // Both the calldata and the per-message work of updateState must fit one L1 transaction.
    if (
      (words > MAX_OUTPUT_WORDS || i >= MAX_UPDATE_MESSAGES) &&
      i > 0 &&
      pending[i - 1].block < next.block
    ) {
      toBlock = pending[i - 1].block;
      break;
    }
  }
  const head = await l2.block(toBlock);
  let carried = pending.filter((message) => message.block <= toBlock);
  // A handled message that StarknetCore no longer holds was cancelled on L1 after its l1 handler ran (the
  // clock passed the cancellation delay before a state update consumed it: on StarkNet, proving takes
  // hours and the delay is days). The real OS would put it in the output and updateState would revert
  // INVALID_MESSAGE_TO_CONSUME for good; here the output leaves it out, the message shows the double
  // spend (failed, cancelled-after-handling) and every other message keeps moving.
  const handled = carried.flatMap((message) =>
    message.kind === "l1-l2" ? [message] : [],
  );
  if (handled.length > 0) {
    const outcomes = await l1Outcomes(
      ctx,
      instance,
      Math.min(
        ...handled.map((message) => sentBlock(ctx, instance, message.nonce)),
      ),
    );
    carried = carried.filter(
      (message) =>
        message.kind !== "l1-l2" || !outcomes.notPending.has(message.nonce),
    );
  }
  const prevNumber = BigInt.asIntN(256, number);
  const l1ToL2 = carried.flatMap((message) =>
    message.kind === "l1-l2"
      ? [
          {
            from: message.from,
            to: message.to,
            nonce: message.nonce,
            selector: message.selector,
            payload: message.payload,
          },
        ]
      : [],
  );
  const output = buildProgramOutput({
    prevRoot: root,
    newRoot: mask250(head.stateRoot),
    prevBlockNumber: prevNumber < 0n ? FIELD_PRIME + prevNumber : prevNumber,
    newBlockNumber: BigInt(toBlock),
    prevBlockHash: hash,
    newBlockHash: mask250(head.hash),
    configHash: CONFIG_HASH,
    l2ToL1: carried
      .filter((message) => message.kind === "l2-l1")
      .map((message) => ({
        from: message.from,
        to: message.to,
        payload: message.payload,
      })),
    l1ToL2,
  });
  const fact = sharpFact(PROGRAM_HASH, stateTransitionFact(output, 0n, 0n));
  if (!(await registerFact(ctx, instance, output, fact))) return undefined;
  return {
    output: output.map((value) => word(value)),
    toBlock,
    closedAt: Number((await l1.block("latest")).timestamp),
    fact,
    l1ToL2: l1ToL2.map((message) => message.nonce),
  };
}
