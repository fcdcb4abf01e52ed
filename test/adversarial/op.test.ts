import type { World } from "../../src/world.js";
import type { Contract } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";
import { hexlify, keccak256, zeroPadValue } from "ethers";

import {
  encodeAccessList,
  type Identifier,
  identifierFromLog,
} from "../../src/protocols/op/codec/access-list.js";
import {
  msgHash,
  payloadFromLog,
} from "../../src/protocols/op/codec/message.js";
import {
  ERROR_SELECTORS,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
} from "../../src/protocols/op/codec/predeploys.js";
import { hreWith } from "../helpers/hre.js";
import { mined } from "../helpers/mined.js";
import { expectRefusals, expectRejection } from "../helpers/rejection.js";

import { KIB_128 } from "./helpers.js";

/** Alice's messages, in flight while Mallory attacks. */
const HONEST_AB = "0xa11ce0ab";
const HONEST_BA = "0xa11ce0ba";

type Fixture = Awaited<ReturnType<typeof opFixture>>;

/** Alice has one message in flight each way between opA and opB; Mallory holds funded accounts on both. */
async function opFixture(w: World) {
  const { opA, opB } = w.chains;
  const onA = await opA.ethers.getSigners();
  const onB = await opB.ethers.getSigners();
  const [alice, mallory, aliceB, malloryB] = [onA[1], onA[7], onB[1], onB[7]];
  const sinkA = (await opA.ethers.deployContract(
    "PayloadSink",
  )) as unknown as Contract;
  const sinkB = (await opB.ethers.deployContract(
    "PayloadSink",
  )) as unknown as Contract;
  await opA.contracts.L2ToL2CrossDomainMessenger.connect(alice).sendMessage(
    opB.chainId,
    await sinkB.getAddress(),
    HONEST_AB,
  );
  await opB.contracts.L2ToL2CrossDomainMessenger.connect(aliceB).sendMessage(
    opA.chainId,
    await sinkA.getAddress(),
    HONEST_BA,
  );
  await w.refresh();
  const abId = w.messages({ from: "opA" })[0].id;
  const baId = w.messages({ from: "opB" })[0].id;
  return { alice, mallory, aliceB, malloryB, sinkA, sinkB, abId, baId };
}

/** After an attack: the autorelayer settles without an exception and both of Alice's messages are relayed. */
async function settle(w: World, fx: Fixture): Promise<void> {
  await w.relayAll();
  for (const [id, destination] of [
    [fx.abId, w.chains.opB],
    [fx.baId, w.chains.opA],
  ] as const) {
    const message = w.message(id);
    expect(message, `Alice's message ${id}`).to.include({
      status: "relayed",
      stage: "relayed",
    });
    expect(
      await destination.contracts.L2ToL2CrossDomainMessenger.successfulMessages(
        message.hash,
      ),
    ).to.equal(true);
  }
}

describe("adversarial: OP Stack interop", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { opA: { protocol: "op" }, opB: { protocol: "op" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  it("lets anyone relay, but only a real initiating message with its access list, and only once", async () => {
    const fx = await world.loadFixture(opFixture);
    const messenger =
      world.chains.opB.contracts.L2ToL2CrossDomainMessenger.connect(
        fx.malloryB,
      );
    const ab = world.message(fx.abId);
    const [id, payload, accessList] = [
      world.op.identifier(ab),
      world.op.payload(ab),
      world.op.accessList(ab),
    ];
    // Bytes 64..96 of a SentMessage payload are the target: Mallory makes it herself.
    const retargeted = `${payload.slice(0, 2 + 128)}${zeroPadValue(fx.mallory.address, 32).slice(2)}${payload.slice(2 + 192)}`;

    await expectRefusals([
      [
        "relayMessage without the access list",
        () => messenger.relayMessage(id, payload),
        "NotInAccessList",
      ],
      [
        "relayMessage with another message's access list",
        () =>
          messenger.relayMessage(id, payload, {
            accessList: world.op.accessList(fx.baId),
          }),
        "NotInAccessList",
      ],
      [
        "relayMessage with the target rewritten, and the access list that goes with it",
        () =>
          messenger.relayMessage(id, retargeted, {
            accessList: encodeAccessList(id, msgHash(retargeted)),
          }),
        "executing and initiating message fields are not equal",
      ],
    ]);
    expect(await fx.sinkB.received()).to.equal(0n);

    // Relaying is not a privilege: Mallory relays Alice's message as it was sent, once.
    await mined(messenger.relayMessage(id, payload, { accessList }));
    expect(await fx.sinkB.lastHash()).to.equal(keccak256(HONEST_AB));
    expect(await fx.sinkB.lastCaller()).to.equal(
      L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS,
    );
    await expectRejection(
      messenger.relayMessage(id, payload, { accessList }),
      "MessageAlreadyRelayed",
    );
    await settle(world, fx);
    expect(await fx.sinkB.received()).to.equal(1n);
  });

  it("refuses forged identifiers: another contract's look-alike log, shifted positions, an unknown chain", async () => {
    const fx = await world.loadFixture(opFixture);
    const { opA, opB } = world.chains;
    const messenger = opB.contracts.L2ToL2CrossDomainMessenger.connect(
      fx.malloryB,
    );
    // A contract of Mallory's emits a SentMessage look-alike: "Alice sent 0xdead to the sink on opB".
    const emitter = (await opA.ethers.deployContract(
      "FakeSentMessageEmitter",
      [],
      fx.mallory,
    )) as unknown as Contract;
    const receipt = await mined(
      emitter.forge(
        opB.chainId,
        await fx.sinkB.getAddress(),
        7777,
        fx.alice.address,
        "0xdead",
      ),
    );
    const log = receipt.logs[0];
    const lookAlike = payloadFromLog(log);
    const atEmitter = identifierFromLog(
      log,
      BigInt((await opA.block(log.blockNumber)).timestamp),
      BigInt(opA.chainId),
    );
    expect(atEmitter.origin).to.equal(await emitter.getAddress());
    const ab = world.message(fx.abId);
    const [id, payload] = [world.op.identifier(ab), world.op.payload(ab)];
    const relay = (identifier: Identifier, sent: string) =>
      messenger.relayMessage(identifier, sent, {
        accessList: encodeAccessList(identifier, msgHash(sent)),
      });

    await expectRefusals([
      [
        "an identifier naming the look-alike's emitter",
        () => relay(atEmitter, lookAlike),
        "IdOriginNotL2ToL2CrossDomainMessenger",
      ],
      // The checksum binds the emitter: the log at that position is the look-alike's, not the messenger's.
      [
        "an identifier naming the messenger at the look-alike's log",
        () =>
          relay(
            { ...atEmitter, origin: L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS },
            lookAlike,
          ),
        "executing and initiating message fields are not equal",
      ],
      [
        "Alice's identifier with the look-alike's payload",
        () => relay(id, lookAlike),
        "executing and initiating message fields are not equal",
      ],
      [
        "Alice's identifier one log further",
        () => relay({ ...id, logIndex: id.logIndex + 1n }, payload),
        "initiating message not found",
      ],
      [
        "Alice's identifier one block later",
        () => relay({ ...id, blockNumber: id.blockNumber + 1n }, payload),
        "initiating message not found",
      ],
      [
        "Alice's identifier one second later",
        () => relay({ ...id, timestamp: id.timestamp + 1n }, payload),
        "initiating message not found",
      ],
      [
        "Alice's identifier on a chain outside the world",
        () => relay({ ...id, chainId: 4242n }, payload),
        "no chain found for chain id 4242",
      ],
    ]);
    expect(await fx.sinkB.received()).to.equal(0n);
    await settle(world, fx);
    expect(await fx.sinkB.received()).to.equal(1n);
  });

  it("refuses a message relayed on a chain other than its destination (MessageDestinationNotRelayChain)", async () => {
    const fx = await world.loadFixture(opFixture);
    const { opA, opB } = world.chains;
    const relayOn = (
      messenger: typeof opA.contracts.L2ToL2CrossDomainMessenger,
      id: string,
    ) => {
      const m = world.message(id);
      return messenger.relayMessage(
        world.op.identifier(m),
        world.op.payload(m),
        { accessList: world.op.accessList(m) },
      );
    };
    await expectRefusals([
      [
        "Alice's opA→opB message relayed on opA",
        () =>
          relayOn(
            opA.contracts.L2ToL2CrossDomainMessenger.connect(fx.mallory),
            fx.abId,
          ),
        "MessageDestinationNotRelayChain",
      ],
      [
        "Alice's opB→opA message relayed on opB",
        () =>
          relayOn(
            opB.contracts.L2ToL2CrossDomainMessenger.connect(fx.malloryB),
            fx.baId,
          ),
        "MessageDestinationNotRelayChain",
      ],
    ]);
    await settle(world, fx);
  });

  it("a target re-entering relayMessage gets ReentrantCall; swallowed, its message relays; bubbled, it fails; Alice's runs once", async () => {
    const fx = await world.loadFixture(opFixture);
    const { opA, opB } = world.chains;
    const messengerB = opB.contracts.L2ToL2CrossDomainMessenger;
    const quiet = (await opB.ethers.deployContract(
      "ReentrancyProbe",
      [],
      fx.malloryB,
    )) as unknown as Contract;
    const loud = (await opB.ethers.deployContract(
      "ReentrancyProbe",
      [],
      fx.malloryB,
    )) as unknown as Contract;
    // Both probes relay Alice's message from inside their own delivery.
    const ab = world.message(fx.abId);
    const inner = messengerB.interface.encodeFunctionData("relayMessage", [
      world.op.identifier(ab),
      world.op.payload(ab),
    ]);
    await quiet.arm(L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS, inner, false);
    await loud.arm(L2_TO_L2_CROSS_DOMAIN_MESSENGER_ADDRESS, inner, true);
    const fire = quiet.interface.encodeFunctionData("fire");
    const sender = opA.contracts.L2ToL2CrossDomainMessenger.connect(fx.mallory);
    await sender.sendMessage(opB.chainId, await quiet.getAddress(), fire);
    await sender.sendMessage(opB.chainId, await loud.getAddress(), fire);
    await world.relayAll();

    const [swallowed] = world.messages({ target: await quiet.getAddress() });
    expect(swallowed).to.include({ status: "relayed", stage: "relayed" });
    expect(await quiet.lastSuccess()).to.equal(false);
    expect(await quiet.lastReturnData()).to.equal(
      ERROR_SELECTORS.ReentrantCall,
    );
    const [bubbled] = world.messages({ target: await loud.getAddress() });
    expect(bubbled).to.include({ status: "failed", stage: "relay-reverted" });
    expect(bubbled.error).to.include("ReentrantCall");
    expect(await messengerB.successfulMessages(bubbled.hash)).to.equal(false);
    await settle(world, fx);
    expect(await fx.sinkB.received()).to.equal(1n);
  });

  it("relays empty and 128 KiB messages both ways", async () => {
    const fx = await world.loadFixture(opFixture);
    const { opA, opB } = world.chains;
    // A fixed pattern, not random bytes: a failure reproduces with the same payload.
    const big = hexlify(
      Uint8Array.from(
        { length: KIB_128 },
        (_, i) => (i * 131 + (i >> 8)) & 0xff,
      ),
    );
    const [sinkA, sinkB] = [
      await fx.sinkA.getAddress(),
      await fx.sinkB.getAddress(),
    ];
    const fromA = opA.contracts.L2ToL2CrossDomainMessenger.connect(fx.mallory);
    const fromB = opB.contracts.L2ToL2CrossDomainMessenger.connect(fx.malloryB);
    await fromA.sendMessage(opB.chainId, sinkB, "0x");
    await fromA.sendMessage(opB.chainId, sinkB, big);
    await fromB.sendMessage(opA.chainId, sinkA, big);
    await world.relayAll();

    const mine = world.messages({ sender: fx.mallory.address });
    expect(mine.map((m) => [m.from, m.data.length, m.status])).to.deep.equal([
      ["opA", 2, "relayed"],
      ["opA", 2 + 2 * KIB_128, "relayed"],
      ["opB", 2 + 2 * KIB_128, "relayed"],
    ]);
    expect(await fx.sinkB.received()).to.equal(3n); // Alice's, the empty one, the large one
    expect(await fx.sinkB.lastHash()).to.equal(keccak256(big));
    expect(await fx.sinkA.lastLength()).to.equal(BigInt(KIB_128));
    expect(await fx.sinkA.lastHash()).to.equal(keccak256(big));
    await settle(world, fx);
  });
});
