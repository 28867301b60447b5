/**
 * Reading Pacemaker transition graphs: exact actions and edges for a few
 * `.exp` files of the CTS corpus (read from /work/shared at test time, never
 * copied), the whole corpus parsing cleanly, and malformed graphs refused.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { sharedDir } from "./cli.ts";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PlannerError } from "../planner/model.ts";
import type { Edge } from "../planner/model.ts";
import { parseTransitionGraph, transitionOfGraph } from "../planner/pacemaker/graph.ts";

const EXP = join(sharedDir, "pacemaker-cts", "exp");
const corpus = existsSync(EXP);
if (!corpus) console.log(`SKIP CTS graph tests: ${EXP} is absent`);

/** The transition of one CTS `.exp` file. */
function expTransition(name: string) {
  return transitionOfGraph(parseTransitionGraph(readFileSync(join(EXP, `${name}.exp`), "utf8")));
}

/** Edges as sorted `first -> then [reason]` strings, for exact comparison. */
function edgeStrings(edges: readonly Edge[]): string[] {
  return edges.map((e) => `${e.first} -> ${e.then}${e.reason === undefined ? "" : ` [${e.reason}]`}`).sort();
}

test("a live migration: migrate_to, migrate_from, source stop, pseudo start; the monitor is dropped", () => {
  if (!corpus) return;
  const t = expTransition("1-a-then-bm-move-b");
  assert.equal(t.actions, [
    { id: "stop:B@18node2", task: "stop", resource: "B", node: "18node2", pseudo: false },
    { id: "start:B", task: "start", resource: "B", pseudo: true },
    { id: "migrate_to:B@18node2", task: "migrate_to", resource: "B", node: "18node2", pseudo: false },
    { id: "migrate_from:B@18node1", task: "migrate_from", resource: "B", node: "18node1", pseudo: false },
  ]);
  assert.equal(edgeStrings(t.edges), [
    "migrate_from:B@18node1 -> start:B",
    "migrate_from:B@18node1 -> stop:B@18node2",
    "migrate_to:B@18node2 -> migrate_from:B@18node1",
    "stop:B@18node2 -> start:B",
  ]);
});

test("fencing: crm_event stonith is a real fence; stops implied by it are pseudo, clone instance names lose :N", () => {
  if (!corpus) return;
  const t = expTransition("rec-node-13");
  assert.equal(t.actions, [
    { id: "fence@c001n04", task: "fence", node: "c001n04", pseudo: false },
    { id: "stop:ocf_msdummy", task: "stop", resource: "ocf_msdummy", pseudo: true },
    { id: "stop:master_rsc_1", task: "stop", resource: "master_rsc_1", pseudo: true },
    { id: "stopped:master_rsc_1", task: "stopped", resource: "master_rsc_1", pseudo: true },
  ]);
  assert.equal(edgeStrings(t.edges), [
    "fence@c001n04 -> stop:master_rsc_1",
    "fence@c001n04 -> stop:ocf_msdummy",
    "stop:master_rsc_1 -> stop:ocf_msdummy",
    "stop:master_rsc_1 -> stopped:master_rsc_1",
    "stop:ocf_msdummy -> stopped:master_rsc_1",
  ]);
});

test("an anonymous clone instance (primitive id with long-id child:1) maps to the child primitive on its node", () => {
  if (!corpus) return;
  const t = expTransition("clone-anon-probe-2");
  assert.equal(t.actions, [
    { id: "start:drbd0@mysql-01", task: "start", resource: "drbd0", node: "mysql-01", pseudo: false },
    { id: "start:ms-drbd0", task: "start", resource: "ms-drbd0", pseudo: true },
    { id: "running:ms-drbd0", task: "running", resource: "ms-drbd0", pseudo: true },
  ]);
  assert.equal(edgeStrings(t.edges), [
    "start:drbd0@mysql-01 -> running:ms-drbd0",
    "start:ms-drbd0 -> running:ms-drbd0",
    "start:ms-drbd0 -> start:drbd0@mysql-01",
  ]);
});

test("ordering through dropped actions (probes, a one-or-more pseudo event) is kept transitively", () => {
  if (!corpus) return;
  const t = expTransition("one-or-more-0");
  assert.equal(
    t.actions.map((a) => a.id),
    ["start:A@fc16-builder", "start:B@fc16-builder", "start:C@fc16-builder", "start:D@fc16-builder"],
  );
  assert.equal(edgeStrings(t.edges), [
    "start:A@fc16-builder -> start:B@fc16-builder",
    "start:A@fc16-builder -> start:C@fc16-builder",
    "start:B@fc16-builder -> start:D@fc16-builder [via one-or-more:require-all-set-1]",
    "start:C@fc16-builder -> start:D@fc16-builder [via one-or-more:require-all-set-1]",
  ]);
});

test("the whole CTS corpus parses; ids are unique and every edge joins two actions", () => {
  if (!corpus) return;
  const files = readdirSync(EXP).filter((f) => f.endsWith(".exp"));
  assert.ok(files.length > 600);
  for (const file of files) {
    const t = transitionOfGraph(parseTransitionGraph(readFileSync(join(EXP, file), "utf8")));
    const ids = new Set(t.actions.map((a) => a.id));
    assert.is(ids.size, t.actions.length, `${file}: duplicate action ids`);
    for (const e of t.edges) assert.ok(ids.has(e.first) && ids.has(e.then), `${file}: dangling edge ${e.first} -> ${e.then}`);
    for (const a of t.actions) assert.ok(a.pseudo || a.node !== undefined, `${file}: real action ${a.id} without a node`);
  }
});

/** A tiny graph in Pacemaker's format, for the synthetic cases below. */
function synapse(id: number, action: string, inputs: string[]): string {
  const triggers = inputs.map((i) => `<trigger>${i}</trigger>`).join("");
  return `<synapse id="${id}"><action_set>${action}</action_set><inputs>${triggers}</inputs></synapse>`;
}
const op = (id: number, rsc: string, task: string, node: string, instance = rsc) =>
  `<rsc_op id="${id}" operation="${task}" operation_key="${instance}_${task}_0" on_node="${node}">` +
  `<primitive id="${instance}" class="ocf" provider="pacemaker" type="Dummy"/></rsc_op>`;
const ref = (id: number, task: string) => `<rsc_op id="${id}" operation="${task}" operation_key="x_${task}_0"/>`;

test("two instances of one clone on the same node get distinct ids; a chain of dropped actions keeps order", () => {
  const xml =
    "<transition_graph>" +
    synapse(0, op(1, "c", "start", "n1", "c:0"), []) +
    synapse(1, op(2, "c", "start", "n1", "c:1"), []) +
    synapse(2, op(3, "c", "monitor", "n1", "c:0"), [ref(1, "start")]) +
    synapse(3, op(4, "c", "notify", "n1", "c:0"), [ref(3, "monitor")]) +
    synapse(4, op(5, "d", "start", "n2"), [ref(4, "notify"), ref(2, "start")]) +
    "</transition_graph>";
  const t = transitionOfGraph(parseTransitionGraph(xml));
  assert.equal(
    t.actions.map((a) => a.id),
    ["start:c@n1", "start:c@n1#2", "start:d@n2"],
  );
  assert.equal(edgeStrings(t.edges), ["start:c@n1 -> start:d@n2 [via c:0_monitor_0]", "start:c@n1#2 -> start:d@n2"]);
});

test("a trigger naming an undeclared action gives a dangling edge from a missing: id", () => {
  const xml =
    "<transition_graph>" +
    synapse(0, op(1, "a", "start", "n1"), [
      '<rsc_op id="9" operation="stop" operation_key="b_stop_0" on_node="n2"/>',
      '<rsc_op id="8" operation="monitor" operation_key="b_monitor_0" on_node="n2"/>',
    ]) +
    synapse(1, op(2, "c", "monitor", "n1"), ['<pseudo_event id="7" operation="running" operation_key="g_running_0"/>']) +
    synapse(2, op(3, "c", "start", "n1"), [ref(2, "monitor")]) +
    "</transition_graph>";
  const graph = parseTransitionGraph(xml);
  assert.equal(graph.missing.map((a) => [a.id, a.key, a.node]), [[7, "g_running_0", undefined], [8, "b_monitor_0", "n2"], [9, "b_stop_0", "n2"]]);
  const t = transitionOfGraph(graph);
  assert.equal(t.actions.map((a) => a.id), ["start:a@n1", "start:c@n1"]);
  assert.equal(edgeStrings(t.edges), [
    "missing:b_monitor_0@n2 -> start:a@n1 [a trigger naming an undeclared action]",
    "missing:b_stop_0@n2 -> start:a@n1 [a trigger naming an undeclared action]",
    "missing:g_running_0 -> start:c@n1 [via c_monitor_0]",
  ]);
});

/** Asserts that parsing `xml` throws a PlannerError whose message matches `pattern`. */
function refuses(xml: string, pattern: RegExp): void {
  try {
    parseTransitionGraph(xml);
  } catch (error) {
    assert.instance(error, PlannerError);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`accepted: ${xml}`);
}

test("malformed graphs are refused with PlannerError", () => {
  refuses('<!DOCTYPE x [<!ENTITY a "b">]><transition_graph/>', /DOCTYPE/);
  refuses("<cib/>", /root element is <cib>/);
  refuses("<transition_graph><synapse>", /not well-formed/);
  refuses("garbage", /not well-formed/);
  refuses("", /not well-formed/);
  refuses(
    "<transition_graph>" + synapse(0, op(1, "a", "start", "n1"), []) + synapse(1, op(1, "b", "start", "n1"), []) + "</transition_graph>",
    /id 1 appears twice/,
  );
  refuses('<transition_graph><synapse><action_set><rsc_op id="x" operation="start" operation_key="a_start_0"/></action_set></synapse></transition_graph>', /not a number/);
});

test.run();
