import type { Contract } from "ethers";

import { expect } from "chai";
import { AbiCoder, concat, getAddress, id, toBeHex } from "ethers";

import {
  STARKNET_TOPICS,
  decodeL1HandlerExecuted,
  decodeL1HandlerReverted,
  decodeMessageToL1Sent,
} from "../../src/protocols/starknet/codec/events.js";
import { FIELD_PRIME } from "../../src/protocols/starknet/codec/felt.js";
import {
  l1ToL2MsgHash,
  l2ToL1MsgHash,
} from "../../src/protocols/starknet/codec/message-hash.js";
import { evmSelector } from "../../src/protocols/starknet/codec/selectors.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectRevert } from "../helpers/rejection.js";

import {
  asCore,
  deliver,
  deploy,
  fundedUser,
  installStarknet,
  sentToL2,
  type StarknetEnv,
} from "./helpers.js";

const RECORD = evmSelector("record(uint256,uint256[])");
const DEPOSIT = evmSelector("deposit(uint256,uint256[])");
const REVERT_LARGE = evmSelector("revertLarge(uint256,uint256[])");
const L1_SENDER = 0xa1n;
const TWO_160 = 1n << 160n;

function errorData(reason: string): string {
  return concat([
    id("Error(string)").slice(0, 10),
    AbiCoder.defaultAbiCoder().encode(["string"], [reason]),
  ]);
}

describe("StarknetL2Messaging", function () {
  let env: StarknetEnv;
  let recorder: Contract;

  beforeEach(async function () {
    env = await installStarknet();
    const l2Deployer = await fundedUser(env.l2, "l2-deployer");
    recorder = await deploy(env.l2, "StarknetRecordingHandler", [], l2Deployer);
  });

  async function handle(
    to: bigint,
    selector: bigint,
    payload: bigint[],
    nonce: bigint,
    fee = 1n,
  ) {
    return await mined(
      env.messaging.handleL1Message(
        L1_SENDER,
        to,
        selector,
        payload,
        nonce,
        fee,
        { gasLimit: 10_000_000n },
      ),
    );
  }

  describe("sendMessageToL1", function () {
    it("emits MessageToL1Sent with the sender as fromAddress and the L1 hash", async function () {
      const receipt = await mined(
        recorder.sendToL1(0xb2n, [1n, 2n, FIELD_PRIME - 1n]),
      );
      const [event] = eventsOf(receipt, env.messaging, "MessageToL1Sent");
      const decoded = decodeMessageToL1Sent(event.log);
      const from = BigInt(await recorder.getAddress());
      expect(decoded).to.deep.equal({
        fromAddress: from,
        toAddress: getAddress(toBeHex(0xb2n, 20)),
        msgHash: l2ToL1MsgHash(from, 0xb2n, [1n, 2n, FIELD_PRIME - 1n]),
        payload: [1n, 2n, FIELD_PRIME - 1n],
      });
      // The same hash StarknetCore will consume on L1.
      expect(decoded.msgHash).to.equal(
        await env.core.l2ToL1MsgHash(from, toBeHex(0xb2n, 20), [
          1n,
          2n,
          FIELD_PRIME - 1n,
        ]),
      );
    });

    it("accepts any address below 2^160, zero included, from any caller", async function () {
      const user = await fundedUser(env.l2, "alice");
      const messaging = env.messaging.connect(user) as Contract;
      await mined(messaging.sendMessageToL1(0n, []));
      const receipt = await mined(
        messaging.sendMessageToL1(TWO_160 - 1n, [7n]),
      );
      expect(
        decodeMessageToL1Sent(eventsOf(receipt, env.messaging)[0].log)
          .fromAddress,
      ).to.equal(BigInt(user.address));
    });

    it("rejects an L1 address of 2^160 or more, and payload words that are not felts", async function () {
      await expectRevert(
        recorder.sendToL1(TWO_160, [1n]),
        "TO_ADDRESS_OUT_OF_RANGE",
      );
      await expectRevert(
        recorder.sendToL1(0xb2n, [1n, FIELD_PRIME]),
        "PAYLOAD_VALUE_OUT_OF_RANGE",
      );
    });
  });

  describe("handleL1Message", function () {
    it("delivers to the handler, records status 1 and emits L1HandlerExecuted with the L1 hash", async function () {
      const to = BigInt(await recorder.getAddress());
      expect(
        await env.messaging.handleL1Message.staticCall(
          L1_SENDER,
          to,
          RECORD,
          [5n, 6n],
          0n,
          1n,
        ),
      ).to.equal(true);
      const receipt = await handle(to, RECORD, [5n, 6n], 0n);
      expect(await env.messaging.l1HandlerStatus(0n)).to.equal(1n);
      const [event] = eventsOf(receipt, env.messaging, "L1HandlerExecuted");
      expect(decodeL1HandlerExecuted(event.log)).to.deep.equal({
        nonce: 0n,
        msgHash: l1ToL2MsgHash(L1_SENDER, to, RECORD, [5n, 6n], 0n),
        toAddress: await recorder.getAddress(),
        fromAddress: L1_SENDER,
        selector: RECORD,
        payload: [5n, 6n],
      });
      expect(await recorder.calls()).to.equal(1n);
      expect(await recorder.lastFromAddress()).to.equal(L1_SENDER);
      expect(await recorder.lastPayload()).to.deep.equal([5n, 6n]);
    });

    it("delivers a message sent on L1 under the same hash", async function () {
      const alice = await fundedUser(env.l1, "alice");
      const to = BigInt(await recorder.getAddress());
      const sent = sentToL2(
        env,
        await mined(
          asCore(env, alice).sendMessageToL2(to, RECORD, [42n], { value: 10n }),
        ),
      );
      const receipt = await deliver(env, sent[0]);
      const handled = decodeL1HandlerExecuted(
        eventsOf(receipt, env.messaging, "L1HandlerExecuted")[0].log,
      );
      expect(handled.msgHash).to.equal(sent[0].msgHash);
      // The hash L2 computed is the one StarknetCore holds pending (fee 10 + 1), not just the relayer's recomputation.
      expect(await env.core.l1ToL2Messages(handled.msgHash)).to.equal(11n);
      expect(handled.fromAddress).to.equal(BigInt(alice.address));
    });

    it("only the sequencer delivers", async function () {
      const mallory = env.messaging.connect(
        await fundedUser(env.l2, "mallory"),
      ) as Contract;
      await expectRevert(
        mallory.handleL1Message(L1_SENDER, 1n, RECORD, [], 0n, 1n),
        "ONLY_SEQUENCER",
      );
    });

    it("handles each nonce once, whatever the outcome", async function () {
      const to = BigInt(await recorder.getAddress());
      await handle(to, RECORD, [], 0n);
      await expectRevert(
        env.messaging.handleL1Message(L1_SENDER, to, RECORD, [], 0n, 1n),
        "NONCE_ALREADY_HANDLED",
      );
      await handle(0xdeadn, RECORD, [], 1n); // no code: status 2
      expect(await env.messaging.l1HandlerStatus(1n)).to.equal(2n);
      await expectRevert(
        env.messaging.handleL1Message(L1_SENDER, to, RECORD, [], 1n, 1n),
        "NONCE_ALREADY_HANDLED",
      );
      expect(await env.messaging.l1HandlerStatus(2n)).to.equal(0n);
    });

    it("refuses a message that paid no fee, before checking felts", async function () {
      await expectRevert(
        env.messaging.handleL1Message(
          L1_SENDER,
          FIELD_PRIME,
          RECORD,
          [],
          0n,
          0n,
        ),
        "INSUFFICIENT_FEE",
      );
    });

    it("refuses words out of range", async function () {
      const to = BigInt(await recorder.getAddress());
      await expectRevert(
        env.messaging.handleL1Message(TWO_160, to, RECORD, [], 0n, 1n),
        "FELT_OUT_OF_RANGE",
      );
      await expectRevert(
        env.messaging.handleL1Message(
          L1_SENDER,
          FIELD_PRIME,
          RECORD,
          [],
          0n,
          1n,
        ),
        "FELT_OUT_OF_RANGE",
      );
      await expectRevert(
        env.messaging.handleL1Message(L1_SENDER, to, FIELD_PRIME, [], 0n, 1n),
        "FELT_OUT_OF_RANGE",
      );
      await expectRevert(
        env.messaging.handleL1Message(
          L1_SENDER,
          to,
          RECORD,
          [1n, FIELD_PRIME],
          0n,
          1n,
        ),
        "FELT_OUT_OF_RANGE",
      );
      expect(await env.messaging.l1HandlerStatus(0n)).to.equal(0n);
    });

    it("records a reverting handler as status 2 with L1HandlerReverted, without reverting", async function () {
      const l2Deployer = await fundedUser(env.l2, "l2-deployer");
      const reverting = await deploy(
        env.l2,
        "StarknetRevertingHandler",
        [],
        l2Deployer,
      );
      const to = BigInt(await reverting.getAddress());
      expect(
        await env.messaging.handleL1Message.staticCall(
          L1_SENDER,
          to,
          DEPOSIT,
          [1n],
          3n,
          1n,
        ),
      ).to.equal(false);
      const receipt = await handle(to, DEPOSIT, [1n], 3n);
      expect(receipt.status).to.equal(1);
      expect(await env.messaging.l1HandlerStatus(3n)).to.equal(2n);
      expect(
        eventsOf(receipt, env.messaging, "L1HandlerExecuted"),
      ).to.have.length(0);
      const [event] = eventsOf(receipt, env.messaging, "L1HandlerReverted");
      expect(event.log.topics[0]).to.equal(STARKNET_TOPICS.L1HandlerReverted);
      expect(decodeL1HandlerReverted(event.log)).to.deep.equal({
        nonce: 3n,
        msgHash: l1ToL2MsgHash(L1_SENDER, to, DEPOSIT, [1n], 3n),
        toAddress: await reverting.getAddress(),
        revertData: errorData("HANDLER_ALWAYS_REVERTS"),
      });
    });

    it("caps the revert data it keeps at 1024 bytes", async function () {
      // revertLarge takes its size from the fromAddress slot: a 1,000,000-byte revert.
      const l2Deployer = await fundedUser(env.l2, "l2-deployer");
      const reverting = await deploy(
        env.l2,
        "StarknetRevertingHandler",
        [],
        l2Deployer,
      );
      const receipt = await mined(
        env.messaging.handleL1Message(
          1_000_000n,
          BigInt(await reverting.getAddress()),
          REVERT_LARGE,
          [],
          0n,
          1n,
          { gasLimit: 10_000_000n },
        ),
      );
      const reverted = decodeL1HandlerReverted(
        eventsOf(receipt, env.messaging, "L1HandlerReverted")[0].log,
      );
      expect(reverted.revertData).to.equal("0x" + "ff".repeat(1024));
    });

    it("fails without a call for a target with no code, an address of 2^160 or more, or a selector of 2^32 or more", async function () {
      const to = BigInt(await recorder.getAddress());
      const cases: Array<[bigint, bigint]> = [
        [0xdeadn, RECORD],
        [TWO_160 + to, RECORD],
        [to, (1n << 32n) + RECORD],
      ];
      for (const [i, [target, selector]] of cases.entries()) {
        const receipt = await handle(target, selector, [1n], BigInt(i));
        expect(await env.messaging.l1HandlerStatus(BigInt(i))).to.equal(2n);
        const reverted = decodeL1HandlerReverted(
          eventsOf(receipt, env.messaging, "L1HandlerReverted")[0].log,
        );
        expect(reverted.revertData).to.equal("0x");
        expect(reverted.msgHash).to.equal(
          l1ToL2MsgHash(L1_SENDER, target, selector, [1n], BigInt(i)),
        );
      }
      expect(await recorder.calls()).to.equal(0n);
    });

    it("handlers refuse any caller but the messaging contract (ONLY_L1_HANDLER)", async function () {
      const user = await fundedUser(env.l2, "alice");
      await expectRevert(
        (recorder.connect(user) as Contract).record(L1_SENDER, [1n]),
        "ONLY_L1_HANDLER",
      );
      // Even the sequencer, calling the handler itself rather than through StarknetL2Messaging.
      await expectRevert(
        (recorder.connect(env.sequencer) as Contract).record(L1_SENDER, [1n]),
        "ONLY_L1_HANDLER",
      );
      expect(await recorder.calls()).to.equal(0n);
      // The messaging contract is the one caller it accepts.
      await handle(BigInt(await recorder.getAddress()), RECORD, [1n], 0n);
      expect(await recorder.calls()).to.equal(1n);
      expect(await recorder.lastPayload()).to.deep.equal([1n]);
    });
  });
});
