/**
 * Harness benchmarks: property cases per second on small clusters (one
 * core), and how long each fault mode takes to be caught and shrunk.
 */
import fc from "fast-check";
import { clusterArbitrary } from "../../generators/cluster.ts";
import { FAULT_IDS, type FaultId } from "../../planner/reference/faults.ts";
import { referencePlanner } from "../../planner/reference/index.ts";
import { PROPERTIES } from "../../properties/catalog.ts";
import { scanChunk, shrinkFinding, type CampaignSpec } from "../campaign-cases.ts";
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
  /** runCampaign end to end on one worker (shrinking of any finding included). */
  campaign: { runs: number; seconds: number; casesPerSecond: number; findings: string[] };
  /** runCampaign end to end on one worker per core. */
  parallelCampaign: { workers: number; seconds: number; casesPerSecond: number };
}

/** The spec of a benchmark campaign of every property on the reference planner. */
function benchSpec(faults: FaultId[], runs: number, seed: number, maxResources: number): CampaignSpec {
  return { planner: "reference", faults, properties: PROPERTIES.map((p) => p.id), runs, seed, maxNodes: 8, maxResources };
}

/**
 * Measures throughput: a loop over `cases` sampled clusters, then runCampaign
 * with the same budget, both after a warm-up campaign of a fifth of the
 * cases (another seed), so that neither pays for compiling the code.
 */
export async function measureThroughput(cases: number, workers: number, seed = 1): Promise<ThroughputResult> {
  const limits = { maxNodes: 8, maxResources: 20 };
  const planner = referencePlanner();
  await runCampaign({ spec: benchSpec([], Math.ceil(cases / 5), seed + 1, limits.maxResources), workers: 1 });
  const generated = timed(() => fc.sample(clusterArbitrary(limits), { seed, numRuns: cases }));
  let planMs = 0;
  const propertyMs: Record<string, number> = Object.fromEntries(PROPERTIES.map((p) => [p.id, 0]));
  for (const cluster of generated.value) {
    const planned = timed(() => planner.plan(cluster));
    planMs += planned.ms;
    for (const p of PROPERTIES) propertyMs[p.id]! += timed(() => p.check({ cluster, transition: planned.value, planner })).ms;
  }
  const checkMs = Object.values(propertyMs).reduce((a, b) => a + b, 0);
  const campaignStarted = performance.now();
  const campaign = { value: await runCampaign({ spec: benchSpec([], cases, seed, limits.maxResources), workers: 1 }), ms: 0 };
  campaign.ms = performance.now() - campaignStarted;
  const parallelStarted = performance.now();
  await runCampaign({ spec: benchSpec([], cases, seed, limits.maxResources), workers });
  const parallelMs = performance.now() - parallelStarted;
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
    parallelCampaign: { workers, seconds: parallelMs / 1000, casesPerSecond: (cases * 1000) / parallelMs },
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

/**
 * Times a campaign of every property against `referencePlanner([fault])` up
 * to its first shrunk finding: chunks of cases are checked in order until one
 * violates a property, then that property's first failing case is shrunk.
 */
function timeFirstFinding(fault: FaultId, seed: number, limitSeconds: number): { seconds: number | null; property: string | null; runs: number | null } {
  const spec = benchSpec([fault], 1000, seed, 8);
  const started = performance.now();
  const deadline = Date.now() + limitSeconds * 1000;
  for (let start = 0; start < spec.runs; start += 10) {
    const indices = Array.from({ length: Math.min(10, spec.runs - start) }, (_, k) => start + k);
    const scan = scanChunk({ spec, indices, settled: [], deadline });
    const first = spec.properties
      .filter((id) => scan.firstFailures[id] !== undefined)
      .sort((a, b) => scan.firstFailures[a]! - scan.firstFailures[b]!)[0];
    if (first !== undefined) {
      const finding = shrinkFinding({ spec, property: first, index: scan.firstFailures[first]! });
      return { seconds: (performance.now() - started) / 1000, property: finding.property, runs: finding.runsToCatch };
    }
    if (scan.checked < indices.length) break;
  }
  return { seconds: null, property: null, runs: null };
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
