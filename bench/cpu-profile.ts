// A V8 CPU profile of one stretch of the benchmark, taken in-process with the inspector, summed up
// by function and by area (the relayer's own modules, ethers, Hardhat, garbage collection, idle:
// the main thread waiting while a node works on a request).
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CpuSummary {
  totalMs: number;
  /** Self time by area, ms. */
  areas: Record<string, number>;
  /** The functions with the most self time (idle and garbage collection excluded). */
  top: Array<{ fn: string; where: string; selfMs: number }>;
  /** The relayer's (src/) functions by inclusive time: their own work and what they call synchronously. */
  relayer: Array<{ fn: string; where: string; inclusiveMs: number }>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === "(idle)") return "idle (waiting on the nodes)";
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8/native (program)";
  if (url === "") return "native / builtins";
  if (
    url.includes("/node_modules/ethers/") ||
    url.includes("/node_modules/@adraffy/") ||
    url.includes("/node_modules/@noble/")
  )
    return "ethers (ABI, keccak, addresses)";
  if (url.includes("/node_modules/@nomicfoundation/edr")) return "EDR bindings";
  if (
    url.includes("/node_modules/hardhat/") ||
    url.includes("/node_modules/@nomicfoundation/")
  )
    return "Hardhat (provider, hooks)";
  if (url.includes("/node_modules/")) return "other packages";
  if (url.startsWith("node:")) return "node internals";
  if (url.includes("/src/")) return "hardhat-xdm src (relayer)";
  if (url.includes("/bench/")) return "bench";
  return "other";
}

function whereOf(frame: CallFrame): string {
  let url = frame.url;
  try {
    if (url.startsWith("file://")) url = fileURLToPath(url);
  } catch {
    // keep the url as it is
  }
  if (url.startsWith(root)) url = path.relative(root, url);
  url = url.replace(/^.*node_modules\//, "");
  return url === "" ? "(native)" : `${url}:${frame.lineNumber + 1}`;
}

export class CpuProfiler {
  readonly #session = new Session();

  async start(intervalUs = 200): Promise<void> {
    this.#session.connect();
    await this.#session.post("Profiler.enable");
    await this.#session.post("Profiler.setSamplingInterval", {
      interval: intervalUs,
    });
    await this.#session.post("Profiler.start");
  }

  async stop(name: string, topN = 15): Promise<CpuSummary> {
    const { profile } = (await this.#session.post(
      "Profiler.stop",
    )) as unknown as { profile: Profile };
    await this.#session.post("Profiler.disable");
    this.#session.disconnect();
    // BENCH_CPUPROFILE_DIR=dir keeps the raw profiles (open them in Chrome DevTools or speedscope).
    const dir = process.env.BENCH_CPUPROFILE_DIR;
    if (dir !== undefined && dir !== "") {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, `${name}.cpuprofile`),
        JSON.stringify(profile),
      );
    }
    return summarize(profile, topN);
  }
}

function summarize(profile: Profile, topN: number): CpuSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const areas: Record<string, number> = {};
  const fns = new Map<string, { fn: string; where: string; selfMs: number }>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame);
    areas[area] = (areas[area] ?? 0) + us / 1000;
    if (area.startsWith("idle") || area === "garbage collection") continue;
    const key = `${frame.functionName}@${frame.url}:${frame.lineNumber}`;
    let entry = fns.get(key);
    if (entry === undefined) {
      entry = {
        fn: frame.functionName || "(anonymous)",
        where: whereOf(frame),
        selfMs: 0,
      };
      fns.set(key, entry);
    }
    entry.selfMs += us / 1000;
  }
  const top = [...fns.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, topN);

  // Inclusive time of the relayer's functions: each busy sample counts once for every distinct
  // src/ function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<
    string,
    { fn: string; where: string; inclusiveMs: number }
  >();
  for (const [id, us] of selfUs) {
    const area = areaOf(byId.get(id)!.callFrame);
    if (area.startsWith("idle") || area === "garbage collection") continue;
    const seen = new Set<string>();
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parent.get(at)
    ) {
      const frame = byId.get(at)!.callFrame;
      if (areaOf(frame) !== "hardhat-xdm src (relayer)") continue;
      const key = `${frame.functionName}@${frame.url}:${frame.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let entry = inclusive.get(key);
      if (entry === undefined) {
        entry = {
          fn: frame.functionName || "(anonymous)",
          where: whereOf(frame),
          inclusiveMs: 0,
        };
        inclusive.set(key, entry);
      }
      entry.inclusiveMs += us / 1000;
    }
  }
  const relayer = [...inclusive.values()]
    .sort((a, b) => b.inclusiveMs - a.inclusiveMs)
    .slice(0, topN);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    areas,
    top,
    relayer,
  };
}
