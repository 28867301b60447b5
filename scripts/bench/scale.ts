/**
 * The scale benchmark: the reference planner on large generated CIBs, as a
 * whole `plancheck plan FILE` process and in-process (XML parsing, the rest
 * of readCib, each planner stage), side by side with `crm_simulate -R -x
 * FILE` on the same file.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findExecutable, runCommand } from "../../planner/pacemaker/run.ts";
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

/**
 * Runs in-process.ts on the file in a fresh process (so that this one's heap
 * of clusters and documents does not slow its collector) and reads its figures.
 */
function measureInProcess(file: string, size: ScaleCase): InProcessFigures {
  const run = runCommand(
    [process.execPath, "--import", "tsx", join(ROOT, "scripts/bench/in-process.ts"), file, String(size.runs), String(size.nodes), String(size.resources)],
    { timeoutMs: 1_800_000 },
  );
  if (run.status !== 0) throw new Error(`in-process measurement failed: ${run.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  return JSON.parse(run.stdout) as InProcessFigures;
}

/** Options of {@link measureScale}. */
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

    const inProcess = measureInProcess(file, size);
    const transition = planReference(built.value);
    options.log(`${label}: in-process ${inProcess.readCibMs?.toFixed(0) ?? "–"} ms readCib, ${inProcess.planMs.toFixed(0)} ms planReference`);
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
