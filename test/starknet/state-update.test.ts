// StarknetCore's updateState and the fact registry (about 600 lines): the forged and malformed
// outputs are built from the same two valid updates.
import { expect } from "chai";
import { getAddress } from "ethers";

import { FIELD_PRIME } from "../../src/protocols/starknet/codec/felt.js";
import {
  AGGREGATOR_PROGRAM_HASH,
  CONFIG_HASH,
  PROGRAM_HASH,
  buildProgramOutput,
  sharpFact,
  stateTransitionFact,
  type ProgramOutputInput,
} from "../../src/protocols/starknet/codec/program-output.js";
import {
  STARKNET_SLOTS,
  STATE_SLOTS,
  mappingSlot,
} from "../../src/protocols/starknet/codec/starknet-core.js";
import { impersonate } from "../helpers/accounts.js";
import { eventsOf } from "../helpers/events.js";
import { mined } from "../helpers/mined.js";
import { expectRevert } from "../helpers/rejection.js";

import {
  TEST_ADDRESSES,
  asCore,
  deploy,
  fundedUser,
  installStarknet,
  proveAndUpdate,
  proveOutput,
  storageAt,
  type StarknetEnv,
} from "./helpers.js";
import { K5 } from "./vectors.js";

const A1 = getAddress("0x00000000000000000000000000000000000000a1");
const SELECTOR = 0xde3ab781n;

/** The first update of K5's shape, with `changes` applied. */
function firstUpdate(changes: Partial<ProgramOutputInput> = {}): bigint[] {
  return buildProgramOutput({
    prevRoot: 0,
    newRoot: 0x1234,
    prevBlockNumber: -1,
    newBlockNumber: 3,
    prevBlockHash: 0,
    newBlockHash: 0x5678,
    configHash: CONFIG_HASH,
    l2ToL1: [],
    l1ToL2: [],
    ...changes,
  });
}

/** An update continuing `firstUpdate()`. */
function secondUpdate(changes: Partial<ProgramOutputInput> = {}): bigint[] {
  return firstUpdate({
    prevRoot: 0x1234,
    newRoot: 0x9abc,
    prevBlockNumber: 3,
    newBlockNumber: 7,
    prevBlockHash: 0x5678,
    newBlockHash: 0xdef0,
    ...changes,
  });
}

/** Submits `output` from the operator after proving it, expecting `reason`. */
async function expectUpdateRevert(
  env: StarknetEnv,
  output: bigint[],
  reason: string,
  prove = true,
): Promise<void> {
  if (prove) await proveOutput(env, output);
  await expectRevert(
    asCore(env, env.operator).updateState(output, 0, 0),
    reason,
  );
}

describe("StarknetCore state update", function () {
  let env: StarknetEnv;

  beforeEach(async function () {
    env = await installStarknet();
  });

  it("K5: applies the first update, consumes the L1→L2 message, pays its fee and makes the L2→L1 message consumable", async function () {
    const a1 = await impersonate(env.l1, A1);
    const sent = await mined(
      asCore(env, a1).sendMessageToL2(0xc1n, SELECTOR, [7n], { value: 777n }),
    );
    expect(
      eventsOf(sent, env.core, "LogMessageToL2")[0].args.slice(4),
    ).to.deep.equal([0n, 777n]);
    expect(await env.core.l1ToL2Messages(K5.l1ToL2)).to.equal(778n);

    const fact = await proveOutput(env, K5.output);
    expect(fact).to.equal(K5.sharpFact);
    const operatorBalance = await env.l1.ethers.provider.getBalance(
      env.operator.address,
    );
    const receipt = await mined(
      asCore(env, env.operator).updateState(K5.output, 0, 0),
    );
    const gasCost = receipt.gasUsed * receipt.gasPrice;

    expect(
      eventsOf(receipt, env.core, "LogStateTransitionFact")[0].args,
    ).to.deep.equal([K5.fact]);
    expect(eventsOf(receipt, env.core, "LogMessageToL1")[0].args).to.deep.equal(
      [0xc1n, A1, [1n, 2n]],
    );
    expect(
      eventsOf(receipt, env.core, "ConsumedMessageToL2")[0].args,
    ).to.deep.equal([A1, 0xc1n, SELECTOR, [7n], 0n]);
    expect(eventsOf(receipt, env.core, "LogStateUpdate")[0].args).to.deep.equal(
      [0x1234n, 3n, 0x5678n],
    );
    expect(eventsOf(receipt, env.core).map((e) => e.name)).to.deep.equal([
      "LogStateTransitionFact",
      "LogMessageToL1",
      "ConsumedMessageToL2",
      "LogStateUpdate",
    ]);

    expect(await env.core.l1ToL2Messages(K5.l1ToL2)).to.equal(0n);
    expect(await env.core.l2ToL1Messages(K5.l2ToL1)).to.equal(1n);
    expect(await env.core.stateRoot()).to.equal(0x1234n);
    expect(await env.core.stateBlockNumber()).to.equal(3n);
    expect(await env.core.stateBlockHash()).to.equal(0x5678n);
    expect(
      await storageAt(
        env.l1,
        TEST_ADDRESSES.starknetCore,
        STATE_SLOTS.globalRoot,
      ),
    ).to.equal(0x1234n);
    expect(
      await storageAt(
        env.l1,
        TEST_ADDRESSES.starknetCore,
        STATE_SLOTS.blockNumber,
      ),
    ).to.equal(3n);
    expect(
      await storageAt(
        env.l1,
        TEST_ADDRESSES.starknetCore,
        STATE_SLOTS.blockHash,
      ),
    ).to.equal(0x5678n);
    const l2ToL1Slot = mappingSlot(K5.l2ToL1, STARKNET_SLOTS.l2ToL1Messages);
    expect(
      await storageAt(env.l1, TEST_ADDRESSES.starknetCore, l2ToL1Slot),
    ).to.equal(1n);
    // No fee collector: the operator that submitted the update is paid.
    expect(
      await env.l1.ethers.provider.getBalance(env.operator.address),
    ).to.equal(operatorBalance - gasCost + 777n);
    expect(
      await env.l1.ethers.provider.getBalance(TEST_ADDRESSES.starknetCore),
    ).to.equal(0n);

    const core = asCore(env, a1);
    expect(
      await core.consumeMessageFromL2.staticCall(0xc1n, [1n, 2n]),
    ).to.equal(K5.l2ToL1);
    const consumed = await mined(core.consumeMessageFromL2(0xc1n, [1n, 2n]));
    expect(
      eventsOf(consumed, env.core, "ConsumedMessageToL1")[0].args,
    ).to.deep.equal([0xc1n, A1, [1n, 2n]]);
    expect(
      await storageAt(env.l1, TEST_ADDRESSES.starknetCore, l2ToL1Slot),
    ).to.equal(0n);
    await expectRevert(
      core.consumeMessageFromL2(0xc1n, [1n, 2n]),
      "INVALID_MESSAGE_TO_CONSUME",
    );
  });

  it("counts copies: a message sent k times is consumable k times, not once more", async function () {
    const msg = { from: 0xc1, to: A1, payload: [9] };
    await proveAndUpdate(env, firstUpdate({ l2ToL1: [msg, msg] }));
    await proveAndUpdate(env, secondUpdate({ l2ToL1: [msg] }));
    const core = asCore(env, await impersonate(env.l1, A1));
    const hash = await env.core.l2ToL1MsgHash(0xc1n, A1, [9n]);
    expect(await env.core.l2ToL1Messages(hash)).to.equal(3n);
    for (let i = 0; i < 3; i++)
      await mined(core.consumeMessageFromL2(0xc1n, [9n]));
    await expectRevert(
      core.consumeMessageFromL2(0xc1n, [9n]),
      "INVALID_MESSAGE_TO_CONSUME",
    );
    // Only the named recipient can consume.
    await proveAndUpdate(
      env,
      secondUpdate({
        prevRoot: 0x9abc,
        prevBlockNumber: 7,
        newBlockNumber: 8,
        prevBlockHash: 0xdef0,
        l2ToL1: [msg],
      }),
    );
    const other = asCore(env, await fundedUser(env.l1, "other"));
    await expectRevert(
      other.consumeMessageFromL2(0xc1n, [9n]),
      "INVALID_MESSAGE_TO_CONSUME",
    );
  });

  it("pays the fees of all consumed messages to the fee collector when one is set", async function () {
    const alice = await fundedUser(env.l1, "alice");
    const collector = "0x000000000000000000000000000000000000fee1";
    const changed = await mined(env.core.setFeeCollectionAddress(collector));
    expect(
      eventsOf(changed, env.core, "FeeCollectionAddressChanged")[0].args,
    ).to.deep.equal([
      env.deployer.address,
      "0x0000000000000000000000000000000000000000",
      "0x000000000000000000000000000000000000FEE1",
    ]);
    expect(await env.core.feeCollector()).to.equal(
      "0x000000000000000000000000000000000000FEE1",
    );
    await mined(
      asCore(env, alice).sendMessageToL2(0xc1n, SELECTOR, [1n], {
        value: 100n,
      }),
    );
    await mined(
      asCore(env, alice).sendMessageToL2(0xc1n, SELECTOR, [2n], {
        value: 250n,
      }),
    );
    await proveAndUpdate(
      env,
      firstUpdate({
        l1ToL2: [
          {
            from: alice.address,
            to: 0xc1,
            nonce: 0,
            selector: SELECTOR,
            payload: [1],
          },
          {
            from: alice.address,
            to: 0xc1,
            nonce: 1,
            selector: SELECTOR,
            payload: [2],
          },
        ],
      }),
    );
    expect(await env.l1.ethers.provider.getBalance(collector)).to.equal(350n);
  });

  it("reverts with ETH_TRANSFER_FAILED when the fee collector refuses ETH", async function () {
    const alice = await fundedUser(env.l1, "alice");
    const rejecter = await deploy(
      env.l1,
      "StarknetEtherRejecter",
      [],
      env.deployer,
    );
    await mined(env.core.setFeeCollectionAddress(rejecter.target));
    await mined(
      asCore(env, alice).sendMessageToL2(0xc1n, SELECTOR, [1n], {
        value: 100n,
      }),
    );
    const output = firstUpdate({
      l1ToL2: [
        {
          from: alice.address,
          to: 0xc1,
          nonce: 0,
          selector: SELECTOR,
          payload: [1],
        },
      ],
    });
    await expectUpdateRevert(env, output, "ETH_TRANSFER_FAILED");
  });

  it("chains updates: the second must continue the stored root, number and hash", async function () {
    await proveAndUpdate(env, firstUpdate());
    await expectUpdateRevert(
      env,
      secondUpdate({ prevBlockNumber: 2 }),
      "INVALID_PREV_BLOCK_NUMBER",
    );
    await expectUpdateRevert(
      env,
      secondUpdate({ newBlockNumber: 3 }),
      "INVALID_NEW_BLOCK_NUMBER",
    );
    await expectUpdateRevert(
      env,
      secondUpdate({ prevBlockHash: 0x5679 }),
      "INVALID_PREV_BLOCK_HASH",
    );
    await expectUpdateRevert(
      env,
      secondUpdate({ prevRoot: 0x1235 }),
      "INVALID_PREVIOUS_ROOT",
    );
    const receipt = await proveAndUpdate(env, secondUpdate());
    expect(eventsOf(receipt, env.core, "LogStateUpdate")[0].args).to.deep.equal(
      [0x9abcn, 7n, 0xdef0n],
    );
  });

  it("binds the data-availability hash and size into the fact", async function () {
    const output = firstUpdate();
    await mined(
      env.registry.registerFact(
        sharpFact(PROGRAM_HASH, stateTransitionFact(output, 5n, 7n)),
      ),
    );
    await expectRevert(
      asCore(env, env.operator).updateState(output, 0, 0),
      "NO_STATE_TRANSITION_PROOF",
    );
    const receipt = await mined(
      asCore(env, env.operator).updateState(output, 5n, 7n),
    );
    expect(
      eventsOf(receipt, env.core, "LogStateTransitionFact")[0].args,
    ).to.deep.equal([stateTransitionFact(output, 5n, 7n)]);
  });

  it("accepts aggregator mode only for the OS program hash, with the aggregator's fact", async function () {
    await expectUpdateRevert(
      env,
      firstUpdate({ programHash: PROGRAM_HASH + 1n }),
      "AGGREGATOR_MODE_INVALID_OS_PROGRAM_HASH",
    );
    const output = firstUpdate({ programHash: PROGRAM_HASH });
    // Proven for the OS program: not what aggregator mode asks for.
    await expectUpdateRevert(env, output, "NO_STATE_TRANSITION_PROOF");
    await proveOutput(env, output, AGGREGATOR_PROGRAM_HASH);
    await mined(asCore(env, env.operator).updateState(output, 0, 0));
    expect(await env.core.stateBlockNumber()).to.equal(3n);
  });

  describe("forgeries and malformed outputs", function () {
    it("rejects an update from anyone but an operator", async function () {
      const output = firstUpdate();
      await proveOutput(env, output);
      const mallory = await fundedUser(env.l1, "mallory");
      await expectRevert(
        asCore(env, mallory).updateState(output, 0, 0),
        "ONLY_OPERATOR",
      );
      await expectRevert(
        asCore(env, env.prover).updateState(output, 0, 0),
        "ONLY_OPERATOR",
      );
      await mined(env.core.unregisterOperator(env.operator.address));
      await expectRevert(
        asCore(env, env.operator).updateState(output, 0, 0),
        "ONLY_OPERATOR",
      );
    });

    it("rejects an output with no fact, or whose fact was proven for a different output", async function () {
      await expectUpdateRevert(
        env,
        firstUpdate(),
        "NO_STATE_TRANSITION_PROOF",
        false,
      );
      await proveOutput(env, firstUpdate({ newRoot: 0x1111 }));
      await expectUpdateRevert(
        env,
        firstUpdate({ newRoot: 0x2222 }),
        "NO_STATE_TRANSITION_PROOF",
        false,
      );
    });

    it("checks the header in the real order", async function () {
      await expectUpdateRevert(
        env,
        firstUpdate().slice(0, 10),
        "STARKNET_OUTPUT_TOO_SHORT",
      );
      const badPrev = firstUpdate({ prevBlockNumber: 0 });
      badPrev[1] = FIELD_PRIME; // also out of range, but the block number is checked first
      await expectUpdateRevert(
        env,
        badPrev,
        "INVALID_PREV_BLOCK_NUMBER",
        false,
      );
      const kzg = firstUpdate();
      kzg[8] = 1n;
      await expectUpdateRevert(env, kzg, "UNEXPECTED_KZG_DA_FLAG");
      await expectUpdateRevert(
        env,
        firstUpdate({ newRoot: FIELD_PRIME }),
        "PROGRAM_OUTPUT_VALUE_OUT_OF_RANGE",
        false,
      );
      const lastWord = firstUpdate({
        l2ToL1: [{ from: 0xc1, to: A1, payload: [FIELD_PRIME] }],
      });
      await expectUpdateRevert(
        env,
        lastWord,
        "PROGRAM_OUTPUT_VALUE_OUT_OF_RANGE",
        false,
      );
      await expectUpdateRevert(
        env,
        firstUpdate({ configHash: CONFIG_HASH + 1n }),
        "INVALID_CONFIG_HASH",
        false,
      );
      const full = firstUpdate();
      full[9] = 1n;
      await expectUpdateRevert(env, full, "FULL_OUTPUT_NOT_SUPPORTED", false);
    });

    it("rejects malformed message segments even when proven", async function () {
      const base = firstUpdate(); // [...header, 0, 0]
      // L2→L1 segment size word too large.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 1n << 30n, 0n],
        "INVALID_MESSAGE_SEGMENT_SIZE",
      );
      // L1→L2 segment missing entirely.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 0n],
        "INVALID_MESSAGE_SEGMENT_SIZE",
      );
      // A message running past its segment's declared end.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 2n, 0xc1n, 0xa1n, 0n, 0n],
        "INVALID_MESSAGE_SEGMENT_SIZE",
      );
      // Segment declares 5 words but the output ends before the payload size word.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 5n, 0xc1n, 0xa1n],
        "MESSAGE_TOO_SHORT",
      );
      // Payload size too large.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 3n, 0xc1n, 0xa1n, 1n << 30n, 0n],
        "INVALID_PAYLOAD_LENGTH",
      );
      // Truncated payload: 2 words announced, 1 present.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 5n, 0xc1n, 0xa1n, 2n, 1n],
        "TRUNCATED_MESSAGE_PAYLOAD",
      );
      // Same checks on the L1→L2 segment.
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 0n, 6n, 0xa1n, 0xc1n, 0n, SELECTOR, 2n, 7n],
        "TRUNCATED_MESSAGE_PAYLOAD",
      );
      await expectUpdateRevert(
        env,
        [...base.slice(0, 10), 0n, 6n, 0xa1n, 0xc1n, 0n],
        "MESSAGE_TOO_SHORT",
      );
      // Trailing words after both segments.
      await expectUpdateRevert(env, [...base, 0n], "STARKNET_OUTPUT_TOO_LONG");
    });

    it("rejects consuming an L1→L2 message that was never sent, or is already consumed or cancelled", async function () {
      const never = firstUpdate({
        l1ToL2: [
          { from: A1, to: 0xc1, nonce: 0, selector: SELECTOR, payload: [7] },
        ],
      });
      await expectUpdateRevert(env, never, "INVALID_MESSAGE_TO_CONSUME");

      const alice = await fundedUser(env.l1, "alice");
      await mined(env.core.setMessageCancellationDelay(0n));
      await mined(
        asCore(env, alice).sendMessageToL2(0xc1n, SELECTOR, [7n], {
          value: 1n,
        }),
      );
      await mined(
        asCore(env, alice).startL1ToL2MessageCancellation(
          0xc1n,
          SELECTOR,
          [7n],
          0n,
        ),
      );
      await mined(
        asCore(env, alice).cancelL1ToL2Message(0xc1n, SELECTOR, [7n], 0n),
      );
      const cancelled = firstUpdate({
        l1ToL2: [
          {
            from: alice.address,
            to: 0xc1,
            nonce: 0,
            selector: SELECTOR,
            payload: [7],
          },
        ],
      });
      await expectUpdateRevert(env, cancelled, "INVALID_MESSAGE_TO_CONSUME");

      await mined(
        asCore(env, alice).sendMessageToL2(0xc1n, SELECTOR, [8n], {
          value: 1n,
        }),
      );
      const once = {
        from: alice.address,
        to: 0xc1,
        nonce: 1,
        selector: SELECTOR,
        payload: [8],
      };
      await expectUpdateRevert(
        env,
        firstUpdate({ l1ToL2: [once, once] }),
        "INVALID_MESSAGE_TO_CONSUME",
      );
      await proveAndUpdate(env, firstUpdate({ l1ToL2: [once] }));
      await expectUpdateRevert(
        env,
        secondUpdate({ l1ToL2: [once] }),
        "INVALID_MESSAGE_TO_CONSUME",
      );
    });

    it("detects an update submitted from inside another (REENTRANCY_FAILURE)", async function () {
      const attacker = await deploy(
        env.l1,
        "StarknetReentrantOperator",
        [env.core.target],
        env.deployer,
      );
      await mined(env.core.registerOperator(attacker.target));
      const alice = await fundedUser(env.l1, "alice");
      await mined(
        asCore(env, alice).sendMessageToL2(0xc1n, SELECTOR, [7n], {
          value: 100n,
        }),
      );
      // The first update pays a fee to its submitter, the attacker, which then submits the second one.
      const first = firstUpdate({
        l1ToL2: [
          {
            from: alice.address,
            to: 0xc1,
            nonce: 0,
            selector: SELECTOR,
            payload: [7],
          },
        ],
      });
      const second = secondUpdate();
      await proveOutput(env, first);
      await proveOutput(env, second);
      await expectRevert(
        attacker.updateTwice(first, second),
        "REENTRANCY_FAILURE",
      );
    });
  });
});

describe("MockFactRegistry", function () {
  it("lets only the prover register facts and reports them", async function () {
    const env = await installStarknet();
    const fact = sharpFact(PROGRAM_HASH, stateTransitionFact(firstUpdate()));
    const mallory = await fundedUser(env.l1, "mallory");
    await expectRevert(
      (env.registry.connect(mallory) as typeof env.registry).registerFact(fact),
      "ONLY_PROVER",
    );
    expect(await env.registry.hasRegisteredFact()).to.equal(false);
    expect(await env.registry.isValid(fact)).to.equal(false);
    const receipt = await mined(env.registry.registerFact(fact));
    expect(
      eventsOf(receipt, env.registry, "FactRegistered")[0].args,
    ).to.deep.equal([fact]);
    expect(await env.registry.hasRegisteredFact()).to.equal(true);
    expect(await env.registry.isValid(fact)).to.equal(true);
    const again = await mined(env.registry.registerFact(fact));
    expect(eventsOf(again, env.registry, "FactRegistered")).to.have.length(0);
  });
});
