/**
 * Parallel and sharded campaigns: `--workers 1` and `--workers 2` give the
 * same JSON for the same seed, three shards merged give the unsharded run,
 * `merge` refuses incomplete or foreign shards with one line, and an
 * interrupted campaign reports what ran and keeps its fixtures.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseFixture } from "../reports/fixtures.ts";
import { projectRoot, runCli } from "./cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "plancheck-parallel-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const fixtures = join(scratch, "fixtures");
const campaign = ["check", "--faults", "late-migration", "--runs", "200", "--seed", "5", "--fixtures", fixtures];

const oneWorker = runCli([...campaign, "--workers", "1", "--json"]);
const twoWorkers = runCli([...campaign, "--workers", "2", "--json"]);

test("--workers 1 and --workers 2 give the same JSON, byte for byte", () => {
  assert.is(oneWorker.status, 1, oneWorker.stderr);
  assert.is(twoWorkers.stdout, oneWorker.stdout);
  const doc = JSON.parse(oneWorker.stdout);
  assert.equal(
    doc.properties.filter((p: { holds: boolean }) => !p.holds).map((p: { id: string; runs: number }) => `${p.id}@${p.runs}`),
    ["order-respected@15", "dependency-held@20", "no-restart-on-migration@6", "no-needless-actions@6"],
  );
});

test("three shards merged equal the unsharded campaign", () => {
  const firstFailures = [
    { "no-restart-on-migration": 27, "no-needless-actions": 27, "order-respected": 24, "dependency-held": 75 },
    { "no-restart-on-migration": 34, "no-needless-actions": 34, "order-respected": 19, "dependency-held": 19 },
    { "no-restart-on-migration": 5, "no-needless-actions": 5, "order-respected": 14 },
  ];
  for (const index of [1, 2, 3]) {
    const shard = runCli([...campaign, "--shard", `${index}/3`, "--workers", "2", "--json", "--quiet", "--out", join(scratch, `shard${index}`)]);
    assert.is(shard.status, 1, shard.stderr);
    const doc = JSON.parse(shard.stdout);
    assert.equal(doc.part.shard, { index, count: 3 });
    assert.is(doc.runs, index === 3 ? 66 : 67);
    assert.equal(doc.part.firstFailures, firstFailures[index - 1]);
  }
  const merged = runCli(["merge", join(scratch, "shard3"), join(scratch, "shard1"), join(scratch, "shard2"), "--json", "--fixtures", fixtures]);
  assert.is(merged.status, 1, merged.stderr);
  assert.is(merged.stdout, oneWorker.stdout);
});

test("merge refuses a missing, repeated or foreign shard with one line and exit 2", () => {
  const shard1 = join(scratch, "shard1");
  const missing = runCli(["merge", shard1, join(scratch, "shard3")]);
  assert.is(missing.status, 2);
  assert.is(missing.stderr, "plancheck: missing shard 2/3\n");
  const twice = runCli(["merge", shard1, shard1, join(scratch, "shard2"), join(scratch, "shard3")]);
  assert.is(twice.stderr, `plancheck: ${shard1}/campaign.json: shard 1/3 given twice (also ${shard1}/campaign.json)\n`);
  const whole = join(scratch, "whole.json");
  writeFileSync(whole, oneWorker.stdout);
  const foreign = runCli(["merge", whole]);
  assert.is(foreign.status, 2);
  assert.is(foreign.stderr, `plancheck: ${whole}: not a campaign shard: no "part" (run check with --shard I/N)\n`);
  const other = runCli(["check", "--runs", "20", "--seed", "6", "--shard", "2/3", "--json", "--quiet", "--fixtures", fixtures, "--out", join(scratch, "other")]);
  assert.is(other.status, 0, other.stderr);
  const mixed = runCli(["merge", shard1, join(scratch, "other"), join(scratch, "shard3")]);
  assert.is(mixed.stderr, `plancheck: ${join(scratch, "other")}/campaign.json: a shard of another campaign than ${shard1}/campaign.json (planner, faults, properties, runs, seed or sizes differ)\n`);
  const broken = join(scratch, "broken.json");
  writeFileSync(broken, '{"part": {"spec": 1}}');
  assert.is(runCli(["merge", broken]).stderr, `plancheck: ${broken}: corrupt campaign shard: "part.spec" is not a campaign spec\n`);
});

test("bad --workers and --shard values are one line and exit 2", () => {
  const workers = runCli(["check", "--workers", "0"]);
  assert.is(workers.status, 2);
  assert.is(workers.stderr, "plancheck: --workers takes a whole number from 1 to 256, not '0'\n");
  const shard = runCli(["check", "--shard", "4/3"]);
  assert.is(shard.status, 2);
  assert.is(shard.stderr, "plancheck: --shard takes I/N with 1 <= I <= N, not '4/3'\n");
});

test("faults: --workers 1 and --workers 2 give the same matrix", () => {
  const args = ["faults", "--only", "late-migration,forget-stop", "--runs", "150", "--json", "--fixtures", fixtures];
  const one = runCli([...args, "--workers", "1"]);
  const two = runCli([...args, "--workers", "2"]);
  assert.is(one.status, 0, one.stderr);
  assert.is(two.stdout, one.stdout);
});

const corpus = join(projectRoot, "..", "shared", "pacemaker-cts");

test("conform: --workers 1 and --workers 2 give the same report, byte for byte", () => {
  if (!existsSync(corpus)) return void console.log(`SKIP conform workers: ${corpus} absent`);
  const only = "migrate-1,migrate-2,migrate-3,migrate-fail-2,order1,order2,group2,group3,group4,clone-anon-probe-1,rsc-sets-clone-1,params-1,migrate-partial-1,migrate-partial-2,migrate-partial-4".split(",");
  const args = ["conform", corpus, "--only", only.join(","), "--json"];
  const one = runCli([...args, "--workers", "1"]);
  const two = runCli([...args, "--workers", "2"]);
  assert.is(one.status, 0, one.stderr);
  assert.is(two.stdout, one.stdout);
  const doc = JSON.parse(one.stdout) as { tests: { name: string; status: string }[]; corpusViolations: { test: string; property: string }[] };
  assert.equal(
    doc.tests.map((t) => `${t.name}: ${t.status}`),
    ["group2: matched", "group3: matched", "group4: matched", "params-1: mismatched", "order1: matched", "order2: matched", "rsc-sets-clone-1: mismatched", "migrate-partial-1: matched", "migrate-partial-2: matched", "migrate-partial-4: unsupported", "migrate-fail-2: matched", "migrate-1: matched", "migrate-2: matched", "migrate-3: matched", "clone-anon-probe-1: matched"],
  );
  assert.equal(doc.corpusViolations.map((v) => `${v.test}: ${v.property}`), ["params-1: no-needless-actions", "rsc-sets-clone-1: no-needless-actions"]);
  const unknown = runCli(["conform", corpus, "--only", "migrate-1,no-such-test"]);
  assert.is(unknown.status, 2);
  assert.is(unknown.stderr, `plancheck: ${corpus}: no test named 'no-such-test' in TESTS.tsv\n`);
});

/** Starts a long campaign, waits until it has run a while, sends `signal`, and collects what it left. */
async function interrupt(signal: "SIGINT" | "SIGTERM", workers: string): Promise<{ code: number | null; stdout: string; out: string; fixtureDir: string; keep: string }> {
  const out = join(scratch, `interrupted-${signal}-${workers}`);
  const fixtureDir = join(out, "fixtures");
  const keep = join(fixtureDir, "earlier-finding.json");
  const earlier = readdirSync(fixtures).find((name) => name.endsWith(".json"))!;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/plancheck.ts", "check", "--faults", "late-migration", "--runs", "100000", "--seed", "3", "--workers", workers, "--fixtures", fixtureDir, "--json", "--out", join(out, "report")],
    { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  mkdirSync(fixtureDir, { recursive: true });
  copyFileSync(join(fixtures, earlier), keep);
  await new Promise((resolve) => setTimeout(resolve, 7000));
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on("close", (status) => resolve(status)));
  return { code, stdout, out, fixtureDir, keep: readFileSync(join(fixtures, earlier), "utf8") };
}

for (const [signal, code, workers] of [["SIGINT", 130, "1"], ["SIGTERM", 143, "2"]] as const) {
  test(`${signal} during check (${workers} worker${workers === "1" ? "" : "s"}): exit ${code}, the report of what ran, every fixture kept`, async () => {
    const run = await interrupt(signal, workers);
    assert.is(run.code, code);
    const doc = JSON.parse(run.stdout);
    assert.is(doc.interrupted, signal);
    assert.ok(doc.runs > 0 && doc.runs < 100_000, `runs ${doc.runs}`);
    assert.ok(existsSync(join(run.out, "report", "index.html")));
    assert.equal(JSON.parse(readFileSync(join(run.out, "report", "campaign.json"), "utf8")).runs, doc.runs);
    assert.is(readFileSync(join(run.fixtureDir, "earlier-finding.json"), "utf8"), run.keep);
    const found = doc.violations.map((v: { property: string }) => v.property);
    for (const property of ["no-needless-actions", "no-restart-on-migration", "order-respected"]) assert.ok(found.includes(property), found.join(", "));
    for (const v of doc.violations) assert.is(parseFixture(readFileSync(v.fixture, "utf8")).property, v.property);
    assert.not.ok(readdirSync(run.fixtureDir).some((name) => name.endsWith(".tmp")));
  });
}

test.run();
