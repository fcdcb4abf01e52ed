// Issue 19's targets, each measured in this run with its verdict: every relay phase against the raw
// rate (one call per block, and as many per block as the relayer puts there), relayAll of five new
// messages, the first hre.xdm.create() of the process, and the run's peak RSS.
import type { EmptyPassResult } from "./empty-pass.js";
import type { MemoryPeak } from "./lib.js";
import type { LifecycleResult } from "./lifecycle.js";
import type { RelayPhaseResult } from "./relay-phase.js";

export interface Target {
  name: string;
  measured: string;
  target: string;
  verdict: "PASS" | "MISS";
}

const verdict = (pass: boolean): "PASS" | "MISS" => (pass ? "PASS" : "MISS");
const percent = (ratio: number): string => `${(ratio * 100).toFixed(0)}%`;

export function issue19Targets(
  relayPhases: RelayPhaseResult[],
  emptyPass: EmptyPassResult,
  lifecycle: LifecycleResult,
  peak: MemoryPeak,
): Target[] {
  const targets: Target[] = [];
  for (const phase of relayPhases) {
    targets.push({
      name: `${phase.label}: relay ÷ raw (one call per block)`,
      measured: `${percent(phase.ratio)} (${phase.relay.perSecond.toFixed(0)} / ${phase.raw.perSecond.toFixed(0)})`,
      target: "≥ 100%",
      verdict: verdict(phase.ratio >= 1),
    });
    targets.push({
      name: `${phase.label}: relay ÷ raw at ${phase.rawInBlocks.perBlock} per block`,
      measured: `${percent(phase.ratioInBlocks)} (${phase.relay.perSecond.toFixed(0)} / ${phase.rawInBlocks.perSecond.toFixed(0)})`,
      target: "≥ 70%",
      verdict: verdict(phase.ratioInBlocks >= 0.7),
    });
  }
  const fiveNew = Math.max(...emptyPass.points.map((p) => p.fiveNewMs));
  targets.push({
    name: "relayAll of 5 new messages (one per model), slowest history point",
    measured: `${fiveNew.toFixed(1)} ms`,
    target: "≤ 10 ms",
    verdict: verdict(fiveNew <= 10),
  });
  targets.push({
    name: "first hre.xdm.create() of the process",
    measured: `${lifecycle.firstCreateMs.toFixed(0)} ms`,
    target: "< 600 ms",
    verdict: verdict(lifecycle.firstCreateMs < 600),
  });
  targets.push({
    name: "peak RSS of the whole run",
    measured: `${peak.rssMB} MB`,
    target: "< 1024 MB",
    verdict: verdict(peak.rssMB < 1024),
  });
  return targets;
}
