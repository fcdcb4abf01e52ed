/**
 * `world.op.proof(m)`, `world.op.prove(m)` and `world.op.finalize(m)`: the L1 side of a withdrawal, as a
 * user (or viem's buildProveWithdrawal / proveWithdrawal / finalizeWithdrawal) does it. Sent from an
 * account the L1 node signs for (its first account unless `from` is given); the receipt's logs are read
 * at once, so the message's stage has moved when the call returns.
 */
import type { OutputRootProof, Withdrawal } from "./codec/bedrock.js";
import type { OpWithdrawal } from "./details.js";
import type { RpcReceipt } from "../../chain.js";
import type { Message } from "../../messages.js";
import type { World } from "../../world.js";

import { sendActorTransaction } from "../../actor-transaction.js";
import { isMessageOf } from "../../messages.js";

import { outputRootAt, withdrawalProofAt } from "./codec/withdrawal-proof.js";
import { isWithdrawal } from "./details.js";
import { fail } from "./fail.js";

/** What `proveWithdrawalTransaction` takes for a withdrawal. */
export interface WithdrawalProof {
  withdrawal: Withdrawal;
  disputeGameIndex: number;
  outputRootProof: OutputRootProof;
  withdrawalProof: string[];
}

/** The withdrawal `messageOrId` names, or a HardhatPluginError saying what it is instead. */
export function withdrawalMessage(
  world: World,
  messageOrId: Message | string,
): OpWithdrawal {
  const id = typeof messageOrId === "string" ? messageOrId : messageOrId.id;
  const message = world.registry.require(id);
  if (!isMessageOf(message, "op") || !isWithdrawal(message))
    fail(
      `Message ${id} is not an OP withdrawal (an L2ToL1MessagePasser message to the L1).`,
    );
  return message;
}

/** The proof of a withdrawal against the game that covers its block. */
export async function withdrawalProof(
  world: World,
  messageOrId: Message | string,
): Promise<WithdrawalProof> {
  const message = withdrawalMessage(world, messageOrId);
  const game = message.details.game;
  if (game === undefined)
    fail(
      `Withdrawal ${message.id} waits for the proposer: no dispute game covers ${message.from} block ${message.details.l2Block} yet. Run world.relayAll() (the proposer acts in clock passes).`,
    );
  const chain = world.chain(message.from);
  const [{ proof: outputRootProof, root }, { proof }] = await Promise.all([
    outputRootAt(chain, game.l2BlockNumber),
    withdrawalProofAt(
      chain,
      message.details.withdrawalHash,
      game.l2BlockNumber,
    ),
  ]);
  if (root !== game.rootClaim)
    fail(
      `${message.from} block ${game.l2BlockNumber} now has output root ${root}, not the ${game.rootClaim} game ${game.index} claims: the chain was rewound under the game.`,
    );
  return {
    withdrawal: structuredClone(message.details.withdrawal),
    disputeGameIndex: game.index,
    outputRootProof,
    withdrawalProof: proof,
  };
}

/** The account that sends for the user: `from`, or the L1 node's first account. */
async function sender(world: World, from: string | undefined): Promise<string> {
  if (from !== undefined) return from;
  const [first] = await world.l1.rpc<string[]>("eth_accounts");
  if (first === undefined)
    fail(
      `The L1 node signs for no account: pass { from } to world.op.prove / world.op.finalize.`,
    );
  return first;
}

/** Sends `data` to the withdrawal's portal and reads the receipt's logs; a revert throws its reason. */
async function sendToPortal(
  world: World,
  message: OpWithdrawal,
  from: string,
  data: string,
  gas: bigint | undefined,
  what: string,
): Promise<RpcReceipt> {
  const portal = world.chain(message.from).l1Contracts.OptimismPortal;
  const outcome = await sendActorTransaction(world, world.l1, {
    from,
    to: await portal.getAddress(),
    data,
    gas,
  });
  if (outcome.kind !== "mined")
    fail(
      `${what} of withdrawal ${message.id} failed: ${outcome.reason}`,
      outcome.error,
    );
  await world.ingest(world.l1, outcome.receipt.logs);
  return outcome.receipt;
}

/** Proves the withdrawal on L1 with `proveWithdrawalTransaction`. */
export async function proveWithdrawal(
  world: World,
  messageOrId: Message | string,
  options: { from?: string } = {},
): Promise<RpcReceipt> {
  const message = withdrawalMessage(world, messageOrId);
  const proof = await withdrawalProof(world, message);
  const portal = world.chain(message.from).l1Contracts.OptimismPortal;
  const data = portal.interface.encodeFunctionData(
    "proveWithdrawalTransaction",
    [
      proof.withdrawal,
      proof.disputeGameIndex,
      proof.outputRootProof,
      proof.withdrawalProof,
    ],
  );
  return await sendToPortal(
    world,
    message,
    await sender(world, options.from),
    data,
    1_500_000n,
    "Proving",
  );
}

/**
 * Finalizes the withdrawal on L1: `finalizeWithdrawalTransaction` from its proof submitter, else
 * `finalizeWithdrawalTransactionExternalProof` naming the submitter. The gas covers the withdrawal's gas
 * limit (a finalization with too little gas for the call would consume the withdrawal).
 */
export async function finalizeWithdrawal(
  world: World,
  messageOrId: Message | string,
  options: { from?: string } = {},
): Promise<RpcReceipt> {
  const message = withdrawalMessage(world, messageOrId);
  const submitter = message.details.proofSubmitter;
  if (submitter === undefined)
    fail(
      `Withdrawal ${message.id} is not proven yet (stage ${message.stage}): world.op.prove it first.`,
    );
  const from = await sender(world, options.from ?? submitter);
  const portal = world.chain(message.from).l1Contracts.OptimismPortal;
  const data =
    from.toLowerCase() === submitter.toLowerCase()
      ? portal.interface.encodeFunctionData("finalizeWithdrawalTransaction", [
          message.details.withdrawal,
        ])
      : portal.interface.encodeFunctionData(
          "finalizeWithdrawalTransactionExternalProof",
          [message.details.withdrawal, submitter],
        );
  const gas =
    300_000n + (message.details.withdrawal.gasLimit * 64n) / 63n + 40_000n;
  return await sendToPortal(world, message, from, data, gas, "Finalizing");
}
