import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Action, ClusterStatus, Placement, Task, Transition } from "../planner/model.ts";
import { actionId } from "../planner/model.ts";
import { indexGraph, topologicalOrder } from "../planner/graph/dag.ts";
import { effectOf, executeInOrder, finalPlacement, initialState, applyAction } from "../planner/graph/execute.ts";

const act = (task: Task, resource: string | undefined, node: string | undefined, pseudo = false): Action => ({
  id: actionId(task, resource, node),
  task,
  pseudo,
  ...(resource === undefined ? {} : { resource }),
  ...(node === undefined ? {} : { node }),
});
const started = (resource: string, node: string): Placement => ({ resource, node, role: "Started" });
const status = (active: Placement[]): ClusterStatus => ({ active, failed: [], failCounts: [], migrations: [] });

/** The cl#5055 seed, fixed: lustre live-migrates lustre03 → lustre04, mgs stays. */
const migration: Transition = {
  actions: [
    act("start", "lustre", undefined, true),
    act("stop", "lustre", "lustre03"),
    act("migrate_from", "lustre", "lustre04"),
    act("migrate_to", "lustre", "lustre03"),
  ],
  edges: [
    { first: "migrate_to:lustre@lustre03", then: "migrate_from:lustre@lustre04" },
    { first: "migrate_from:lustre@lustre04", then: "stop:lustre@lustre03" },
    { first: "stop:lustre@lustre03", then: "start:lustre" },
  ],
  target: [started("lustre", "lustre04"), started("mgs", "lustre03")],
  summary: [],
};
const seedStatus = status([started("mgs", "lustre03"), started("lustre", "lustre03")]);

test("effectOf: what each task does", () => {
  assert.equal(effectOf(act("start", "r", "n1")), { kind: "realise", resource: "r", node: "n1" });
  assert.equal(effectOf(act("migrate_from", "r", "n2")), { kind: "realise", resource: "r", node: "n2" });
  assert.equal(effectOf(act("stop", "r", "n1")), { kind: "end", resource: "r", node: "n1" });
  assert.equal(effectOf(act("fence", undefined, "n1")), { kind: "fence", node: "n1" });
  assert.equal(effectOf(act("promote", "r", "n1")), { kind: "role", resource: "r", node: "n1", role: "Promoted" });
  assert.equal(effectOf(act("demote", "r", "n1")), { kind: "role", resource: "r", node: "n1", role: "Unpromoted" });
  assert.is(effectOf(act("migrate_to", "r", "n1")), undefined);
  assert.is(effectOf(act("start", "r", "n1", true)), undefined);
  assert.is(effectOf(act("fence", undefined, "n1", true)), undefined);
  assert.is(effectOf(act("start", "r", undefined)), undefined);
  assert.is(effectOf(act("running", "r", "n1")), undefined);
});

test("migration graph: topological order and final placement", () => {
  const g = indexGraph(migration);
  assert.equal(topologicalOrder(g)?.map((i) => g.ids[i]), [
    "migrate_to:lustre@lustre03",
    "migrate_from:lustre@lustre04",
    "stop:lustre@lustre03",
    "start:lustre",
  ]);
  assert.equal(finalPlacement(seedStatus, migration), [started("lustre", "lustre04"), started("mgs", "lustre03")]);
});

test("migration graph: the migration window is the state between migrate_from and the source stop", () => {
  const byId = new Map(migration.actions.map((a) => [a.id, a]));
  const prefix = (ids: string[]) => executeInOrder(seedStatus, ids.map((id) => byId.get(id)!));
  assert.equal(prefix(["migrate_to:lustre@lustre03"]), [started("lustre", "lustre03"), started("mgs", "lustre03")]);
  assert.equal(prefix(["migrate_to:lustre@lustre03", "migrate_from:lustre@lustre04"]), [
    started("lustre", "lustre03"),
    started("lustre", "lustre04"),
    started("mgs", "lustre03"),
  ]);
  assert.equal(prefix(["migrate_to:lustre@lustre03", "migrate_from:lustre@lustre04", "stop:lustre@lustre03"]), [
    started("lustre", "lustre04"),
    started("mgs", "lustre03"),
  ]);
});

test("fence makes everything on the node inactive and the node down; pseudo actions change nothing", () => {
  const state = initialState(status([started("a", "n1"), started("b", "n1"), started("c", "n2")]));
  for (const a of [act("stop", "b", "n1", true), act("start", "d", "n2", true), act("fence", undefined, "n1"), act("start", "a", "n2")])
    applyAction(state, a);
  assert.equal([...state.active.keys()].sort(), ["a@n2", "c@n2"]);
  assert.equal([...state.fenced], ["n1"]);
});

test("executeInOrder: order matters for a start and stop of the same placement", () => {
  const s = status([]);
  assert.equal(executeInOrder(s, [act("start", "r", "n1"), act("stop", "r", "n1")]), []);
  assert.equal(executeInOrder(s, [act("stop", "r", "n1"), act("start", "r", "n1")]), [started("r", "n1")]);
});

test("promote and demote change the role of an active resource only", () => {
  const s = status([started("r", "n1")]);
  assert.equal(executeInOrder(s, [act("promote", "r", "n1"), act("promote", "r", "n2")]), [
    { resource: "r", node: "n1", role: "Promoted" },
  ]);
  assert.equal(executeInOrder(s, [act("promote", "r", "n1"), act("demote", "r", "n1")]), [
    { resource: "r", node: "n1", role: "Unpromoted" },
  ]);
  // A start where the resource is already active keeps its role.
  assert.equal(executeInOrder(s, [act("promote", "r", "n1"), act("start", "r", "n1")]), [
    { resource: "r", node: "n1", role: "Promoted" },
  ]);
});

test("executeInOrder does not modify the status it starts from", () => {
  const s = status([started("r", "n1")]);
  executeInOrder(s, [act("promote", "r", "n1"), act("stop", "r", "n1")]);
  assert.equal(s.active, [started("r", "n1")]);
});

test("finalPlacement is undefined for a cyclic graph", () => {
  const cyclic: Transition = {
    ...migration,
    edges: [...migration.edges, { first: "start:lustre", then: "migrate_to:lustre@lustre03" }],
  };
  assert.is(finalPlacement(seedStatus, cyclic), undefined);
});

test.run();
