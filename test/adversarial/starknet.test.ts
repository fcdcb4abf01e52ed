// Every StarkNet attack in one file (about 580 lines): each ends with the same check that Alice's
// messages still go through (`settle`).
import type { Message } from "../../src/messages.js";
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { concat, keccak256, solidityPackedKeccak256, toBeHex } from "ethers";

import { FIELD_PRIME } from "../../src/protocols/starknet/codec/felt.js";
import {
  CONFIG_HASH,
  PROGRAM_HASH,
  buildProgramOutput,
  sharpFact,
  stateTransitionFact,
} from "../../src/protocols/starknet/codec/program-output.js";
import { evmSelector } from "../../src/protocols/starknet/codec/selectors.js";
import { hreWith } from "../helpers/hre.js";
import { errorString, expectRefusals } from "../helpers/rejection.js";

const FEE = 10n ** 15n;
const RECORD = evmSelector("record(uint256,uint256[])");
const REENTER = evmSelector("reenter(uint256,uint256[])");
const GUZZLE = evmSelector("guzzle(uint256,uint256[])");
/** Alice's messages, in flight while Mallory attacks. */
const HONEST_DOWN = [0xa11cen, 1n, 2n];
const HONEST_UP = [0xa11cen, 3n];

type Fixture = Awaited<ReturnType<typeof starknetFixture>>;

/**
 * `n` pseudo-random felts (nearly every byte non-zero: the worst case for calldata), the same on every run:
 * word i of stream `seed` is keccak(seed, i) mod P, so a failure reproduces.
 */
function seededFelts(seed: string, n: number): bigint[] {
  return Array.from(
    { length: n },
    (_, i) =>
      BigInt(solidityPackedKeccak256(["string", "uint256"], [seed, i])) %
      FIELD_PRIME,
  );
}

/** What StarknetAdversarialHandler.record keeps of a payload: keccak(abi.encodePacked(uint256[])). */
function payloadHash(words: readonly bigint[]): string {
  return keccak256(concat(["0x", ...words.map((w) => toBeHex(w, 32))]));
}

/** Alice has a deposit to an l1 handler and a withdrawal to L1 in flight; Mallory holds funded accounts. */
async function starknetFixture(w: World) {
  const { l1, starknet } = w.chains;
  const l1Signers = await l1.ethers.getSigners();
  const l2Signers = await starknet.ethers.getSigners();
  const [alice, mallory, aliceL2, malloryL2] = [
    l1Signers[1],
    l1Signers[7],
    l2Signers[1],
    l2Signers[7],
  ];
  const handler = (await starknet.ethers.deployContract(
    "StarknetAdversarialHandler",
  )) as unknown as Contract;
  const handlerAddress = await handler.getAddress();
  await starknet.l1Contracts.StarknetCore.connect(alice).sendMessageToL2(
    handlerAddress,
    RECORD,
    HONEST_DOWN,
    { value: FEE },
  );
  await starknet.contracts.StarknetL2Messaging.connect(aliceL2).sendMessageToL1(
    BigInt(alice.address),
    HONEST_UP,
  );
  await w.refresh();
  const l1ToL2Id = w.messages({ from: "l1" })[0].id;
  const l2ToL1Id = w.messages({ from: "starknet" })[0].id;
  return {
    alice,
    mallory,
    aliceL2,
    malloryL2,
    handler,
    handlerAddress,
    l1ToL2Id,
    l2ToL1Id,
  };
}

/**
 * After an attack: the relayer settles without an exception, Alice's deposit is handled and consumed by a
 * state update, and her withdrawal is put on L1 by one (exactly once) and consumed by her.
 */
async function settle(w: World, fx: Fixture): Promise<void> {
  await w.relayAll();
  expect(w.message(fx.l1ToL2Id), "Alice's L1→L2 message").to.include({
    status: "relayed",
    stage: "consumed",
  });
  // No attack consumes Alice's withdrawal: it is on L1 once, for her alone.
  const core = w.chains.starknet.l1Contracts.StarknetCore;
  expect(w.message(fx.l2ToL1Id), "Alice's L2→L1 message").to.include({
    status: "ready",
    stage: "state-updated",
  });
  expect(await core.l2ToL1Messages(w.message(fx.l2ToL1Id).hash)).to.equal(1n);
  await core
    .connect(fx.alice)
    .consumeMessageFromL2(BigInt(fx.aliceL2.address), HONEST_UP);
  await w.relay();
  expect(w.message(fx.l2ToL1Id), "Alice's L2→L1 message").to.include({
    status: "relayed",
    stage: "consumed",
  });
}

describe("adversarial: StarkNet", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;

  /** A message the sequencer could not deliver: failed, never handled on L2, still pending with its fee on L1 (its sender may cancel it). */
  async function expectStuckOnL1(message: Message): Promise<void> {
    expect(message).to.include({ status: "failed", stage: "handler-reverted" });
    expect(message.error).to.include(
      "the l1-handler transaction cannot complete",
    );
    expect(
      await world.chains.starknet.contracts.StarknetL2Messaging.l1HandlerStatus(
        message.nonce,
      ),
    ).to.equal(0n);
    expect(
      await world.chains.starknet.l1Contracts.StarknetCore.l1ToL2Messages(
        message.hash,
      ),
    ).to.equal(FEE + 1n);
  }
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { starknet: { protocol: "starknet" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  it("refuses every privileged entry point and every second initialize to a plain user, with the contract's own reason", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const { starknet } = world.chains;
    const m = fx.mallory.address;
    const core = starknet.l1Contracts.StarknetCore.connect(fx.mallory);
    const registry = starknet.l1Contracts.MockFactRegistry.connect(fx.mallory);
    const l2 = starknet.contracts.StarknetL2Messaging.connect(fx.malloryL2);
    const operator = world.actors["starknet:sequencer"].address;
    const l1ToL2 = world.message(fx.l1ToL2Id);
    const facts = l1ToL2.details as {
      fromAddress: string;
      toAddress: bigint;
      selector: bigint;
      payload: bigint[];
      fee: bigint;
    };
    // An update that pays Mallory 1 ETH through a withdrawal no L2 contract sent.
    const output = buildProgramOutput({
      prevRoot: 0n,
      newRoot: 1n,
      prevBlockNumber: FIELD_PRIME - 1n,
      newBlockNumber: 0n,
      prevBlockHash: 0n,
      newBlockHash: 1n,
      configHash: CONFIG_HASH,
      l2ToL1: [{ from: BigInt(m), to: m, payload: [10n ** 18n] }],
      l1ToL2: [],
    });

    await expectRefusals([
      [
        "StarknetCore.updateState",
        () => core.updateState(output, 0, 0),
        "ONLY_OPERATOR",
      ],
      [
        "StarknetCore.registerOperator",
        () => core.registerOperator(m),
        "ONLY_GOVERNANCE",
      ],
      [
        "StarknetCore.unregisterOperator",
        () => core.unregisterOperator(operator),
        "ONLY_GOVERNANCE",
      ],
      [
        "StarknetCore.setMessageCancellationDelay",
        () => core.setMessageCancellationDelay(0),
        "ONLY_GOVERNANCE",
      ],
      [
        "StarknetCore.setFeeCollectionAddress",
        () => core.setFeeCollectionAddress(m),
        "ONLY_GOVERNANCE",
      ],
      [
        "StarknetCore.setProgramHash",
        () => core.setProgramHash(1),
        "ONLY_GOVERNANCE",
      ],
      [
        "StarknetCore.setAggregatorProgramHash",
        () => core.setAggregatorProgramHash(1),
        "ONLY_GOVERNANCE",
      ],
      [
        "StarknetCore.setConfigHash",
        () => core.setConfigHash(1),
        "ONLY_GOVERNANCE",
      ],
      [
        "MockFactRegistry.registerFact",
        () =>
          registry.registerFact(
            sharpFact(PROGRAM_HASH, stateTransitionFact(output)),
          ),
        "ONLY_PROVER",
      ],
      // Mallory delivers Alice's deposit herself, with her own payload.
      [
        "StarknetL2Messaging.handleL1Message of Alice's message",
        () =>
          l2.handleL1Message(
            BigInt(facts.fromAddress),
            facts.toAddress,
            facts.selector,
            [BigInt(m)],
            l1ToL2.nonce,
            facts.fee,
          ),
        "ONLY_SEQUENCER",
      ],
      [
        "an l1 handler called directly",
        () =>
          (fx.handler.connect(fx.malloryL2) as Contract).record(
            BigInt(fx.alice.address),
            [1n],
          ),
        "ONLY_L1_HANDLER",
      ],
      // The hash names its L1 sender: Mallory cannot start the cancellation of Alice's message.
      [
        "StarknetCore.startL1ToL2MessageCancellation of Alice's message",
        () =>
          core.startL1ToL2MessageCancellation(
            facts.toAddress,
            facts.selector,
            facts.payload,
            l1ToL2.nonce,
          ),
        "NO_MESSAGE_TO_CANCEL",
      ],
      [
        "StarknetCore.initialize",
        () => core.initialize(m, m, m, 1, 0, 1, 0),
        "ALREADY_INITIALIZED",
      ],
      [
        "MockFactRegistry.initialize",
        () => registry.initialize(m),
        "ALREADY_INITIALIZED",
      ],
      [
        "StarknetL2Messaging.initialize",
        () => l2.initialize(m),
        "ALREADY_INITIALIZED",
      ],
    ]);

    // Nothing moved.
    expect(await core.governor()).to.equal(world.actors.deployer.address);
    expect(await core.isOperator(m)).to.equal(false);
    expect(await core.isOperator(operator)).to.equal(true);
    expect(await core.messageCancellationDelay()).to.equal(432000n);
    expect(await core.feeCollector()).to.equal(
      "0x0000000000000000000000000000000000000000",
    );
    expect(await core.programHash()).to.equal(PROGRAM_HASH);
    expect(await registry.prover()).to.equal(
      world.actors["starknet:prover"].address,
    );
    expect(await l2.sequencer()).to.equal(operator);
    expect(await l2.l1HandlerStatus(l1ToL2.nonce)).to.equal(0n);
    await settle(world, fx);
  });

  it("refuses forged state updates and consumptions: a replayed proven update, an output its fact was not registered for, forged payloads", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const { starknet } = world.chains;
    const core = starknet.l1Contracts.StarknetCore;
    // Even the operator's key cannot apply what the prover did not prove.
    const operator = await world.l1.ethers.getImpersonatedSigner(
      world.actors["starknet:sequencer"].address,
    );
    await world.starknet.deliver(fx.l1ToL2Id);
    const proven = await world.starknet.updateState();
    expect(
      await starknet.l1Contracts.MockFactRegistry.isValid(proven.fact),
    ).to.equal(true);
    const o = proven.output;
    // The proven output chained onto the stored state: its messages were proven, but for the other output.
    const rechained = [...o];
    [rechained[0], rechained[2], rechained[3], rechained[4]] = [
      o[1],
      o[3],
      o[3] + 1n,
      o[5],
    ];
    const forged = buildProgramOutput({
      prevRoot: o[1],
      newRoot: o[1],
      prevBlockNumber: o[3],
      newBlockNumber: o[3] + 1n,
      prevBlockHash: o[5],
      newBlockHash: o[5],
      configHash: CONFIG_HASH,
      l2ToL1: [
        {
          from: BigInt(fx.malloryL2.address),
          to: fx.mallory.address,
          payload: [10n ** 18n],
        },
      ],
      l1ToL2: [],
    });
    const aliceL2 = BigInt(fx.aliceL2.address);

    await expectRefusals([
      [
        "the proven update submitted again",
        () => core.connect(operator).updateState(o, 0, 0),
        "INVALID_PREV_BLOCK_NUMBER",
      ],
      [
        "the proven output chained onto the stored state",
        () => core.connect(operator).updateState(rechained, 0, 0),
        "NO_STATE_TRANSITION_PROOF",
      ],
      [
        "an output with a withdrawal nobody sent on L2",
        () => core.connect(operator).updateState(forged, 0, 0),
        "NO_STATE_TRANSITION_PROOF",
      ],
      [
        "Mallory consuming Alice's withdrawal",
        () => core.connect(fx.mallory).consumeMessageFromL2(aliceL2, HONEST_UP),
        "INVALID_MESSAGE_TO_CONSUME",
      ],
      [
        "Alice consuming a forged amount",
        () =>
          core
            .connect(fx.alice)
            .consumeMessageFromL2(aliceL2, [HONEST_UP[0], 10n ** 18n]),
        "INVALID_MESSAGE_TO_CONSUME",
      ],
      [
        "Alice consuming it as if another L2 account sent it",
        () =>
          core
            .connect(fx.alice)
            .consumeMessageFromL2(BigInt(fx.malloryL2.address), HONEST_UP),
        "INVALID_MESSAGE_TO_CONSUME",
      ],
    ]);
    expect(await core.stateBlockNumber()).to.equal(o[3]);
    expect(world.message(fx.l2ToL1Id)).to.include({
      status: "ready",
      stage: "state-updated",
    });
    await settle(world, fx);
  });

  it("an l1 handler calling handleL1Message gets ONLY_SEQUENCER; every nonce's status stays consistent", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const { starknet } = world.chains;
    const core = starknet.l1Contracts.StarknetCore;
    const messaging = starknet.contracts.StarknetL2Messaging;
    const quiet = (await starknet.ethers.deployContract(
      "StarknetAdversarialHandler",
      [],
      fx.malloryL2,
    )) as unknown as Contract;
    const loud = (await starknet.ethers.deployContract(
      "StarknetAdversarialHandler",
      [],
      fx.malloryL2,
    )) as unknown as Contract;
    const [quietAddress, loudAddress] = [
      await quiet.getAddress(),
      await loud.getAddress(),
    ];
    // Mallory's messages take nonces 1 and 2, Alice's next one nonce 3. The quiet handler tries to deliver
    // Alice's with a payload of Mallory's and carries on; the loud one re-delivers itself and reverts.
    const handle = (
      from: string,
      to: string,
      selector: bigint,
      payload: bigint[],
      nonce: bigint,
    ) =>
      messaging.interface.encodeFunctionData("handleL1Message", [
        BigInt(from),
        BigInt(to),
        selector,
        payload,
        nonce,
        FEE,
      ]);
    await quiet.arm(
      handle(fx.alice.address, fx.handlerAddress, RECORD, [666n], 3n),
      false,
    );
    await loud.arm(
      handle(fx.mallory.address, loudAddress, REENTER, [], 2n),
      true,
    );
    await core
      .connect(fx.mallory)
      .sendMessageToL2(quietAddress, REENTER, [], { value: FEE });
    await core
      .connect(fx.mallory)
      .sendMessageToL2(loudAddress, REENTER, [], { value: FEE });
    await core
      .connect(fx.alice)
      .sendMessageToL2(fx.handlerAddress, RECORD, [7n, 7n], { value: FEE });
    await world.relayAll();

    const byNonce = (nonce: bigint) =>
      world.messages({ from: "l1" }).find((m) => m.nonce === nonce)!;
    expect(byNonce(1n)).to.include({ status: "relayed", stage: "consumed" });
    expect(await quiet.lastSuccess()).to.equal(false);
    expect(errorString(await quiet.lastReturnData())).to.equal(
      "ONLY_SEQUENCER",
    );
    const reverted = byNonce(2n);
    expect(reverted).to.include({
      status: "failed",
      stage: "handler-reverted",
    });
    expect(reverted.error).to.include("ONLY_SEQUENCER");
    expect(await core.l1ToL2Messages(reverted.hash)).to.equal(FEE + 1n); // still pending on L1: Mallory may cancel it
    expect(byNonce(3n)).to.include({ status: "relayed", stage: "consumed" });
    expect(await fx.handler.lastPayloadHash()).to.equal(payloadHash([7n, 7n]));
    const statuses = [];
    for (const nonce of [0n, 1n, 2n, 3n])
      statuses.push(await messaging.l1HandlerStatus(nonce));
    expect(statuses).to.deep.equal([1n, 1n, 2n, 1n]);
    await settle(world, fx);
  });

  it("carries empty and 4096-word payloads both ways, and refuses what is not a felt", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const { starknet } = world.chains;
    const core = starknet.l1Contracts.StarknetCore.connect(fx.mallory);
    const l2 = starknet.contracts.StarknetL2Messaging.connect(fx.malloryL2);
    const words = seededFelts("empty-and-4096", 4096);
    const to = BigInt(fx.mallory.address);

    await core.sendMessageToL2(fx.handlerAddress, RECORD, [], { value: FEE });
    await core.sendMessageToL2(fx.handlerAddress, RECORD, words, {
      value: FEE,
    });
    await core.sendMessageToL2(fx.handlerAddress, RECORD, [FIELD_PRIME], {
      value: FEE,
    }); // L1 takes it; the sequencer must not
    await l2.sendMessageToL1(to, []);
    await l2.sendMessageToL1(to, words);
    await expectRefusals([
      [
        "an L2→L1 payload word of P",
        () => l2.sendMessageToL1(to, [FIELD_PRIME]),
        "PAYLOAD_VALUE_OUT_OF_RANGE",
      ],
      [
        "an L2→L1 recipient of 2^160",
        () => l2.sendMessageToL1(1n << 160n, []),
        "TO_ADDRESS_OUT_OF_RANGE",
      ],
    ]);
    await world.relayAll();

    const l1ToL2 = world.messages({ from: "l1", sender: fx.mallory.address });
    expect(l1ToL2.map((m) => [m.status, m.stage])).to.deep.equal([
      ["relayed", "consumed"],
      ["relayed", "consumed"],
      ["failed", "undeliverable"],
    ]);
    expect(await fx.handler.lastLength()).to.equal(4096n);
    expect(await fx.handler.lastPayloadHash()).to.equal(payloadHash(words));

    const l2ToL1 = world.messages({
      from: "starknet",
      sender: fx.malloryL2.address,
    });
    expect(l2ToL1.map((m) => [m.status, m.stage])).to.deep.equal([
      ["ready", "state-updated"],
      ["ready", "state-updated"],
    ]);
    await core.consumeMessageFromL2(BigInt(fx.malloryL2.address), []);
    await core.consumeMessageFromL2(BigInt(fx.malloryL2.address), words);
    await world.relay();
    for (const m of l2ToL1)
      expect(world.message(m.id)).to.include({
        status: "relayed",
        stage: "consumed",
      });
    await settle(world, fx);
  });

  it("settles four 4096-word L2→L1 messages", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const l2 = world.chains.starknet.contracts.StarknetL2Messaging.connect(
      fx.malloryL2,
    );
    for (let i = 0; i < 4; i++)
      await l2.sendMessageToL1(
        BigInt(fx.mallory.address),
        seededFelts(`four-4096:${i}`, 4096),
      );
    await world.relayAll();
    for (const m of world.messages({
      from: "starknet",
      sender: fx.malloryL2.address,
    })) {
      expect(m).to.include({ status: "ready", stage: "state-updated" });
    }
    await settle(world, fx);
  });

  it("delivers past a 4096-word message whose handler burns all its gas: that one fails (its transaction cannot complete within the L2 cap) and stays cancellable on L1", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    await core
      .connect(fx.mallory)
      .sendMessageToL2(fx.handlerAddress, GUZZLE, seededFelts("guzzle", 4096), {
        value: FEE,
      });
    await core
      .connect(fx.alice)
      .sendMessageToL2(fx.handlerAddress, RECORD, [9n], { value: FEE });
    await world.relayAll();
    // The handler burns everything it is given, and the 1/64 the messaging contract keeps cannot pay for
    // its L1HandlerExecuted log of 4096 words: no gas limit up to the L2's cap completes the transaction.
    const [guzzled] = world.messages({
      from: "l1",
      sender: fx.mallory.address,
    });
    await expectStuckOnL1(guzzled);
    const after = world
      .messages({ from: "l1", sender: fx.alice.address })
      .find((m) => m.nonce === 2n)!;
    expect(after).to.include({ status: "relayed", stage: "consumed" });
    await settle(world, fx);
  });

  it("delivers past a 20,000-word message to a cheap handler: that one fails (its calldata and log exceed the L2 cap) and stays cancellable on L1", async () => {
    const fx = await world.loadFixture(starknetFixture);
    const core = world.chains.starknet.l1Contracts.StarknetCore;
    const words = Array.from({ length: 20_000 }, (_, i) => BigInt(i % 200));
    await core
      .connect(fx.mallory)
      .sendMessageToL2(fx.handlerAddress, RECORD, words, { value: FEE });
    await core
      .connect(fx.alice)
      .sendMessageToL2(fx.handlerAddress, RECORD, [9n], { value: FEE });
    await world.relayAll();
    // 640 KB of calldata, copied to the handler and logged again: more than one L2 transaction may use.
    const [big] = world.messages({ from: "l1", sender: fx.mallory.address });
    await expectStuckOnL1(big);
    const after = world
      .messages({ from: "l1", sender: fx.alice.address })
      .find((m) => m.nonce === 2n)!;
    expect(after).to.include({ status: "relayed", stage: "consumed" });
    await settle(world, fx);
  });
});
