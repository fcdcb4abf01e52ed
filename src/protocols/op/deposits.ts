/**
 * Deposits read from the chains: each OP chain's portal logs `TransactionDeposited` on the L1, which
 * becomes a deposit message in the registry and a place in that chain's sequencer queue; the
 * L2CrossDomainMessenger's `RelayedMessage` / `FailedRelayedMessage` on the OP chain settle the
 * messenger messages deposits carry (the first relay by the sequencer, or a replay by anyone).
 */
import type { OpDeposit, OpDepositDetails } from "./details.js";
import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type { RpcLog } from "../types.js";

import { ZeroAddress, getAddress } from "ethers";

import {
  L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  opL1Addresses,
  undoL1ToL2Alias,
} from "./codec/bedrock-addresses.js";
import {
  CDM_FAILED_RELAYED_MESSAGE_TOPIC,
  CDM_RELAYED_MESSAGE_TOPIC,
  decodeRelayMessage,
  decodeTransactionDeposited,
  depositTransactionHash,
} from "./codec/bedrock.js";
import { isDeposit } from "./details.js";

/** The OP chains of `world`, by the address of their portal on the L1 (lower case). */
export function chainsByPortal(world: World): Map<string, Chain> {
  const chains = new Map<string, Chain>();
  for (const chain of world.chainList) {
    if (chain.protocol !== "op") continue;
    chains.set(
      opL1Addresses(chain.chainId).OptimismPortal.toLowerCase(),
      chain,
    );
  }
  return chains;
}

/** The sequencer queue of an OP chain (created empty on first use). */
export function depositQueue(state: OpRelayState, chain: Chain): string[] {
  let queue = state.deposits.get(chain.name);
  if (queue === undefined) {
    queue = [];
    state.deposits.set(chain.name, queue);
  }
  return queue;
}

/** Turns the L1's `TransactionDeposited` logs into deposit messages queued for their chains' sequencers. */
export async function readDeposits(
  world: World,
  state: OpRelayState,
  logs: RpcLog[],
): Promise<void> {
  const portals = chainsByPortal(world);
  const stamps = new Map<string, number>();
  // What an OP chain's L1Block says: deposits of L1 blocks up to it were executed before this relayer
  // read them (a world attached to running chains reads the L1 from its start).
  const executedUpTo = new Map<string, number>();
  for (const log of logs) {
    const chain = portals.get(log.address.toLowerCase());
    if (chain === undefined) continue;
    const deposit = decodeTransactionDeposited(log);
    const l1Block = Number(log.blockNumber);
    const l1LogIndex = Number(log.logIndex);
    const l2TransactionHash = depositTransactionHash(
      deposit,
      log.blockHash,
      l1LogIndex,
    );
    const id = `op:deposit:${l2TransactionHash}`;
    if (world.registry.get(id, "op") !== undefined) continue;
    let sentAt = stamps.get(log.blockNumber);
    if (sentAt === undefined) {
      sentAt =
        log.blockTimestamp !== undefined
          ? Number(log.blockTimestamp)
          : Number((await world.l1.block(l1Block)).timestamp);
      stamps.set(log.blockNumber, sentAt);
    }
    const l1Messenger = opL1Addresses(chain.chainId).L1CrossDomainMessenger;
    const messenger =
      getAddress(deposit.to) ===
        getAddress(L2_CROSS_DOMAIN_MESSENGER_ADDRESS) &&
      undoL1ToL2Alias(deposit.from) === l1Messenger
        ? decodeRelayMessage(deposit.data)
        : undefined;
    const details: OpDepositDetails = {
      direction: "l1-l2",
      deposit,
      l1Block,
      l1BlockHash: log.blockHash,
      l1LogIndex,
      l2TransactionHash,
    };
    if (messenger !== undefined) details.messenger = messenger;
    const message: OpDeposit = {
      id,
      protocol: "op",
      from: world.l1.name,
      to: chain.name,
      sender: messenger?.sender ?? deposit.from,
      target:
        messenger?.target ?? (deposit.isCreation ? ZeroAddress : deposit.to),
      value: messenger?.value ?? deposit.value,
      data: messenger?.message ?? deposit.data,
      nonce: messenger?.nonce ?? 0n,
      hash: messenger?.hash ?? l2TransactionHash,
      status: "pending",
      stage: "awaiting-confirmations",
      sourceTx: log.transactionHash,
      sourceBlock: l1Block,
      sentAt,
      details,
    };
    if (messenger !== undefined)
      state.messengerHashes.set(`${chain.name}:${messenger.hash}`, id);
    let upTo = executedUpTo.get(chain.name);
    if (upTo === undefined) {
      upTo = Number(await chain.contracts.L1Block.number());
      executedUpTo.set(chain.name, upTo);
    }
    if (l1Block <= upTo) {
      message.status = "relayed";
      message.stage = "relayed";
      message.error =
        "executed before this relayer read it (its L2 transaction is not known here)";
    } else {
      depositQueue(state, chain).push(id);
    }
    world.registry.add(message);
  }
}

/** Settles the messenger messages of deposits from the L2CrossDomainMessenger's logs on `chain`. */
export function readMessengerLogs(
  world: World,
  state: OpRelayState,
  chain: Chain,
  logs: RpcLog[],
): void {
  for (const log of logs) {
    const id = state.messengerHashes.get(
      `${chain.name}:${log.topics[1]?.toLowerCase()}`,
    );
    const deposit = id === undefined ? undefined : world.registry.get(id, "op");
    if (deposit === undefined || !isDeposit(deposit)) continue;
    if (log.topics[0] === CDM_RELAYED_MESSAGE_TOPIC) {
      world.registry.update(deposit, "relayed", "relayed", {
        destinationTx: log.transactionHash,
        error: undefined,
      });
    } else if (
      log.topics[0] === CDM_FAILED_RELAYED_MESSAGE_TOPIC &&
      deposit.status !== "relayed"
    ) {
      world.registry.update(deposit, "failed", "message-failed", {
        destinationTx: log.transactionHash,
        error: `the call to ${deposit.target} failed and the L2CrossDomainMessenger kept the message: anyone may relay it again with relayMessage on ${chain.name}`,
      });
    }
  }
}
