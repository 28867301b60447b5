/**
 * `plancheck faults [--runs N] [--seed S] [--only a,b] [--workers N]
 * [--fixtures DIR] [--json] [--timings] [--out DIR] [--junit FILE] [--quiet]`:
 * the fault × property matrix. Each fault mode of the reference planner is
 * run through a campaign of every property: which properties caught it,
 * after how many cases, shrunk to what size. Exit 0 when every fault is
 * caught and every property catches one, 1 otherwise, 130/143 when
 * interrupted (the matrix then covers the faults that ran).
 */
import { parseArgs } from "node:util";
import { FAULTS, FAULT_IDS } from "../../planner/reference/faults.ts";
import { PROPERTIES } from "../../properties/catalog.ts";
import type { ViolationView } from "../../reports/campaign.ts";
import { faultMatrixOk, faultsDocument, type FaultMatrixView } from "../../reports/document.ts";
import { caseSize, saveFixture, type CaseSize } from "../../reports/fixtures.ts";
import { faultsJUnitCases } from "../../reports/junit.ts";
import { fixtureOfFinding, runCampaign, type Finding } from "../campaign.ts";
import { CliFailure } from "../cli.ts";
import { watchInterruption } from "../interrupt.ts";
import { parseFaults } from "../planners.ts";
import { SEEDED_RUN_OPTIONS, parseWorkers, wholeNumber } from "./check.ts";
import { REPORT_OPTIONS, progressFor, writeRequestedReports } from "./reporting.ts";

/** One row of the matrix. */
interface FaultRow {
  id: string;
  caughtBy: string[];
  runsToCatch: number | null;
  size: CaseSize | null;
  fixtures: string[];
  seconds: number;
}

/** Runs `plancheck faults`; returns the exit code. */
export async function faultsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...SEEDED_RUN_OPTIONS,
      only: { type: "string" },
      fixtures: { type: "string", default: "fixtures/regressions" },
      ...REPORT_OPTIONS,
    },
  });
  if (positionals.length > 0) throw new CliFailure(`faults takes no file arguments (got '${positionals[0]}')`);
  const runs = wholeNumber("runs", values.runs, 300, 1);
  const seed = wholeNumber("seed", values.seed, 1, 0, 2 ** 31 - 1);
  const workers = parseWorkers(values.workers);
  const faults = values.only === undefined ? FAULT_IDS : parseFaults(values.only);
  const progress = progressFor(values);
  const interruption = watchInterruption();
  const findings: (ViolationView & { fault: string })[] = [];
  let stats: Record<string, number> = {};
  let casesBefore = 0;
  const rows: FaultRow[] = [];
  for (const [k, fault] of faults.entries()) {
    if (interruption.signal.aborted) break;
    const started = performance.now();
    const label = `faults: ${fault} (${k + 1}/${faults.length})`;
    const saved = new Map<string, string>();
    const save = (f: Finding) => saved.set(f.property, saveFixture(values.fixtures!, fixtureOfFinding(f, "reference", [fault], seed)));
    const result = await runCampaign({
      spec: { planner: "reference", faults: [fault], properties: PROPERTIES.map((p) => p.id), runs, seed, maxNodes: 8, maxResources: 8 },
      workers,
      signal: interruption.signal,
      onProgress: (cases, found) => progress.update(label, casesBefore + cases, findings.length + found),
      onFinding: save,
    });
    casesBefore += result.runs;
    stats = result.stats;
    const fixtures = result.findings.map((f) => {
      const fixture = saved.get(f.property)!;
      const { property, size, runsToCatch, shrunk, cluster, transition, violation } = f;
      findings.push({ fault, property, fixture, size, explanation: violation.explanation, runsToCatch, shrunk, cluster, transition, violation });
      return fixture;
    });
    const smallest = [...result.findings].sort(
      (a, b) => a.size.nodes + a.size.resources + a.size.constraints - (b.size.nodes + b.size.resources + b.size.constraints),
    )[0];
    rows.push({
      id: fault,
      caughtBy: result.findings.map((f) => f.property),
      runsToCatch: result.findings.length === 0 ? null : Math.min(...result.findings.map((f) => f.runsToCatch)),
      size: smallest === undefined ? null : caseSize(smallest.cluster),
      fixtures,
      seconds: (performance.now() - started) / 1000,
    });
  }
  interruption.dispose();
  const properties = PROPERTIES.map((p) => ({ id: p.id, catches: rows.filter((r) => r.caughtBy.includes(p.id)).map((r) => r.id) }));
  progress.done();
  const interrupted = interruption.received();
  const ok = interrupted === undefined && faultMatrixOk(rows, properties, faults === FAULT_IDS);
  if (values.json) {
    const doc = {
      faults: rows.map((r) => ({
        id: r.id,
        caughtBy: r.caughtBy,
        runsToCatch: r.runsToCatch,
        size: r.size,
        fixtures: r.fixtures,
        ...(values.timings ? { seconds: r.seconds } : {}),
      })),
      properties,
      ...(interrupted === undefined ? {} : { interrupted }),
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  } else {
    const lines = [`plancheck faults: ${runs} cases per fault, seed ${seed}`];
    for (const r of rows) {
      const size = r.size === null ? "" : ` shrunk to ${r.size.nodes}n/${r.size.resources}r/${r.size.constraints}c`;
      const caught = r.caughtBy.length === 0 ? "NOT CAUGHT" : `caught by ${r.caughtBy.join(", ")} after ${r.runsToCatch} cases,${size}`;
      lines.push(`  ${r.id.padEnd(26)} ${caught} (${r.seconds.toFixed(1)} s)`);
    }
    lines.push("", "property catches:");
    for (const p of properties) lines.push(`  ${p.id.padEnd(26)} ${p.catches.length === 0 ? "NOTHING" : p.catches.join(", ")}`);
    if (interrupted !== undefined) lines.push("", `interrupted by ${interrupted} after ${rows.length} of ${faults.length} faults: the matrix covers those only`);
    process.stdout.write(lines.join("\n") + "\n");
  }
  const view: FaultMatrixView = {
    runs,
    seed,
    allFaults: faults === FAULT_IDS,
    command: ["npm run plancheck -- faults", `--runs ${runs}`, `--seed ${seed}`, ...(values.only === undefined ? [] : [`--only ${faults.join(",")}`])].join(" "),
    faults: rows.map((r) => ({ ...r, description: FAULTS[r.id as keyof typeof FAULTS] })),
    properties: properties.map((p) => ({ ...p, statement: PROPERTIES.find((q) => q.id === p.id)!.statement })),
    findings,
    stats,
  };
  await writeRequestedReports(values, () => faultsDocument(view, ok), "plancheck faults", () => faultsJUnitCases(view));
  return interruption.exitCode(ok ? 0 : 1);
}
