/**
 * Pacemaker findings as regressions: each fixture of fixtures/pacemaker/
 * (saved by `plancheck check --planner pacemaker --runs 200 --seed 1`) still
 * shows its exact violation when replayed with the real crm_simulate, and the
 * reference planner satisfies the same property on the same cluster; so does
 * a finding no campaign fixture holds, on a CIB minimised from a diff case. The
 * oracle tests print `SKIP …` and pass when crm_simulate is not installed,
 * unless PLANCHECK_REQUIRE_PACEMAKER=1 (then they fail).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCib } from "../planner/cib/read.ts";
import { pacemakerPlanner } from "../planner/pacemaker/planner.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { transientSafety } from "../properties/transient-safety.ts";
import type { Fixture } from "../reports/fixtures.ts";
import { projectRoot, runCli } from "./cli.ts";
import { missingTools, oracleTest } from "./oracle.ts";

const DIR = "fixtures/pacemaker";

/** The findings, by fixture file: the property each violates. */
const FINDINGS: [file: string, property: string][] = [
  ["converges-51a9c8d8a1.json", "converges"],
  ["dependency-held-b3bf6580cc.json", "dependency-held"],
  ["deterministic-f81f59e014.json", "deterministic"],
  ["graph-acyclic-d21cadb024.json", "graph-acyclic"],
  ["no-needless-actions-638617f800.json", "no-needless-actions"],
  ["order-respected-e0c2066bc2.json", "order-respected"],
  ["stable-842d4d16db.json", "stable"],
  ["transient-safety-94216a01ec.json", "transient-safety"],
];

const missing = missingTools();

/** A test that needs crm_simulate and crm_verify. */
function oracle(name: string, body: () => void): void {
  oracleTest(name, missing, body);
}

function fixture(file: string): Fixture {
  return JSON.parse(readFileSync(join(projectRoot, DIR, file), "utf8")) as Fixture;
}

test("fixtures/pacemaker holds exactly the listed findings, each with its CIB beside it, saved by the pacemaker planner", () => {
  const files = readdirSync(join(projectRoot, DIR)).sort();
  assert.equal(files.filter((f) => f.endsWith(".json")), FINDINGS.map(([f]) => f));
  assert.equal(files.filter((f) => f.endsWith(".xml")), FINDINGS.map(([f]) => f.replace(/\.json$/, ".xml")));
  for (const [file, property] of FINDINGS) {
    const f = fixture(file);
    assert.is(f.property, property, file);
    assert.is(f.planner, "pacemaker", file);
    assert.is(f.seed, 1, file);
    assert.ok(f.explanation.length > 0, file);
  }
});

for (const [file, property] of FINDINGS) {
  const path = join(DIR, file);

  oracle(`${property}: replay under --planner pacemaker still shows the violation (${file})`, () => {
    const run = runCli(["replay", path, "--planner", "pacemaker"]);
    assert.is(run.status, 1, run.stderr || run.stdout);
    const lines = run.stdout.split("\n");
    assert.is(lines[0], `${path}: ${property} still violated with planner pacemaker`);
    assert.ok(lines.slice(1).includes(`  ${fixture(file).explanation}`), `the explanation of ${file} is no longer among:\n${run.stdout}`);
  });

  test(`${property}: the reference planner satisfies it on the same cluster (${file})`, () => {
    const run = runCli(["replay", path, "--planner", "reference"]);
    assert.is(run.status, 0, run.stderr || run.stdout);
    assert.is(run.stdout, `${path}: ${property} holds with planner reference: the violation no longer occurs\n`);
  });
}

oracle("transient-safety: crm_simulate stacks two instances of a cloned group on one node (fixtures/fidelity/cloned-group-instances-stacked.xml)", () => {
  const cluster = readCib(readFileSync(join(projectRoot, "fixtures/fidelity/cloned-group-instances-stacked.xml"), "utf8"));
  const planner = pacemakerPlanner();
  const violations = transientSafety.check({ cluster, transition: planner.plan(cluster), planner });
  assert.equal(
    violations.map((v) => v.explanation),
    ["g1-clone can have 2 instances of r5 active at once on n4, more than clone-node-max 1: r5 on n4 (from start:r5@n4) and r5 on n4 (from start:r5@n4#2)."],
  );
  const reference = referencePlanner();
  assert.equal(transientSafety.check({ cluster, transition: reference.plan(cluster), planner: reference }), []);
});

test.run();
