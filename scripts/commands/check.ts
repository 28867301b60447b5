/**
 * `plancheck check [--planner reference] [--faults a,b] [--runs N] [--seed S]
 * [--time-limit SEC] [--property ids] [--max-nodes N] [--max-resources N]
 * [--fixtures DIR] [--json] [--timings] [--out DIR] [--junit FILE] [--quiet]`:
 * the property campaign. Exit 0 when
 * every property holds, 1 when violations were found (each shrunk and saved
 * as a fixture), 2 on bad usage or input.
 */
import { parseArgs } from "node:util";
import { PROPERTIES, propertyById } from "../../properties/catalog.ts";
import type { Property } from "../../properties/property.ts";
import { campaignJson, formatCampaignText, type CampaignView } from "../../reports/campaign.ts";
import { checkDocument } from "../../reports/document.ts";
import { checkJUnitCases } from "../../reports/junit.ts";
import { saveFixture } from "../../reports/fixtures.ts";
import { fixtureOfFinding, runCampaign } from "../campaign.ts";
import { CliFailure } from "../cli.ts";
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

/** Resolves `--property a,b` against the catalog. */
export function selectProperties(list: string | undefined): Property[] {
  if (list === undefined) return [...PROPERTIES];
  return list.split(",").map((raw) => {
    const p = propertyById(raw.trim());
    if (p === undefined) throw new CliFailure(`unknown property '${raw.trim()}' (known: ${PROPERTIES.map((q) => q.id).join(", ")})`);
    return p;
  });
}

/** The options shared by the campaign commands. */
export const CAMPAIGN_OPTIONS = {
  planner: { type: "string", default: "reference" },
  faults: { type: "string" },
  runs: { type: "string" },
  seed: { type: "string" },
  "time-limit": { type: "string" },
  property: { type: "string" },
  "max-nodes": { type: "string" },
  "max-resources": { type: "string" },
  fixtures: { type: "string" },
  json: { type: "boolean", default: false },
  timings: { type: "boolean", default: false },
  ...REPORT_OPTIONS,
} as const;

/** Runs `plancheck check`; returns the exit code. */
export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: CAMPAIGN_OPTIONS });
  if (positionals.length > 0) throw new CliFailure(`check takes no file arguments (got '${positionals[0]}')`);
  const faults = parseFaults(values.faults);
  const planner = plannerNamed(values.planner!, faults);
  const seed = wholeNumber("seed", values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1);
  const runs = wholeNumber("runs", values.runs, 1000, 1);
  const timeLimit = values["time-limit"] === undefined ? undefined : wholeNumber("time-limit", values["time-limit"], 0, 1);
  const properties = selectProperties(values.property);
  const maxNodes = wholeNumber("max-nodes", values["max-nodes"], 8, 2, 64);
  const maxResources = wholeNumber("max-resources", values["max-resources"], 8, 1, 200);
  const progress = progressFor(values);
  const started = performance.now();
  const result = runCampaign({
    planner,
    faults,
    properties,
    runs,
    seed,
    maxNodes,
    maxResources,
    ...(timeLimit === undefined ? {} : { timeLimitSeconds: timeLimit }),
    onProgress: (cases, found) => progress.update("check", cases, found),
  });
  progress.done();
  const fixtureDir = values.fixtures ?? (values.planner === "pacemaker" ? "fixtures/pacemaker" : "fixtures/regressions");
  const violations = result.findings.map((f) => {
    const fixture = saveFixture(fixtureDir, fixtureOfFinding(f, values.planner!, faults, seed));
    return {
      property: f.property,
      fixture,
      size: f.size,
      explanation: f.violation.explanation,
      runsToCatch: f.runsToCatch,
      cluster: f.cluster,
      transition: f.transition,
      violation: f.violation,
    };
  });
  const command = [
    "npm run plancheck -- check",
    `--planner ${values.planner}`,
    ...(faults.length > 0 ? [`--faults ${faults.join(",")}`] : []),
    `--runs ${runs}`,
    `--seed ${seed}`,
    ...(values.property === undefined ? [] : [`--property ${properties.map((p) => p.id).join(",")}`]),
    ...(values["max-nodes"] === undefined ? [] : [`--max-nodes ${maxNodes}`]),
    ...(values["max-resources"] === undefined ? [] : [`--max-resources ${maxResources}`]),
    ...(timeLimit === undefined ? [] : [`--time-limit ${timeLimit}`]),
  ].join(" ");
  const statements = new Map(properties.map((p) => [p.id, p.statement]));
  const view: CampaignView = {
    ok: result.ok,
    planner: result.planner,
    faults,
    seed,
    runs: result.runs,
    properties: result.properties.map((p) => ({ ...p, statement: statements.get(p.id) ?? "" })),
    violations,
    stats: result.stats,
    plannerErrors: result.plannerErrors,
    maxNodes,
    maxResources,
    command,
  };
  if (timeLimit !== undefined) view.timeLimitSeconds = timeLimit;
  if (values.timings) view.seconds = (performance.now() - started) / 1000;
  process.stdout.write(values.json ? campaignJson(view) : formatCampaignText(view));
  await writeRequestedReports(values, () => checkDocument(view), "plancheck check", () => checkJUnitCases(view));
  return result.ok ? 0 : 1;
}
