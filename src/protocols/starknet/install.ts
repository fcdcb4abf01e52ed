import type { StarknetContext } from "./context.js";
import type { StarknetInstance } from "./instance.js";
import type { Chain } from "../../chain.js";

import { ACTOR_BALANCE } from "../../actors.js";
import { attachSystemContract } from "../../system-contracts.js";

import { L2_MESSAGING_ADDRESS } from "./addresses.js";
import {
  AGGREGATOR_PROGRAM_HASH,
  CONFIG_HASH,
  PROGRAM_HASH,
} from "./codec/program-output.js";
import { coreArtifact, fail, l2Artifact, registryArtifact } from "./context.js";

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
  await l1.setCode(instance.core, coreArtifact().deployedBytecode);
  await l1.setCode(instance.registry, registryArtifact().deployedBytecode);
  await chain.setCode(L2_MESSAGING_ADDRESS, l2Artifact().deployedBytecode);
  const { cancellationDelay } = ctx.world.config.starknet;
  await l1.send({
    from: deployer,
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
    to: instance.registry,
    data: ctx.registry.encodeFunctionData("initialize", [prover]),
  });
  await chain.send({
    from: sequencer,
    to: L2_MESSAGING_ADDRESS,
    data: ctx.l2.encodeFunctionData("initialize", [sequencer]),
  });
  await attach(ctx, instance);
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
  for (const [where, name, at, artifact] of [
    [ctx.world.l1, "StarknetCore", instance.core, coreArtifact()],
    [ctx.world.l1, "MockFactRegistry", instance.registry, registryArtifact()],
    [chain, "StarknetL2Messaging", L2_MESSAGING_ADDRESS, l2Artifact()],
  ] as const) {
    const code = await where.rpc<string>("eth_getCode", [at, "latest"]);
    if (code.toLowerCase() !== artifact.deployedBytecode.toLowerCase()) {
      fail(
        `Chain "${where.name}" has no hardhat-xdm ${name} at ${at}. Attach to chains started by \`npx hardhat xdm:node\`.`,
      );
    }
  }
  for (const account of Object.values(ctx.actors)) {
    await ctx.world.l1
      .rpc("hardhat_impersonateAccount", [account])
      .catch(() => undefined);
  }
  await chain
    .rpc("hardhat_impersonateAccount", [ctx.actors.sequencer])
    .catch(() => undefined);
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
  await attach(ctx, instance);
}

async function attach(
  ctx: StarknetContext,
  instance: StarknetInstance,
): Promise<void> {
  const { chain } = instance;
  const l1 = ctx.world.l1;
  await attachSystemContract(
    chain.l1Contracts,
    "StarknetCore",
    l1.ethers,
    coreArtifact().abi,
    instance.core,
  );
  await attachSystemContract(
    chain.l1Contracts,
    "MockFactRegistry",
    l1.ethers,
    registryArtifact().abi,
    instance.registry,
  );
  await attachSystemContract(
    chain.contracts,
    "StarknetL2Messaging",
    chain.ethers,
    l2Artifact().abi,
    L2_MESSAGING_ADDRESS,
  );
}
