/**
 * A property campaign: generate clusters, plan each, check every selected
 * property, and shrink each property's first violation to a minimal case.
 * The cases are split into chunks run by a pool of workers and, with a
 * shard, across machines; the outcome depends only on the
 * {@link CampaignSpec}, never on how the work was split. The outcome is data
 * ({@link CampaignResult}); formatting is elsewhere.
 */
import { PROPERTIES } from "../properties/catalog.ts";
import { FIXTURE_FORMAT, type Fixture } from "../reports/fixtures.ts";
import { unshrunkFinding, type PlannerErrorCase, type CampaignSpec, type Finding, type ScanJob, type ScanResult } from "./campaign-cases.ts";
import { runPool } from "./parallel/pool.ts";
import { plannerNamed } from "./planners.ts";

export type { CampaignSpec, Finding } from "./campaign-cases.ts";

/** Which part of a campaign's cases a machine runs: shard `index` of `count` (1-based) takes cases i with i mod count = index − 1. */
export interface Shard {
  index: number;
  count: number;
}

/** How a campaign is run: none of this changes its outcome, except a time limit or an interruption that cut it short. */
export interface CampaignOptions {
  spec: CampaignSpec;
  /** Worker threads (1 runs in this thread). */
  workers: number;
  shard?: Shard;
  /** Stop starting new cases after this many seconds. */
  timeLimitSeconds?: number;
  /** Aborting stops the campaign: what ran so far is reported, findings not yet shrunk are kept as they are. */
  signal?: AbortSignal;
  /** Called as chunks finish with the cases checked so far and the properties found failing so far. */
  onProgress?: (cases: number, violations: number) => void;
  /** Called with each finding as soon as it is final, so it can be saved at once. */
  onFinding?: (finding: Finding) => void;
}

/** How many cases a worker checks per job. */
const CHUNK_SIZE = 10;

/** A property's verdict over the campaign. */
export interface PropertyVerdict {
  id: string;
  holds: boolean;
  /** Cases checked: all of them when it holds, up to the first violation otherwise. */
  runs: number;
}

/**
 * What one machine's run of a campaign (all of it, or a shard) found, in a
 * form that merges: the raw first failures and planner-error cases.
 */
export interface CampaignPart {
  spec: CampaignSpec;
  shard: Shard;
  /** Cases checked. */
  checked: number;
  /** Per failing property, the first failing case's index. */
  firstFailures: Record<string, number>;
  plannerErrors: PlannerErrorCase[];
  stats: Record<string, number>;
  /** The finding of each failing property, shrunk unless cut short. */
  findings: Finding[];
  /** True when a time limit or a signal cut the run short. */
  cutShort: boolean;
}

/** The outcome of a campaign. */
export interface CampaignResult {
  ok: boolean;
  /** The planner's name, its faults included (`reference+late-migration`). */
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
  firstPlannerError?: PlannerErrorCase;
  /** True when a time limit or a signal cut the run short. */
  cutShort: boolean;
}

/** The case indices of a shard, in order. */
export function shardIndices(runs: number, shard: Shard): number[] {
  const indices: number[] = [];
  for (let i = shard.index - 1; i < runs; i += shard.count) indices.push(i);
  return indices;
}

function addStats(into: Record<string, number>, from: Record<string, number>): void {
  for (const [feature, count] of Object.entries(from)) into[feature] = (into[feature] ?? 0) + count;
}

/** Runs a campaign (or one shard of it) on a pool of workers. */
export async function runCampaignPart(options: CampaignOptions): Promise<CampaignPart> {
  const { spec } = options;
  const shard = options.shard ?? { index: 1, count: 1 };
  const indices = shardIndices(spec.runs, shard);
  const deadline = options.timeLimitSeconds === undefined ? undefined : Date.now() + options.timeLimitSeconds * 1000;
  const jobs: ScanJob[] = [];
  for (let start = 0; start < indices.length; start += CHUNK_SIZE) {
    jobs.push({ spec, indices: indices.slice(start, start + CHUNK_SIZE), settled: [], ...(deadline === undefined ? {} : { deadline }) });
  }

  const firstFailures: Record<string, number> = {};
  const part: CampaignPart = { spec, shard, checked: 0, firstFailures, plannerErrors: [], stats: { cases: 0 }, findings: [], cutShort: false };
  const scans = await runPool("campaign-scan", jobs, options.workers, {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    prepare: (job) => ({ ...job, settled: Object.keys(firstFailures).filter((id) => firstFailures[id]! < job.indices[0]!) }),
    onResult: (_, scan: ScanResult) => {
      part.checked += scan.checked;
      for (const [id, index] of Object.entries(scan.firstFailures)) firstFailures[id] = Math.min(firstFailures[id] ?? index, index);
      options.onProgress?.(part.checked, Object.keys(firstFailures).length);
    },
  });
  for (const [k, scan] of scans.entries()) {
    if (scan === undefined || scan.checked < jobs[k]!.indices.length) part.cutShort = true;
    if (scan === undefined) continue;
    part.plannerErrors.push(...scan.plannerErrors);
    addStats(part.stats, scan.stats);
  }
  part.plannerErrors.sort((a, b) => a.index - b.index);

  const failing = spec.properties.filter((id) => firstFailures[id] !== undefined);
  const shrinkJobs = failing.map((property) => ({ spec, property, index: firstFailures[property]! }));
  const shrunk = part.cutShort
    ? []
    : await runPool("campaign-shrink", shrinkJobs, options.workers, {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onResult: (_, finding: Finding) => options.onFinding?.(finding),
      });
  for (const [k, job] of shrinkJobs.entries()) {
    let finding = shrunk[k];
    if (finding === undefined) {
      finding = unshrunkFinding(job);
      part.cutShort = true;
      options.onFinding?.(finding);
    }
    part.findings.push(finding);
  }
  return part;
}

/**
 * Merges the parts of a campaign (its shards, or a single whole run) into
 * its result: each property's earliest failure wins, planner errors count up
 * to the last case any verdict needed, statistics add up. Merging the shards
 * of a campaign gives what the unsharded campaign gives.
 */
export function mergeCampaignParts(parts: readonly CampaignPart[]): CampaignResult {
  const spec = parts[0]!.spec;
  const firstFailure = new Map<string, { index: number; finding: Finding | undefined }>();
  for (const part of parts) {
    for (const [id, index] of Object.entries(part.firstFailures)) {
      const known = firstFailure.get(id);
      if (known === undefined || index < known.index) firstFailure.set(id, { index, finding: part.findings.find((f) => f.property === id) });
    }
  }
  const checked = parts.reduce((sum, part) => sum + part.checked, 0);
  const allFail = spec.properties.every((id) => firstFailure.has(id));
  const lastNeeded = allFail ? Math.max(...spec.properties.map((id) => firstFailure.get(id)!.index)) : Number.POSITIVE_INFINITY;
  const plannerErrors = parts
    .flatMap((part) => part.plannerErrors)
    .filter((e) => e.index <= lastNeeded)
    .sort((a, b) => a.index - b.index);
  const summed: Record<string, number> = { cases: 0 };
  for (const part of parts) addStats(summed, part.stats);
  const stats: Record<string, number> = { cases: summed.cases! };
  for (const feature of Object.keys(summed).sort()) stats[feature] = summed[feature]!;
  const catalogOrder = (id: string) => spec.properties.indexOf(id);
  const findings = spec.properties
    .flatMap((id) => {
      const finding = firstFailure.get(id)?.finding;
      return finding === undefined ? [] : [finding];
    })
    .sort((a, b) => a.runsToCatch - b.runsToCatch || catalogOrder(a.property) - catalogOrder(b.property));
  const result: CampaignResult = {
    ok: firstFailure.size === 0,
    planner: plannerNamed(spec.planner, spec.faults).name,
    faults: spec.faults,
    seed: spec.seed,
    runs: checked,
    properties: spec.properties.map((id) => {
      const failure = firstFailure.get(id);
      return failure === undefined ? { id, holds: true, runs: checked } : { id, holds: false, runs: failure.index + 1 };
    }),
    findings,
    stats,
    plannerErrors: plannerErrors.length,
    cutShort: parts.some((part) => part.cutShort),
  };
  if (plannerErrors.length > 0) result.firstPlannerError = plannerErrors[0]!;
  return result;
}

/** Runs a whole campaign and returns its result. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  return mergeCampaignParts([await runCampaignPart(options)]);
}

/** The ids of every catalog property, for a campaign of all of them. */
export function allPropertyIds(): string[] {
  return PROPERTIES.map((p) => p.id);
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
