/**
 * The loop of a worker thread: runs each task it is sent and replies with
 * the result, or with the error's message and stack when the task throws.
 */
import { parentPort } from "node:worker_threads";
import type { WorkerReply } from "./pool.ts";
import { runTask, type TaskName } from "./tasks.ts";

const port = parentPort;
if (port === null) throw new Error("worker.ts runs only as a worker thread");
port.on("message", async (message: { run: number; id: number; task: TaskName; job: never }) => {
  const { run, id } = message;
  let reply: WorkerReply;
  try {
    reply = { run, id, result: await runTask(message.task, message.job) };
  } catch (error) {
    reply = { run, id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
