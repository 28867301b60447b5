/**
 * A pool of worker threads that runs named tasks ({@link TASKS}) on
 * structured-cloneable jobs. With one worker the tasks run in this thread,
 * between event-loop turns so that signals are still handled. Results come
 * back by job index, so what a caller assembles from them does not depend on
 * which worker ran what or in what order they finished. The threads are
 * started once per process and kept for later runs; an idle pool does not
 * keep the process alive.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { runTask, type TaskName, type TaskJob, type TaskResult } from "./tasks.ts";

/** The default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** A message from a worker thread: a job's result or the error it threw, tagged with the run that sent the job. */
export type WorkerReply = { run: number; id: number; result: unknown } | { run: number; id: number; error: string };

/** How a pool run is steered. */
export interface PoolControl<N extends TaskName> {
  /** Called with each result as it arrives (in completion order). */
  onResult?: (index: number, result: TaskResult<N>) => void;
  /** Aborting stops dispatching: jobs not yet finished get no result. */
  signal?: AbortSignal;
  /** Rewrites a job just before dispatch, from what the results so far show (e.g. to skip work already moot). */
  prepare?: (job: TaskJob<N>, index: number) => TaskJob<N>;
}

const threads: Worker[] = [];
/** Numbers the threaded runs, so that a reply to a job of an aborted run is not taken for one of a later run. */
let runs = 0;

/** The first `count` threads of the process's pool, started on first use. */
function poolThreads(count: number): Worker[] {
  while (threads.length < count) {
    const thread = new Worker(new URL("./worker-entry.mjs", import.meta.url));
    thread.unref();
    threads.push(thread);
  }
  return threads.slice(0, count);
}

/** Runs the jobs in this thread, yielding to the event loop between them. */
async function runHere<N extends TaskName>(name: N, jobs: readonly TaskJob<N>[], control: PoolControl<N>, record: (index: number, result: TaskResult<N>) => void): Promise<void> {
  const prepare = control.prepare ?? ((job) => job);
  for (let index = 0; index < jobs.length && control.signal?.aborted !== true; index += 1) {
    record(index, await runTask(name, prepare(jobs[index]!, index)));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs the jobs on worker threads, each thread taking the next job as it finishes one. */
function runThreaded<N extends TaskName>(name: N, jobs: readonly TaskJob<N>[], workers: Worker[], control: PoolControl<N>, record: (index: number, result: TaskResult<N>) => void): Promise<void> {
  const prepare = control.prepare ?? ((job) => job);
  const run = ++runs;
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let running = 0;
    const cleanups: (() => void)[] = [];
    const finish = (error?: Error) => {
      for (const cleanup of cleanups) cleanup();
      if (error === undefined) resolve();
      else reject(error);
    };
    const dispatch = (thread: Worker) => {
      if (control.signal?.aborted === true || next >= jobs.length) {
        thread.unref();
        if (running === 0) finish();
        return;
      }
      const index = next++;
      running += 1;
      thread.ref();
      thread.postMessage({ run, id: index, task: name, job: prepare(jobs[index]!, index) });
    };
    for (const thread of workers) {
      const onMessage = (reply: WorkerReply) => {
        if (reply.run !== run) return;
        running -= 1;
        if ("error" in reply) return finish(new Error(reply.error));
        record(reply.id, reply.result as TaskResult<N>);
        dispatch(thread);
      };
      const onError = (error: Error) => finish(error);
      thread.on("message", onMessage);
      thread.on("error", onError);
      cleanups.push(() => {
        thread.off("message", onMessage);
        thread.off("error", onError);
        thread.unref();
      });
    }
    if (control.signal !== undefined) {
      const signal = control.signal;
      const onAbort = () => finish();
      signal.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
    }
    for (const thread of workers) dispatch(thread);
  });
}

/**
 * Runs `jobs` of task `name` on `workers` threads and returns their results
 * by job index; a job not finished when the signal aborts has no result
 * (undefined).
 */
export async function runPool<N extends TaskName>(name: N, jobs: readonly TaskJob<N>[], workers: number, control: PoolControl<N> = {}): Promise<(TaskResult<N> | undefined)[]> {
  const results: (TaskResult<N> | undefined)[] = new Array(jobs.length).fill(undefined);
  const record = (index: number, result: TaskResult<N>) => {
    results[index] = result;
    control.onResult?.(index, result);
  };
  if (workers <= 1 || jobs.length <= 1) await runHere(name, jobs, control, record);
  else await runThreaded(name, jobs, poolThreads(Math.min(workers, jobs.length)), control, record);
  return results;
}
