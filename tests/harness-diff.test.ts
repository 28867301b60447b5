/**
 * The differential campaign (`plancheck diff`): how two transitions are
 * compared and each disagreement classified (pure, no Pacemaker needed); and,
 * with the real crm_simulate, a campaign's exact outcome, the same JSON with
 * one or two workers, its fixtures and their replay. The oracle tests print
 * `SKIP …` and pass without crm_simulate, unless PLANCHECK_REQUIRE_PACEMAKER=1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Action, Clone, ClusterState, ColocationConstraint, Edge, Group, OrderConstraint, Placement, Primitive, SummaryLine, Transition } from "../planner/model.ts";
import { INFINITY } from "../planner/model.ts";
import { parseSummaryLine } from "../planner/summary.ts";
import * as kit from "../properties/testkit.ts";
import { classify, compareTransitions, lineText, planPair } from "../scripts/diff.ts";
import { runCli } from "./cli.ts";
import { missingTools, oracleTest } from "./oracle.ts";

const scratch = mkdtempSync(join(tmpdir(), "plancheck-diff-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** A transition with only a summary and a target (what the comparison reads). */
function transition(summary: string[], target: Placement[]): Transition {
  return { actions: [], edges: [], target, summary: summary.map((l) => parseSummaryLine(l) as SummaryLine) };
}

const on = (resource: string, node: string): Placement => ({ resource, node, role: "Started" });

/** The kind each disagreement between two transitions is classified as, for a cluster. */
const kindsOf = (cluster: ClusterState, reference: Transition, oracle: Transition): string[] =>
  classify({ cluster, reference, oracle }, compareTransitions(reference, oracle)).map((d) => d.kind);

test("compare: the same lines and targets agree, whatever their spacing", () => {
  const a = transition(["* Move       r1     ( n1 -> n2 )"], [on("r1", "n2")]);
  const b = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2")]);
  assert.equal(compareTransitions(a, b), []);
});

test("compare: a restart against nothing, a move against a migration, each a disagreement about its resource", () => {
  const reference = transition(["* Move       r1     ( n1 -> n2 )", "* Restart    r2     ( n1 ) due to required r1 start"], [on("r1", "n2"), on("r2", "n1")]);
  const oracle = transition(["* Migrate    r1     ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n1")]);
  assert.equal(compareTransitions(reference, oracle), [
    { aspect: "Move/Migrate", subject: "r1", reference: ["* Move r1 ( n1 -> n2 )"], oracle: ["* Migrate r1 ( n1 -> n2 )"], referenceNodes: ["n2"], oracleNodes: ["n2"] },
    { aspect: "Restart/none", subject: "r2", reference: ["* Restart r2 ( n1 ) due to required r1 start"], oracle: [], referenceNodes: ["n1"], oracleNodes: ["n1"] },
  ]);
});

test("compare: the same verb to another node is a -nodes aspect; the same lines for another instance an -instance one", () => {
  const nodes = compareTransitions(transition(["* Start r1 ( n1 )"], [on("r1", "n1")]), transition(["* Start r1 ( n2 )"], [on("r1", "n2")]));
  assert.equal(nodes.map((d) => [d.aspect, d.subject, d.referenceNodes, d.oracleNodes]), [["Start-nodes", "r1", ["n1"], ["n2"]]]);
  const instance = compareTransitions(transition(["* Start c:0 ( n1 )"], [on("c", "n1")]), transition(["* Start c:1 ( n1 )"], [on("c", "n1")]));
  assert.equal(instance.map((d) => [d.aspect, d.subject]), [["Start-instance", "c"]]);
});

test("compare: the same lines in another order are one order disagreement; the same lines with another target a placement one", () => {
  const order = compareTransitions(
    transition(["* Start r1 ( n1 )", "* Start r2 ( n2 )"], [on("r1", "n1"), on("r2", "n2")]),
    transition(["* Start r2 ( n2 )", "* Start r1 ( n1 )"], [on("r1", "n1"), on("r2", "n2")]),
  );
  assert.equal(order.map((d) => [d.aspect, d.subject]), [["order", "summary"]]);
  const placement = compareTransitions(transition([], [on("r1", "n1")]), transition([], [on("r1", "n2")]));
  assert.equal(placement.map((d) => [d.aspect, d.subject, d.referenceNodes, d.oracleNodes]), [["placement", "r1", ["n1"], ["n2"]]]);
});

test("plan pair: both planners plan the cluster as its CIB reads back: what runs on an unclean node without fencing is not there, a migration towards it a failed migrate_to", () => {
  const generated: ClusterState = {
    options: { fencingEnabled: false, symmetricCluster: true, noQuorumPolicy: "stop", haveQuorum: true, defaultStickiness: 0, defaultMigrationThreshold: 0 },
    nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: name === "n2" ? "unclean" : "online", standby: false, maintenance: false, attributes: {} })),
    resources: ["r1", "r2"].map((id) => ({ kind: "primitive", id, agent: "ocf:pacemaker:Dummy", meta: { allowMigrate: true } })),
    constraints: [],
    status: {
      active: [on("r1", "n1"), on("r1", "n2"), on("r2", "n2")],
      failed: [],
      failCounts: [],
      migrations: [{ resource: "r1", source: "n1", target: "n2", stage: "dangling" }],
    },
  };
  const pair = planPair({ reference: "reference", oracle: "reference" }, generated);
  if (typeof pair === "string") throw new Error(pair);
  assert.equal(pair.cluster.status, {
    active: [on("r1", "n1")],
    failed: [{ resource: "r1", node: "n1", operation: "migrate_to", activeAfter: true }],
    failCounts: [],
    migrations: [],
  });
  assert.equal(pair.reference.summary.map(lineText), ["* Recover r1 ( n1 )", "* Start r2 ( n3 )"]);
});

/** Two nodes and one primitive, r1, found active on both. */
const twice: ClusterState = {
  options: { fencingEnabled: false, symmetricCluster: true, noQuorumPolicy: "stop", haveQuorum: true, defaultStickiness: 0, defaultMigrationThreshold: 0 },
  nodes: ["n1", "n2"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: false, maintenance: false, attributes: {} })),
  resources: [{ kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} }],
  constraints: [],
  status: { active: [on("r1", "n1"), on("r1", "n2")], failed: [], failCounts: [], migrations: [] },
};

test("notes: a multiply-active primitive restarted where it stays is explained; the same lines with a migration recorded are not", () => {
  const reference = transition(["* Stop r1 ( n2 ) due to node availability"], [on("r1", "n1")]);
  const oracle = transition(["* Restart r1 ( n1 )", "* Stop r1 ( n2 ) due to node availability"], [on("r1", "n1")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(twice), ["multiply-active-restart"]);
  const migrated = { ...twice, status: { ...twice.status, migrations: [{ resource: "r1", source: "n2", target: "n1", stage: "dangling" as const }] } };
  assert.equal(kinds(migrated), ["unexplained-stop-restart-stop"]);
});

test("notes: a Mandatory order masked by the inverse of an earlier symmetrical one is explained; the same lines without the earlier order are not", () => {
  const order = (id: string, first: string, action: "start" | "stop", then: string, symmetrical: boolean): OrderConstraint => ({
    kind: "order",
    id,
    first,
    firstAction: action,
    then,
    thenAction: action,
    orderKind: "Mandatory",
    symmetrical,
  });
  const pair: ClusterState = {
    ...twice,
    resources: ["r7", "r8"].map((id) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} })),
    status: { ...twice.status, active: [on("r8", "n2")] },
  };
  const later = order("r7-then-r8", "r7", "start", "r8", false);
  const reference = transition(["* Start r7 ( n1 )", "* Restart r8 ( n2 ) due to required r7 start"], [on("r7", "n1"), on("r8", "n2")]);
  const oracle = transition(["* Start r7 ( n1 )"], [on("r7", "n1"), on("r8", "n2")]);
  const kinds = (constraints: OrderConstraint[]) =>
    classify({ cluster: { ...pair, constraints }, reference, oracle }, compareTransitions(reference, oracle)).map((d) => d.kind);
  assert.equal(kinds([order("r8-stops-first", "r8", "stop", "r7", true), later]), ["masked-mandatory-order"]);
  assert.equal(kinds([later]), ["unexplained-restart-none"]);
});

test("notes: a restart for a symmetrical stop-then-stop order whose first stops, even by an implied stop, is explained; the same lines with first not stopping are not", () => {
  const cluster: ClusterState = {
    ...twice,
    resources: ["r1", "r2"].map((id) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} })),
    constraints: [{ kind: "order", id: "r1-stops-first", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: true }],
    status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n2")] },
  };
  const reference = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n2")]);
  const kinds = (actions: Action[]) => {
    const oracle: Transition = { ...transition(["* Move r1 ( n1 -> n2 )", "* Restart r2 ( n2 )"], [on("r1", "n2"), on("r2", "n2")]), actions };
    return kindsOf(cluster, reference, oracle);
  };
  const impliedStop = { id: "stop:r1", task: "stop", resource: "r1", pseudo: true } as Action;
  assert.equal(kinds([impliedStop]), ["stop-order-restarts-then"]);
  assert.equal(kinds([]), ["unexplained-none-restart"]);
});

test("notes: a migration Pacemaker schedules into a cyclic graph is explained; the same lines with an acyclic graph are not", () => {
  const single = { ...twice, status: { ...twice.status, active: [on("r1", "n1")] } };
  const act = (task: string, node: string): Action => ({ id: `${task}:r1@${node}`, task, pseudo: false, resource: "r1", node }) as Action;
  const actions = [act("migrate_to", "n1"), act("migrate_from", "n2"), act("stop", "n1")];
  const chain: Edge[] = [
    { first: "migrate_to:r1@n1", then: "migrate_from:r1@n2" },
    { first: "migrate_from:r1@n2", then: "stop:r1@n1" },
  ];
  const reference = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2")]);
  const kinds = (edges: Edge[]) => {
    const oracle: Transition = { ...transition(["* Migrate r1 ( n1 -> n2 )"], [on("r1", "n2")]), actions, edges };
    return kindsOf(single, reference, oracle);
  };
  assert.equal(kinds([...chain, { first: "stop:r1@n1", then: "migrate_to:r1@n1" }]), ["migration-into-cycle"]);
  assert.equal(kinds(chain), ["unexplained-move-migrate"]);
});

test("notes: a primary placed apart from its sticky dependent of a finite colocation is explained; with the dependent stopped it is not", () => {
  const sticky: ClusterState = {
    ...twice,
    resources: [
      { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} },
      { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: { stickiness: 100 } },
    ],
    constraints: [{ kind: "colocation", id: "col-r2-r1", resource: "r2", withResource: "r1", score: 10 }],
    status: { ...twice.status, active: [on("r2", "n2")] },
  };
  const reference = transition(["* Start r1 ( n1 )"], [on("r1", "n1"), on("r2", "n2")]);
  const oracle = transition(["* Start r1 ( n2 )"], [on("r1", "n2"), on("r2", "n2")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(sticky), ["dependent-stickiness-pulls-primary"]);
  assert.equal(kinds({ ...sticky, status: { ...sticky.status, active: [] } }), ["unexplained-start-nodes"]);
  assert.equal(kinds({ ...sticky, constraints: [{ ...sticky.constraints[0]!, score: 1_000_000 }] as ClusterState["constraints"] }), ["unexplained-start-nodes"]);
});

test("notes: an abandoned partial migration restarted from its target, and its dependent's restart, are explained; the same lines without the partial migration are not", () => {
  const single = { ...twice, status: { ...twice.status, active: [on("r1", "n1")] } };
  const withDependent: ClusterState = {
    ...single,
    resources: [...single.resources, { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: {} }],
    constraints: [{ kind: "order", id: "o", first: "r1", firstAction: "start", then: "r2", thenAction: "start", orderKind: "Mandatory", symmetrical: true }],
    status: { ...single.status, active: [on("r1", "n1"), on("r2", "n1")] },
  };
  const partial = { ...withDependent, status: { ...withDependent.status, migrations: [{ resource: "r1", source: "n1", target: "n2", stage: "partial" as const }] } };
  const dangling = { ...partial, status: { ...partial.status, migrations: [{ ...partial.status.migrations[0]!, stage: "dangling" as const }] } };
  const reference = transition([], [on("r1", "n1"), on("r2", "n1")]);
  const oracle = transition(["* Move r1 ( n2 -> n1 )", "* Restart r2 ( n1 ) due to required r1 start"], [on("r1", "n1"), on("r2", "n1")]);
  const kinds = (cluster: ClusterState, ref = reference) => kindsOf(cluster, ref, oracle);
  assert.equal(kinds(partial), ["abandoned-partial-migration-restart", "restart-after-abandoned-migration"]);
  assert.equal(kinds(withDependent), ["unexplained-none-move", "unexplained-none-restart"]);
  assert.equal(kinds(dangling), ["unexplained-none-move", "unexplained-none-restart"]);
  const arrives = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2")]);
  const restarted = transition(["* Restart r1 ( n2 )"], [on("r1", "n2")]);
  const restartKinds = (cluster: ClusterState) => kindsOf(cluster, arrives, restarted);
  assert.equal(restartKinds(partial), ["abandoned-partial-migration-restart"]);
  assert.equal(restartKinds(withDependent), ["unexplained-move-restart"]);
});

test("notes: a migration a stop→stop order would block, its inverse masked by an earlier start order or itself by an earlier Optional one, is explained; the same orders declared the other way round are not", () => {
  const startOrder = { kind: "order" as const, id: "o-start", first: "r2", firstAction: "start" as const, then: "r1", thenAction: "start" as const, orderKind: "Mandatory" as const, symmetrical: true };
  const stopOrder = { kind: "order" as const, id: "o-stop", first: "r1", firstAction: "stop" as const, then: "r2", thenAction: "stop" as const, orderKind: "Mandatory" as const, symmetrical: true };
  const base: ClusterState = {
    ...twice,
    resources: [
      { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} },
      { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: { allowMigrate: true } },
    ],
    status: { ...twice.status, active: [on("r2", "n1")] },
  };
  const reference = transition(["* Start r1 ( n1 )", "* Move r2 ( n1 -> n2 )"], [on("r1", "n1"), on("r2", "n2")]);
  const oracle = transition(["* Start r1 ( n1 )", "* Migrate r2 ( n1 -> n2 )"], [on("r1", "n1"), on("r2", "n2")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds({ ...base, constraints: [startOrder, stopOrder] }), ["masked-stop-order-migration"]);
  assert.equal(kinds({ ...base, constraints: [stopOrder, startOrder] }), ["unexplained-move-migrate"]);
  assert.equal(kinds({ ...base, constraints: [stopOrder] }), ["unexplained-move-migrate"]);
  const optionalStopOrder = { ...stopOrder, id: "o-stop-optional", orderKind: "Optional" as const };
  assert.equal(kinds({ ...base, constraints: [optionalStopOrder, stopOrder] }), ["masked-stop-order-migration"]);
  assert.equal(kinds({ ...base, constraints: [stopOrder, optionalStopOrder] }), ["unexplained-move-migrate"]);
});

test("notes: a migration Pacemaker makes by leaving out a mirrored order of a restarting dependency is explained; one whose dependency does not restart is not", () => {
  const cluster: ClusterState = {
    ...twice,
    resources: [
      { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: { allowMigrate: true } },
      { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: {} },
    ],
    constraints: [{ kind: "order", id: "o", first: "r2", firstAction: "start", then: "r1", thenAction: "start", orderKind: "Mandatory", symmetrical: true }],
    status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n1")] },
  };
  const act = (task: string, resource: string, node: string): Action => ({ id: `${task}:${resource}@${node}`, task, pseudo: false, resource, node }) as Action;
  const migration = [act("migrate_to", "r1", "n1"), act("migrate_from", "r1", "n2"), act("stop", "r1", "n1")];
  const migrationEdges: Edge[] = [
    { first: "migrate_to:r1@n1", then: "migrate_from:r1@n2" },
    { first: "migrate_from:r1@n2", then: "stop:r1@n1" },
  ];
  const target = [on("r1", "n2"), on("r2", "n1")];
  const reference = transition(["* Move r1 ( n1 -> n2 ) due to unmigrateable r2 stop", "* Restart r2 ( n1 ) due to required r1 start"], target);
  const kinds = (oracle: Transition) => kindsOf(cluster, reference, oracle);
  const withoutStopOrder: Transition = {
    ...transition(["* Migrate r1 ( n1 -> n2 )", "* Restart r2 ( n1 ) due to required r1 start"], target),
    actions: [...migration, act("stop", "r2", "n1"), act("start", "r2", "n1")],
    edges: [...migrationEdges, { first: "stop:r2@n1", then: "start:r2@n1" }, { first: "start:r2@n1", then: "migrate_to:r1@n1" }],
  };
  assert.equal(kinds(withoutStopOrder), ["migration-drops-mirrored-order"]);
  const dependencyStays: Transition = { ...transition(["* Migrate r1 ( n1 -> n2 )"], target), actions: migration, edges: migrationEdges };
  assert.equal(kinds(dependencyStays), ["unexplained-move-migrate", "unexplained-restart-none"]);
});

test("notes: a dangling migration recovered because its source copy failed is explained (restarted on the target when the source is fenced); the same lines without the failure, or the restart with the source up, are not", () => {
  const dangling = { ...twice, status: { ...twice.status, migrations: [{ resource: "r1", source: "n1", target: "n2", stage: "dangling" as const }] } };
  const failed = { ...dangling, status: { ...dangling.status, failed: [{ resource: "r1", node: "n1", operation: "monitor", activeAfter: true }] } };
  const reference = transition([], [on("r1", "n2")]);
  const oracle = transition(["* Recover r1 ( n1 -> n2 )"], [on("r1", "n2")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(failed), ["dangling-failed-source-recovery"]);
  assert.equal(kinds(dangling), ["unexplained-none-recover"]);
  const onTarget = transition(["* Recover r1 ( n2 )"], [on("r1", "n2")]);
  const onTargetKinds = (cluster: ClusterState) => kindsOf(cluster, reference, onTarget);
  assert.equal(onTargetKinds(failed), ["dangling-failed-source-recovery"]);
  assert.equal(onTargetKinds(dangling), ["unexplained-none-recover"]);
  // The source unclean and fenced: a Restart on the target; with the source online the same line is not explained.
  const restart = transition(["* Restart r1 ( n2 )"], [on("r1", "n2")]);
  const restartKinds = (cluster: ClusterState) => kindsOf(cluster, reference, restart);
  const lostSource = { ...failed, options: { ...failed.options, fencingEnabled: true }, nodes: failed.nodes.map((n) => (n.name === "n1" ? { ...n, membership: "unclean" as const } : n)) };
  assert.equal(restartKinds(lostSource), ["dangling-failed-source-recovery"]);
  assert.equal(restartKinds({ ...failed, options: lostSource.options }), ["unexplained-none-restart"]);
});

test("notes: a multiply-active primitive with a failed copy recovered where its healthy copy stays (in place, or from the failed copy) is explained; without the failure, or recovered where it failed, it is not", () => {
  const failed = { ...twice, status: { ...twice.status, failed: [{ resource: "r1", node: "n2", operation: "monitor", activeAfter: true }] } };
  const reference = transition([], [on("r1", "n1")]);
  const oracle = transition(["* Recover r1 ( n1 )"], [on("r1", "n1")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(failed), ["multiply-active-recovery"]);
  assert.equal(kinds(twice), ["unexplained-none-recover"]);
  const failedOnStay = { ...twice, status: { ...twice.status, failed: [{ resource: "r1", node: "n1", operation: "monitor", activeAfter: true }] } };
  assert.equal(kinds(failedOnStay), ["unexplained-none-recover"]);
  // Staying on n2, the copy on n1 (whose history is read first) failed: a Recover from n1.
  const stays = transition([], [on("r1", "n2")]);
  const fromFirst = transition(["* Recover r1 ( n1 -> n2 )"], [on("r1", "n2")]);
  const stayKinds = (cluster: ClusterState) => kindsOf(cluster, stays, fromFirst);
  assert.equal(stayKinds(failedOnStay), ["multiply-active-recovery"]);
  assert.equal(stayKinds(twice), ["unexplained-none-recover"]);
});

test("notes: a primary drawn to where a weakly colocated group's further member runs is explained; the same with a mandatory colocation is not", () => {
  const cluster = (score: number): ClusterState => ({
    ...twice,
    resources: [
      { kind: "group", id: "g1", meta: {}, members: ["r1", "r2"].map((id) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} })) },
      { kind: "primitive", id: "r3", agent: "ocf:pacemaker:Dummy", meta: {} },
    ],
    constraints: [{ kind: "colocation", id: "col-g1-r3", resource: "g1", withResource: "r3", score }],
    status: { ...twice.status, active: [on("r1", "n2"), on("r2", "n2")] },
  });
  const reference = transition(["* Start r3 ( n1 )"], [on("r1", "n2"), on("r2", "n2"), on("r3", "n1")]);
  const oracle = transition(["* Start r3 ( n2 )"], [on("r1", "n2"), on("r2", "n2"), on("r3", "n2")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(100)), ["weak-group-colocation-wish"]);
  assert.equal(kinds(cluster(1000000)), ["unexplained-start-nodes"]);
});

test("notes: a clone instance moved off a node where another instance starts is explained; not for a resource that is no clone, and where the reference restarts it the same actions are an instance naming difference", () => {
  const dummy = { kind: "primitive" as const, id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} };
  const cluster = (cloned: boolean): ClusterState => ({
    ...twice,
    nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: false, maintenance: false, attributes: {} })),
    resources: [cloned ? { kind: "clone", id: "r1-clone", child: dummy, meta: {}, cloneNodeMax: 1, interleave: false, ordered: false } : dummy],
  });
  const target = [on("r1", "n1"), on("r1", "n2"), on("r1", "n3")];
  const reference = transition(["* Start r1:2 ( n3 )"], target);
  const oracle = transition(["* Move r1:1 ( n2 -> n3 )", "* Start r1:2 ( n2 )"], target);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(true)), ["clone-instance-shuffle"]);
  assert.equal(kinds(cluster(false)), ["unexplained-start-move-start"]);
  // Another instance moving in (not starting) on the node one leaves is the same shuffle.
  const stopping = transition(["* Stop r1:0 ( n1 ) due to node availability", "* Start r1:2 ( n2 )"], [on("r1", "n2"), on("r1", "n3")]);
  const chained = transition(["* Move r1:0 ( n1 -> n3 )", "* Move r1:1 ( n3 -> n2 )"], [on("r1", "n2"), on("r1", "n3")]);
  const chainedKinds = (c: ClusterState) => kindsOf(c, stopping, chained);
  assert.equal(chainedKinds(cluster(true)), ["clone-instance-shuffle"]);
  assert.equal(chainedKinds(cluster(false)), ["unexplained-start-stop-move"]);
  const restarting = transition(["* Restart r1:1 ( n2 ) due to required r9 start", "* Start r1:2 ( n3 )"], target);
  const restartKinds = classify({ cluster: cluster(true), reference: restarting, oracle }, compareTransitions(restarting, oracle)).map((d) => d.kind);
  assert.equal(restartKinds, ["clone-restart-instance-naming"]);
});

test("notes: a clone instance restarted by one planner where the other moves another instance in is explained; with other actions it is not", () => {
  const dummy = { kind: "primitive" as const, id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} };
  const cloned: ClusterState = { ...twice, resources: [{ kind: "clone", id: "r1-clone", child: dummy, meta: {}, cloneNodeMax: 1, interleave: false, ordered: false }] };
  const reference = transition(["* Restart r1:1 ( n2 ) due to required r9 start", "* Stop r1:0 ( n1 ) due to node availability"], [on("r1", "n2")]);
  const kinds = (oracle: Transition) => kindsOf(cloned, reference, oracle);
  assert.equal(kinds(transition(["* Move r1:0 ( n1 -> n2 )", "* Stop r1:1 ( n2 ) due to node availability"], [on("r1", "n2")])), ["clone-restart-instance-naming"]);
  assert.equal(kinds(transition(["* Move r1:0 ( n1 -> n2 )"], [on("r1", "n2")])), ["unexplained-restart-stop-move"]);
});

test("notes: a primitive the reference restarts because every running instance of the clone it needs goes down is explained; with an instance staying up it is not", () => {
  const dummy = (id: string) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} });
  const cloned: ClusterState = {
    ...twice,
    nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: false, maintenance: false, attributes: {} })),
    resources: [{ kind: "clone", id: "c", child: dummy("r5"), meta: {}, cloneNodeMax: 1, interleave: false, ordered: false }, dummy("r7")],
    constraints: [{ kind: "order", id: "o", first: "c", firstAction: "start", then: "r7", thenAction: "start", orderKind: "Mandatory", symmetrical: true }],
    status: { ...twice.status, active: [on("r5", "n1"), on("r5", "n2"), on("r7", "n3")] },
  };
  const target = [on("r5", "n2"), on("r7", "n3")];
  const kinds = (clone: string[]) => {
    const reference = transition([...clone, "* Restart r7 ( n3 ) due to required c running"], target);
    const oracle = transition(clone, target);
    return kindsOf(cloned, reference, oracle);
  };
  const stop = "* Stop r5:0 ( n1 ) due to node availability";
  assert.equal(kinds([stop, "* Restart r5:1 ( n2 ) due to required r9 start"]), ["clone-down-restart"]);
  assert.equal(kinds([stop]), ["unexplained-restart-none"]);
});

/** Three nodes, primitives r1 and r2 (r2 after r1 by a Mandatory symmetrical order), both running on n1. */
const ordered: ClusterState = {
  ...twice,
  nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: false, maintenance: false, attributes: {} })),
  resources: ["r1", "r2"].map((id) => ({ kind: "primitive", id, agent: "ocf:pacemaker:Dummy", meta: {} })),
  constraints: [{ kind: "order", id: "o", first: "r1", firstAction: "start", then: "r2", thenAction: "start", orderKind: "Mandatory", symmetrical: true }],
  status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n1")] },
};

test("notes: a restart (or a stop) required by a symmetrical order masked by an earlier asymmetrical one between the same actions is explained; with the earlier one symmetrical too it is not", () => {
  const masked = (earlySymmetrical: boolean): ClusterState => ({
    ...ordered,
    constraints: [{ ...(ordered.constraints[0] as OrderConstraint), id: "early", symmetrical: earlySymmetrical }, ...ordered.constraints],
  });
  const reference = transition(["* Move r1 ( n1 -> n2 )", "* Restart r2 ( n1 ) due to required r1 start"], [on("r1", "n2"), on("r2", "n1")]);
  const oracle = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n1")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(masked(false)), ["masked-symmetrical-order"]);
  assert.equal(kinds(masked(true)), ["unexplained-restart-none"]);
  // r1 stopping for good, or unable to run: the reference stops r2, Pacemaker leaves it running.
  const kept = transition(["* Stop r1 ( n1 ) due to node availability"], [on("r2", "n1")]);
  for (const reason of ["required r1 start", "unrunnable r1 start"]) {
    const stops = transition(["* Stop r1 ( n1 ) due to node availability", `* Stop r2 ( n1 ) due to ${reason}`], []);
    const stopKinds = (cluster: ClusterState) => kindsOf(cluster, stops, kept);
    assert.equal(stopKinds(masked(false)), ["masked-symmetrical-order"], reason);
    assert.equal(stopKinds(masked(true)), ["unexplained-stop-none"], reason);
  }
});

test("notes: a resource of a +INFINITY and -INFINITY colocated pair placed elsewhere, and its dependent's restart, are explained; without the -INFINITY colocation they are not", () => {
  const colocation = (id: string, score: number) => ({ kind: "colocation" as const, id, resource: "r3", withResource: "r1", score });
  const withPair: ClusterState = {
    ...ordered,
    resources: [...ordered.resources, { kind: "primitive", id: "r3", agent: "ocf:pacemaker:Dummy", meta: {} }],
    constraints: [...ordered.constraints, colocation("with", 1_000_000), colocation("apart", -1_000_000)],
  };
  const reference = transition([], [on("r1", "n1"), on("r2", "n1")]);
  const oracle = transition(["* Move r1 ( n1 -> n3 )", "* Restart r2 ( n1 ) due to required r1 start"], [on("r1", "n3"), on("r2", "n1")]);
  const kinds = (cluster: ClusterState) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(withPair), ["contradictory-colocations", "contradictory-colocations"]);
  assert.equal(kinds({ ...withPair, constraints: withPair.constraints.slice(0, 2) }), ["unexplained-none-move", "unexplained-none-restart"]);
});

test("notes: a clone instance above clone-max stopped as an orphan while a copy on a fenced node frees a number is explained; without the fencing it is not", () => {
  const dummy = { kind: "primitive" as const, id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} };
  const cluster: ClusterState = {
    ...twice,
    options: { ...twice.options, fencingEnabled: true },
    nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: name === "n2" ? "unclean" : "online", standby: false, maintenance: false, attributes: {} })),
    resources: [{ kind: "clone", id: "r1-clone", child: dummy, meta: {}, cloneMax: 2, cloneNodeMax: 1, interleave: false, ordered: false }],
    status: { ...twice.status, active: [on("r1", "n1"), on("r1", "n2"), on("r1", "n3")] },
  };
  const fence: Action = { id: "fence:n2", task: "fence", node: "n2", pseudo: false };
  const fenced = (t: Transition): Transition => ({ ...t, actions: [fence] });
  const reference = fenced(transition(["* Stop r1:1 ( n2 ) due to node availability"], [on("r1", "n1"), on("r1", "n3")]));
  const oracle = transition(["* Stop r1:1 ( n2 ) due to node availability", "* Stop r1:2 ( n3 ) due to node availability"], [on("r1", "n1")]);
  const kinds = (o: Transition) => kindsOf(cluster, reference, o);
  assert.equal(kinds(fenced(oracle)), ["orphan-freed-by-fencing"]);
  assert.equal(kinds(oracle), ["unexplained-stop-nodes"]);
});

/** A cluster of three online nodes running the given resources and constraints, with what is active. */
function threeNodes(resources: ClusterState["resources"], constraints: ClusterState["constraints"], active: Placement[]): ClusterState {
  return {
    ...twice,
    nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: false, maintenance: false, attributes: {} })),
    resources,
    constraints,
    status: { ...twice.status, active },
  };
}

const dummy = (id: string, meta: Primitive["meta"] = {}): Primitive => ({ kind: "primitive", id, agent: "ocf:pacemaker:Dummy", meta });

/** An anonymous clone of a primitive or group, with clone-max and clone-node-max. */
const cloneOf = (child: Primitive | Group, cloneMax?: number, cloneNodeMax = 1): Clone => ({
  kind: "clone",
  id: `${child.id}-clone`,
  child,
  meta: {},
  cloneMax,
  cloneNodeMax,
  interleave: false,
  ordered: false,
});

/** A symmetrical start→start order of the given kind. */
const startOrder = (id: string, first: string, then: string, orderKind: OrderConstraint["orderKind"]): OrderConstraint => ({
  kind: "order",
  id,
  first,
  firstAction: "start",
  then,
  thenAction: "start",
  orderKind,
  symmetrical: true,
});

test("notes: an orphan instance stopped where the clone stays, a kept instance moved in its place, is explained; not when the stopped instance is no orphan", () => {
  const cluster = (cloneMax: number | undefined) => threeNodes([cloneOf(dummy("r1"), cloneMax)], [], [on("r1", "n1"), on("r1", "n2")]);
  const target = [on("r1", "n2")];
  const oracle = transition(["* Move r1:0 ( n1 -> n2 )", "* Stop r1:1 ( n2 ) due to node availability"], target);
  const reference = transition(["* Stop r1:0 ( n1 ) due to node availability"], target);
  assert.equal(kindsOf(cluster(1), reference, oracle), ["orphan-instance-replaced"]);
  const restarting = transition(["* Stop r1:0 ( n1 ) due to node availability", "* Restart r1:1 ( n2 ) due to required r9 start"], target);
  assert.equal(kindsOf(cluster(1), restarting, oracle), ["orphan-instance-replaced"]);
  assert.equal(kindsOf(cluster(2), reference, oracle), ["unexplained-stop-move-stop"]);
  // Pacemaker's target, derived per primitive, without n2 where its graph starts the arriving instance before the orphan stops.
  const act = (task: string, node: string): Action => ({ id: `${task}:r1@${node}`, task, pseudo: false, resource: "r1", node }) as Action;
  const derived = { ...transition(["* Move r1:0 ( n1 -> n2 )", "* Stop r1:1 ( n2 ) due to node availability"], []), actions: [act("stop", "n1"), act("start", "n2"), act("stop", "n2")] };
  assert.equal(kindsOf(cluster(1), restarting, derived), ["orphan-instance-replaced"]);
  assert.equal(kindsOf(cluster(1), restarting, { ...derived, actions: [act("stop", "n1"), act("stop", "n2")] }), ["unexplained-restart-stop-move-stop"]);
});

test("notes: an instance Pacemaker moves off a node where the reference restarts it for an order is explained; without that order the same actions are only numbered otherwise", () => {
  const order: OrderConstraint = { kind: "order", id: "o", first: "r9", firstAction: "start", then: "r1-clone", thenAction: "start", orderKind: "Mandatory", symmetrical: true };
  const cluster = (ordered: boolean) => threeNodes([dummy("r9"), cloneOf(dummy("r1"))], ordered ? [order] : [], [on("r1", "n2")]);
  const target = [on("r1", "n2"), on("r1", "n3")];
  const reference = transition(["* Restart r1:0 ( n2 ) due to required r9 start", "* Start r1:1 ( n3 )"], target);
  const oracle = transition(["* Move r1:0 ( n2 -> n3 )", "* Start r1:1 ( n2 )"], target);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["clone-instance-shuffle-on-restart"]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["clone-restart-instance-naming"]);
});

test("notes: cloned group instances sent to one node beyond clone-node-max are explained; not when clone-node-max allows them", () => {
  const group: Group = { kind: "group", id: "g1", meta: {}, members: [dummy("r1"), dummy("r2")] };
  const cluster = (cloneNodeMax: number) => threeNodes([cloneOf(group, undefined, cloneNodeMax)], [], [on("r1", "n3"), on("r2", "n3")]);
  const reference = transition(["* Start r1:1 ( n1 )"], [on("r1", "n1"), on("r1", "n3")]);
  const oracle = transition(["* Move r1:0 ( n3 -> n1 )", "* Start r1:1 ( n1 )"], [on("r1", "n1")]);
  assert.equal(kindsOf(cluster(1), reference, oracle), ["cloned-group-instances-stacked"]);
  assert.equal(kindsOf(cluster(2), reference, oracle), ["unexplained-start-move-start"]);
  // One instance moved onto a node where another runs and stays.
  const beside = (cloneNodeMax: number) => threeNodes([cloneOf(group, undefined, cloneNodeMax)], [], ["n1", "n3"].flatMap((n) => [on("r1", n), on("r2", n)]));
  const stops = transition(["* Stop r1:1 ( n3 ) due to node availability"], [on("r1", "n1")]);
  const stacks = transition(["* Move r1:1 ( n3 -> n1 )"], [on("r1", "n1")]);
  assert.equal(kindsOf(beside(1), stops, stacks), ["cloned-group-instances-stacked"]);
  assert.equal(kindsOf(beside(2), stops, stacks), ["unexplained-stop-move"]);
});

test("notes: a cloned group's managed member kept beside its unmanaged one on an anti-colocated primary's node is explained; not when that member is managed", () => {
  const anti = { kind: "colocation" as const, id: "c", resource: "g1-clone", withResource: "r4", score: -INFINITY };
  const cluster = (isManaged: boolean) =>
    threeNodes(
      [cloneOf({ kind: "group", id: "g1", meta: {}, members: [dummy("r1", { isManaged }), dummy("r2")] }), dummy("r4")],
      [anti],
      [on("r1", "n1"), on("r2", "n1"), on("r1", "n2"), on("r2", "n2")],
    );
  const reference = transition(["* Stop r2:0 ( n1 ) due to node availability", "* Start r4 ( n1 )"], [on("r1", "n1"), on("r1", "n2"), on("r2", "n2"), on("r4", "n1")]);
  const oracle = transition(["* Start r4 ( n1 )"], [on("r1", "n1"), on("r1", "n2"), on("r2", "n1"), on("r2", "n2"), on("r4", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["unmanaged-member-keeps-instance"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-stop-none"]);
});

test("notes: a blocked migration's move worded 'unrunnable X stop' by Pacemaker 2.1.5 is explained; a reason naming another resource is not", () => {
  const cluster = { ...twice, resources: ["r1", "r2"].map((id) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} })) };
  const reference = transition(["* Move r1 ( n1 -> n2 ) due to unmigrateable r2 stop"], [on("r1", "n2")]);
  const kinds = (line: string) => {
    const oracle = transition([line], [on("r1", "n2")]);
    return kindsOf(cluster, reference, oracle);
  };
  assert.equal(kinds("* Move r1 ( n1 -> n2 ) due to unrunnable r2 stop"), ["blocked-migration-wording"]);
  assert.equal(kinds("* Move r1 ( n1 -> n2 ) due to unrunnable r3 stop"), ["unexplained-move-reason"]);
});

test("notes: a migration Pacemaker blocks for the clean-up stop of its first's dangling migration is explained; without that migration it is not", () => {
  const cluster = (dangling: boolean): ClusterState => ({
    ...ordered,
    resources: ordered.resources.map((r) => ({ ...r, meta: { allowMigrate: true } })),
    status: {
      ...ordered.status,
      active: [on("r1", "n1"), on("r1", "n3"), on("r2", "n1")],
      migrations: dangling ? [{ resource: "r1", source: "n3", target: "n1", stage: "dangling" }] : [],
    },
  });
  const reference = transition(["* Migrate r2 ( n1 -> n2 )"], [on("r1", "n1"), on("r2", "n2")]);
  const oracle = transition(["* Move r2 ( n1 -> n2 ) due to unrunnable r1 stop"], [on("r1", "n1"), on("r2", "n2")]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["dangling-first-blocks-migration"]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["unexplained-migrate-move"]);
});

test("notes: a migration blocked by a dependency's restart that a known note explains is explained; the same lines with that restart unexplained are not", () => {
  const cluster: ClusterState = {
    ...twice,
    resources: [
      ...["r1", "r2"].map((id) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} })),
      { kind: "primitive", id: "r3", agent: "ocf:pacemaker:Dummy", meta: { allowMigrate: true } },
    ],
    constraints: [
      { kind: "order", id: "r1-stops-first", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: true },
      { kind: "order", id: "r2-then-r3", first: "r2", firstAction: "start", then: "r3", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
    ],
    status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n2"), on("r3", "n2")] },
  };
  const target = [on("r1", "n2"), on("r2", "n2"), on("r3", "n1")];
  const reference = transition(["* Move r1 ( n1 -> n2 )", "* Migrate r3 ( n2 -> n1 )"], target);
  const lines = ["* Move r1 ( n1 -> n2 )", "* Restart r2 ( n2 )", "* Move r3 ( n2 -> n1 ) due to unrunnable r2 stop"];
  const kinds = (actions: Action[]) => {
    const oracle: Transition = { ...transition(lines, target), actions };
    return kindsOf(cluster, reference, oracle);
  };
  const stopOfFirst = { id: "stop:r1@n1", task: "stop", resource: "r1", node: "n1", pseudo: false } as Action;
  assert.equal(kinds([stopOfFirst]), ["stop-order-restarts-then", "follows-explained-cause"]);
  assert.equal(kinds([]), ["unexplained-none-restart", "unexplained-migrate-move"]);
});

test("notes: a stop whose reason names a dependency's stop where the other plan names its start, after that dependency's restart a known note explains, is explained; with that restart unexplained it is not", () => {
  const cluster: ClusterState = {
    ...twice,
    resources: ["r1", "r2", "r3"].map((id) => ({ kind: "primitive" as const, id, agent: "ocf:pacemaker:Dummy", meta: {} })),
    constraints: [
      { kind: "order", id: "r1-stops-first", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: true },
      { kind: "order", id: "r2-then-r3", first: "r2", firstAction: "start", then: "r3", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
    ],
    status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n2"), on("r3", "n2")] },
  };
  const target = [on("r1", "n2"), on("r2", "n2")];
  const reference = transition(["* Move r1 ( n1 -> n2 )", "* Stop r3 ( n2 ) due to unrunnable r2 start"], target);
  const lines = ["* Move r1 ( n1 -> n2 )", "* Restart r2 ( n2 )", "* Stop r3 ( n2 ) due to unrunnable r2 stop"];
  const kinds = (actions: Action[]) => kindsOf(cluster, reference, { ...transition(lines, target), actions });
  const stopOfFirst = { id: "stop:r1@n1", task: "stop", resource: "r1", node: "n1", pseudo: false } as Action;
  assert.equal(kinds([stopOfFirst]), ["stop-order-restarts-then", "follows-explained-cause"]);
  assert.equal(kinds([]), ["unexplained-none-restart", "unexplained-stop-reason"]);
});

test("notes: an interleaved clone's instance stopped by Pacemaker where the clone it follows has none is explained; for a clone that does not interleave it is not", () => {
  const cluster = (interleave: boolean) =>
    threeNodes(
      [cloneOf(dummy("a"), 2), { ...cloneOf(dummy("b")), interleave }],
      [
        { kind: "order", id: "a-then-b", first: "a-clone", firstAction: "start", then: "b-clone", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
        { kind: "location", id: "a-not-n2", resource: "a-clone", node: "n2", score: -INFINITY },
      ],
      [on("a", "n1"), on("a", "n2"), on("b", "n1"), on("b", "n2"), on("b", "n3")],
    );
  const a = [on("a", "n1"), on("a", "n3")];
  const reference = transition(["* Move a:1 ( n2 -> n3 )", "* Restart b:2 ( n3 ) due to required a:1 start"], [...a, on("b", "n1"), on("b", "n2"), on("b", "n3")]);
  const oracle = transition(
    ["* Move a:1 ( n2 -> n3 )", "* Stop b:1 ( n2 ) due to required a:1 start", "* Restart b:2 ( n3 ) due to required a:1 start"],
    [...a, on("b", "n1"), on("b", "n3")],
  );
  assert.equal(kindsOf(cluster(true), reference, oracle), ["interleaved-without-first-instance"]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["unexplained-restart-restart-stop"]);
});

test("notes: a clone's instances restarted 'due to required X-clone running' after a clone restart a known note explains, its other lines the same, are explained; with other lines differing they are not", () => {
  const cluster = threeNodes(
    [dummy("r1"), cloneOf(dummy("r2")), cloneOf(dummy("r3"))],
    [
      { kind: "order", id: "r1-stops-first", first: "r1", firstAction: "stop", then: "r2-clone", thenAction: "stop", orderKind: "Mandatory", symmetrical: true },
      { kind: "order", id: "r2-then-r3", first: "r2-clone", firstAction: "start", then: "r3-clone", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
    ],
    [on("r1", "n1"), on("r2", "n2"), on("r3", "n2"), on("r3", "n3")],
  );
  const target = [on("r1", "n3"), on("r2", "n2"), on("r3", "n1"), on("r3", "n2"), on("r3", "n3")];
  const stopOfFirst = { id: "stop:r1@n1", task: "stop", resource: "r1", node: "n1", pseudo: false } as Action;
  const oracle = {
    ...transition(
      [
        "* Move r1 ( n1 -> n3 )",
        "* Restart r2:0 ( n2 )",
        "* Restart r3:0 ( n2 ) due to required r2-clone running",
        "* Restart r3:1 ( n3 ) due to required r2-clone running",
        "* Start r3:2 ( n1 )",
      ],
      target,
    ),
    actions: [stopOfFirst],
  };
  const kinds = (r3Lines: string[]) => kindsOf(cluster, transition(["* Move r1 ( n1 -> n3 )", ...r3Lines], target), oracle);
  assert.equal(kinds(["* Start r3:2 ( n1 )"]), ["stop-order-restarts-then", "follows-explained-cause"]);
  assert.equal(kinds(["* Start r3:3 ( n1 )"]), ["stop-order-restarts-then", "unexplained-start-restart-start"]);
});

test("notes: a chain of restarts after a restart a known note explains is explained link by link; with that first restart unexplained none is", () => {
  const cluster = threeNodes(
    ["r1", "r2", "r3", "r4"].map((id) => dummy(id)),
    [
      { kind: "order", id: "r1-stops-first", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: true },
      { kind: "order", id: "r2-then-r3", first: "r2", firstAction: "start", then: "r3", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
      { kind: "order", id: "r3-then-r4", first: "r3", firstAction: "start", then: "r4", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
    ],
    [on("r1", "n1"), on("r2", "n2"), on("r3", "n2"), on("r4", "n2")],
  );
  const target = [on("r1", "n3"), on("r2", "n2"), on("r3", "n2"), on("r4", "n2")];
  const reference = transition(["* Move r1 ( n1 -> n3 )"], target);
  const lines = ["* Move r1 ( n1 -> n3 )", "* Restart r2 ( n2 )", "* Restart r3 ( n2 ) due to required r2 start", "* Restart r4 ( n2 ) due to required r3 start"];
  const kinds = (actions: Action[]) => kindsOf(cluster, reference, { ...transition(lines, target), actions });
  const stopOfFirst = { id: "stop:r1@n1", task: "stop", resource: "r1", node: "n1", pseudo: false } as Action;
  assert.equal(kinds([stopOfFirst]), ["stop-order-restarts-then", "follows-explained-cause", "follows-explained-cause"]);
  assert.equal(kinds([]), ["unexplained-none-restart", "unexplained-none-restart", "unexplained-none-restart"]);
});

test("notes: a restart 'due to required X-clone running' after a clone restart a known note explains is explained; with that clone restart unexplained it is not", () => {
  const cluster = threeNodes(
    [dummy("r1"), cloneOf(dummy("r2")), dummy("r3")],
    [
      { kind: "order", id: "r1-stops-first", first: "r1", firstAction: "stop", then: "r2-clone", thenAction: "stop", orderKind: "Mandatory", symmetrical: true },
      { kind: "order", id: "r2-then-r3", first: "r2-clone", firstAction: "start", then: "r3", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
    ],
    [on("r1", "n1"), on("r2", "n2"), on("r3", "n2")],
  );
  const target = [on("r1", "n3"), on("r2", "n2"), on("r3", "n2")];
  const reference = transition(["* Move r1 ( n1 -> n3 )"], target);
  const lines = ["* Move r1 ( n1 -> n3 )", "* Restart r2:0 ( n2 )", "* Restart r3 ( n2 ) due to required r2-clone running"];
  const kinds = (actions: Action[]) => kindsOf(cluster, reference, { ...transition(lines, target), actions });
  const stopOfFirst = { id: "stop:r1@n1", task: "stop", resource: "r1", node: "n1", pseudo: false } as Action;
  assert.equal(kinds([stopOfFirst]), ["stop-order-restarts-then", "follows-explained-cause"]);
  assert.equal(kinds([]), ["unexplained-none-restart", "unexplained-none-restart"]);
});

test("notes: a partial migration restarted on its source by the reference and moved back there from its target by Pacemaker is explained; without the stop on the target it is not", () => {
  const partial = { ...twice, status: { ...twice.status, active: [on("r1", "n1")], migrations: [{ resource: "r1", source: "n1", target: "n2", stage: "partial" as const }] } };
  const restart = transition(["* Restart r1 ( n1 ) due to required r9 start"], [on("r1", "n1")]);
  const oracle = transition(["* Move r1 ( n2 -> n1 )"], [on("r1", "n1")]);
  const kinds = (actions: Action[]) => {
    const reference: Transition = { ...restart, actions };
    return kindsOf(partial, reference, oracle);
  };
  const act = (task: string, node: string): Action => ({ id: `${task}:r1@${node}`, task, pseudo: false, resource: "r1", node }) as Action;
  assert.equal(kinds([act("stop", "n2"), act("stop", "n1"), act("start", "n1")]), ["partial-migration-summary"]);
  assert.equal(kinds([act("stop", "n1"), act("start", "n1")]), ["unexplained-restart-move"]);
});

test("notes: a sticky dependent that stays while its primary, pulled by its stickiness, goes elsewhere is explained; with the primary on the same node in both it is not", () => {
  const cluster: ClusterState = {
    ...twice,
    resources: [
      { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} },
      { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: { stickiness: 3 } },
    ],
    constraints: [{ kind: "colocation", id: "col-r2-r1", resource: "r2", withResource: "r1", score: -8 }],
    status: { ...twice.status, active: [on("r2", "n1")] },
  };
  const oracle = transition(["* Start r1 ( n2 )"], [on("r1", "n2"), on("r2", "n1")]);
  const kinds = (reference: Transition) => kindsOf(cluster, reference, oracle);
  assert.equal(kinds(transition(["* Start r1 ( n1 )", "* Move r2 ( n1 -> n2 )"], [on("r1", "n1"), on("r2", "n2")])), [
    "dependent-stickiness-pulls-primary",
    "dependent-stickiness-pulls-primary",
  ]);
  assert.equal(kinds(transition(["* Start r1 ( n2 )", "* Move r2 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n2")])), ["unexplained-move-none"]);
});

test("notes: a group member kept where it runs by a blocked stop before an unmanaged member is explained; with that member managed it is not", () => {
  const cluster = (isManaged: boolean): ClusterState => ({
    ...twice,
    nodes: twice.nodes.map((n) => (n.name === "n1" ? { ...n, standby: true } : n)),
    resources: [
      {
        kind: "group",
        id: "g1",
        meta: {},
        members: [
          { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} },
          { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: { isManaged } },
        ],
      },
    ],
    status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n1")] },
  });
  const reference = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n1")]);
  const oracle = transition(["* Stop r1 ( n1 ) due to unrunnable r2 stop (blocked)"], [on("r1", "n1"), on("r2", "n1")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(false)), ["group-stop-blocked-by-unmanaged"]);
  assert.equal(kinds(cluster(true)), ["unexplained-move-stop"]);
});

test("notes: what follows a group kept behind an unmanaged member, stopped because the group cannot be running, is explained; with that member managed it is not", () => {
  const cluster = (isManaged: boolean): ClusterState =>
    kit.cluster({
      nodes: [kit.node("n1", "online", { standby: true }), "n2"],
      resources: [kit.group("g1", [kit.prim("r1"), kit.prim("r2", { isManaged })]), kit.prim("r3")],
      constraints: [kit.order("o", "g1", "r3")],
      active: [["r1", "n1"], ["r2", "n1"], ["r3", "n2"]],
    });
  const reference = transition(["* Move r1 ( n1 -> n2 )", "* Stop r3 ( n2 ) due to node availability"], [on("r1", "n2"), on("r2", "n1")]);
  const oracle = transition(["* Stop r1 ( n1 ) due to unrunnable r2 stop (blocked)", "* Stop r3 ( n2 ) due to unrunnable g1 running"], [on("r1", "n1"), on("r2", "n1")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(false)), ["group-stop-blocked-by-unmanaged", "group-stop-blocked-by-unmanaged"]);
  assert.equal(kinds(cluster(true)), ["unexplained-move-stop", "unexplained-stop-reason"]);
});

test("notes: a dependent that follows its +INFINITY primary to where an explained difference puts it is explained; through a finite colocation it is not", () => {
  // r2 leaves standby n4; the sticky r5 (anti-colocated with it by a finite score) pulls it in Pacemaker only; r6-clone follows it.
  const cluster = (score: number): ClusterState =>
    kit.cluster({
      nodes: ["n2", "n3", kit.node("n4", "online", { standby: true })],
      resources: [kit.prim("r2"), kit.prim("r5", { stickiness: 60 }), kit.clone("r6-clone", kit.prim("r6"), 2)],
      constraints: [kit.colocation("c6", "r6-clone", "r2", score), kit.colocation("c5", "r5", "r2", -832)],
      active: [["r2", "n4"], ["r5", "n2"], ["r6", "n2"]],
    });
  const reference = transition(["* Move r2 ( n4 -> n2 )", "* Move r5 ( n2 -> n3 )"], [on("r2", "n2"), on("r5", "n3"), on("r6", "n2")]);
  const oracle = transition(["* Move r2 ( n4 -> n3 )", "* Move r6:0 ( n2 -> n3 )"], [on("r2", "n3"), on("r5", "n2"), on("r6", "n3")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(INFINITY)), ["dependent-stickiness-pulls-primary", "dependent-stickiness-pulls-primary", "colocation-follows-explained-placement"]);
  assert.equal(kinds(cluster(500)), ["dependent-stickiness-pulls-primary", "dependent-stickiness-pulls-primary", "unexplained-none-move"]);
});

test("notes: an interleaved clone's instance moved between nodes of the clone it is colocated with (finite) is explained; the clone not interleaved it is not", () => {
  const cluster = (interleave: boolean): ClusterState =>
    kit.cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [{ ...kit.clone("r6-clone", kit.prim("r6"), 1), interleave }, { ...kit.clone("r7-clone", kit.prim("r7", { stickiness: 150 })), interleave: true }],
      constraints: [kit.colocation("c", "r6-clone", "r7-clone", 366)],
      active: [["r6", "n2"], ["r7", "n1"], ["r7", "n2"]],
    });
  const r7 = ["n1", "n2", "n3"].map((n) => on("r7", n));
  const reference = transition(["* Start r7:2 ( n3 )"], [on("r6", "n2"), ...r7]);
  const oracle = transition(["* Move r6:0 ( n2 -> n1 )", "* Start r7:2 ( n3 )"], [on("r6", "n1"), ...r7]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(true)), ["interleaved-colocation-one-instance"]);
  assert.equal(kinds(cluster(false)), ["unexplained-none-move"]);
});

test("notes: a restart after an unmanaged resource whose own first starts anew is explained; with that resource managed it is not", () => {
  // r1 starts; r3, unmanaged, needs it, and r2 needs r3 (Mandatory start orders).
  const cluster = (isManaged: boolean): ClusterState =>
    kit.cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [kit.prim("r1"), kit.prim("r2"), kit.prim("r3", { isManaged })],
      constraints: [kit.order("o13", "r1", "r3"), kit.order("o32", "r3", "r2")],
      active: [["r2", "n3"], ["r3", "n3"]],
    });
  const target = [on("r1", "n1"), on("r2", "n3"), on("r3", "n3")];
  const reference = transition(["* Start r1 ( n1 )"], target);
  const oracle = transition(["* Start r1 ( n1 )", "* Restart r2 ( n3 ) due to required r3 start"], target);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(false)), ["restart-through-unmanaged"]);
  assert.equal(kinds(cluster(true)), ["unexplained-none-restart"]);
});

test("notes: a primary drawn by its mandatory dependent's stickiness to where the dependent then cannot run is explained; without the stickiness it is not", () => {
  const cluster = (stickiness: number): ClusterState => ({
    ...twice,
    resources: [
      { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} },
      { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: { stickiness } },
      { kind: "primitive", id: "r3", agent: "ocf:pacemaker:Dummy", meta: {} },
    ],
    constraints: [
      { kind: "colocation", id: "col-r2-r1", resource: "r2", withResource: "r1", score: 1_000_000 },
      { kind: "colocation", id: "col-r2-r3", resource: "r2", withResource: "r3", score: -1_000_000 },
    ],
    status: { ...twice.status, active: [on("r2", "n1"), on("r3", "n1")] },
  });
  const reference = transition(["* Start r1 ( n2 )", "* Move r2 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n2"), on("r3", "n1")]);
  const oracle = transition(["* Start r1 ( n1 )", "* Stop r2 ( n1 ) due to node availability"], [on("r1", "n1"), on("r3", "n1")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(100)), ["stopped-dependent-stickiness", "stopped-dependent-stickiness"]);
  assert.equal(kinds(cluster(0)), ["unexplained-start-nodes", "unexplained-move-stop"]);
});

test("notes: a resource placed beside a sticky clone that an order stops in both plans is explained; with the clone not sticky it is not", () => {
  const cluster = (stickiness: number): ClusterState => ({
    ...twice,
    nodes: ["n1", "n2", "n3"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: false, maintenance: false, attributes: {} })),
    resources: [
      {
        kind: "clone",
        id: "r6-clone",
        child: { kind: "primitive", id: "r6", agent: "ocf:pacemaker:Dummy", meta: { stickiness } },
        meta: {},
        cloneNodeMax: 1,
        interleave: false,
        ordered: false,
      },
      { kind: "primitive", id: "r7", agent: "ocf:pacemaker:Dummy", meta: {} },
    ],
    status: { ...twice.status, active: [on("r6", "n1"), on("r7", "n3")] },
  });
  const stop = "* Stop r6:0 ( n1 ) due to unrunnable r5 start";
  const reference = transition([stop, "* Move r7 ( n3 -> n2 )"], [on("r7", "n2")]);
  const oracle = transition([stop, "* Move r7 ( n3 -> n1 )"], [on("r7", "n1")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(100)), ["blocked-clone-room"]);
  assert.equal(kinds(cluster(0)), ["unexplained-move-nodes"]);
});

test("notes: a resource placed by load beside a primitive an order stops in both plans is explained; not beside a primitive stopped for its node, nor on another node", () => {
  const cluster = threeNodes(
    [dummy("r1"), dummy("r2"), dummy("r3", { allowMigrate: true }), dummy("r4", { targetRole: "Stopped" })],
    [startOrder("o", "r4", "r2", "Mandatory")],
    [on("r1", "n1"), on("r2", "n3"), on("r3", "n2")],
  );
  const kinds = (stop: string, migrate: string, to: string) =>
    kindsOf(cluster, transition([stop, migrate], [on("r1", "n1"), on("r3", to)]), transition([stop], [on("r1", "n1"), on("r3", "n2")]));
  const blocked = "* Stop r2 ( n3 ) due to required r4 start";
  assert.equal(kinds(blocked, "* Migrate r3 ( n2 -> n3 )", "n3"), ["blocked-primitive-room"]);
  assert.equal(kinds("* Stop r2 ( n3 ) due to node availability", "* Migrate r3 ( n2 -> n3 )", "n3"), ["unexplained-migrate-none"]);
  assert.equal(kinds(blocked, "* Migrate r3 ( n2 -> n1 )", "n1"), ["unexplained-migrate-none"]);
});

test("notes: a dependent started on another node of a clone it is anti-colocated with by a finite score is explained; not on a node without an instance, nor with a mandatory anti-colocation", () => {
  const cluster = (score: number) =>
    threeNodes([cloneOf(dummy("r2")), dummy("r5")], [{ kind: "colocation", id: "c", resource: "r5", withResource: "r2-clone", score }], [on("r2", "n1"), on("r2", "n2"), on("r2", "n3")]);
  const clone = [on("r2", "n1"), on("r2", "n2")];
  const kinds = (score: number, oracleClone: Placement[]) =>
    kindsOf(cluster(score), transition(["* Start r5 ( n3 )"], [...clone, on("r2", "n3"), on("r5", "n3")]), transition(["* Start r5 ( n2 )"], [...oracleClone, on("r5", "n2")]));
  assert.equal(kinds(-719, [...clone, on("r2", "n3")]), ["anticolocation-weighing-order"]);
  assert.equal(kinds(-719, clone), ["unexplained-placement", "unexplained-start-nodes"]);
  assert.equal(kinds(-INFINITY, [...clone, on("r2", "n3")]), ["unexplained-start-nodes"]);
});

test("notes: a restart naming another of its causes is explained; not when the other named resource is no cause, nor when it does not start in both plans", () => {
  const cluster = (orders: OrderConstraint[]) => threeNodes([dummy("r1"), dummy("r2"), dummy("r3")], orders, [on("r3", "n3")]);
  const both = [startOrder("o1", "r1", "r3", "Mandatory"), startOrder("o2", "r2", "r3", "Mandatory")];
  const target = [on("r1", "n1"), on("r2", "n2"), on("r3", "n3")];
  const starts = ["* Start r1 ( n1 )", "* Start r2 ( n2 )"];
  const reference = transition([...starts, "* Restart r3 ( n3 ) due to required r2 start"], target);
  const oracle = (lines: string[]) => transition([...lines, "* Restart r3 ( n3 ) due to required r1 start"], target);
  assert.equal(kindsOf(cluster(both), reference, oracle(starts)), ["restart-cause-named"]);
  assert.equal(kindsOf(cluster([both[1]!]), reference, oracle(starts)), ["unexplained-restart-reason"]);
  assert.equal(kindsOf(cluster(both), reference, oracle([starts[1]!])), ["unexplained-start-none", "unexplained-restart-reason"]);
});

test("notes: a start a Mandatory order masked by an earlier Optional one would block is explained; the same lines without the Optional order are not", () => {
  const cluster = (constraints: OrderConstraint[]): ClusterState => ({
    ...twice,
    resources: [
      { kind: "primitive", id: "r3", agent: "ocf:pacemaker:Dummy", meta: { targetRole: "Stopped" } },
      { kind: "clone", id: "r5-clone", child: { kind: "primitive", id: "r5", agent: "ocf:pacemaker:Dummy", meta: {} }, meta: {}, cloneNodeMax: 1, interleave: false, ordered: false },
    ],
    constraints,
    status: { ...twice.status, active: [] },
  });
  const order = (id: string, orderKind: OrderConstraint["orderKind"]): OrderConstraint => ({
    kind: "order",
    id,
    first: "r3",
    firstAction: "start",
    then: "r5-clone",
    thenAction: "start",
    orderKind,
    symmetrical: orderKind !== "Mandatory",
  });
  const reference = transition([], []);
  const oracle = transition(["* Start r5:0 ( n1 )"], [on("r5", "n1")]);
  const kinds = (constraints: OrderConstraint[]) =>
    classify({ cluster: cluster(constraints), reference, oracle }, compareTransitions(reference, oracle)).map((d) => d.kind);
  assert.equal(kinds([order("optional", "Optional"), order("mandatory", "Mandatory")]), ["masked-mandatory-order"]);
  assert.equal(kinds([order("mandatory", "Mandatory")]), ["unexplained-none-start"]);
  assert.equal(kinds([order("mandatory", "Mandatory"), order("optional", "Optional")]), ["unexplained-none-start"]);
});

test("notes: a dependent a finite anti-colocation weighed before a mandatory colocation keeps from its primary is explained (declared after it for a primitive, before it for a group); declared the other way round, it is not", () => {
  const r2 = { kind: "primitive" as const, id: "r2", agent: "ocf:pacemaker:Dummy", meta: {} };
  const cluster = (grouped: boolean, constraints: ColocationConstraint[]): ClusterState => ({
    ...twice,
    resources: [{ kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} }, grouped ? { kind: "group", id: "g1", members: [r2], meta: {} } : r2],
    constraints,
    status: { ...twice.status, active: [on("r1", "n1"), on("r2", "n1")] },
  });
  const reference = transition([], [on("r1", "n1"), on("r2", "n1")]);
  const oracle = transition(["* Stop r2 ( n1 ) due to node availability"], [on("r1", "n1")]);
  const kinds = (grouped: boolean, scores: number[]) => {
    const dependent = grouped ? "g1" : "r2";
    const constraints = scores.map((score, k): ColocationConstraint => ({ kind: "colocation", id: `c${k}`, resource: dependent, withResource: "r1", score }));
    return classify({ cluster: cluster(grouped, constraints), reference, oracle }, compareTransitions(reference, oracle)).map((d) => d.kind);
  };
  assert.equal(kinds(false, [INFINITY, -832]), ["colocation-declaration-order"]);
  assert.equal(kinds(false, [-832, INFINITY]), ["unexplained-none-stop"]);
  assert.equal(kinds(true, [-832, INFINITY]), ["colocation-declaration-order"]);
  assert.equal(kinds(true, [INFINITY, -832]), ["unexplained-none-stop"]);
  assert.equal(kinds(false, [INFINITY, -INFINITY]), ["unexplained-none-stop"]);
});

test("notes: a dependent Pacemaker moves from one instance of its finitely anti-colocated clone to another is explained; with a primitive primary it is not", () => {
  const cluster = (cloned: boolean): ClusterState => {
    const r1 = { kind: "primitive" as const, id: "r1", agent: "ocf:pacemaker:Dummy", meta: {} };
    return {
      ...twice,
      resources: [
        cloned ? { kind: "clone", id: "r1-clone", child: r1, meta: {}, cloneNodeMax: 1, interleave: false, ordered: false } : r1,
        { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: {} },
      ],
      constraints: [{ kind: "colocation", id: "apart", resource: "r2", withResource: cloned ? "r1-clone" : "r1", score: -1 }],
      status: { ...twice.status, active: [on("r1", "n1"), on("r1", "n2"), on("r2", "n1")] },
    };
  };
  const primary = [on("r1", "n1"), on("r1", "n2")];
  const reference = transition([], [...primary, on("r2", "n1")]);
  const kinds = (oracle: Transition, cloned = true) =>
    classify({ cluster: cluster(cloned), reference, oracle }, compareTransitions(reference, oracle)).map((d) => d.kind);
  const moved = transition(["* Move r2 ( n1 -> n2 )"], [...primary, on("r2", "n2")]);
  assert.equal(kinds(moved), ["anticolocation-instance-order"]);
  assert.equal(kinds(transition(["* Stop r2 ( n1 ) due to node availability"], primary)), ["anticolocation-instance-order"]);
  assert.equal(kinds(moved, false), ["unexplained-none-move"]);
  // Not to a node where Pacemaker runs an instance of the clone.
  assert.equal(kinds(transition(["* Move r2 ( n1 -> n2 )"], [on("r1", "n1"), on("r2", "n2")])), ["unexplained-placement", "unexplained-none-move"]);
});

test("notes: what depends on an unmanaged resource colocated with a primary placed nowhere, stopped once an order names that primary's start, is explained; without that order, or with the resource managed, it is not", () => {
  // r1 (unmanaged, on n1) must be with r2, banned everywhere; r6 needs r1; an Optional order names r2's start.
  const cluster = (isManaged: boolean, naming: boolean): ClusterState => ({
    ...twice,
    resources: [dummy("r1", { isManaged }), dummy("r2"), dummy("r6"), dummy("r9")],
    constraints: [
      startOrder("o-r1-r6", "r1", "r6", "Mandatory"),
      { kind: "colocation", id: "c-r1-r2", resource: "r1", withResource: "r2", score: 1_000_000 },
      { kind: "location", id: "l-r2-n1", resource: "r2", node: "n1", score: -1_000_000 },
      { kind: "location", id: "l-r2-n2", resource: "r2", node: "n2", score: -1_000_000 },
      ...(naming ? [startOrder("o-r2-r9", "r2", "r9", "Optional")] : []),
    ],
    status: { active: [on("r1", "n1"), on("r6", "n2")], failed: [], failCounts: [], migrations: [] },
  });
  const reference = transition(["* Start r9 ( n1 )"], [on("r1", "n1"), on("r6", "n2"), on("r9", "n1")]);
  const oracle = transition(["* Stop r6 ( n2 ) due to unrunnable r1 start", "* Start r9 ( n1 )"], [on("r1", "n1"), on("r9", "n1")]);
  const kinds = (c: ClusterState) => kindsOf(c, reference, oracle);
  assert.equal(kinds(cluster(false, true)), ["unmanaged-with-stopped-primary"]);
  assert.equal(kinds(cluster(false, false)), ["unexplained-none-stop"]);
  assert.equal(kinds(cluster(true, true)), ["unexplained-none-stop"]);
});

test("notes: what depends on the then of a Mandatory order masked by an earlier Optional one, kept from starting by the reference only, is explained; without the earlier order it is not", () => {
  // r7 cannot start; r3 needs it (Mandatory, masked by the Optional order before it); r4 needs r3.
  const cluster = (masked: boolean): ClusterState => ({
    ...twice,
    resources: [dummy("r3"), dummy("r4"), dummy("r7", { targetRole: "Stopped" })],
    constraints: [...(masked ? [startOrder("o-optional", "r7", "r3", "Optional")] : []), startOrder("o-mandatory", "r7", "r3", "Mandatory"), startOrder("o-r3-r4", "r3", "r4", "Mandatory")],
    status: { active: [on("r3", "n1")], failed: [], failCounts: [], migrations: [] },
  });
  const reference = transition(["* Stop r3 ( n1 ) due to unrunnable r7 start", "* Start r4 ( n2 ) due to unrunnable r3 start (blocked)"], []);
  const oracle = transition(["* Start r4 ( n2 )"], [on("r3", "n1"), on("r4", "n2")]);
  const kinds = (c: ClusterState) => classify({ cluster: c, reference, oracle }, compareTransitions(reference, oracle)).map((d) => [d.subject, d.kind]);
  assert.equal(kinds(cluster(true)), [
    ["r3", "masked-mandatory-order"],
    ["r4", "masked-mandatory-order-downstream"],
  ]);
  assert.equal(kinds(cluster(false)), [
    ["r3", "unexplained-stop-none"],
    ["r4", "unexplained-start-reason"],
  ]);
});

test("notes: a cloned group's member held before its unmanaged member is explained; not when that member is managed", () => {
  const cluster = (isManaged: boolean) =>
    threeNodes([cloneOf({ kind: "group", id: "g1", meta: {}, members: [dummy("r1"), dummy("r2", { isManaged })] })], [], [on("r1", "n1"), on("r2", "n1")]);
  const reference = transition(["* Move r1:0 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n1")]);
  const oracle = transition(["* Stop r1:0 ( n1 ) due to unrunnable r2:0 stop (blocked)"], [on("r1", "n1"), on("r2", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["group-stop-blocked-by-unmanaged"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-move-stop"]);
});

test("notes: a primary Pacemaker keeps off the node of its stopping, sticky, anti-colocated dependent, and that dependent's stop reason, are explained; with a dependent without stickiness they are not", () => {
  const antiColocation: ColocationConstraint = { kind: "colocation", id: "c", resource: "d", withResource: "p", score: -INFINITY };
  const cluster = (stickiness: number) => threeNodes([dummy("b"), dummy("p"), dummy("d", { stickiness })], [antiColocation], [on("d", "n1")]);
  const reference = transition(["* Start p ( n1 )", "* Stop d ( n1 ) due to unrunnable b start"], [on("p", "n1")]);
  const oracle = transition(["* Start p ( n2 )", "* Stop d ( n1 ) due to required b start"], [on("p", "n2")]);
  assert.equal(kindsOf(cluster(50), reference, oracle), ["stopping-dependent-repels-primary", "stopping-dependent-repels-primary"]);
  assert.equal(kindsOf(cluster(0), reference, oracle), ["unexplained-stop-reason", "unexplained-start-nodes"]);
});

test("notes: a primary Pacemaker moves off its INFINITY location for a sticky dependent anti-colocated with its follower, and that follower's start, are explained, as is the move with a follower that runs nowhere; without the INFINITY location they are not", () => {
  const constraints = (required: boolean): ClusterState["constraints"] => [
    ...(required ? [{ kind: "location" as const, id: "l", resource: "r1", node: "n1", score: INFINITY }] : []),
    { kind: "colocation", id: "follows", resource: "r4", withResource: "r1", score: INFINITY },
    { kind: "colocation", id: "apart", resource: "r3", withResource: "r4", score: -INFINITY },
  ];
  const cluster = (required: boolean, follower = dummy("r4")) =>
    threeNodes([dummy("r1"), dummy("r3", { stickiness: INFINITY }), follower], constraints(required), [on("r1", "n1"), on("r3", "n1")]);
  const reference = transition([], [on("r1", "n1"), on("r3", "n1")]);
  const oracle = transition(["* Move r1 ( n1 -> n2 )", "* Start r4 ( n2 )"], [on("r1", "n2"), on("r3", "n1"), on("r4", "n2")]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["sticky-dependent-bars-primary", "sticky-dependent-bars-primary"]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["unexplained-none-move", "unexplained-none-start"]);
  // The follower in between with a target-role of Stopped runs nowhere: Pacemaker still carries the wish through it.
  const moved = transition(["* Move r1 ( n1 -> n2 )"], [on("r1", "n2"), on("r3", "n1")]);
  assert.equal(kindsOf(cluster(false, dummy("r4", { targetRole: "Stopped" })), reference, moved), ["sticky-dependent-bars-primary"]);
});

test("notes: a primitive Pacemaker places away from the sticky running instance of the clone that must run with it, and that instance's move, are explained; with an instance without stickiness, or the primitive preferring the instance's node, they are not", () => {
  const withPrimary: ColocationConstraint = { kind: "colocation", id: "with", resource: "c-clone", withResource: "p", score: INFINITY };
  const cluster = (stickiness: number, constraints: ClusterState["constraints"] = []) =>
    threeNodes([dummy("p"), cloneOf(dummy("c", { stickiness }), 1)], [withPrimary, ...constraints], [on("c", "n2")]);
  const reference = transition(["* Start p ( n2 )"], [on("p", "n2"), on("c", "n2")]);
  const oracle = transition(["* Start p ( n1 )", "* Move c:0 ( n2 -> n1 )"], [on("p", "n1"), on("c", "n1")]);
  assert.equal(kindsOf(cluster(100), reference, oracle), ["clone-stickiness-unwished", "clone-stickiness-unwished"]);
  assert.equal(kindsOf(cluster(0), reference, oracle), ["unexplained-none-move", "unexplained-start-nodes"]);
  const preferred = { kind: "location" as const, id: "l", resource: "p", node: "n2", score: 10 };
  assert.equal(kindsOf(cluster(100, [preferred]), reference, oracle), ["unexplained-none-move", "unexplained-start-nodes"]);
});

test("notes: a chain of placements by load, each on a node the one before loads otherwise, is explained; when the last one is preferred on its node by a location constraint, it is not", () => {
  const cluster = (constraints: ClusterState["constraints"]) => threeNodes([dummy("r2"), dummy("r3"), dummy("r4")], constraints, [on("r2", "n1"), on("r2", "n2")]);
  const reference = transition(["* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n3 )", "* Start r4 ( n2 )"], [on("r2", "n1"), on("r3", "n3"), on("r4", "n2")]);
  const oracle = transition(
    ["* Restart r2 ( n1 )", "* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n1 )", "* Start r4 ( n3 )"],
    [on("r2", "n1"), on("r3", "n1"), on("r4", "n3")],
  );
  const preferred = { kind: "location" as const, id: "l", resource: "r4", node: "n3", score: 10 };
  assert.equal(kindsOf(cluster([]), reference, oracle), ["multiply-active-restart", "load-follows-explained-placement", "load-follows-explained-placement"]);
  assert.equal(kindsOf(cluster([preferred]), reference, oracle), ["multiply-active-restart", "load-follows-explained-placement", "unexplained-start-nodes"]);
});

test("notes: a primitive placed by load whose colocation's other side both plans place alike, away from either node, is explained; with that side on one of the nodes it is not", () => {
  const apart: ColocationConstraint = { kind: "colocation", id: "apart", resource: "r5", withResource: "r3", score: -INFINITY };
  const cluster = (r5On: string) => threeNodes([dummy("r2"), dummy("r3"), dummy("r5")], [apart], [on("r2", "n1"), on("r2", "n2"), on("r5", r5On)]);
  const plans = (r5On: string) => ({
    reference: transition(["* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n3 )"], [on("r2", "n1"), on("r3", "n3"), on("r5", r5On)]),
    oracle: transition(["* Restart r2 ( n1 )", "* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n1 )"], [on("r2", "n1"), on("r3", "n1"), on("r5", r5On)]),
  });
  const away = plans("n2");
  assert.equal(kindsOf(cluster("n2"), away.reference, away.oracle), ["multiply-active-restart", "load-follows-explained-placement"]);
  const onOne = plans("n1");
  assert.equal(kindsOf(cluster("n1"), onOne.reference, onOne.oracle), ["multiply-active-restart", "unexplained-start-nodes"]);
});

test("notes: a primitive placed by load whose finite colocation's dependent has no wish to pass on, and that dependent placed by load and by where the primitive is, are explained; when the dependent prefers one of the primitive's nodes, neither is", () => {
  const avoid: ColocationConstraint = { kind: "colocation", id: "avoid", resource: "r5", withResource: "r3", score: -10 };
  const preferred = { kind: "location" as const, id: "l", resource: "r5", node: "n1", score: 10 };
  const cluster = (constraints: ClusterState["constraints"]) => threeNodes([dummy("r2"), dummy("r3"), dummy("r5")], [avoid, ...constraints], [on("r2", "n1"), on("r2", "n2")]);
  const reference = transition(["* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n3 )", "* Start r5 ( n2 )"], [on("r2", "n1"), on("r3", "n3"), on("r5", "n2")]);
  const oracle = transition(
    ["* Restart r2 ( n1 )", "* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n1 )", "* Start r5 ( n3 )"],
    [on("r2", "n1"), on("r3", "n1"), on("r5", "n3")],
  );
  assert.equal(kindsOf(cluster([]), reference, oracle), ["multiply-active-restart", "load-follows-explained-placement", "load-follows-explained-placement"]);
  assert.equal(kindsOf(cluster([preferred]), reference, oracle), ["multiply-active-restart", "unexplained-start-nodes", "unexplained-start-nodes"]);
});

test("notes: a primitive without stickiness one planner leaves in place and the other moves to a node an explained difference unloads is explained; with stickiness it is not", () => {
  const cluster = (stickiness: number) => threeNodes([dummy("r2"), dummy("r3", { stickiness })], [], [on("r2", "n1"), on("r2", "n2"), on("r3", "n1")]);
  const reference = transition(["* Stop r2 ( n2 ) due to node availability"], [on("r2", "n1"), on("r3", "n1")]);
  const oracle = transition(["* Restart r2 ( n1 )", "* Stop r2 ( n2 ) due to node availability", "* Move r3 ( n1 -> n3 )"], [on("r2", "n1"), on("r3", "n3")]);
  assert.equal(kindsOf(cluster(0), reference, oracle), ["multiply-active-restart", "load-follows-explained-placement"]);
  assert.equal(kindsOf(cluster(10), reference, oracle), ["multiply-active-restart", "unexplained-none-move"]);
});

test("notes: an unconstrained primitive placed on another node because an explained difference loads that node otherwise is explained, also with a location constraint scoring both nodes alike; with one preferring one of them, it is not", () => {
  const location = { kind: "location" as const, id: "l", resource: "r3", node: "n1", score: 10 };
  const elsewhere = { ...location, node: "n2" };
  const cluster = (constraints: ClusterState["constraints"]) => threeNodes([dummy("r2"), dummy("r3")], constraints, [on("r2", "n1"), on("r2", "n2")]);
  const reference = transition(["* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n3 )"], [on("r2", "n1"), on("r3", "n3")]);
  const oracle = transition(["* Restart r2 ( n1 )", "* Stop r2 ( n2 ) due to node availability", "* Start r3 ( n1 )"], [on("r2", "n1"), on("r3", "n1")]);
  assert.equal(kindsOf(cluster([]), reference, oracle), ["multiply-active-restart", "load-follows-explained-placement"]);
  assert.equal(kindsOf(cluster([elsewhere]), reference, oracle), ["multiply-active-restart", "load-follows-explained-placement"]);
  assert.equal(kindsOf(cluster([location]), reference, oracle), ["multiply-active-restart", "unexplained-start-nodes"]);
});

test("notes: a stop ordered after an unmanaged resource's stop, blocked by Pacemaker, is explained; not after a managed one, nor for a symmetrical order", () => {
  const stopOrder = (symmetrical: boolean): OrderConstraint => ({ kind: "order", id: "o", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical });
  const cluster = (isManaged: boolean, symmetrical = false) => threeNodes([dummy("r1", { isManaged }), dummy("r2")], [stopOrder(symmetrical)], [on("r1", "n1"), on("r2", "n2")]);
  const target = [on("r1", "n1"), on("r2", "n2")];
  const reference = transition([], target);
  const oracle = transition(["* Stop r2 ( n2 ) due to required r1 stop (blocked)"], target);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["stop-after-unmanaged-stop"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-none-stop"]);
  assert.equal(kindsOf(cluster(false, true), reference, oracle), ["unexplained-none-stop"]);
});

test("notes: a migration away kept back by Pacemaker because its stop is ordered after an unmanaged resource's stop is explained; not after a managed one", () => {
  const stopOrder: OrderConstraint = { kind: "order", id: "o", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: false };
  const cluster = (isManaged: boolean) => threeNodes([dummy("r1", { isManaged }), dummy("r2", { allowMigrate: true })], [stopOrder], [on("r1", "n1"), on("r2", "n1")]);
  const reference = transition(["* Migrate r2 ( n1 -> n3 )"], [on("r1", "n1"), on("r2", "n3")]);
  const oracle = transition(["* Stop r2 ( n1 ) due to unrunnable r1 stop (blocked)"], [on("r1", "n1"), on("r2", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["stop-after-unmanaged-stop"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-migrate-stop"]);
});

test("notes: a move kept back by Pacemaker because its stop is ordered after the stop of a clone with no instance running is explained; with an instance running it is not", () => {
  const stopOrder: OrderConstraint = { kind: "order", id: "o", first: "r1-clone", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: false };
  const clone1: Clone = { kind: "clone", id: "r1-clone", meta: {}, cloneNodeMax: 1, interleave: false, ordered: false, cloneMax: 1, child: dummy("r1") };
  const cluster = (cloneActive: boolean) => threeNodes([clone1, dummy("r2")], [stopOrder], [on("r2", "n1"), ...(cloneActive ? [on("r1", "n2")] : [])]);
  const reference = transition(["* Move r2 ( n1 -> n3 )"], [on("r1", "n2"), on("r2", "n3")]);
  const oracle = transition(["* Stop r2 ( n1 ) due to unrunnable r1-clone stopped (blocked)"], [on("r1", "n2"), on("r2", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["stop-after-unmanaged-stop"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-move-stop"]);
});

test("notes: an idle clone's fresh instance, blocked by Pacemaker for a running unmanaged first's start once the clone's stop blocks another stop, is explained; with that first managed, or no blocked stopped, it is not", () => {
  const orders: OrderConstraint[] = [
    { kind: "order", id: "o1", first: "r3", firstAction: "start", then: "r6-clone", thenAction: "start", orderKind: "Mandatory", symmetrical: false },
    { kind: "order", id: "o2", first: "r6-clone", firstAction: "stop", then: "r1", thenAction: "stop", orderKind: "Mandatory", symmetrical: false },
  ];
  const clone6: Clone = { kind: "clone", id: "r6-clone", meta: {}, cloneNodeMax: 1, interleave: true, ordered: false, cloneMax: 1, child: dummy("r6") };
  const cluster = (isManaged: boolean) => threeNodes([dummy("r1"), dummy("r3", { isManaged }), clone6], orders, [on("r1", "n1"), on("r3", "n2")]);
  const target = [on("r1", "n1"), on("r3", "n2")];
  const start = "* Start r6:0 ( n3 )";
  const reference = transition([start], [...target, on("r6", "n3")]);
  const stoppedLine = "* Stop r1 ( n1 ) due to required r6-clone stopped (blocked)";
  const oracle = transition([stoppedLine, `${start} due to unrunnable r3 start (blocked)`], target);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["stop-after-unmanaged-stop", "idle-clone-start-blocked"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["stop-after-unmanaged-stop", "unexplained-start-reason"]);
  const withoutStopped = transition([`${start} due to unrunnable r3 start (blocked)`], target);
  assert.equal(kindsOf(cluster(false), reference, withoutStopped), ["unexplained-start-reason"]);
});

test("notes: a group member after an unmanaged member, stopped for that member's start by Pacemaker, is explained; after a managed one it is not", () => {
  const cluster = (isManaged: boolean) =>
    threeNodes([{ kind: "group", id: "g1", meta: {}, members: [dummy("r1", { isManaged }), dummy("r2")] }], [], [on("r1", "n1"), on("r2", "n1")]);
  const reference = transition(["* Stop r2 ( n1 ) due to node availability"], [on("r1", "n1")]);
  const oracle = transition(["* Stop r2 ( n1 ) due to required r1 start"], [on("r1", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["stop-after-unmanaged-stop"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-stop-reason"]);
  // Worded 'unrunnable' when the unmanaged member's own start could not run.
  const unrunnable = transition(["* Stop r2 ( n1 ) due to unrunnable r1 start"], [on("r1", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, unrunnable), ["stop-after-unmanaged-stop"]);
  assert.equal(kindsOf(cluster(true), reference, unrunnable), ["unexplained-stop-reason"]);
});

test("notes: a group member's own stop, blocked by Pacemaker where a later member is unmanaged and active, is explained; with that member managed, or active elsewhere, it is not", () => {
  const cluster = (isManaged: boolean, laterOn: string) =>
    threeNodes(
      [{ kind: "group", id: "g1", meta: {}, members: [dummy("r1", { targetRole: "Stopped" }), dummy("r2", { isManaged })] }],
      [],
      [on("r1", "n1"), on("r2", laterOn)],
    );
  const reference = transition(["* Stop r1 ( n1 ) due to node availability"], [on("r2", "n1")]);
  const oracle = transition(["* Stop r1 ( n1 ) due to node availability (blocked)"], [on("r1", "n1"), on("r2", "n1")]);
  assert.equal(kindsOf(cluster(false, "n1"), reference, oracle), ["group-own-stop-blocked-by-unmanaged"]);
  assert.equal(kindsOf(cluster(true, "n1"), reference, oracle), ["unexplained-stop-reason"]);
  assert.equal(kindsOf(cluster(false, "n2"), reference, oracle), ["unexplained-stop-reason"]);
  // In a cloned group, beside another instance that starts alike in both plans.
  const cloned = (isManaged: boolean) =>
    threeNodes(
      [{ kind: "clone", id: "g1-clone", meta: {}, cloneNodeMax: 1, interleave: false, ordered: false, child: cluster(isManaged, "n1").resources[0] as Group }],
      [],
      [on("r1", "n1"), on("r2", "n1")],
    );
  const fresh = "* Start r1:1 ( n2 )";
  const instanceReference = transition(["* Stop r1:0 ( n1 ) due to node availability", fresh], [on("r1", "n2"), on("r2", "n1")]);
  const instanceOracle = transition(["* Stop r1:0 ( n1 ) due to node availability (blocked)", fresh], [on("r1", "n1"), on("r1", "n2"), on("r2", "n1")]);
  assert.equal(kindsOf(cloned(false), instanceReference, instanceOracle), ["group-own-stop-blocked-by-unmanaged"]);
  assert.equal(kindsOf(cloned(true), instanceReference, instanceOracle), ["unexplained-start-stop-reason"]);
});

test("notes: a resource colocated with a group whose member's stop Pacemaker blocks, stopped by the reference only, is explained; with that group's later member managed it is not", () => {
  const cluster = (isManaged: boolean) =>
    threeNodes(
      [{ kind: "group", id: "g1", meta: {}, members: [dummy("r1", { targetRole: "Stopped" }), dummy("r2", { isManaged })] }, dummy("r3")],
      [{ kind: "colocation", id: "with", resource: "r3", withResource: "g1", score: INFINITY }],
      [on("r1", "n1"), on("r2", "n1"), on("r3", "n1")],
    );
  const reference = transition(["* Stop r1 ( n1 ) due to node availability", "* Stop r3 ( n1 ) due to node availability"], [on("r2", "n1")]);
  const oracle = transition(["* Stop r1 ( n1 ) due to node availability (blocked)"], [on("r1", "n1"), on("r2", "n1"), on("r3", "n1")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["group-own-stop-blocked-by-unmanaged", "with-blocked-group-stop"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-stop-reason", "unexplained-stop-none"]);
});

test("notes: a multiply-active primitive Pacemaker stops for good, the then of an asymmetrical order whose first runs nowhere, is explained; not for a symmetrical order, nor when active once", () => {
  const cluster = (symmetrical: boolean, copies: string[]) =>
    threeNodes([dummy("r1", { targetRole: "Stopped" }), dummy("r2")], [{ ...startOrder("o", "r1", "r2", "Mandatory"), symmetrical }], copies.map((n) => on("r2", n)));
  const reference = transition(["* Stop r2 ( n2 ) due to node availability"], [on("r2", "n1")]);
  const oracle = transition(["* Stop r2 ( n1 ) due to unrunnable r1 start"], []);
  assert.equal(kindsOf(cluster(false, ["n1", "n2"]), reference, oracle), ["multiply-active-unrunnable-restart"]);
  assert.equal(kindsOf(cluster(true, ["n1", "n2"]), reference, oracle), ["unexplained-stop-nodes"]);
  assert.equal(kindsOf(cluster(false, ["n1"]), reference, oracle), ["unexplained-stop-nodes"]);
});

test("notes: a group's managed member Pacemaker keeps behind its unmanaged member on a node the group's location forbids, and what is ordered after the group, are explained; with that member managed they are not", () => {
  const ban: ClusterState["constraints"][number] = { kind: "location", id: "ban", resource: "g1", node: "n1", score: -INFINITY };
  const cluster = (isManaged: boolean) =>
    threeNodes(
      [{ kind: "group", id: "g1", meta: {}, members: [dummy("r1", { isManaged }), dummy("r2")] }, dummy("r3")],
      [ban, startOrder("o", "g1", "r3", "Mandatory")],
      [on("r1", "n1"), on("r2", "n1"), on("r3", "n2")],
    );
  const reference = transition(["* Stop r2 ( n1 ) due to node availability", "* Stop r3 ( n2 ) due to unrunnable g1 running"], [on("r1", "n1")]);
  const oracle = transition([], [on("r1", "n1"), on("r2", "n1"), on("r3", "n2")]);
  assert.equal(kindsOf(cluster(false), reference, oracle), ["kept-behind-unmanaged-member", "kept-behind-unmanaged-member"]);
  assert.equal(kindsOf(cluster(true), reference, oracle), ["unexplained-stop-none", "unexplained-stop-none"]);
});

test("notes: a resource without stickiness Pacemaker keeps where it runs while a primitive an order keeps from running stops elsewhere in both plans is explained; with stickiness, or without that stop, it is not", () => {
  const cluster = (stickiness: number) =>
    threeNodes([dummy("r0", { targetRole: "Stopped" }), dummy("r1"), dummy("r2", { stickiness })], [startOrder("o", "r0", "r1", "Mandatory")], [on("r1", "n1"), on("r2", "n2")]);
  const stop = "* Stop r1 ( n1 ) due to unrunnable r0 start";
  const reference = transition([stop, "* Move r2 ( n2 -> n3 )"], [on("r2", "n3")]);
  const oracle = transition([stop], [on("r2", "n2")]);
  assert.equal(kindsOf(cluster(0), reference, oracle), ["blocked-primitive-room"]);
  assert.equal(kindsOf(cluster(10), reference, oracle), ["unexplained-move-none"]);
  const unblocked = transition(["* Move r2 ( n2 -> n3 )"], [on("r1", "n1"), on("r2", "n3")]);
  assert.equal(kindsOf(cluster(0), unblocked, transition([], [on("r1", "n1"), on("r2", "n2")])), ["unexplained-move-none"]);
});

test("notes: what follows a blocked primitive stopping elsewhere, stopped in both plans and worded after where each would place it, is explained; with that primitive on its node it is not", () => {
  const follows: OrderConstraint = { kind: "order", id: "o", first: "r5", firstAction: "start", then: "r6", thenAction: "start", orderKind: "Mandatory", symmetrical: true };
  const cluster = (r5On: string) => threeNodes([dummy("r5"), dummy("r6")], [follows], [on("r5", r5On), on("r6", "n2")]);
  const stops = (r5On: string, reason: string) => transition([`* Stop r5 ( ${r5On} ) due to unrunnable g1 running`, `* Stop r6 ( n2 ) due to ${reason} r5 start`], []);
  const kinds = (r5On: string) => kindsOf(cluster(r5On), stops(r5On, "unrunnable"), stops(r5On, "required"));
  assert.equal(kinds("n1"), ["blocked-primitive-room"]);
  assert.equal(kinds("n2"), ["unexplained-stop-reason"]);
});

test("notes: a resource without stickiness Pacemaker moves off the node where a primitive an order keeps from running stops in both plans is explained; with that primitive stopping elsewhere it is not", () => {
  const cluster = (blockedOn: string) =>
    threeNodes([dummy("r0", { targetRole: "Stopped" }), dummy("r1"), dummy("r2", { stickiness: 0 })], [startOrder("o", "r0", "r1", "Mandatory")], [on("r1", blockedOn), on("r2", "n1")]);
  const stop = (node: string) => `* Stop r1 ( ${node} ) due to unrunnable r0 start`;
  const plans = (node: string) => [transition([stop(node)], [on("r2", "n1")]), transition([stop(node), "* Move r2 ( n1 -> n2 )"], [on("r2", "n2")])] as const;
  assert.equal(kindsOf(cluster("n1"), ...plans("n1")), ["blocked-primitive-room"]);
  assert.equal(kindsOf(cluster("n3"), ...plans("n3")), ["unexplained-none-move"]);
});

test("notes: a resource placed by load alone, started on different nodes after a sticky primitive or group an order keeps from starting stops in both plans, is explained; with that unit free of stickiness it is not", () => {
  const blockedOrder = startOrder("o", "r0", "r1", "Mandatory");
  const withPrimitive = (stickiness: number) =>
    threeNodes([dummy("r0", { targetRole: "Stopped" }), dummy("r1", { stickiness }), dummy("r2")], [blockedOrder], [on("r1", "n1")]);
  const stop = "* Stop r1 ( n1 ) due to unrunnable r0 start";
  const plans = (stops: string[]) => [transition([...stops, "* Start r2 ( n2 )"], [on("r2", "n2")]), transition([...stops, "* Start r2 ( n3 )"], [on("r2", "n3")])] as const;
  assert.equal(kindsOf(withPrimitive(100), ...plans([stop])), ["blocked-primitive-room"]);
  assert.equal(kindsOf(withPrimitive(0), ...plans([stop])), ["unexplained-start-nodes"]);
  // A group whose first member is sticky, both members stopping.
  const group = (stickiness: number): Group => ({ kind: "group", id: "g1", members: [dummy("r1", { stickiness }), dummy("r3", { stickiness: 0 })], meta: {} });
  const withGroup = (stickiness: number) =>
    threeNodes([dummy("r0", { targetRole: "Stopped" }), group(stickiness), dummy("r2")], [blockedOrder], [on("r1", "n1"), on("r3", "n1")]);
  const groupStops = [stop, "* Stop r3 ( n1 ) due to required r1 stop"];
  assert.equal(kindsOf(withGroup(100), ...plans(groupStops)), ["blocked-primitive-room"]);
  assert.equal(kindsOf(withGroup(0), ...plans(groupStops)), ["unexplained-start-nodes"]);
});

test("notes: a resource placed by load alone, moved from its node to different nodes after a sticky primitive an order keeps from starting stops in both plans, is explained; with that primitive free of stickiness it is not", () => {
  const blockedOrder = startOrder("o", "r0", "r1", "Mandatory");
  const withPrimitive = (stickiness: number) =>
    threeNodes([dummy("r0", { targetRole: "Stopped" }), dummy("r1", { stickiness }), dummy("r2")], [blockedOrder], [on("r1", "n1"), on("r2", "n1")]);
  const stop = "* Stop r1 ( n1 ) due to unrunnable r0 start";
  const reference = transition([stop, "* Move r2 ( n1 -> n2 )"], [on("r2", "n2")]);
  const oracle = transition([stop, "* Move r2 ( n1 -> n3 )"], [on("r2", "n3")]);
  assert.equal(kindsOf(withPrimitive(100), reference, oracle), ["blocked-primitive-room"]);
  assert.equal(kindsOf(withPrimitive(0), reference, oracle), ["unexplained-move-nodes"]);
});

test("notes: a cloned dependent's instance the reference keeps on a node a finite anti-colocation with another clone scores below zero, moved by Pacemaker to another node of that clone, is explained; with stickiness outweighing the anti-colocation it is not", () => {
  const cluster = (stickiness: number): ClusterState => ({
    ...twice,
    nodes: ["n1", "n2", "n3", "n4"].map((name, k) => ({ name, id: String(k + 1), membership: "online", standby: k === 0, maintenance: false, attributes: {} })),
    resources: [cloneOf(dummy("r6", { stickiness }), 2), cloneOf(dummy("r7"))],
    constraints: [{ kind: "colocation", id: "col-r6-r7", resource: "r6-clone", withResource: "r7-clone", score: -181 }],
    status: { ...twice.status, active: [on("r6", "n1"), on("r6", "n2")] },
  });
  const starts = ["* Start r7:0 ( n2 )", "* Start r7:1 ( n3 )", "* Start r7:2 ( n4 )"];
  const r7 = [on("r7", "n2"), on("r7", "n3"), on("r7", "n4")];
  const reference = transition(["* Move r6:0 ( n1 -> n4 )", ...starts], [on("r6", "n2"), on("r6", "n4"), ...r7]);
  const oracle = transition(["* Move r6:0 ( n1 -> n3 )", "* Move r6:1 ( n2 -> n4 )", ...starts], [on("r6", "n3"), on("r6", "n4"), ...r7]);
  assert.equal(kindsOf(cluster(0), reference, oracle), ["anticolocation-instance-order"]);
  assert.equal(kindsOf(cluster(200), reference, oracle), ["unexplained-move-nodes"]);
});

test("notes: a move where Pacemaker migrates, the then of a stop→stop order whose stopping first has its start named first only by an order declared after it, is explained; with no order naming that start it is not", () => {
  const stops: OrderConstraint = { kind: "order", id: "r8-stops-first", first: "r8", firstAction: "stop", then: "r1", thenAction: "stop", orderKind: "Mandatory", symmetrical: true };
  const cluster = (constraints: OrderConstraint[]) =>
    threeNodes([dummy("r1", { allowMigrate: true }), dummy("r8", { targetRole: "Stopped" }), dummy("r7")], constraints, [on("r1", "n1"), on("r8", "n3")]);
  const lines = (r1: string) => [r1, "* Stop r8 ( n3 ) due to node availability", "* Start r7 ( n1 ) due to unrunnable r8 start (blocked)"];
  const reference = transition(lines("* Move r1 ( n1 -> n2 )"), [on("r1", "n2")]);
  const oracle = transition(lines("* Migrate r1 ( n1 -> n2 )"), [on("r1", "n2")]);
  assert.equal(kindsOf(cluster([stops, startOrder("r8-then-r7", "r8", "r7", "Mandatory")]), reference, oracle), ["masked-stop-order-migration"]);
  assert.equal(kindsOf(cluster([stops]), reference, oracle), ["unexplained-move-migrate"]);
});

test("notes: clone instances stopped and started on the same nodes for the same reasons, paired otherwise into lines (a stop and a start into a move), are explained; with another reason they are not", () => {
  const cluster = threeNodes([cloneOf(dummy("r1"))], [], [on("r1", "n1"), on("r1", "n2")]);
  const target = [on("r1", "n3")];
  const reference = transition(["* Move r1:0 ( n1 -> n3 )", "* Stop r1:1 ( n2 ) due to node availability"], target);
  const oracle = (reason: string) => transition([`* Stop r1:0 ( n1 ) due to ${reason}`, "* Move r1:1 ( n2 -> n3 )"], target);
  assert.equal(kindsOf(cluster, reference, oracle("node availability")), ["clone-instance-pairing"]);
  assert.equal(kindsOf(cluster, reference, oracle("unrunnable r9 start")), ["unexplained-move-stop-nodes"]);
  // An instance stopped and a fresh one started where the other planner moves the instance: the stop's reason goes with it.
  const paired = (reason: string) => transition([`* Stop r1:0 ( n1 ) due to ${reason}`, "* Stop r1:1 ( n2 ) due to node availability", "* Start r1:2 ( n3 )"], target);
  const moved = transition(["* Stop r1:0 ( n1 ) due to node availability", "* Move r1:1 ( n2 -> n3 )"], target);
  assert.equal(kindsOf(cluster, paired("node availability"), moved), ["clone-instance-pairing"]);
  assert.equal(kindsOf(cluster, paired("unrunnable r9 start"), moved), ["unexplained-start-stop-move-stop"]);
});

test("notes: a blocked stop ordered after the stop of a clone with no instance running is explained; with an instance running it is not", () => {
  const stopOrder: OrderConstraint = { kind: "order", id: "o", first: "r1-clone", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: false };
  const cluster = (cloneActive: Placement[]) => threeNodes([cloneOf(dummy("r1")), dummy("r2")], [stopOrder], [on("r2", "n1"), ...cloneActive]);
  const target = [on("r1", "n1"), on("r1", "n2"), on("r1", "n3"), on("r2", "n1")];
  const reference = transition([], target);
  const oracle = transition(["* Stop r2 ( n1 ) due to required r1-clone stopped (blocked)"], target);
  assert.equal(kindsOf(cluster([]), reference, oracle), ["stop-after-unmanaged-stop"]);
  assert.equal(kindsOf(cluster([on("r1", "n3")]), reference, oracle), ["unexplained-none-stop"]);
});

test("notes: a restart named after a Mandatory order Pacemaker drops for the inverse of an earlier symmetrical one, Pacemaker naming another order, is explained; without the earlier order it is not", () => {
  const stopOrder: OrderConstraint = { kind: "order", id: "o1", first: "r3", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: true };
  const cluster = (constraints: OrderConstraint[]) => threeNodes([dummy("r1"), dummy("r2"), dummy("r3")], constraints, [on("r1", "n1"), on("r2", "n2"), on("r3", "n3")]);
  const later = [startOrder("o2", "r1", "r3", "Mandatory"), startOrder("o3", "r2", "r3", "Mandatory")];
  const target = [on("r1", "n2"), on("r2", "n1"), on("r3", "n3")];
  const reference = transition(["* Restart r3 ( n3 ) due to required r2 start"], target);
  const oracle = transition(["* Restart r3 ( n3 ) due to required r1 start"], target);
  assert.equal(kindsOf(cluster([stopOrder, ...later]), reference, oracle), ["masked-order-restart-cause"]);
  assert.equal(kindsOf(cluster(later), reference, oracle), ["unexplained-restart-reason"]);
});

test("notes: a move where the reference migrates, the then of a stop→stop order whose first Pacemaker alone restarts for a known reason, is explained; without that order it is not", () => {
  const stopOrder: OrderConstraint = { kind: "order", id: "o", first: "r1", firstAction: "stop", then: "r2", thenAction: "stop", orderKind: "Mandatory", symmetrical: true };
  const cluster = (constraints: OrderConstraint[]) => threeNodes([dummy("r1"), dummy("r2", { allowMigrate: true })], constraints, [on("r1", "n1"), on("r1", "n2"), on("r2", "n3")]);
  const target = [on("r1", "n1"), on("r2", "n2")];
  const reference = transition(["* Stop r1 ( n2 ) due to node availability", "* Migrate r2 ( n3 -> n2 )"], target);
  const oracle = transition(["* Restart r1 ( n1 )", "* Move r2 ( n3 -> n2 )"], target);
  assert.equal(kindsOf(cluster([stopOrder]), reference, oracle), ["multiply-active-restart", "stop-order-migration-after-explained"]);
  assert.equal(kindsOf(cluster([]), reference, oracle), ["multiply-active-restart", "unexplained-migrate-move"]);
});

const missing = missingTools();

/** A small campaign: 4 clusters of at most 3 nodes and 3 resources, shrinks of at most 10 candidates. */
const small = ["diff", "--runs", "4", "--seed", "4", "--max-nodes", "3", "--max-resources", "3", "--shrink-budget", "10", "--json"];
const oneWorker = join(scratch, "w1");
const twoWorkers = join(scratch, "w2");

oracleTest("diff: one worker and two give the same JSON and the same fixtures; the counts, kinds and shrunk sizes are exact", missing, () => {
  const a = runCli([...small, "--workers", "1", "--fixtures", oneWorker]);
  const b = runCli([...small, "--workers", "2", "--fixtures", twoWorkers]);
  assert.is(a.stdout.replaceAll(oneWorker, "DIR"), b.stdout.replaceAll(twoWorkers, "DIR"));
  assert.is(a.status, 0, a.stderr);
  assert.equal(readdirSync(oneWorker).sort(), readdirSync(twoWorkers).sort());
  const report = JSON.parse(a.stdout);
  assert.equal([report.agreed, report.disagreed, report.oracleErrors], [3, 1, 0]);
  assert.equal(
    report.kinds.map((k: { kind: string; explained: boolean; cases: number; size: object }) => [k.kind, k.explained, k.cases, k.size]),
    [["fence-reason", true, 1, { nodes: 3, resources: 3, constraints: 3 }]],
  );
  assert.is(report.command, "npm run plancheck -- diff --runs 4 --seed 4 --max-nodes 3 --max-resources 3 --shrink-budget 10");
  for (const k of report.kinds) assert.match(k.fixture, new RegExp(`/diff-${k.kind}-[0-9a-f]{10}\\.json$`));
});

oracleTest("diff: a fixture replays with both planners: still disagreeing (exit 1) with its note, or refused when corrupt (exit 2)", missing, () => {
  const file = join(oneWorker, readdirSync(oneWorker).find((f) => f.startsWith("diff-fence-reason-") && f.endsWith(".json"))!);
  const replay = runCli(["replay", file]);
  assert.is(replay.status, 1, replay.stderr);
  const lines = replay.stdout.split("\n");
  assert.is(lines[0], `${file}: reference and pacemaker still disagree in kind fence-reason`);
  assert.match(lines.at(-2)!, /^  known difference: The model does not record why a node is unclean/);
  const corrupt = join(scratch, "no-kind.json");
  const fixture = JSON.parse(readFileSync(file, "utf8"));
  delete fixture.kind;
  writeFileSync(corrupt, JSON.stringify(fixture));
  const refused = runCli(["replay", corrupt]);
  assert.is(refused.status, 2);
  assert.is(refused.stderr, `plancheck: ${corrupt}: corrupt fixture: a diff fixture without its kind (field "kind")\n`);
});


test("notes: a clone's fresh instances blocked by a Mandatory order that the inverse of an earlier symmetrical stop order masks, started by Pacemaker, are explained; without the earlier order they are not", () => {
  const stopOrder: OrderConstraint = { kind: "order", id: "c1-stops-first", first: "r2-clone", firstAction: "stop", then: "r5", thenAction: "stop", orderKind: "Mandatory", symmetrical: true };
  const later: OrderConstraint = { ...startOrder("r5-then-c1", "r5", "r2-clone", "Mandatory"), symmetrical: false };
  const cluster = (constraints: OrderConstraint[]) => threeNodes([dummy("r5", { targetRole: "Stopped" }), cloneOf(dummy("r2"))], constraints, [on("r5", "n2"), on("r2", "n2")]);
  const reference = transition(
    ["* Stop r5 ( n2 ) due to node availability", "* Start r2:1 ( n1 ) due to unrunnable r5 start (blocked)", "* Start r2:2 ( n3 ) due to unrunnable r5 start (blocked)"],
    [on("r2", "n2")],
  );
  const oracle = transition(["* Stop r5 ( n2 ) due to node availability", "* Start r2:1 ( n1 )", "* Start r2:2 ( n3 )"], [on("r2", "n2"), on("r2", "n1"), on("r2", "n3")]);
  assert.equal(kindsOf(cluster([stopOrder, later]), reference, oracle), ["masked-mandatory-order"]);
  assert.equal(kindsOf(cluster([later, stopOrder]), reference, oracle), ["unexplained-start-reason"]);
  assert.equal(kindsOf(cluster([later]), reference, oracle), ["unexplained-start-reason"]);
});

test("notes: what follows an unmanaged primitive active only on a node being fenced, stopped by the reference and moved by Pacemaker, is explained; with that primitive managed, or its node not fenced, it is not", () => {
  const later: OrderConstraint = { ...startOrder("r8-then-r6", "r8", "r6", "Mandatory"), symmetrical: false };
  const cluster = (r8: Primitive["meta"], fencingEnabled: boolean): ClusterState => {
    const base = threeNodes([dummy("r8", r8), dummy("r6")], [later], [on("r8", "n3"), on("r6", "n3")]);
    return { ...base, options: { ...base.options, fencingEnabled }, nodes: base.nodes.map((n) => (n.name === "n3" ? { ...n, membership: "unclean" } : n)) };
  };
  const reference = transition(["* Fence (reboot) n3 'peer is no longer part of the cluster'", "* Stop r6 ( n3 ) due to unrunnable r8 start"], []);
  const oracle = transition(["* Fence (reboot) n3 'peer is no longer part of the cluster'", "* Move r6 ( n3 -> n1 )"], [on("r6", "n1")]);
  assert.equal(kindsOf(cluster({ isManaged: false }, true), reference, oracle), ["unmanaged-first-on-fenced-node"]);
  assert.equal(kindsOf(cluster({}, true), reference, oracle), ["unexplained-stop-move"]);
  assert.equal(kindsOf(cluster({ isManaged: false }, false), reference, oracle), ["unexplained-stop-move"]);
});




test("notes: a resource one plan stops for the unrunnable start of a first whose difference a note explains, placed by the other plan, is explained; with that first's difference unexplained it is not", () => {
  const cluster = (stickiness: number): ClusterState => ({
    ...twice,
    resources: [dummy("r1"), dummy("r2", { stickiness }), dummy("r3"), dummy("r4")],
    constraints: [
      { kind: "colocation", id: "col-r2-r1", resource: "r2", withResource: "r1", score: INFINITY },
      { kind: "colocation", id: "col-r2-r3", resource: "r2", withResource: "r3", score: -INFINITY },
      { ...startOrder("r2-then-r4", "r2", "r4", "Mandatory"), symmetrical: false },
    ],
    status: { ...twice.status, active: [on("r2", "n1"), on("r3", "n1"), on("r4", "n1")] },
  });
  const reference = transition(["* Start r1 ( n2 )", "* Move r2 ( n1 -> n2 )"], [on("r1", "n2"), on("r2", "n2"), on("r3", "n1"), on("r4", "n1")]);
  const oracle = transition(
    ["* Start r1 ( n1 )", "* Stop r2 ( n1 ) due to node availability", "* Stop r4 ( n1 ) due to unrunnable r2 start"],
    [on("r1", "n1"), on("r3", "n1")],
  );
  assert.equal(kindsOf(cluster(100), reference, oracle), ["stopped-dependent-stickiness", "stopped-dependent-stickiness", "unrunnable-first-explained"]);
  assert.equal(kindsOf(cluster(0), reference, oracle), ["unexplained-start-nodes", "unexplained-move-stop", "unexplained-none-stop"]);
});

test.run();
