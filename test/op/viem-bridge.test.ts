/**
 * viem's own OP Stack actions (viem 2.58.8, `viem/op-stack`), unchanged, with the supersim chain definitions
 * of @eth-optimism/viem 0.4.13 (only the URLs moved to the free ports the test found), running the whole
 * L1 → opA → L1 round trip against xdm:node in process: depositTransaction and getL2TransactionHashes,
 * initiateWithdrawal, getWithdrawalStatus, waitToProve, buildProveWithdrawal, proveWithdrawal,
 * getTimeToFinalize, time travel over JSON-RPC, finalizeWithdrawal. supersim's chains name no `portal`
 * contract, so every L1 action gets `portalAddress`, as with supersim itself.
 */
import type { TransactionReceipt } from "viem";

import { supersimL1, supersimL2A } from "@eth-optimism/viem/chains";
import { expect } from "chai";
import hre from "hardhat";
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  buildProveWithdrawal,
  depositTransaction,
  finalizeWithdrawal,
  getL2TransactionHashes,
  getTimeToFinalize,
  getWithdrawalStatus,
  initiateWithdrawal,
  proveWithdrawal,
  waitToProve,
} from "viem/op-stack";

import { XdmNode } from "../../src/node/node.js";
import { isDeposit, isWithdrawal } from "../../src/protocols/op/details.js";
import { freeBasePort } from "../node/processes.js";

// The second account of the test mnemonic, funded on every chain of xdm:node as on supersim.
const account = privateKeyToAccount(
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
);
const PORTAL = "0x6cd0121a4eeedb8f07007773e46b1aaac17e5e07";
const DISPUTE_GAME_FACTORY = "0x831ba37de091e1a2c695a53e3a03d2a512bcc876";
/** What viem's types ask of the L1 side; a 4.x portal's path reads only the portal (and the factory through it). */
const l1Contracts = {
  portalAddress: PORTAL,
  disputeGameFactoryAddress: DISPUTE_GAME_FACTORY,
} as const;

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${String(value)} after 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("viem's OP Stack actions against xdm:node: deposit and withdrawal", function () {
  this.timeout(240_000);
  let node: XdmNode;
  before(async () => {
    node = await XdmNode.start(hre, {
      port: await freeBasePort(),
      autorelay: true,
      tick: 100,
      l1BlockTime: 1,
      log: () => {},
    });
  });
  after(async () => {
    await node.stop();
  });

  it("runs the round trip with viem's actions, and waits out the 7 days over JSON-RPC", async () => {
    const l1Transport = http(node.urls.l1);
    const l2Transport = http(node.urls.opA);
    const l1Public = createPublicClient({
      chain: supersimL1,
      transport: l1Transport,
    });
    const l1Wallet = createWalletClient({
      account,
      chain: supersimL1,
      transport: l1Transport,
    });
    const l2Public = createPublicClient({
      chain: supersimL2A,
      transport: l2Transport,
    });
    const l2Wallet = createWalletClient({
      account,
      chain: supersimL2A,
      transport: l2Transport,
    });

    // Deposit 1 ETH; viem computes the deposit's L2 hash from the L1 log.
    const l2Before = await l2Public.getBalance({ address: account.address });
    const depositHash = await depositTransaction(l1Wallet, {
      request: { to: account.address, mint: parseEther("1"), gas: 100_000n },
      portalAddress: PORTAL,
    });
    const depositReceipt = await l1Public.waitForTransactionReceipt({
      hash: depositHash,
    });
    const [l2Hash] = getL2TransactionHashes(depositReceipt);
    const deposit = await until(
      "the deposit",
      async () =>
        node.world
          .messages({ protocol: "op", from: "l1" })
          .filter(isDeposit)
          .find((m) => m.sourceTx === depositHash),
      (m) => m?.status === "relayed",
    );
    // EDR has no deposit transaction type: viem's hash is recorded, the L2 ran it as destinationTx.
    expect(deposit!.details.l2TransactionHash).to.equal(l2Hash);
    expect(await l2Public.getBalance({ address: account.address })).to.equal(
      l2Before + parseEther("1"),
    );

    // Withdraw 0.25 ETH back to L1.
    const withdrawalTx = await initiateWithdrawal(l2Wallet, {
      request: {
        gas: 100_000n,
        to: account.address,
        value: parseEther("0.25"),
      },
    });
    const receipt: TransactionReceipt =
      await l2Public.waitForTransactionReceipt({ hash: withdrawalTx });
    const { game, withdrawal } = await waitToProve(l1Public, {
      receipt,
      ...l1Contracts,
      pollingInterval: 200,
    });
    expect(
      await getWithdrawalStatus(l1Public, { receipt, ...l1Contracts }),
    ).to.equal("ready-to-prove");
    const { targetChain, ...args } = await buildProveWithdrawal(l2Public, {
      game,
      withdrawal,
    });
    expect(targetChain.id).to.equal(901);
    const proveHash = await proveWithdrawal(l1Wallet, {
      ...args,
      portalAddress: PORTAL,
    });
    await l1Public.waitForTransactionReceipt({ hash: proveHash });
    expect(
      await getWithdrawalStatus(l1Public, { receipt, ...l1Contracts }),
    ).to.equal("waiting-to-finalize");
    const { seconds, period } = await getTimeToFinalize(l1Public, {
      withdrawalHash: withdrawal.withdrawalHash,
      portalAddress: PORTAL,
      // viem's types ask for it; the path of a portal of major version ≥ 3 never reads it.
      l2OutputOracleAddress: zeroAddress,
    });
    expect(period).to.equal(604800);
    // viem counts from the wall clock; the chains' clock may differ from it by a little under load.
    expect(seconds).to.be.within(604800 - 3600, 604800 + 3600);
    const wait = Math.max(seconds, 604801);

    // Wait out the 7 days on the L1 over JSON-RPC, as a client does: the world's one clock moves, so
    // opA is not left a week behind.
    const opABefore = (await l2Public.getBlock()).timestamp;
    await l1Public.request({
      method: "evm_increaseTime" as never,
      params: [wait] as never,
    });
    await l1Public.request({
      method: "evm_mine" as never,
      params: [] as never,
    });
    expect(
      (await l2Public.getBlock()).timestamp >= opABefore + BigInt(wait),
    ).to.equal(true);
    expect(
      await getWithdrawalStatus(l1Public, { receipt, ...l1Contracts }),
    ).to.equal("ready-to-finalize");
    const l1Before = await l1Public.getBalance({ address: account.address });
    const finalizeHash = await finalizeWithdrawal(l1Wallet, {
      withdrawal,
      portalAddress: PORTAL,
    });
    const finalized = await l1Public.waitForTransactionReceipt({
      hash: finalizeHash,
    });
    expect(finalized.status).to.equal("success");
    expect(
      await getWithdrawalStatus(l1Public, { receipt, ...l1Contracts }),
    ).to.equal("finalized");
    const fee = finalized.gasUsed * finalized.effectiveGasPrice;
    expect(await l1Public.getBalance({ address: account.address })).to.equal(
      l1Before + parseEther("0.25") - fee,
    );
    const message = await until(
      "the withdrawal in the world",
      async () =>
        node.world
          .messages({ protocol: "op", to: "l1" })
          .filter(isWithdrawal)
          .find((m) => m.sourceTx === withdrawalTx),
      (m) => m?.status === "relayed",
    );
    expect(message!.destinationTx).to.equal(finalizeHash);
  });
});
