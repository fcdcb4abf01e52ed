// Every Scroll attack in one file (about 750 lines): each ends with the same check that Alice's
// messages still go through (`settle`).
import type { Message } from "../../src/messages.js";
import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { concat, hexlify, keccak256, toUtf8Bytes } from "ethers";

import {
  encodeBatchHeaderV0,
  genesisBatchHeader,
} from "../../src/protocols/scroll/codec/batch-header.js";
import { minGasLimit } from "../../src/protocols/scroll/codec/xdomain-message.js";
import { hreWith } from "../helpers/hre.js";
import {
  errorString,
  expectRefusals,
  expectRejection,
} from "../helpers/rejection.js";

import { KIB_128 } from "./helpers.js";

const OWNABLE = "Ownable: caller is not the owner";
const INITIALIZED = "Initializable: contract is already initialized";
const MAX_GAS = "Gas limit must not exceed maxGasLimit";
/** Alice's messages, in flight while Mallory attacks. */
const HONEST_DOWN = "0xa11ce0d0";
const HONEST_UP = "0xa11ce0a0";
const SEND = "sendMessage(address,uint256,bytes,uint256)";

type Fixture = Awaited<ReturnType<typeof scrollFixture>>;

/** `length` bytes that look random but are the same on every run: a keccak chain from `seed`. */
function seededBytes(seed: string, length: number): string {
  const words: string[] = [];
  let word = keccak256(toUtf8Bytes(seed));
  for (let n = 0; n * 32 < length; n++, word = keccak256(word))
    words.push(word);
  return hexlify(concat(words)).slice(0, 2 + 2 * length);
}

/** Alice has one message in flight each way; Mallory holds a funded account on both layers. */
async function scrollFixture(w: World) {
  const { l1, scroll } = w.chains;
  const l1Signers = await l1.ethers.getSigners();
  const l2Signers = await scroll.ethers.getSigners();
  const [alice, mallory, aliceL2, malloryL2] = [
    l1Signers[1],
    l1Signers[7],
    l2Signers[1],
    l2Signers[7],
  ];
  const l1Sink = (await l1.ethers.deployContract(
    "PayloadSink",
  )) as unknown as Contract;
  const l2Sink = (await scroll.ethers.deployContract(
    "PayloadSink",
  )) as unknown as Contract;
  await scroll.l1Contracts.L1ScrollMessenger.connect(alice)[SEND](
    await l2Sink.getAddress(),
    0,
    HONEST_DOWN,
    200_000,
  );
  await scroll.contracts.L2ScrollMessenger.connect(aliceL2)[SEND](
    await l1Sink.getAddress(),
    0,
    HONEST_UP,
    0,
  );
  await w.refresh();
  const l1ToL2Id = w.messages({ from: "l1" })[0].id;
  const l2ToL1Id = w.messages({ from: "scroll" })[0].id;
  return {
    alice,
    mallory,
    aliceL2,
    malloryL2,
    l1Sink,
    l2Sink,
    l1ToL2Id,
    l2ToL1Id,
  };
}

/**
 * After an attack: the relayer settles without an exception, Alice's L1→L2 message is relayed and her
 * L2→L1 message is finalized and claimed.
 */
async function settle(w: World, fx: Fixture): Promise<void> {
  await w.relayAll();
  const l1ToL2 = w.message(fx.l1ToL2Id);
  expect(l1ToL2, "Alice's L1→L2 message").to.include({
    status: "relayed",
    stage: "relayed",
  });
  expect(
    await w.chains.scroll.contracts.L2ScrollMessenger.isL1MessageExecuted(
      l1ToL2.hash,
    ),
  ).to.equal(true);
  let l2ToL1 = w.message(fx.l2ToL1Id);
  if (l2ToL1.status !== "relayed") {
    expect(l2ToL1, "Alice's L2→L1 message").to.include({
      status: "ready",
      stage: "finalized",
    });
    l2ToL1 = await w.scroll.claim(l2ToL1, fx.alice);
  }
  expect(l2ToL1, "Alice's L2→L1 message").to.include({
    status: "relayed",
    stage: "relayed",
  });
  expect(
    await w.chains.scroll.l1Contracts.L1ScrollMessenger.isL2MessageExecuted(
      l2ToL1.hash,
    ),
  ).to.equal(true);
}

/** The (from, to, value, nonce, message) arguments of the messengers' relay, claim, replay and drop functions. */
function fieldsOf(
  m: Pick<Message, "sender" | "target" | "value" | "nonce" | "data">,
) {
  return [m.sender, m.target, m.value, m.nonce, m.data] as const;
}

describe("adversarial: Scroll", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { scroll: { protocol: "scroll" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  it("refuses every privileged entry point to a plain user, each with the contract's own reason", async () => {
    const fx = await world.loadFixture(scrollFixture);
    const { scroll } = world.chains;
    const m = fx.mallory.address;
    const l1m = scroll.l1Contracts.L1ScrollMessenger.connect(fx.mallory);
    const queue = scroll.l1Contracts.L1MessageQueue.connect(fx.mallory);
    const rollup = scroll.l1Contracts.ZKRollup.connect(fx.mallory);
    const verifier = scroll.l1Contracts.MockRollupVerifier.connect(fx.mallory);
    const l1List = scroll.l1Contracts.Whitelist.connect(fx.mallory);
    const l2m = scroll.contracts.L2ScrollMessenger.connect(fx.malloryL2);
    const l2Queue = scroll.contracts.L2MessageQueue.connect(fx.malloryL2);
    const l2List = scroll.contracts.Whitelist.connect(fx.malloryL2);
    const sequencer = world.actors["scroll:sequencer"].address;
    const l1ToL2 = world.message(fx.l1ToL2Id);
    const genesis = encodeBatchHeaderV0(
      genesisBatchHeader((await scroll.block(0)).hash),
    );
    const ONE = `0x${"11".repeat(32)}`;
    const l2Messenger = await scroll.contracts.L2ScrollMessenger.getAddress();

    await expectRefusals([
      // L1ScrollMessenger's owner functions, and its receive()
      ["L1ScrollMessenger.setPause", () => l1m.setPause(true), OWNABLE],
      [
        "L1ScrollMessenger.updateFeeVault",
        () => l1m.updateFeeVault(m),
        OWNABLE,
      ],
      [
        "L1ScrollMessenger.updateMaxReplayTimes",
        () => l1m.updateMaxReplayTimes(1000),
        OWNABLE,
      ],
      [
        "L1ScrollMessenger.updateWhitelist",
        () => l1m.updateWhitelist(m),
        OWNABLE,
      ],
      [
        "L1ScrollMessenger.transferOwnership",
        () => l1m.transferOwnership(m),
        OWNABLE,
      ],
      [
        "ETH sent straight to L1ScrollMessenger",
        () => fx.mallory.sendTransaction({ to: l1m.target, value: 1n }),
        OWNABLE,
      ],
      // Alice's queued message cannot be dropped: it was never skipped.
      [
        "L1ScrollMessenger.dropMessage of Alice's message",
        () => l1m.dropMessage(...fieldsOf(l1ToL2)),
        "cannot drop pending message",
      ],
      // L1MessageQueue
      [
        "L1MessageQueue.appendCrossDomainMessage",
        () => queue.appendCrossDomainMessage(l2Messenger, 1_000_000, "0x"),
        "Only callable by the L1ScrollMessenger",
      ],
      [
        "L1MessageQueue.dropCrossDomainMessage",
        () => queue.dropCrossDomainMessage(0),
        "Only callable by the L1ScrollMessenger",
      ],
      [
        "L1MessageQueue.popCrossDomainMessage",
        () => queue.popCrossDomainMessage(0, 1, 1),
        "Only callable by the ScrollChain",
      ],
      [
        "L1MessageQueue.setL2BaseFee",
        () => queue.setL2BaseFee(10n ** 18n),
        "ErrorNotWhitelistedSender",
      ],
      [
        "L1MessageQueue.updateMaxGasLimit",
        () => queue.updateMaxGasLimit(10n ** 9n),
        OWNABLE,
      ],
      [
        "L1MessageQueue.updateWhitelistChecker",
        () => queue.updateWhitelistChecker(m),
        OWNABLE,
      ],
      // ZKRollup
      [
        "ZKRollup.commitBatch",
        () => rollup.commitBatch(0, genesis, ["0x00"], "0x"),
        "caller not sequencer",
      ],
      [
        "ZKRollup.finalizeBatchWithProof",
        () => rollup.finalizeBatchWithProof(genesis, ONE, ONE, ONE, "0x"),
        "caller not prover",
      ],
      [
        "ZKRollup.importGenesisBatch again",
        () =>
          rollup.importGenesisBatch(
            encodeBatchHeaderV0(genesisBatchHeader(ONE)),
            ONE,
          ),
        "Genesis batch imported",
      ],
      ["ZKRollup.addSequencer", () => rollup.addSequencer(m), OWNABLE],
      ["ZKRollup.addProver", () => rollup.addProver(m), OWNABLE],
      [
        "ZKRollup.removeSequencer",
        () => rollup.removeSequencer(sequencer),
        OWNABLE,
      ],
      ["ZKRollup.removeProver", () => rollup.removeProver(sequencer), OWNABLE],
      ["ZKRollup.updateVerifier", () => rollup.updateVerifier(m), OWNABLE],
      [
        "ZKRollup.updateMaxNumTxInChunk",
        () => rollup.updateMaxNumTxInChunk(1),
        OWNABLE,
      ],
      ["ZKRollup.setPause", () => rollup.setPause(true), OWNABLE],
      // MockRollupVerifier
      [
        "MockRollupVerifier.updateProverSigner",
        () => verifier.updateProverSigner(m),
        OWNABLE,
      ],
      [
        "MockRollupVerifier.transferOwnership",
        () => verifier.transferOwnership(m),
        OWNABLE,
      ],
      [
        "MockRollupVerifier.renounceOwnership",
        () => verifier.renounceOwnership(),
        OWNABLE,
      ],
      // Whitelists
      [
        "Whitelist (L1).updateWhitelistStatus",
        () => l1List.updateWhitelistStatus([m], true),
        OWNABLE,
      ],
      [
        "Whitelist (L2).updateWhitelistStatus",
        () => l2List.updateWhitelistStatus([m], true),
        OWNABLE,
      ],
      // L2 side
      ["L2ScrollMessenger.setPause", () => l2m.setPause(true), OWNABLE],
      [
        "L2ScrollMessenger.updateFeeVault",
        () => l2m.updateFeeVault(m),
        OWNABLE,
      ],
      [
        "L2ScrollMessenger.updateWhitelist",
        () => l2m.updateWhitelist(m),
        OWNABLE,
      ],
      [
        "L2MessageQueue.appendMessage",
        () => l2Queue.appendMessage(keccak256("0x01")),
        "only messenger",
      ],
      // Mallory delivers Alice's message herself, then a message Alice never sent.
      [
        "L2ScrollMessenger.relayMessage of Alice's message",
        () => l2m.relayMessage(...fieldsOf(l1ToL2)),
        "Caller is not L1ScrollMessenger",
      ],
      [
        "L2ScrollMessenger.relayMessage of a forged message",
        () => l2m.relayMessage(fx.alice.address, m, 10n ** 18n, 99, "0x"),
        "Caller is not L1ScrollMessenger",
      ],
    ]);

    await expectRefusals([
      [
        "L1ScrollMessenger.initialize",
        () => l1m.initialize(m, m, m, m, m, m),
        INITIALIZED,
      ],
      [
        "L1MessageQueue.initialize",
        () => queue.initialize(m, m, m, m, 1),
        INITIALIZED,
      ],
      [
        "ZKRollup.initialize",
        () => rollup.initialize(m, m, m, 1, 1),
        INITIALIZED,
      ],
      [
        "MockRollupVerifier.initialize",
        () => verifier.initialize(m, m),
        INITIALIZED,
      ],
      ["Whitelist (L1).initialize", () => l1List.initialize(m), INITIALIZED],
      [
        "L2ScrollMessenger.initialize",
        () => l2m.initialize(m, m, m, m, m),
        INITIALIZED,
      ],
      ["L2MessageQueue.initialize", () => l2Queue.initialize(m), INITIALIZED],
      ["Whitelist (L2).initialize", () => l2List.initialize(m), INITIALIZED],
    ]);

    // Nothing moved.
    const deployer = world.actors.deployer.address;
    for (const c of [l1m, queue, rollup, verifier, l1List, l2m, l2List])
      expect(await c.owner()).to.equal(deployer);
    expect(await l1m.paused()).to.equal(false);
    expect(await rollup.isSequencer(m)).to.equal(false);
    expect(await rollup.isProver(m)).to.equal(false);
    expect(await verifier.proverSigner()).to.equal(
      world.actors["scroll:prover"].address,
    );
    expect(await queue.maxGasLimit()).to.equal(10_000_000n);
    expect(await l2Queue.nextMessageIndex()).to.equal(1n);
    await settle(world, fx);
  });

  it("refuses forged claims: another leaf's proof, another leaf index, forged fields, other batches", async () => {
    const fx = await world.loadFixture(scrollFixture);
    const { scroll } = world.chains;
    // Mallory's own withdrawal lands in the same batch as Alice's.
    await scroll.contracts.L2ScrollMessenger.connect(fx.malloryL2)[SEND](
      fx.mallory.address,
      0,
      "0xbad0",
      0,
    );
    await world.relayAll();
    const l2ToL1 = world.message(fx.l2ToL1Id);
    const [own] = world.messages({
      from: "scroll",
      sender: fx.mallory.address,
    });
    const l2ToL1Claim = world.scroll.withdrawalProof(l2ToL1);
    const ownClaim = world.scroll.withdrawalProof(own);
    expect(ownClaim.batchIndex).to.equal(l2ToL1Claim.batchIndex);
    const unfinalized = world.scroll.batches().length;
    const l1m = scroll.l1Contracts.L1ScrollMessenger.connect(fx.mallory);
    const claim = (
      m: Parameters<typeof fieldsOf>[0],
      proof: { batchIndex: number | bigint; merkleProof: string },
    ) => l1m.relayMessageWithProof(...fieldsOf(m), proof);

    await expectRefusals([
      [
        "Alice's message with Mallory's proof",
        () => claim(l2ToL1, ownClaim),
        "Invalid proof",
      ],
      [
        "Mallory's message with Alice's proof",
        () => claim(own, l2ToL1Claim),
        "Invalid proof",
      ],
      [
        "Mallory's message at Alice's leaf index",
        () => claim({ ...own, nonce: l2ToL1.nonce }, l2ToL1Claim),
        "Invalid proof",
      ],
      [
        "Mallory's message paying her 1 ETH",
        () => claim({ ...own, value: 10n ** 18n }, ownClaim),
        "Invalid proof",
      ],
      [
        "Mallory's message as if Alice sent it",
        () => claim({ ...own, sender: fx.alice.address }, ownClaim),
        "Invalid proof",
      ],
      [
        "Mallory's message to another target",
        () => claim({ ...own, target: fx.alice.address }, ownClaim),
        "Invalid proof",
      ],
      [
        "a proof with a trailing byte",
        () =>
          claim(own, { ...ownClaim, merkleProof: `${ownClaim.merkleProof}00` }),
        "Invalid proof",
      ],
      [
        "a zeroed sibling",
        () => claim(own, { ...ownClaim, merkleProof: `0x${"00".repeat(32)}` }),
        "Invalid proof",
      ],
      [
        "the genesis batch (withdraw root 0)",
        () => claim(own, { batchIndex: 0, merkleProof: "0x" }),
        "Invalid proof",
      ],
      [
        "a batch not finalized (not even committed)",
        () => claim(own, { ...ownClaim, batchIndex: unfinalized }),
        "Batch is not finalized",
      ],
    ]);

    // Her real claim goes through once, then never again.
    expect(await world.scroll.claim(own, fx.mallory)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    await expectRejection(
      claim(own, ownClaim),
      "Message was already successfully executed",
    );
    expect(world.message(fx.l2ToL1Id)).to.include({
      status: "ready",
      stage: "finalized",
    });
    await settle(world, fx);
  });

  it('a claim target re-entering relayMessageWithProof gets "Message is already in execution"; an L2 target re-entering relayMessage gets "Caller is not L1ScrollMessenger"', async () => {
    const fx = await world.loadFixture(scrollFixture);
    const { l1, scroll } = world.chains;
    const l1Messenger = scroll.l1Contracts.L1ScrollMessenger;
    const l2Messenger = scroll.contracts.L2ScrollMessenger;
    // On L2, the probe tries to deliver Alice's message again from inside its own delivery.
    const l2Probe = (await scroll.ethers.deployContract(
      "ReentrancyProbe",
      [],
      fx.malloryL2,
    )) as unknown as Contract;
    const fire = l2Probe.interface.encodeFunctionData("fire");
    const l1ToL2 = world.message(fx.l1ToL2Id);
    await l2Probe.arm(
      await l2Messenger.getAddress(),
      l2Messenger.interface.encodeFunctionData("relayMessage", [
        ...fieldsOf(l1ToL2),
      ]),
      false,
    );
    await l1Messenger
      .connect(fx.mallory)
      [SEND](await l2Probe.getAddress(), 0, fire, 300_000);
    // Deployed at another nonce than the L2 probe: at the same address, the two `fire()` messages would
    // share a hash, which the relayer mixes up (see the skipped test below).
    const probe = (await l1.ethers.deployContract(
      "ReentrancyProbe",
      [],
      fx.mallory,
    )) as unknown as Contract;
    await l2Messenger
      .connect(fx.malloryL2)
      [SEND](await probe.getAddress(), 0, fire, 0);
    await world.relayAll();

    const [l2Attack] = world.messages({
      from: "l1",
      target: await l2Probe.getAddress(),
    });
    expect(l2Attack).to.include({ status: "relayed", stage: "relayed" });
    expect(await l2Probe.lastSuccess()).to.equal(false);
    expect(errorString(await l2Probe.lastReturnData())).to.equal(
      "Caller is not L1ScrollMessenger",
    );

    // On L1, the probe claims Alice's finalized message, with its valid proof, from inside its own claim.
    const l2ToL1 = world.message(fx.l2ToL1Id);
    const nested = l1Messenger.interface.encodeFunctionData(
      "relayMessageWithProof",
      [...fieldsOf(l2ToL1), world.scroll.withdrawalProof(l2ToL1)],
    );
    const [attack] = world.messages({
      from: "scroll",
      target: await probe.getAddress(),
    });
    await probe.arm(await l1Messenger.getAddress(), nested, true);
    expect(await world.scroll.claim(attack, fx.mallory)).to.include({
      status: "failed",
      stage: "claim-failed",
    });
    await probe.arm(await l1Messenger.getAddress(), nested, false);
    expect(await world.scroll.claim(attack, fx.mallory)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await probe.fired()).to.equal(1n);
    expect(errorString(await probe.lastReturnData())).to.equal(
      "Message is already in execution",
    );
    expect(await l1Messenger.isL2MessageExecuted(l2ToL1.hash)).to.equal(false);
    expect(world.message(fx.l2ToL1Id)).to.include({
      status: "ready",
      stage: "finalized",
    });
    await settle(world, fx);
  });

  it("carries empty and 128 KiB messages both ways, or refuses them with Scroll's own reasons", async () => {
    const fx = await world.loadFixture(scrollFixture);
    const { scroll } = world.chains;
    const l1m = scroll.l1Contracts.L1ScrollMessenger.connect(fx.mallory);
    const l2m = scroll.contracts.L2ScrollMessenger.connect(fx.malloryL2);
    const [l1Sink, l2Sink] = [
      await fx.l1Sink.getAddress(),
      await fx.l2Sink.getAddress(),
    ];
    const big = seededBytes("scroll: 128 KiB both ways", KIB_128);
    const nonce =
      await scroll.l1Contracts.L1MessageQueue.nextCrossDomainMessageIndex();
    const floor = minGasLimit({
      from: fx.mallory.address,
      to: l2Sink,
      value: 0n,
      nonce,
      message: big,
    });

    await expectRejection(
      l1m[SEND](l2Sink, 0, big, floor - 1n),
      "Insufficient gas limit, must be above intrinsic gas",
    );
    // Exactly the floor is accepted, but leaves the L2 transaction nothing to copy 128 KiB with.
    await l1m[SEND](l2Sink, 0, big, floor);
    await l1m[SEND](l2Sink, 0, "0x", 100_000);
    await l2m[SEND](l1Sink, 0, "0x", 0);
    await l2m[SEND](l1Sink, 0, big, 0);
    await world.relayAll();

    const l1ToL2 = world.messages({ from: "l1", sender: fx.mallory.address });
    const starved = l1ToL2.find((m) => m.data === big)!;
    expect(starved).to.include({ status: "failed", stage: "relay-failed" });
    expect(starved.error).to.include("replayMessage");
    expect(l1ToL2.find((m) => m.data === "0x")).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await fx.l2Sink.lastLength()).to.equal(0n);

    // Scroll's recovery: replay with a gas limit that covers the copy.
    await l1m.replayMessage(
      ...fieldsOf(starved),
      floor + 1_000_000n,
      fx.mallory.address,
    );
    await world.relayAll();
    expect(world.message(starved.id)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(await fx.l2Sink.lastLength()).to.equal(BigInt(KIB_128));
    expect(await fx.l2Sink.lastHash()).to.equal(keccak256(big));

    const l2ToL1 = world.messages({
      from: "scroll",
      sender: fx.mallory.address,
    });
    expect(l2ToL1.map((m) => [m.data.length, m.status, m.stage])).to.deep.equal(
      [
        [2, "ready", "finalized"],
        [2 + 2 * KIB_128, "ready", "finalized"],
      ],
    );
    for (const m of l2ToL1)
      expect(await world.scroll.claim(m, fx.mallory)).to.include({
        status: "relayed",
        stage: "relayed",
      });
    expect(await fx.l1Sink.lastLength()).to.equal(BigInt(KIB_128));
    expect(await fx.l1Sink.lastHash()).to.equal(keccak256(big));
    await settle(world, fx);
  });

  it(`refuses a gas limit above maxGasLimit ("${MAX_GAS}") on send and on replay; maxGasLimit itself relays`, async () => {
    const fx = await world.loadFixture(scrollFixture);
    const { scroll } = world.chains;
    const l1m = scroll.l1Contracts.L1ScrollMessenger.connect(fx.mallory);
    const l2Sink = await fx.l2Sink.getAddress();
    const max = await scroll.l1Contracts.L1MessageQueue.maxGasLimit();
    const l1ToL2 = world.message(fx.l1ToL2Id);
    await expectRefusals([
      [
        "sendMessage (4 arguments)",
        () => l1m[SEND](l2Sink, 0, "0x", max + 1n),
        MAX_GAS,
      ],
      [
        "sendMessage (seed form)",
        () => l1m["sendMessage(address,bytes,uint256)"](l2Sink, "0x", max + 1n),
        MAX_GAS,
      ],
      [
        "replayMessage of Alice's message",
        () =>
          l1m.replayMessage(...fieldsOf(l1ToL2), max + 1n, fx.mallory.address),
        MAX_GAS,
      ],
    ]);
    expect(
      max < BigInt((await scroll.block()).gasLimit),
      "maxGasLimit below the L2 block gas limit",
    ).to.equal(true);
    await l1m[SEND](l2Sink, 0, "0x0123", max);
    await settle(world, fx);
    const [atMax] = world.messages({ from: "l1", sender: fx.mallory.address });
    expect(atMax).to.include({ status: "relayed", stage: "relayed" });
  });

  it("records an L1→L2 message whose gas limit exceeds the L2 block gas limit as failed", async () => {
    const other = await hreWith({
      xdm: {
        chains: { scroll: { protocol: "scroll" } },
        scroll: { maxGasLimit: 100_000_000 },
      },
    });
    const w = await other.xdm.create();
    try {
      const { l1, scroll } = w.chains;
      const [, alice] = await l1.ethers.getSigners();
      const sink = await (
        await scroll.ethers.deployContract("PayloadSink")
      ).getAddress();
      const blockGasLimit = BigInt((await scroll.block()).gasLimit);
      const l1m = scroll.l1Contracts.L1ScrollMessenger.connect(alice);
      await l1m[SEND](sink, 0, "0x", blockGasLimit + 10_000_000n); // under maxGasLimit, over the block
      await l1m[SEND](sink, 0, HONEST_DOWN, 200_000);
      await w.relayAll();
      const [tooBig, honest] = w.messages({ from: "l1" });
      expect(tooBig.status).to.equal("failed");
      expect(tooBig.error).to.match(/block gas limit/i);
      expect(honest).to.include({ status: "relayed", stage: "relayed" });
    } finally {
      await w.close();
    }
  });

  it("batches four 128 KiB L2→L1 messages", async () => {
    const fx = await world.loadFixture(scrollFixture);
    const l2m = world.chains.scroll.contracts.L2ScrollMessenger.connect(
      fx.malloryL2,
    );
    const payloads = [0, 1, 2, 3].map((i) =>
      seededBytes(`scroll: 128 KiB withdrawal ${i}`, KIB_128),
    );
    for (const payload of payloads)
      await l2m[SEND](await fx.l1Sink.getAddress(), 0, payload, 0);
    await world.relayAll();
    const batched = world.messages({
      from: "scroll",
      sender: fx.mallory.address,
    });
    expect(batched.map((m) => m.data)).to.deep.equal(payloads);
    for (const m of batched) {
      expect(m).to.include({ status: "ready", stage: "finalized" });
      const { batchIndex } = world.scroll.withdrawalProof(m);
      expect(
        await world.chains.scroll.l1Contracts.ZKRollup.isBatchFinalized(
          batchIndex,
        ),
        `batch ${batchIndex}`,
      ).to.equal(true);
    }
    await settle(world, fx);
  });

  it("keeps an L1→L2 and an L2→L1 message with the same hash apart", async () => {
    const fx = await world.loadFixture(scrollFixture);
    const { scroll } = world.chains;
    // Both queues are at index 1: the same (from, to, value, nonce, message) each way has the same hash.
    expect(
      await scroll.l1Contracts.L1MessageQueue.nextCrossDomainMessageIndex(),
    ).to.equal(1n);
    expect(await scroll.contracts.L2MessageQueue.nextMessageIndex()).to.equal(
      1n,
    );
    await scroll.l1Contracts.L1ScrollMessenger.connect(fx.mallory)[SEND](
      fx.mallory.address,
      0,
      "0x1234",
      100_000,
    );
    await scroll.contracts.L2ScrollMessenger.connect(fx.malloryL2)[SEND](
      fx.mallory.address,
      0,
      "0x1234",
      0,
    );
    await world.relayAll();
    const [l1ToL2] = world.messages({ from: "l1", sender: fx.mallory.address });
    let [l2ToL1] = world.messages({
      from: "scroll",
      sender: fx.mallory.address,
    });
    expect(l1ToL2.hash).to.equal(l2ToL1.hash);
    expect(l1ToL2).to.include({ status: "relayed", stage: "relayed" });
    expect(l2ToL1).to.include({ status: "ready", stage: "finalized" });
    expect(
      await scroll.l1Contracts.L1ScrollMessenger.isL2MessageExecuted(
        l2ToL1.hash,
      ),
    ).to.equal(false);
    l2ToL1 = await world.scroll.claim(l2ToL1, fx.mallory);
    expect(l2ToL1).to.include({ status: "relayed", stage: "relayed" });
    expect(world.message(l1ToL2.id)).to.include({
      status: "relayed",
      stage: "relayed",
    });
    await settle(world, fx);
  });
});
