/**
 * The units of work of a property campaign, each a pure function of a
 * serialisable {@link CampaignSpec} so that any worker thread or machine
 * computes the same answer: case `i` of a campaign is the `i`-th cluster
 * fast-check generates for its seed, {@link scanChunk} checks a run of cases,
 * {@link shrinkFinding} shrinks a property's first failing case.
 */
import fc from "fast-check";
import { clusterArbitrary } from "../generators/cluster.ts";
import { caseFeatures } from "../generators/stats.ts";
import type { ClusterState, Planner, Transition } from "../planner/model.ts";
import { PlannerError } from "../planner/model.ts";
import { propertyById } from "../properties/catalog.ts";
import type { Property, Violation } from "../properties/property.ts";
import { caseSize, type CaseSize } from "../reports/fixtures.ts";
import { plannerNamed } from "./planners.ts";
import type { FaultId } from "../planner/reference/faults.ts";

/** What defines a campaign's cases and verdicts: everything but how it is run. */
export interface CampaignSpec {
  /** A planner name of scripts/planners.ts. */
  planner: string;
  faults: FaultId[];
  /** Property ids, in catalog order. */
  properties: string[];
  runs: number;
  seed: number;
  maxNodes: number;
  maxResources: number;
  /**
   * How many candidates one shrink may plan (unset: no limit). A candidate
   * past the budget counts as passing, so the shrink stops there and stays
   * deterministic (a count, not a clock): for planners that cost a process
   * per plan, such as crm_simulate.
   */
  shrinkBudget?: number;
}

/** A property's shrunk violation. */
export interface Finding {
  property: string;
  violation: Violation;
  cluster: ClusterState;
  transition: Transition;
  /** fast-check's path to the shrunk case, for replay with the same seed. */
  path: string;
  size: CaseSize;
  /** The failing case's position in the campaign plus one: how many cases it took. */
  runsToCatch: number;
  /** False when the campaign was interrupted before this case could be shrunk. */
  shrunk: boolean;
}

/** A run of case indices to check, with the properties that need no checking there. */
export interface ScanJob {
  spec: CampaignSpec;
  indices: number[];
  /** Properties already known to fail before these cases: not checked again. */
  settled: string[];
  /** Epoch milliseconds after which no further case is started. */
  deadline?: number;
}

/** What a {@link ScanJob} found. */
export interface ScanResult {
  /** How many of the job's cases were checked (fewer only past the deadline). */
  checked: number;
  /** Per property, the first of these cases that violates it. */
  firstFailures: Record<string, number>;
  /** The cases the planner could not plan, with the error's message. */
  plannerErrors: PlannerErrorCase[];
  /** How many of the checked cases exercise each generator feature, plus `cases`. */
  stats: Record<string, number>;
}

/** A property's first failing case, to shrink. */
export interface ShrinkJob {
  spec: CampaignSpec;
  property: string;
  index: number;
}

const planners = new Map<string, Planner>();
/** The cases this thread generated last: `cases[k]` is case `start + k` of the campaigns keyed by seed and sizes. */
let window: { key: string; start: number; cases: ClusterState[] } = { key: "", start: 0, cases: [] };

/** The planner of a spec, built once per thread. */
function plannerOf(spec: CampaignSpec): Planner {
  const key = `${spec.planner}/${spec.faults.join(",")}`;
  let planner = planners.get(key);
  if (planner === undefined) {
    planner = plannerNamed(spec.planner, spec.faults);
    planners.set(key, planner);
  }
  return planner;
}

/** The generator of a spec's clusters. */
function arbitraryOf(spec: CampaignSpec): fc.Arbitrary<ClusterState> {
  return clusterArbitrary({ maxNodes: spec.maxNodes, maxResources: spec.maxResources });
}

/** The properties of a spec, resolved against the catalog. */
export function propertiesOf(spec: CampaignSpec): Property[] {
  return spec.properties.map((id) => {
    const property = propertyById(id);
    if (property === undefined) throw new Error(`unknown property '${id}'`);
    return property;
  });
}

/** How many consecutive cases a thread generates at once, to serve the next chunks from. */
const SAMPLE_WINDOW = 200;

/**
 * Case `index` of a campaign: the cluster fast-check generates as run
 * `index` for the seed. Cases are generated a window at a time, starting at
 * the case asked for (fast-check skips to it without generating the ones
 * before), and the last window is kept per thread.
 */
export function caseAt(spec: CampaignSpec, index: number): ClusterState {
  const key = `${spec.seed}/${spec.maxNodes}/${spec.maxResources}`;
  const cached = window.key === key ? window.cases[index - window.start] : undefined;
  if (cached !== undefined) return cached;
  const count = Math.min(SAMPLE_WINDOW, spec.runs - index);
  window = { key, start: index, cases: fc.sample(arbitraryOf(spec), { seed: spec.seed, numRuns: count, path: String(index) }) };
  return window.cases[0]!;
}

/** A case the planner could not plan: the error's message, and the command that failed with the tail of its stderr when there was one. */
export interface PlannerErrorCase {
  index: number;
  message: string;
  command?: string;
  stderrTail?: string;
}

/** The record of a planner error on case `index`. */
function plannerErrorCase(index: number, error: PlannerError): PlannerErrorCase {
  const record: PlannerErrorCase = { index, message: error.message };
  if (error.command !== undefined) record.command = error.command;
  if (error.stderrTail !== undefined && error.stderrTail !== "") record.stderrTail = error.stderrTail;
  return record;
}

/** Plans a case; a {@link PlannerError} (an oracle error) is returned, anything else thrown. */
function tryPlan(planner: Planner, cluster: ClusterState): Transition | PlannerError {
  try {
    return planner.plan(cluster);
  } catch (error) {
    if (error instanceof PlannerError) return error;
    throw error;
  }
}

/**
 * Checks a run of cases against every property not yet settled: plans each
 * case once, records each property's first violation, the planner errors and
 * the generator statistics.
 */
export function scanChunk(job: ScanJob): ScanResult {
  const { spec } = job;
  const planner = plannerOf(spec);
  const open = propertiesOf(spec).filter((p) => !job.settled.includes(p.id));
  const result: ScanResult = { checked: 0, firstFailures: {}, plannerErrors: [], stats: { cases: 0 } };
  for (const index of job.indices) {
    if (job.deadline !== undefined && Date.now() > job.deadline) break;
    const cluster = caseAt(spec, index);
    result.checked += 1;
    result.stats.cases! += 1;
    for (const feature of caseFeatures(cluster)) result.stats[feature] = (result.stats[feature] ?? 0) + 1;
    const unsettled = open.filter((p) => result.firstFailures[p.id] === undefined);
    if (unsettled.length === 0) continue;
    const transition = tryPlan(planner, cluster);
    if (transition instanceof PlannerError) {
      result.plannerErrors.push(plannerErrorCase(index, transition));
      continue;
    }
    for (const property of unsettled) {
      if (property.check({ cluster, transition, planner }).length > 0) result.firstFailures[property.id] = index;
    }
  }
  return result;
}

/** The finding of a failing case as it is, when there is no time to shrink it. */
export function unshrunkFinding(job: ShrinkJob): Finding {
  const planner = plannerOf(job.spec);
  const property = propertiesOf(job.spec).find((p) => p.id === job.property)!;
  const cluster = caseAt(job.spec, job.index);
  const transition = planner.plan(cluster);
  const violation = property.check({ cluster, transition, planner })[0]!;
  return { property: job.property, violation, cluster, transition, path: String(job.index), size: caseSize(cluster), runsToCatch: job.index + 1, shrunk: false };
}

/**
 * Shrinks a property's failing case: fast-check replays run `index` of the
 * seed and shrinks it while the property still fails (planner errors count
 * as passing), giving the minimal case and its replay path; at most
 * `spec.shrinkBudget` candidates when the spec sets one.
 */
export function shrinkFinding(job: ShrinkJob): Finding {
  const { spec } = job;
  const planner = plannerOf(spec);
  const property = propertiesOf(spec).find((p) => p.id === job.property)!;
  let candidates = 0;
  const details = fc.check(
    fc.property(arbitraryOf(spec), (cluster) => {
      candidates += 1;
      if (spec.shrinkBudget !== undefined && candidates > spec.shrinkBudget) return true;
      const transition = tryPlan(planner, cluster);
      return transition instanceof PlannerError || property.check({ cluster, transition, planner }).length === 0;
    }),
    { seed: spec.seed, numRuns: spec.runs, path: String(job.index) },
  );
  if (!details.failed || details.counterexample === null) return unshrunkFinding(job);
  const cluster = details.counterexample[0];
  const transition = planner.plan(cluster);
  const violation = property.check({ cluster, transition, planner })[0]!;
  return {
    property: job.property,
    violation,
    cluster,
    transition,
    path: details.counterexamplePath ?? String(job.index),
    size: caseSize(cluster),
    runsToCatch: job.index + 1,
    shrunk: true,
  };
}
