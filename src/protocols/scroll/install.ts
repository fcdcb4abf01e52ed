import type { SCROLL_L1_ADDRESSES } from "./addresses.js";
import type { ScrollContext, ScrollInstance } from "./instance.js";
import type { Chain } from "../../chain.js";

import { ZeroAddress } from "ethers";

import { ACTOR_BALANCE } from "../../actors.js";
import { attachSystemContract } from "../../system-contracts.js";

import {
  L2_MESSAGE_QUEUE_ADDRESS,
  L2_WHITELIST_ADDRESS,
  L2_SCROLL_MESSENGER_ADDRESS,
} from "./addresses.js";
import {
  batchHash,
  encodeBatchHeaderV0,
  genesisBatchHeader,
} from "./codec/batch-header.js";
import {
  ARTIFACTS,
  MAX_NUM_TX_IN_CHUNK,
  actorsOf,
  fail,
  instanceOf,
} from "./instance.js";
import { rebuild } from "./rebuild.js";

/** The system contracts of a Scroll chain on the L1, by name. */
const L1_CONTRACTS = [
  "L1ScrollMessenger",
  "L1MessageQueue",
  "ZKRollup",
  "MockRollupVerifier",
  "Whitelist",
] as const satisfies ReadonlyArray<keyof typeof SCROLL_L1_ADDRESSES>;

/** 2^247 wei: the L2ScrollMessenger's genesis balance on Scroll devnets. */
const L2_MESSENGER_BALANCE = 1n << 247n;

/** Installs the Scroll system contracts of `chain` at their addresses, initialised, with the actors funded, and imports the genesis batch. */
export async function install(ctx: ScrollContext, chain: Chain): Promise<void> {
  const instance = instanceOf(ctx, chain);
  const l1 = ctx.world.l1;
  const { deployer, sequencer, prover, feeVault } = actorsOf(ctx);
  const settings = ctx.world.config.scroll;
  const a = instance.l1;
  for (const account of [deployer, sequencer]) {
    await l1.setBalance(account, ACTOR_BALANCE);
    await l1.impersonate(account);
  }
  for (const [name, at] of Object.entries(a)) {
    await l1.setCode(at, ARTIFACTS[name as keyof typeof a]().deployedBytecode);
  }
  const i = ctx.ifaces;
  const asDeployer = (to: string, data: string) =>
    l1.send({ from: deployer, to, data });
  await asDeployer(
    a.Whitelist,
    i.whitelist.encodeFunctionData("initialize", [deployer]),
  );
  await asDeployer(
    a.Whitelist,
    i.whitelist.encodeFunctionData("updateWhitelistStatus", [
      [sequencer],
      true,
    ]),
  );
  await asDeployer(
    a.L1MessageQueue,
    i.l1Queue.encodeFunctionData("initialize", [
      deployer,
      a.L1ScrollMessenger,
      a.ZKRollup,
      a.Whitelist,
      settings.maxGasLimit,
    ]),
  );
  await asDeployer(
    a.MockRollupVerifier,
    i.verifier.encodeFunctionData("initialize", [deployer, prover.address]),
  );
  await asDeployer(
    a.ZKRollup,
    i.rollup.encodeFunctionData("initialize", [
      deployer,
      a.L1MessageQueue,
      a.MockRollupVerifier,
      chain.chainId,
      MAX_NUM_TX_IN_CHUNK,
    ]),
  );
  await asDeployer(
    a.ZKRollup,
    i.rollup.encodeFunctionData("addSequencer", [sequencer]),
  );
  await asDeployer(
    a.ZKRollup,
    i.rollup.encodeFunctionData("addProver", [sequencer]),
  );
  await asDeployer(
    a.L1ScrollMessenger,
    i.l1Messenger.encodeFunctionData("initialize", [
      deployer,
      L2_SCROLL_MESSENGER_ADDRESS,
      feeVault,
      a.ZKRollup,
      a.L1MessageQueue,
      settings.whitelist ? a.Whitelist : ZeroAddress,
    ]),
  );
  if (settings.l2BaseFee !== 0n) {
    await l1.send({
      from: sequencer,
      to: a.L1MessageQueue,
      data: i.l1Queue.encodeFunctionData("setL2BaseFee", [settings.l2BaseFee]),
    });
  }

  await chain.setBalance(deployer, ACTOR_BALANCE);
  await chain.impersonate(deployer);
  await chain.setCode(
    L2_SCROLL_MESSENGER_ADDRESS,
    ARTIFACTS.L2ScrollMessenger().deployedBytecode,
  );
  await chain.setCode(
    L2_MESSAGE_QUEUE_ADDRESS,
    ARTIFACTS.L2MessageQueue().deployedBytecode,
  );
  await chain.setCode(
    L2_WHITELIST_ADDRESS,
    ARTIFACTS.Whitelist().deployedBytecode,
  );
  const onL2 = (to: string, data: string) =>
    chain.send({ from: deployer, to, data });
  await onL2(
    L2_MESSAGE_QUEUE_ADDRESS,
    i.l2Queue.encodeFunctionData("initialize", [L2_SCROLL_MESSENGER_ADDRESS]),
  );
  await onL2(
    L2_WHITELIST_ADDRESS,
    i.whitelist.encodeFunctionData("initialize", [deployer]),
  );
  await onL2(
    L2_WHITELIST_ADDRESS,
    i.whitelist.encodeFunctionData("updateWhitelistStatus", [
      [instance.alias],
      true,
    ]),
  );
  await onL2(
    L2_SCROLL_MESSENGER_ADDRESS,
    i.l2Messenger.encodeFunctionData("initialize", [
      deployer,
      a.L1ScrollMessenger,
      feeVault,
      L2_MESSAGE_QUEUE_ADDRESS,
      settings.whitelist ? L2_WHITELIST_ADDRESS : ZeroAddress,
    ]),
  );
  await chain.setBalance(L2_SCROLL_MESSENGER_ADDRESS, L2_MESSENGER_BALANCE);
  // The sequencer's relay transactions come from the alias; a real L1MessageTx pays no gas.
  await chain.setBalance(instance.alias, ACTOR_BALANCE);
  await chain.impersonate(instance.alias);

  // Batch 0 is the L2 genesis: data hash = block 0's hash, state root = block 0's.
  const genesis = await chain.block(0);
  const header = genesisBatchHeader(genesis.hash);
  await asDeployer(
    a.ZKRollup,
    i.rollup.encodeFunctionData("importGenesisBatch", [
      encodeBatchHeaderV0(header),
      genesis.stateRoot,
    ]),
  );
  instance.state.batches.push({
    header,
    encodedHeader: encodeBatchHeaderV0(header),
    batchHash: batchHash(header),
    lastBlock: 0,
    committedAt: 0,
    finalized: true,
  });
  await attach(ctx, instance);
}

/** When attaching to running chains: checks the system contracts are the plugin's, rebuilds the relayer's state from the chains, attaches the contracts. */
export async function verifyInstalled(
  ctx: ScrollContext,
  chain: Chain,
): Promise<void> {
  const instance = instanceOf(ctx, chain);
  const l1 = ctx.world.l1;
  const expected: Array<[Chain, string, string, string]> = [
    ...Object.entries(instance.l1).map(
      ([name, at]) =>
        [
          l1,
          name,
          at,
          ARTIFACTS[name as keyof typeof instance.l1]().deployedBytecode,
        ] as [Chain, string, string, string],
    ),
    [
      chain,
      "L2ScrollMessenger",
      L2_SCROLL_MESSENGER_ADDRESS,
      ARTIFACTS.L2ScrollMessenger().deployedBytecode,
    ],
    [
      chain,
      "L2MessageQueue",
      L2_MESSAGE_QUEUE_ADDRESS,
      ARTIFACTS.L2MessageQueue().deployedBytecode,
    ],
  ];
  for (const [where, name, at, code] of expected) {
    if (
      (await where.rpc<string>("eth_getCode", [at, "latest"])).toLowerCase() !==
      code.toLowerCase()
    ) {
      fail(
        `Chain "${where.name}" has no hardhat-xdm ${name} at ${at}. Attach to chains started by \`npx hardhat xdm:node\`.`,
      );
    }
  }
  for (const account of [actorsOf(ctx).deployer, actorsOf(ctx).sequencer]) {
    await l1
      .rpc("hardhat_impersonateAccount", [account])
      .catch(() => undefined);
  }
  await chain
    .rpc("hardhat_impersonateAccount", [instance.alias])
    .catch(() => undefined);
  await rebuild(ctx, instance);
  await attach(ctx, instance);
}

/** Attaches the system contracts to `chain.contracts` and `chain.l1Contracts`. */
export async function attach(
  ctx: ScrollContext,
  instance: ScrollInstance,
): Promise<void> {
  const { chain } = instance;
  const l1 = ctx.world.l1;
  for (const name of L1_CONTRACTS) {
    await attachSystemContract(
      chain.l1Contracts,
      name,
      l1.ethers,
      ARTIFACTS[name]().abi,
      instance.l1[name],
    );
  }
  await attachSystemContract(
    chain.contracts,
    "L2ScrollMessenger",
    chain.ethers,
    ARTIFACTS.L2ScrollMessenger().abi,
    L2_SCROLL_MESSENGER_ADDRESS,
  );
  await attachSystemContract(
    chain.contracts,
    "L2MessageQueue",
    chain.ethers,
    ARTIFACTS.L2MessageQueue().abi,
    L2_MESSAGE_QUEUE_ADDRESS,
  );
  await attachSystemContract(
    chain.contracts,
    "Whitelist",
    chain.ethers,
    ARTIFACTS.Whitelist().abi,
    L2_WHITELIST_ADDRESS,
  );
}
