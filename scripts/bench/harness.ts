/**
 * Harness benchmarks: property cases per second on small clusters (one
 * core), and how long each fault mode takes to be caught and shrunk.
 */
import fc from "fast-check";
import { clusterArbitrary } from "../../generators/cluster.ts";
import { FAULT_IDS, type FaultId } from "../../planner/reference/faults.ts";
import { referencePlanner } from "../../planner/reference/index.ts";
import { PROPERTIES } from "../../properties/catalog.ts";
import type { Property } from "../../properties/property.ts";
import { runCampaign } from "../campaign.ts";
import { median, timed } from "./measure.ts";

/** Throughput figures. */
export interface ThroughputResult {
  maxNodes: number;
  maxResources: number;
  /** Cases generated, planned and checked against every property in the loop. */
  cases: number;
  /** Generation alone, generation + planning, and generation + planning + every property: cases per second. */
  generatePerSecond: number;
  planPerSecond: number;
  fullPerSecond: number;
  /** Milliseconds per case spent generating, planning, and in each property. */
  msPerCase: { generate: number; plan: number; properties: Record<string, number> };
  /** runCampaign end to end (shrinking of any finding included). */
  campaign: { runs: number; seconds: number; casesPerSecond: number; findings: string[] };
}

/**
 * Measures throughput: a loop over `cases` sampled clusters, then runCampaign
 * with the same budget, both after a warm-up campaign of a fifth of the
 * cases (another seed), so that neither pays for compiling the code.
 */
export function measureThroughput(cases: number, seed = 1): ThroughputResult {
  const limits = { maxNodes: 8, maxResources: 20 };
  const planner = referencePlanner();
  runCampaign({ planner, faults: [], properties: PROPERTIES, runs: Math.ceil(cases / 5), seed: seed + 1, ...limits });
  const generated = timed(() => fc.sample(clusterArbitrary(limits), { seed, numRuns: cases }));
  let planMs = 0;
  const propertyMs: Record<string, number> = Object.fromEntries(PROPERTIES.map((p) => [p.id, 0]));
  for (const cluster of generated.value) {
    const planned = timed(() => planner.plan(cluster));
    planMs += planned.ms;
    for (const p of PROPERTIES) propertyMs[p.id]! += timed(() => p.check({ cluster, transition: planned.value, planner })).ms;
  }
  const checkMs = Object.values(propertyMs).reduce((a, b) => a + b, 0);
  const campaign = timed(() => runCampaign({ planner, faults: [], properties: PROPERTIES, runs: cases, seed, ...limits }));
  const perCase = (ms: number) => ms / cases;
  return {
    ...limits,
    cases,
    generatePerSecond: (cases * 1000) / generated.ms,
    planPerSecond: (cases * 1000) / (generated.ms + planMs),
    fullPerSecond: (cases * 1000) / (generated.ms + planMs + checkMs),
    msPerCase: {
      generate: perCase(generated.ms),
      plan: perCase(planMs),
      properties: Object.fromEntries(Object.entries(propertyMs).map(([id, ms]) => [id, perCase(ms)])),
    },
    campaign: {
      runs: campaign.value.runs,
      seconds: campaign.ms / 1000,
      casesPerSecond: (campaign.value.runs * 1000) / campaign.ms,
      findings: campaign.value.findings.map((f) => f.property),
    },
  };
}

/** One fault mode's catch-and-shrink times over several seeds. */
export interface FaultTiming {
  fault: FaultId;
  /** Per seed: seconds until the first finding was shrunk, or null when nothing was caught within the limit. */
  seconds: (number | null)[];
  /** Median over the seeds, a seed that caught nothing counting as infinitely slow (null when that is the median). */
  medianSeconds: number | null;
  /** The property that caught it first, per seed. */
  caughtBy: (string | null)[];
  /** Cases generated before the catch, per seed. */
  runsToCatch: (number | null)[];
}

/** Thrown by a wrapped property once the first finding is complete, to end the campaign early. */
class FirstFindingDone extends Error {}

/**
 * Times runCampaign with `referencePlanner([fault])` up to its first shrunk
 * finding. The campaign checks properties in catalog order until one fails,
 * then shrinks with that property alone, then carries on with the others:
 * the first check of another property after the first violation marks the
 * end of the first finding, and ends the campaign.
 */
function timeFirstFinding(fault: FaultId, seed: number, limitSeconds: number): { seconds: number | null; property: string | null; runs: number | null } {
  let first: string | undefined;
  let doneAt: number | undefined;
  const wrapped: Property[] = PROPERTIES.map((p) => ({
    ...p,
    check(input) {
      if (first !== undefined && p.id !== first) {
        doneAt ??= performance.now();
        throw new FirstFindingDone();
      }
      const violations = p.check(input);
      if (violations.length > 0) first ??= p.id;
      return violations;
    },
  }));
  const started = performance.now();
  const result = runCampaign({
    planner: referencePlanner([fault]),
    faults: [fault],
    properties: wrapped,
    runs: 1000,
    seed,
    maxNodes: 8,
    maxResources: 8,
    timeLimitSeconds: limitSeconds,
  });
  const finding = result.findings[0];
  if (finding === undefined) return { seconds: null, property: null, runs: null };
  const end = doneAt ?? performance.now();
  return { seconds: (end - started) / 1000, property: finding.property, runs: finding.runsToCatch };
}

/** Times every fault mode (or those in `only`) over `seeds` seeds, each campaign within `limitSeconds`. */
export function measureFaults(seeds: number, limitSeconds: number, log: (line: string) => void, only?: readonly FaultId[]): FaultTiming[] {
  return (only ?? FAULT_IDS).map((fault) => {
    const runs = Array.from({ length: seeds }, (_, i) => timeFirstFinding(fault, i + 1, limitSeconds));
    const middle = median(runs.map((r) => r.seconds ?? Infinity));
    const timing: FaultTiming = {
      fault,
      seconds: runs.map((r) => r.seconds),
      medianSeconds: Number.isFinite(middle) ? middle : null,
      caughtBy: runs.map((r) => r.property),
      runsToCatch: runs.map((r) => r.runs),
    };
    log(`fault ${fault}: ${timing.medianSeconds === null ? "not caught" : `${timing.medianSeconds.toFixed(2)} s`} (${timing.caughtBy.join(", ")})`);
    return timing;
  });
}
