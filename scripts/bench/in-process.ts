/**
 * The in-process part of the scale benchmark, run by scale.ts in a fresh
 * process: `tsx scripts/bench/in-process.ts FILE RUNS NODES RESOURCES`
 * prints {@link InProcessFigures} as JSON: medians of parseXml, readCib and
 * planReference over RUNS runs, and one more plan under the CPU profiler,
 * per stage. When the file cannot be read as one string (V8's limit), the
 * plans run on the cluster the builder makes for NODES/RESOURCES.
 */
import { readFileSync } from "node:fs";
import { Session } from "node:inspector";
import { readCib } from "../../planner/cib/read.ts";
import { parseXml } from "../../planner/cib/xml.ts";
import type { ClusterState } from "../../planner/model.ts";
import { planReference } from "../../planner/reference/index.ts";
import { buildBenchCluster } from "./builder.ts";
import { median, timed } from "./measure.ts";
import type { InProcessFigures } from "./scale.ts";

/** A node of a V8 CPU profile, as the inspector returns it. */
interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

/**
 * Runs `body` under V8's sampling profiler (0.1 ms) and returns the time
 * spent in each file of the reference planner (its stages, one file each),
 * the code a stage calls into (builtins, model.ts) counted to the stage that
 * called it; "gc" is garbage collection, "other" everything else (idle and
 * unattributed VM time are left out).
 */
function timeByStage(body: () => void): Record<string, number> {
  const session = new Session();
  session.connect();
  let profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } | undefined;
  try {
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: 100 });
    session.post("Profiler.start");
    body();
    session.post("Profiler.stop", (error, result) => {
      if (error === null) profile = result.profile as typeof profile;
    });
  } finally {
    session.disconnect();
  }
  if (profile === undefined) throw new Error("the CPU profiler returned no profile");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const stageOf = new Map<number, string>();
  const stage = (id: number): string => {
    const known = stageOf.get(id);
    if (known !== undefined) return known;
    const { url, functionName } = byId.get(id)!.callFrame;
    const file = /planner\/reference\/([\w-]+)\.ts$/.exec(url)?.[1];
    const up = parent.get(id);
    const name =
      functionName === "(garbage collector)" ? "gc" : file !== undefined ? file : up !== undefined && !/planner\/reference\//.test(url) ? stage(up) : "other";
    stageOf.set(id, name);
    return name;
  };
  const ms: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const { functionName } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") return;
    const name = stage(id);
    ms[name] = (ms[name] ?? 0) + profile!.timeDeltas[i]! / 1000;
  });
  return ms;
}

/** Times parseXml, readCib and planReference in this process, and one profiled plan. */
function measureInProcess(file: string, built: ClusterState, runs: number): InProcessFigures {
  let text: string | undefined;
  let readError: string | undefined;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    readError = error instanceof Error ? error.message : String(error);
  }
  const parse: number[] = [];
  const read: number[] = [];
  const plan: number[] = [];
  let cluster = built;
  for (let i = 0; i < runs; i++) {
    if (text !== undefined) {
      parse.push(timed(() => parseXml(text)).ms);
      const r = timed(() => readCib(text));
      read.push(r.ms);
      cluster = r.value;
    }
    plan.push(timed(() => planReference(cluster)).ms);
  }
  const out: InProcessFigures = { planMs: median(plan), stagesMs: timeByStage(() => planReference(cluster)) };
  if (parse.length > 0) out.parseMs = median(parse);
  if (read.length > 0) out.readCibMs = median(read);
  if (readError !== undefined) out.readError = readError;
  return out;
}

const [file, runs, nodes, resources] = process.argv.slice(2);
process.stdout.write(JSON.stringify(measureInProcess(file!, buildBenchCluster({ nodes: Number(nodes), resources: Number(resources) }), Number(runs))) + "\n");
