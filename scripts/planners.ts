/**
 * Resolves `--planner` and `--faults` into a {@link Planner}.
 */
import type { Planner } from "../planner/model.ts";
import { FAULT_IDS, isFaultId, type FaultId } from "../planner/reference/faults.ts";
import { pacemakerPlanner } from "../planner/pacemaker/planner.ts";
import type { SimulateOptions } from "../planner/pacemaker/run.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { CliFailure } from "./cli.ts";

/** The planner names the command line accepts. */
export const PLANNER_NAMES = ["reference", "pacemaker"] as const;

/** Parses a comma-separated fault list, refusing unknown names. */
export function parseFaults(list: string | undefined): FaultId[] {
  if (list === undefined || list.trim() === "") return [];
  const faults: FaultId[] = [];
  for (const raw of list.split(",")) {
    const name = raw.trim();
    if (!isFaultId(name)) throw new CliFailure(`unknown fault '${name}' (known: ${FAULT_IDS.join(", ")})`);
    if (!faults.includes(name)) faults.push(name);
  }
  return faults;
}

/**
 * The time limit of each Pacemaker tool run, in milliseconds:
 * PLANCHECK_PACEMAKER_TIMEOUT_MS when set (a whole number ≥ 1), else the
 * planner's default (30 s).
 */
export function pacemakerTimeoutMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env["PLANCHECK_PACEMAKER_TIMEOUT_MS"];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new CliFailure(`PLANCHECK_PACEMAKER_TIMEOUT_MS must be a whole number of milliseconds, at least 1 (got '${raw}')`);
  }
  return Number(raw);
}

/** The options of the Pacemaker planner from the environment (its time limit). */
export function pacemakerOptions(): SimulateOptions {
  const timeoutMs = pacemakerTimeoutMs();
  return timeoutMs === undefined ? {} : { timeoutMs };
}

/** The planner named on the command line. */
export function plannerNamed(name: string, faults: readonly FaultId[]): Planner {
  if (name === "reference") return referencePlanner(faults);
  if (name === "pacemaker") {
    if (faults.length > 0) throw new CliFailure("--faults applies to the reference planner only");
    return pacemakerPlanner(pacemakerOptions());
  }
  throw new CliFailure(`unknown planner '${name}' (known: ${PLANNER_NAMES.join(", ")})`);
}
