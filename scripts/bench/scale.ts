/**
 * The scale benchmark: the reference planner on large generated CIBs, as a
 * whole `plancheck plan FILE` process and in-process (XML parsing, the rest
 * of readCib, each planner stage), side by side with `crm_simulate -R -x
 * FILE` on the same file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCib } from "../../planner/cib/read.ts";
import { parseXml } from "../../planner/cib/xml.ts";
import type { ClusterState } from "../../planner/model.ts";
import { findExecutable } from "../../planner/pacemaker/run.ts";
import { planReference } from "../../planner/reference/index.ts";
import { buildBenchCluster, type BenchSize } from "./builder.ts";
import { writeBenchCib } from "./cib-file.ts";
import { median, runMeasured, timed, type ProcessRun } from "./measure.ts";

/** One size to measure, with how many runs of each kind. */
export interface ScaleCase extends BenchSize {
  /** Runs of `plancheck plan` and of the in-process measurement. */
  runs: number;
  /** Runs of crm_simulate (slow at the larger sizes). */
  crmRuns: number;
}

/** The default sizes, from the start-up floor (one clone on two nodes) up; `--quick` keeps the first three. */
export const SCALE_CASES: readonly ScaleCase[] = [
  { nodes: 2, resources: 1, runs: 5, crmRuns: 3 },
  { nodes: 16, resources: 200, runs: 5, crmRuns: 3 },
  { nodes: 32, resources: 1000, runs: 5, crmRuns: 3 },
  { nodes: 64, resources: 3000, runs: 3, crmRuns: 1 },
  { nodes: 128, resources: 10000, runs: 1, crmRuns: 1 },
];

/** Medians of several process runs (undefined figures when every run failed). */
export interface ProcessFigures {
  runs: number;
  ok: boolean;
  seconds?: number;
  cpuSeconds?: number;
  peakMiB?: number;
  timedOut: boolean;
  error?: string;
}

/** Milliseconds per step of one in-process plan, medians over the runs. */
export interface InProcessFigures {
  /** parseXml alone. */
  parseMs?: number;
  /** readCib as a whole (parsing included). */
  readCibMs?: number;
  /** planReference on the cluster readCib returned (or, when the file cannot be read, on the built cluster). */
  planMs: number;
  /** One more planReference, profiled: milliseconds per stage (file of planner/reference/), see {@link timeByStage}. */
  stagesMs: Record<string, number>;
  /** Why the XML could not be read in-process, if it could not. */
  readError?: string;
}

/** Everything measured at one size. */
export interface ScaleResult {
  nodes: number;
  resources: number;
  fileMiB: number;
  /** Primitive × node probes in the status. */
  probes: number;
  summaryLines: number;
  actions: number;
  buildMs: number;
  writeMs: number;
  plancheck: ProcessFigures;
  inProcess: InProcessFigures;
  crmSimulate?: ProcessFigures;
}

function figures(runs: ProcessRun[]): ProcessFigures {
  const ok = runs.filter((r) => r.ok);
  const out: ProcessFigures = { runs: runs.length, ok: ok.length === runs.length, timedOut: runs.some((r) => r.timedOut) };
  if (ok.length > 0) {
    out.seconds = median(ok.map((r) => r.seconds));
    const cpu = ok.flatMap((r) => (r.cpuSeconds === undefined ? [] : [r.cpuSeconds]));
    if (cpu.length > 0) out.cpuSeconds = median(cpu);
    const peaks = ok.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB]));
    if (peaks.length > 0) out.peakMiB = median(peaks);
  }
  const error = runs.find((r) => r.error !== undefined)?.error;
  if (error !== undefined) out.error = error;
  return out;
}

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

/** Options of {@link runScale}. */
export interface ScaleOptions {
  /** crm_simulate's time limit per run, in seconds. */
  crmLimitSeconds: number;
  /** Skip crm_simulate. */
  noCrm: boolean;
  /** Progress lines go here. */
  log: (line: string) => void;
}

/** The project root, where `scripts/plancheck.ts` is. */
const ROOT = new URL("../../", import.meta.url).pathname;
/** crm_simulate may use at most this much address space: the 128-node file would otherwise take most of a shared machine. */
const CRM_ADDRESS_SPACE = 12 * 2 ** 30;

/** Measures one size (see the module comment); the CIB lives in a temporary directory removed afterwards. */
export function measureScale(size: ScaleCase, options: ScaleOptions): ScaleResult {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-bench-"));
  try {
    const label = `${size.nodes}/${size.resources}`;
    const built = timed(() => buildBenchCluster(size));
    const file = join(dir, `bench-${size.nodes}-${size.resources}.xml`);
    const written = timed(() => writeBenchCib(built.value, file));
    const bytes = statSync(file).size;
    options.log(`${label}: ${(bytes / 2 ** 20).toFixed(1)} MiB CIB written`);

    const planRuns: ProcessRun[] = [];
    for (let i = 0; i < size.runs; i++) {
      planRuns.push(
        runMeasured([process.execPath, "--import", "tsx", join(ROOT, "scripts/plancheck.ts"), "plan", file, "--max-input-bytes", String(bytes + 1)], {
          timeoutMs: 600_000,
        }),
      );
    }
    const plancheck = figures(planRuns);
    options.log(`${label}: plancheck plan ${plancheck.seconds?.toFixed(2) ?? plancheck.error} s`);

    const inProcess = measureInProcess(file, built.value, size.runs);
    const transition = planReference(built.value);
    const result: ScaleResult = {
      nodes: size.nodes,
      resources: size.resources,
      fileMiB: bytes / 2 ** 20,
      probes: size.nodes * size.resources,
      summaryLines: transition.summary.length,
      actions: transition.actions.length,
      buildMs: built.ms,
      writeMs: written.ms,
      plancheck,
      inProcess,
    };
    const simulate = findExecutable("crm_simulate");
    if (!options.noCrm && simulate !== undefined) {
      const crmRuns: ProcessRun[] = [];
      for (let i = 0; i < size.crmRuns; i++) {
        crmRuns.push(
          runMeasured([simulate, "-R", "-x", file], {
            timeoutMs: options.crmLimitSeconds * 1000,
            env: { CIB_shadow_dir: dir },
            addressSpaceBytes: CRM_ADDRESS_SPACE,
          }),
        );
        if (crmRuns.at(-1)!.timedOut) break;
      }
      result.crmSimulate = figures(crmRuns);
      options.log(`${label}: crm_simulate ${result.crmSimulate.timedOut ? `> ${options.crmLimitSeconds}` : (result.crmSimulate.seconds?.toFixed(2) ?? result.crmSimulate.error)} s`);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Times parseXml, readCib and planReference in this process, and one staged plan. */
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
