import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { projectRoot, runCli, sharedDir } from "./cli.ts";

const scenario = (name: string) => join(sharedDir, "scenarios", name);

test("plan: the seed scenario migrates lustre and nothing else", () => {
  const run = runCli(["plan", scenario("cl5055-seed.xml")]);
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, "Transition Summary:\n  * Migrate    lustre     ( lustre03 -> lustre04 )\n");
});

test("plan: the control moves lustre and restarts mgs", () => {
  const run = runCli(["plan", scenario("cl5055-control-not-migratable.xml")]);
  assert.is(run.status, 0, run.stderr);
  assert.is(
    run.stdout,
    "Transition Summary:\n  * Move       lustre     ( n3 -> n4 )\n  * Restart    mgs        ( n1 )  due to required lustre start\n",
  );
});

test("plan --format json gives the graph of the migration", () => {
  const run = runCli(["plan", scenario("cl5055-seed.xml"), "--format", "json"]);
  assert.is(run.status, 0, run.stderr);
  const t = JSON.parse(run.stdout) as { actions: { id: string }[]; edges: { first: string; then: string }[] };
  assert.equal(t.actions.map((a) => a.id).sort(), [
    "migrate_from:lustre@lustre04",
    "migrate_to:lustre@lustre03",
    "start:lustre",
    "stop:lustre@lustre03",
  ]);
  assert.equal(
    t.edges.map((e) => `${e.first} -> ${e.then}`),
    [
      "migrate_to:lustre@lustre03 -> migrate_from:lustre@lustre04",
      "migrate_from:lustre@lustre04 -> stop:lustre@lustre03",
      "stop:lustre@lustre03 -> start:lustre",
    ],
  );
});

test("plan --format dot draws every action and edge", () => {
  const run = runCli(["plan", scenario("cl5055-control-not-migratable.xml"), "--format", "dot"]);
  assert.is(run.status, 0, run.stderr);
  assert.ok(run.stdout.startsWith("digraph transition {"));
  assert.ok(run.stdout.includes('"stop:lustre@n3" -> "start:lustre@n4";'));
  assert.ok(run.stdout.includes('"start:lustre@n4" -> "start:mgs@n1";'));
  assert.is(run.stdout.match(/->/g)?.length, 4);
});

test("a reader that closes the pipe early ends nothing in error: no stack trace, the command's own status", () => {
  const command = `"${process.execPath}" --import tsx scripts/plancheck.ts plan "${scenario("cl5055-seed.xml")}" | true; echo "status \${PIPESTATUS[0]}"`;
  const run = spawnSync("bash", ["-c", command], { cwd: projectRoot, encoding: "utf8" });
  assert.is(run.stderr, "");
  assert.is(run.stdout, "status 0\n");
});

test("bad usage: one line, exit 2", () => {
  const unknown = runCli(["plan", scenario("cl5055-seed.xml"), "--format", "svgz"]);
  assert.is(unknown.status, 2);
  assert.is(unknown.stderr, "plancheck: unknown format 'svgz' (known: summary, json, dot, svg, html)\n");
  const missing = runCli(["plan", "no/such/file.xml"]);
  assert.is(missing.status, 2);
  assert.is(missing.stderr, "plancheck: no/such/file.xml: no such file\n");
  const command = runCli(["frobnicate"]);
  assert.is(command.stderr, "plancheck: unknown command 'frobnicate' (try: plancheck --help)\n");
});

// Bad input (fixtures/bad-input, the size cap, billion laughs): tests/cli-bad-input.test.ts.

test.run();
