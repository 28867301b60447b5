import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { referencePlanner } from "../planner/reference/index.ts";
import { categoryOf, conformCorpus } from "../scripts/conformance.ts";
import { runCli, sharedDir } from "./cli.ts";

const corpus = join(sharedDir, "pacemaker-cts");
const report = conformCorpus(corpus, referencePlanner());
const migration = report.tests.filter((t) => /^(\d+-|migrate-)/.test(t.name));

test("the whole corpus: totals of the reference planner against Pacemaker's expected summaries", () => {
  assert.is(report.total, 704);
  assert.is(report.supported, 341);
  assert.is(report.matched, 297);
  const errors = report.tests.filter((t) => t.status === "error").map((t) => `${t.name}: ${t.detail}`);
  assert.equal(errors, [
    "order-wrong-kind: invalid order kind 'foo' (rsc_order id=order1, line 34)",
  ]);
});

test("migration tests (1-… to 11-…, migrate-*): which are reproduced exactly", () => {
  assert.is(migration.length, 37);
  assert.equal(
    migration.filter((t) => t.status === "matched").map((t) => t.name),
    [
      "migrate-begin",
      "migrate-success",
      "migrate-partial-1",
      "migrate-partial-2",
      "migrate-partial-3",
      "migrate-fail-2",
      "migrate-fail-3",
      "migrate-fail-4",
      "migrate-fail-5",
      "migrate-fail-6",
      "migrate-fail-8",
      "migrate-fail-9",
      "migrate-start",
      "migrate-stop-complex",
      "migrate-start-complex",
      "migrate-stop-start-complex",
      "migrate-1",
      "migrate-2",
      "migrate-3",
      "migrate-5",
      "1-a-then-bm-move-b",
      "2-am-then-b-move-a",
      "3-am-then-bm-both-migrate",
      "4-am-then-bm-b-not-migratable",
      "5-am-then-bm-a-not-migratable",
      "6-migrate-group",
      "7-migrate-group-one-unmigratable",
      "8-am-then-bm-a-migrating-b-stopping",
      "9-am-then-bm-b-migrating-a-stopping",
      "10-a-then-bm-b-move-a-clone",
      "11-a-then-bm-b-move-a-clone-starting",
      "994-2",
    ],
  );
  assert.equal(
    migration.filter((t) => t.status === "unsupported").map((t) => [t.name, t.detail]),
    [
      ["migrate-partial-4", "promotable=true"],
      ["migrate-shutdown", "promotable=true"],
    ],
  );
});

test("a mismatch carries its line diff", () => {
  const t = report.tests.find((x) => x.name === "migrate-fail-7")!;
  assert.is(t.status, "mismatched");
  assert.is(t.detail, "- * Restart test-vm ( hex-13 )\n+ * Start test-vm ( hex-13 )");
});

test("categories come from test names", () => {
  assert.is(categoryOf("migrate-fail-2"), "migration");
  assert.is(categoryOf("group9"), "groups");
  assert.is(categoryOf("rec-node-4"), "fencing");
  assert.is(categoryOf("simple1"), "other");
  const sum = Object.values(report.byCategory).reduce((n, c) => n + c.total, 0);
  assert.is(sum, 704);
});

test("conform --only --json on the command line", () => {
  const run = runCli(["conform", corpus, "--only", "migrate-1,group9", "--json"]);
  assert.is(run.status, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as { total: number; tests: { name: string; status: string }[] };
  assert.is(doc.total, 2);
  assert.equal(doc.tests.map((t) => t.name), ["group9", "migrate-1"]);
  assert.is(doc.tests[1]!.status, "matched");
});

test("conform on a folder that is not a corpus: one line, exit 2", () => {
  const run = runCli(["conform", "fixtures"]);
  assert.is(run.status, 2);
  assert.is(run.stderr, "plancheck: fixtures: not a corpus directory (no TESTS.tsv)\n");
});

// ---- the corpus check: the properties that judge one graph, on Pacemaker's own expected graphs

test("corpus check: the one-graph properties run on every expected graph, the metamorphic ones are not judged", () => {
  assert.equal(report.corpusNotJudged, ["no-restart-on-migration", "stable", "deterministic"]);
  assert.equal(report.corpusProperties, [
    "graph-acyclic",
    "order-respected",
    "dependency-held",
    "transient-safety",
    "migration-protocol",
    "fencing-first",
    "converges",
    "no-needless-actions",
  ]);
  assert.ok(report.corpusChecked >= report.supported, `${report.corpusChecked} expected graphs checked`);
});

test("corpus check: the exact violations of named tests' expected graphs", () => {
  const of = (name: string) => report.corpusViolations.filter((v) => v.test === name).map(({ property, explanation }) => [property, explanation]);
  assert.equal(of("migrate-1"), []);
  assert.equal(of("migrate-5"), [
    [
      "order-respected",
      "stop:dom0-iscsi1-cnx1@dom0-02 is not ordered after stop:domU-test01@dom0-02: the inverse of symmetrical order domU-test01-iscsi1-order1 requires domU-test01 to stop before clone-dom0-iscsi1 may stop.",
    ],
  ]);
  assert.equal(of("unmanaged-stop-1"), [["converges", "The target runs rsc1 on yingying.site, but its target-role is Stopped."]]);
  assert.equal(of("bug-lf-2551"), [
    [
      "transient-safety",
      "fencing-sbd can be active on hex-9 and hex-0 at once outside a live migration window: fencing-sbd on hex-9 (active now) and fencing-sbd on hex-0 (from start:fencing-sbd@hex-0) are not ordered apart.",
    ],
    ["fencing-first", "start:fencing-sbd@hex-0 is not ordered after fence@hex-9: fencing-sbd may start again while unclean hex-9 may still run it."],
  ]);
});

test("corpus check on the command line: corpusViolations in --json, a short section in the text", () => {
  const json = runCli(["conform", corpus, "--only", "migrate-1,migrate-5", "--json"]);
  assert.is(json.status, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { corpusChecked: number; corpusViolations: { test: string; property: string; explanation: string }[] };
  assert.is(doc.corpusChecked, 2);
  assert.equal(doc.corpusViolations.map((v) => [v.test, v.property]), [["migrate-5", "order-respected"]]);
  const text = runCli(["conform", corpus, "--only", "migrate-1,migrate-5"]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /^corpus check: Pacemaker's expected graphs of 2 tests, judged by graph-acyclic, /m);
  assert.match(text.stdout, /^  not judged \(metamorphic, they need a planner to re-plan with\): no-restart-on-migration, stable, deterministic$/m);
  assert.match(text.stdout, /^  migrate-5: order-respected: stop:dom0-iscsi1-cnx1@dom0-02 is not ordered after /m);
});

test.run();
