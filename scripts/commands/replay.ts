/**
 * `plancheck replay FIXTURE [--planner NAME] [--faults a,b] [--max-input-bytes N]`:
 * re-plans a saved counterexample and re-checks its property (a differential
 * fixture of `plancheck diff`: re-plans it with both planners and compares
 * them again). Exit 1 when the
 * violation still occurs, 0 when it no longer does, 2 on a bad or foreign
 * fixture (one line: what is wrong and where), 3 when the planner fails.
 */
import { parseArgs } from "node:util";
import { PlannerError, type Transition } from "../../planner/model.ts";
import { propertyById } from "../../properties/catalog.ts";
import { parseFixture, type Fixture } from "../../reports/fixtures.ts";
import { CliFailure, maxInputBytes, parseInputFile } from "../cli.ts";
import { diffCluster } from "../diff.ts";
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

/**
 * Replays a differential fixture (`plancheck diff`): plans its cluster with
 * the reference planner (or --planner) and Pacemaker, and says whether they
 * still disagree in the fixture's kind. Exit 1 when they do, 0 when not.
 */
function replayDisagreement(file: string, fixture: Fixture, plannerName: string | undefined): number {
  const kind = fixture.kind;
  if (typeof kind !== "string" || kind === "") throw new CliFailure(`${file}: corrupt fixture: a diff fixture without its kind (field "kind")`);
  const pair = { reference: plannerName ?? fixture.planner, oracle: "pacemaker" };
  fixtureField(file, "planner", () => plannerNamed(pair.reference, []));
  const outcome = diffCluster(pair, fixture.cluster, 0);
  if (outcome.status === "oracle-error") throw new CliFailure(`${file}: planner failed: ${outcome.message}`, 3);
  const found = outcome.status === "disagree" ? outcome.disagreements.filter((d) => d.kind === kind) : [];
  if (found.length === 0) {
    process.stdout.write(`${file}: ${pair.reference} and ${pair.oracle} no longer disagree in kind ${kind}\n`);
    return 0;
  }
  process.stdout.write(`${file}: ${pair.reference} and ${pair.oracle} still disagree in kind ${kind}\n`);
  for (const d of found) {
    process.stdout.write(`  ${d.subject} (${d.aspect}): ${pair.reference}: ${d.reference.join("; ") || "(no line)"}; ${pair.oracle}: ${d.oracle.join("; ") || "(no line)"}\n`);
  }
  if (found[0]!.note !== undefined) process.stdout.write(`  known difference: ${found[0]!.note}\n`);
  return 1;
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
  if (fixture.property === "diff") return replayDisagreement(file, fixture, values.planner);
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
