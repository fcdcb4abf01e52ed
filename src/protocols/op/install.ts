import type { OpRelayState } from "./state.js";
import type { Chain } from "../../chain.js";
import type { SystemContractSet } from "../../system-contracts.js";
import type { World } from "../../world.js";

import { ACTOR_BALANCE } from "../../actors.js";
import { registerGate } from "../../gates.js";
import {
  attachSystemContracts,
  impersonateActors,
  installSystemCode,
  verifySystemCode,
} from "../../system-contracts.js";

import { autorelayerAddress } from "./actors/autorelayer.js";
import { Supervisor } from "./actors/supervisor.js";
import {
  ethBridgeArtifact,
  ethLiquidityArtifact,
  inboxArtifact,
  messengerArtifact,
  supersimTokenArtifact,
  tokenBridgeArtifact,
} from "./artifacts.js";
import { installBedrock, verifyBedrock } from "./bedrock-install.js";
import {
  ETH_LIQUIDITY_ADDRESS,
  ETH_LIQUIDITY_FUNDING,
  SUPERCHAIN_ETH_BRIDGE_ADDRESS,
  SUPERCHAIN_TOKEN_BRIDGE_ADDRESS,
  SUPERSIM_TOKEN_ADDRESS,
} from "./codec/assets.js";
import { dependencySetStorage } from "./codec/messenger-storage.js";
import {
  CROSS_L2_INBOX_ADDRESS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
} from "./codec/predeploys.js";

/** The predeploys of an OP chain. */
function predeploys(chain: Chain): SystemContractSet {
  return {
    chain,
    entries: [
      {
        on: "l2",
        name: "CrossL2Inbox",
        address: CROSS_L2_INBOX_ADDRESS,
        artifact: inboxArtifact(),
      },
      {
        on: "l2",
        name: "L2ToL2CrossDomainMessenger",
        address: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
        artifact: messengerArtifact(),
      },
      {
        on: "l2",
        name: "SuperchainETHBridge",
        address: SUPERCHAIN_ETH_BRIDGE_ADDRESS,
        artifact: ethBridgeArtifact(),
      },
      {
        on: "l2",
        name: "ETHLiquidity",
        address: ETH_LIQUIDITY_ADDRESS,
        artifact: ethLiquidityArtifact(),
      },
      {
        on: "l2",
        name: "SuperchainTokenBridge",
        address: SUPERCHAIN_TOKEN_BRIDGE_ADDRESS,
        artifact: tokenBridgeArtifact(),
      },
      {
        on: "l2",
        name: "SupersimToken",
        address: SUPERSIM_TOKEN_ADDRESS,
        artifact: supersimTokenArtifact(),
      },
    ],
  };
}

/**
 * Puts the interop predeploys (CrossL2Inbox, L2ToL2CrossDomainMessenger), the Superchain asset predeploys
 * (SuperchainETHBridge, ETHLiquidity, SuperchainTokenBridge) and supersim's test token at their addresses on
 * an OP chain, writes the chain's dependency set into the messenger's storage, funds ETHLiquidity with
 * 2^248 - 1 wei as the Superchain's genesis does, funds the autorelayer there, and installs the chain's
 * L1↔L2 contracts on the L1 and on the chain (bedrock-install.ts).
 */
export async function install(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Promise<void> {
  await installSystemCode(predeploys(chain));
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
  // The reserve every chain starts with: ETH sent to another chain enters the source's reserve and
  // leaves the destination's, so the sum over all chains of every balance, reserves included, is constant.
  await chain.setBalance(ETH_LIQUIDITY_ADDRESS, ETH_LIQUIDITY_FUNDING);
  const relayer = autorelayerAddress(world);
  await chain.setBalance(relayer, ACTOR_BALANCE);
  await chain.impersonate(relayer);
  await attach(world, state, chain);
  await installBedrock(world, chain);
}

/** Checks that an attached chain carries the hardhat-xdm predeploys, then attaches to it. */
export async function verifyInstalled(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Promise<void> {
  await verifySystemCode(predeploys(chain));
  await impersonateActors(chain, [autorelayerAddress(world)]);
  await attach(world, state, chain);
  await verifyBedrock(world, chain);
}

/** Typed contracts on `chain.contracts`, the chain's relayed set, and (simulated chains) its supervisor. */
async function attach(
  world: World,
  state: OpRelayState,
  chain: Chain,
): Promise<void> {
  await attachSystemContracts(predeploys(chain));
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
