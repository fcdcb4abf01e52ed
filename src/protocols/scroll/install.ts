import type { SCROLL_L1_ADDRESSES } from "./addresses.js";
import type { ScrollContext, ScrollInstance } from "./instance.js";
import type { Chain } from "../../chain.js";
import type { SystemContractSet } from "../../system-contracts.js";

import { ZeroAddress } from "ethers";

import { ACTOR_BALANCE } from "../../actors.js";
import {
  attachSystemContracts,
  impersonateActors,
  installSystemCode,
  verifySystemCode,
} from "../../system-contracts.js";

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

/** The system contracts of Scroll chain `instance`: its rollup's on the L1, and its own predeploys. */
function systemContracts(
  ctx: ScrollContext,
  instance: ScrollInstance,
): SystemContractSet {
  return {
    chain: instance.chain,
    l1: ctx.world.l1,
    entries: [
      ...L1_CONTRACTS.map((name) => ({
        on: "l1" as const,
        name,
        address: instance.l1[name],
        artifact: ARTIFACTS[name](),
      })),
      {
        on: "l2",
        name: "L2ScrollMessenger",
        address: L2_SCROLL_MESSENGER_ADDRESS,
        artifact: ARTIFACTS.L2ScrollMessenger(),
      },
      {
        on: "l2",
        name: "L2MessageQueue",
        address: L2_MESSAGE_QUEUE_ADDRESS,
        artifact: ARTIFACTS.L2MessageQueue(),
      },
      {
        on: "l2",
        name: "Whitelist",
        address: L2_WHITELIST_ADDRESS,
        artifact: ARTIFACTS.Whitelist(),
      },
    ],
  };
}

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
  // Every system contract's code, on the L1 and the L2; the calls below initialise them.
  await installSystemCode(systemContracts(ctx, instance));
  const i = ctx.ifaces;
  // Initializers carry the most gas a transaction may: the provider need not estimate each one.
  const l1Gas = await l1.maxTransactionGas();
  const asDeployer = (to: string, data: string) =>
    l1.send({ from: deployer, to, data, gas: l1Gas });
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
      gas: l1Gas,
      to: a.L1MessageQueue,
      data: i.l1Queue.encodeFunctionData("setL2BaseFee", [settings.l2BaseFee]),
    });
  }

  await chain.setBalance(deployer, ACTOR_BALANCE);
  await chain.impersonate(deployer);
  const l2Gas = await chain.maxTransactionGas();
  const onL2 = (to: string, data: string) =>
    chain.send({ from: deployer, to, data, gas: l2Gas });
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
  await attachSystemContracts(systemContracts(ctx, instance));
}

/**
 * When attaching to running chains: checks the system contracts are the plugin's, has the nodes sign
 * for the actors, rebuilds the relayer's state from the chains, attaches the contracts.
 */
export async function verifyInstalled(
  ctx: ScrollContext,
  chain: Chain,
): Promise<void> {
  const instance = instanceOf(ctx, chain);
  const { deployer, sequencer } = actorsOf(ctx);
  await verifySystemCode(systemContracts(ctx, instance));
  await impersonateActors(ctx.world.l1, [deployer, sequencer]);
  await impersonateActors(chain, [instance.alias]);
  await rebuild(ctx, instance);
  await attachSystemContracts(systemContracts(ctx, instance));
}
