/**
 * Conformance against a corpus laid out like Pacemaker's scheduler
 * regression suite (TESTS.tsv, xml/, summary/): for each test, the reference
 * planner's Transition Summary against the expected one, compared as
 * whitespace-normalised lines. The outcome is data; formatting is separate.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCib } from "../planner/cib/read.ts";
import { InputError, Unsupported, describeInputError } from "../planner/errors.ts";
import type { Planner } from "../planner/model.ts";
import { formatSummaryLine, normaliseSummaryText, summaryLinesOf } from "../planner/summary.ts";
import { loadInputText, maxInputBytes } from "./cli.ts";

/** The verdict on one corpus test. */
export type ConformStatus = "matched" | "mismatched" | "unsupported" | "error";

/** One corpus test's outcome. */
export interface ConformTest {
  name: string;
  category: string;
  status: ConformStatus;
  /** The line diff (mismatched), the construct (unsupported), or what went wrong (error). */
  detail: string;
}

/** Counts for one category of tests, or for the whole corpus. */
export interface ConformTotals {
  total: number;
  supported: number;
  matched: number;
}

/** A whole conformance run. */
export interface ConformReport extends ConformTotals {
  tests: ConformTest[];
  byCategory: Record<string, ConformTotals>;
}

/** One entry of TESTS.tsv. */
export interface CorpusEntry {
  name: string;
  description: string;
  extraArguments: string[];
}

const CATEGORIES: [string, RegExp][] = [
  ["migration", /^(\d+-|migrate|.*migrat)/],
  ["fencing", /(stonith|fenc|rec-node|unclean|concurrent)/],
  ["failures", /(fail|recover|rec-rsc|threshold|on-fail|restart)/],
  ["groups", /group/],
  ["clones", /(clone|anon|interleave|unique)/],
  ["promotable", /(master|promot|stateful|ms-)/],
  ["colocation", /(coloc|anti)/],
  ["ordering", /(order|serialize|mandatory|optional)/],
  ["standby", /(standby|maintenance|shutdown)/],
  ["location", /(location|rule|attr|symmetric|score)/],
];

/** The category of a corpus test, from its name. */
export function categoryOf(name: string): string {
  const lower = name.toLowerCase();
  return CATEGORIES.find(([, pattern]) => pattern.test(lower))?.[0] ?? "other";
}

/** Reads TESTS.tsv of a corpus directory. */
export function readCorpusIndex(dir: string): CorpusEntry[] {
  const text = readFileSync(join(dir, "TESTS.tsv"), "utf8");
  const entries: CorpusEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const [name, description = "", args = "[]"] = line.split("\t");
    entries.push({ name: name!, description, extraArguments: JSON.parse(args) as string[] });
  }
  return entries;
}

function lineDiff(expected: string[], actual: string[]): string {
  const missing = expected.filter((l) => !actual.includes(l)).map((l) => `- ${l}`);
  const extra = actual.filter((l) => !expected.includes(l)).map((l) => `+ ${l}`);
  const diff = [...missing, ...extra];
  return diff.length > 0 ? diff.join("\n") : "same lines, different order";
}

/** Runs one corpus test against a planner. */
export function conformOne(dir: string, entry: CorpusEntry, planner: Planner): ConformTest {
  const { name } = entry;
  const category = categoryOf(name);
  const summaryPath = join(dir, "summary", `${name}.summary`);
  if (!existsSync(summaryPath)) return { name, category, status: "error", detail: "no expected summary" };
  if (entry.extraArguments.length > 0) {
    return { name, category, status: "unsupported", detail: `crm_simulate arguments ${entry.extraArguments.join(" ")}` };
  }
  const expected = summaryLinesOf(readFileSync(summaryPath, "utf8")).map(normaliseSummaryText);
  const maxBytes = maxInputBytes();
  try {
    // A broken input (unreadable, over the size cap, not UTF-8, not a valid CIB) is this test's error.
    const cluster = readCib(loadInputText(join(dir, "xml", `${name}.xml`), maxBytes));
    const actual = planner.plan(cluster).summary.map((l) => normaliseSummaryText(formatSummaryLine(l)));
    const same = expected.length === actual.length && expected.every((l, i) => l === actual[i]);
    return { name, category, status: same ? "matched" : "mismatched", detail: same ? "" : lineDiff(expected, actual) };
  } catch (error) {
    if (error instanceof Unsupported) return { name, category, status: "unsupported", detail: error.construct };
    if (error instanceof InputError) return { name, category, status: "error", detail: describeInputError(error) };
    return { name, category, status: "error", detail: `planner crashed: ${(error as Error).message}` };
  }
}

function tally(tests: readonly ConformTest[]): ConformTotals {
  const supported = tests.filter((t) => t.status === "matched" || t.status === "mismatched").length;
  return { total: tests.length, supported, matched: tests.filter((t) => t.status === "matched").length };
}

/** Runs a whole corpus (or the named tests) against a planner. */
export function conformCorpus(dir: string, planner: Planner, only?: readonly string[]): ConformReport {
  const entries = readCorpusIndex(dir).filter((e) => only === undefined || only.includes(e.name));
  const tests = entries.map((e) => conformOne(dir, e, planner));
  const byCategory: Record<string, ConformTotals> = {};
  for (const category of [...new Set(tests.map((t) => t.category))].sort()) {
    byCategory[category] = tally(tests.filter((t) => t.category === category));
  }
  return { ...tally(tests), tests, byCategory };
}
