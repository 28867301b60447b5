/**
 * Formatting of a campaign's outcome: the one-screen text report (verdicts,
 * each violation explained with its fixture and replay command, statistics)
 * and the JSON document of `plancheck check --json`.
 */
import type { ClusterState, Transition } from "../planner/model.ts";
import type { Violation } from "../properties/property.ts";
import type { CampaignPart } from "../scripts/campaign.ts";
import type { CaseSize } from "./fixtures.ts";

/** A property's verdict, as reported. */
export interface VerdictView {
  id: string;
  /** The property's one-line statement. */
  statement: string;
  holds: boolean;
  runs: number;
}

/** A violation, as reported: the shrunk case, its transition and the violation itself. */
export interface ViolationView {
  property: string;
  fixture: string;
  size: CaseSize;
  explanation: string;
  runsToCatch: number;
  /** False when an interruption left the case as it was found. */
  shrunk: boolean;
  cluster: ClusterState;
  transition: Transition;
  violation: Violation;
}

/** What the reports show of a campaign. */
export interface CampaignView {
  ok: boolean;
  planner: string;
  faults: string[];
  seed: number;
  runs: number;
  properties: VerdictView[];
  violations: ViolationView[];
  stats: Record<string, number>;
  plannerErrors: number;
  /** The first case the planner could not plan, with the failing command and its stderr's tail. */
  firstPlannerError?: { index: number; message: string; command?: string; stderrTail?: string };
  /** The generator's limits. */
  maxNodes: number;
  maxResources: number;
  /** The time limit in seconds, when one was set. */
  timeLimitSeconds?: number;
  /** The command that reproduces the run. */
  command: string;
  /** Wall-clock seconds, only with --timings. */
  seconds?: number;
  /** The signal that cut the run short, if one did: the report covers the cases that ran. */
  interrupted?: "SIGINT" | "SIGTERM";
}

function sizeText(size: CaseSize): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(size.nodes, "node")}, ${plural(size.resources, "resource")}, ${plural(size.constraints, "constraint")}`;
}

/** Whether no case of a campaign could be planned: every one was a planner error. */
export function nothingPlanned(view: Pick<CampaignView, "runs" | "plannerErrors">): boolean {
  return view.runs > 0 && view.plannerErrors === view.runs;
}

/** The last line of the text report. */
function closingVerdict(view: CampaignView): string {
  if (!view.ok) return `${view.violations.length} properties violated`;
  if (nothingPlanned(view)) return `no case could be planned: ${view.plannerErrors} planner errors, no verdict`;
  if (view.plannerErrors > 0) return `all properties hold on the cases planned (${view.plannerErrors} planner errors)`;
  return "all properties hold";
}

/** The text report of a campaign. */
export function formatCampaignText(view: CampaignView): string {
  const lines: string[] = [];
  const faults = view.faults.length === 0 ? "none" : view.faults.join(",");
  lines.push(`plancheck check: planner ${view.planner}, faults ${faults}, seed ${view.seed}, ${view.runs} cases`);
  const width = Math.max(...view.properties.map((p) => p.id.length));
  for (const p of view.properties) {
    lines.push(`  ${p.id.padEnd(width)}  ${p.holds ? "holds   " : "VIOLATED"}  (${p.runs} cases)`);
  }
  for (const v of view.violations) {
    lines.push("");
    const size = v.shrunk ? `shrunk to ${sizeText(v.size)}` : `not shrunk (interrupted): ${sizeText(v.size)}`;
    lines.push(`violation of ${v.property}: caught after ${v.runsToCatch} cases, ${size}`);
    lines.push(`  ${v.explanation}`);
    lines.push(`  fixture: ${v.fixture}`);
    lines.push(`  replay:  npm run plancheck -- replay ${v.fixture}`);
  }
  if (view.plannerErrors > 0) {
    lines.push("", `planner errors (not verdicts): ${view.plannerErrors} of ${view.runs} cases`);
    const first = view.firstPlannerError;
    if (first !== undefined) {
      lines.push(`  first, case ${first.index}: ${first.message}`);
      if (first.command !== undefined) lines.push(`  command: ${first.command}`);
      if (first.stderrTail !== undefined) lines.push(...first.stderrTail.trimEnd().split("\n").map((l) => `  stderr: ${l}`));
    }
  }
  lines.push("", "case space:");
  const total = view.stats.cases ?? 0;
  for (const [feature, count] of Object.entries(view.stats).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (feature === "cases") continue;
    const pct = total === 0 ? 0 : (100 * count) / total;
    lines.push(`  ${feature.padEnd(26)} ${String(count).padStart(6)}  ${pct.toFixed(1).padStart(5)}%`);
  }
  if (view.seconds !== undefined) lines.push("", `time: ${view.seconds.toFixed(2)} s`);
  if (view.interrupted !== undefined) lines.push("", `interrupted by ${view.interrupted} after ${view.runs} cases: the verdicts cover those cases only`);
  lines.push("", closingVerdict(view));
  return lines.join("\n") + "\n";
}

/**
 * The JSON document of `check --json` (no wall-clock figures unless timed).
 * A shard's run carries its raw `part` too, for `plancheck merge`.
 */
export function campaignJson(view: CampaignView, part?: CampaignPart): string {
  const doc: Record<string, unknown> = {
    ok: view.ok,
    planner: view.planner,
    faults: view.faults,
    seed: view.seed,
    runs: view.runs,
    properties: view.properties.map(({ id, holds, runs }) => ({ id, holds, runs })),
    violations: view.violations.map(({ property, fixture, size, explanation }) => ({ property, fixture, size, explanation })),
    stats: view.stats,
    plannerErrors: view.plannerErrors,
  };
  // Only what is the same on every run: the command names a temporary directory.
  if (view.firstPlannerError !== undefined) doc.firstPlannerError = { index: view.firstPlannerError.index, message: view.firstPlannerError.message };
  if (view.seconds !== undefined) doc.seconds = view.seconds;
  if (view.interrupted !== undefined) doc.interrupted = view.interrupted;
  if (part !== undefined) doc.part = part;
  return JSON.stringify(doc, null, 2) + "\n";
}
