/**
 * The `faults` command end to end: within the default budget (300 cases per
 * fault, seed 1) every fault mode of the reference planner is caught, every
 * property catches some fault, and the catches DESIGN.md's fault table is
 * written for are among them.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FAULT_IDS } from "../planner/reference/faults.ts";
import { PROPERTIES } from "../properties/catalog.ts";
import { runCli } from "./cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "plancheck-harness-faults-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

interface FaultsJson {
  faults: {
    id: string;
    caughtBy: string[];
    runsToCatch: number | null;
    size: { nodes: number; resources: number; constraints: number } | null;
    fixtures: string[];
  }[];
  properties: { id: string; catches: string[] }[];
}

const fixtureDir = join(scratch, "fixtures");
const run = runCli(["faults", "--json", "--runs", "300", "--seed", "1", "--fixtures", fixtureDir]);
const doc = (): FaultsJson => JSON.parse(run.stdout) as FaultsJson;
const caughtBy = (fault: string): string[] => doc().faults.find((f) => f.id === fault)?.caughtBy ?? [];

test("faults --json: exit 0, one row per fault mode and one per property, in catalog order", () => {
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stderr, "");
  assert.equal(
    doc().faults.map((f) => f.id),
    [...FAULT_IDS],
  );
  assert.equal(
    doc().properties.map((p) => p.id),
    PROPERTIES.map((p) => p.id),
  );
  assert.is(FAULT_IDS.length, 11);
  assert.is(PROPERTIES.length, 11);
});

for (const fault of FAULT_IDS) {
  test(`faults: ${fault} is caught, with a runs count, a shrunk size and one saved fixture per catching property`, () => {
    const row = doc().faults.find((f) => f.id === fault)!;
    assert.ok(row.caughtBy.length > 0, `${fault} is not caught`);
    assert.ok(row.runsToCatch !== null && row.runsToCatch >= 1 && row.runsToCatch <= 300, `runsToCatch ${row.runsToCatch}`);
    assert.ok(row.size !== null);
    assert.is(row.fixtures.length, row.caughtBy.length);
    row.fixtures.forEach((path, k) => {
      assert.ok(path.startsWith(`${fixtureDir}/${row.caughtBy[k]}-`), path);
      assert.ok(existsSync(path), path);
      assert.ok(existsSync(path.replace(/\.json$/, ".xml")), `${path}: no XML beside it`);
    });
  });
}

for (const property of PROPERTIES) {
  test(`faults: property ${property.id} catches at least one fault`, () => {
    const row = doc().properties.find((p) => p.id === property.id)!;
    assert.ok(row.catches.length > 0, `${property.id} catches nothing`);
    const expected = doc()
      .faults.filter((f) => f.caughtBy.includes(property.id))
      .map((f) => f.id);
    assert.equal(row.catches, expected, "the property rows are the transpose of the fault rows");
  });
}

/** The catch each of these faults exists for (DESIGN.md's fault table and property statements). */
const INTENDED: [fault: string, property: string][] = [
  ["late-migration", "no-restart-on-migration"],
  ["no-fencing", "fencing-first"],
  ["mirror-both-ways", "graph-acyclic"],
  ["unstable-tiebreak", "deterministic"],
  ["prefer-elsewhere", "stable"],
  ["unordered-migration", "migration-protocol"],
];

for (const [fault, property] of INTENDED) {
  test(`faults: ${fault} is caught by ${property}`, () => {
    assert.ok(caughtBy(fault).includes(property), `${fault} caught by: ${caughtBy(fault).join(", ") || "nothing"}`);
  });
}

test("faults: late-migration shrinks to the two-resource example of cl#5055 (2 nodes, 2 resources, 2 constraints)", () => {
  assert.equal(doc().faults.find((f) => f.id === "late-migration")!.size, { nodes: 2, resources: 2, constraints: 2 });
});

test.run();
