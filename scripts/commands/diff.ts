/**
 * `plancheck diff [--runs N] [--seed S] [--max-nodes N] [--max-resources N]
 * [--workers N] [--shrink-budget N] [--fixtures DIR] [--json] [--timings] [--quiet]`: the differential
 * campaign, the reference planner against the real Pacemaker scheduler on
 * generated clusters. Prints the agreement rate and the disagreements by
 * kind, each shrunk and saved as a fixture (default folder fixtures/diff/)
 * with its note when it is a known difference. Exit 0 when every
 * disagreement is explained, 1 when one is not, 2 on bad usage, 3 when no
 * case could be compared (every one an oracle error), 130/143
 * when interrupted (the report then covers the cases planned so far, their
 * kinds unshrunk when their shrink had not finished).
 */
import { parseArgs } from "node:util";
import { saveFixture, FIXTURE_FORMAT, type Fixture } from "../../reports/fixtures.ts";
import { comparedCases, diffJson, formatDiffText, type DiffKindView, type DiffView } from "../../reports/diff.ts";
import { CliFailure } from "../cli.ts";
import { runDiff } from "../diff-campaign.ts";
import type { DiffKind, DiffSpec } from "../diff.ts";
import { watchInterruption } from "../interrupt.ts";
import { SEEDED_RUN_OPTIONS, parseWorkers, wholeNumber } from "./check.ts";
import { REPORT_OPTIONS, progressFor } from "./reporting.ts";

/** The differential fixture of a shrunk kind of disagreement. */
export function fixtureOfKind(spec: DiffSpec, k: DiffKind): Fixture {
  const { shrunk } = k;
  const d = shrunk.disagreement;
  const explanation =
    k.note ??
    `Unexplained: for ${d.subject} the reference says ${d.reference.join("; ") || "nothing"} but Pacemaker says ${d.oracle.join("; ") || "nothing"}.`;
  const fixture: Fixture = {
    format: FIXTURE_FORMAT,
    property: "diff",
    planner: spec.reference,
    faults: [],
    seed: spec.seed,
    path: shrunk.path,
    size: shrunk.size,
    explanation,
    violation: { property: "diff", explanation, actions: [], edges: [] },
    cluster: shrunk.cluster,
    kind: k.kind,
    summaries: { reference: shrunk.summaries.reference, pacemaker: shrunk.summaries.oracle },
  };
  if (k.note !== undefined) fixture.note = k.note;
  return fixture;
}

/** Runs `plancheck diff`; returns the exit code. */
export async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...SEEDED_RUN_OPTIONS,
      "max-nodes": { type: "string" },
      "max-resources": { type: "string" },
      "shrink-budget": { type: "string" },
      fixtures: { type: "string", default: "fixtures/diff" },
      quiet: REPORT_OPTIONS.quiet,
    },
  });
  if (positionals.length > 0) throw new CliFailure(`diff takes no file arguments (got '${positionals[0]}')`);
  const spec: DiffSpec = {
    reference: "reference",
    oracle: "pacemaker",
    runs: wholeNumber("runs", values.runs, 300, 1),
    seed: wholeNumber("seed", values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1),
    maxNodes: wholeNumber("max-nodes", values["max-nodes"], 8, 2, 64),
    maxResources: wholeNumber("max-resources", values["max-resources"], 8, 1, 200),
    shrinkBudget: wholeNumber("shrink-budget", values["shrink-budget"], 150, 1, 100_000),
  };
  const workers = parseWorkers(values.workers);
  const progress = progressFor(values);
  const started = performance.now();
  const interruption = watchInterruption();
  let result;
  try {
    result = await runDiff({ spec, workers, signal: interruption.signal, onProgress: (cases, found) => progress.update("diff", cases, found) });
  } finally {
    interruption.dispose();
  }
  progress.done();
  const kinds: DiffKindView[] = result.kinds.map((k) => {
    const fixture = saveFixture(values.fixtures!, fixtureOfKind(spec, k));
    const d = k.shrunk.disagreement;
    const view: DiffKindView = {
      kind: k.kind,
      explained: k.explained,
      cases: k.cases,
      firstIndex: k.firstIndex,
      fixture,
      size: k.shrunk.size,
      disagreement: { aspect: d.aspect, subject: d.subject, reference: d.reference, pacemaker: d.oracle },
      summaries: { reference: k.shrunk.summaries.reference, pacemaker: k.shrunk.summaries.oracle },
    };
    if (k.note !== undefined) view.note = k.note;
    return view;
  });
  const command = [
    "npm run plancheck -- diff",
    `--runs ${spec.runs}`,
    `--seed ${spec.seed}`,
    ...(values["max-nodes"] === undefined ? [] : [`--max-nodes ${spec.maxNodes}`]),
    ...(values["max-resources"] === undefined ? [] : [`--max-resources ${spec.maxResources}`]),
    ...(values["shrink-budget"] === undefined ? [] : [`--shrink-budget ${spec.shrinkBudget}`]),
  ].join(" ");
  const { kinds: _shrunk, cutShort: _cutShort, ...counts } = result;
  const view: DiffView = { ...counts, kinds, command };
  const interrupted = interruption.received();
  if (interrupted !== undefined) view.interrupted = interrupted;
  if (values.timings) view.seconds = (performance.now() - started) / 1000;
  process.stdout.write(values.json ? diffJson(view) : formatDiffText(view));
  const nothingCompared = comparedCases(view) === 0 && view.oracleErrors > 0;
  return interruption.exitCode(result.ok ? (nothingCompared ? 3 : 0) : 1);
}
