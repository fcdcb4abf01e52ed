import type { Identifier } from "./codec/access-list.js";
import type { OpDetails, OpMessage } from "./details.js";
import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";
import type { LogWatch, RpcLog } from "../types.js";

import { getAddress } from "ethers";

import { encodeAccessList } from "./codec/access-list.js";
import { decodeAssetTransfer } from "./codec/assets.js";
import {
  RELAYED_MESSAGE_TOPIC,
  SENT_MESSAGE_TOPIC,
  readRelayedMessage,
} from "./codec/events.js";
import {
  decodeSentMessagePayload,
  messageHash,
  msgHash,
  payloadFromLog,
} from "./codec/message.js";
import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "./codec/predeploys.js";

/** The messenger's SentMessage and RelayedMessage logs, on OP chains only. */
export function watchOf(chain: Chain): LogWatch | undefined {
  if (chain.protocol !== "op") return undefined;
  return {
    addresses: [L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS],
    topics: [SENT_MESSAGE_TOPIC, RELAYED_MESSAGE_TOPIC],
  };
}

/**
 * Turns the messenger's logs of one chain into messages: a SentMessage is a new message (or the
 * resendMessage of a known one), a RelayedMessage marks its message relayed.
 */
export async function readLogs(
  world: World,
  state: OpRelayState,
  chain: Chain,
  logs: RpcLog[],
): Promise<void> {
  const timestamps = await blockTimestamps(
    chain,
    logs.filter((log) => log.topics[0] === SENT_MESSAGE_TOPIC),
  );
  for (const log of logs) {
    if (log.topics[0] === SENT_MESSAGE_TOPIC) {
      onSent(world, state, chain, log, timestamps.get(log.blockNumber)!);
    } else if (log.topics[0] === RELAYED_MESSAGE_TOPIC) {
      onRelayed(world, state, chain, log);
    }
  }
}

async function blockTimestamps(
  chain: Chain,
  logs: RpcLog[],
): Promise<Map<string, number>> {
  const stamps = new Map<string, number>();
  for (const log of logs) {
    if (log.blockTimestamp !== undefined)
      stamps.set(log.blockNumber, Number(log.blockTimestamp));
  }
  const missing = [
    ...new Set(
      logs.map((log) => log.blockNumber).filter((block) => !stamps.has(block)),
    ),
  ];
  await Promise.all(
    missing.map(async (block) =>
      stamps.set(block, Number((await chain.block(Number(block))).timestamp)),
    ),
  );
  return stamps;
}

function onSent(
  world: World,
  state: OpRelayState,
  chain: Chain,
  log: RpcLog,
  timestamp: number,
): void {
  const payload = payloadFromLog(log);
  const sent = decodeSentMessagePayload(payload);
  const source = BigInt(chain.chainId);
  const hash = messageHash({
    destination: sent.destination,
    source,
    nonce: sent.nonce,
    sender: sent.sender,
    target: sent.target,
    message: sent.message,
  });
  const identifier: Identifier = {
    origin: getAddress(log.address),
    blockNumber: BigInt(log.blockNumber),
    logIndex: BigInt(log.logIndex),
    timestamp: BigInt(timestamp),
    chainId: source,
  };
  const payloadHash = msgHash(payload);
  // Read from the chain's own logs: the supervisors may take this initiating message as verified.
  state.verified.addLog(identifier, payloadHash);
  const details: OpDetails = {
    identifier,
    payload,
    msgHash: payloadHash,
    accessList: encodeAccessList(identifier, payloadHash),
    destinationChainId: sent.destination,
    attempts: 0,
    lastAttemptBlock: -1,
  };
  const asset = decodeAssetTransfer(sent);
  if (asset !== undefined) details.asset = asset;
  const destination = world.chainById(sent.destination);
  const id = `op:${source}:${sent.nonce}`;
  const registry = world.registry;
  const known = registry.get(id, "op");
  if (known !== undefined) {
    // resendMessage: the same message under a new identifier and a new expiry clock.
    if (known.status === "relayed") return;
    // sourceTx stays the original send; the latest initiating message is in the details.
    known.details = { ...details, initiatingTx: log.transactionHash };
    known.sourceBlock = Number(log.blockNumber);
    known.sentAt = timestamp;
    if (
      known.status === "expired" ||
      known.status === "failed" ||
      known.status === "pending"
    ) {
      registry.update(known, "ready", "initiated", { error: undefined });
    }
    state.open.add(id);
    return;
  }
  const message: OpMessage = {
    id,
    protocol: "op",
    from: chain.name,
    to: destination?.name ?? sent.destination.toString(),
    sender: sent.sender,
    target: sent.target,
    value: 0n,
    data: sent.message,
    nonce: sent.nonce,
    hash,
    status: "ready",
    stage: "initiated",
    sourceTx: log.transactionHash,
    sourceBlock: Number(log.blockNumber),
    sentAt: timestamp,
    details,
  };
  if (destination === undefined || destination.protocol !== "op") {
    message.status = "failed";
    message.stage = "unroutable";
    message.error = `no OP chain with chain id ${sent.destination} in this world`;
  } else if (state.relayed.get(destination.name)?.has(hash) === true) {
    message.status = "relayed";
    message.stage = "relayed";
  } else {
    state.open.add(id);
  }
  registry.add(message);
}

function onRelayed(
  world: World,
  state: OpRelayState,
  chain: Chain,
  log: RpcLog,
): void {
  const relayed = readRelayedMessage(log);
  const hash = relayed.messageHash;
  state.relayed.get(chain.name)?.add(hash);
  const message = world.registry.get(
    `op:${relayed.source}:${relayed.messageNonce}`,
    "op",
  );
  if (
    message !== undefined &&
    message.status !== "relayed" &&
    message.hash.toLowerCase() === hash
  ) {
    world.registry.update(message, "relayed", "relayed", {
      destinationTx: log.transactionHash,
      error: undefined,
    });
    state.open.delete(message.id);
  }
}
