/**
 * Withdrawals read from the chains: the L2ToL1MessagePasser's `MessagePassed` on an OP chain is a new
 * withdrawal; on the L1 the portal's `WithdrawalProvenExtension1` and `WithdrawalFinalized` and the
 * L1CrossDomainMessenger's `RelayedMessage` / `FailedRelayedMessage` move it. `refreshWithdrawals` turns a
 * proven withdrawal finalizable once the L1's clock has passed its `finalizableAt`.
 */
import type {
  OpDisputeGame,
  OpWithdrawal,
  OpWithdrawalDetails,
} from "./details.js";
import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type { RpcLog } from "../types.js";

import { AbiCoder, dataSlice, getAddress } from "ethers";

import {
  L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  opL1Addresses,
} from "./codec/bedrock-addresses.js";
import {
  CDM_FAILED_RELAYED_MESSAGE_TOPIC,
  CDM_RELAYED_MESSAGE_TOPIC,
  DISPUTE_GAME_CREATED_TOPIC,
  WITHDRAWAL_FINALIZED_TOPIC,
  WITHDRAWAL_PROVEN_EXTENSION1_TOPIC,
  decodeMessagePassed,
  decodeRelayMessage,
} from "./codec/bedrock.js";
import { chainsByPortal } from "./deposits.js";
import { isWithdrawal } from "./details.js";

/** The chain's list of withdrawals waiting for a game (created empty on first use). */
function awaiting(state: OpRelayState, chain: Chain): string[] {
  let list = state.awaitingProposal.get(chain.name);
  if (list === undefined) {
    list = [];
    state.awaitingProposal.set(chain.name, list);
  }
  return list;
}

/** Turns the message passer's `MessagePassed` logs of OP chain `chain` into withdrawals. */
export async function readWithdrawals(
  world: World,
  state: OpRelayState,
  chain: Chain,
  logs: RpcLog[],
): Promise<void> {
  const l1Messenger = opL1Addresses(chain.chainId).L1CrossDomainMessenger;
  for (const log of logs) {
    const { withdrawal, withdrawalHash } = decodeMessagePassed(log);
    const id = `op:withdrawal:${withdrawalHash.toLowerCase()}`;
    if (world.registry.get(id, "op") !== undefined) continue;
    const messenger =
      getAddress(withdrawal.sender) ===
        getAddress(L2_CROSS_DOMAIN_MESSENGER_ADDRESS) &&
      withdrawal.target === l1Messenger
        ? decodeRelayMessage(withdrawal.data)
        : undefined;
    const l2Block = Number(log.blockNumber);
    const details: OpWithdrawalDetails = {
      direction: "l2-l1",
      withdrawal,
      withdrawalHash,
      l2Block,
    };
    if (messenger !== undefined) details.messenger = messenger;
    const sentAt =
      log.blockTimestamp !== undefined
        ? Number(log.blockTimestamp)
        : Number((await chain.block(l2Block)).timestamp);
    const message: OpWithdrawal = {
      id,
      protocol: "op",
      from: chain.name,
      to: world.l1.name,
      sender: messenger?.sender ?? withdrawal.sender,
      target: messenger?.target ?? withdrawal.target,
      value: messenger?.value ?? withdrawal.value,
      data: messenger?.message ?? withdrawal.data,
      nonce: messenger?.nonce ?? withdrawal.nonce,
      hash: messenger?.hash ?? withdrawalHash,
      status: "pending",
      stage: "awaiting-proposal",
      sourceTx: log.transactionHash,
      sourceBlock: l2Block,
      sentAt,
      details,
    };
    state.withdrawals.set(withdrawalHash.toLowerCase(), id);
    if (messenger !== undefined)
      state.messengerHashes.set(`${world.l1.name}:${messenger.hash}`, id);
    const game = state.games.get(chain.name);
    if (game !== undefined && game.l2BlockNumber >= l2Block) {
      message.status = "ready";
      message.stage = "provable";
      details.game = game;
    } else {
      awaiting(state, chain).push(id);
    }
    world.registry.add(message);
  }
}

/** Gives the withdrawals of `chain` that `game` covers their game: they become provable. */
export function onGameCreated(
  world: World,
  state: OpRelayState,
  chain: Chain,
  game: OpDisputeGame,
): void {
  state.games.set(chain.name, game);
  const waiting = awaiting(state, chain);
  const still: string[] = [];
  for (const id of waiting) {
    const message = world.registry.get(id, "op");
    if (message === undefined || !isWithdrawal(message)) continue;
    if (message.details.l2Block > game.l2BlockNumber) {
      still.push(id);
      continue;
    }
    message.details.game = game;
    if (message.stage === "awaiting-proposal")
      world.registry.update(message, "ready", "provable");
  }
  state.awaitingProposal.set(chain.name, still);
}

/**
 * A game read from the factory's log (the proposer of this world, or of the xdm:node a world attached to,
 * created it): withdrawals its block covers become provable.
 */
async function onGameLog(
  world: World,
  state: OpRelayState,
  chain: Chain,
  log: RpcLog,
): Promise<void> {
  const address = getAddress(dataSlice(log.topics[1], 12));
  const known = state.games.get(chain.name);
  if (known !== undefined && getAddress(known.address) === address) return;
  const factory = chain.l1Contracts.DisputeGameFactory;
  const game = await world.l1.ethers.getContractAt(
    [
      "function l2BlockNumber() view returns (uint256)",
      "function createdAt() view returns (uint64)",
    ],
    address,
  );
  let index = Number(await factory.gameCount()) - 1;
  while (
    index >= 0 &&
    getAddress((await factory.gameAtIndex(index))[2]) !== address
  )
    index -= 1;
  if (index < 0) return;
  const l2BlockNumber = Number(await game.getFunction("l2BlockNumber")());
  if (known !== undefined && known.l2BlockNumber >= l2BlockNumber) return;
  onGameCreated(world, state, chain, {
    index,
    address,
    l2BlockNumber,
    rootClaim: log.topics[3],
    createdAt: Number(await game.getFunction("createdAt")()),
  });
}

/** The withdrawal with hash `hash`, if the world knows it. */
function withdrawalOf(
  world: World,
  state: OpRelayState,
  hash: string | undefined,
): OpWithdrawal | undefined {
  const id =
    hash === undefined ? undefined : state.withdrawals.get(hash.toLowerCase());
  const message = id === undefined ? undefined : world.registry.get(id, "op");
  return message !== undefined && isWithdrawal(message) ? message : undefined;
}

/** Reads the portals' proof and finalization logs and the L1 messengers' relay logs. */
export async function readL1WithdrawalLogs(
  world: World,
  state: OpRelayState,
  logs: RpcLog[],
): Promise<void> {
  const portals = chainsByPortal(world);
  const factories = new Map(
    [...portals.values()].map((chain) => [
      opL1Addresses(chain.chainId).DisputeGameFactory.toLowerCase(),
      chain,
    ]),
  );
  for (const log of logs) {
    const topic = log.topics[0];
    if (topic === DISPUTE_GAME_CREATED_TOPIC) {
      const chain = factories.get(log.address.toLowerCase());
      if (chain !== undefined) await onGameLog(world, state, chain, log);
    } else if (topic === WITHDRAWAL_PROVEN_EXTENSION1_TOPIC) {
      const message = withdrawalOf(world, state, log.topics[1]);
      const chain = portals.get(log.address.toLowerCase());
      if (message === undefined || chain === undefined) continue;
      await onProven(world, chain, message, log);
    } else if (topic === WITHDRAWAL_FINALIZED_TOPIC) {
      const message = withdrawalOf(world, state, log.topics[1]);
      if (message === undefined) continue;
      const [success] = AbiCoder.defaultAbiCoder().decode(
        ["bool"],
        log.data,
      ) as unknown as [boolean];
      message.destinationTx = log.transactionHash;
      if (message.status === "relayed" || message.stage === "message-failed")
        continue;
      if (success) {
        world.registry.update(message, "relayed", "relayed", {
          error: undefined,
        });
      } else {
        world.registry.update(message, "failed", "call-failed", {
          error: `finalized, but the call to ${message.target} reverted: the withdrawal is consumed and cannot be finalized again`,
        });
      }
    } else if (
      topic === CDM_RELAYED_MESSAGE_TOPIC ||
      topic === CDM_FAILED_RELAYED_MESSAGE_TOPIC
    ) {
      const id = state.messengerHashes.get(
        `${world.l1.name}:${log.topics[1]?.toLowerCase()}`,
      );
      const message =
        id === undefined ? undefined : world.registry.get(id, "op");
      if (message === undefined || !isWithdrawal(message)) continue;
      if (topic === CDM_RELAYED_MESSAGE_TOPIC) {
        world.registry.update(message, "relayed", "relayed", {
          destinationTx: log.transactionHash,
          error: undefined,
        });
      } else if (message.status !== "relayed") {
        world.registry.update(message, "failed", "message-failed", {
          destinationTx: log.transactionHash,
          error: `the call to ${message.target} failed and the L1CrossDomainMessenger kept the message: anyone may relay it again with relayMessage on ${world.l1.name}`,
        });
      }
    }
  }
}

/** A proof on the L1: the withdrawal is proven against its game, finalizable at `finalizableAt`. */
async function onProven(
  world: World,
  chain: Chain,
  message: OpWithdrawal,
  log: RpcLog,
): Promise<void> {
  if (message.status === "relayed" || message.status === "failed") return;
  const submitter = getAddress(dataSlice(log.topics[2], 12));
  const portal = chain.l1Contracts.OptimismPortal;
  const [gameAddress, provenAt] = await portal.provenWithdrawals(
    message.details.withdrawalHash,
    submitter,
  );
  const settings = world.config.op;
  const game = message.details.game;
  const createdAt =
    game !== undefined && getAddress(game.address) === getAddress(gameAddress)
      ? game.createdAt
      : Number(
          await (
            await world.l1.ethers.getContractAt(
              ["function createdAt() view returns (uint64)"],
              gameAddress,
            )
          ).getFunction("createdAt")(),
        );
  message.details.proofSubmitter = submitter;
  message.details.provenAt = Number(provenAt);
  // Both checks are strict (`>`): the first second that passes is one past each delay.
  message.details.finalizableAt = Math.max(
    Number(provenAt) + settings.proofMaturityDelaySeconds + 1,
    createdAt +
      settings.maxClockDuration +
      settings.disputeGameFinalityDelaySeconds +
      1,
  );
  world.registry.update(message, "pending", "proven", { error: undefined });
}

/** Proven withdrawals whose time has come (the L1's latest block is past `finalizableAt`) become finalizable. */
export async function refreshWithdrawals(world: World): Promise<number> {
  const proven = world.registry
    .list({ protocol: "op", status: "pending", stage: "proven" })
    .filter(isWithdrawal);
  if (proven.length === 0) return 0;
  const now = await world.l1.timestamp();
  let moved = 0;
  for (const message of proven) {
    // The next L1 block is at least one second later than the latest.
    if (now + 1 >= (message.details.finalizableAt ?? Infinity)) {
      world.registry.update(message, "ready", "finalizable");
      moved += 1;
    }
  }
  return moved;
}
