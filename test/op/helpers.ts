/**
 * Shared set-up of the OP interop tests: OP chains installed by the plugin (or, for the contracts' own
 * refusals, a chain with the predeploys and no supervisor), the messages' identifiers and access lists,
 * and the supervisor's refusal.
 */
import type { Contract, Overrides, TransactionReceipt } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { expect } from "chai";
import hre, { network } from "hardhat";

import {
  type Identifier,
  encodeAccessList,
  identifierFromLog,
} from "../../src/protocols/op/codec/access-list.js";
import { SENT_MESSAGE_TOPIC } from "../../src/protocols/op/codec/events.js";
import {
  msgHash,
  sentMessagePayload,
} from "../../src/protocols/op/codec/message.js";
import { dependencySetStorage } from "../../src/protocols/op/codec/messenger-storage.js";
import {
  CROSS_L2_INBOX_ADDRESS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
} from "../../src/protocols/op/codec/predeploys.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRejection, rpcCode } from "../helpers/rejection.js";

export interface OpChain {
  chainId: bigint;
  connection: NetworkConnection<"op">;
  inbox: Contract;
  messenger: Contract;
}

/**
 * OP chains installed by the plugin (`hre.xdm.create()`): one per entry of `chains`, with its chain id
 * and the dependency set it names (other entries), its supervisor guarding what it includes, and the
 * autorelayer off so that every relay is the test's own.
 */
export async function createOpChains<Name extends string>(
  chains: Record<
    Name,
    { chainId: bigint; dependencySet: Array<NoInfer<Name>> }
  >,
): Promise<Record<Name, OpChain>> {
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
  for (const [name, c] of entries) {
    const connection = world.chains[name]
      .connection as unknown as NetworkConnection<"op">;
    out[name] = {
      chainId: c.chainId,
      connection,
      inbox: (await connection.ethers.getContractAt(
        "CrossL2Inbox",
        CROSS_L2_INBOX_ADDRESS,
      )) as unknown as Contract,
      messenger: (await connection.ethers.getContractAt(
        "L2ToL2CrossDomainMessenger",
        L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      )) as unknown as Contract,
    };
  }
  return out;
}

/**
 * A new, independent OP chain with `chainId`, the predeploys installed as the plugin installs them and
 * `dependencySet` as its peers, but no supervisor: for the tests of the contracts' own refusals of
 * executing messages a supervisor would stop before they reach the contracts.
 */
export async function createOpChain(
  chainId: bigint,
  dependencySet: readonly bigint[],
): Promise<OpChain> {
  const connection = await network.create({
    chainType: "op",
    override: { chainId: Number(chainId) },
  });
  const { provider } = connection;

  const inbox = await hre.artifacts.readArtifact("CrossL2Inbox");
  const messenger = await hre.artifacts.readArtifact(
    "L2ToL2CrossDomainMessenger",
  );
  await provider.request({
    method: "hardhat_setCode",
    params: [CROSS_L2_INBOX_ADDRESS, inbox.deployedBytecode],
  });
  await provider.request({
    method: "hardhat_setCode",
    params: [
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      messenger.deployedBytecode,
    ],
  });
  for (const { slot, value } of dependencySetStorage(dependencySet)) {
    await provider.request({
      method: "hardhat_setStorageAt",
      params: [L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS, slot, value],
    });
  }
  return {
    chainId,
    connection,
    inbox: await connection.ethers.getContractAt(
      "CrossL2Inbox",
      CROSS_L2_INBOX_ADDRESS,
    ),
    messenger: await connection.ethers.getContractAt(
      "L2ToL2CrossDomainMessenger",
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
    ),
  };
}

/** The messenger's `SentMessage` log in a receipt: its Identifier on `chainId` and its payload. */
export async function initiatingMessage(
  chain: OpChain,
  receipt: TransactionReceipt,
  occurrence = 0,
): Promise<{ id: Identifier; payload: string }> {
  const logs = receipt.logs.filter(
    (log) =>
      log.address.toLowerCase() === L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS &&
      log.topics[0] === SENT_MESSAGE_TOPIC,
  );
  const log = logs[occurrence];
  if (log === undefined)
    throw new Error(`no SentMessage log #${occurrence} in ${receipt.hash}`);
  const block = await chain.connection.ethers.provider.getBlock(
    log.blockNumber,
  );
  if (block === null) throw new Error(`block ${log.blockNumber} not found`);
  return {
    id: identifierFromLog(log, BigInt(block.timestamp), chain.chainId),
    payload: sentMessagePayload(log),
  };
}

/** Sends `relayMessage(id, payload)` on `chain` with the message's access list, as the autorelayer would. */
export async function relayWithAccessList(
  chain: OpChain,
  id: Identifier,
  payload: string,
  overrides: Overrides = {},
): Promise<TransactionReceipt> {
  return await mined(
    chain.messenger.relayMessage(id, payload, {
      accessList: encodeAccessList(id, msgHash(payload)),
      ...overrides,
    }),
  );
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
