import type { FaultActor } from "../../src/faults.js";
import type { World } from "../../src/world.js";
import type { Contract, Signer } from "ethers";

/** The fault actors the steps pause and resume. */
export const PAUSABLE: FaultActor[] = [
  "op:autorelayer",
  "scroll:sequencer",
  "scroll:batcher",
  "scroll:prover",
  "starknet:sequencer",
  "starknet:state-updater",
];

/** The chains a rewind step may rewind. */
export const REWINDABLE = ["l1", "opA", "opB", "scroll", "starknet"] as const;

/**
 * The actors that carry state off a chain into another chain's state: while
 * that chain may be rewound they stay paused, so a rewind never leaves another
 * chain holding the effect of a block that no longer exists (which no real
 * protocol allows: a rollup's L2 reorgs with its L1, a batch or a state update
 * finalizes L2 blocks).
 */
export const CROSSING: Record<(typeof REWINDABLE)[number], FaultActor[]> = {
  l1: ["scroll:sequencer", "starknet:sequencer"],
  opA: [],
  opB: [],
  scroll: ["scroll:batcher"],
  starknet: ["starknet:state-updater"],
};

export interface Fixture {
  recorder: string;
  gate: Contract;
  gateAddress: string;
  gateOpen: boolean;
  scrollRecipient: string;
  handler: string;
  handlerSelector: bigint;
  reverting: string;
  alice: Signer;
  aliceAddress: string;
  l2Alice: Signer;
  snAlice: Signer;
  snSender: Contract;
  opChains: string[];
  /** Probe helper per chain name. */
  probes: Record<string, string>;
  addresses: {
    opMessenger: string;
    l1ScrollMessenger: string;
    l1MessageQueue: string;
    l2ScrollMessenger: string;
    core: string;
    snL2: string;
  };
  /** Actors a pause step paused. */
  userPaused: Set<FaultActor>;
  /** The open rewind: the chain, its snapshot, and the actors paused for it. */
  /** An open rewind: the chain, its snapshot, and what the fixture knew of that chain's state then. */
  rewind?: {
    chain: (typeof REWINDABLE)[number];
    snapshot: string;
    gateOpen: boolean;
  };
  /** Steps run in this sequence, for failure messages. */
  trail: string[];
  /** How often each promise was held to and each edge reached, over all runs: shows what the steps exercise. */
  tally: Map<string, number>;
}

/** Counts one exercised promise or edge. */
export function tally(f: Fixture, what: string): void {
  f.tally.set(what, (f.tally.get(what) ?? 0) + 1);
}

export async function setUp(world: World): Promise<Fixture> {
  const { l1, opB, scroll, starknet } = world.chains;
  const [alice] = await l1.ethers.getSigners();
  const recorder = await opB.ethers.deployContract("ContextRecorder");
  const gate = (await opB.ethers.deployContract("Gate")) as Contract;
  const scrollRecipient =
    await scroll.ethers.deployContract("MessageRecipient");
  const handler = await starknet.ethers.deployContract(
    "StarknetRecordingHandler",
  );
  const reverting = await starknet.ethers.deployContract(
    "StarknetRevertingHandler",
  );
  const probes: Record<string, string> = {};
  for (const chain of world.chainList) {
    probes[chain.name] = await (
      await chain.ethers.deployContract("Probe")
    ).getAddress();
  }
  return {
    recorder: await recorder.getAddress(),
    gate,
    gateAddress: await gate.getAddress(),
    gateOpen: false,
    scrollRecipient: await scrollRecipient.getAddress(),
    handler: await handler.getAddress(),
    handlerSelector: BigInt(handler.interface.getFunction("record")!.selector),
    reverting: await reverting.getAddress(),
    alice,
    aliceAddress: alice.address,
    l2Alice: await scroll.ethers.getSigner(alice.address),
    snAlice: await starknet.ethers.getSigner(alice.address),
    snSender: handler as unknown as Contract,
    opChains: world.chainList
      .filter((c) => c.protocol === "op")
      .map((c) => c.name),
    probes,
    addresses: {
      opMessenger: await opB.contracts.L2ToL2CrossDomainMessenger.getAddress(),
      l1ScrollMessenger:
        await scroll.l1Contracts.L1ScrollMessenger.getAddress(),
      l1MessageQueue: await scroll.l1Contracts.L1MessageQueue.getAddress(),
      l2ScrollMessenger: await scroll.contracts.L2ScrollMessenger.getAddress(),
      core: await starknet.l1Contracts.StarknetCore.getAddress(),
      snL2: await starknet.contracts.StarknetL2Messaging.getAddress(),
    },
    userPaused: new Set(),
    trail: [],
    tally: new Map(),
  };
}

/** Applies the pauses the fixture asks for: the user's, and those an open rewind needs. */
export function applyPauses(world: World, f: Fixture): void {
  const rewindPaused = new Set<FaultActor>(
    f.rewind === undefined ? [] : CROSSING[f.rewind.chain],
  );
  for (const actor of PAUSABLE) {
    if (f.userPaused.has(actor) || rewindPaused.has(actor))
      world.faults.pause(actor);
    else world.faults.resume(actor);
  }
}
