/**
 * `plancheck replay FIXTURE [--planner NAME] [--faults a,b] [--max-input-bytes N]`:
 * re-plans a saved counterexample and re-checks its property. Exit 1 when the
 * violation still occurs, 0 when it no longer does, 2 on a bad or foreign
 * fixture (one line: what is wrong and where), 3 when the planner fails.
 */
import { parseArgs } from "node:util";
import { PlannerError, type Transition } from "../../planner/model.ts";
import { propertyById } from "../../properties/catalog.ts";
import { parseFixture } from "../../reports/fixtures.ts";
import { CliFailure, maxInputBytes, parseInputFile } from "../cli.ts";
import { parseFaults, plannerNamed } from "../planners.ts";

/** Runs `fromFixture`, naming the fixture file and field when what the fixture says is refused. */
function fixtureField<T>(file: string, field: string, fromFixture: () => T): T {
  try {
    return fromFixture();
  } catch (error) {
    if (error instanceof CliFailure) throw new CliFailure(`${file}: ${error.message} (field "${field}")`, error.exitCode);
    throw error;
  }
}

/** Runs `plancheck replay`; returns the exit code. */
export function replayCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { planner: { type: "string" }, faults: { type: "string" }, "max-input-bytes": { type: "string" } },
  });
  if (positionals.length !== 1) throw new CliFailure("usage: plancheck replay FIXTURE.json [--planner NAME]");
  const file = positionals[0]!;
  const fixture = parseInputFile(file, parseFixture, maxInputBytes(values["max-input-bytes"]));
  const property = propertyById(fixture.property);
  if (property === undefined) throw new CliFailure(`${file}: unknown property '${fixture.property}' (field "property")`);
  const faults = values.faults !== undefined ? parseFaults(values.faults) : fixtureField(file, "faults", () => parseFaults(fixture.faults.join(",")));
  const planner = values.planner !== undefined ? plannerNamed(values.planner, faults) : fixtureField(file, "planner", () => plannerNamed(fixture.planner, faults));
  let transition: Transition;
  try {
    transition = planner.plan(fixture.cluster);
  } catch (error) {
    if (error instanceof PlannerError) throw new CliFailure(`${file}: planner failed: ${error.message}`, 3);
    throw error;
  }
  const violations = property.check({ cluster: fixture.cluster, transition, planner });
  if (violations.length === 0) {
    process.stdout.write(`${file}: ${property.id} holds with planner ${planner.name}: the violation no longer occurs\n`);
    return 0;
  }
  process.stdout.write(`${file}: ${property.id} still violated with planner ${planner.name}\n`);
  for (const v of violations) process.stdout.write(`  ${v.explanation}\n`);
  return 1;
}
