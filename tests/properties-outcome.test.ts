import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ClusterState } from "../planner/model.ts";
import { PlannerError } from "../planner/model.ts";
import { planReference, referencePlanner } from "../planner/reference/index.ts";
import { converges } from "../properties/converges.ts";
import { deterministic, permute } from "../properties/deterministic.ts";
import { noNeedlessActions } from "../properties/no-needless-actions.ts";
import { noRestartOnMigration } from "../properties/no-restart-on-migration.ts";
import { convergedState, stable } from "../properties/stable.ts";
import { check, clone, cluster, colocation, fixedPlanner, group, location, node, order, prim, transition } from "../properties/testkit.ts";

const INF = 1_000_000;
const empty = transition([], [], []);

test("converges: executing gives the declared target, which is legal", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], active: [["a", "n1"]] });
  assert.equal(check(converges, c, transition(["stop:a@n1", "start:a@n2"], [["stop:a@n1", "start:a@n2"]], [["a", "n2"]])), []);
  assert.equal(check(converges, c, transition([], [], [["a", "n1"]])), []);
});

test("converges: the declared target disagrees with execution", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a"), prim("b")], active: [["a", "n1"]] });
  const v = check(converges, c, transition(["start:b@n2"], [], [["a", "n2"], ["b", "n2"]]));
  assert.equal(v.map((x) => x.explanation), [
    "After the transition a is still active on n1, but the declared target does not place it there (nothing stops it).",
    "The declared target places a on n2, but executing the transition does not leave it active there.",
  ]);
});

test("converges: a forgotten stop leaves a primitive on two nodes", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], active: [["a", "n1"]] });
  const v = check(converges, c, transition(["start:a@n2"], [], [["a", "n1"], ["a", "n2"]]));
  assert.equal(v.map((x) => x.explanation), ["The target runs a on n1 and n2 at once, but it is a primitive and may run on one node only."]);
  assert.equal(v[0]!.actions, ["start:a@n2"]);
});

test("converges: mandatory constraints, target-role and availability of the target", () => {
  const c = cluster({
    nodes: ["n1", node("n2", "online", { standby: true }), node("n3", "offline")],
    resources: [prim("a"), prim("b"), prim("c", { targetRole: "Stopped" }), prim("d"), prim("e"), clone("cl", prim("k"), 1), prim("u", { isManaged: false })],
    constraints: [location("ban-a", "a", "n1", -INF), colocation("with-a", "b", "a", INF), colocation("apart", "d", "e", -INF)],
    active: [["u", "n2"]],
  });
  const t = transition(
    ["start:a@n1", "start:b@n2", "start:c@n1", "start:d@n1", "start:e@n1", "start:k@n1", "start:k@n3"],
    [],
    [["a", "n1"], ["b", "n2"], ["c", "n1"], ["d", "n1"], ["e", "n1"], ["k", "n1"], ["k", "n3"], ["u", "n2"]],
  );
  // Unmanaged u stays on standby n2 without complaint.
  assert.equal(check(converges, c, t).map((x) => x.explanation), [
    "The target runs a on n1, where location ban-a bans a (-INFINITY).",
    "The target runs b on n2, which is in standby.",
    "The target runs c on n1, but its target-role is Stopped.",
    "The target runs 2 instances of cl (n1 and n3), more than clone-max 1.",
    "The target runs k on n3, which is offline.",
    "The target runs b on n2 without a, but colocation with-a (+INFINITY) requires them together.",
    "The target runs d and e together on n1, but colocation apart (-INFINITY) keeps them apart.",
  ]);
});

test("stable: the converged state of a good plan re-plans to nothing", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], constraints: [location("pref", "a", "n2", 100)], active: [["a", "n1"]] });
  const planner = referencePlanner();
  const t = planner.plan(c);
  assert.equal(check(stable, c, t, planner), []);
});

test("stable: a plan that moves again on every re-plan", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], active: [["a", "n1"]] });
  // A planner that always moves a to the other node.
  const flip = fixedPlanner((s: ClusterState) => {
    const on = s.status.active.find((p) => p.resource === "a")!.node;
    const to = on === "n1" ? "n2" : "n1";
    return transition([`stop:a@${on}`, `start:a@${to}`], [[`stop:a@${on}`, `start:a@${to}`]], [["a", to]]);
  });
  const v = check(stable, c, flip.plan(c), flip);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "Re-planning from the converged state still schedules stop:a@n2, start:a@n1 for a, so the plan is not a fixed point.");
  assert.equal(v[0]!.edges, [{ first: "stop:a@n2", then: "start:a@n1" }]);
});

test("stable: the converged state clears failures and migrations, keeps fail counts, and takes fenced nodes offline", () => {
  const c = cluster({
    nodes: [node("n1", "unclean"), "n2", node("n3", "unclean")],
    resources: [prim("a")],
    active: [["a", "n1"]],
    status: {
      failed: [{ resource: "a", node: "n1", operation: "monitor", activeAfter: true }],
      failCounts: [{ resource: "a", node: "n1", count: 2 }],
      migrations: [{ resource: "a", source: "n1", target: "n2", stage: "partial" }],
    },
  });
  const s = convergedState(c, transition(["fence@n1"], [], []).actions, [{ resource: "a", node: "n2", role: "Started" }]);
  assert.equal(s.nodes.map((n) => n.membership), ["offline", "online", "unclean"]);
  assert.equal(s.status, { active: [{ resource: "a", node: "n2", role: "Started" }], failed: [], failCounts: [{ resource: "a", node: "n1", count: 2 }], migrations: [] });
});

test("deterministic: the reference planner is deterministic on a tie", () => {
  const c = cluster({ nodes: ["n1", "n2", "n3"], resources: [prim("a"), prim("b")] });
  const planner = referencePlanner();
  assert.equal(check(deterministic, c, planner.plan(c), planner), []);
});

test("deterministic: a planner breaking ties by node declaration order", () => {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("a")] });
  const firstNode = fixedPlanner((s) => transition([`start:a@${s.nodes[0]!.name}`], [], [["a", s.nodes[0]!.name]]));
  const v = check(deterministic, c, firstNode.plan(c), firstNode);
  assert.equal(v.map((x) => x.explanation), [
    "Planning with nodes and constraints declared in reverse order no longer places a@n1 and places a@n2 instead.",
    "Planning with nodes and constraints declared in reverse order drops start:a@n1 and adds start:a@n2.",
  ]);
  assert.equal(permute(c).nodes.map((n) => n.name), ["n2", "n1"]);
});

test("deterministic: a planner that changes between runs", () => {
  const c = cluster({ nodes: ["n1"], resources: [prim("a")] });
  let runs = 0;
  const flaky = fixedPlanner(() => (runs++ % 2 === 0 ? transition(["start:a@n1"], [], [["a", "n1"]]) : transition(["start:a@n1", "stop:a@n1"], [["stop:a@n1", "start:a@n1"]], [["a", "n1"]])));
  const v = check(deterministic, c, flaky.plan(c), flaky);
  assert.equal(v.map((x) => x.explanation), [
    "Planning the same input again adds stop:a@n1.",
    "Planning the same input again adds the edges stop:a@n1 → start:a@n1.",
  ]);
});

const seed = cluster({
  nodes: ["n1", "n2"],
  resources: [prim("lustre", { allowMigrate: true }), prim("mgs")],
  constraints: [order("mgs-after-lustre", "lustre", "mgs"), location("cli-prefer-lustre", "lustre", "n2", INF)],
  active: [["lustre", "n1"], ["mgs", "n1"]],
});

test("no-restart-on-migration: the reference planner migrates lustre and leaves mgs alone", () => {
  const planner = referencePlanner();
  assert.equal(check(noRestartOnMigration, seed, planner.plan(seed), planner), []);
});

test("no-restart-on-migration: the 2012 design restarts mgs (cl#5055)", () => {
  const planner = referencePlanner(["late-migration"]);
  const v = check(noRestartOnMigration, seed, planner.plan(seed), planner);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "mgs is restarted on n1 only because it is ordered after lustre (order mgs-after-lustre), but lustre live-migrates and never goes down.");
  assert.is(v[0]!.constraint, "mgs-after-lustre");
  assert.ok(v[0]!.actions.includes("stop:mgs@n1") && v[0]!.actions.includes("start:mgs@n1") && v[0]!.actions.includes("migrate_from:lustre@n2"));
  assert.ok(v[0]!.edges.length > 0);
});

test("no-restart-on-migration: a restart that happens anyway is not blamed on the migration", () => {
  const failed = { ...seed, status: { ...seed.status, failed: [{ resource: "mgs", node: "n1", operation: "monitor", activeAfter: true }] } };
  const planner = referencePlanner(["late-migration"]);
  assert.equal(check(noRestartOnMigration, failed, planner.plan(failed), planner), []);
});

test("no-needless-actions: restarts with a cause hold", () => {
  // mgs restarts because lustre really moves (no allow-migrate).
  const control = { ...seed, resources: [prim("lustre"), prim("mgs")] };
  assert.equal(check(noNeedlessActions, control, planReference(control)), []);
  // A failed resource is recovered in place.
  const failed = { ...seed, status: { ...seed.status, failed: [{ resource: "mgs", node: "n1", operation: "monitor", activeAfter: true }] } };
  assert.equal(check(noNeedlessActions, failed, planReference(failed)), []);
  // Group members follow the member before them.
  const g = cluster({ nodes: ["n1"], resources: [group("g", [prim("g1"), prim("g2")])], active: [["g1", "n1"], ["g2", "n1"]], status: { failed: [{ resource: "g1", node: "n1", operation: "monitor", activeAfter: true }] } });
  assert.equal(check(noNeedlessActions, g, planReference(g)), []);
});

test("no-needless-actions: a restart caused only by a migration, or by nothing", () => {
  const late = planReference(seed, ["late-migration"]);
  const v = check(noNeedlessActions, seed, late);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "mgs is stopped and started again on n1 where it stays, but it has not failed and nothing it depends on (lustre) really stops or starts.");
  assert.equal(v[0]!.edges, [{ first: "stop:mgs@n1", then: "start:mgs@n1" }]);
  const c = cluster({ nodes: ["n1"], resources: [prim("a")], active: [["a", "n1"]] });
  const w = check(noNeedlessActions, c, transition(["stop:a@n1", "start:a@n1"], [["stop:a@n1", "start:a@n1"]], [["a", "n1"]]));
  assert.equal(w.map((x) => x.explanation), ["a is stopped and started again on n1 where it stays, but it has not failed and depends on nothing."]);
  assert.equal(check(noNeedlessActions, c, empty), []);
});

test("metamorphic properties are undecided (no violation) when the re-plan fails with a PlannerError", () => {
  const c = seed;
  const t = planReference(c, ["late-migration"]);
  const failing = fixedPlanner(() => {
    throw new PlannerError("crm_simulate timed out");
  });
  assert.equal(check(noRestartOnMigration, c, t, failing), []);
  assert.equal(check(stable, c, t, failing), []);
  assert.equal(check(deterministic, c, t, failing), []);
  const broken = fixedPlanner(() => {
    throw new TypeError("bug");
  });
  assert.throws(() => check(stable, c, t, broken), /bug/);
});

test.run();
