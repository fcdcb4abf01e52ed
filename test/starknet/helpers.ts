/**
 * Test helpers for the StarkNet system contracts: installed by the plugin, its sequencer and state
 * updater run on request, hand-built program outputs proven and submitted for the contract-level
 * checks of StarknetCore, and the contracts' logs.
 */
import type { ActorName } from "../../src/actors.js";
import type { World } from "../../src/world.js";
import type { network } from "hardhat";

import {
  Contract,
  Wallet,
  type ContractRunner,
  toBeHex,
  type InterfaceAbi,
  type TransactionReceipt,
} from "ethers";
import { artifacts } from "hardhat";

import { L2_MESSAGING_ADDRESS } from "../../src/protocols/starknet/addresses.js";
import {
  STARKNET_TOPICS,
  decodeLogMessageToL2,
  type LogMessageToL2Event,
} from "../../src/protocols/starknet/codec/events.js";
import {
  type Bytes32,
  type WordLike,
} from "../../src/protocols/starknet/codec/felt.js";
import {
  PROGRAM_HASH,
  sharpFact,
  stateTransitionFact,
} from "../../src/protocols/starknet/codec/program-output.js";
import { setBalance } from "../helpers/accounts.js";
import { testUserKey } from "../helpers/actors.js";
import { eventsOf } from "../helpers/events.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";

export type Connection = Awaited<ReturnType<typeof network.create>>;

/** Where the plugin installs the system contracts of its first StarkNet chain. */
export const TEST_ADDRESSES = {
  starknetCore: "0x5354000000000000000000000000000000001001",
  factRegistry: "0x5354000000000000000000000000000000001002",
  l2Messaging: L2_MESSAGING_ADDRESS,
} as const;

/** A fresh funded wallet for a test user (not an actor key, not a default account). */
export async function fundedUser(
  conn: Connection,
  name: string,
): Promise<Wallet> {
  return await funded(conn, testUserKey(name));
}

async function funded(conn: Connection, privateKey: string): Promise<Wallet> {
  const wallet = new Wallet(privateKey, conn.ethers.provider);
  await setBalance(conn, wallet.address, 10n ** 21n);
  return wallet;
}

/** Installs `contractName`'s deployed bytecode at `address` (no constructor runs) and returns a handle. */
export async function installCode(
  conn: Connection,
  contractName: string,
  address: string,
  runner: Wallet,
): Promise<Contract> {
  const artifact = await artifacts.readArtifact(contractName);
  await conn.provider.request({
    method: "hardhat_setCode",
    params: [address, artifact.deployedBytecode],
  });
  return new Contract(address, artifact.abi as InterfaceAbi, runner);
}

/** Deploys a contract normally (demos, test helpers) from `deployer`. */
export async function deploy(
  conn: Connection,
  contractName: string,
  args: unknown[],
  deployer: Wallet,
): Promise<Contract> {
  const contract = await conn.ethers.deployContract(
    contractName,
    args,
    deployer,
  );
  await contract.waitForDeployment();
  return new Contract(
    await contract.getAddress(),
    contract.interface,
    deployer,
  );
}

export interface StarknetEnv {
  /** The plugin's world the contracts were installed in; its sequencer and prover act when a test asks. */
  world: World;
  l1: Connection;
  l2: Connection;
  /** StarknetCore on L1, connected to the deployer (governor). */
  core: Contract;
  /** MockFactRegistry on L1, connected to the prover. */
  registry: Contract;
  /** StarknetL2Messaging on L2, connected to the sequencer. */
  messaging: Contract;
  /** Account 15: deployer and governor (L1 wallet). */
  deployer: Wallet;
  /** Account 12: sequencer and operator (L1 wallet). */
  operator: Wallet;
  /** Account 12 on L2. */
  sequencer: Wallet;
  /** Account 13: mock prover (L1 wallet). */
  prover: Wallet;
}

export interface InstallOptions {
  messageCancellationDelay?: bigint;
}

/**
 * Two fresh chains (L1, StarkNet L2) with the StarkNet system contracts installed and initialized by the
 * plugin (`hre.xdm.create()`), its sequencer and prover left idle so that every delivery and state update
 * is the test's own.
 */
export async function installStarknet(
  options: InstallOptions = {},
): Promise<StarknetEnv> {
  const hre = await hreWith({
    xdm: {
      chains: { starknet: { protocol: "starknet" } },
      starknet: {
        l1Confirmations: 1_000_000,
        proofDelay: 1_000_000_000,
        ...(options.messageCancellationDelay === undefined
          ? {}
          : { cancellationDelay: Number(options.messageCancellationDelay) }),
      },
    },
  });
  const world = await hre.xdm.create();
  const l1 = world.l1.connection as unknown as Connection;
  const l2 = world.chains.starknet.connection as unknown as Connection;
  const wallet = (conn: Connection, actor: ActorName) =>
    new Wallet(world.actors[actor].privateKey, conn.ethers.provider);
  const deployer = wallet(l1, "deployer");
  const operator = wallet(l1, "starknet:sequencer");
  const prover = wallet(l1, "starknet:prover");
  const sequencer = wallet(l2, "starknet:sequencer");
  const at = async (
    conn: Connection,
    name: string,
    address: string,
    runner: Wallet,
  ) =>
    new Contract(
      address,
      (await artifacts.readArtifact(name)).abi as InterfaceAbi,
      runner,
    );
  return {
    world,
    l1,
    l2,
    core: await at(l1, "StarknetCore", TEST_ADDRESSES.starknetCore, deployer),
    registry: await at(
      l1,
      "MockFactRegistry",
      TEST_ADDRESSES.factRegistry,
      prover,
    ),
    messaging: await at(
      l2,
      "StarknetL2Messaging",
      TEST_ADDRESSES.l2Messaging,
      sequencer,
    ),
    deployer,
    operator,
    sequencer,
    prover,
  };
}

/** Registers the SHARP fact of `output` (as the mock prover does) for `programHash` (default: the OS's). */
export async function proveOutput(
  env: StarknetEnv,
  output: readonly WordLike[],
  programHash: WordLike = PROGRAM_HASH,
): Promise<Bytes32> {
  const fact = sharpFact(programHash, stateTransitionFact(output));
  await (await env.registry.registerFact(fact)).wait();
  return fact;
}

/** Proves `output` and submits it from the operator. */
export async function proveAndUpdate(
  env: StarknetEnv,
  output: readonly WordLike[],
): Promise<TransactionReceipt> {
  await proveOutput(env, output);
  return await mined(asCore(env, env.operator).updateState(output, 0, 0));
}

export function asCore(env: StarknetEnv, runner: ContractRunner): Contract {
  return env.core.connect(runner) as Contract;
}

export async function latestTimestamp(conn: Connection): Promise<bigint> {
  const block = await conn.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return BigInt(block.timestamp);
}

/** Makes the next mined block carry `timestamp`. */
export async function setNextBlockTimestamp(
  conn: Connection,
  timestamp: bigint,
): Promise<void> {
  await conn.provider.request({
    method: "evm_setNextBlockTimestamp",
    params: [toBeHex(timestamp)],
  });
}

export async function storageAt(
  conn: Connection,
  address: string,
  slot: Bytes32,
): Promise<bigint> {
  return BigInt(await conn.ethers.provider.getStorage(address, slot));
}

/** The plugin's sequencer delivers the L1→L2 message `message` (`world.starknet.deliver`); returns its L2 receipt. */
export async function deliver(
  env: StarknetEnv,
  message: LogMessageToL2Event,
): Promise<TransactionReceipt> {
  await env.world.relay(); // the relayer reads the LogMessageToL2 first
  const known = env.world
    .messages({ protocol: "starknet", from: "l1" })
    .find((m) => m.nonce === message.nonce);
  if (known === undefined)
    throw new Error(
      `the plugin saw no L1→L2 message with nonce ${message.nonce}`,
    );
  const delivered = await env.world.starknet.deliver(known);
  if (delivered.destinationTx === undefined)
    throw new Error(
      `message ${delivered.id} has no delivery transaction (${delivered.stage})`,
    );
  return await receiptOf(env.l2, delivered.destinationTx);
}

/** The plugin's state updater closes every L2 block so far into a proven state update (`world.starknet.updateState`); returns its L1 receipt. */
export async function updateState(
  env: StarknetEnv,
): Promise<TransactionReceipt> {
  const { blockNumber } = await env.world.starknet.updateState();
  const updates = await env.l1.ethers.provider.getLogs({
    address: TEST_ADDRESSES.starknetCore,
    topics: [STARKNET_TOPICS.LogStateUpdate],
    fromBlock: 0,
  });
  const last = updates.at(-1);
  if (last === undefined)
    throw new Error(
      `the state update through L2 block ${blockNumber} left no LogStateUpdate`,
    );
  return await receiptOf(env.l1, last.transactionHash);
}

async function receiptOf(
  conn: Connection,
  hash: string,
): Promise<TransactionReceipt> {
  const receipt = await conn.ethers.provider.getTransactionReceipt(hash);
  if (receipt === null) throw new Error(`transaction ${hash} has no receipt`);
  return receipt;
}

/** The decoded `LogMessageToL2` events of an L1 receipt. */
export function sentToL2(
  env: StarknetEnv,
  receipt: TransactionReceipt,
): LogMessageToL2Event[] {
  return eventsOf(receipt, env.core, "LogMessageToL2").map((e) =>
    decodeLogMessageToL2(e.log),
  );
}
