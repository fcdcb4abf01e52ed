import type { Fixture } from "./property/fixture.js";
import type { Op } from "./property/steps.js";

import { expect } from "chai";
import fc from "fast-check";
import hre from "hardhat";

import { applyPauses, setUp } from "./property/fixture.js";
import { checkInvariants } from "./property/invariants.js";
import { apply, label, opArb, rewindEnd } from "./property/steps.js";

/**
 * The differential suite: random sequences of sends, relays, claims,
 * consumptions, cancellations, replays, skips, restarts, time jumps across
 * every protocol window, faults and chain rewinds, across all three models.
 * After every step the registry (`world.messages()`) is held against what the
 * chains hold (test/property/invariants.ts, read by test/property/oracle.ts);
 * an action the registry promised must succeed (test/property/steps.ts).
 *
 * Seeded and reproducible: XDM_PROPERTY_SEED, XDM_PROPERTY_RUNS and
 * XDM_PROPERTY_STEPS override the defaults (200 runs × 50 steps = 10,000
 * steps); XDM_PROPERTY_LONG=1 runs 1,000 × 100 = 100,000. A failure prints the seed, the
 * shrunk sequence and the broken invariant (XDM_PROPERTY_SHRINK=0: the first
 * failing sequence, unshrunk; XDM_PROPERTY_PATH=<path it printed> replays the
 * shrunk one alone). XDM_PROPERTY_EXCLUDE=kind,kind leaves step
 * kinds out, to look past a known defect.
 */
const SEED = Number(process.env.XDM_PROPERTY_SEED ?? 20261121);
/** XDM_PROPERTY_LONG=1: 1,000 runs × 100 steps = 100,000 steps, longer sequences too. */
const LONG = process.env.XDM_PROPERTY_LONG === "1";
const RUNS = Number(process.env.XDM_PROPERTY_RUNS ?? (LONG ? 1000 : 200));
const STEPS = Number(process.env.XDM_PROPERTY_STEPS ?? (LONG ? 100 : 50));
/** Step kinds left out (comma-separated), to look for a second defect while a first one is open. */
const EXCLUDE = new Set(
  (process.env.XDM_PROPERTY_EXCLUDE ?? "").split(",").filter((k) => k !== ""),
);
const stepArb =
  EXCLUDE.size === 0 ? opArb : opArb.filter((op) => !EXCLUDE.has(op.kind));

/**
 * Sequences of exactly `length` steps that shrink to shorter ones: a fixed-length
 * array cannot drop a step, so shrinking goes through an array of any length up to it.
 */
class Sequences extends fc.Arbitrary<Op[]> {
  readonly #full: fc.Arbitrary<Op[]>;
  readonly #any: fc.Arbitrary<Op[]>;

  constructor(step: fc.Arbitrary<Op>, length: number) {
    super();
    this.#full = fc.array(step, { minLength: length, maxLength: length });
    this.#any = fc.array(step, { maxLength: length });
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Op[]> {
    return new fc.Value(
      this.#full.generate(mrng, biasFactor).value_,
      undefined,
    );
  }

  canShrinkWithoutContext(value: unknown): value is Op[] {
    return this.#any.canShrinkWithoutContext(value);
  }

  shrink(value: Op[], context: unknown): fc.Stream<fc.Value<Op[]>> {
    return this.#any.shrink(value, context);
  }
}

describe("property: random sequences across all three models keep world.messages() equal to what the chains hold", function () {
  this.timeout(0);

  it(`${RUNS} runs × ${STEPS} steps (seed ${SEED}): every invariant after every step, every promised action succeeds`, async () => {
    const world = await hre.xdm.create();
    let totalSteps = 0;
    let fixtureTally = new Map<string, number>();
    const started = Date.now();
    try {
      const fixture: Fixture = await setUp(world);
      fixtureTally = fixture.tally;
      const start = await world.snapshot();
      const run = async (ops: Op[]) => {
        await world.restore(start);
        world.faults.clear();
        fixture.gateOpen = false;
        fixture.userPaused.clear();
        fixture.rewind = undefined;
        fixture.trail = [];
        for (const op of ops) {
          fixture.trail.push(label(op));
          await step(`step ${fixture.trail.length}`, async () => {
            await apply(world, fixture, op);
            await checkInvariants(world, fixture, false);
          });
          totalSteps += 1;
        }
        const open = fixture.rewind as Fixture["rewind"]; // steps may have opened one
        if (open !== undefined) {
          await step(`end: rewind of ${open.chain} closed`, async () => {
            await rewindEnd(world, fixture);
            await checkInvariants(world, fixture, false);
          });
        }
        await step("end: faults cleared, relayAll", async () => {
          fixture.userPaused.clear();
          world.faults.clear();
          applyPauses(world, fixture);
          await world.relayAll();
          await checkInvariants(world, fixture, true);
        });
      };
      await fc.assert(fc.asyncProperty(new Sequences(stepArb, STEPS), run), {
        seed: SEED,
        numRuns: RUNS,
        endOnFailure: process.env.XDM_PROPERTY_SHRINK === "0",
        // The path a failure prints replays its shrunk sequence alone.
        ...(process.env.XDM_PROPERTY_PATH !== undefined
          ? { path: process.env.XDM_PROPERTY_PATH }
          : {}),
      });
    } finally {
      await world.close();
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      [...fixtureTally]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `      ${k}: ${n}`)
        .join("\n"),
    );
    console.log(
      `      ${totalSteps} steps checked in ${seconds.toFixed(1)} s (${(totalSteps / seconds).toFixed(0)} steps/s)`,
    );
    expect(totalSteps).to.be.at.least(RUNS * STEPS);
  });
});

/** Runs one step; a failure names the step, so the shrunk sequence shows where it broke. */
async function step(where: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const e = error as Error;
    throw new Error(`${where}: ${e.message}`, { cause: e });
  }
}
