import type { StarknetContext } from "./context.js";
import type { StarknetInstance } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { SystemContractSet } from "../../system-contracts.js";

import { ACTOR_BALANCE } from "../../actors.js";
import {
  attachSystemContracts,
  impersonateActors,
  installSystemCode,
  verifySystemCode,
} from "../../system-contracts.js";

import { L2_MESSAGING_ADDRESS } from "./addresses.js";
import {
  AGGREGATOR_PROGRAM_HASH,
  CONFIG_HASH,
  PROGRAM_HASH,
} from "./codec/program-output.js";
import { coreArtifact, l2Artifact, registryArtifact } from "./context.js";

/** The system contracts of StarkNet chain `instance`: StarknetCore and MockFactRegistry on the L1, its messaging predeploy. */
function systemContracts(
  ctx: StarknetContext,
  instance: StarknetInstance,
): SystemContractSet {
  return {
    chain: instance.chain,
    l1: ctx.world.l1,
    entries: [
      {
        on: "l1",
        name: "StarknetCore",
        address: instance.core,
        artifact: coreArtifact(),
      },
      {
        on: "l1",
        name: "MockFactRegistry",
        address: instance.registry,
        artifact: registryArtifact(),
      },
      {
        on: "l2",
        name: "StarknetL2Messaging",
        address: L2_MESSAGING_ADDRESS,
        artifact: l2Artifact(),
      },
    ],
  };
}

/**
 * Installs StarknetCore and MockFactRegistry on the L1 and StarknetL2Messaging on `chain` at their
 * addresses, initialises them, and funds and impersonates the deployer, sequencer and prover.
 */
export async function install(
  ctx: StarknetContext,
  chain: Chain,
): Promise<void> {
  const instance = ctx.instance(chain);
  const l1 = ctx.world.l1;
  const { deployer, sequencer, prover } = ctx.actors;
  for (const account of [deployer, sequencer, prover]) {
    await l1.setBalance(account, ACTOR_BALANCE);
    await l1.impersonate(account);
  }
  await chain.setBalance(sequencer, ACTOR_BALANCE);
  await chain.impersonate(sequencer);
  await installSystemCode(systemContracts(ctx, instance));
  const { cancellationDelay } = ctx.world.config.starknet;
  // Initializers carry the most gas a transaction may: the provider need not estimate each one.
  const l1Gas = await l1.maxTransactionGas();
  await l1.send({
    from: deployer,
    gas: l1Gas,
    to: instance.core,
    data: ctx.core.encodeFunctionData("initialize", [
      deployer,
      instance.registry,
      sequencer,
      PROGRAM_HASH,
      AGGREGATOR_PROGRAM_HASH,
      CONFIG_HASH,
      cancellationDelay,
    ]),
  });
  await l1.send({
    from: deployer,
    gas: l1Gas,
    to: instance.registry,
    data: ctx.registry.encodeFunctionData("initialize", [prover]),
  });
  await chain.send({
    from: sequencer,
    gas: await chain.maxTransactionGas(),
    to: L2_MESSAGING_ADDRESS,
    data: ctx.l2.encodeFunctionData("initialize", [sequencer]),
  });
  await attachSystemContracts(systemContracts(ctx, instance));
}

/**
 * Checks that the chains hold the plugin's StarkNet system contracts (chains started by
 * `npx hardhat xdm:node`), impersonates the actors, and reads which L2 blocks earlier updates carried.
 */
export async function verifyInstalled(
  ctx: StarknetContext,
  chain: Chain,
): Promise<void> {
  const instance = ctx.instance(chain);
  await verifySystemCode(systemContracts(ctx, instance));
  await impersonateActors(ctx.world.l1, Object.values(ctx.actors));
  await impersonateActors(chain, [ctx.actors.sequencer]);
  // Chain state says which L2 blocks earlier updates already carried.
  const stored = BigInt.asIntN(
    256,
    BigInt(
      await ctx.world.l1.rpc<string>("eth_call", [
        {
          to: instance.core,
          data: ctx.core.encodeFunctionData("stateBlockNumber", []),
        },
        "latest",
      ]),
    ),
  );
  if (stored >= 0n) instance.state.lastUpdated = Number(stored);
  await attachSystemContracts(systemContracts(ctx, instance));
}
