/**
 * The Pacemaker planner. Oracle tests run the real crm_simulate on the seed
 * scenario of cl#5055 and its control; they print `SKIP …` and pass when
 * crm_simulate is not installed, unless PLANCHECK_REQUIRE_PACEMAKER=1 (then
 * they fail). PLANCHECK_CRM_SIMULATE / PLANCHECK_CRM_VERIFY point them at
 * other builds. The failure tests use fake tools and always run.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCib } from "../planner/cib/read.ts";
import { PlannerError } from "../planner/model.ts";
import type { ClusterState, Transition } from "../planner/model.ts";
import { parseTransitionGraph } from "../planner/pacemaker/graph.ts";
import { pacemakerPlanner, planCibFile } from "../planner/pacemaker/planner.ts";
import { findExecutable, simulateCibFile } from "../planner/pacemaker/run.ts";
import type { SimulateOptions } from "../planner/pacemaker/run.ts";
import { formatSummaryLine, normaliseSummaryText } from "../planner/summary.ts";
import { sharedDir } from "./cli.ts";
import { oracleTest } from "./oracle.ts";

const SCENARIOS = join(sharedDir, "scenarios");
const SEED = join(SCENARIOS, "cl5055-seed.xml");
const CONTROL = join(SCENARIOS, "cl5055-control-not-migratable.xml");

const tools: SimulateOptions = {
  crmSimulate: process.env["PLANCHECK_CRM_SIMULATE"] ?? "crm_simulate",
  crmVerify: process.env["PLANCHECK_CRM_VERIFY"] ?? "crm_verify",
};
const missing = [tools.crmSimulate!, tools.crmVerify!].filter((t) => findExecutable(t) === undefined);
if (!existsSync(SEED) || !existsSync(CONTROL)) missing.push(`${SCENARIOS} (the seed scenarios)`);

/** A test that needs the real Pacemaker tools and the shared scenarios. */
function oracle(name: string, body: () => void): void {
  oracleTest(name, missing, body);
}

/** The summary of a transition as normalised crm_simulate text lines. */
function summaryText(t: Transition): string[] {
  return t.summary.map((line) => normaliseSummaryText(formatSummaryLine(line)));
}

/** The resources named by any action of a raw transition graph (primitive ids and operation keys). */
function graphResources(xml: string): Set<string> {
  const out = new Set<string>();
  for (const a of parseTransitionGraph(xml).actions) {
    if (a.primitive !== undefined) out.add(a.primitive);
    out.add(a.key.replace(/_[a-z_]+_\d+$/, ""));
  }
  return out;
}

oracle("seed (cl#5055): lustre live-migrates, mgs is untouched", () => {
  const raw = simulateCibFile(SEED, tools);
  assert.equal(raw.summaryLines.map(normaliseSummaryText), ["* Migrate lustre ( lustre03 -> lustre04 )"]);
  assert.not.ok(graphResources(raw.graphXml).has("mgs"), "the graph has an action on mgs");

  const t = planCibFile(SEED, tools);
  assert.equal(t.summary, [{ verb: "Migrate", subject: "lustre", from: "lustre03", to: "lustre04" }]);
  assert.ok(t.actions.every((a) => a.resource !== "mgs"));
  assert.equal(t.actions.map((a) => a.id).sort(), [
    "migrate_from:lustre@lustre04",
    "migrate_to:lustre@lustre03",
    "start:lustre",
    "stop:lustre@lustre03",
  ]);
  assert.ok(t.edges.some((e) => e.first === "migrate_to:lustre@lustre03" && e.then === "migrate_from:lustre@lustre04"));
  assert.ok(t.edges.some((e) => e.first === "migrate_from:lustre@lustre04" && e.then === "stop:lustre@lustre03"));
  assert.equal(t.target, [
    { resource: "lustre", node: "lustre04", role: "Started" },
    { resource: "mgs", node: "lustre03", role: "Started" },
  ]);
});

oracle("control (lustre not migratable): Move lustre and Restart mgs due to required lustre start", () => {
  const t = planCibFile(CONTROL, tools);
  assert.equal(summaryText(t), ["* Move lustre ( n3 -> n4 )", "* Restart mgs ( n1 ) due to required lustre start"]);
  assert.equal(t.actions.map((a) => a.id).sort(), ["start:lustre@n4", "start:mgs@n1", "stop:lustre@n3", "stop:mgs@n1"]);
  const edges = t.edges.map((e) => `${e.first} -> ${e.then}`).sort();
  assert.equal(edges, [
    "start:lustre@n4 -> start:mgs@n1",
    "stop:lustre@n3 -> start:lustre@n4",
    "stop:mgs@n1 -> start:mgs@n1",
    "stop:mgs@n1 -> stop:lustre@n3",
  ]);
  assert.equal(t.target, [
    { resource: "lustre", node: "n4", role: "Started" },
    { resource: "mgs", node: "n1", role: "Started" },
  ]);
});

/** The cluster of a scenario file, as readCib sees it. */
function clusterOf(path: string): ClusterState {
  return readCib(readFileSync(path, "utf8"));
}

oracle("pacemakerPlanner plans the model (via writeCib) as crm_simulate plans the file", () => {
  const planner = pacemakerPlanner(tools);
  assert.is(planner.name, "pacemaker");
  for (const path of [SEED, CONTROL]) {
    const fromFile = planCibFile(path, tools);
    const fromModel = planner.plan(clusterOf(path));
    assert.equal(fromModel.summary, fromFile.summary, path);
    assert.equal(fromModel.target, fromFile.target, path);
    assert.equal(fromModel.actions.map((a) => a.id).sort(), fromFile.actions.map((a) => a.id).sort(), path);
  }
});

oracle("re-planning the converged seed state yields no actions", () => {
  const cluster = clusterOf(SEED);
  const planner = pacemakerPlanner(tools);
  const t = planner.plan(cluster);
  const converged: ClusterState = { ...cluster, status: { ...cluster.status, active: t.target } };
  const again = planner.plan(converged);
  assert.equal(again.summary, []);
  assert.equal(again.actions, []);
});

/** The seed cluster with fencing enabled and lustre03 in the given membership. */
function fencedSeed(membership: "online" | "unclean"): ClusterState {
  const seed = clusterOf(SEED);
  return {
    ...seed,
    options: { ...seed.options, fencingEnabled: true },
    nodes: seed.nodes.map((n) => (n.name === "lustre03" ? { ...n, membership } : n)),
  };
}

oracle("with fencing enabled (a stopped device is added) the seed plans as without, and an unclean node is fenced first", () => {
  const planner = pacemakerPlanner(tools);
  const online = planner.plan(fencedSeed("online"));
  assert.equal(summaryText(online), ["* Migrate lustre ( lustre03 -> lustre04 )"]);
  assert.ok(online.actions.every((a) => a.resource === "lustre"), "only lustre has actions");

  const unclean = planner.plan(fencedSeed("unclean"));
  assert.equal(summaryText(unclean), [
    "* Fence (reboot) lustre03 'peer process is no longer available'",
    "* Move lustre ( lustre03 -> lustre04 )",
    "* Move mgs ( lustre03 -> lustre04 )",
  ]);
  const fenceFirst = (id: string) => unclean.edges.some((e) => e.first === "fence@lustre03" && e.then === id);
  assert.ok(fenceFirst("start:lustre@lustre04") && fenceFirst("start:mgs@lustre04"));
  assert.equal(unclean.target, [
    { resource: "lustre", node: "lustre04", role: "Started" },
    { resource: "mgs", node: "lustre04", role: "Started" },
  ]);
});

// ------------------------------------------------------------ fake tools

const scratch = mkdtempSync(join(tmpdir(), "plancheck-test-planner-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes an executable shell script into the scratch directory; returns its path. */
function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}
const verifyOk = script("verify-ok", "exit 0");

/** The PlannerError `run` throws (fails the test when it throws nothing or something else). */
function plannerErrorOf(run: () => unknown): PlannerError {
  try {
    run();
  } catch (error) {
    assert.instance(error, PlannerError, `not a PlannerError: ${String(error)}`);
    return error as PlannerError;
  }
  throw new Error("expected a PlannerError");
}

test("a garbage graph is a PlannerError carrying the crm_simulate command", () => {
  if (!existsSync(SEED)) return void console.log("SKIP garbage graph: seed scenario absent");
  const garbage = script(
    "simulate-garbage-graph",
    [
      'while [ $# -gt 0 ]; do if [ "$1" = -G ]; then graph="$2"; fi; shift; done',
      'printf "Transition Summary:\\n"',
      'echo "<transition_graph><synapse" > "$graph"',
    ].join("\n"),
  );
  const error = plannerErrorOf(() => planCibFile(SEED, { crmSimulate: garbage, crmVerify: verifyOk }));
  assert.match(error.message, /^transition graph is not well-formed XML/);
  assert.match(error.command ?? "", /simulate-garbage-graph -x /);
});

test("the target starts from what Pacemaker sees: nothing active on offline nodes, nor on unclean ones without fencing", () => {
  if (!existsSync(SEED)) return void console.log("SKIP starting status: seed scenario absent");
  const empty = script(
    "simulate-empty",
    [
      'while [ $# -gt 0 ]; do if [ "$1" = -G ]; then graph="$2"; fi; shift; done',
      'printf "Transition Summary:\n"',
      'echo "<transition_graph/>" > "$graph"',
    ].join("\n"),
  );
  const planner = pacemakerPlanner({ crmSimulate: empty, crmVerify: verifyOk });
  const seed = clusterOf(SEED);
  const withLustre03 = (membership: "online" | "offline" | "unclean", fencingEnabled: boolean): ClusterState => ({
    ...seed,
    options: { ...seed.options, fencingEnabled },
    nodes: seed.nodes.map((n) => (n.name === "lustre03" ? { ...n, membership } : n)),
  });
  const everything = [
    { resource: "lustre", node: "lustre03", role: "Started" },
    { resource: "mgs", node: "lustre03", role: "Started" },
  ];
  assert.equal(planner.plan(withLustre03("online", false)).target, everything);
  assert.equal(planner.plan(withLustre03("offline", true)).target, []);
  assert.equal(planner.plan(withLustre03("unclean", false)).target, []);
  assert.equal(planner.plan(withLustre03("unclean", true)).target, everything);
});

test("a fencing device (stopped) is added to the written CIB exactly when fencing is enabled", () => {
  if (!existsSync(SEED)) return void console.log("SKIP fencing device: seed scenario absent");
  const copy = join(scratch, "written-cib.xml");
  const keep = script(
    "simulate-keep",
    [
      'while [ $# -gt 0 ]; do case "$1" in -x) cp "$2" ' + copy + ';; -G) graph="$2";; esac; shift; done',
      'printf "Transition Summary:\\n"',
      'echo "<transition_graph/>" > "$graph"',
    ].join("\n"),
  );
  const planner = pacemakerPlanner({ crmSimulate: keep, crmVerify: verifyOk });
  planner.plan(fencedSeed("online"));
  const withDevice = readFileSync(copy, "utf8");
  assert.match(withDevice, /<primitive id="plancheck-fencing" class="stonith" type="fence_plancheck"><meta_attributes id="plancheck-fencing-meta"><nvpair id="plancheck-fencing-target-role" name="target-role" value="Stopped"\/><\/meta_attributes><\/primitive>\n<\/resources>/);
  planner.plan(clusterOf(SEED));
  assert.not.match(readFileSync(copy, "utf8"), /class="stonith"/);
});

test("a hanging crm_simulate behind the Planner interface is killed at the time limit", () => {
  if (!existsSync(SEED)) return void console.log("SKIP hanging planner: seed scenario absent");
  const hang = script("simulate-hang", "exec sleep 300");
  const planner = pacemakerPlanner({ crmSimulate: hang, crmVerify: verifyOk, timeoutMs: 300 });
  const started = Date.now();
  const error = plannerErrorOf(() => planner.plan(clusterOf(SEED)));
  assert.is(error.message, "crm_simulate timed out after 300 ms and was killed");
  assert.ok(Date.now() - started < 5_000);
});

test("a missing crm_simulate behind the Planner interface is a clear PlannerError", () => {
  if (!existsSync(SEED)) return void console.log("SKIP missing planner: seed scenario absent");
  const planner = pacemakerPlanner({ crmSimulate: join(scratch, "absent", "crm_simulate") });
  assert.match(plannerErrorOf(() => planner.plan(clusterOf(SEED))).message, /crm_simulate not found .*install-pacemaker\.sh/);
});

test.run();
