/**
 * `plancheck replay FIXTURE [--planner NAME] [--faults a,b]`: re-plans a saved
 * counterexample and re-checks its property. Exit 1 when the violation still
 * occurs, 0 when it no longer does, 2 on a bad or foreign fixture.
 */
import { parseArgs } from "node:util";
import { propertyById } from "../../properties/catalog.ts";
import { parseFixture } from "../../reports/fixtures.ts";
import { CliFailure, parseInputFile } from "../cli.ts";
import { parseFaults, plannerNamed } from "../planners.ts";

/** Runs `plancheck replay`; returns the exit code. */
export function replayCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { planner: { type: "string" }, faults: { type: "string" } },
  });
  if (positionals.length !== 1) throw new CliFailure("usage: plancheck replay FIXTURE.json [--planner NAME]");
  const file = positionals[0]!;
  const fixture = parseInputFile(file, parseFixture);
  const property = propertyById(fixture.property);
  if (property === undefined) throw new CliFailure(`${file}: unknown property '${fixture.property}'`);
  const faults = values.faults !== undefined ? parseFaults(values.faults) : parseFaults(fixture.faults.join(","));
  const planner = plannerNamed(values.planner ?? fixture.planner, faults);
  const transition = planner.plan(fixture.cluster);
  const violations = property.check({ cluster: fixture.cluster, transition, planner });
  if (violations.length === 0) {
    process.stdout.write(`${file}: ${property.id} holds with planner ${planner.name}: the violation no longer occurs\n`);
    return 0;
  }
  process.stdout.write(`${file}: ${property.id} still violated with planner ${planner.name}\n`);
  for (const v of violations) process.stdout.write(`  ${v.explanation}\n`);
  return 1;
}
