/**
 * Test helper: runs the plancheck command line in a child process, as a user would.
 */
import { spawnSync } from "node:child_process";

/** The outcome of one command-line run. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const root = new URL("..", import.meta.url).pathname;

/** Runs `plancheck ARGS…` from the project root. */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/plancheck.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The project root, for paths in tests. */
export const projectRoot = root;

/** The shared folder beside the project (CTS corpus, scenarios). */
export const sharedDir = new URL("../../shared/", import.meta.url).pathname;
