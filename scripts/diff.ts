/**
 * A differential campaign: the reference planner against an oracle planner
 * (the real Pacemaker) on generated clusters. Do they choose the same target
 * placement? Do they print the same Transition Summary lines?
 *
 * The campaign is built from pure pieces, so that it can be spread over
 * workers or shards and still give the result of one run:
 *
 * 1. {@link diffCaseAt}: case i (the i-th value fast-check generates with
 *    the seed, as `fc.check` would generate it as run i) planned by both,
 *    compared: agree, disagree (each disagreement classified and, when the
 *    catalog of known differences recognises it, explained), or an oracle
 *    error (counted, never a disagreement).
 * 2. {@link scanDiff}: the outcomes of all cases folded into counts and,
 *    per kind of disagreement, the first case showing it.
 * 3. {@link shrinkDiffKind}: one kind's first case replayed with fast-check
 *    (`path` = its index) and shrunk while the planners still disagree in
 *    that kind.
 * 4. {@link assembleDiff}: the result, from the scan and the shrunk cases.
 *
 * The outcome is data ({@link DiffResult}); formatting is in reports/diff.ts.
 */
import fc from "fast-check";
import { clusterArbitrary } from "../generators/cluster.ts";
import type { ClusterState, Placement, Planner, SummaryLine, Transition } from "../planner/model.ts";
import { PlannerError } from "../planner/model.ts";
import { readCib } from "../planner/cib/read.ts";
import { writeCib } from "../planner/cib/write.ts";
import { formatSummaryLine, normaliseSummaryText } from "../planner/summary.ts";
import type { DiffCounts } from "../reports/diff.ts";
import { caseSize, type CaseSize } from "../reports/fixtures.ts";
import { caseAt } from "./campaign-cases.ts";
import { DIFF_NOTES, type DiffNote, type NotePair } from "./diff-notes.ts";
import { plannerNamed } from "./planners.ts";

/**
 * What defines a differential campaign: everything but how it is run. Plain
 * data (planner names, not planners), so that any worker computes the same.
 */
export interface DiffSpec {
  /** The planner under scrutiny, a name of scripts/planners.ts (the reference planner). */
  reference: string;
  /** The planner it is compared with (pacemaker). */
  oracle: string;
  runs: number;
  seed: number;
  maxNodes: number;
  maxResources: number;
  /**
   * How many candidates one shrink may plan with both planners. Each costs a
   * crm_verify and a crm_simulate run (about a quarter of a second), so a
   * shrink stops there: a candidate past the budget counts as agreeing, which
   * keeps the result deterministic (a count, not a clock).
   */
  shrinkBudget: number;
}

/** The two planners compared, by name. */
export type PlannerPair = Pick<DiffSpec, "reference" | "oracle">;

/** One thing the two planners disagree about: one resource (or fenced node), or the order of the summary. */
export interface Disagreement {
  /**
   * What differs, by verb: `Move/Migrate` (the reference's verbs / the
   * oracle's, `none` for no line), with `-nodes`, `-reason` or `-instance`
   * when the verbs are the same; `placement` when only the target differs;
   * `order` when the same lines come in another order.
   */
  aspect: string;
  /** The resource (a primitive, without clone instance numbers), `node NAME` for fencing, or `summary` for order. */
  subject: string;
  /** The reference's summary lines about the subject (normalised text). */
  reference: string[];
  /** The oracle's summary lines about the subject. */
  oracle: string[];
  /** Where the reference's target runs the resource (primitives only). */
  referenceNodes: string[];
  /** Where the oracle's target runs it. */
  oracleNodes: string[];
}

/** A disagreement with its kind: the id of the note that explains it, or `unexplained-<aspect>`. */
export interface ClassifiedDisagreement extends Disagreement {
  kind: string;
  /** The explanation of a known difference; absent when unexplained. */
  note?: string;
}

/** The outcome of one case. */
export type CaseOutcome =
  | { index: number; status: "agree" }
  | { index: number; status: "disagree"; disagreements: ClassifiedDisagreement[] }
  | { index: number; status: "oracle-error"; message: string };

/** What both planners made of one cluster. */
export type PlannedPair = NotePair;

/** The generator of a campaign's cases: the property campaign's. */
export function diffArbitrary(spec: DiffSpec): fc.Arbitrary<ClusterState> {
  return clusterArbitrary({ maxNodes: spec.maxNodes, maxResources: spec.maxResources });
}

/**
 * Case `index` of a campaign: the value `fc.check` generates as run `index`
 * with the campaign's seed (the index-th value of `fc.sample(arbitrary,
 * { seed, numRuns: runs })`), the same case `plancheck check` sees.
 */
export function diffCaseAt(spec: DiffSpec, index: number): ClusterState {
  const { runs, seed, maxNodes, maxResources } = spec;
  return caseAt({ planner: spec.reference, faults: [], properties: [], runs, seed, maxNodes, maxResources }, index);
}

const planners = new Map<string, Planner>();

/** A planner by name, built once per thread. */
function plannerOf(name: string): Planner {
  let planner = planners.get(name);
  if (planner === undefined) {
    planner = plannerNamed(name, []);
    planners.set(name, planner);
  }
  return planner;
}

/** The normalised text of a summary line. */
export function lineText(line: SummaryLine): string {
  return normaliseSummaryText(formatSummaryLine(line));
}

/** The subject a summary line is about: the primitive without its clone instance number, or `node NAME` for fencing. */
function subjectOf(line: SummaryLine): string {
  return line.verb === "Fence" ? `node ${line.subject}` : line.subject.replace(/:\d+$/, "");
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

function nodesOf(target: readonly Placement[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of target) out.set(p.resource, [...(out.get(p.resource) ?? []), p.role === "Started" ? p.node : `${p.node} (${p.role})`]);
  for (const nodes of out.values()) nodes.sort();
  return out;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The verbs of some lines, `none` for none. */
function verbs(lines: readonly SummaryLine[]): string {
  const set = [...new Set(lines.map((l) => l.verb))].sort();
  return set.length === 0 ? "none" : set.join("+");
}

/** The aspect of a subject's disagreement (see {@link Disagreement.aspect}). */
function aspectOf(ref: readonly SummaryLine[], oracle: readonly SummaryLine[], refText: readonly string[], oracleText: readonly string[]): string {
  if (same(refText, oracleText)) return "placement";
  const a = verbs(ref);
  const b = verbs(oracle);
  if (a !== b) return `${a}/${b}`;
  const strip = (lines: readonly SummaryLine[], what: "reason" | "instance") =>
    lines
      .map((l) => lineText(what === "reason" ? { ...l, reason: "" } : { ...l, subject: l.subject.replace(/:\d+$/, "") }))
      .sort();
  if (same(strip(ref, "instance"), strip(oracle, "instance"))) return `${a}-instance`;
  if (same(strip(ref, "reason"), strip(oracle, "reason"))) return `${a}-reason`;
  return `${a}-nodes`;
}

/**
 * What the two planners disagree about, subject by subject (unclassified):
 * the summary lines about it (compared as sets of normalised lines) and where
 * the target runs it. When they agree on every subject but list the lines in
 * another order, one `order` disagreement.
 */
export function compareTransitions(reference: Transition, oracle: Transition): Disagreement[] {
  const refLines = groupBy(reference.summary, subjectOf);
  const oracleLines = groupBy(oracle.summary, subjectOf);
  const refNodes = nodesOf(reference.target);
  const oracleNodes = nodesOf(oracle.target);
  const subjects = [...new Set([...refLines.keys(), ...oracleLines.keys(), ...refNodes.keys(), ...oracleNodes.keys()])].sort();
  const out: Disagreement[] = [];
  for (const subject of subjects) {
    const a = refLines.get(subject) ?? [];
    const b = oracleLines.get(subject) ?? [];
    const aText = a.map(lineText).sort();
    const bText = b.map(lineText).sort();
    const aNodes = refNodes.get(subject) ?? [];
    const bNodes = oracleNodes.get(subject) ?? [];
    if (same(aText, bText) && same(aNodes, bNodes)) continue;
    out.push({ aspect: aspectOf(a, b, aText, bText), subject, reference: aText, oracle: bText, referenceNodes: aNodes, oracleNodes: bNodes });
  }
  if (out.length === 0) {
    const a = reference.summary.map(lineText);
    const b = oracle.summary.map(lineText);
    if (!same(a, b)) out.push({ aspect: "order", subject: "summary", reference: a, oracle: b, referenceNodes: [], oracleNodes: [] });
  }
  return out;
}

/** A file-name-safe slug of an aspect. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Classifies each disagreement: the first note of the catalog that recognises it, or unexplained. */
export function classify(pair: PlannedPair, disagreements: readonly Disagreement[], notes: readonly DiffNote[] = DIFF_NOTES): ClassifiedDisagreement[] {
  return disagreements.map((d) => {
    const note = notes.find((n) => n.matches(d, pair));
    return note === undefined ? { ...d, kind: `unexplained-${slug(d.aspect)}` } : { ...d, kind: note.id, note: note.note };
  });
}

/**
 * Plans a cluster with both planners; an oracle failure is returned as its
 * message. Both plan it as crm_simulate reads it: its CIB, read back. A
 * generated state may hold what the CIB cannot say and Pacemaker ignores
 * (history on a node that is gone and will not be fenced, a migration
 * towards it), and the planners must be compared on the same input.
 */
export function planPair(spec: PlannerPair, generated: ClusterState): PlannedPair | string {
  const cluster = readCib(writeCib(generated));
  const reference = plannerOf(spec.reference).plan(cluster);
  let oracle: Transition;
  try {
    oracle = plannerOf(spec.oracle).plan(cluster);
  } catch (error) {
    if (error instanceof PlannerError) return error.message;
    throw error;
  }
  return { cluster, reference, oracle };
}

/** The outcome of one cluster (index is where it came from). */
export function diffCluster(spec: PlannerPair, cluster: ClusterState, index: number, notes: readonly DiffNote[] = DIFF_NOTES): CaseOutcome {
  const pair = planPair(spec, cluster);
  if (typeof pair === "string") return { index, status: "oracle-error", message: pair };
  const disagreements = classify(pair, compareTransitions(pair.reference, pair.oracle), notes);
  return disagreements.length === 0 ? { index, status: "agree" } : { index, status: "disagree", disagreements };
}

/** Step 1: generates case `index` and returns its outcome. */
export function diffCase(spec: DiffSpec, index: number): CaseOutcome {
  return diffCluster(spec, diffCaseAt(spec, index), index);
}

/** One kind of disagreement over a campaign. */
export interface KindScan {
  kind: string;
  /** The note when the kind is a known difference. */
  note?: string;
  /** Cases showing it. */
  cases: number;
  /** The first case showing it. */
  firstIndex: number;
  /** Its first disagreement there. */
  example: ClassifiedDisagreement;
}

/** The scan of a campaign's outcomes. */
export interface DiffScan {
  cases: number;
  agreed: number;
  disagreed: number;
  oracleErrors: number;
  firstOracleError?: string;
  /** Kinds in order of first appearance. */
  kinds: KindScan[];
}

/** Step 2: folds the outcomes (in index order) into counts and, per kind, its first case. */
export function scanDiff(outcomes: readonly CaseOutcome[]): DiffScan {
  const scan: DiffScan = { cases: outcomes.length, agreed: 0, disagreed: 0, oracleErrors: 0, kinds: [] };
  const kinds = new Map<string, KindScan>();
  for (const o of [...outcomes].sort((a, b) => a.index - b.index)) {
    if (o.status === "agree") scan.agreed += 1;
    else if (o.status === "oracle-error") {
      scan.oracleErrors += 1;
      scan.firstOracleError ??= o.message;
    } else {
      scan.disagreed += 1;
      for (const kind of new Set(o.disagreements.map((d) => d.kind))) {
        const known = kinds.get(kind);
        if (known !== undefined) known.cases += 1;
        else {
          const example = o.disagreements.find((d) => d.kind === kind)!;
          const entry: KindScan = { kind, cases: 1, firstIndex: o.index, example };
          if (example.note !== undefined) entry.note = example.note;
          kinds.set(kind, entry);
          scan.kinds.push(entry);
        }
      }
    }
  }
  return scan;
}

/** A kind of disagreement shrunk to a minimal case. */
export interface ShrunkKind {
  kind: string;
  cluster: ClusterState;
  /** fast-check's path to the shrunk case with the campaign's seed. */
  path: string;
  size: CaseSize;
  /** The shrunk case's disagreement of that kind. */
  disagreement: ClassifiedDisagreement;
  /** Both Transition Summaries of the shrunk case (normalised lines). */
  summaries: { reference: string[]; oracle: string[] };
}

/**
 * Step 3: replays case `index` with fast-check (`path` = the index, the
 * campaign's seed) and shrinks it while the two planners still disagree in
 * `kind`, trying at most `spec.shrinkBudget` candidates. A shrink
 * candidate the oracle cannot plan counts as agreeing.
 */
export function shrinkDiffKind(spec: DiffSpec, kind: string, index: number): ShrunkKind {
  const kindsOf = (cluster: ClusterState): ClassifiedDisagreement[] => {
    const outcome = diffCluster(spec, cluster, index);
    return outcome.status === "disagree" ? outcome.disagreements.filter((d) => d.kind === kind) : [];
  };
  let evaluations = 0;
  const stillDisagrees = (cluster: ClusterState): boolean => {
    evaluations += 1;
    return evaluations <= spec.shrinkBudget && kindsOf(cluster).length > 0;
  };
  const property = fc.property(diffArbitrary(spec), (cluster) => !stillDisagrees(cluster));
  const details = fc.check(property, { seed: spec.seed, numRuns: spec.runs, path: String(index) });
  if (!details.failed || details.counterexample === null) {
    throw new Error(`case ${index} (seed ${spec.seed}) no longer shows a disagreement of kind ${kind}`);
  }
  const cluster = details.counterexample[0];
  const pair = planPair(spec, cluster) as PlannedPair;
  return {
    kind,
    cluster,
    path: details.counterexamplePath ?? String(index),
    size: caseSize(cluster),
    disagreement: kindsOf(cluster)[0]!,
    summaries: { reference: pair.reference.summary.map(lineText), oracle: pair.oracle.summary.map(lineText) },
  };
}

/** A kind of disagreement in the result. */
export interface DiffKind extends KindScan {
  explained: boolean;
  shrunk: ShrunkKind;
}

/** The outcome of a differential campaign. */
export interface DiffResult extends DiffCounts {
  /** Explained kinds first, each group in order of first appearance. */
  kinds: DiffKind[];
}

/** Step 4: the result, from the scan and each kind's shrunk case. */
export function assembleDiff(spec: DiffSpec, scan: DiffScan, shrunk: ReadonlyMap<string, ShrunkKind>): DiffResult {
  const kinds: DiffKind[] = scan.kinds.map((k) => ({ ...k, explained: k.note !== undefined, shrunk: shrunk.get(k.kind)! }));
  kinds.sort((a, b) => Number(b.explained) - Number(a.explained));
  const result: DiffResult = {
    ok: kinds.every((k) => k.explained),
    reference: spec.reference,
    oracle: spec.oracle,
    seed: spec.seed,
    runs: scan.cases,
    maxNodes: spec.maxNodes,
    maxResources: spec.maxResources,
    agreed: scan.agreed,
    disagreed: scan.disagreed,
    oracleErrors: scan.oracleErrors,
    kinds,
  };
  if (scan.firstOracleError !== undefined) result.firstOracleError = scan.firstOracleError;
  return result;
}

/** Unshrunk: a kind's first case as it was generated (what an interrupted run keeps). */
export function unshrunkDiffKind(spec: DiffSpec, kind: string, index: number): ShrunkKind {
  const cluster = diffCaseAt(spec, index);
  const pair = planPair(spec, cluster);
  const disagreement = typeof pair === "string" ? undefined : classify(pair, compareTransitions(pair.reference, pair.oracle)).find((d) => d.kind === kind);
  if (disagreement === undefined) throw new Error(`case ${index} (seed ${spec.seed}) no longer shows a disagreement of kind ${kind}`);
  return {
    kind,
    cluster,
    path: String(index),
    size: caseSize(cluster),
    disagreement,
    summaries: { reference: (pair as PlannedPair).reference.summary.map(lineText), oracle: (pair as PlannedPair).oracle.summary.map(lineText) },
  };
}

/** A batch of cases for one worker. */
export interface DiffScanJob {
  spec: DiffSpec;
  indices: number[];
}

/** Step 1 over a batch: the outcome of each case, in the batch's order. */
export function diffBatch(job: DiffScanJob): CaseOutcome[] {
  return job.indices.map((index) => diffCase(job.spec, index));
}

/** A kind to shrink from its first case. */
export interface DiffShrinkJob {
  spec: DiffSpec;
  kind: string;
  index: number;
}

/** Step 3 as a worker task. */
export function shrinkDiffJob(job: DiffShrinkJob): ShrunkKind {
  return shrinkDiffKind(job.spec, job.kind, job.index);
}

