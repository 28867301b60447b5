/**
 * The tasks a worker thread can run, by name. Each takes and returns
 * structured-cloneable data, so a job runs the same in any thread.
 */
import { scanChunk, shrinkFinding } from "../campaign-cases.ts";
import { conformBatch } from "../conformance.ts";
import { diffBatch, shrinkDiffJob } from "../diff.ts";

/** The registered tasks. */
export const TASKS = {
  "campaign-scan": scanChunk,
  "campaign-shrink": shrinkFinding,
  "conform-batch": conformBatch,
  "diff-scan": diffBatch,
  "diff-shrink": shrinkDiffJob,
} as const;

/** A task's name. */
export type TaskName = keyof typeof TASKS;
/** The job a task takes. */
export type TaskJob<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
/** What a task returns. */
export type TaskResult<N extends TaskName> = Awaited<ReturnType<(typeof TASKS)[N]>>;

/** Runs a task on a job in this thread. */
export async function runTask<N extends TaskName>(name: N, job: TaskJob<N>): Promise<TaskResult<N>> {
  const task = TASKS[name] as (job: TaskJob<N>) => TaskResult<N> | Promise<TaskResult<N>>;
  return task(job);
}
