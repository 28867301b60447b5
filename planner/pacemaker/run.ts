/**
 * Running Pacemaker's command-line tools safely: every command gets a time
 * limit that kills its whole process group, bounded output capture, and a
 * {@link PlannerError} (never a hang, never a stray exception) for anything
 * other than a clean exit.
 *
 * The time limit is enforced by coreutils `timeout`, which puts the command in
 * a process group of its own and signals the whole group (TERM, then KILL two
 * seconds later). Node's `spawnSync` cannot do that by itself: it only
 * signals the direct child.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { PlannerError } from "../model.ts";
import { summaryLinesOf } from "../summary.ts";

/** How long a single command may run unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How much of stdout and of stderr is captured before the command is killed; also the largest graph read. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** How much of stderr a {@link PlannerError} carries. */
const STDERR_TAIL_CHARS = 2_000;

/** Directories searched after PATH: Debian installs Pacemaker's tools in sbin, which a non-root PATH often lacks. */
const SBIN_DIRS = ["/usr/sbin", "/sbin"];

/** What became of one command. */
export interface RunResult {
  /** The command line, shell-quoted, for messages. */
  command: string;
  /** The exit code, or null when a signal ended the command. */
  status: number | null;
  /** The signal that ended the command (a crash), or null. */
  signal: string | null;
  /** The time limit was reached and the process group was killed. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  /** Time limit in milliseconds; the whole process group is killed when it passes. */
  timeoutMs: number;
  /** Extra environment variables (added to this process's environment). */
  env?: Record<string, string>;
}

/** Quotes one argument for display in a shell-like command line. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Formats a command line (with its extra environment) for error messages. */
function commandLine(argv: readonly string[], env: Record<string, string> = {}): string {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...assignments, ...argv.map(quote)].join(" ");
}

/** The last {@link STDERR_TAIL_CHARS} characters of a text, trimmed. */
function tail(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= STDERR_TAIL_CHARS ? trimmed : `…${trimmed.slice(-STDERR_TAIL_CHARS)}`;
}

/** Whether a path names an executable regular file. */
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds an executable: a name containing `/` is taken as a path as it is;
 * a bare name is looked up on PATH, then in /usr/sbin and /sbin. Returns
 * undefined when there is no such executable.
 */
export function findExecutable(name: string): string | undefined {
  if (name.includes("/")) return isExecutable(name) ? name : undefined;
  const dirs = [...(process.env["PATH"] ?? "").split(delimiter).filter((d) => d !== ""), ...SBIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Runs a command to completion or to its time limit, capturing stdout and
 * stderr (each up to 16 MiB). Throws {@link PlannerError} only when the
 * command cannot be run at all (no `timeout`, too much output); a non-zero
 * exit, a signal or a time-out is reported in the result for the caller to
 * judge.
 */
export function runCommand(argv: readonly string[], options: RunOptions): RunResult {
  const command = commandLine(argv, options.env);
  const timeout = findExecutable("timeout");
  if (timeout === undefined) {
    throw new PlannerError("coreutils `timeout` is not installed; it is needed to bound run time", command);
  }
  const seconds = Math.max(options.timeoutMs, 1) / 1000;
  const started = performance.now();
  const run = spawnSync(timeout, ["-k", "2", `${seconds}`, ...argv], {
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: MAX_OUTPUT_BYTES,
    // A backstop in case `timeout` itself hangs; it normally ends first.
    timeout: options.timeoutMs + 10_000,
    killSignal: "SIGKILL",
  });
  const elapsedMs = performance.now() - started;
  const stdout = run.stdout ?? "";
  const stderr = run.stderr ?? "";
  if (run.error !== undefined) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === "ENOBUFS") {
      throw new PlannerError(`output exceeded ${MAX_OUTPUT_BYTES} bytes; the command was killed`, command, tail(stderr));
    }
    if (code !== "ETIMEDOUT") {
      throw new PlannerError(`could not run the command: ${run.error.message}`, command, tail(stderr));
    }
  }
  // `timeout` exits 124 when it had to send TERM and 137 when it needed KILL;
  // the elapsed time tells those apart from a command that exits 124 itself.
  const limitReached = elapsedMs >= options.timeoutMs * 0.95;
  const timedOut = limitReached && (run.status === 124 || run.status === 137 || run.signal === "SIGKILL");
  return { command, status: run.status, signal: run.signal, timedOut, stdout, stderr, elapsedMs };
}

/**
 * Turns any unclean end of a command (time-out, signal, non-zero exit,
 * command not runnable) into a {@link PlannerError} whose message starts with
 * `what`.
 */
function requireSuccess(result: RunResult, what: string, timeoutMs: number): void {
  const stderr = tail(result.stderr);
  if (result.timedOut) {
    throw new PlannerError(`${what} timed out after ${timeoutMs} ms and was killed`, result.command, stderr);
  }
  if (result.signal !== null) {
    throw new PlannerError(`${what} crashed (signal ${result.signal})`, result.command, stderr);
  }
  if (result.status === 126 || result.status === 127) {
    throw new PlannerError(`${what} could not be executed (exit ${result.status})`, result.command, stderr);
  }
  if (result.status !== 0) {
    throw new PlannerError(`${what} failed (exit ${result.status})`, result.command, stderr);
  }
}

/** Options of {@link simulateCibFile} and {@link simulateCibXml}. */
export interface SimulateOptions {
  /** Time limit per command (crm_verify, crm_simulate) in milliseconds; default 30 s. */
  timeoutMs?: number;
  /** Extra crm_simulate arguments, e.g. `["-t", "2005-020"]` from the CTS test list. */
  extraArgs?: readonly string[];
  /** The crm_simulate executable: a name looked up on PATH (default `crm_simulate`) or a path. */
  crmSimulate?: string;
  /** The crm_verify executable: a name looked up on PATH (default `crm_verify`) or a path. */
  crmVerify?: string;
  /** Gate the input with `crm_verify -V -x` first (default true); its verdict "Errors found" rejects, "Warnings found" passes. */
  verify?: boolean;
}

/** What crm_simulate made of one CIB. */
export interface SimulateResult {
  /** The crm_simulate command line that ran. */
  command: string;
  /** crm_simulate's text output (current status and Transition Summary). */
  stdout: string;
  /** The raw change lines under `Transition Summary:`. */
  summaryLines: string[];
  /** The `<transition_graph>` XML crm_simulate saved with `-G`. */
  graphXml: string;
  /** Wall-clock time of the crm_simulate call alone. */
  elapsedMs: number;
}

/** Resolves a tool to an executable path or fails with a message that says how to get it. */
function requireTool(name: string): string {
  const found = findExecutable(name);
  if (found === undefined) {
    throw new PlannerError(
      `${name} not found (looked on PATH, /usr/sbin and /sbin); install Pacemaker's CLI tools, e.g. with scripts/install-pacemaker.sh`,
      name,
    );
  }
  return found;
}

/**
 * Runs `crm_verify -V -x FILE` and throws a {@link PlannerError} naming the
 * first error when crm_verify's verdict is "Errors found during check". It
 * exits 78 for the verdict "Warnings found during check" as well, and those
 * are about the state Pacemaker then plans for (an unclean node that cannot
 * be fenced, a migration threshold reached, and even error-level lines such
 * as "might be active on 2 nodes (attempting recovery)"): that verdict passes.
 */
function gate(verify: string, cibPath: string, timeoutMs: number, env: Record<string, string>): void {
  const verdict = runCommand([verify, "-V", "-x", cibPath], { timeoutMs, env });
  const ranToEnd = !verdict.timedOut && verdict.signal === null && verdict.status !== 126 && verdict.status !== 127;
  if (!ranToEnd) requireSuccess(verdict, "crm_verify", timeoutMs);
  if (verdict.status === 0) return;
  const output = verdict.stderr + verdict.stdout;
  const warningsOnly = /Warnings found during check/.test(output) && !/Errors found during check/.test(output);
  if (warningsOnly) return;
  const firstError = /error: (.*)/.exec(output)?.[1]?.trim();
  throw new PlannerError(
    `crm_verify rejected the CIB (exit ${verdict.status})${firstError === undefined ? "" : `: ${firstError}`}`,
    verdict.command,
    tail(verdict.stderr || verdict.stdout),
  );
}

/**
 * The core of {@link simulateCibFile}: gate, plan, read the results. `dir` is
 * the private directory used as CIB_shadow_dir and for the graph file.
 */
function simulateIn(dir: string, cibPath: string, options: SimulateOptions): SimulateResult {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = { CIB_shadow_dir: dir };
  const simulate = requireTool(options.crmSimulate ?? "crm_simulate");
  if (options.verify ?? true) gate(requireTool(options.crmVerify ?? "crm_verify"), cibPath, timeoutMs, env);
  const graphPath = join(dir, "graph.xml");
  const result = runCommand([simulate, "-x", cibPath, "-R", "-G", graphPath, ...(options.extraArgs ?? [])], {
    timeoutMs,
    env,
  });
  requireSuccess(result, "crm_simulate", timeoutMs);
  if (!result.stdout.split("\n").some((line) => line.trim() === "Transition Summary:")) {
    throw new PlannerError("crm_simulate printed no Transition Summary", result.command, tail(result.stderr || result.stdout));
  }
  if (!existsSync(graphPath)) {
    throw new PlannerError("crm_simulate saved no transition graph", result.command, tail(result.stderr));
  }
  if (statSync(graphPath).size > MAX_OUTPUT_BYTES) {
    throw new PlannerError(`the transition graph exceeds ${MAX_OUTPUT_BYTES} bytes`, result.command, tail(result.stderr));
  }
  return {
    command: result.command,
    stdout: result.stdout,
    summaryLines: summaryLinesOf(result.stdout),
    graphXml: readFileSync(graphPath, "utf8"),
    elapsedMs: result.elapsedMs,
  };
}

/** Runs `body` with a fresh private temporary directory, removed afterwards whatever happens. */
function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-pcmk-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plans a CIB file with the real Pacemaker scheduler: `crm_verify -V -x
 * FILE` as a gate (unless `verify: false`; see {@link SimulateOptions.verify}),
 * then `crm_simulate -x FILE -R -G graph.xml`, both with CIB_shadow_dir
 * pointing at a private temporary
 * directory that is always removed. Every failure (tool missing, rejection,
 * non-zero exit, crash, time-out, no summary or graph) is a
 * {@link PlannerError} carrying the command and the tail of stderr.
 */
export function simulateCibFile(path: string, options: SimulateOptions = {}): SimulateResult {
  return withTempDir((dir) => simulateIn(dir, path, options));
}

/** Like {@link simulateCibFile}, for CIB XML in memory (written into the private directory first). */
export function simulateCibXml(xml: string, options: SimulateOptions = {}): SimulateResult {
  return withTempDir((dir) => {
    const cibPath = join(dir, "cib.xml");
    writeFileSync(cibPath, xml);
    return simulateIn(dir, cibPath, options);
  });
}
