import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCib } from "../planner/cib/read.ts";
import { writeCib } from "../planner/cib/write.ts";
import { primitivesOf } from "../planner/model.ts";
import { findExecutable } from "../planner/pacemaker/run.ts";
import { planReference } from "../planner/reference/index.ts";
import { buildBenchCluster } from "../scripts/bench/builder.ts";
import { writeBenchCib } from "../scripts/bench/cib-file.ts";

const requirePacemaker = process.env["PLANCHECK_REQUIRE_PACEMAKER"] === "1";
const crmVerify = findExecutable("crm_verify");
if (crmVerify === undefined && !requirePacemaker) console.log("SKIP bench CIB under crm_verify: crm_verify is not installed");

const small = { nodes: 16, resources: 200 };

/** Runs `body` with a private temporary directory, removed afterwards. */
function inTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-bench-test-"));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the builder is deterministic and has the asked size and mix", () => {
  const a = buildBenchCluster(small, 7);
  assert.equal(buildBenchCluster(small, 7), a);
  assert.is.not(JSON.stringify(buildBenchCluster(small, 8)), JSON.stringify(a));
  assert.is(a.nodes.length, 16);
  assert.is(primitivesOf(a.resources).length, 200);
  for (const kind of ["primitive", "group", "clone"]) assert.ok(a.resources.some((r) => r.kind === kind), kind);
  for (const kind of ["location", "colocation", "order"]) assert.ok(a.constraints.some((c) => c.kind === kind), kind);
  assert.ok(a.status.failed.length > 0 && a.status.failCounts.length > 0);
  assert.ok(primitivesOf(a.resources).some((p) => p.meta.allowMigrate === true));
});

test("the streamed file is writeCib's document, and readCib reads the cluster back", () => {
  const cluster = buildBenchCluster(small);
  inTempDir((dir) => {
    const file = join(dir, "cib.xml");
    writeBenchCib(cluster, file);
    const xml = readFileSync(file, "utf8");
    assert.ok(xml === writeCib(cluster), "writeBenchCib differs from writeCib");
    assert.equal(readCib(xml), cluster);
  });
});

test("the reference planner has work to do on it: starts, moves, migrations, recoveries", () => {
  const verbs = new Set(planReference(buildBenchCluster(small)).summary.map((line) => line.verb));
  for (const verb of ["Start", "Move", "Migrate", "Recover"] as const) assert.ok(verbs.has(verb), verb);
});

test("crm_verify accepts the small bench CIB", () => {
  if (crmVerify === undefined) {
    assert.ok(!requirePacemaker, "PLANCHECK_REQUIRE_PACEMAKER=1 but crm_verify is not installed");
    return;
  }
  inTempDir((dir) => {
    const file = join(dir, "cib.xml");
    writeBenchCib(buildBenchCluster(small), file);
    const run = spawnSync(crmVerify, ["-V", "-x", file], { encoding: "utf8", env: { ...process.env, CIB_shadow_dir: dir }, timeout: 60_000 });
    assert.is(run.status, 0, `crm_verify rejected the bench CIB:\n${run.stdout}${run.stderr}`);
  });
});

test.run();
