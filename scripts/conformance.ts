/**
 * Conformance against a corpus laid out like Pacemaker's scheduler
 * regression suite (TESTS.tsv, xml/, summary/, exp/): for each test, the
 * reference planner's Transition Summary against the expected one, compared
 * as whitespace-normalised lines; and the corpus check, the property catalog
 * run over Pacemaker's own expected graphs. The outcome is data; formatting
 * is separate. Each test is judged by pure per-test functions
 * ({@link conformOne}, {@link corpusCheckOne}).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readCib } from "../planner/cib/read.ts";
import { InputError, Unsupported, describeInputError } from "../planner/errors.ts";
import type { Planner } from "../planner/model.ts";
import { PlannerError } from "../planner/model.ts";
import { transitionOfSimulation } from "../planner/pacemaker/planner.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { formatSummaryLine, normaliseSummaryText, summaryLinesOf } from "../planner/summary.ts";
import { PROPERTIES } from "../properties/catalog.ts";
import { loadInputText, maxInputBytes } from "./cli.ts";
import type { Property } from "../properties/property.ts";
import type { StopSignal } from "./interrupt.ts";

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

/** A property violated by Pacemaker's own expected graph of a corpus test. */
export interface CorpusViolation {
  test: string;
  property: string;
  explanation: string;
}

/** One corpus test's check of its expected graph. */
export interface CorpusCheck {
  name: string;
  /** False when the expected graph could not be judged (no graph, extra crm_simulate arguments, a CIB readCib refuses). */
  checked: boolean;
  violations: CorpusViolation[];
}

/** The corpus check of a whole run: what was judged, by which properties, and what they found. */
export interface CorpusCheckTotals {
  /** Tests whose expected graph was judged. */
  corpusChecked: number;
  /** The properties run on each expected graph. */
  corpusProperties: string[];
  /** The metamorphic properties left out: they re-plan a changed input, and an expected graph has no planner behind it. */
  corpusNotJudged: string[];
  corpusViolations: CorpusViolation[];
}

/** A whole conformance run. */
export interface ConformReport extends ConformTotals, CorpusCheckTotals {
  tests: ConformTest[];
  byCategory: Record<string, ConformTotals>;
  /** The signal that cut the run short: the report covers the tests judged before it. */
  interrupted?: StopSignal;
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

/** The properties that judge one graph on its own: every property of the catalog but the metamorphic ones. */
export const CORPUS_PROPERTIES: readonly Property[] = PROPERTIES.filter((p) => p.metamorphic !== true);

/** Stands in for the planner of an expected graph: there is none, and a property that asks for one is a bug of this check. */
const NO_PLANNER: Planner = {
  name: "pacemaker-expected",
  plan() {
    throw new Error("the corpus check has no planner to re-plan with: only non-metamorphic properties may run here");
  },
};

/**
 * The corpus check of one test: Pacemaker's expected transition graph
 * (`exp/NAME.exp`, with the Transition Summary of `summary/NAME.summary`)
 * for the cluster of `xml/NAME.xml`, judged by the properties that need no
 * re-planning. The graph is read as the Pacemaker planner reads
 * crm_simulate's, the target placement derived by executing it. Tests run
 * with extra crm_simulate arguments, without an expected graph, or with a
 * CIB readCib refuses are not checked.
 */
export function corpusCheckOne(dir: string, entry: CorpusEntry, properties: readonly Property[] = CORPUS_PROPERTIES): CorpusCheck {
  const { name } = entry;
  const skipped: CorpusCheck = { name, checked: false, violations: [] };
  const expPath = join(dir, "exp", `${name}.exp`);
  const summaryPath = join(dir, "summary", `${name}.summary`);
  if (entry.extraArguments.length > 0 || !existsSync(expPath) || !existsSync(summaryPath)) return skipped;
  let cluster;
  try {
    cluster = readCib(readFileSync(join(dir, "xml", `${name}.xml`), "utf8"));
  } catch (error) {
    if (error instanceof Unsupported || error instanceof InputError) return skipped;
    throw error;
  }
  const source = `expected graph ${join("exp", `${name}.exp`)}`;
  let transition;
  try {
    transition = transitionOfSimulation(cluster, {
      command: source,
      stdout: "",
      summaryLines: summaryLinesOf(readFileSync(summaryPath, "utf8")),
      graphXml: readFileSync(expPath, "utf8"),
      elapsedMs: 0,
    });
  } catch (error) {
    if (error instanceof PlannerError) return skipped;
    throw error;
  }
  const violations: CorpusViolation[] = [];
  for (const property of properties) {
    for (const v of property.check({ cluster, transition, planner: NO_PLANNER })) {
      violations.push({ test: name, property: property.id, explanation: v.explanation });
    }
  }
  return { name, checked: true, violations };
}

/** The corpus-check totals of some per-test checks, in test order. */
export function corpusTotals(checks: readonly CorpusCheck[], properties: readonly Property[] = CORPUS_PROPERTIES): CorpusCheckTotals {
  return {
    corpusChecked: checks.filter((c) => c.checked).length,
    corpusProperties: properties.map((p) => p.id),
    corpusNotJudged: PROPERTIES.filter((p) => p.metamorphic === true).map((p) => p.id),
    corpusViolations: checks.flatMap((c) => c.violations),
  };
}

function tally(tests: readonly ConformTest[]): ConformTotals {
  const supported = tests.filter((t) => t.status === "matched" || t.status === "mismatched").length;
  return { total: tests.length, supported, matched: tests.filter((t) => t.status === "matched").length };
}

/** Assembles a conformance report from its per-test pieces (in corpus order). */
export function conformReportOf(tests: readonly ConformTest[], checks: readonly CorpusCheck[]): ConformReport {
  const byCategory: Record<string, ConformTotals> = {};
  for (const category of [...new Set(tests.map((t) => t.category))].sort()) {
    byCategory[category] = tally(tests.filter((t) => t.category === category));
  }
  return { ...tally(tests), tests: [...tests], byCategory, ...corpusTotals(checks) };
}

/** A batch of corpus tests for one worker: plain data, so any thread judges it the same. */
export interface ConformJob {
  dir: string;
  entries: CorpusEntry[];
}

/** A batch's outcome, in the order of its entries. */
export interface ConformBatch {
  tests: ConformTest[];
  checks: CorpusCheck[];
}

/** Judges a batch of corpus tests with the reference planner, and checks their expected graphs. */
export function conformBatch(job: ConformJob): ConformBatch {
  const planner = referencePlanner();
  return {
    tests: job.entries.map((e) => conformOne(job.dir, e, planner)),
    checks: job.entries.map((e) => corpusCheckOne(job.dir, e)),
  };
}

/** Runs a whole corpus (or the named tests) against a planner, with the corpus check of the expected graphs. */
export function conformCorpus(dir: string, planner: Planner, only?: readonly string[]): ConformReport {
  const entries = readCorpusIndex(dir).filter((e) => only === undefined || only.includes(e.name));
  return conformReportOf(
    entries.map((e) => conformOne(dir, e, planner)),
    entries.map((e) => corpusCheckOne(dir, e)),
  );
}
