/**
 * The report options shared by the campaign commands (check, faults,
 * conform): `--out DIR` (index.html and summary.md), `--junit FILE` and
 * `--quiet` (no progress line), and writing what they ask for.
 */
import { join } from "node:path";
import type { ReportDocument } from "../../reports/document.ts";
import { junitXml, type JUnitCase } from "../../reports/junit.ts";
import { progressReporter, type Progress } from "../../reports/progress.ts";
import { writeFileAtomic, writeReport } from "../../reports/write.ts";

/** The parseArgs options of the report flags. */
export const REPORT_OPTIONS = {
  out: { type: "string" },
  junit: { type: "string" },
  quiet: { type: "boolean", short: "q", default: false },
} as const;

/** The parsed report flags (plus --json, which also silences progress). */
export interface ReportFlags {
  out?: string | undefined;
  junit?: string | undefined;
  quiet?: boolean | undefined;
  json?: boolean | undefined;
}

/** The progress line on stderr for a run, silent with --quiet or --json or off a terminal. */
export function progressFor(flags: ReportFlags, unit?: string): Progress {
  return progressReporter(process.stderr, flags.quiet !== true && flags.json !== true, unit);
}

/**
 * Writes the report (`--out`) and JUnit file (`--junit`) when asked for.
 * The document is built only when a report is wanted; `json`, when given, is
 * written beside the report as `campaign.json` (what `plancheck merge` reads).
 */
export async function writeRequestedReports(flags: ReportFlags, document: () => ReportDocument, suite: string, cases: () => JUnitCase[], json?: string): Promise<void> {
  if (flags.out !== undefined) {
    const { html } = await writeReport(flags.out, document());
    if (json !== undefined) writeFileAtomic(join(flags.out, "campaign.json"), json);
    if (flags.quiet !== true && flags.json !== true) process.stderr.write(`report: ${html}\n`);
  }
  if (flags.junit !== undefined) writeFileAtomic(flags.junit, junitXml(suite, cases()));
}
