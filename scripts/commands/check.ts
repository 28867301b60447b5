/**
 * `plancheck check [--planner reference] [--faults a,b] [--runs N] [--seed S]
 * [--time-limit SEC] [--property ids] [--max-nodes N] [--max-resources N]
 * [--workers N] [--shrink-budget N|none] [--shard I/N] [--fixtures DIR] [--json] [--timings]
 * [--out DIR] [--junit FILE] [--quiet]`: the property campaign. Exit 0 when
 * every property holds, 1 when violations were found (each shrunk and saved
 * as a fixture), 2 on bad usage or input, 3 when the planner could plan no
 * case at all (every case a planner error), 130/143 when interrupted (the
 * report then covers what ran).
 */
import { parseArgs } from "node:util";
import { PROPERTIES, propertyById } from "../../properties/catalog.ts";
import type { Property } from "../../properties/property.ts";
import { campaignJson, formatCampaignText, nothingPlanned, type CampaignView, type ViolationView } from "../../reports/campaign.ts";
import { checkDocument } from "../../reports/document.ts";
import { checkJUnitCases } from "../../reports/junit.ts";
import { saveFixture } from "../../reports/fixtures.ts";
import { fixtureOfFinding, mergeCampaignParts, runCampaignPart, type CampaignPart, type CampaignResult, type CampaignSpec, type Shard } from "../campaign.ts";
import { CliFailure } from "../cli.ts";
import { watchInterruption } from "../interrupt.ts";
import { defaultWorkers } from "../parallel/pool.ts";
import { parseFaults, plannerNamed } from "../planners.ts";
import { REPORT_OPTIONS, progressFor, writeRequestedReports } from "./reporting.ts";

/** Parses a whole number option within bounds. */
export function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliFailure(`--${name} takes a whole number from ${min} to ${max}, not '${value}'`);
  }
  return Number(value);
}

/** Parses `--workers N` (default: the machine's cores). */
export function parseWorkers(value: string | undefined): number {
  return wholeNumber("workers", value, defaultWorkers(), 1, 256);
}

/** Parses `--shard I/N` (1 ≤ I ≤ N). */
export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count || count > 10_000) {
    throw new CliFailure(`--shard takes I/N with 1 <= I <= N, not '${value}'`);
  }
  return { index, count };
}

/** Resolves `--property a,b` against the catalog. */
export function selectProperties(list: string | undefined): Property[] {
  if (list === undefined) return [...PROPERTIES];
  return list.split(",").map((raw) => {
    const p = propertyById(raw.trim());
    if (p === undefined) throw new CliFailure(`unknown property '${raw.trim()}' (known: ${PROPERTIES.map((q) => q.id).join(", ")})`);
    return p;
  });
}

/** The options of every seeded run of generated cases (check, faults, diff). */
export const SEEDED_RUN_OPTIONS = {
  runs: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  json: { type: "boolean", default: false },
  timings: { type: "boolean", default: false },
} as const;

/** The options shared by the campaign commands. */
export const CAMPAIGN_OPTIONS = {
  ...SEEDED_RUN_OPTIONS,
  planner: { type: "string", default: "reference" },
  faults: { type: "string" },
  "time-limit": { type: "string" },
  property: { type: "string" },
  "max-nodes": { type: "string" },
  "max-resources": { type: "string" },
  "shrink-budget": { type: "string" },
  shard: { type: "string" },
  fixtures: { type: "string" },
  ...REPORT_OPTIONS,
} as const;

/** The fixture folder of a planner's findings, unless --fixtures says otherwise. */
export function defaultFixtureDir(planner: string): string {
  return planner === "pacemaker" ? "fixtures/pacemaker" : "fixtures/regressions";
}

/**
 * How many candidates a shrink may plan by default: no limit for the
 * in-process planners, 100 for Pacemaker (each candidate runs crm_verify and
 * crm_simulate, and the metamorphic properties plan several times).
 */
export function defaultShrinkBudget(planner: string): number | undefined {
  return planner === "pacemaker" ? 100 : undefined;
}

/** The command that reproduces a campaign (a shard's, when given). */
export function campaignCommand(spec: CampaignSpec, shard?: Shard, timeLimit?: number): string {
  const allProperties = spec.properties.length === PROPERTIES.length && spec.properties.every((id, k) => PROPERTIES[k]!.id === id);
  return [
    "npm run plancheck -- check",
    `--planner ${spec.planner}`,
    ...(spec.faults.length > 0 ? [`--faults ${spec.faults.join(",")}`] : []),
    `--runs ${spec.runs}`,
    `--seed ${spec.seed}`,
    ...(allProperties ? [] : [`--property ${spec.properties.join(",")}`]),
    ...(spec.maxNodes === DEFAULT_MAX_NODES ? [] : [`--max-nodes ${spec.maxNodes}`]),
    ...(spec.maxResources === DEFAULT_MAX_RESOURCES ? [] : [`--max-resources ${spec.maxResources}`]),
    ...(spec.shrinkBudget === defaultShrinkBudget(spec.planner) ? [] : [`--shrink-budget ${spec.shrinkBudget ?? "none"}`]),
    ...(timeLimit === undefined ? [] : [`--time-limit ${timeLimit}`]),
    ...(shard === undefined ? [] : [`--shard ${shard.index}/${shard.count}`]),
  ].join(" ");
}

const DEFAULT_MAX_NODES = 8;
const DEFAULT_MAX_RESOURCES = 8;

/** What the reports show of a campaign result; `fixtures` gives each finding's saved fixture by property. */
export function campaignViewOf(result: CampaignResult, spec: CampaignSpec, fixtures: ReadonlyMap<string, string>, command: string): CampaignView {
  const statements = new Map(PROPERTIES.map((p) => [p.id, p.statement]));
  const violations: ViolationView[] = result.findings.map((f) => ({
    property: f.property,
    fixture: fixtures.get(f.property) ?? "",
    size: f.size,
    explanation: f.violation.explanation,
    runsToCatch: f.runsToCatch,
    shrunk: f.shrunk,
    cluster: f.cluster,
    transition: f.transition,
    violation: f.violation,
  }));
  return {
    ok: result.ok,
    planner: result.planner,
    faults: result.faults,
    seed: result.seed,
    runs: result.runs,
    properties: result.properties.map((p) => ({ ...p, statement: statements.get(p.id) ?? "" })),
    violations,
    stats: result.stats,
    plannerErrors: result.plannerErrors,
    ...(result.firstPlannerError === undefined ? {} : { firstPlannerError: result.firstPlannerError }),
    maxNodes: spec.maxNodes,
    maxResources: spec.maxResources,
    command,
  };
}

/** Prints a campaign view and writes the reports asked for. */
export async function reportCampaign(
  view: CampaignView,
  flags: { json?: boolean; out?: string | undefined; junit?: string | undefined; quiet?: boolean },
  part?: CampaignPart,
): Promise<void> {
  const json = campaignJson(view, part);
  process.stdout.write(flags.json === true ? json : formatCampaignText(view));
  await writeRequestedReports(flags, () => checkDocument(view), "plancheck check", () => checkJUnitCases(view), json);
}

/** `--shrink-budget N` or `none` (no limit); the planner's default when absent. */
function parseShrinkBudget(value: string | undefined, planner: string): number | undefined {
  if (value === "none") return undefined;
  return value === undefined ? defaultShrinkBudget(planner) : wholeNumber("shrink-budget", value, 0, 1);
}

/** Runs `plancheck check`; returns the exit code. */
export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: CAMPAIGN_OPTIONS });
  if (positionals.length > 0) throw new CliFailure(`check takes no file arguments (got '${positionals[0]}')`);
  const faults = parseFaults(values.faults);
  plannerNamed(values.planner!, faults); // refuses an unknown planner, or faults on one without them, before any work
  const timeLimit = values["time-limit"] === undefined ? undefined : wholeNumber("time-limit", values["time-limit"], 0, 1);
  const spec: CampaignSpec = {
    planner: values.planner!,
    faults,
    properties: selectProperties(values.property).map((p) => p.id),
    runs: wholeNumber("runs", values.runs, 1000, 1),
    seed: wholeNumber("seed", values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1),
    maxNodes: wholeNumber("max-nodes", values["max-nodes"], DEFAULT_MAX_NODES, 2, 64),
    maxResources: wholeNumber("max-resources", values["max-resources"], DEFAULT_MAX_RESOURCES, 1, 200),
  };
  const shrinkBudget = parseShrinkBudget(values["shrink-budget"], spec.planner);
  if (shrinkBudget !== undefined) spec.shrinkBudget = shrinkBudget;
  const workers = parseWorkers(values.workers);
  const shard = parseShard(values.shard);
  const fixtureDir = values.fixtures ?? defaultFixtureDir(spec.planner);
  const progress = progressFor(values);
  const interruption = watchInterruption();
  const started = performance.now();
  const fixtures = new Map<string, string>();
  try {
    const part = await runCampaignPart({
      spec,
      workers,
      ...(shard === undefined ? {} : { shard }),
      ...(timeLimit === undefined ? {} : { timeLimitSeconds: timeLimit }),
      signal: interruption.signal,
      onProgress: (cases, found) => progress.update("check", cases, found),
      onFinding: (finding) => fixtures.set(finding.property, saveFixture(fixtureDir, fixtureOfFinding(finding, spec.planner, faults, spec.seed))),
    });
    progress.done();
    const result = mergeCampaignParts([part]);
    const view = campaignViewOf(result, spec, fixtures, campaignCommand(spec, shard, timeLimit));
    if (timeLimit !== undefined) view.timeLimitSeconds = timeLimit;
    if (values.timings) view.seconds = (performance.now() - started) / 1000;
    const signal = interruption.received();
    if (signal !== undefined) view.interrupted = signal;
    await reportCampaign(view, values, shard === undefined ? undefined : part);
    return interruption.exitCode(result.ok ? (nothingPlanned(view) ? 3 : 0) : 1);
  } finally {
    progress.done();
    interruption.dispose();
  }
}
