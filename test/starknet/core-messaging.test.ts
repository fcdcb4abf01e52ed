// StarknetCore's messaging, one contract's surface (about 460 lines): vectors, send, consume,
// cancellation and governance share one install.
import { expect } from "chai";
import { AbiCoder, toBeHex } from "ethers";

import {
  decodeLogMessageToL2,
  type LogMessageToL2Event,
} from "../../src/protocols/starknet/codec/events.js";
import {
  DEFAULT_MESSAGE_CANCELLATION_DELAY,
  MAX_L1_MSG_FEE,
  STARKNET_SLOTS,
  mappingSlot,
} from "../../src/protocols/starknet/codec/starknet-core.js";
import { impersonate } from "../helpers/accounts.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectRevert } from "../helpers/rejection.js";

import {
  TEST_ADDRESSES,
  asCore,
  fundedUser,
  installStarknet,
  installCode,
  latestTimestamp,
  setNextBlockTimestamp,
  storageAt,
  type StarknetEnv,
} from "./helpers.js";
import { K1, K2, K3 } from "./vectors.js";

const TO = 0x1234n;
const SELECTOR = 0xde3ab781n;

async function send(
  env: StarknetEnv,
  sender: Awaited<ReturnType<typeof fundedUser>>,
  payload: bigint[],
  fee = 1000n,
): Promise<LogMessageToL2Event> {
  const receipt = await mined(
    asCore(env, sender).sendMessageToL2(TO, SELECTOR, payload, { value: fee }),
  );
  const [event] = eventsOf(receipt, env.core, "LogMessageToL2");
  return decodeLogMessageToL2(event.log);
}

describe("StarknetCore messaging", function () {
  let env: StarknetEnv;

  beforeEach(async function () {
    env = await installStarknet();
  });

  describe("vectors", function () {
    it("K1: sendMessageToL2 from the vector's sender at nonce 783082 gives the vector's hash and log data", async function () {
      // Jump the nonce through its named slot, as the real contract's storage would hold it.
      await env.l1.provider.request({
        method: "hardhat_setStorageAt",
        params: [
          TEST_ADDRESSES.starknetCore,
          STARKNET_SLOTS.l1ToL2Nonce,
          toBeHex(K1.nonce, 32),
        ],
      });
      const sender = await impersonate(env.l1, K1.from);
      const core = asCore(env, sender);
      const [hash, nonce] = await core.sendMessageToL2.staticCall(
        K1.to,
        K1.selector,
        K1.payload,
        { value: K1.fee },
      );
      expect(hash).to.equal(K1.hash);
      expect(nonce).to.equal(K1.nonce);

      const receipt = await mined(
        core.sendMessageToL2(K1.to, K1.selector, K1.payload, { value: K1.fee }),
      );
      const [event] = eventsOf(receipt, env.core, "LogMessageToL2");
      const words = AbiCoder.defaultAbiCoder().decode(
        ["uint256", "uint256", "uint256", "uint256", "uint256", "uint256"],
        event.log.data,
      );
      expect(words.toArray()).to.deep.equal([
        0x60n,
        0xbf2ean,
        0x7530n,
        2n,
        1n,
        2n,
      ]);
      const decoded = decodeLogMessageToL2(event.log);
      expect(decoded.msgHash).to.equal(K1.hash);
      expect(decoded.fromAddress.toLowerCase()).to.equal(K1.from.toLowerCase());
      expect(await env.core.l1ToL2Messages(K1.hash)).to.equal(K1.fee + 1n);
      expect(await env.core.l1ToL2MessageNonce()).to.equal(K1.nonce + 1n);
    });

    it("K1, K2: l1ToL2MsgHash view", async function () {
      expect(
        await env.core.l1ToL2MsgHash(
          K1.from,
          K1.to,
          K1.selector,
          K1.payload,
          K1.nonce,
        ),
      ).to.equal(K1.hash);
      expect(
        await env.core.l1ToL2MsgHash(
          K2.from,
          K2.to,
          K2.selector,
          K2.payload,
          K2.nonce,
        ),
      ).to.equal(K2.hash);
    });

    it("K3: l2ToL1MsgHash view", async function () {
      expect(await env.core.l2ToL1MsgHash(K3.from, K3.to, K3.payload)).to.equal(
        K3.hash,
      );
    });
  });

  describe("sendMessageToL2", function () {
    it("rejects a zero fee", async function () {
      const user = await fundedUser(env.l1, "alice");
      await expectRevert(
        asCore(env, user).sendMessageToL2(TO, SELECTOR, [1n]),
        "L1_MSG_FEE_MUST_BE_GREATER_THAN_0",
      );
    });

    it("rejects a fee above 1 ether and accepts exactly 1 ether", async function () {
      const user = await fundedUser(env.l1, "alice");
      expect(await env.core.getMaxL1MsgFee()).to.equal(MAX_L1_MSG_FEE);
      await expectRevert(
        asCore(env, user).sendMessageToL2(TO, SELECTOR, [1n], {
          value: MAX_L1_MSG_FEE + 1n,
        }),
        "MAX_L1_MSG_FEE_EXCEEDED",
      );
      const event = await send(env, user, [1n], MAX_L1_MSG_FEE);
      expect(await env.core.l1ToL2Messages(event.msgHash)).to.equal(
        MAX_L1_MSG_FEE + 1n,
      );
    });

    it("numbers messages from 0, stores fee + 1 at the named slots and keeps the fee", async function () {
      const user = await fundedUser(env.l1, "alice");
      expect(await env.core.l1ToL2MessageNonce()).to.equal(0n);
      const events: LogMessageToL2Event[] = [];
      for (let i = 0; i < 3; i++)
        events.push(await send(env, user, [BigInt(i)], 1000n + BigInt(i)));
      expect(events.map((e) => e.nonce)).to.deep.equal([0n, 1n, 2n]);
      expect(await env.core.l1ToL2MessageNonce()).to.equal(3n);
      expect(
        await storageAt(
          env.l1,
          TEST_ADDRESSES.starknetCore,
          STARKNET_SLOTS.l1ToL2Nonce,
        ),
      ).to.equal(3n);
      for (const [i, e] of events.entries()) {
        expect(e.fee).to.equal(1000n + BigInt(i));
        expect(e.msgHash).to.equal(
          await env.core.l1ToL2MsgHash(
            user.address,
            TO,
            SELECTOR,
            [BigInt(i)],
            i,
          ),
        );
        const slot = mappingSlot(e.msgHash, STARKNET_SLOTS.l1ToL2Messages);
        expect(
          await storageAt(env.l1, TEST_ADDRESSES.starknetCore, slot),
        ).to.equal(1001n + BigInt(i));
      }
      expect(
        await env.l1.ethers.provider.getBalance(TEST_ADDRESSES.starknetCore),
      ).to.equal(3003n);
    });

    it("does not range-check any field (real)", async function () {
      const user = await fundedUser(env.l1, "alice");
      const max = (1n << 256n) - 1n;
      const receipt = await mined(
        asCore(env, user).sendMessageToL2(max, max, [max], { value: 1n }),
      );
      expect(eventsOf(receipt, env.core, "LogMessageToL2")).to.have.length(1);
    });
  });

  describe("consumeMessageFromL2", function () {
    it("rejects a message never proven", async function () {
      const user = await fundedUser(env.l1, "alice");
      await expectRevert(
        asCore(env, user).consumeMessageFromL2(0xc1n, [1n, 2n]),
        "INVALID_MESSAGE_TO_CONSUME",
      );
    });
  });

  describe("cancellation", function () {
    it("rejects starting or finishing the cancellation of a message that is not pending, or someone else's", async function () {
      const alice = await fundedUser(env.l1, "alice");
      const bob = await fundedUser(env.l1, "bob");
      await expectRevert(
        asCore(env, alice).startL1ToL2MessageCancellation(
          TO,
          SELECTOR,
          [1n],
          0n,
        ),
        "NO_MESSAGE_TO_CANCEL",
      );
      await expectRevert(
        asCore(env, alice).cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
        "NO_MESSAGE_TO_CANCEL",
      );
      await send(env, alice, [1n]);
      // The hash binds the sender: Bob cannot name Alice's message.
      await expectRevert(
        asCore(env, bob).startL1ToL2MessageCancellation(TO, SELECTOR, [1n], 0n),
        "NO_MESSAGE_TO_CANCEL",
      );
      await expectRevert(
        asCore(env, bob).cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
        "NO_MESSAGE_TO_CANCEL",
      );
    });

    it("requires a request first", async function () {
      const alice = await fundedUser(env.l1, "alice");
      await send(env, alice, [1n]);
      await expectRevert(
        asCore(env, alice).cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
        "MESSAGE_CANCELLATION_NOT_REQUESTED",
      );
    });

    it("fails one second before the delay and succeeds at the delay, without refunding the fee", async function () {
      const alice = await fundedUser(env.l1, "alice");
      const event = await send(env, alice, [1n], 5000n);
      const core = asCore(env, alice);
      const receipt = await mined(
        core.startL1ToL2MessageCancellation(TO, SELECTOR, [1n], 0n),
      );
      const [started] = eventsOf(
        receipt,
        env.core,
        "MessageToL2CancellationStarted",
      );
      expect(started.args).to.deep.equal([
        alice.address,
        TO,
        SELECTOR,
        [1n],
        0n,
      ]);
      const requestedAt = BigInt((await receipt.getBlock()).timestamp);
      expect(await env.core.l1ToL2MessageCancellations(event.msgHash)).to.equal(
        requestedAt,
      );
      const slot = mappingSlot(
        event.msgHash,
        STARKNET_SLOTS.l1ToL2Cancellations,
      );
      expect(
        await storageAt(env.l1, TEST_ADDRESSES.starknetCore, slot),
      ).to.equal(requestedAt);
      expect(await env.core.messageCancellationDelay()).to.equal(
        DEFAULT_MESSAGE_CANCELLATION_DELAY,
      );

      // A fixed gas limit skips estimation, so the attempt is mined in the block one second before the delay.
      await setNextBlockTimestamp(
        env.l1,
        requestedAt + DEFAULT_MESSAGE_CANCELLATION_DELAY - 1n,
      );
      await expectRevert(
        core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n, {
          gasLimit: 300_000n,
        }),
        "MESSAGE_CANCELLATION_NOT_ALLOWED_YET",
      );
      expect(await latestTimestamp(env.l1)).to.equal(
        requestedAt + DEFAULT_MESSAGE_CANCELLATION_DELAY - 1n,
      );

      await setNextBlockTimestamp(
        env.l1,
        requestedAt + DEFAULT_MESSAGE_CANCELLATION_DELAY,
      );
      const cancelled = await mined(
        core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
      );
      expect(
        eventsOf(cancelled, env.core, "MessageToL2Canceled")[0].args,
      ).to.deep.equal([alice.address, TO, SELECTOR, [1n], 0n]);
      expect(await env.core.l1ToL2Messages(event.msgHash)).to.equal(0n);
      expect(
        await env.l1.ethers.provider.getBalance(TEST_ADDRESSES.starknetCore),
      ).to.equal(5000n);
      await expectRevert(
        core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
        "NO_MESSAGE_TO_CANCEL",
      );
    });

    it("restarts the delay on a repeated request", async function () {
      const alice = await fundedUser(env.l1, "alice");
      await send(env, alice, [1n]);
      const core = asCore(env, alice);
      const first = await mined(
        core.startL1ToL2MessageCancellation(TO, SELECTOR, [1n], 0n),
      );
      const t0 = BigInt((await first.getBlock()).timestamp);
      await setNextBlockTimestamp(env.l1, t0 + 1000n);
      await mined(core.startL1ToL2MessageCancellation(TO, SELECTOR, [1n], 0n));
      await setNextBlockTimestamp(
        env.l1,
        t0 + DEFAULT_MESSAGE_CANCELLATION_DELAY,
      );
      await expectRevert(
        core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
        "MESSAGE_CANCELLATION_NOT_ALLOWED_YET",
      );
      await setNextBlockTimestamp(
        env.l1,
        t0 + 1000n + DEFAULT_MESSAGE_CANCELLATION_DELAY,
      );
      await mined(core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n));
    });

    it("reports CANCEL_ALLOWED_TIME_OVERFLOW for a delay that overflows", async function () {
      const alice = await fundedUser(env.l1, "alice");
      await send(env, alice, [1n]);
      await mined(env.core.setMessageCancellationDelay((1n << 256n) - 1n));
      const core = asCore(env, alice);
      await mined(core.startL1ToL2MessageCancellation(TO, SELECTOR, [1n], 0n));
      await expectRevert(
        core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n),
        "CANCEL_ALLOWED_TIME_OVERFLOW",
      );
    });

    it("honours a governance-set delay, stored at its named slot", async function () {
      const alice = await fundedUser(env.l1, "alice");
      const receipt = await mined(env.core.setMessageCancellationDelay(60n));
      expect(
        eventsOf(receipt, env.core, "MessageCancellationDelayChanged")[0].args,
      ).to.deep.equal([
        env.deployer.address,
        DEFAULT_MESSAGE_CANCELLATION_DELAY,
        60n,
      ]);
      expect(
        await storageAt(
          env.l1,
          TEST_ADDRESSES.starknetCore,
          STARKNET_SLOTS.cancellationDelay,
        ),
      ).to.equal(60n);
      await send(env, alice, [1n]);
      const core = asCore(env, alice);
      const started = await mined(
        core.startL1ToL2MessageCancellation(TO, SELECTOR, [1n], 0n),
      );
      await setNextBlockTimestamp(
        env.l1,
        BigInt((await started.getBlock()).timestamp) + 60n,
      );
      await mined(core.cancelL1ToL2Message(TO, SELECTOR, [1n], 0n));
    });
  });

  describe("installation and governance", function () {
    it("initializes once, at the named slots", async function () {
      await expectRevert(
        env.core.initialize(
          env.deployer.address,
          TEST_ADDRESSES.factRegistry,
          env.operator.address,
          1n,
          0n,
          1n,
          1n,
        ),
        "ALREADY_INITIALIZED",
      );
      await expectRevert(
        env.registry.initialize(env.prover.address),
        "ALREADY_INITIALIZED",
      );
      await expectRevert(
        env.messaging.initialize(env.sequencer.address),
        "ALREADY_INITIALIZED",
      );
      expect(await env.core.governor()).to.equal(env.deployer.address);
      expect(await env.core.verifier()).to.equal(TEST_ADDRESSES.factRegistry);
      expect(await env.core.isOperator(env.operator.address)).to.equal(true);
      expect(await env.core.stateBlockNumber()).to.equal(-1n);
      expect(await env.registry.prover()).to.equal(env.prover.address);
      expect(await env.messaging.sequencer()).to.equal(env.sequencer.address);
    });

    it("refuses a bad initialization", async function () {
      const fresh = await installCode(
        env.l1,
        "StarknetCore",
        "0x5354000000000000000000000000000000001003",
        env.deployer,
      );
      await expectRevert(
        fresh.initialize(
          env.deployer.address,
          TEST_ADDRESSES.factRegistry,
          env.operator.address,
          0n,
          0n,
          1n,
          1n,
        ),
        "BAD_INITIALIZATION",
      );
    });

    it("restricts every governance function to the governor", async function () {
      const mallory = asCore(env, await fundedUser(env.l1, "mallory"));
      const calls: Array<() => Promise<unknown>> = [
        () => mallory.registerOperator(mallory.target),
        () => mallory.unregisterOperator(env.operator.address),
        () => mallory.setProgramHash(1n),
        () => mallory.setAggregatorProgramHash(1n),
        () => mallory.setConfigHash(1n),
        () => mallory.setMessageCancellationDelay(1n),
        () => mallory.setFeeCollectionAddress(env.deployer.address),
      ];
      for (const call of calls) await expectRevert(call(), "ONLY_GOVERNANCE");
    });

    it("registers and unregisters operators with events", async function () {
      const user = await fundedUser(env.l1, "op2");
      const added = await mined(env.core.registerOperator(user.address));
      expect(
        eventsOf(added, env.core, "LogOperatorAdded")[0].args,
      ).to.deep.equal([user.address]);
      expect(await env.core.isOperator(user.address)).to.equal(true);
      const removed = await mined(env.core.unregisterOperator(user.address));
      expect(
        eventsOf(removed, env.core, "LogOperatorRemoved")[0].args,
      ).to.deep.equal([user.address]);
      expect(await env.core.isOperator(user.address)).to.equal(false);
    });
  });
});
