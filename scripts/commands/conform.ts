/**
 * `plancheck conform DIR [--only NAMES] [--json] [--verbose] [--workers N]
 * [--out DIR] [--junit FILE] [--quiet]`: the reference planner against a Pacemaker-style
 * regression corpus; per-test verdicts and totals overall and by category;
 * and the corpus check, the properties that judge one graph run over
 * Pacemaker's own expected graphs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CliFailure } from "../cli.ts";
import { conformDocument } from "../../reports/document.ts";
import { conformJUnitCases } from "../../reports/junit.ts";
import { conformReportOf, readCorpusIndex, type ConformBatch, type ConformJob, type ConformReport } from "../conformance.ts";
import { watchInterruption } from "../interrupt.ts";
import { runPool } from "../parallel/pool.ts";
import { parseWorkers } from "./check.ts";
import { REPORT_OPTIONS, progressFor, writeRequestedReports } from "./reporting.ts";

/** Corpus tests per worker job. */
const BATCH_SIZE = 8;

/** The human-readable form of a conformance report. */
export function formatConformReport(report: ConformReport, verbose: boolean): string {
  const lines: string[] = [];
  if (verbose) {
    for (const t of report.tests) {
      lines.push(`${t.status.padEnd(11)} ${t.name}${t.detail ? `: ${t.detail.split("\n").join("\n              ")}` : ""}`);
    }
    lines.push("");
  }
  const pct = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
  lines.push("category      total  supported  matched  matched/supported");
  for (const [category, t] of Object.entries(report.byCategory)) {
    lines.push(
      `${category.padEnd(12)} ${String(t.total).padStart(6)} ${String(t.supported).padStart(10)} ${String(t.matched).padStart(8)}  ${pct(t.matched, t.supported).padStart(8)}`,
    );
  }
  lines.push(
    `${"all".padEnd(12)} ${String(report.total).padStart(6)} ${String(report.supported).padStart(10)} ${String(report.matched).padStart(8)}  ${pct(report.matched, report.supported).padStart(8)}`,
  );
  lines.push("", ...formatCorpusCheck(report));
  if (report.interrupted !== undefined) lines.push("", `interrupted by ${report.interrupted} after ${report.total} tests: the report covers those only`);
  return lines.join("\n") + "\n";
}

/** The corpus-check section of the text report: what was judged, and each violation of Pacemaker's expected graphs. */
export function formatCorpusCheck(report: ConformReport): string[] {
  const n = report.corpusViolations.length;
  const lines = [
    `corpus check: Pacemaker's expected graphs of ${report.corpusChecked} tests, judged by ${report.corpusProperties.join(", ")}`,
    `  not judged (metamorphic, they need a planner to re-plan with): ${report.corpusNotJudged.join(", ")}`,
    `  ${n === 0 ? "no violations" : `${n} violation${n === 1 ? "" : "s"}:`}`,
  ];
  for (const v of report.corpusViolations) lines.push(`  ${v.test}: ${v.property}: ${v.explanation}`);
  return lines;
}

/**
 * Runs `plancheck conform`; returns the exit code: 0 whatever the agreement
 * (mismatches are results), 130/143 when interrupted (the report then covers
 * the tests judged so far).
 */
export async function conformCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      only: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
      workers: { type: "string" },
      ...REPORT_OPTIONS,
    },
  });
  if (positionals.length !== 1) throw new CliFailure("usage: plancheck conform DIR [--only NAMES] [--json]");
  const dir = positionals[0]!;
  if (!existsSync(join(dir, "TESTS.tsv"))) throw new CliFailure(`${dir}: not a corpus directory (no TESTS.tsv)`);
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const workers = parseWorkers(values.workers);
  const progress = progressFor(values, "tests");
  const index = readCorpusIndex(dir);
  const unknown = (only ?? []).filter((name) => !index.some((e) => e.name === name));
  if (unknown.length > 0) throw new CliFailure(`${dir}: no test named ${unknown.map((n) => `'${n}'`).join(", ")} in TESTS.tsv`);
  const entries = index.filter((e) => only === undefined || only.includes(e.name));
  const jobs: ConformJob[] = [];
  for (let start = 0; start < entries.length; start += BATCH_SIZE) jobs.push({ dir, entries: entries.slice(start, start + BATCH_SIZE) });
  const interruption = watchInterruption();
  let judged = 0;
  let mismatches = 0;
  let batches: (ConformBatch | undefined)[];
  try {
    batches = await runPool("conform-batch", jobs, workers, {
      signal: interruption.signal,
      onResult: (_, batch: ConformBatch) => {
        judged += batch.tests.length;
        mismatches += batch.tests.filter((t) => t.status === "mismatched").length;
        progress.update("conform", judged, mismatches);
      },
    });
  } finally {
    interruption.dispose();
  }
  progress.done();
  // Only the batches that finished, in corpus order: an interrupted run reports what it judged.
  const done = batches.filter((b): b is ConformBatch => b !== undefined);
  const report: ConformReport = conformReportOf(
    done.flatMap((b) => b.tests),
    done.flatMap((b) => b.checks),
  );
  const interrupted = interruption.received();
  if (interrupted !== undefined) report.interrupted = interrupted;
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else process.stdout.write(formatConformReport(report, values.verbose!));
  const view = { ...report, corpus: dir, command: ["npm run plancheck -- conform", dir, ...(only === undefined ? [] : [`--only ${only.join(",")}`])].join(" ") };
  await writeRequestedReports(values, () => conformDocument(view), "plancheck conform", () => conformJUnitCases(view));
  return interruption.exitCode(0);
}
