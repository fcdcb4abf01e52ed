import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { World } from "../../world.js";

import { ACTOR_BALANCE } from "../../actors.js";
import { registerGate } from "../../gates.js";
import { attachSystemContract } from "../../system-contracts.js";

import { autorelayerAddress } from "./actors/autorelayer.js";
import { Supervisor } from "./actors/supervisor.js";
import { inboxArtifact, messengerArtifact } from "./artifacts.js";
import { dependencySetStorage } from "./codec/messenger-storage.js";
import {
  CROSS_L2_INBOX_ADDRESS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
} from "./codec/predeploys.js";
import { fail } from "./fail.js";

/**
 * Puts CrossL2Inbox and L2ToL2CrossDomainMessenger at their predeploy addresses on an OP chain, writes
 * the chain's dependency set into the messenger's storage and funds the autorelayer there.
 */
export async function install(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Promise<void> {
  await chain.setCode(CROSS_L2_INBOX_ADDRESS, inboxArtifact().deployedBytecode);
  await chain.setCode(
    L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
    messengerArtifact().deployedBytecode,
  );
  const dependencies = chain.config.dependencySet.map((name) =>
    BigInt(world.chain(name).chainId),
  );
  for (const { slot, value } of dependencySetStorage(dependencies)) {
    await chain.setStorageAt(
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      slot,
      value,
    );
  }
  const relayer = autorelayerAddress(world);
  await chain.setBalance(relayer, ACTOR_BALANCE);
  await chain.impersonate(relayer);
  await attach(world, state, chain);
}

/** Checks that an attached chain carries the hardhat-xdm predeploys, then attaches to it. */
export async function verifyInstalled(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Promise<void> {
  for (const [name, address, artifact] of [
    ["CrossL2Inbox", CROSS_L2_INBOX_ADDRESS, inboxArtifact()],
    [
      "L2ToL2CrossDomainMessenger",
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
      messengerArtifact(),
    ],
  ] as const) {
    const code = await chain.rpc<string>("eth_getCode", [address, "latest"]);
    if (code.toLowerCase() !== artifact.deployedBytecode.toLowerCase()) {
      fail(
        `Chain "${chain.name}" has no hardhat-xdm ${name} at ${address}. Attach to chains started by \`npx hardhat xdm:node\`.`,
      );
    }
  }
  const relayer = autorelayerAddress(world);
  if (chain.isSimulated) {
    await chain.impersonate(relayer);
  } else {
    await chain
      .rpc("hardhat_impersonateAccount", [relayer])
      .catch(() => undefined);
  }
  await attach(world, state, chain);
}

/** Typed contracts on `chain.contracts`, the chain's relayed set, and (simulated chains) its supervisor. */
async function attach(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Promise<void> {
  await attachSystemContract(
    chain.contracts,
    "CrossL2Inbox",
    chain.ethers,
    inboxArtifact().abi,
    CROSS_L2_INBOX_ADDRESS,
  );
  await attachSystemContract(
    chain.contracts,
    "L2ToL2CrossDomainMessenger",
    chain.ethers,
    messengerArtifact().abi,
    L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
  );
  state.relayed.set(chain.name, state.relayed.get(chain.name) ?? new Set());
  if (chain.isSimulated) {
    const supervisor = new Supervisor(
      world,
      chain,
      world.config.op.expiryWindow,
      state.verified,
    );
    registerGate(chain.connection, supervisor);
  }
}
