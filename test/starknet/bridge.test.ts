import type { Contract } from "ethers";

import { expect } from "chai";
import { parseEther } from "ethers";

import { DEPOSIT_HANDLER_SELECTOR } from "../../src/protocols/starknet/codec/selectors.js";
import { DEFAULT_MESSAGE_CANCELLATION_DELAY } from "../../src/protocols/starknet/codec/starknet-core.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectRevert } from "../helpers/rejection.js";

import {
  TEST_ADDRESSES,
  deliver,
  deploy,
  fundedUser,
  installStarknet,
  sentToL2,
  setNextBlockTimestamp,
  type StarknetEnv,
  updateState,
} from "./helpers.js";

interface Bridges {
  l1Bridge: Contract;
  l2Bridge: Contract;
}

/** Deploys the demo bridge halves; `l1Counterpart` lets a test give the L2 half the wrong L1 bridge. */
async function deployBridges(
  env: StarknetEnv,
  l1Counterpart?: bigint,
): Promise<Bridges> {
  const l1Bridge = await deploy(
    env.l1,
    "StarknetEthBridgeL1",
    [TEST_ADDRESSES.starknetCore, env.deployer.address],
    env.deployer,
  );
  const l2Deployer = await fundedUser(env.l2, "bridge-deployer");
  const l2Bridge = await deploy(
    env.l2,
    "StarknetEthBridgeL2",
    [l1Counterpart ?? BigInt(await l1Bridge.getAddress())],
    l2Deployer,
  );
  await mined(l1Bridge.setL2Bridge(BigInt(await l2Bridge.getAddress())));
  return { l1Bridge, l2Bridge };
}

describe("Demo: StarkNet ETH bridge", function () {
  let env: StarknetEnv;

  beforeEach(async function () {
    env = await installStarknet();
  });

  it("deposits to L2, withdraws back after a proven state update, once", async function () {
    const { l1Bridge, l2Bridge } = await deployBridges(env);
    const alice = await fundedUser(env.l1, "alice");
    const aliceL2 = await fundedUser(env.l2, "alice");
    const amount = parseEther("1");
    const fee = parseEther("0.001");

    // L1: lock 1 ETH and send the deposit message with its fee.
    const depositReceipt = await mined(
      (l1Bridge.connect(alice) as Contract).deposit(
        BigInt(aliceL2.address),
        amount,
        { value: amount + fee },
      ),
    );
    const [message] = sentToL2(env, depositReceipt);
    expect(message.fromAddress).to.equal(await l1Bridge.getAddress());
    expect(message.toAddress).to.equal(BigInt(await l2Bridge.getAddress()));
    expect(message.selector).to.equal(DEPOSIT_HANDLER_SELECTOR);
    expect(message.payload).to.deep.equal([BigInt(aliceL2.address), amount]);
    expect(message.fee).to.equal(fee);
    expect(
      await env.l1.ethers.provider.getBalance(await l1Bridge.getAddress()),
    ).to.equal(amount);

    // L2: the sequencer delivers it.
    const handled = await deliver(env, message);
    expect(eventsOf(handled, l2Bridge, "DepositHandled")[0].args).to.deep.equal(
      [aliceL2.address, amount],
    );
    expect(await l2Bridge.balanceOf(aliceL2.address)).to.equal(amount);

    // L2: Alice withdraws 0.4 ETH to her L1 account.
    const withdrawal = parseEther("0.4");
    await mined(
      (l2Bridge.connect(aliceL2) as Contract).withdraw(
        alice.address,
        withdrawal,
      ),
    );
    expect(await l2Bridge.balanceOf(aliceL2.address)).to.equal(
      amount - withdrawal,
    );

    // L1: not consumable before the state update.
    await expectRevert(
      l1Bridge.finalizeWithdrawal(alice.address, withdrawal),
      "INVALID_MESSAGE_TO_CONSUME",
    );

    // The updater proves both L2 blocks' messages; the deposit fee goes to the operator.
    const update = await updateState(env);
    expect(eventsOf(update, env.core, "ConsumedMessageToL2")).to.have.length(1);
    expect(eventsOf(update, env.core, "LogMessageToL1")).to.have.length(1);
    expect(await env.core.l1ToL2Messages(message.msgHash)).to.equal(0n);

    // Anyone may finalize; the ETH goes to the L2-named recipient.
    const before = await env.l1.ethers.provider.getBalance(alice.address);
    const keeper = await fundedUser(env.l1, "keeper");
    await mined(
      (l1Bridge.connect(keeper) as Contract).finalizeWithdrawal(
        alice.address,
        withdrawal,
      ),
    );
    expect(await env.l1.ethers.provider.getBalance(alice.address)).to.equal(
      before + withdrawal,
    );
    expect(
      await env.l1.ethers.provider.getBalance(await l1Bridge.getAddress()),
    ).to.equal(amount - withdrawal);
    await expectRevert(
      l1Bridge.finalizeWithdrawal(alice.address, withdrawal),
      "INVALID_MESSAGE_TO_CONSUME",
    );
  });

  it("a deposit whose handler refuses it stays pending and is refunded after cancellation", async function () {
    // The L2 half trusts another L1 bridge, so it refuses this one's deposits ("WRONG_L1_SENDER").
    const { l1Bridge, l2Bridge } = await deployBridges(env, 0xbadn);
    const alice = await fundedUser(env.l1, "alice");
    const bob = await fundedUser(env.l1, "bob");
    const amount = parseEther("2");
    const depositReceipt = await mined(
      (l1Bridge.connect(alice) as Contract).deposit(0xa11ce, amount, {
        value: amount + 1n,
      }),
    );
    const [message] = sentToL2(env, depositReceipt);

    const handled = await deliver(env, message);
    expect(await env.messaging.l1HandlerStatus(message.nonce)).to.equal(2n);
    expect(
      eventsOf(handled, env.messaging, "L1HandlerReverted"),
    ).to.have.length(1);
    expect(
      await l2Bridge.balanceOf("0x00000000000000000000000000000000000a11ce"),
    ).to.equal(0n);
    expect(await env.core.l1ToL2Messages(message.msgHash)).to.equal(2n);

    await expectRevert(
      (l1Bridge.connect(bob) as Contract).startDepositCancellation(
        0xa11ce,
        amount,
        message.nonce,
      ),
      "NOT_DEPOSITOR",
    );
    const aliceBridge = l1Bridge.connect(alice) as Contract;
    const started = await mined(
      aliceBridge.startDepositCancellation(0xa11ce, amount, message.nonce),
    );
    const requestedAt = BigInt((await started.getBlock()).timestamp);
    await expectRevert(
      aliceBridge.cancelDeposit(0xa11ce, amount, message.nonce),
      "MESSAGE_CANCELLATION_NOT_ALLOWED_YET",
    );

    await setNextBlockTimestamp(
      env.l1,
      requestedAt + DEFAULT_MESSAGE_CANCELLATION_DELAY,
    );
    const before = await env.l1.ethers.provider.getBalance(alice.address);
    const cancelled = await mined(
      aliceBridge.cancelDeposit(0xa11ce, amount, message.nonce),
    );
    const gas = cancelled.gasUsed * cancelled.gasPrice;
    expect(await env.l1.ethers.provider.getBalance(alice.address)).to.equal(
      before - gas + amount,
    );
    expect(await env.core.l1ToL2Messages(message.msgHash)).to.equal(0n);
    expect(eventsOf(cancelled, env.core, "MessageToL2Canceled")).to.have.length(
      1,
    );
    await expectRevert(
      aliceBridge.cancelDeposit(0xa11ce, amount, message.nonce),
      "NOT_DEPOSITOR",
    );
  });

  it("surfaces StarknetCore's fee rules and its own checks", async function () {
    const { l1Bridge, l2Bridge } = await deployBridges(env);
    const alice = await fundedUser(env.l1, "alice");
    const bridge = l1Bridge.connect(alice) as Contract;
    await expectRevert(
      bridge.deposit(0xa11ce, 5n, { value: 5n }),
      "L1_MSG_FEE_MUST_BE_GREATER_THAN_0",
    );
    await expectRevert(
      bridge.deposit(0xa11ce, 5n, { value: 4n }),
      "VALUE_BELOW_AMOUNT",
    );
    await expectRevert(
      bridge.deposit(0xa11ce, 1n << 128n, { value: 1n }),
      "AMOUNT_TOO_LARGE",
    );
    await expectRevert(l1Bridge.setL2Bridge(1n), "L2_BRIDGE_ALREADY_SET");
    const aliceL2 = await fundedUser(env.l2, "alice");
    await expectRevert(
      (l2Bridge.connect(aliceL2) as Contract).withdraw(alice.address, 1n),
      "INSUFFICIENT_BALANCE",
    );
    await expectRevert(
      (l2Bridge.connect(aliceL2) as Contract).deposit(
        BigInt(await l1Bridge.getAddress()),
        [1n, 1n],
      ),
      "ONLY_L1_HANDLER",
    );
  });
});
