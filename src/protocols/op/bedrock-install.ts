import type { Chain } from "../../chain.js";
import type { SystemContractSet } from "../../system-contracts.js";
import type { World } from "../../world.js";

import { ACTOR_BALANCE } from "../../actors.js";
import { interfaceOf } from "../../artifacts.js";
import {
  attachSystemContracts,
  impersonateActors,
  installSystemCode,
  verifySystemCode,
} from "../../system-contracts.js";

import { BEDROCK_ARTIFACTS } from "./artifacts.js";
import {
  DEPOSITOR_ACCOUNT,
  L1_BLOCK_ADDRESS,
  L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  L2_STANDARD_BRIDGE_ADDRESS,
  L2_TO_L1_MESSAGE_PASSER_ADDRESS,
  MULTICALL3_ADDRESS,
  PERMISSIONED_CANNON,
  opL1Addresses,
} from "./codec/bedrock-addresses.js";

/** The L1 contracts of OP chain `chain` (on the world's L1) and its L1↔L2 predeploys. */
export function bedrockContracts(
  world: World,
  chain: Chain,
): SystemContractSet {
  const l1 = opL1Addresses(chain.chainId);
  return {
    chain,
    l1: world.l1,
    entries: [
      {
        on: "l1",
        name: "OptimismPortal",
        address: l1.OptimismPortal,
        artifact: BEDROCK_ARTIFACTS.OptimismPortal(),
      },
      {
        on: "l1",
        name: "L1CrossDomainMessenger",
        address: l1.L1CrossDomainMessenger,
        artifact: BEDROCK_ARTIFACTS.L1CrossDomainMessenger(),
      },
      {
        on: "l1",
        name: "L1StandardBridge",
        address: l1.L1StandardBridge,
        artifact: BEDROCK_ARTIFACTS.L1StandardBridge(),
      },
      {
        on: "l1",
        name: "DisputeGameFactory",
        address: l1.DisputeGameFactory,
        artifact: BEDROCK_ARTIFACTS.DisputeGameFactory(),
      },
      {
        on: "l1",
        name: "AnchorStateRegistry",
        address: l1.AnchorStateRegistry,
        artifact: BEDROCK_ARTIFACTS.AnchorStateRegistry(),
      },
      {
        on: "l1",
        name: "Multicall3",
        address: MULTICALL3_ADDRESS,
        artifact: BEDROCK_ARTIFACTS.Multicall3(),
      },
      {
        on: "l2",
        name: "L2CrossDomainMessenger",
        address: L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        artifact: BEDROCK_ARTIFACTS.L2CrossDomainMessenger(),
      },
      {
        on: "l2",
        name: "L2StandardBridge",
        address: L2_STANDARD_BRIDGE_ADDRESS,
        artifact: BEDROCK_ARTIFACTS.L2StandardBridge(),
      },
      {
        on: "l2",
        name: "L2ToL1MessagePasser",
        address: L2_TO_L1_MESSAGE_PASSER_ADDRESS,
        artifact: BEDROCK_ARTIFACTS.L2ToL1MessagePasser(),
      },
      {
        on: "l2",
        name: "L1Block",
        address: L1_BLOCK_ADDRESS,
        artifact: BEDROCK_ARTIFACTS.L1Block(),
      },
    ],
  };
}

/** `initialize` calldata of a contract whose artifact takes the given arguments. */
function initializeCall(
  artifact: keyof typeof BEDROCK_ARTIFACTS,
  args: unknown[],
): string {
  return interfaceOf(BEDROCK_ARTIFACTS[artifact]()).encodeFunctionData(
    "initialize",
    args,
  );
}

/**
 * Puts OP chain `chain`'s L1 contracts on the world's L1 and its L1↔L2 predeploys on `chain`, and
 * initialises them as the real deployment's initializers do (the portal idle, each messenger and bridge
 * pointed at its counterpart), from the deployer actor.
 */
export async function installBedrock(
  world: World,
  chain: Chain,
): Promise<void> {
  const set = bedrockContracts(world, chain);
  await installSystemCode(set);
  const l1 = opL1Addresses(chain.chainId);
  const deployer = world.actors.deployer.address;
  for (const on of [world.l1, chain]) {
    await on.setBalance(deployer, ACTOR_BALANCE);
    await on.impersonate(deployer);
  }
  // Initializers carry the most gas a transaction may: the provider need not estimate each one.
  const l1Gas = await world.l1.maxTransactionGas();
  const l2Gas = await chain.maxTransactionGas();
  const onL1 = (to: string, data: string) =>
    world.l1.send({ from: deployer, to, data, gas: l1Gas });
  const onL2 = (to: string, data: string) =>
    chain.send({ from: deployer, to, data, gas: l2Gas });
  const settings = world.config.op;
  const proposer = world.actors["op:proposer"].address;
  await world.l1.setBalance(proposer, ACTOR_BALANCE);
  await world.l1.impersonate(proposer);
  await onL1(
    l1.AnchorStateRegistry,
    initializeCall("AnchorStateRegistry", [
      l1.DisputeGameFactory,
      PERMISSIONED_CANNON,
      settings.disputeGameFinalityDelaySeconds,
    ]),
  );
  await onL1(
    l1.DisputeGameFactory,
    initializeCall("DisputeGameFactory", [
      PERMISSIONED_CANNON,
      proposer,
      l1.AnchorStateRegistry,
      settings.maxClockDuration,
    ]),
  );
  await onL1(
    l1.OptimismPortal,
    initializeCall("OptimismPortal", [
      l1.AnchorStateRegistry,
      settings.proofMaturityDelaySeconds,
    ]),
  );
  await onL1(
    l1.L1CrossDomainMessenger,
    initializeCall("L1CrossDomainMessenger", [l1.OptimismPortal]),
  );
  await onL1(
    l1.L1StandardBridge,
    initializeCall("L1StandardBridge", [l1.L1CrossDomainMessenger]),
  );
  await onL2(
    L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
    initializeCall("L2CrossDomainMessenger", [l1.L1CrossDomainMessenger]),
  );
  await onL2(
    L2_STANDARD_BRIDGE_ADDRESS,
    initializeCall("L2StandardBridge", [l1.L1StandardBridge]),
  );
  // The sequencer sets L1Block's values as the depositor account before each L1 block's deposits.
  await chain.setBalance(DEPOSITOR_ACCOUNT, ACTOR_BALANCE);
  await chain.impersonate(DEPOSITOR_ACCOUNT);
  await attachSystemContracts(set);
}

/** On an attached chain: checks the contracts are the plugin's, has the node sign for the depositor, attaches. */
export async function verifyBedrock(world: World, chain: Chain): Promise<void> {
  const set = bedrockContracts(world, chain);
  await verifySystemCode(set);
  await impersonateActors(chain, [DEPOSITOR_ACCOUNT]);
  await impersonateActors(world.l1, [world.actors["op:proposer"].address]);
  await attachSystemContracts(set);
}
