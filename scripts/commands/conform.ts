/**
 * `plancheck conform DIR [--only NAMES] [--json]`: the reference planner
 * against a Pacemaker-style regression corpus; per-test verdicts and totals
 * overall and by category.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { referencePlanner } from "../../planner/reference/index.ts";
import { CliFailure } from "../cli.ts";
import { conformCorpus, type ConformReport } from "../conformance.ts";

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
  return lines.join("\n") + "\n";
}

/** Runs `plancheck conform`; returns the exit code (0 whatever the agreement: mismatches are results). */
export function conformCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      only: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
    },
  });
  if (positionals.length !== 1) throw new CliFailure("usage: plancheck conform DIR [--only NAMES] [--json]");
  const dir = positionals[0]!;
  if (!existsSync(join(dir, "TESTS.tsv"))) throw new CliFailure(`${dir}: not a corpus directory (no TESTS.tsv)`);
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const report = conformCorpus(dir, referencePlanner(), only);
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else process.stdout.write(formatConformReport(report, values.verbose!));
  return 0;
}
