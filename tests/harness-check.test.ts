/**
 * The `check` and `replay` commands end to end, as a user runs them: the
 * cl#5055 fault is found, shrunk to the two-resource example and saved as a
 * fixture that replays; the same seed gives the same output; bad usage is
 * one line on stderr and exit 2.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ClusterState, Constraint } from "../planner/model.ts";
import type { Fixture } from "../reports/fixtures.ts";
import { runCli } from "./cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "plancheck-harness-check-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

interface CheckJson {
  ok: boolean;
  planner: string;
  faults: string[];
  seed: number;
  runs: number;
  properties: { id: string; holds: boolean; runs: number }[];
  violations: { property: string; fixture: string; size: { nodes: number; resources: number; constraints: number }; explanation: string }[];
  stats: Record<string, number>;
  plannerErrors: number;
}

/** The late-migration campaign, run once and shared by the tests below. */
const lateDir = join(scratch, "late-migration");
const late = runCli([
  "check",
  "--faults",
  "late-migration",
  "--seed",
  "1",
  "--runs",
  "300",
  "--property",
  "no-restart-on-migration",
  "--fixtures",
  lateDir,
  "--json",
]);
const lateJson = (): CheckJson => JSON.parse(late.stdout) as CheckJson;
const lateFixturePath = (): string => lateJson().violations[0]!.fixture;
const lateFixture = (): Fixture => JSON.parse(readFileSync(lateFixturePath(), "utf8")) as Fixture;

test("check --faults late-migration: exit 1, one no-restart-on-migration violation shrunk to 2 nodes, 2 resources, 2 constraints", () => {
  assert.is(late.status, 1, late.stderr);
  assert.is(late.stderr, "");
  const doc = lateJson();
  assert.is(doc.ok, false);
  assert.is(doc.planner, "reference+late-migration");
  assert.equal(doc.faults, ["late-migration"]);
  assert.is(doc.seed, 1);
  assert.equal(doc.properties.map((p) => [p.id, p.holds]), [["no-restart-on-migration", false]]);
  assert.is(doc.violations.length, 1);
  const [v] = doc.violations;
  assert.is(v!.property, "no-restart-on-migration");
  assert.equal(v!.size, { nodes: 2, resources: 2, constraints: 2 });
});

test("check --shrink-budget N: a shrink plans at most N candidates; with 1 the case stays as generated, and the command says so", () => {
  const args = ["check", "--faults", "late-migration", "--seed", "1", "--runs", "300", "--property", "no-restart-on-migration", "--json"];
  const junit = join(scratch, "budget-1.xml");
  const budget = runCli([...args, "--shrink-budget", "1", "--fixtures", join(scratch, "budget-1"), "--junit", junit]);
  assert.is(budget.status, 1, budget.stderr);
  const doc = JSON.parse(budget.stdout) as CheckJson;
  assert.equal(doc.violations[0]!.size, { nodes: 4, resources: 4, constraints: 7 });
  assert.match(readFileSync(junit, "utf8"), "Run: npm run plancheck -- check --planner reference --faults late-migration --runs 300 --seed 1 --property no-restart-on-migration --shrink-budget 1</failure>");
  const unlimited = runCli([...args, "--shrink-budget", "none", "--fixtures", join(scratch, "budget-none")]);
  assert.equal((JSON.parse(unlimited.stdout) as CheckJson).violations[0]!.size, { nodes: 2, resources: 2, constraints: 2 });
  const bad = runCli([...args, "--shrink-budget", "0"]);
  assert.is(bad.status, 2);
  assert.is(bad.stderr, "plancheck: --shrink-budget takes a whole number from 1 to 9007199254740991, not '0'\n");
});

test("check --fixtures DIR: the fixture JSON is in DIR with its CIB XML beside it, and nothing else", () => {
  const path = lateFixturePath();
  assert.ok(path.startsWith(lateDir + "/"), path);
  assert.ok(/\/no-restart-on-migration-[0-9a-f]{10}\.json$/.test(path), path);
  assert.ok(existsSync(path), path);
  const xml = path.replace(/\.json$/, ".xml");
  assert.ok(existsSync(xml), xml);
  assert.ok(readFileSync(xml, "utf8").startsWith("<cib "), "the XML beside the fixture is a CIB");
  const base = path.slice(lateDir.length + 1, -".json".length);
  assert.equal(readdirSync(lateDir).sort(), [`${base}.json`, `${base}.xml`]);
  const f = lateFixture();
  assert.is(f.format, "plancheck-fixture/1");
  assert.is(f.property, "no-restart-on-migration");
  assert.is(f.planner, "reference");
  assert.equal(f.faults, ["late-migration"]);
  assert.is(f.seed, 1);
  assert.equal(f.size, { nodes: 2, resources: 2, constraints: 2 });
  assert.is(f.explanation, lateJson().violations[0]!.explanation);
});

test("the shrunk late-migration fixture is cl#5055: one order and one location constraint, a migrating resource and a restarted dependent", () => {
  const c: ClusterState = lateFixture().cluster;
  const kinds = c.constraints.map((k: Constraint) => k.kind).sort();
  assert.equal(kinds, ["location", "order"]);
  const order = c.constraints.find((k) => k.kind === "order") as Extract<Constraint, { kind: "order" }>;
  const location = c.constraints.find((k) => k.kind === "location") as Extract<Constraint, { kind: "location" }>;
  const migrating = order.first;
  const restarted = order.then;
  assert.is.not(migrating, restarted);
  assert.is(location.resource, migrating, "the location constraint moves the migrating resource");
  const primitives = c.resources.filter((r) => r.kind === "primitive");
  assert.is(primitives.length, 2);
  const byId = new Map(primitives.map((r) => [r.id, r]));
  assert.is((byId.get(migrating)!.meta as { allowMigrate?: boolean }).allowMigrate, true, "the first of the order may migrate");
  const dependentNode = c.status.active.find((a) => a.resource === restarted)?.node;
  assert.ok(dependentNode !== undefined, "the dependent is active before the transition");
  assert.is(
    lateFixture().explanation,
    `${restarted} is restarted on ${dependentNode} only because it is ordered after ${migrating} (order ${order.id}), but ${migrating} live-migrates and never goes down.`,
  );
});

test("replay FIXTURE: the late-migration violation is still there (exit 1)", () => {
  const path = lateFixturePath();
  const run = runCli(["replay", path]);
  assert.is(run.status, 1, run.stderr);
  assert.is(run.stderr, "");
  assert.is(
    run.stdout,
    `${path}: no-restart-on-migration still violated with planner reference+late-migration\n  ${lateFixture().explanation}\n`,
  );
});

test('replay FIXTURE --faults "": the reference planner without faults no longer has it (exit 0)', () => {
  const path = lateFixturePath();
  const run = runCli(["replay", path, "--faults", ""]);
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.is(run.stderr, "");
  assert.is(run.stdout, `${path}: no-restart-on-migration holds with planner reference: the violation no longer occurs\n`);
});

test("check: the same seed gives byte-identical --json output", () => {
  const dir = join(scratch, "seed-7");
  const args = ["check", "--seed", "7", "--runs", "200", "--json", "--fixtures", dir];
  const first = runCli(args);
  const second = runCli(args);
  assert.ok(first.status === 0 || first.status === 1, `exit ${first.status}: ${first.stderr}`);
  assert.is(second.status, first.status);
  assert.is(first.stderr, "");
  assert.is(second.stderr, "");
  const doc = JSON.parse(first.stdout) as CheckJson;
  assert.is(doc.seed, 7);
  assert.is(doc.runs, 200);
  assert.is(doc.stats.cases, 200);
  assert.is(second.stdout, first.stdout);
});

const bad = (args: string[]) => runCli(args);

test("bad usage: check --runs abc is one line, exit 2", () => {
  const run = bad(["check", "--runs", "abc"]);
  assert.is(run.status, 2);
  assert.is(run.stdout, "");
  assert.is(run.stderr, `plancheck: --runs takes a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not 'abc'\n`);
});

test("bad usage: check --faults nope is one line naming the known faults, exit 2", () => {
  const run = bad(["check", "--faults", "nope"]);
  assert.is(run.status, 2);
  assert.is(run.stdout, "");
  assert.is(
    run.stderr,
    "plancheck: unknown fault 'nope' (known: late-migration, no-inverse-order, start-before-stop, unordered-migration, " +
      "anticolocation-unordered, no-fencing, unstable-tiebreak, eager-restart, mirror-both-ways, forget-stop, prefer-elsewhere)\n",
  );
});

test("bad input: replay of a JSON file that is not a fixture is one line, exit 2", () => {
  const file = join(scratch, "not-a-fixture.json");
  writeFileSync(file, '{"property": "stable", "cluster": {}}\n');
  const run = bad(["replay", file]);
  assert.is(run.status, 2);
  assert.is(run.stdout, "");
  assert.is(run.stderr, `plancheck: ${file}: not a plancheck fixture: no format, expected "plancheck-fixture/1" (field "format")\n`);
});

test("bad input: replay of a truncated fixture is one line naming the JSON error and where, exit 2", () => {
  const file = join(scratch, "truncated.json");
  writeFileSync(file, readFileSync(lateFixturePath(), "utf8").split("\n").slice(0, 3).join("\n") + '\n  "planner": "refer');
  const run = bad(["replay", file]);
  assert.is(run.status, 2);
  assert.is(run.stdout, "");
  assert.is(run.stderr, `plancheck: ${file}: not a plancheck fixture: invalid JSON: Unterminated string (line 4, column 20)\n`);
});

test("bad input: replay of a fixture missing its cluster is one line naming the field, exit 2", () => {
  const file = join(scratch, "no-cluster.json");
  const { cluster: _cluster, ...rest } = lateFixture();
  writeFileSync(file, JSON.stringify(rest));
  const run = bad(["replay", file]);
  assert.is(run.status, 2);
  assert.is(run.stdout, "");
  assert.is(run.stderr, `plancheck: ${file}: corrupt fixture: missing "cluster" (field "cluster")\n`);
});

test.run();
