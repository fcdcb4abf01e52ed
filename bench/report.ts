// The printed table of a benchmark run.
import type { EmptyPassResult } from "./empty-pass.js";
import type { MemoryPeak, SectionMemory } from "./lib.js";
import type { LifecycleResult } from "./lifecycle.js";
import type { RelayPhaseResult } from "./relay-phase.js";
import type { RoundTripResult } from "./roundtrip.js";
import type { Target } from "./targets.js";
import type { TopologyResult } from "./topology.js";

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  totalMemoryGB: number;
  platform: string;
  node: string;
  hardhat: string;
  edr: string;
}

export interface BenchResults {
  machine: Machine;
  settings: {
    messages: number;
    sendBlockTxs: number;
    historySteps: number[];
    emptyPasses: number;
    creates: number;
    roundTrips: number;
    topologyChains: number;
    topologyMessagesPerChain: number;
  };
  lifecycle: LifecycleResult;
  relayPhases: RelayPhaseResult[];
  emptyPass: EmptyPassResult;
  roundTrip: RoundTripResult;
  topology: TopologyResult;
  /** Issue 19's targets, each with its verdict. */
  targets: Target[];
  memory: { peak: MemoryPeak; sections: Record<string, SectionMemory> };
  totalSeconds: number;
}

const int = (n: number | undefined): string =>
  n === undefined || Number.isNaN(n)
    ? "–"
    : Math.round(n).toLocaleString("en-US");
const ms = (n: number, digits = 1): string => `${n.toFixed(digits)} ms`;

function table(
  head: string[],
  rows: string[][],
  right: boolean[] = [],
): string {
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        right[i] === true ? c.padStart(widths[i]) : c.padEnd(widths[i]),
      )
      .join(" │ ");
  return [
    line(head),
    widths.map((w) => "─".repeat(w)).join("─┼─"),
    ...rows.map(line),
  ].join("\n");
}

export function formatReport(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`hardhat-xdm benchmark — ${m.date}`);
  out.push(
    `${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGB} GB, ${m.platform}, Node ${m.node}, Hardhat ${m.hardhat}, EDR ${m.edr}`,
  );
  out.push("");

  out.push(
    `Relay phase: ${r.settings.messages.toLocaleString("en-US")} messages per model, sent first (${r.settings.sendBlockTxs} per block, automine off), then world.relayAll() timed;`,
  );
  out.push(
    `raw = the same number of plain calls on the destination (eth_sendTransaction from an impersonated account with gas and fee fields, automine, one at a time, each with its receipt)`,
  );
  out.push(
    table(
      [
        "model",
        "relay msg/s",
        "raw tx/s",
        "ratio",
        "target ≥ 70%",
        `raw at ${r.relayPhases[0]?.rawInBlocks.perBlock ?? "–"}/block`,
        "ratio",
        "relay txs alone",
        "passes",
        "send gas",
        "relay tx gas",
        "actor gas/msg",
        "claim gas",
      ],
      r.relayPhases.map((p) => [
        p.rounds > 1 ? `${p.label} (${p.rounds} rounds)` : p.label,
        int(p.relay.perSecond),
        int(p.raw.perSecond),
        `${(p.ratio * 100).toFixed(0)}%`,
        p.verdict,
        int(p.rawInBlocks.perSecond),
        `${(p.ratioInBlocks * 100).toFixed(0)}%`,
        p.relayTxsAlone === undefined
          ? "–"
          : `${int(p.relayTxsAlone.perSecond)} tx/s`,
        String(p.relay.passes),
        int(p.send.medianGas),
        int(p.relayTxGas),
        int(p.relayGasPerMessage),
        int(p.claimGas),
      ]),
      [
        false,
        true,
        true,
        true,
        false,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        true,
      ],
    ),
  );
  out.push(
    "  relay txs alone: the relayer's own relay transactions of the phase replayed one at a time (OP supervisor bypassed): the node's share;",
  );
  out.push(
    "  relay tx gas: the relayer's per-message transaction (OP relayMessage, Scroll L2 relay, StarkNet l1 handler), median;",
  );
  out.push(
    "  actor gas/msg: every actor transaction of the relay phase (relays, commitBatch, finalizeBatchWithProof, registerFact, updateState) ÷ messages;",
  );
  out.push(
    "  claim gas: Scroll relayMessageWithProof / StarkNet consumeMessageFromL2 by the user, median.",
  );
  for (const p of r.relayPhases.filter((x) => x.roundsReason !== undefined))
    out.push(`  ${p.label}: ${p.roundsReason}.`);
  for (const p of r.relayPhases.filter(
    (x) => x.withoutSupervisor !== undefined,
  )) {
    out.push(
      `  ${p.label} with the supervisor's gate bypassed (experiment, same messages): ${int(p.withoutSupervisor!.perSecond)} msg/s = ${((p.withoutSupervisor!.perSecond / p.raw.perSecond) * 100).toFixed(0)}% of raw.`,
    );
  }
  const profiled = r.relayPhases.filter((p) => p.profile !== undefined);
  if (profiled.length > 0) {
    out.push("");
    out.push(
      "Profiled relay phases (the same messages relayed again from the same state, every JSON-RPC request counted, CPU sampled):",
    );
    out.push(
      table(
        [
          "model",
          "RPC calls/msg",
          "waiting on nodes",
          "relayer JS",
          "top requests per message (self ms per message)",
        ],
        profiled.map((p) => {
          const pr = p.profile!;
          const top = pr.methods
            .slice(0, 4)
            .map(
              (s) =>
                `${s.chain} ${s.method} ×${s.perMessage.toFixed(2)} (${s.selfMsPerMessage.toFixed(2)})`,
            )
            .join(", ");
          return [
            p.label,
            pr.rpcCallsPerMessage.toFixed(1),
            ms(pr.rpcWaitMs, 0),
            ms(pr.jsMs, 0),
            top,
          ];
        }),
        [false, true, true, true, false],
      ),
    );
    out.push("  where the profiled relayAll spent its wall time:");
    for (const p of profiled) {
      const parts = Object.entries(p.profile!.parts)
        .filter(([, v]) => v >= 1)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${ms(v, 0)}`)
        .join(", ");
      out.push(`    ${p.label}: ${parts}`);
    }
  }

  out.push("");
  const e = r.emptyPass;
  out.push(
    `Empty relay pass (world.relay() with nothing new, median of ${r.settings.emptyPasses}):`,
  );
  out.push(
    table(
      [
        "messages in history",
        "pass",
        "min",
        "max",
        "RPC calls/pass",
        "snapshot",
        "restore",
        "relayAll of 5 new",
        "RSS",
      ],
      e.points.map((p) => [
        p.history.toLocaleString("en-US"),
        ms(p.medianMs, 2),
        ms(p.minMs, 2),
        ms(p.maxMs, 2),
        String(Object.values(p.rpc).reduce((a, b) => a + b, 0)),
        ms(p.snapshotMs),
        ms(p.restoreMs),
        ms(p.fiveNewMs),
        `${p.rssMB} MB`,
      ]),
      [true, true, true, true, true, true, true, true, true],
    ),
  );
  out.push(
    `  at ${e.points[e.points.length - 1].history.toLocaleString("en-US")} vs 0: ${e.factor.toFixed(2)}× (target ≤ ${e.target}×): ${e.verdict}`,
  );
  out.push(`  history built from ${e.howBuilt}`);
  out.push(
    "  relayAll of 5 new: one new message of every model sent, then relayAll timed (median of 3, from the same state): a pass that moves something",
  );

  out.push("");
  const l = r.lifecycle;
  out.push("Default world (l1, opA, opB, scroll, starknet):");
  out.push(
    table(
      ["measure", "time", "target", "verdict"],
      [
        [
          "first hre.xdm.create() in the process",
          ms(l.firstCreateMs, 0),
          "",
          "",
        ],
        [
          `hre.xdm.create() afterwards (median of ${l.createMs.length})`,
          ms(l.medianCreateMs, 0),
          "< 1000 ms",
          l.verdict,
        ],
        ["world.close()", ms(l.closeMs), "", ""],
        ["world.snapshot()", ms(l.snapshotMs), "", ""],
        ["world.restore()", ms(l.restoreMs), "", ""],
      ],
      [false, true, false, false],
    ),
  );
  out.push(
    `  one create makes ${l.createRpc.calls} JSON-RPC requests (${ms(l.createRpc.rpcWaitMs, 0)} waiting on the nodes)`,
  );

  out.push("");
  const t = r.roundTrip;
  out.push(
    `Scroll round trip (median of ${t.runs.length}): ${ms(t.median.total)} (target < ${t.target} ms): ${t.verdict}`,
  );
  out.push(
    `  send L1→L2 ${ms(t.median.sendL1ToL2)}, relayAll ${ms(t.median.relayAllL1ToL2)}, send L2→L1 ${ms(t.median.sendL2ToL1)}, ` +
      `relayAll ${ms(t.median.relayAllL2ToL1)}, claim ${ms(t.median.claim)}; ${t.rpc.calls} JSON-RPC requests`,
  );

  out.push("");
  const o = r.topology;
  out.push(
    `${o.chains} OP chains (each in every other's dependency set): create ${ms(o.createMs, 0)}; ${o.chains * o.messagesPerChain} messages (${o.messagesPerChain} per chain to the next) relayed in ${ms(o.relayMs, 0)} = ${int(o.relayPerSecond)} msg/s, ${o.passes} passes; RSS after ${o.rssMB} MB`,
  );

  out.push("");
  out.push("Issue 19 targets:");
  out.push(
    table(
      ["target", "measured", "wanted", "verdict"],
      r.targets.map((t) => [t.name, t.measured, t.target, t.verdict]),
    ),
  );

  out.push("");
  out.push(
    `Memory: peak RSS ${r.memory.peak.rssMB} MB, peak heapUsed ${r.memory.peak.heapUsedMB} MB (sampled every 20 ms)`,
  );
  out.push(
    `  per section: ${Object.entries(r.memory.sections)
      .map(
        ([name, p]) => `${name} ${p.startRssMB}→${p.rssMB}/${p.heapUsedMB} MB`,
      )
      .join(", ")} (RSS at start→peak RSS/peak heapUsed)`,
  );
  out.push(`Whole run: ${r.totalSeconds.toFixed(0)} s`);
  return out.join("\n");
}
