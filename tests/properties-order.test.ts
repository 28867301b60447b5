import { test } from "uvu";
import * as assert from "uvu/assert";
import { dependencyHeld } from "../properties/dependency-held.ts";
import { orderRespected } from "../properties/order-respected.ts";
import { check, clone, cluster, group, node, order, prim, transition } from "../properties/testkit.ts";

// lustre live-migrates n1 → n2; mgs is ordered after it (cl#5055).
const seed = cluster({
  nodes: ["n1", "n2"],
  resources: [prim("lustre", { allowMigrate: true }), prim("mgs")],
  constraints: [order("mgs-after-lustre", "lustre", "mgs")],
  active: [["lustre", "n1"], ["mgs", "n1"]],
});
const migrate = ["migrate_to:lustre@n1", "migrate_from:lustre@n2", "stop:lustre@n1", "start:lustre"];
const migrationEdges: [string, string][] = [
  ["migrate_to:lustre@n1", "migrate_from:lustre@n2"],
  ["migrate_from:lustre@n2", "stop:lustre@n1"],
  ["stop:lustre@n1", "start:lustre"],
];

test("order-respected: a migration alone, and a properly ordered restart, hold", () => {
  assert.equal(check(orderRespected, seed, transition(migrate, migrationEdges, [["lustre", "n2"], ["mgs", "n1"]])), []);
  const restart = transition(
    [...migrate, "stop:mgs@n1", "start:mgs@n1"],
    [...migrationEdges, ["stop:mgs@n1", "start:mgs@n1"], ["migrate_from:lustre@n2", "start:mgs@n1"], ["stop:mgs@n1", "stop:lustre@n1"]],
    [["lustre", "n2"], ["mgs", "n1"]],
  );
  assert.equal(check(orderRespected, seed, restart), []);
});

test("order-respected: the start of then not after the realisation of first", () => {
  const t = transition(
    [...migrate, "stop:mgs@n1", "start:mgs@n1"],
    [...migrationEdges, ["stop:mgs@n1", "start:mgs@n1"], ["stop:mgs@n1", "stop:lustre@n1"]],
    [["lustre", "n2"], ["mgs", "n1"]],
  );
  const v = check(orderRespected, seed, t);
  assert.is(v.length, 1);
  assert.is(
    v[0]!.explanation,
    "start:mgs@n1 is not ordered after migrate_from:lustre@n2: order mgs-after-lustre (Mandatory) requires lustre to start before mgs may start.",
  );
  assert.equal(v[0]!.actions, ["migrate_from:lustre@n2", "start:mgs@n1"]);
  assert.equal(v[0]!.edges, [{ first: "migrate_from:lustre@n2", then: "start:mgs@n1" }]);
  assert.is(v[0]!.constraint, "mgs-after-lustre");
});

test("order-respected: a symmetrical order's missing inverse", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a"), prim("b")], constraints: [order("b-after-a", "a", "b")], active: [["a", "n1"], ["b", "n1"]] });
  const t = transition(
    ["stop:a@n1", "start:a@n2", "stop:b@n1", "start:b@n2"],
    [["stop:a@n1", "start:a@n2"], ["stop:b@n1", "start:b@n2"], ["start:a@n2", "start:b@n2"]],
    [["a", "n2"], ["b", "n2"]],
  );
  const v = check(orderRespected, c, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "stop:a@n1 is not ordered after stop:b@n1: the inverse of symmetrical order b-after-a requires b to stop before a may stop.");
  // Asymmetrical: no inverse needed.
  const asym = { ...c, constraints: [order("b-after-a", "a", "b", { symmetrical: false })] };
  assert.equal(check(orderRespected, asym, t), []);
});

test("order-respected: orders on groups and clones apply to their primitives; Serialize needs any direction", () => {
  const c = cluster({
    nodes: ["n1", "n2"],
    resources: [group("g", [prim("g1"), prim("g2")]), clone("cl", prim("c"))],
    constraints: [order("cl-after-g", "g", "cl", { symmetrical: false }), order("ser", "g1", "g2", { kind: "Serialize", symmetrical: false })],
  });
  const t = transition(
    ["start:g1@n1", "start:g2@n1", "start:c@n1", "start:c@n2"],
    [["start:g1@n1", "start:c@n1"], ["start:g1@n1", "start:c@n2"], ["start:g2@n1", "start:c@n1"]],
    [],
  );
  const v = check(orderRespected, c, t);
  assert.equal(
    v.map((x) => x.explanation),
    [
      "start:c@n2 is not ordered after start:g2@n1: order cl-after-g (Mandatory) requires g to start before cl may start.",
      "start:g1@n1 and start:g2@n1 may run at the same time, but Serialize order ser forbids g1 and g2 to overlap.",
    ],
  );
  const fixed = transition(t.actions.map((a) => a.id), [...t.edges.map((e) => [e.first, e.then] as [string, string]), ["start:g2@n1", "start:c@n2"], ["start:g2@n1", "start:g1@n1"]], []);
  assert.equal(check(orderRespected, c, fixed), []);
});

test("dependency-held: a migrating first keeps its dependent satisfied", () => {
  assert.equal(check(dependencyHeld, seed, transition(migrate, migrationEdges, [["lustre", "n2"], ["mgs", "n1"]])), []);
});

test("dependency-held: first goes down while then is still active (no inverse edge)", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a"), prim("b")], constraints: [order("b-after-a", "a", "b")], active: [["a", "n1"], ["b", "n1"]] });
  const t = transition(
    ["stop:a@n1", "start:a@n2", "stop:b@n1", "start:b@n2"],
    [["stop:a@n1", "start:a@n2"], ["stop:b@n1", "start:b@n2"], ["start:a@n2", "start:b@n2"]],
    [["a", "n2"], ["b", "n2"]],
  );
  const v = check(dependencyHeld, c, t);
  assert.is(v.length, 1);
  assert.is(
    v[0]!.explanation,
    "a can be down everywhere while b is still active on n1 (after stop:a@n1 and before stop:b@n1 and start:a@n2), but order b-after-a makes b depend on a.",
  );
  assert.equal(v[0]!.edges, [{ first: "stop:b@n1", then: "stop:a@n1" }]);
  const fixed = transition(
    t.actions.map((a) => a.id),
    [["stop:a@n1", "start:a@n2"], ["stop:b@n1", "start:b@n2"], ["start:a@n2", "start:b@n2"], ["stop:b@n1", "stop:a@n1"]],
    [["a", "n2"], ["b", "n2"]],
  );
  assert.equal(check(dependencyHeld, c, fixed), []);
});

test("dependency-held: then starts before first", () => {
  const c = cluster({ nodes: ["n1"], resources: [prim("a"), prim("b")], constraints: [order("b-after-a", "a", "b")] });
  const t = transition(["start:a@n1", "start:b@n1"], [], [["a", "n1"], ["b", "n1"]]);
  const v = check(dependencyHeld, c, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "b can be started on n1 while a is active nowhere (after start:b@n1 and before start:a@n1), but order b-after-a makes b depend on a.");
  assert.equal(v[0]!.actions, ["start:b@n1", "start:a@n1"]);
  assert.equal(v[0]!.edges, [{ first: "start:a@n1", then: "start:b@n1" }]);
  assert.equal(check(dependencyHeld, c, transition(["start:a@n1", "start:b@n1"], [["start:a@n1", "start:b@n1"]], [["a", "n1"], ["b", "n1"]])), []);
});

test("dependency-held: a state the cluster is already in, optional or asymmetrical orders, lost nodes are not judged", () => {
  // b runs without a now; a starts (after nothing): not the planner's doing.
  const pre = cluster({ nodes: ["n1"], resources: [prim("a"), prim("b")], constraints: [order("b-after-a", "a", "b")], active: [["b", "n1"]] });
  assert.equal(check(dependencyHeld, pre, transition(["start:a@n1"], [], [["a", "n1"], ["b", "n1"]])), []);
  const c = cluster({ nodes: ["n1"], resources: [prim("a"), prim("b")], constraints: [order("o", "a", "b", { kind: "Optional" })] });
  assert.equal(check(dependencyHeld, c, transition(["start:a@n1", "start:b@n1"], [], [])), []);
  // a ran on unclean n2: fencing it while b still runs is not a new state (a is lost already).
  const lost = cluster({
    nodes: ["n1", node("n2", "unclean")],
    resources: [prim("a"), prim("b")],
    constraints: [order("b-after-a", "a", "b")],
    active: [["a", "n2"], ["b", "n1"]],
    fencingEnabled: true,
  });
  const t = transition(["fence@n2", "stop:a@n2(p)", "start:a@n1", "stop:b@n1", "start:b@n1"], [
    ["fence@n2", "stop:a@n2"],
    ["stop:a@n2", "start:a@n1"],
    ["stop:b@n1", "start:b@n1"],
    ["start:a@n1", "start:b@n1"],
    ["stop:b@n1", "stop:a@n2"],
  ], [["a", "n1"], ["b", "n1"]]);
  assert.equal(check(dependencyHeld, lost, t), []);
});

test.run();
