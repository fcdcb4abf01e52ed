import type { Message } from "../../src/messages.js";
import type { World } from "../../src/world.js";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { expect } from "chai";

import { hreWith } from "../helpers/hre.js";
import { expectRejection } from "../helpers/rejection.js";

/**
 * Identical L2→L1 messages (same sender, recipient and payload) share one hash, and StarknetCore
 * counts them: `l2ToL1Messages(hash)` is how many state updates put on L1 minus how many were
 * consumed. The registry must never report more `ready` copies than that count.
 */
describe("StarkNet: identical L2→L1 messages", () => {
  let hre: HardhatRuntimeEnvironment;
  let world: World;
  before(async () => {
    hre = await hreWith({
      xdm: { chains: { starknet: { protocol: "starknet" } } },
    });
    world = await hre.xdm.create();
  });
  after(async () => await world.close());

  const PAYLOAD = [7n, 8n];

  /** Alice's L2 account sends PAYLOAD to her L1 account; she consumes it on L1. */
  async function setup(w: World) {
    const [, alice] = await w.l1.ethers.getSigners();
    const aliceL2 = (await w.chains.starknet.ethers.getSigners())[1];
    const core = w.chains.starknet.l1Contracts.StarknetCore;
    const hash = await core.l2ToL1MsgHash(
      BigInt(aliceL2.address),
      alice.address,
      PAYLOAD,
    );
    const send = async () => {
      await w.chains.starknet.contracts.StarknetL2Messaging.connect(
        aliceL2,
      ).sendMessageToL1(BigInt(alice.address), PAYLOAD);
    };
    const consume = async () => {
      await core
        .connect(alice)
        .consumeMessageFromL2(BigInt(aliceL2.address), PAYLOAD);
    };
    return { alice, aliceL2, core, hash, send, consume };
  }

  function copies(w: World, hash: string): Message[] {
    return w.messages({ from: "starknet" }).filter((m) => m.hash === hash);
  }

  /** The registry against StarknetCore: as many `ready` copies as l2ToL1Messages(hash), the consumed ones relayed. */
  async function expectCopiesMatchChain(
    w: World,
    hash: string,
    consumed: number,
    step: string,
  ): Promise<void> {
    const onL1 = Number(
      await w.chains.starknet.l1Contracts.StarknetCore.l2ToL1Messages(hash),
    );
    const all = copies(w, hash);
    const ready = all.filter((m) => m.status === "ready");
    const relayed = all.filter((m) => m.status === "relayed");
    expect(
      ready.length,
      `${step}: ready copies vs l2ToL1Messages(hash) = ${onL1}`,
    ).to.equal(onL1);
    for (const m of ready) expect(m.stage, step).to.equal("state-updated");
    expect(relayed.length, `${step}: consumed copies`).to.equal(consumed);
    for (const m of relayed) expect(m.stage, step).to.equal("consumed");
    // Copies become ready, then consumed, in the order they were sent.
    expect(
      all.map((m) => m.status),
      `${step}: order`,
    ).to.deep.equal([
      ...relayed.map(() => "relayed"),
      ...ready.map(() => "ready"),
      ...all.slice(relayed.length + ready.length).map(() => "pending"),
    ]);
  }

  it("a second identical message after an update stays pending until the next update, so the registry never promises a consume that reverts", async () => {
    const { hash, send, consume } = await world.loadFixture(setup);
    await send();
    await world.relayAll();
    await send();
    await world.relay();

    const [first, second] = copies(world, hash);
    expect(
      await world.chains.starknet.l1Contracts.StarknetCore.l2ToL1Messages(hash),
    ).to.equal(1n);
    expect(first).to.include({ status: "ready", stage: "state-updated" });
    expect(second).to.include({
      status: "pending",
      stage: "awaiting-state-update",
    });

    // Only one copy is consumable now: the registry promised only one.
    await consume();
    await expectRejection(consume(), "INVALID_MESSAGE_TO_CONSUME");
    await world.relay();
    await expectCopiesMatchChain(world, hash, 1, "after one consume");

    await world.relayAll();
    await expectCopiesMatchChain(world, hash, 1, "after the second update");
    await consume();
    await world.relay();
    await expectCopiesMatchChain(world, hash, 2, "after both consumed");
  });

  it("keeps each copy's status equal to l2ToL1Messages through many identical sends, updates and consumes", async () => {
    const { hash, send, consume } = await world.loadFixture(setup);
    // Rounds of [sends, update?, consumes]: copies pile up over several updates and are consumed one by one.
    const rounds: Array<{ sends: number; update: boolean; consumes: number }> =
      [
        { sends: 2, update: true, consumes: 0 },
        { sends: 1, update: false, consumes: 1 },
        { sends: 3, update: true, consumes: 2 },
        { sends: 0, update: false, consumes: 1 },
        { sends: 2, update: true, consumes: 0 },
        { sends: 1, update: true, consumes: 5 },
      ];
    let sent = 0;
    let consumed = 0;
    for (const [i, round] of rounds.entries()) {
      for (let k = 0; k < round.sends; k++) await send();
      sent += round.sends;
      if (round.update) await world.relayAll();
      else await world.relay();
      await expectCopiesMatchChain(
        world,
        hash,
        consumed,
        `round ${i} after relaying`,
      );
      for (let k = 0; k < round.consumes; k++) {
        await consume();
        consumed += 1;
        await world.relay();
        await expectCopiesMatchChain(
          world,
          hash,
          consumed,
          `round ${i} after consume ${k + 1}`,
        );
      }
    }
    expect(copies(world, hash)).to.have.length(sent);
    expect(consumed).to.equal(
      sent -
        Number(
          await world.chains.starknet.l1Contracts.StarknetCore.l2ToL1Messages(
            hash,
          ),
        ),
    );
    await expectRejection(consume(), "INVALID_MESSAGE_TO_CONSUME");
  });
});
