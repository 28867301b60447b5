/**
 * `plancheck merge DIR|FILE... [--fixtures DIR] [--json] [--out DIR]
 * [--junit FILE] [--quiet]`: merges the shards of one campaign (each run with
 * `check --shard I/N --out DIR`, or its `--json` saved to a file) into one
 * report and one verdict, the same as the unsharded campaign's. Exit 0 when
 * every property holds, 1 on violations, 2 on a missing, foreign or
 * mismatched shard.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { InputError } from "../../planner/errors.ts";
import { parseJsonText } from "../../planner/text.ts";
import { nothingPlanned } from "../../reports/campaign.ts";
import { saveFixture } from "../../reports/fixtures.ts";
import { fixtureOfFinding, mergeCampaignParts, type CampaignPart } from "../campaign.ts";
import { CliFailure, parseInputFile } from "../cli.ts";
import { campaignCommand, campaignViewOf, defaultFixtureDir, reportCampaign } from "./check.ts";
import { REPORT_OPTIONS } from "./reporting.ts";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Reads the shard part out of a `check --shard … --json` document, refusing anything else with the reason. */
export function parseShardDocument(text: string): CampaignPart {
  const doc = parseJsonText(text, "not a campaign shard");
  if (!isObject(doc)) throw new InputError("not a campaign shard: not a JSON object");
  const part = doc.part;
  if (!isObject(part)) throw new InputError('not a campaign shard: no "part" (run check with --shard I/N)');
  const { spec, shard, checked, firstFailures, plannerErrors, stats, findings, cutShort } = part;
  if (!isObject(spec) || typeof spec.planner !== "string" || !Array.isArray(spec.faults) || !Array.isArray(spec.properties) || !isCount(spec.runs) || !isCount(spec.seed) || !isCount(spec.maxNodes) || !isCount(spec.maxResources)) {
    throw new InputError('corrupt campaign shard: "part.spec" is not a campaign spec');
  }
  if (!isObject(shard) || !isCount(shard.index) || !isCount(shard.count) || shard.index < 1 || shard.index > shard.count) {
    throw new InputError('corrupt campaign shard: "part.shard" is not I/N');
  }
  if (!isCount(checked) || !isObject(firstFailures) || !Object.values(firstFailures).every(isCount) || !Array.isArray(plannerErrors) || !isObject(stats) || !Array.isArray(findings) || typeof cutShort !== "boolean") {
    throw new InputError("corrupt campaign shard: missing or malformed results");
  }
  for (const id of Object.keys(firstFailures)) {
    const finding = findings.find((f) => isObject(f) && f.property === id);
    if (!isObject(finding) || !isObject(finding.cluster) || !isObject(finding.transition) || !isObject(finding.violation) || !isCount(finding.runsToCatch)) {
      throw new InputError(`corrupt campaign shard: no finding for failing property '${id}'`);
    }
  }
  return part as unknown as CampaignPart;
}

/** The shard document a command-line argument names: the file, or `campaign.json` in the folder. */
function shardFile(argument: string): string {
  try {
    return statSync(argument).isDirectory() ? join(argument, "campaign.json") : argument;
  } catch {
    return argument;
  }
}

/** Checks that the parts are the shards of one campaign, each once and none missing. */
function checkComplete(parts: readonly { file: string; part: CampaignPart }[]): void {
  const [first] = parts;
  const spec = JSON.stringify(first!.part.spec);
  const count = first!.part.shard.count;
  const seen = new Map<number, string>();
  for (const { file, part } of parts) {
    if (JSON.stringify(part.spec) !== spec) throw new CliFailure(`${file}: a shard of another campaign than ${first!.file} (planner, faults, properties, runs, seed or sizes differ)`);
    if (part.shard.count !== count) throw new CliFailure(`${file}: shard ${part.shard.index}/${part.shard.count}, but ${first!.file} is one of ${count}`);
    const twin = seen.get(part.shard.index);
    if (twin !== undefined) throw new CliFailure(`${file}: shard ${part.shard.index}/${count} given twice (also ${twin})`);
    seen.set(part.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new CliFailure(`missing shard${missing.length === 1 ? "" : "s"} ${missing.map((index) => `${index}/${count}`).join(", ")}`);
}

/** Runs `plancheck merge`; returns the exit code. */
export async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { fixtures: { type: "string" }, json: { type: "boolean", default: false }, ...REPORT_OPTIONS },
  });
  if (positionals.length === 0) throw new CliFailure("usage: plancheck merge DIR|FILE... (the outputs of check --shard I/N)");
  const parts = positionals.map((argument) => {
    const file = shardFile(argument);
    return { file, part: parseInputFile(file, parseShardDocument) };
  });
  checkComplete(parts);
  const { spec } = parts[0]!.part;
  const result = mergeCampaignParts(parts.map(({ part }) => part));
  const fixtureDir = values.fixtures ?? defaultFixtureDir(spec.planner);
  const fixtures = new Map(result.findings.map((f) => [f.property, saveFixture(fixtureDir, fixtureOfFinding(f, spec.planner, spec.faults, spec.seed))]));
  const view = campaignViewOf(result, spec, fixtures, campaignCommand(spec));
  await reportCampaign(view, values);
  return result.ok ? (nothingPlanned(view) ? 3 : 0) : 1;
}
