/**
 * The saved regression fixtures (fixtures/regressions/*.json, written by
 * `plancheck faults` and `plancheck check`): each fault's counterexample must
 * stay caught when re-planned with that fault, and the reference planner
 * without faults must be free of it. A failure of the second kind is a bug
 * in the reference planner, not in the fixture.
 */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FAULT_IDS, isFaultId, type FaultId } from "../planner/reference/faults.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { propertyById } from "../properties/catalog.ts";
import { parseFixture, type Fixture } from "../reports/fixtures.ts";
import { projectRoot } from "./cli.ts";

const dir = join(projectRoot, "fixtures", "regressions");
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".json"))
  .sort();
const load = (name: string): Fixture => parseFixture(readFileSync(join(dir, name), "utf8"));

/** The explanations of a property's violations for a fixture planned with the given faults. */
function violations(fixture: Fixture, faults: readonly FaultId[]): string[] {
  const property = propertyById(fixture.property)!;
  const planner = referencePlanner(faults);
  const transition = planner.plan(fixture.cluster);
  return property.check({ cluster: fixture.cluster, transition, planner }).map((v) => v.explanation);
}

test("fixtures/regressions holds at least one fixture for every fault mode", () => {
  const covered = new Set(files.flatMap((name) => load(name).faults));
  assert.equal(
    FAULT_IDS.filter((f) => !covered.has(f)),
    [],
    "fault modes without a regression fixture",
  );
});

test("every regression fixture is a valid reference-planner fixture with its CIB XML beside it", () => {
  for (const name of files) {
    const f = load(name);
    assert.is(f.planner, "reference", name);
    assert.ok(propertyById(f.property) !== undefined, `${name}: unknown property ${f.property}`);
    assert.ok(name.startsWith(`${f.property}-`), `${name}: named after its property ${f.property}`);
    assert.ok(
      f.faults.every((x) => isFaultId(x)),
      `${name}: unknown fault in ${f.faults.join(",")}`,
    );
    assert.ok(existsSync(join(dir, name.replace(/\.json$/, ".xml"))), `${name}: no XML beside it`);
  }
});

for (const name of files) {
  const fixture = load(name);
  const faults = fixture.faults as FaultId[];
  if (faults.length > 0) {
    test(`${name}: with fault ${faults.join(",")}, ${fixture.property} still catches it`, () => {
      const found = violations(fixture, faults);
      assert.ok(found.length >= 1, `${fixture.property} no longer catches ${faults.join(",")} on this fixture`);
    });
  }
  test(`${name}: the reference planner without faults holds ${fixture.property} (a failure here is a REFERENCE PLANNER BUG)`, () => {
    const found = violations(fixture, []);
    assert.equal(found, [], `reference planner bug: ${fixture.property} violated without faults:\n${found.join("\n")}`);
  });
}

test.run();
