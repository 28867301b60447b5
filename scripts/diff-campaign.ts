/**
 * A differential campaign run on the worker pool (see diff.ts for its pure
 * pieces): the cases in batches, then one shrink per kind of disagreement.
 */
import { runPool } from "./parallel/pool.ts";
import { assembleDiff, scanDiff, unshrunkDiffKind, type CaseOutcome, type DiffResult, type DiffScanJob, type DiffShrinkJob, type DiffSpec, type ShrunkKind } from "./diff.ts";

/** How a differential campaign is run. */
export interface DiffOptions {
  spec: DiffSpec;
  /** Worker threads (1: this thread). The result does not depend on it. */
  workers: number;
  /** Aborting stops the campaign: the result covers the cases planned so far, their kinds unshrunk. */
  signal?: AbortSignal;
  onProgress?: (cases: number, disagreements: number) => void;
}

/** Cases per worker job: each case runs crm_simulate, so batches stay small. */
const DIFF_BATCH = 4;

/**
 * Runs a differential campaign on a pool of workers: every case, then one
 * shrink per kind of disagreement. An aborted run keeps the cases of the
 * batches that finished, and a kind whose shrink did not finish keeps its
 * first case unshrunk; `cutShort` says so.
 */
export async function runDiff(options: DiffOptions): Promise<DiffResult & { cutShort: boolean }> {
  const { spec, workers, signal } = options;
  const jobs: DiffScanJob[] = [];
  for (let start = 0; start < spec.runs; start += DIFF_BATCH) {
    jobs.push({ spec, indices: Array.from({ length: Math.min(DIFF_BATCH, spec.runs - start) }, (_, k) => start + k) });
  }
  let cases = 0;
  let disagreements = 0;
  const batches = await runPool("diff-scan", jobs, workers, {
    ...(signal === undefined ? {} : { signal }),
    onResult: (_, outcomes: CaseOutcome[]) => {
      cases += outcomes.length;
      disagreements += outcomes.filter((o) => o.status === "disagree").length;
      options.onProgress?.(cases, disagreements);
    },
  });
  let cutShort = batches.some((b) => b === undefined);
  const scan = scanDiff(batches.flatMap((b) => b ?? []));
  const shrinkJobs: DiffShrinkJob[] = scan.kinds.map((k) => ({ spec, kind: k.kind, index: k.firstIndex }));
  const shrunkList = cutShort ? [] : await runPool("diff-shrink", shrinkJobs, workers, signal === undefined ? {} : { signal });
  const shrunk = new Map<string, ShrunkKind>();
  for (const [k, job] of shrinkJobs.entries()) {
    let kind = shrunkList[k];
    if (kind === undefined) {
      kind = unshrunkDiffKind(spec, job.kind, job.index);
      cutShort = true;
    }
    shrunk.set(job.kind, kind);
  }
  return { ...assembleDiff(spec, scan, shrunk), cutShort };
}
