/**
 * A property campaign: generate clusters, plan each, check every selected
 * property, and shrink each property's first violation to a minimal case.
 * The outcome is data ({@link CampaignResult}); formatting is elsewhere.
 */
import fc from "fast-check";
import { clusterArbitrary } from "../generators/cluster.ts";
import { caseFeatures } from "../generators/stats.ts";
import type { ClusterState, Planner, Transition } from "../planner/model.ts";
import { PlannerError } from "../planner/model.ts";
import type { Property, Violation } from "../properties/property.ts";
import { caseSize, FIXTURE_FORMAT, type CaseSize, type Fixture } from "../reports/fixtures.ts";

/** Everything a campaign needs, resolved once. */
export interface CampaignOptions {
  planner: Planner;
  faults: string[];
  properties: readonly Property[];
  runs: number;
  seed: number;
  maxNodes: number;
  maxResources: number;
  /** Stop generating new cases after this many seconds. */
  timeLimitSeconds?: number;
  /** Called every {@link PROGRESS_EVERY} checked cases with the cases checked so far and the violations found. */
  onProgress?: (cases: number, violations: number) => void;
}

/** How many checked cases between two {@link CampaignOptions.onProgress} calls. */
const PROGRESS_EVERY = 10;

/** A property's verdict over the campaign. */
export interface PropertyVerdict {
  id: string;
  holds: boolean;
  /** Cases checked: all of them when it holds, up to the first violation otherwise. */
  runs: number;
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
  runsToCatch: number;
}

/** The outcome of a campaign. */
export interface CampaignResult {
  ok: boolean;
  planner: string;
  faults: string[];
  seed: number;
  runs: number;
  properties: PropertyVerdict[];
  findings: Finding[];
  /** How many generated cases exercised each feature. */
  stats: Record<string, number>;
  /** Cases the planner could not plan (an oracle error): counted, never a verdict. */
  plannerErrors: number;
  /** The first planner error's message, if any. */
  firstPlannerError?: string;
}

/** Plans a case, returning undefined on a planner error. */
function tryPlan(planner: Planner, cluster: ClusterState, onError: (e: PlannerError) => void): Transition | undefined {
  try {
    return planner.plan(cluster);
  } catch (error) {
    if (error instanceof PlannerError) {
      onError(error);
      return undefined;
    }
    throw error;
  }
}

/** Runs a campaign. */
export function runCampaign(options: CampaignOptions): CampaignResult {
  const { planner, seed, runs } = options;
  const arbitrary = clusterArbitrary({ maxNodes: options.maxNodes, maxResources: options.maxResources });
  const stats: Record<string, number> = { cases: 0 };
  for (const cluster of fc.sample(arbitrary, { seed, numRuns: runs })) {
    stats.cases! += 1;
    for (const feature of caseFeatures(cluster)) stats[feature] = (stats[feature] ?? 0) + 1;
  }

  let plannerErrors = 0;
  let firstPlannerError: string | undefined;
  const onError = (e: PlannerError) => {
    plannerErrors += 1;
    firstPlannerError ??= e.message;
  };
  const verdicts = new Map<string, PropertyVerdict>();
  const findings: Finding[] = [];
  let remaining = [...options.properties];
  let checked = 0;
  let casesRun = runs;
  const deadline = options.timeLimitSeconds === undefined ? undefined : Date.now() + options.timeLimitSeconds * 1000;

  while (remaining.length > 0) {
    let failing: Property | undefined;
    let runsSeen = 0;
    const property = fc.property(arbitrary, (cluster) => {
      if (failing !== undefined) {
        const transition = tryPlan(planner, cluster, () => {});
        return transition === undefined || failing.check({ cluster, transition, planner }).length === 0;
      }
      runsSeen += 1;
      checked += 1;
      if (options.onProgress !== undefined && checked % PROGRESS_EVERY === 0) options.onProgress(checked, findings.length);
      const transition = tryPlan(planner, cluster, onError);
      if (transition === undefined) return true;
      for (const p of remaining) {
        if (p.check({ cluster, transition, planner }).length > 0) {
          failing = p;
          return false;
        }
      }
      return true;
    });
    const left = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
    const details = fc.check(property, {
      seed,
      numRuns: runs,
      ...(left === undefined ? {} : { interruptAfterTimeLimit: left, markInterruptAsFailure: false }),
    });
    if (!details.failed || failing === undefined || details.counterexample === null) {
      casesRun = details.numRuns;
      for (const p of remaining) verdicts.set(p.id, { id: p.id, holds: true, runs: details.numRuns });
      break;
    }
    const cluster = details.counterexample[0];
    const transition = planner.plan(cluster);
    const violations = failing.check({ cluster, transition, planner });
    findings.push({
      property: failing.id,
      violation: violations[0]!,
      cluster,
      transition,
      path: details.counterexamplePath ?? "",
      size: caseSize(cluster),
      runsToCatch: runsSeen,
    });
    verdicts.set(failing.id, { id: failing.id, holds: false, runs: runsSeen });
    const caught = failing;
    remaining = remaining.filter((p) => p !== caught);
  }

  const properties = options.properties.map((p) => verdicts.get(p.id)!);
  const result: CampaignResult = {
    ok: findings.length === 0,
    planner: planner.name,
    faults: options.faults,
    seed,
    runs: casesRun,
    properties,
    findings,
    stats,
    plannerErrors,
  };
  if (firstPlannerError !== undefined) result.firstPlannerError = firstPlannerError;
  return result;
}

/** The regression fixture of a campaign's finding, as saved by check and faults. */
export function fixtureOfFinding(finding: Finding, planner: string, faults: string[], seed: number): Fixture {
  return {
    format: FIXTURE_FORMAT,
    property: finding.property,
    planner,
    faults,
    seed,
    path: finding.path,
    size: finding.size,
    explanation: finding.violation.explanation,
    violation: finding.violation,
    cluster: finding.cluster,
  };
}
