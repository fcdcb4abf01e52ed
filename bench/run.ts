// npm run bench (hardhat run bench/run.ts): every measurement of issue 8 items 1 and 4 in one run;
// prints a table and writes bench/results.json. Knobs (for quick runs; the defaults are the benchmark):
// BENCH_MESSAGES (1000), BENCH_HISTORY ("0,1000,10000"), BENCH_PROFILE ("miss" | "always" | "never"),
// BENCH_CPUPROFILE_DIR (keep the raw CPU profiles of the profiled relay phases).
import type { RelayPhaseResult } from "./relay-phase.js";
import type { BenchResults, Machine } from "./report.js";

import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import hre from "hardhat";

import { measureEmptyPass } from "./empty-pass.js";
import { MemorySampler, log, now } from "./lib.js";
import { measureLifecycle } from "./lifecycle.js";
import { MODELS } from "./models.js";
import { measureRelayPhase, SEND_BLOCK_TXS } from "./relay-phase.js";
import { formatReport } from "./report.js";
import { measureRoundTrip } from "./roundtrip.js";
import { issue19Targets } from "./targets.js";
import { measureTopology } from "./topology.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

const settings = {
  messages: Number(process.env.BENCH_MESSAGES ?? 1000),
  sendBlockTxs: SEND_BLOCK_TXS,
  historySteps: (process.env.BENCH_HISTORY ?? "0,1000,10000")
    .split(",")
    .map(Number),
  emptyPasses: 21,
  creates: 5,
  roundTrips: 5,
  topologyChains: 10,
  topologyMessagesPerChain: 100,
};
const profile = (process.env.BENCH_PROFILE ?? "miss") as
  "miss" | "always" | "never";

function versionOf(pkg: string): string {
  try {
    return (
      JSON.parse(
        readFileSync(
          path.join(root, "node_modules", pkg, "package.json"),
          "utf8",
        ),
      ) as { version: string }
    ).version;
  } catch {
    return "?";
  }
}

const cpus = os.cpus();
const machine: Machine = {
  date: new Date().toISOString(),
  cpus: cpus.length,
  cpuModel: cpus[0]?.model.trim() ?? "?",
  totalMemoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version,
  hardhat: versionOf("hardhat"),
  edr: versionOf("@nomicfoundation/edr"),
};

const memory = new MemorySampler();
memory.start();
const started = now();

log(
  `hardhat-xdm benchmark: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`,
);

log("\n[1/5] default world: create, snapshot, restore");
memory.begin();
const lifecycle = await measureLifecycle(hre, {
  creates: settings.creates,
  snapshots: 10,
});
memory.end("world lifecycle");

log(`\n[2/5] relay phase: ${settings.messages} messages per model`);
const relayPhases: RelayPhaseResult[] = [];
for (const model of MODELS) {
  memory.begin();
  relayPhases.push(
    await measureRelayPhase(hre, model, {
      messages: settings.messages,
      profile,
      claims: 5,
    }),
  );
  memory.end(model.key);
}

log(
  `\n[3/5] empty relay pass at ${settings.historySteps.join(", ")} messages of history`,
);
memory.begin();
const emptyPass = await measureEmptyPass(hre, {
  steps: settings.historySteps,
  passes: settings.emptyPasses,
});
memory.end("history");

log("\n[4/5] Scroll round trip");
memory.begin();
const roundTrip = await measureRoundTrip(hre, { runs: settings.roundTrips });
memory.end("round trip");

log(`\n[5/5] ${settings.topologyChains} OP chains`);
memory.begin();
const topology = await measureTopology(root, {
  chains: settings.topologyChains,
  messagesPerChain: settings.topologyMessagesPerChain,
});
memory.end("topology");

memory.stop();
const results: BenchResults = {
  machine,
  settings,
  lifecycle,
  relayPhases,
  emptyPass,
  roundTrip,
  topology,
  targets: issue19Targets(relayPhases, emptyPass, lifecycle, memory.peak),
  memory: { peak: memory.peak, sections: memory.sections },
  totalSeconds: (now() - started) / 1000,
};

const file = path.join(here, "results.json");
writeFileSync(
  file,
  `${JSON.stringify(results, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
);
log(`\n${formatReport(results)}`);
log(`\nwrote ${path.relative(process.cwd(), file)}`);
