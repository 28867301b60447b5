/**
 * Measuring helpers of the benchmark: wall time and peak memory of a child
 * process (through GNU time, under run.ts's time limit that kills the whole
 * process group), timing of in-process work, medians, and the machine.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { findExecutable, runCommand } from "../../planner/pacemaker/run.ts";

/** One measured process run. */
export interface ProcessRun {
  ok: boolean;
  /** Wall time in seconds (the limit, when it was reached). */
  seconds: number;
  /** User + system CPU seconds, when they could be measured (a fairer figure than wall time on a busy machine). */
  cpuSeconds?: number;
  /** Peak resident set size in MiB, when it could be measured. */
  peakMiB?: number;
  timedOut: boolean;
  /** Why the run failed (exit status and last line of stderr), when it did. */
  error?: string;
}

/** Options of {@link runMeasured}. */
export interface MeasureOptions {
  timeoutMs: number;
  env?: Record<string, string>;
  /** Cap on the address space (bytes), applied with prlimit when present: protects a shared machine. */
  addressSpaceBytes?: number;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command under GNU time (`-f '%e %M %U %S'`) when it is installed, else
 * timing the spawn alone (no peak memory), within run.ts's process-group
 * time limit and, optionally, an address-space cap.
 */
export function runMeasured(argv: readonly string[], options: MeasureOptions): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-bench-time-"));
  try {
    const report = join(dir, "time.txt");
    const prlimit = options.addressSpaceBytes === undefined ? undefined : findExecutable("prlimit");
    const capped = prlimit === undefined ? [...argv] : [prlimit, `--as=${options.addressSpaceBytes}`, "--", ...argv];
    const timed = findExecutable(GNU_TIME) === undefined ? capped : [GNU_TIME, "-o", report, "-f", "%e %M %U %S", ...capped];
    const result = runCommand(timed, { timeoutMs: options.timeoutMs, ...(options.env === undefined ? {} : { env: options.env }) });
    const reported = timed !== capped && existsSync(report) ? readFileSync(report, "utf8").trim().split("\n").pop()! : "";
    const [seconds, kib, user, system] = /^[\d.]+ \d+ [\d.]+ [\d.]+$/.test(reported) ? reported.split(" ").map(Number) : [];
    const ok = result.status === 0 && !result.timedOut;
    const run: ProcessRun = { ok, seconds: result.timedOut ? options.timeoutMs / 1000 : (seconds ?? result.elapsedMs / 1000), timedOut: result.timedOut };
    if (kib !== undefined && !result.timedOut) run.peakMiB = kib / 1024;
    if (user !== undefined && system !== undefined && !result.timedOut) run.cpuSeconds = user + system;
    if (!ok && !result.timedOut) {
      const lines = result.stderr.trim().split("\n");
      const last = lines.find((l) => /^(\w*Error\b|plancheck:)/.test(l.trim())) ?? lines.pop() ?? "";
      run.error = `exit ${result.status ?? result.signal}${last === "" ? "" : `: ${last.slice(0, 200)}`}`;
    }
    return run;
  } catch (error) {
    return { ok: false, seconds: NaN, timedOut: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `body` and returns its result with the elapsed milliseconds. */
export function timed<T>(body: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = body();
  return { value, ms: performance.now() - started };
}

/** The machine and run the figures come from. */
export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeGiB: number;
  /** 1-minute load average when the bench started: other work on the machine skews the figures. */
  load: number;
  node: string;
  crmSimulate?: string;
  command: string;
}

/** Describes this machine (CPU model, cores, memory, load), the date and the Node and crm_simulate versions. */
export function machineInfo(command: string): MachineInfo {
  const info: MachineInfo = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    load: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
    command,
  };
  const simulate = findExecutable("crm_simulate");
  if (simulate !== undefined) {
    const version = runCommand([simulate, "--version"], { timeoutMs: 10_000 }).stdout.split("\n")[0]?.trim();
    if (version) info.crmSimulate = version;
  }
  return info;
}
