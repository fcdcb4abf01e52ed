/**
 * How an actor's transaction ended, told the same way for every protocol: mined, reverted (with the
 * decoded reason, thrown by the node or mined with status 0), lost in transport, or refused by the
 * node; and the count of sends lost in a row after which an actor gives up. What an actor does with
 * each outcome (send again, record it on the message, throw) is its protocol's policy, in its actor files.
 */
import type { Chain, RpcReceipt, TxFields } from "./chain.js";
import type { World } from "./world.js";

import { toQuantity } from "ethers";
import { HardhatPluginError } from "hardhat/plugins";

import { PLUGIN_ID } from "./constants.js";
import { errorStringOf, revertDataOf } from "./revert-decoder.js";
import { errorChain, isTransportError } from "./transport-error.js";

/** How a send that did not mine successfully failed. */
export type ActorTxFailure =
  | {
      kind: "reverted";
      /**
       * Readable: the decoded revert data (`reverted: "ONLY_OPERATOR"`, `InvalidProof()`), else the
       * node's own words; for a transaction the node mined with status 0 instead of throwing,
       * `transaction <hash> reverted` followed by ` with <decoded>` when replaying it gave revert data.
       */
      reason: string;
      /** The revert data, from the node's error or from the replay of a mined transaction. */
      revertData?: string;
      /** The `Error(string)` text of the revert data, if it is one: the refusal a contract words. */
      refusal?: string;
      /** The reverted transaction, when the node mined it (named in its error, or in its receipt). */
      transactionHash?: string;
      /** The receipt, when the node mined the transaction with status 0 instead of throwing. */
      receipt?: RpcReceipt;
      error: Error;
    }
  /** No answer: the request or its answer was lost, and nothing says whether it was mined. */
  | { kind: "transport"; reason: string; error: Error }
  /** The node answered with an error that is not a revert (an unfunded sender, an unknown account, a gate). */
  | { kind: "refused"; reason: string; error: Error };

/** How an actor's transaction ended. */
export type ActorTxOutcome =
  { kind: "mined"; receipt: RpcReceipt } | ActorTxFailure;

/** What reading a revert needs of the world. */
type RevertReader = Pick<World, "describeRevert">;

/**
 * Sends an actor's transaction (an account the node signs for) and waits for its receipt. Without
 * `gas` it carries the chain's per-transaction cap instead of an estimate: batches and state updates
 * run to millions of gas, and a sender pays for the gas used, not the limit.
 */
export async function sendActorTransaction(
  world: RevertReader,
  chain: Chain,
  tx: TxFields,
): Promise<ActorTxOutcome> {
  let sent: TxFields;
  let receipt: RpcReceipt;
  try {
    sent = { ...tx, gas: tx.gas ?? (await chain.maxTransactionGas()) };
    receipt = await chain.send(sent);
  } catch (error) {
    return await actorTxFailure(world, error);
  }
  if (receipt.status === "0x1") return { kind: "mined", receipt };
  return await minedRevert(world, chain, sent, receipt);
}

/** How a send (or the estimate before it) failed, from the error the node or the transport threw. */
export async function actorTxFailure(
  world: RevertReader,
  error: unknown,
): Promise<ActorTxFailure> {
  const cause = asError(error);
  const reason = firstLine(error);
  if (isTransportError(error))
    return { kind: "transport", reason, error: cause };
  const revertData = revertDataOf(error);
  const transactionHash = minedHashOf(error);
  if (revertData !== undefined)
    return {
      kind: "reverted",
      reason: await world.describeRevert(revertData),
      revertData,
      refusal: errorStringOf(revertData),
      transactionHash,
      error: cause,
    };
  if (transactionHash !== undefined || isRevert(error))
    return { kind: "reverted", reason, transactionHash, error: cause };
  return { kind: "refused", reason, error: cause };
}

/**
 * A transaction the node mined with status 0 (a node with `throwOnTransactionFailures: false`, one
 * mined later under interval mining, or one of a block an actor held and mined): its revert data is
 * read from its own trace, which runs it on the state the block's earlier transactions left, so the
 * actor reads the reason a throwing node would have named. A node without `debug_traceTransaction`
 * gets the same call replayed on the block's parent state instead (exact when it is alone in its
 * block). A trace or replay with no data (an out-of-gas revert) gives the hash alone as the reason.
 */
export async function minedRevert(
  world: RevertReader,
  chain: Chain,
  tx: TxFields,
  receipt: RpcReceipt,
): Promise<Extract<ActorTxFailure, { kind: "reverted" }>> {
  const traced = await tracedRevert(chain, receipt.transactionHash);
  const revertData =
    traced !== undefined
      ? traced.revertData
      : await replayedRevertData(chain, tx, receipt);
  const reverted = `transaction ${receipt.transactionHash} reverted`;
  return {
    kind: "reverted",
    reason:
      revertData !== undefined
        ? `${reverted} with ${await world.describeRevert(revertData)}`
        : reverted,
    revertData,
    refusal: errorStringOf(revertData),
    transactionHash: receipt.transactionHash,
    receipt,
    error: Object.assign(new Error(reverted), { data: revertData }),
  };
}

/**
 * The revert data of a mined transaction, from its call trace (the top call's output; none for an
 * out-of-gas revert), or undefined when the node cannot trace it.
 */
async function tracedRevert(
  chain: Chain,
  hash: string,
): Promise<{ revertData?: string } | undefined> {
  let trace: { output?: unknown };
  try {
    trace = await chain.rpc<{ output?: unknown }>("debug_traceTransaction", [
      hash,
      { tracer: "callTracer", tracerConfig: { onlyTopCall: true } },
    ]);
  } catch {
    return undefined;
  }
  return typeof trace.output === "string" && trace.output !== "0x"
    ? { revertData: trace.output }
    : {};
}

/** The revert data of the same call on the state before the transaction's block, if it reverts with any. */
async function replayedRevertData(
  chain: Chain,
  tx: TxFields,
  receipt: RpcReceipt,
): Promise<string | undefined> {
  const call: Record<string, unknown> = { from: tx.from, to: tx.to };
  if (tx.data !== undefined) call.data = tx.data;
  if (tx.value !== undefined) call.value = toQuantity(tx.value);
  if (tx.gas !== undefined) call.gas = toQuantity(tx.gas);
  if (tx.accessList !== undefined) call.accessList = tx.accessList;
  const replay = await chain
    .rpc("eth_call", [call, toQuantity(Number(receipt.blockNumber) - 1)])
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  return revertDataOf(replay);
}

/**
 * Whether `error` says the node mined (or, for a call, ran) the transaction and it reverted: it carries
 * revert data, or the node's message says so (an out-of-gas revert carries no data).
 */
function isRevert(error: unknown): boolean {
  if (revertDataOf(error) !== undefined) return true;
  for (const e of errorChain(error)) {
    if (
      typeof e.message === "string" &&
      /reverted|ran out of gas|out of gas|invalid opcode/i.test(e.message)
    )
      return true;
  }
  return false;
}

/** Sends an actor may lose in transport in a row before it gives up: the node is gone, not hiccuping. */
export const MAX_LOST_SENDS = 5;

/**
 * Counts one more send lost in transport in `holder.lostSends` (a send that got an answer sets it back
 * to 0). The MAX_LOST_SENDS-th in a row throws a HardhatPluginError with `giveUp`'s words (given the
 * first line of the transport error) and that error as its cause, and the count starts again, so the
 * next relay tries as many times again.
 */
export function countLostSend(
  holder: { lostSends?: number },
  error: unknown,
  giveUp: (why: string) => string,
): void {
  holder.lostSends = (holder.lostSends ?? 0) + 1;
  if (holder.lostSends < MAX_LOST_SENDS) return;
  holder.lostSends = 0;
  throw new HardhatPluginError(
    PLUGIN_ID,
    giveUp(firstLine(error)),
    error instanceof Error ? error : undefined,
  );
}

/** The first line of an error's message: the node's reason without its stack or call details. */
export function firstLine(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error).split("\n")[0];
}

/** The hash of the transaction a node's error says it mined (EDR names a failed transaction's hash). */
function minedHashOf(error: unknown): string | undefined {
  for (const e of errorChain(error)) {
    const hash =
      e.transactionHash ??
      (e.data as { transactionHash?: unknown } | undefined)?.transactionHash;
    if (typeof hash === "string") return hash;
  }
  return undefined;
}

/** `error` itself when it is an Error; otherwise an Error that keeps it as its cause (revert data, codes). */
function asError(error: unknown): Error {
  return error instanceof Error
    ? error
    : new Error(firstLine(error), { cause: error });
}
