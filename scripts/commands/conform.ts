/**
 * `plancheck conform DIR [--only NAMES] [--json] [--verbose] [--out DIR]
 * [--junit FILE] [--quiet]`: the reference planner against a Pacemaker-style
 * regression corpus; per-test verdicts and totals overall and by category;
 * and the corpus check, the properties that judge one graph run over
 * Pacemaker's own expected graphs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { referencePlanner } from "../../planner/reference/index.ts";
import { CliFailure } from "../cli.ts";
import { conformDocument } from "../../reports/document.ts";
import { conformJUnitCases } from "../../reports/junit.ts";
import { conformOne, conformReportOf, corpusCheckOne, readCorpusIndex, type ConformReport, type ConformTest, type CorpusCheck } from "../conformance.ts";
import { REPORT_OPTIONS, progressFor, writeRequestedReports } from "./reporting.ts";

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

/** Runs `plancheck conform`; returns the exit code (0 whatever the agreement: mismatches are results). */
export async function conformCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      only: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
      ...REPORT_OPTIONS,
    },
  });
  if (positionals.length !== 1) throw new CliFailure("usage: plancheck conform DIR [--only NAMES] [--json]");
  const dir = positionals[0]!;
  if (!existsSync(join(dir, "TESTS.tsv"))) throw new CliFailure(`${dir}: not a corpus directory (no TESTS.tsv)`);
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const planner = referencePlanner();
  const progress = progressFor(values, "tests");
  const entries = readCorpusIndex(dir).filter((e) => only === undefined || only.includes(e.name));
  const tests: ConformTest[] = [];
  const checks: CorpusCheck[] = [];
  let mismatches = 0;
  for (const entry of entries) {
    const test = conformOne(dir, entry, planner);
    tests.push(test);
    checks.push(corpusCheckOne(dir, entry));
    if (test.status === "mismatched") mismatches += 1;
    progress.update("conform", tests.length, mismatches);
  }
  progress.done();
  const report: ConformReport = conformReportOf(tests, checks);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else process.stdout.write(formatConformReport(report, values.verbose!));
  const view = { ...report, corpus: dir, command: ["npm run plancheck -- conform", dir, ...(only === undefined ? [] : [`--only ${only.join(",")}`])].join(" ") };
  await writeRequestedReports(values, () => conformDocument(view), "plancheck conform", () => conformJUnitCases(view));
  return 0;
}
