/**
 * Shared set-up of the OP interop tests: a world of OP chains installed by the plugin, the messages its
 * relayer reads from their logs (or, for the supervisor's tests, a message read around it), relays by
 * its autorelayer or by a user with the plugin's relay transaction, and the supervisor's refusal.
 */
import type { Chain } from "../../src/chain.js";
import type { OpMessage } from "../../src/protocols/op/details.js";
import type {
  CrossL2Inbox,
  L2ToL2CrossDomainMessenger,
} from "../../src/system-contracts.js";
import type { World } from "../../src/world.js";
import type {
  AccessList,
  TransactionReceipt,
  TransactionRequest,
  TransactionResponse,
} from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { expect } from "chai";

import {
  encodeAccessList,
  type Identifier,
  identifierFromLog,
} from "../../src/protocols/op/codec/access-list.js";
import { SENT_MESSAGE_TOPIC } from "../../src/protocols/op/codec/events.js";
import {
  msgHash,
  sentMessagePayload,
} from "../../src/protocols/op/codec/message.js";
import { L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS } from "../../src/protocols/op/codec/predeploys.js";
import { isInteropMessage } from "../../src/protocols/op/details.js";
import { hreWith } from "../helpers/hre.js";
import { receiptOf } from "../helpers/mined.js";
import { expectRejection, rpcCode } from "../helpers/rejection.js";

/** One OP chain of a world, with the predeploys the plugin installed on it. */
export interface OpChain {
  chain: Chain;
  chainId: bigint;
  connection: NetworkConnection;
  inbox: CrossL2Inbox;
  messenger: L2ToL2CrossDomainMessenger;
}

/**
 * A world of OP chains installed by the plugin (`hre.xdm.create()`): one per entry of `chains`, with its
 * chain id and the dependency set it names (other entries), its supervisor guarding what it includes,
 * and the autorelayer off so that every relay is one the test asks for.
 */
export async function createOpWorld<Name extends string>(
  chains: Record<
    Name,
    { chainId: bigint; dependencySet: Array<NoInfer<Name>> }
  >,
): Promise<{ world: World; chains: Record<Name, OpChain> }> {
  const entries = Object.entries(chains) as Array<
    [Name, { chainId: bigint; dependencySet: Name[] }]
  >;
  const hre = await hreWith({
    networks: Object.fromEntries(
      entries.map(([name, c]) => [
        name,
        { type: "edr-simulated", chainType: "op", chainId: Number(c.chainId) },
      ]),
    ),
    xdm: {
      chains: Object.fromEntries(
        entries.map(([name, c]) => [
          name,
          { protocol: "op", network: name, dependencySet: c.dependencySet },
        ]),
      ),
      op: { autorelay: false },
    },
  });
  const world = await hre.xdm.create();
  const out = {} as Record<Name, OpChain>;
  for (const [name] of entries) {
    const chain = world.chains[name];
    out[name] = {
      chain,
      chainId: BigInt(chain.chainId),
      connection: chain.connection,
      inbox: chain.contracts.CrossL2Inbox,
      messenger: chain.contracts.L2ToL2CrossDomainMessenger,
    };
  }
  return { world, chains: out };
}

/**
 * The message of the `occurrence`-th SentMessage log of `receipt` (a send or a resendMessage), as the
 * plugin's relayer read it from the chain: its identifier, payload and access list are the plugin's.
 */
export async function messageSentIn(
  world: World,
  receipt: TransactionReceipt,
  occurrence = 0,
): Promise<OpMessage> {
  await world.refresh();
  const sent = world
    .messages({ protocol: "op" })
    .filter(isInteropMessage)
    .filter((m) => (m.details.initiatingTx ?? m.sourceTx) === receipt.hash)
    .sort((x, y) =>
      Number(x.details.identifier.logIndex - y.details.identifier.logIndex),
    );
  const message = sent[occurrence];
  if (message === undefined)
    throw new Error(
      `the plugin read no message #${occurrence} from ${receipt.hash} (${sent.length} found)`,
    );
  return message;
}

/**
 * The identifier, payload and access list of the first SentMessage log in `receipt` on `chain`, built
 * with the plugin's encoders but not read by its relayer: a message the relayer has read counts as
 * verified for the supervisors, and the supervisor's tests want its own look-up of the source chain.
 */
export async function initiatingMessageOf(
  chain: Chain,
  receipt: TransactionReceipt,
): Promise<{ id: Identifier; payload: string; accessList: AccessList }> {
  const log = receipt.logs.find(
    (l) =>
      l.address.toLowerCase() === L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS &&
      l.topics[0] === SENT_MESSAGE_TOPIC,
  );
  if (log === undefined)
    throw new Error(`no SentMessage log in ${receipt.hash}`);
  const block = await chain.block(log.blockNumber);
  const id = identifierFromLog(
    log,
    BigInt(block.timestamp),
    BigInt(chain.chainId),
  );
  const payload = sentMessagePayload(log);
  return { id, payload, accessList: encodeAccessList(id, msgHash(payload)) };
}

/**
 * The plugin's autorelayer relays `message` now (`world.op.relay`); fails the test unless the message is
 * then relayed, and returns the relay transaction's receipt.
 */
export async function relayedByPlugin(
  world: World,
  message: OpMessage,
): Promise<TransactionReceipt> {
  const after = await world.op.relay(message);
  expect(after.status, `${after.id}: ${after.error ?? after.stage}`).to.equal(
    "relayed",
  );
  const hash = after.destinationTx;
  if (hash === undefined)
    throw new Error(`${after.id} has no relay transaction`);
  return await receiptOf(world.chain(after.to), hash);
}

/**
 * A user's relay of `message`: the plugin's relay transaction (`world.op.relayTransaction`, with the
 * message's access list) sent from the destination's first signer, with `overrides`.
 */
export async function relayAsUser(
  world: World,
  message: OpMessage,
  overrides: Omit<TransactionRequest, "to" | "data"> = {},
): Promise<TransactionResponse> {
  const [user] = await world.chain(message.to).ethers.getSigners();
  return await user.sendTransaction({
    ...world.op.relayTransaction(message),
    ...overrides,
  });
}

/** Expects `action` to be refused by the supervisor: JSON-RPC code -32602 and a message with `reason`. */
export async function expectSupervisorRefusal(
  action: Promise<unknown>,
  reason: string,
): Promise<void> {
  const error = await expectRejection(action, reason);
  expect(rpcCode(error), `the JSON-RPC code of: ${error.message}`).to.equal(
    -32602,
  );
}
