/**
 * What a report of a run shows, as data: the run's configuration and the
 * command that reproduces it, verdict tables, a chart of the case space, and
 * each counterexample with its cluster, transition and violation. One
 * builder per command (check, faults, conform) turns that command's outcome
 * into a {@link ReportDocument}; the HTML and Markdown builders lay it out.
 */
import { writeCib } from "../planner/cib/write.ts";
import type { ClusterState, Transition } from "../planner/model.ts";
import type { Violation } from "../properties/property.ts";
import type { CampaignView, ViolationView } from "./campaign.ts";
import type { CaseSize } from "./fixtures.ts";
import type { ChartBar } from "./svg.ts";

/** How a row of a verdict table came out. */
export type RowStatus = "pass" | "fail" | "skip" | "error";

/** A table whose rows carry a status (drawn as coloured pills). */
export interface VerdictTable {
  caption: string;
  columns: string[];
  rows: { cells: string[]; status?: RowStatus }[];
}

/** One shrunk counterexample, with everything needed to check it by eye. */
export interface Counterexample {
  /** An anchor-safe id, unique within the report. */
  anchor: string;
  /** The heading, e.g. the property id (and the fault, in a fault matrix). */
  title: string;
  property: string;
  /** The property's one-line statement. */
  statement: string;
  /** The violation's one-sentence explanation. */
  explanation: string;
  cluster: ClusterState;
  /** The cluster as CIB XML. */
  cib: string;
  transition: Transition;
  violation: Violation;
  size: CaseSize;
  runsToCatch: number;
  fixture: string;
  /** The command that replays the fixture. */
  replay: string;
}

/** A block of preformatted text under a heading (e.g. a conformance diff). */
export interface Listing {
  title: string;
  status: RowStatus;
  text: string;
}

/** A whole report. */
export interface ReportDocument {
  title: string;
  ok: boolean;
  /** One line: the outcome in words. */
  headline: string;
  configuration: [string, string][];
  /** The command that reproduces the run. */
  command: string;
  tables: VerdictTable[];
  chart: { caption: string; bars: ChartBar[] };
  counterexamples: Counterexample[];
  listings: { caption: string; items: Listing[] };
}

/** The command that replays a fixture. */
export function replayCommand(fixture: string): string {
  return `npm run plancheck -- replay ${fixture}`;
}

function anchorOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function counterexampleOf(v: ViolationView, statement: string, title: string, taken: Set<string>): Counterexample {
  let anchor = `cx-${anchorOf(title)}`;
  for (let k = 2; taken.has(anchor); k++) anchor = `cx-${anchorOf(title)}-${k}`;
  taken.add(anchor);
  return {
    anchor,
    title,
    property: v.property,
    statement,
    explanation: v.explanation,
    cluster: v.cluster,
    cib: writeCib(v.cluster),
    transition: v.transition,
    violation: v.violation,
    size: v.size,
    runsToCatch: v.runsToCatch,
    fixture: v.fixture,
    replay: replayCommand(v.fixture),
  };
}

function caseSpaceChart(stats: Record<string, number>): ReportDocument["chart"] {
  const total = stats.cases ?? 0;
  const bars = Object.entries(stats)
    .filter(([feature]) => feature !== "cases")
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([label, value]) => ({ label, value, total }));
  return { caption: `Case space: how many of the ${total} generated cases exercise each feature`, bars };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The report of `plancheck check`. */
export function checkDocument(view: CampaignView): ReportDocument {
  const statements = new Map(view.properties.map((p) => [p.id, p.statement]));
  const violated = view.properties.filter((p) => !p.holds).length;
  const taken = new Set<string>();
  const configuration: [string, string][] = [
    ["planner", view.planner],
    ["faults", view.faults.length === 0 ? "none" : view.faults.join(", ")],
    ["seed", String(view.seed)],
    ["cases", String(view.runs)],
    ["cluster size", `up to ${plural(view.maxNodes, "node")} and ${plural(view.maxResources, "resource")}`],
    ["properties", view.properties.map((p) => p.id).join(", ")],
  ];
  if (view.timeLimitSeconds !== undefined) configuration.push(["time limit", `${view.timeLimitSeconds} s`]);
  if (view.plannerErrors > 0) configuration.push(["planner errors", `${view.plannerErrors} cases (not verdicts)`]);
  return {
    title: "plancheck check",
    ok: view.ok,
    headline: view.ok
      ? `${view.properties.length === 1 ? "The property holds" : `All ${view.properties.length} properties hold`} over ${view.runs} cases.`
      : `${violated} of ${view.properties.length} properties violated.`,
    configuration,
    command: view.command,
    tables: [
      {
        caption: "Verdicts",
        columns: ["property", "verdict", "cases", "statement"],
        rows: view.properties.map((p) => ({
          cells: [p.id, p.holds ? "holds" : "violated", String(p.runs), p.statement],
          status: p.holds ? "pass" : "fail",
        })),
      },
    ],
    chart: caseSpaceChart(view.stats),
    counterexamples: view.violations.map((v) => counterexampleOf(v, statements.get(v.property) ?? "", v.property, taken)),
    listings: { caption: "", items: [] },
  };
}

/** One fault of a fault matrix, as reported. */
export interface FaultRowView {
  id: string;
  /** The mistake the fault makes. */
  description: string;
  caughtBy: string[];
  runsToCatch: number | null;
  size: CaseSize | null;
}

/** What the report shows of `plancheck faults`. */
export interface FaultMatrixView {
  runs: number;
  seed: number;
  command: string;
  /** Whether every fault mode ran (with --only, a property catching nothing is no failure). */
  allFaults: boolean;
  faults: FaultRowView[];
  properties: { id: string; statement: string; catches: string[] }[];
  /** Each fault's shrunk findings. */
  findings: (ViolationView & { fault: string })[];
  /** The case space (the same cases for every fault). */
  stats: Record<string, number>;
}

/** Whether a fault matrix passes: every fault caught, and (over every fault) every property catching one. */
export function faultMatrixOk(faults: readonly { caughtBy: string[] }[], properties: readonly { catches: string[] }[], allFaults: boolean): boolean {
  return faults.every((f) => f.caughtBy.length > 0) && (!allFaults || properties.every((p) => p.catches.length > 0));
}

/** The report of `plancheck faults`. */
export function faultsDocument(view: FaultMatrixView, ok: boolean): ReportDocument {
  const statements = new Map(view.properties.map((p) => [p.id, p.statement]));
  const caught = view.faults.filter((f) => f.caughtBy.length > 0).length;
  const taken = new Set<string>();
  const sizeText = (s: CaseSize | null) => (s === null ? "" : `${s.nodes}n / ${s.resources}r / ${s.constraints}c`);
  return {
    title: "plancheck faults",
    ok,
    headline: `${caught} of ${view.faults.length} faults caught; ${view.properties.filter((p) => p.catches.length > 0).length} of ${view.properties.length} properties catch at least one.`,
    configuration: [
      ["planner", "reference, one fault at a time"],
      ["faults", view.faults.map((f) => f.id).join(", ")],
      ["seed", String(view.seed)],
      ["cases per fault", String(view.runs)],
    ],
    command: view.command,
    tables: [
      {
        caption: "Faults",
        columns: ["fault", "verdict", "caught by", "cases to catch", "smallest case", "the mistake"],
        rows: view.faults.map((f) => ({
          cells: [
            f.id,
            f.caughtBy.length === 0 ? "not caught" : "caught",
            f.caughtBy.join(", "),
            f.runsToCatch === null ? "" : String(f.runsToCatch),
            sizeText(f.size),
            f.description,
          ],
          status: f.caughtBy.length > 0 ? "pass" : "fail",
        })),
      },
      {
        caption: "Properties",
        columns: ["property", "verdict", "faults caught", "catches"],
        rows: view.properties.map((p) => ({
          cells: [p.id, p.catches.length === 0 ? "catches nothing" : "catches", String(p.catches.length), p.catches.join(", ")],
          status: p.catches.length > 0 ? "pass" : view.allFaults ? "fail" : "skip",
        })),
      },
    ],
    chart: caseSpaceChart(view.stats),
    counterexamples: view.findings.map((f) => counterexampleOf(f, statements.get(f.property) ?? "", `${f.fault}: ${f.property}`, taken)),
    listings: { caption: "", items: [] },
  };
}

/** One corpus test's outcome, as reported. */
export interface ConformTestView {
  name: string;
  category: string;
  status: "matched" | "mismatched" | "unsupported" | "error";
  detail: string;
}

/** What the report shows of `plancheck conform`. */
export interface ConformView {
  corpus: string;
  command: string;
  total: number;
  supported: number;
  matched: number;
  tests: ConformTestView[];
  byCategory: Record<string, { total: number; supported: number; matched: number }>;
  /** The corpus check: properties violated by Pacemaker's own expected graphs, when it ran. */
  corpusViolations?: { test: string; property: string; explanation: string }[];
}

/** The report of `plancheck conform`. */
export function conformDocument(view: ConformView): ReportDocument {
  const count = (tests: ConformTestView[], status: ConformTestView["status"]) => tests.filter((t) => t.status === status).length;
  const countsOf = (tests: ConformTestView[]) =>
    [tests.length, count(tests, "matched"), count(tests, "mismatched"), count(tests, "unsupported"), count(tests, "error")].map(String);
  const statusOf = (c: { supported: number; matched: number }): RowStatus => (c.supported === 0 ? "skip" : c.matched === c.supported ? "pass" : "fail");
  const verdictOf = (c: { supported: number; matched: number }) =>
    c.supported === 0 ? "none supported" : c.matched === c.supported ? "all match" : `${c.supported - c.matched} differ`;
  const rows = Object.keys(view.byCategory).map((category) => {
    const tests = view.tests.filter((t) => t.category === category);
    const c = view.byCategory[category]!;
    return { cells: [category, verdictOf(c), ...countsOf(tests)], status: statusOf(c) };
  });
  const listed = view.tests.filter((t) => t.status === "mismatched" || t.status === "error");
  return {
    title: "plancheck conform",
    ok: view.matched === view.supported && count(view.tests, "error") === 0,
    headline: `${view.matched} of ${view.supported} supported tests match (${view.total} tests, ${view.total - view.supported} unsupported or in error).`,
    configuration: [
      ["planner", "reference"],
      ["corpus", view.corpus],
      ["tests", String(view.total)],
    ],
    command: view.command,
    tables: [
      {
        caption: "Verdicts by category",
        columns: ["category", "verdict", "tests", "matched", "mismatched", "unsupported", "error"],
        rows: [...rows, { cells: ["all", verdictOf(view), ...countsOf(view.tests)], status: statusOf(view) }],
      },
      ...(view.corpusViolations === undefined
        ? []
        : [
            {
              caption: "Corpus check: properties violated by Pacemaker's own expected graphs",
              columns: ["test", "property", "explanation"],
              rows: view.corpusViolations.map((v) => ({ cells: [v.test, v.property, v.explanation], status: "fail" as RowStatus })),
            },
          ]),
    ],
    chart: {
      caption: "Supported tests matched, by category",
      bars: Object.entries(view.byCategory).map(([label, c]) => ({ label, value: c.matched, total: c.supported })),
    },
    counterexamples: [],
    listings: {
      caption: "Mismatches and errors (expected summary lines -, reference planner +)",
      items: listed.map((t) => ({ title: `${t.name} (${t.category})`, status: t.status === "error" ? "error" : "fail", text: t.detail })),
    },
  };
}
