import { test } from "uvu";
import * as assert from "uvu/assert";
import { fencingFirst } from "../properties/fencing-first.ts";
import { migrationProtocol } from "../properties/migration-protocol.ts";
import type { Transition } from "../planner/model.ts";
import { action, check, clone, cluster, colocation, location, node, prim, transition } from "../properties/testkit.ts";
import { transientSafety } from "../properties/transient-safety.ts";

const INF = 1_000_000;
const move = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], active: [["a", "n1"]] });

test("transient-safety: an ordered move and a live migration hold", () => {
  assert.equal(check(transientSafety, move, transition(["stop:a@n1", "start:a@n2"], [["stop:a@n1", "start:a@n2"]], [["a", "n2"]])), []);
  const m = transition(
    ["migrate_to:a@n1", "migrate_from:a@n2", "stop:a@n1", "start:a"],
    [["migrate_to:a@n1", "migrate_from:a@n2"], ["migrate_from:a@n2", "stop:a@n1"], ["stop:a@n1", "start:a"]],
    [["a", "n2"]],
  );
  assert.equal(check(transientSafety, move, m), []);
});

test("transient-safety: a start not ordered after the stop elsewhere", () => {
  const v = check(transientSafety, move, transition(["stop:a@n1", "start:a@n2"], [], [["a", "n2"]]));
  assert.is(v.length, 1);
  assert.is(
    v[0]!.explanation,
    "a can be active on n1 and n2 at once outside a live migration window: a on n1 (active now) and a on n2 (from start:a@n2) are not ordered apart.",
  );
  assert.equal(v[0]!.actions, ["stop:a@n1", "start:a@n2"]);
  assert.equal(v[0]!.edges, [{ first: "stop:a@n1", then: "start:a@n2" }]);
});

test("transient-safety: a stop forgotten", () => {
  const v = check(transientSafety, move, transition(["start:a@n2"], [], [["a", "n1"], ["a", "n2"]]));
  assert.is(v.length, 1);
  assert.match(v[0]!.explanation, /^a can be active on n1 and n2 at once/);
});

test("transient-safety: a source stop racing migrate_from overlaps only as the window (migration-protocol's concern)", () => {
  const t = transition(["migrate_to:a@n1", "migrate_from:a@n2", "stop:a@n1"], [["migrate_to:a@n1", "migrate_from:a@n2"]], [["a", "n2"]]);
  assert.equal(check(transientSafety, move, t), []);
  assert.is(check(migrationProtocol, cluster({ nodes: ["n1", "n2"], resources: [prim("a", { allowMigrate: true })], active: [["a", "n1"]] }), t).length, 1);
});

test("transient-safety: starts on banned, standby, offline, unclean and maintenance nodes", () => {
  const c = cluster({
    nodes: ["n1", node("n2", "online", { standby: true }), node("n3", "offline"), node("n4", "unclean"), node("n5", "online", { maintenance: true })],
    resources: [prim("a"), prim("b"), prim("c"), prim("d"), prim("e"), prim("f")],
    constraints: [location("ban-a", "a", "n1", -INF)],
    active: [["e", "n2"]],
  });
  const t = transition(["start:a@n1", "start:b@n2", "start:c@n3", "start:d@n4", "stop:e@n2", "start:f@n5"], [], []);
  assert.equal(
    check(transientSafety, c, t).map((v) => v.explanation),
    [
      "start:a@n1 brings a up on n1, where location ban-a bans a (-INFINITY).",
      "start:b@n2 brings b up on n2, which is in standby.",
      "start:c@n3 brings c up on n3, which is offline.",
      "start:d@n4 brings d up on n4, which is unclean.",
      "start:f@n5 brings f up on n5, which is in maintenance.",
    ],
  );
});

test("transient-safety: -INFINITY colocated pair on one node; a state the cluster is already in is not judged", () => {
  const c = cluster({
    nodes: ["n1", "n2"],
    resources: [prim("a"), prim("b")],
    constraints: [colocation("apart", "a", "b", -INF)],
    active: [["a", "n2"], ["b", "n1"]],
  });
  const t = transition(["stop:b@n1", "start:b@n2", "stop:a@n2", "start:a@n1"], [["stop:b@n1", "start:b@n2"], ["stop:a@n2", "start:a@n1"], ["stop:a@n2", "start:b@n2"]], [["a", "n1"], ["b", "n2"]]);
  const v = check(transientSafety, c, t);
  assert.is(v.length, 1);
  assert.is(
    v[0]!.explanation,
    "a and b can be active together on n1, but colocation apart (-INFINITY) keeps them apart: a on n1 (from start:a@n1) and b on n1 (active now) are not ordered apart.",
  );
  assert.is(v[0]!.constraint, "apart");
  assert.equal(v[0]!.edges, [{ first: "stop:b@n1", then: "start:a@n1" }]);
  const fixed = transition(t.actions.map((x) => x.id), [...t.edges.map((e) => [e.first, e.then] as [string, string]), ["stop:b@n1", "start:a@n1"]], []);
  assert.equal(check(transientSafety, c, fixed), []);
  const already = cluster({ nodes: ["n1"], resources: [prim("a"), prim("b")], constraints: [colocation("apart", "a", "b", -INF)], active: [["a", "n1"], ["b", "n1"]] });
  assert.equal(check(transientSafety, already, transition(["stop:b@n1"], [], [["a", "n1"]])), []);
});

test("transient-safety: clone-max", () => {
  const c = cluster({ nodes: ["n1", "n2", "n3"], resources: [clone("cl", prim("c"), 2)], active: [["c", "n1"], ["c", "n2"]] });
  const t = transition(["stop:c@n1", "start:c@n3"], [], [["c", "n2"], ["c", "n3"]]);
  const v = check(transientSafety, c, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "cl can have 3 instances of c active at once (on n1, n2 and n3), more than clone-max 2.");
  assert.equal(check(transientSafety, c, transition(["stop:c@n1", "start:c@n3"], [["stop:c@n1", "start:c@n3"]], [])), []);
});

test("transient-safety: clone-node-max counts each instance brought up on a node", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [clone("cl", prim("c"))], active: [["c", "n1"]] });
  const twice = (edges: [string, string][]): Transition => {
    const t = transition(["start:c@n2"], edges, [["c", "n1"], ["c", "n2"]]);
    return { ...t, actions: [...t.actions, { ...action("start:c@n2"), id: "start:c@n2#2" }] };
  };
  const v = check(transientSafety, c, twice([]));
  assert.equal(
    v.map((x) => x.explanation),
    ["cl can have 2 instances of c active at once on n2, more than clone-node-max 1: c on n2 (from start:c@n2) and c on n2 (from start:c@n2#2)."],
  );
  assert.equal(v[0]!.actions, ["start:c@n2", "start:c@n2#2"]);
  // An ordered restart where an instance runs, and clone-node-max 2, hold; a start racing the stop there does not.
  const restart = transition(["stop:c@n1", "start:c@n1"], [["stop:c@n1", "start:c@n1"]], [["c", "n1"]]);
  assert.equal(check(transientSafety, c, restart), []);
  const two = cluster({ nodes: ["n1", "n2"], resources: [{ ...clone("cl", prim("c")), cloneNodeMax: 2 }], active: [["c", "n1"]] });
  assert.equal(check(transientSafety, two, twice([])), []);
  const race = check(transientSafety, c, transition(["stop:c@n1", "start:c@n1"], [], [["c", "n1"]]));
  assert.equal(race.map((x) => x.explanation), [
    "cl can have 2 instances of c active at once on n1, more than clone-node-max 1: c on n1 (active now) and c on n1 (from start:c@n1).",
  ]);
});

const mig = cluster({ nodes: ["n1", "n2", node("n3", "online", { standby: true })], resources: [prim("vm", { allowMigrate: true }), prim("db")], active: [["vm", "n1"], ["db", "n1"]] });
const proper = transition(
  ["migrate_to:vm@n1", "migrate_from:vm@n2", "stop:vm@n1", "start:vm"],
  [["migrate_to:vm@n1", "migrate_from:vm@n2"], ["migrate_from:vm@n2", "stop:vm@n1"], ["stop:vm@n1", "start:vm"]],
  [["vm", "n2"]],
);

test("migration-protocol: the three steps in order hold", () => {
  assert.equal(check(migrationProtocol, mig, proper), []);
});

test("migration-protocol: missing orderings", () => {
  const t = transition(["migrate_to:vm@n1", "migrate_from:vm@n2", "stop:vm@n1"], [], [["vm", "n2"]]);
  assert.equal(
    check(migrationProtocol, mig, t).map((v) => v.explanation),
    [
      "migrate_from:vm@n2 is not ordered after migrate_to:vm@n1: the target of vm's migration may take over before the source has handed it over.",
      "stop:vm@n1 is not ordered after migrate_from:vm@n2: vm may be stopped on n1 before it has arrived on n2.",
    ],
  );
});

test("migration-protocol: ineligible resources and nodes", () => {
  const t = transition(
    ["migrate_to:db@n1", "migrate_from:db@n3", "stop:db@n1"],
    [["migrate_to:db@n1", "migrate_from:db@n3"], ["migrate_from:db@n3", "stop:db@n1"]],
    [["db", "n3"]],
  );
  const v = check(migrationProtocol, mig, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "db live-migrates from n1 to n3, but it does not have allow-migrate and the target n3 cannot host it.");
  const failed = { ...mig, status: { ...mig.status, failed: [{ resource: "vm", node: "n1", operation: "monitor", activeAfter: true }] } };
  assert.equal(check(migrationProtocol, failed, proper).map((x) => x.explanation), ["vm live-migrates from n1 to n2, but it has failed on n1."]);
});

test("migration-protocol: partial migrations resume only toward their target; a dangling migrate_to", () => {
  const partial = { ...mig, status: { ...mig.status, migrations: [{ resource: "vm", source: "n1", target: "n2", stage: "partial" as const }] } };
  const resume = transition(["migrate_from:vm@n2", "stop:vm@n1", "start:vm"], [["migrate_from:vm@n2", "stop:vm@n1"], ["stop:vm@n1", "start:vm"]], [["vm", "n2"]]);
  assert.equal(check(migrationProtocol, partial, resume), []);
  const elsewhere = { ...partial, nodes: [...partial.nodes, node("n4")] };
  const wrong = transition(["migrate_from:vm@n4", "stop:vm@n1"], [["migrate_from:vm@n4", "stop:vm@n1"]], [["vm", "n4"]]);
  assert.equal(check(migrationProtocol, elsewhere, wrong).map((x) => x.explanation), [
    "migrate_from:vm@n4 resumes vm's partial migration from n1 toward n4, but it was begun toward n2.",
  ]);
  assert.equal(check(migrationProtocol, mig, resume).map((x) => x.explanation), [
    "migrate_from:vm@n2 migrates vm to n2 without a migrate_to, and no partial migration of vm is pending.",
  ]);
  assert.equal(check(migrationProtocol, mig, transition(["migrate_to:vm@n1"], [], [])).map((x) => x.explanation), [
    "migrate_to:vm@n1 starts migrating vm away from n1, but no migrate_from completes the migration.",
  ]);
});

const unclean = cluster({
  nodes: [node("n1", "unclean"), "n2"],
  resources: [prim("vm"), clone("cl", prim("c"))],
  active: [["vm", "n1"], ["c", "n1"]],
  fencingEnabled: true,
});

test("fencing-first: recovery after the fence holds", () => {
  const t = transition(["fence@n1", "stop:vm@n1(p)", "start:vm@n2"], [["fence@n1", "stop:vm@n1"], ["stop:vm@n1", "start:vm@n2"]], [["vm", "n2"]]);
  assert.equal(check(fencingFirst, unclean, t), []);
});

test("fencing-first: recovery not after the fence; no fence at all", () => {
  const t = transition(["fence@n1", "stop:vm@n1(p)", "start:vm@n2", "start:c@n2"], [["fence@n1", "stop:vm@n1"]], [["vm", "n2"]]);
  const v = check(fencingFirst, unclean, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "start:vm@n2 is not ordered after fence@n1: vm may start again while unclean n1 may still run it.");
  assert.equal(v[0]!.edges, [{ first: "fence@n1", then: "start:vm@n2" }]);
  const none = check(fencingFirst, unclean, transition(["stop:vm@n1(p)", "start:vm@n2"], [["stop:vm@n1", "start:vm@n2"]], [["vm", "n2"]]));
  assert.equal(none.map((x) => x.explanation), [
    "n1 is unclean and fencing is enabled, but the transition never fences it.",
    "start:vm@n2 recovers vm, which was active on unclean n1, but n1 is never fenced.",
  ]);
  // With fencing disabled, recovery without a fence is what the cluster asked for.
  const off = { ...unclean, options: { ...unclean.options, fencingEnabled: false } };
  assert.equal(check(fencingFirst, off, transition(["stop:vm@n1(p)", "start:vm@n2"], [["stop:vm@n1", "start:vm@n2"]], [["vm", "n2"]])), []);
});

test.run();
