/**
 * `npm run bench [-- --json] [--quick] [--only scale,harness,faults] [--no-crm] [--crm-limit SEC]`:
 * plancheck's benchmarks. Prints Markdown tables (the form BENCHMARKS.md
 * holds) or, with --json, one JSON object; progress goes to stderr.
 *
 * - scale: the reference planner on generated CIBs of 16/200, 32/1000,
 *   64/3000 and 128/10000 nodes/primitives, after a 2/1 start-up floor
 *   (`--quick`: up to 32/1000), as a
 *   whole `plancheck plan FILE` process and in-process, beside
 *   `crm_simulate -R -x FILE` (time limit 300 s by default);
 * - harness: property cases per second on clusters of ≤ 8 nodes and ≤ 20
 *   primitives, every property, one core;
 * - faults: seconds until each fault mode is caught and shrunk (median of 3
 *   seeds; 1 with `--quick`).
 */
import { parseArgs } from "node:util";
import { defaultWorkers } from "../parallel/pool.ts";
import { measureFaults, measureThroughput, type FaultTiming, type ThroughputResult } from "./harness.ts";
import { machineInfo, type MachineInfo } from "./measure.ts";
import { measureScale, SCALE_CASES, type ProcessFigures, type ScaleResult } from "./scale.ts";

/** Everything one bench run measured. */
interface BenchResult {
  machine: MachineInfo;
  scale: ScaleResult[];
  throughput?: ThroughputResult;
  faults: FaultTiming[];
  targets: Target[];
}

/** A target of the "Fast at scale" issue and whether this run met it. */
interface Target {
  target: string;
  met: boolean | null;
  detail: string;
}

const SECTIONS = ["scale", "harness", "faults"] as const;

/** The reference planner's files in pipeline order (the stage columns), then the driver, garbage collection and the rest. */
const STAGE_ORDER = ["context", "availability", "location", "assignment", "actions", "orderings", "fencing", "transition", "index", "gc", "other"];

function fixed(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

function processCell(f: ProcessFigures | undefined, limit: number): string {
  if (f === undefined) return "not run";
  if (f.timedOut) return `> ${limit} s`;
  if (f.seconds === undefined) return `failed (${f.error ?? "?"})`;
  return `${fixed(f.seconds)} s${f.cpuSeconds === undefined ? "" : ` (CPU ${fixed(f.cpuSeconds)} s)`}`;
}

/** How many times faster plancheck is than crm_simulate, by wall time and, when known, by CPU time. */
function speedup(ours: ProcessFigures, theirs: ProcessFigures | undefined, limit: number): string {
  if (ours.seconds === undefined || theirs === undefined || (theirs.seconds === undefined && !theirs.timedOut)) return "–";
  const more = theirs.timedOut ? "> " : "";
  const wall = `${more}${((theirs.seconds ?? limit) / ours.seconds).toFixed(1)}×`;
  const cpu = ours.cpuSeconds !== undefined && theirs.cpuSeconds !== undefined ? ` (CPU ${(theirs.cpuSeconds / ours.cpuSeconds).toFixed(1)}×)` : "";
  return wall + cpu;
}

/** Evaluates the issue's targets against the figures. */
function evaluateTargets(result: BenchResult, crmLimit: number): Target[] {
  const targets: Target[] = [];
  for (const resources of [1000, 3000]) {
    const row = result.scale.find((r) => r.resources === resources);
    if (row === undefined) continue;
    const ours = row.plancheck;
    const theirs = row.crmSimulate;
    const label = `${row.nodes}/${row.resources}`;
    if (ours.seconds === undefined || theirs === undefined || (theirs.seconds === undefined && !theirs.timedOut)) {
      targets.push({ target: `≥ 30× faster than crm_simulate -R at ${label}, whole process`, met: null, detail: "not measured" });
      continue;
    }
    const theirSeconds = theirs.seconds ?? crmLimit;
    targets.push({
      target: `≥ 30× faster than crm_simulate -R at ${label}, whole process`,
      met: theirSeconds / ours.seconds >= 30,
      detail: `${speedup(ours, theirs, crmLimit)} (${fixed(ours.seconds)} s vs ${theirs.timedOut ? "> " : ""}${fixed(theirSeconds)} s wall)`,
    });
    if (ours.peakMiB !== undefined && theirs.peakMiB !== undefined) {
      const share = ours.peakMiB / theirs.peakMiB;
      targets.push({
        target: `≤ ¼ of crm_simulate's peak memory at ${label}`,
        met: share <= 0.25,
        detail: `${(share * 100).toFixed(0)}% (${fixed(ours.peakMiB, 0)} MiB vs ${fixed(theirs.peakMiB, 0)} MiB)`,
      });
    }
  }
  const small = result.scale.find((r) => r.resources === 1000);
  const large = result.scale.find((r) => r.resources === 10000);
  if (small !== undefined && large !== undefined) {
    const whole = small.plancheck.seconds !== undefined && large.plancheck.seconds !== undefined ? large.plancheck.seconds / small.plancheck.seconds : undefined;
    const planner = large.inProcess.planMs / small.inProcess.planMs;
    targets.push({
      target: "from 1,000 to 10,000 resources time grows ≤ 15×",
      met: whole === undefined ? null : whole <= 15,
      detail:
        (whole === undefined ? `whole process not measurable at 128/10000 (${large.plancheck.error ?? "failed"})` : `whole process ${whole.toFixed(1)}×`) +
        `; planReference alone ${planner.toFixed(1)}×`,
    });
  }
  if (result.throughput !== undefined) {
    const t = result.throughput;
    targets.push({
      target: "harness ≥ 2,000 cases/s per core",
      met: t.fullPerSecond >= 2000,
      detail: `${t.fullPerSecond.toFixed(0)} cases/s with every property (${t.planPerSecond.toFixed(0)}/s generating and planning only)`,
    });
  }
  for (const f of result.faults) {
    targets.push({
      target: `${f.fault} caught and shrunk in < 5 s (median)`,
      met: f.medianSeconds !== null && f.medianSeconds < 5,
      detail: f.medianSeconds === null ? "not caught within the limit" : `${f.medianSeconds.toFixed(2)} s`,
    });
  }
  return targets;
}

/** Formats the result as Markdown tables. */
function markdown(result: BenchResult, crmLimit: number): string {
  const m = result.machine;
  const lines: string[] = [];
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB (${m.freeGiB} free), load ${m.load} at start; ${m.node}; ${m.crmSimulate ?? "crm_simulate not installed"}`);
  lines.push(`Date: ${m.date}. Command: \`${m.command}\``, "");
  if (result.scale.length > 0) {
    lines.push("### Scale: whole process, `plancheck plan FILE` vs `crm_simulate -R -x FILE`", "");
    lines.push("Wall time, medians (CPU time in brackets); ratio: how many times faster plancheck is; memory: plancheck's peak RSS as a share of crm_simulate's.", "");
    lines.push("| nodes/primitives | CIB | plancheck plan | peak RSS | crm_simulate -R | peak RSS | speed ratio | memory |");
    lines.push("|---|---|---|---|---|---|---|---|");
    for (const r of result.scale) {
      const crm = r.crmSimulate;
      const ratio = speedup(r.plancheck, crm, crmLimit);
      const memory = r.plancheck.peakMiB !== undefined && crm?.peakMiB !== undefined ? `${((r.plancheck.peakMiB / crm.peakMiB) * 100).toFixed(0)}%` : "–";
      lines.push(
        `| ${r.nodes}/${r.resources} | ${fixed(r.fileMiB, 1)} MiB | ${processCell(r.plancheck, 600)} | ${fixed(r.plancheck.peakMiB, 0)} MiB | ${processCell(crm, crmLimit)} | ${fixed(crm?.peakMiB, 0)} MiB | ${ratio} | ${memory} |`,
      );
    }
    lines.push("", "### Scale: in-process (milliseconds, medians)", "");
    const present = new Set(result.scale.flatMap((r) => Object.keys(r.inProcess.stagesMs)));
    const stages = [...STAGE_ORDER.filter((s) => present.has(s)), ...[...present].filter((s) => !STAGE_ORDER.includes(s)).sort()];
    lines.push(
      "Stage columns: one more planReference under the CPU profiler, time per file of planner/reference/ (gc: garbage collection; other: samples with no planner frame on the stack, the profiler's own start and VM work).",
      "",
    );
    lines.push(`| nodes/primitives | parseXml | readCib (incl. parse) | planReference | ${stages.join(" | ")} | summary lines | graph actions |`);
    lines.push(`|---|---|---|---|${stages.map(() => "---|").join("")}---|---|`);
    for (const r of result.scale) {
      const p = r.inProcess;
      const read = p.readError === undefined ? fixed(p.readCibMs, 0) : "cannot read";
      lines.push(
        `| ${r.nodes}/${r.resources} | ${p.readError === undefined ? fixed(p.parseMs, 0) : "–"} | ${read} | ${fixed(p.planMs, 0)} | ${stages.map((s) => fixed(p.stagesMs[s], 0)).join(" | ")} | ${r.summaryLines} | ${r.actions} |`,
      );
    }
    for (const r of result.scale) if (r.inProcess.readError !== undefined) lines.push("", `${r.nodes}/${r.resources}: the CIB cannot be read in-process: ${r.inProcess.readError}`);
  }
  if (result.throughput !== undefined) {
    const t = result.throughput;
    lines.push("", `### Harness throughput (≤ ${t.maxNodes} nodes, ≤ ${t.maxResources} primitives, one core, ${t.cases} cases)`, "");
    lines.push("| measure | cases/s |", "|---|---|");
    lines.push(`| generation only | ${t.generatePerSecond.toFixed(0)} |`);
    lines.push(`| generation + planning | ${t.planPerSecond.toFixed(0)} |`);
    lines.push(`| generation + planning + every property | ${t.fullPerSecond.toFixed(0)} |`);
    lines.push(`| runCampaign end to end (${t.campaign.runs} runs, ${fixed(t.campaign.seconds, 1)} s; findings shrunk: ${t.campaign.findings.join(", ") || "none"}) | ${t.campaign.casesPerSecond.toFixed(0)} |`);
    lines.push(`| runCampaign end to end on ${t.parallelCampaign.workers} workers (${fixed(t.parallelCampaign.seconds, 1)} s) | ${t.parallelCampaign.casesPerSecond.toFixed(0)} |`);
    lines.push("", "| per case | ms |", "|---|---|");
    lines.push(`| generate | ${fixed(t.msPerCase.generate, 3)} |`, `| plan | ${fixed(t.msPerCase.plan, 3)} |`);
    for (const [id, ms] of Object.entries(t.msPerCase.properties).sort((a, b) => b[1] - a[1])) lines.push(`| ${id} | ${fixed(ms, 3)} |`);
  }
  if (result.faults.length > 0) {
    lines.push("", "### Time to catch and shrink each fault mode", "");
    lines.push("| fault | median | per seed (s) | caught first by | cases to catch |", "|---|---|---|---|---|");
    for (const f of result.faults) {
      lines.push(
        `| ${f.fault} | ${f.medianSeconds === null ? "not caught" : `${f.medianSeconds.toFixed(2)} s`} | ${f.seconds.map((s) => (s === null ? "–" : s.toFixed(2))).join(", ")} | ${[...new Set(f.caughtBy.map((p) => p ?? "–"))].join(", ")} | ${f.runsToCatch.map((r) => r ?? "–").join(", ")} |`,
      );
    }
  }
  lines.push("", "### Targets", "", "| target | met | figure |", "|---|---|---|");
  for (const t of result.targets) lines.push(`| ${t.target} | ${t.met === null ? "n/a" : t.met ? "met" : "missed"} | ${t.detail} |`);
  return lines.join("\n") + "\n";
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      "no-crm": { type: "boolean", default: false },
      "crm-limit": { type: "string", default: "300" },
      "fault-limit": { type: "string", default: "10" },
    },
  });
  const only = values.only?.split(",").map((s) => s.trim()) ?? [...SECTIONS];
  for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section '${s}' (known: ${SECTIONS.join(", ")})`);
  const crmLimit = Number(values["crm-limit"]);
  const faultLimit = Number(values["fault-limit"]);
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const result: BenchResult = { machine: machineInfo(`npm run bench -- ${argv.join(" ")}`.trim()), scale: [], faults: [], targets: [] };
  if (only.includes("scale")) {
    for (const size of values.quick ? SCALE_CASES.slice(0, 3) : SCALE_CASES) {
      result.scale.push(measureScale(size, { crmLimitSeconds: crmLimit, noCrm: values["no-crm"]!, log }));
    }
  }
  if (only.includes("harness")) {
    result.throughput = await measureThroughput(values.quick ? 200 : 500, defaultWorkers());
    log(`harness: ${result.throughput.fullPerSecond.toFixed(0)} cases/s`);
  }
  if (only.includes("faults")) result.faults = measureFaults(values.quick ? 1 : 3, faultLimit, log);
  result.targets = evaluateTargets(result, crmLimit);
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + "\n" : markdown(result, crmLimit));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
