/**
 * The reference planner's assignment and actions, on regression fixtures
 * where a violation found by `check` was fixed by doing what crm_simulate
 * does, and on CIBs minimised from diff campaign cases (fixtures/fidelity) where
 * the reference was brought in line with crm_simulate: the exact Transition
 * Summary, which is the one Pacemaker 2.1.5 prints for the same CIB
 * (checked against the real crm_simulate when it is installed; the oracle
 * half prints `SKIP …` without it, unless PLANCHECK_REQUIRE_PACEMAKER=1).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ClusterState, Planner, Primitive, ResourceMeta } from "../planner/model.ts";
import { INFINITY } from "../planner/model.ts";
import { readCib } from "../planner/cib/read.ts";
import { pacemakerPlanner } from "../planner/pacemaker/planner.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { formatSummaryLine, normaliseSummaryText } from "../planner/summary.ts";
import { clone, cluster, colocation, group, location, node, order, prim } from "../properties/testkit.ts";
import { projectRoot } from "./cli.ts";
import { missingTools, oracleTest } from "./oracle.ts";

/**
 * What each fixture (its path under fixtures/, without `.xml`) shows, and
 * the summary both planners give it; `oracleSummary` is crm_simulate's when
 * it words a line otherwise (the fence reason, see the fence-reason diff note)
 * or, in a case a diff note explains, plans otherwise.
 */
const CASES: { fixture: string; shows: string; summary: string[]; oracleSummary?: string[] }[] = [
  {
    fixture: "regressions/converges-80138a8231",
    shows: "a group whose first member an order blocks gives its mandatory dependent nowhere to run",
    summary: ["* Start r1 ( n1 ) due to unrunnable r5 start (blocked)"],
  },
  {
    fixture: "regressions/stable-b682083a68",
    shows: "a resource an order blocks takes room where it would run",
    summary: [
      "* Move r1 ( n1 -> n2 )",
      "* Start r2 ( n1 )",
      "* Start r3 ( n1 ) due to unrunnable r4 start (blocked)",
      "* Start r5 ( n2 )",
    ],
  },
  {
    fixture: "regressions/stable-313fd2650a",
    shows: "a blocked primary still repels its anti-colocated dependent from where it would run",
    summary: [
      "* Start r2 ( n2 ) due to unrunnable r1 start (blocked)",
      "* Start r3 ( n3 )",
      "* Start r4 ( n4 )",
      "* Start r5 ( n3 )",
      "* Start r6 ( n3 )",
    ],
  },
  {
    fixture: "regressions/stable-cc5b80043c",
    shows: "a dependent's wish that a small colocation score rounds to zero still counts 1 for its primary",
    summary: ["* Start r1 ( n1 )", "* Start r2 ( n1 )", "* Start r3 ( n1 )"],
  },
  {
    fixture: "regressions/no-restart-on-migration-aa0c92e684",
    shows: "what follows a migrating resource's start waits for its migrate_from only, so its dependent migrates too",
    summary: ["* Migrate r1 ( n1 -> n2 )", "* Migrate r2 ( n1 -> n2 )", "* Start r3 ( n1 )"],
  },
  {
    fixture: "regressions/deterministic-d9aa7423d4",
    shows: "the clone's healthy instance takes the new node, its failed one stops, and what it orders may migrate",
    summary: ["* Migrate r1 ( n1 -> n2 )", "* Move r2:0 ( n1 -> n3 )", "* Stop r2:1 ( n2 ) due to node availability"],
  },
  {
    fixture: "regressions/stable-bec0aa410f",
    shows: "a cloned group's instance whose unmanaged member runs on its node stays there, though a better node draws the clone",
    summary: ["* Start r1 ( n1 )", "* Start r2:1 ( n3 )"],
  },
  {
    fixture: "fidelity/blocked-clone-takes-room",
    shows: "a clone an order keeps from starting takes room where its instances would run, so the migrating r4 breaks the tie n2/n3 by load towards n2",
    summary: ["* Stop r3:0 ( n3 ) due to unrunnable r2 start", "* Migrate r4 ( n1 -> n2 )"],
  },
  {
    fixture: "fidelity/partial-migration-holds-no-stickiness",
    shows: "a resource caught in a partial migration holds neither node by stickiness, so a location score of 50 takes it on to its target",
    summary: ["* Migrate r1 ( n1 -> n2 )"],
  },
  {
    fixture: "fidelity/dangling-migration-source-holds-nothing",
    shows: "a dangling migration runs on its target only: banned from there, it goes to the first free node, not back to its source n3",
    summary: ["* Move r1 ( n2 -> n1 )"],
  },
  {
    fixture: "fidelity/dangling-migration-sticks-to-target",
    shows: "a dangling migration's stickiness holds its target (the only node it runs on), against a location score of 50 elsewhere",
    summary: [],
  },
  {
    fixture: "fidelity/dangling-migration-moves-without-blocker",
    shows: "a dangling migration cannot migrate again (it stops on its source too), so its move names no blocked migration although what it depends on moves",
    summary: ["* Move r1 ( n3 -> n1 )", "* Move r2 ( n2 -> n1 )"],
  },
  {
    fixture: "fidelity/positive-tie-stays",
    shows: "on a tie at a positive score (50 on both nodes) r1 stays where it runs, however loaded; on a tie at 0, r2 goes to the less loaded node",
    summary: ["* Move r2 ( n1 -> n2 )"],
  },
  {
    fixture: "fidelity/dependent-wish-carries-its-dependents",
    shows: "r2 takes the wish of its anti-colocated dependent r3 together with what r3's own dependent r1 wishes (n1), so r2 leaves n1 to them",
    summary: ["* Start r1 ( n1 )", "* Start r2 ( n2 )", "* Start r3 ( n1 )"],
  },
  {
    fixture: "fidelity/partial-migration-to-fenced-node",
    shows:
      "a partial migration towards a node that is fenced, the resource staying on its source: the fencing stops it on the target and it keeps running on its source (crm_simulate restarts it there, note abandoned-partial-migration-restart)",
    summary: ["* Fence (reboot) n3 'peer is no longer part of the cluster'"],
    oracleSummary: ["* Fence (reboot) n3 'peer process is no longer available'", "* Move r1 ( n3 -> n1 )"],
  },
  {
    fixture: "fidelity/cloned-group-instances-stacked",
    shows:
      "a cloned group runs on standby n3 and on n7, where r3 (INFINITY-sticky, anti-colocated with the clone) runs: the reference moves the n3 instance and starts one each on the free nodes, one instance a node (crm_simulate moves the n7 instance to n4, starts a second one there and another on n7, note cloned-group-instances-stacked; transient-safety reports it)",
    summary: ["* Stop r3 ( n7 ) due to node availability", "* Move r5:0 ( n3 -> n4 )", "* Start r5:2 ( n5 )", "* Start r5:3 ( n6 )"],
    oracleSummary: [
      "* Stop r3 ( n7 ) due to node availability",
      "* Move r5:0 ( n3 -> n5 )",
      "* Move r5:1 ( n7 -> n4 )",
      "* Start r5:2 ( n6 )",
      "* Start r5:3 ( n4 )",
      "* Start r5:4 ( n7 )",
    ],
  },
  {
    fixture: "fidelity/clone-stickiness-unwished",
    shows:
      "a clone with a sticky instance on n3 must run with r4, which runs nowhere: the reference starts r4 on n3, where the instance stays (crm_simulate places r4 without the instance's stickiness, on n2, and moves the instance there, note clone-stickiness-unwished)",
    summary: ["* Start r4 ( n3 )"],
    oracleSummary: ["* Start r4 ( n2 )", "* Move r8:0 ( n3 -> n2 )"],
  },
  {
    fixture: "fidelity/finite-colocation-after-mandatory",
    shows: "the mandatory colocation with r1 weighs first, and the finite anti-colocation with r1 is dropped where it would leave r2 nowhere to run",
    summary: ["* Migrate r1 ( n1 -> n2 )", "* Migrate r2 ( n1 -> n2 )"],
  },
  {
    fixture: "fidelity/anticolocation-with-clone-instances",
    shows: "a finite anti-colocation with a clone weighs its instances in turn, each dropped where it would leave the dependent nowhere to run",
    summary: ["* Start R ( n1 )"],
  },
  {
    fixture: "fidelity/clone-anticolocated-per-instance",
    shows: "a clone's finite anti-colocation is weighed for each instance in turn, with the nodes of the instances before it taken",
    summary: ["* Start B:0 ( n3 )", "* Start B:1 ( n2 )"],
  },
  {
    fixture: "fidelity/multiply-active-blocked-stop",
    shows: "a primitive active on two nodes that an order keeps from starting stops on both under one line, from the node whose history comes first",
    summary: ["* Stop r2 ( n1 ) due to unrunnable r1 start"],
  },
  {
    fixture: "fidelity/stop-reason-last-declared-order",
    shows: "a resource an order keeps from starting is stopped for the order declared last, a required start where what it needs moves to it, an unrunnable `running` after a group disabled outright",
    summary: [
      "* Stop r1 ( n1 ) due to unrunnable r4 start",
      "* Move r2 ( n2 -> n1 )",
      "* Stop r5 ( n1 ) due to required r2 start",
      "* Stop r6 ( n2 ) due to node availability",
      "* Stop r7 ( n2 ) due to node availability",
      "* Stop r8 ( n2 ) due to unrunnable g running",
    ],
  },
  {
    fixture: "fidelity/failed-instance-on-fenced-node",
    shows: "a clone instance that failed on a node being fenced just moves: the failure goes with the node",
    summary: ["* Fence (reboot) n2 'peer is no longer part of the cluster'", "* Move r:1 ( n2 -> n3 )"],
    oracleSummary: ["* Fence (reboot) n2 'peer process is no longer available'", "* Move r:1 ( n2 -> n3 )"],
  },
  {
    fixture: "fidelity/clone-recovery-blocks-migration",
    shows:
      "a resource that would migrate off the node where the clone it needs (symmetrical order) recovers an instance, the clone staying up elsewhere, moves instead, naming that clone's stop (crm_simulate 2.1.5 words it 'unrunnable', note blocked-migration-wording)",
    summary: ["* Recover c:1 ( n3 )", "* Move r ( n3 -> n2 ) due to unmigrateable c-clone stop"],
    oracleSummary: ["* Recover c:1 ( n3 )", "* Move r ( n3 -> n2 ) due to unrunnable c-clone stop"],
  },
  {
    fixture: "fidelity/dangling-migration-failed-source-elsewhere",
    shows: "a dangling migration whose source copy failed, going to a third node, is recovered from the node whose history is read first (its source here)",
    summary: ["* Recover r ( n1 -> n3 )"],
  },
  {
    fixture: "fidelity/clone-instance-stop-reasons",
    shows: "a clone an order keeps from running stops instance by instance: the failed one unrunnable, the healthy one required by a fresh start, the banned one for node availability",
    summary: [
      "* Stop r1:0 ( n1 ) due to unrunnable r3 start",
      "* Stop r1:1 ( n2 ) due to required r2 start",
      "* Stop r1:2 ( n3 ) due to node availability",
      "* Start r2 ( n3 )",
    ],
  },
  {
    fixture: "fidelity/unmanaged-stopped-head-keeps-group",
    shows: "an unmanaged group member whose target-role is Stopped still runs where it is, and the members after it start there",
    summary: ["* Start r3 ( n3 )"],
  },
  {
    fixture: "fidelity/blocked-clone-start-per-instance",
    shows: "a stopped clone a primitive's start keeps from running prints a blocked start for each instance it would start",
    summary: [
      "* Start r4:0 ( n1 ) due to unrunnable r7 start (blocked)",
      "* Start r4:1 ( n3 ) due to unrunnable r7 start (blocked)",
      "* Start r4:2 ( n4 ) due to unrunnable r7 start (blocked)",
      "* Stop r6 ( n4 ) due to node availability",
    ],
  },
  {
    fixture: "fidelity/interleaved-blocked-clone-prints-nothing",
    shows: "a stopped interleaved clone an unrunnable clone keeps from running prints no blocked start",
    summary: ["* Stop r6 ( n4 ) due to node availability"],
  },
  {
    fixture: "fidelity/mandatory-colocation-with-partial-group",
    shows: "a mandatory colocation with a group whose last member cannot run gives its dependent nowhere to run",
    summary: ["* Move r1 ( n2 -> n1 )"],
  },
  {
    fixture: "fidelity/dependent-colocation-pulls-primary",
    shows: "a mandatory dependent's finite colocation with another primary already placed draws its own primary there",
    summary: ["* Recover r5 ( n5 -> n3 )", "* Start r6 ( n3 )", "* Start r7 ( n3 )", "* Move r8 ( n5 -> n3 )"],
  },
  {
    fixture: "fidelity/multiply-active-prefers-first-history-node",
    shows: "a primitive active on two nodes prefers on a tie only the first its history is read from (banned here), not the other",
    summary: ["* Move r6 ( n4 -> n1 )", "* Start r7 ( n2 )"],
  },
  {
    fixture: "fidelity/stop-reason-required-where-it-stays",
    shows: "a dependent that would stay where it runs (its stickiness counted though an order keeps it from starting, a dangling migration's source aside) stops for a required start of what it needs, whether that stops or is placed but blocked",
    summary: [
      "* Stop r1 ( n1 ) due to node availability",
      "* Stop r2 ( n2 ) due to required r1 start",
      "* Start r5 ( n1 ) due to unrunnable r4 start (blocked)",
      "* Stop r6 ( n3 ) due to required r5 start",
      "* Stop r7 ( n4 ) due to required r1 start",
    ],
  },
  {
    fixture: "fidelity/interleaved-clone-stop-without-reason",
    shows: "an interleaved clone's instance that an order on a clone running nowhere keeps from starting stops with no reason (there is no instance to wait for)",
    summary: ["* Start r1 ( n2 )", "* Stop r3:0 ( n2 )"],
  },
  {
    fixture: "fidelity/blocked-clone-fresh-instances",
    shows: "a clone an order keeps from running has a blocked Start line for each fresh instance it would start, numbered after the running ones",
    summary: [
      "* Start r1 ( n1 )",
      "* Start r2 ( n1 )",
      "* Start r3 ( n1 )",
      "* Stop r5:0 ( n1 ) due to unrunnable r4 start",
      "* Start r5:1 ( n2 ) due to unrunnable r4 start (blocked)",
    ],
  },
  {
    fixture: "fidelity/cloned-group-stop-reasons-per-instance",
    shows: "a cloned group an order keeps from running stops each member's instance for the instance before it on its node (its stop after a required start, its start after a stop), and has blocked Start lines for its fresh instance",
    summary: [
      "* Stop r1 ( n3 ) due to node availability",
      "* Stop r2:0 ( n1 ) due to required r1 start",
      "* Stop r3:0 ( n1 ) due to required r2:0 stop",
      "* Stop r4:0 ( n1 ) due to required r3:0 start",
      "* Stop r2:1 ( n2 ) due to required r1 start",
      "* Stop r3:1 ( n2 ) due to required r2:1 stop",
      "* Stop r4:1 ( n2 ) due to required r3:1 start",
      "* Start r2:2 ( n3 ) due to unrunnable r1 start (blocked)",
      "* Start r3:2 ( n3 ) due to unrunnable r1 start (blocked)",
      "* Start r4:2 ( n3 ) due to unrunnable r1 start (blocked)",
    ],
  },
  {
    fixture: "fidelity/unmanaged-stopped-member-keeps-group",
    shows: "an unmanaged group member whose target-role is Stopped still runs where it is, and the member after it stays with it",
    summary: ["* Start r3 ( n2 )"],
  },
  {
    fixture: "fidelity/blocked-first-stop-order-blocks-migration",
    shows: "the then of a symmetrical stop→stop order whose first an order keeps from starting again moves rather than live-migrates",
    summary: ["* Move r1 ( n1 -> n2 )", "* Stop r2 ( n1 ) due to unrunnable r3 start"],
  },
  {
    fixture: "fidelity/unmanaged-orphan-instance-takes-no-room",
    shows: "an unmanaged clone's orphan instance (beyond clone-max) left running takes no room: a resource without stickiness beside it stays where it runs",
    summary: [],
  },
];

const cibOf = (fixture: string) => readCib(readFileSync(join(projectRoot, "fixtures", `${fixture}.xml`), "utf8"));
const summaryOfCluster = (planner: Planner, cluster: ClusterState) => planner.plan(cluster).summary.map((l) => normaliseSummaryText(formatSummaryLine(l)));
const summaryOf = (planner: Planner, fixture: string) => summaryOfCluster(planner, cibOf(fixture));

const reference = referencePlanner();
for (const c of CASES) {
  test(`reference ${c.fixture}: ${c.shows}`, () => {
    assert.equal(summaryOf(reference, c.fixture), c.summary);
  });
}

const missing = missingTools();
oracleTest("crm_simulate gives every one of these fixtures the same summary", missing, () => {
  const pacemaker = pacemakerPlanner();
  for (const c of CASES) assert.equal(summaryOf(pacemaker, c.fixture), c.oracleSummary ?? c.summary, c.fixture);
});

/** A hand-made cluster, what it shows, and the summary both planners give it (`oracleSummary`: crm_simulate's, where it words a line otherwise). */
interface ClusterCase {
  shows: string;
  cluster: ClusterState;
  summary: string[];
  oracleSummary?: string[];
}

/** One test per case with the reference planner (named `prefix` + what it shows), and one with crm_simulate over them all. */
function clusterCases(prefix: string, oracleTitle: string, cases: readonly ClusterCase[]): void {
  for (const c of cases) test(`${prefix}${c.shows}`, () => assert.equal(summaryOfCluster(reference, c.cluster), c.summary));
  oracleTest(oracleTitle, missing, () => {
    const pacemaker = pacemakerPlanner();
    for (const c of cases) assert.equal(summaryOfCluster(pacemaker, c.cluster), c.oracleSummary ?? c.summary, c.shows);
  });
}

/**
 * An anonymous clone `r-clone` of `r` (stickiness 100), running on n1 and n2
 * of `nodes` nodes; `n2` may be banned by a location score, put in standby
 * or unclean (fencing is then enabled), and clone-max set.
 */
function cloneLeavingN2(nodes: number, n2: { location?: number; standby?: boolean; unclean?: boolean }, cloneMax?: number): ClusterState {
  const child: Primitive = { kind: "primitive", id: "r", agent: "ocf:pacemaker:Dummy", meta: {} };
  return {
    options: { fencingEnabled: n2.unclean === true, symmetricCluster: true, noQuorumPolicy: "stop", haveQuorum: true, defaultStickiness: 100, defaultMigrationThreshold: 0 },
    nodes: Array.from({ length: nodes }, (_, k) => ({
      name: `n${k + 1}`,
      id: String(k + 1),
      membership: k === 1 && n2.unclean === true ? ("unclean" as const) : ("online" as const),
      standby: k === 1 && n2.standby === true,
      maintenance: false,
      attributes: {},
    })),
    resources: [{ kind: "clone", id: "r-clone", child, meta: {}, cloneMax, cloneNodeMax: 1, interleave: false, ordered: false }],
    constraints: n2.location === undefined ? [] : [{ kind: "location", id: "ban-n2", resource: "r-clone", node: "n2", score: n2.location }],
    status: { active: ["n1", "n2"].map((node) => ({ resource: "r", node, role: "Started" as const })), failed: [], failCounts: [], migrations: [] },
  };
}

/**
 * An anonymous clone `r6-clone` of `r6` (clone-max 2, stickiness 9 unless
 * told otherwise) running on n3 and n4 of four nodes, with a location score
 * per node as given.
 */
function cloneOnN3N4(scores: Record<string, number>, stickiness = 9): ClusterState {
  return cluster({
    nodes: ["n1", "n2", "n3", "n4"],
    resources: [clone("r6-clone", prim("r6", { stickiness }), 2)],
    constraints: Object.entries(scores).map(([node, score]) => location(`l-${node}`, "r6-clone", node, score)),
    active: [["r6", "n3"], ["r6", "n4"]],
  });
}

/**
 * r4 (allow-migrate) must follow group g1 (r5 unmanaged, r6, r7) by a
 * Mandatory order, and r6 is banned from n2, where all of them run, so g1
 * cannot run; `r4Elsewhere` draws r4 to n1.
 */
function afterDownGroup(r4Elsewhere: boolean): ClusterState {
  return cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r4", { allowMigrate: true }), group("g1", [prim("r5", { isManaged: false }), prim("r6"), prim("r7")])],
    constraints: [order("o", "g1", "r4"), location("l6", "r6", "n2", -INFINITY), ...(r4Elsewhere ? [location("l4", "r4", "n1", 100)] : [])],
    active: [["r4", "n2"], ["r5", "n2"], ["r6", "n2"], ["r7", "n2"]],
  });
}

/**
 * r4 (allow-migrate, drawn to n1) must follow group g1 (r5 disabled, r6),
 * by a symmetrical order or not, g1 running on n2 with r4 or not at all.
 */
function afterDisabledGroup(symmetrical: boolean, groupActive: boolean): ClusterState {
  return cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r4", { allowMigrate: true }), group("g1", [prim("r5", { targetRole: "Stopped" }), prim("r6")])],
    constraints: [order("o", "g1", "r4", { symmetrical }), location("l4", "r4", "n1", 100)],
    active: [["r4", "n2"], ...(groupActive ? ([["r5", "n2"], ["r6", "n2"]] as [string, string][]) : [])],
  });
}

/** How the stop of a resource kept from starting by a group that cannot run is worded (seed 3 case 35). */
const AFTER_DOWN_GROUP: ClusterCase[] = [
  {
    shows: "a then that would live-migrate away names the group's stop",
    cluster: afterDownGroup(true),
    summary: ["* Stop r4 ( n2 ) due to unrunnable g1 stop", "* Stop r6 ( n2 ) due to node availability", "* Stop r7 ( n2 ) due to node availability"],
  },
  {
    shows: "one that would stay names the group's running",
    cluster: afterDownGroup(false),
    summary: ["* Stop r4 ( n2 ) due to unrunnable g1 running", "* Stop r6 ( n2 ) due to node availability", "* Stop r7 ( n2 ) due to node availability"],
  },
  {
    shows: "one on a lost node, which cannot live-migrate from it, names the group's running",
    cluster: cluster({
      nodes: ["n1", "n2", node("n3", "unclean")],
      fencingEnabled: true,
      resources: [prim("r4", { allowMigrate: true }), group("g1", [prim("r5"), prim("r6")])],
      constraints: [order("o", "g1", "r4"), location("l6", "r6", "n1", -INFINITY), location("l6b", "r6", "n2", -INFINITY), location("l4", "r4", "n1", 100)],
      active: [["r4", "n3"], ["r5", "n3"], ["r6", "n3"]],
    }),
    summary: ["* Fence (reboot) n3 'peer is no longer part of the cluster'", "* Stop r4 ( n3 ) due to unrunnable g1 running", "* Move r5 ( n3 -> n2 )", "* Stop r6 ( n3 ) due to node availability"],
    oracleSummary: ["* Fence (reboot) n3 'peer process is no longer available'", "* Stop r4 ( n3 ) due to unrunnable g1 running", "* Move r5 ( n3 -> n2 )", "* Stop r6 ( n3 ) due to node availability"],
  },
  {
    shows: "through an asymmetrical order, it names the group's running",
    cluster: afterDisabledGroup(false, true),
    summary: ["* Stop r4 ( n2 ) due to unrunnable g1 running", "* Stop r5 ( n2 ) due to node availability", "* Stop r6 ( n2 ) due to node availability"],
  },
  {
    shows: "after a group that does not run, it names the group's running (seed 4 case 261)",
    cluster: afterDisabledGroup(true, false),
    summary: ["* Stop r4 ( n2 ) due to unrunnable g1 running"],
  },
];

clusterCases("reference stop after a group that cannot run: ", "crm_simulate words these stops as the reference does", AFTER_DOWN_GROUP);

/**
 * r2 must run with r1 (+INFINITY), both on n1, and r1 must start after r0,
 * which is disabled; `banned` bars r2 from n1 by location too.
 */
function withOrderBlockedPrimary(banned: boolean): ClusterState {
  return cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r0", { targetRole: "Stopped" }), prim("r1"), prim("r2")],
    constraints: [order("o", "r0", "r1"), colocation("c", "r2", "r1", INFINITY), ...(banned ? [location("l", "r2", "n1", -INFINITY)] : [])],
    active: [["r1", "n1"], ["r2", "n1"]],
  });
}

/** The stop of a resource that must run with a primary an order stops (enforce-colo1 of the corpus). */
const WITH_ORDER_BLOCKED_PRIMARY: ClusterCase[] = [
  {
    shows: "it stops 'due to colocation with' the primary",
    cluster: withOrderBlockedPrimary(false),
    summary: ["* Stop r1 ( n1 ) due to unrunnable r0 start", "* Stop r2 ( n1 ) due to colocation with r1"],
  },
  {
    shows: "so it does where its own location bars its node as well",
    cluster: withOrderBlockedPrimary(true),
    summary: ["* Stop r1 ( n1 ) due to unrunnable r0 start", "* Stop r2 ( n1 ) due to colocation with r1"],
  },
];

clusterCases("reference dependent of a primary an order stops: ", "crm_simulate words these stops as the reference does", WITH_ORDER_BLOCKED_PRIMARY);

/**
 * r1's stop failed on n1 (it is still active there), without fencing, and a
 * location draws it to n2; `withThen` orders r2, on n1 too, after it.
 */
function failedStopWithoutFencing(withThen: boolean): ClusterState {
  return cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r1"), ...(withThen ? [prim("r2")] : [])],
    constraints: [location("l", "r1", "n2", 100), ...(withThen ? [order("o", "r1", "r2")] : [])],
    active: [["r1", "n1"], ...(withThen ? ([["r2", "n1"]] as [string, string][]) : [])],
    status: { failed: [{ resource: "r1", node: "n1", operation: "stop", activeAfter: true }] },
  });
}

/** A failed stop without fencing blocks the resource (rec-rsc-4, order7 and stopped-monitor-* of the corpus). */
const FAILED_STOP_BLOCKS: ClusterCase[] = [
  {
    shows: "the resource stays where its stop failed, untouched",
    cluster: failedStopWithoutFencing(false),
    summary: [],
  },
  {
    shows: "what a Mandatory order puts after it stops for its unrunnable start",
    cluster: failedStopWithoutFencing(true),
    summary: ["* Stop r2 ( n1 ) due to unrunnable r1 start"],
  },
];

clusterCases("reference failed stop without fencing: ", "crm_simulate blocks a resource whose stop failed without fencing as the reference does", FAILED_STOP_BLOCKS);

/** Without quorum (no-quorum-policy as given), r1 runs on n1 and r2 runs nowhere. */
function withoutQuorum(policy: "stop" | "freeze"): ClusterState {
  const c = cluster({ nodes: ["n1", "n2"], resources: [prim("r1"), prim("r2")], active: [["r1", "n1"]] });
  return { ...c, options: { ...c.options, haveQuorum: false, noQuorumPolicy: policy } };
}

/** The starts quorum forbids are printed as blocked (quorum-3, rec-node-9 of the corpus). */
const WITHOUT_QUORUM: ClusterCase[] = [
  {
    shows: "under policy stop, what runs stops and what would start is blocked, due to no quorum",
    cluster: withoutQuorum("stop"),
    summary: ["* Stop r1 ( n1 ) due to no quorum", "* Start r2 ( n2 ) due to no quorum (blocked)"],
  },
  {
    shows: "under freeze, what runs stays and what would start is blocked, due to quorum freeze",
    cluster: withoutQuorum("freeze"),
    summary: ["* Start r2 ( n2 ) due to quorum freeze (blocked)"],
  },
];

clusterCases("reference without quorum: ", "crm_simulate blocks the starts quorum forbids as the reference does", WITHOUT_QUORUM);

/**
 * Which clone instance takes a node: what each cluster shows, and the
 * summary both planners give it (`oracleSummary`: crm_simulate's, where it
 * words the fence reason otherwise, see the fence-reason diff note).
 */
const INSTANCE_CASES: ClusterCase[] = [
  {
    shows: "an instance whose own node scores below zero comes after the fresh instances: it stops and a fresh one starts",
    cluster: cloneLeavingN2(3, { location: -INFINITY }),
    summary: ["* Stop r:1 ( n2 ) due to node availability", "* Start r:2 ( n3 )"],
  },
  {
    shows: "stickiness counts: -150 with stickiness 100 still turns the instance away",
    cluster: cloneLeavingN2(3, { location: -150 }),
    summary: ["* Stop r:1 ( n2 ) due to node availability", "* Start r:2 ( n3 )"],
  },
  {
    shows: "it takes a node the fresh instances leave over, after them",
    cluster: cloneLeavingN2(4, { location: -INFINITY }, 3),
    summary: ["* Move r:1 ( n2 -> n4 )", "* Start r:2 ( n3 )"],
  },
  {
    shows: "no fresh instance number left (clone-max 2): it moves",
    cluster: cloneLeavingN2(3, { location: -INFINITY }, 2),
    summary: ["* Move r:1 ( n2 -> n3 )"],
  },
  {
    shows: "a clone places no instance where its location score is negative, however sticky the instance there (-50 with stickiness 100)",
    cluster: cloneLeavingN2(2, { location: -50 }),
    summary: ["* Stop r:1 ( n2 ) due to node availability"],
  },
  {
    shows: "that instance, not turned away by its score with stickiness, moves before a fresh one starts",
    cluster: cloneLeavingN2(3, { location: -50 }),
    summary: ["* Move r:1 ( n2 -> n3 )"],
  },
  {
    shows: "an instance leaving a standby node is not turned away by its score: it moves",
    cluster: cloneLeavingN2(3, { standby: true }),
    summary: ["* Move r:1 ( n2 -> n3 )"],
  },
  {
    shows: "on a standby node its score still counts: banned there too, it stops and a fresh one starts",
    cluster: cloneLeavingN2(3, { standby: true, location: -INFINITY }),
    summary: ["* Stop r:1 ( n2 ) due to node availability", "* Start r:2 ( n3 )"],
  },
  {
    shows: "so on an unclean node, fenced: banned there, it stops and a fresh one starts",
    cluster: cloneLeavingN2(3, { unclean: true, location: -INFINITY }),
    summary: ["* Fence (reboot) n2 'peer is no longer part of the cluster'", "* Stop r:1 ( n2 ) due to node availability", "* Start r:2 ( n3 )"],
    oracleSummary: ["* Fence (reboot) n2 'peer process is no longer available'", "* Stop r:1 ( n2 ) due to node availability", "* Start r:2 ( n3 )"],
  },
  {
    shows: "not banned there, it moves",
    cluster: cloneLeavingN2(3, { unclean: true }),
    summary: ["* Fence (reboot) n2 'peer is no longer part of the cluster'", "* Move r:1 ( n2 -> n3 )"],
    oracleSummary: ["* Fence (reboot) n2 'peer process is no longer available'", "* Move r:1 ( n2 -> n3 )"],
  },
  {
    shows: "with orphans beyond clone-max stopping, the kept instance's stickiness still holds its node against a weaker location",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [clone("r7-clone", prim("r7", { stickiness: INFINITY }), 1)],
      constraints: [location("l-r7", "r7-clone", "n2", 50)],
      active: [["r7", "n1"], ["r7", "n2"], ["r7", "n3"]],
    }),
    summary: ["* Stop r7:1 ( n2 ) due to node availability", "* Stop r7:2 ( n3 ) due to node availability"],
  },
  {
    shows: "so does it against an INFINITY location, on a tie (seed 6 case 295)",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [clone("r7-clone", prim("r7", { stickiness: INFINITY }), 1)],
      constraints: [location("l-r7", "r7-clone", "n2", INFINITY)],
      active: [["r7", "n1"], ["r7", "n3"]],
    }),
    summary: ["* Stop r7:1 ( n3 ) due to node availability"],
  },
  {
    shows: "each instance weighs only its own stickiness: the first-numbered, not at its best, takes the better node (seed 3 case 151)",
    cluster: cloneOnN3N4({ n2: 497 }),
    summary: ["* Move r6:0 ( n3 -> n2 )"],
  },
  {
    shows: "so does it where its own node scores a little more than the other instance's",
    cluster: cloneOnN3N4({ n2: 497, n3: 5 }),
    summary: ["* Move r6:0 ( n3 -> n2 )"],
  },
  {
    shows: "an instance at its best stays first: the other one moves",
    cluster: cloneOnN3N4({ n2: 497, n4: 5 }),
    summary: ["* Move r6:0 ( n3 -> n2 )"],
  },
  {
    shows: "two better nodes: the instances take them in their numbering",
    cluster: cluster({
      nodes: ["n1", "n2", "n3", "n4", "n5"],
      resources: [clone("r6-clone", prim("r6", { stickiness: 9 }), 3)],
      constraints: [location("l1", "r6-clone", "n1", 497), location("l2", "r6-clone", "n2", 400)],
      active: [["r6", "n3"], ["r6", "n4"], ["r6", "n5"]],
    }),
    summary: ["* Move r6:0 ( n3 -> n1 )", "* Move r6:1 ( n4 -> n2 )"],
  },
  {
    shows: "without stickiness a better node draws the first-numbered instance",
    cluster: cloneOnN3N4({ n2: 3 }, 0),
    summary: ["* Move r6:0 ( n3 -> n2 )"],
  },
  {
    shows: "of two instances that must leave for the one node left, the healthy one moves and the failed one stops (seed 1 case 28)",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [prim("r1"), clone("r6-clone", prim("r6", { stickiness: 38 }))],
      constraints: [location("l1", "r1", "n3", INFINITY), colocation("c", "r6-clone", "r1", INFINITY)],
      active: [["r1", "n3"], ["r6", "n1"], ["r6", "n2"]],
      status: { failed: [{ resource: "r6", node: "n1", operation: "monitor", activeAfter: true }] },
    }),
    summary: ["* Stop r6:0 ( n1 ) due to node availability", "* Move r6:1 ( n2 -> n3 )"],
  },
  {
    shows: "a better node that stickiness outweighs draws no instance",
    cluster: cloneOnN3N4({ n2: 3 }),
    summary: [],
  },
];

clusterCases("reference clone instances: ", "crm_simulate gives every one of these clone clusters the same summary", INSTANCE_CASES);

/** An interleaved clone (what the testkit's clones are not). */
const interleaved = (id: string, child: Parameters<typeof clone>[1]) => ({ ...clone(id, child), interleave: true });

/**
 * Hand-made clusters on what restarts a resource ordered after a clone, or a
 * clone ordered after a resource, where it stays (every order Mandatory and
 * symmetrical, start then start).
 */
const RESTARTS: ClusterCase[] = [
  {
    shows: "a clone's new instance restarts the dependent primitive on its node only",
    cluster: cluster({
      nodes: ["n1", "n2", "n3", "n4"],
      resources: [prim("r1"), prim("r2"), clone("c4", prim("r4"), 3)],
      constraints: [
        order("o-c4-r1", "c4", "r1"),
        order("o-c4-r2", "c4", "r2"),
        location("l-c4-n4", "c4", "n4", -1_000_000),
        location("l-r1-n3", "r1", "n3", 100),
        location("l-r2-n4", "r2", "n4", 100),
      ],
      active: [["r1", "n3"], ["r2", "n4"], ["r4", "n1"], ["r4", "n2"]],
    }),
    summary: ["* Restart r1 ( n3 ) due to required c4 running", "* Start r4:2 ( n3 )"],
  },
  {
    shows: "a clone starting from nothing leaves the dependent primitive running where no instance starts",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [prim("r1"), clone("c4", prim("r4"))],
      constraints: [order("o-c4-r1", "c4", "r1"), location("l-c4-n3", "c4", "n3", -1_000_000), location("l-r1-n3", "r1", "n3", 100)],
      active: [["r1", "n3"]],
    }),
    summary: ["* Start r4:0 ( n1 )", "* Start r4:1 ( n2 )"],
  },
  {
    shows: "a primitive's fresh start restarts every instance of the clone that follows it",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [prim("r2"), clone("c3", prim("r3"))],
      constraints: [order("o-r2-c3", "r2", "c3")],
      active: [["r3", "n1"], ["r3", "n2"]],
    }),
    summary: [
      "* Start r2 ( n1 )",
      "* Restart r3:0 ( n1 ) due to required r2 start",
      "* Restart r3:1 ( n2 ) due to required r2 start",
      "* Start r3:2 ( n3 )",
    ],
  },
  {
    shows: "a clone's new instance restarts every instance of a clone that follows it, of an interleaved one only the instance on its node",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [
        clone("c2", prim("r2")),
        clone("c3", prim("r3")),
        interleaved("c5", prim("r5")),
        interleaved("c6", group("g6", [prim("a"), prim("b")])),
        interleaved("c7", prim("r7")),
      ],
      constraints: [order("o-c2-c3", "c2", "c3"), order("o-c2-c5", "c2", "c5"), order("o-c6-c7", "c6", "c7")],
      active: [
        ...(["r2", "a", "b"] as const).flatMap((r) => [[r, "n1"], [r, "n2"]] as [string, string][]),
        ...(["r3", "r5", "r7"] as const).flatMap((r) => [[r, "n1"], [r, "n2"], [r, "n3"]] as [string, string][]),
      ],
    }),
    summary: [
      "* Start r2:2 ( n3 )",
      "* Restart r3:0 ( n1 ) due to required c2 running",
      "* Restart r3:1 ( n2 ) due to required c2 running",
      "* Restart r3:2 ( n3 ) due to required c2 running",
      "* Restart r5:2 ( n3 ) due to required r2:2 start",
      "* Start a:2 ( n3 )",
      "* Start b:2 ( n3 )",
      "* Restart r7:2 ( n3 ) due to required g6:2 running",
    ],
  },
];

clusterCases("reference: ", "crm_simulate restarts what follows a clone, and the clone that follows a primitive, as the reference does", RESTARTS);

/**
 * An interleaved clone ordered (Mandatory) after a clone with one instance,
 * on n1: r6 runs on `running`; `chained` adds an interleaved r7 after it,
 * running on n2 and n3.
 */
const interleavedAfterSingleInstance = (running: string[], extra: { r4On?: string[]; cloneMax?: number; symmetrical?: boolean; chained?: boolean } = {}): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [clone("c4", prim("r4"), extra.cloneMax ?? 1), interleaved("c6", prim("r6")), ...(extra.chained ? [interleaved("c7", prim("r7"))] : [])],
    constraints: [order("o-c4-c6", "c4", "c6", { symmetrical: extra.symmetrical ?? true }), ...(extra.chained ? [order("o-c6-c7", "c6", "c7")] : [])],
    active: [
      ...(extra.r4On ?? ["n1"]).map((n): [string, string] => ["r4", n]),
      ...running.map((n): [string, string] => ["r6", n]),
      ...(extra.chained ? (["n2", "n3"] as const).map((n): [string, string] => ["r7", n]) : []),
    ],
  });

/** Where an interleaved clone's instances may run behind a clone that runs on fewer nodes. */
const INTERLEAVED_PLACEMENT: ClusterCase[] = [
  {
    shows: "an interleaved clone's instance where the clone it follows has none stops with no reason, and none starts on the node that has none either",
    cluster: interleavedAfterSingleInstance(["n1", "n2"]),
    summary: ["* Stop r6:1 ( n2 )"],
  },
  {
    shows: "an instance is placed before it is barred: the fresh instance beside the clone's new one keeps the number its placement gave it",
    cluster: interleavedAfterSingleInstance(["n1"], { cloneMax: 2 }),
    summary: ["* Start r4:1 ( n2 )", "* Start r6:2 ( n2 )"],
  },
  {
    shows: "through an asymmetrical order an instance runs, and starts, where the clone it follows has none",
    cluster: interleavedAfterSingleInstance(["n1", "n2"], { symmetrical: false }),
    summary: ["* Start r6:2 ( n3 )"],
  },
  {
    shows: "down an interleaved chain, an instance stops for the barred instance on its node: a running one's unrunnable start, a fresh one's required start",
    cluster: interleavedAfterSingleInstance(["n1", "n2"], { chained: true }),
    summary: [
      "* Stop r6:1 ( n2 )",
      "* Stop r7:0 ( n2 ) due to unrunnable r6:1 start",
      "* Stop r7:1 ( n3 ) due to required r6:2 start",
      "* Start r7:2 ( n1 )",
    ],
  },
];

clusterCases("reference interleaved placement: ", "crm_simulate bars an interleaved clone's instances where the clone it follows has none, as the reference does", INTERLEAVED_PLACEMENT);

/** A disabled primitive r7 active on n1 and n2, and what follows it (Mandatory) on n1: a primitive, or an instance of a clone. */
const afterMultiplyActiveDisabled = (then: Primitive | ReturnType<typeof clone>): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r7", { targetRole: "Stopped" }), then],
    constraints: [order("o-r7-r8", "r7", then.id)],
    active: [["r7", "n1"], ["r7", "n2"], ["r8", "n1"]],
  });

/** What follows a multiply-active primitive that goes down everywhere. */
const AFTER_MULTIPLY_ACTIVE: ClusterCase[] = [
  {
    shows: "a primitive ordered after one active on two nodes that stops on both stops for its required start",
    cluster: afterMultiplyActiveDisabled(prim("r8")),
    summary: ["* Stop r7 ( n1 ) due to node availability", "* Stop r7 ( n2 ) due to node availability", "* Stop r8 ( n1 ) due to required r7 start"],
  },
  {
    shows: "so does a clone's instance",
    cluster: afterMultiplyActiveDisabled(clone("c8", prim("r8"), 1)),
    summary: ["* Stop r7 ( n1 ) due to node availability", "* Stop r7 ( n2 ) due to node availability", "* Stop r8:0 ( n1 ) due to required r7 start"],
  },
];

clusterCases("reference: ", "crm_simulate names the required start of a multiply-active primitive going down, as the reference does", AFTER_MULTIPLY_ACTIVE);

/** An unmanaged r8 and r6 ordered (Mandatory, asymmetrical) after it, neither active; n3 is lost and fenced. */
const afterUnmanaged = (): ClusterState =>
  cluster({
    nodes: ["n1", "n2", node("n3", "unclean")],
    fencingEnabled: true,
    resources: [prim("r8", { isManaged: false }), prim("r6")],
    constraints: [order("o-r8-r6", "r8", "r6", { symmetrical: false })],
  });

/** What an order on an unmanaged resource waits for. */
const AFTER_UNMANAGED: ClusterCase[] = [
  {
    shows: "an unmanaged resource active nowhere has a start that cannot run: what follows it cannot start",
    cluster: afterUnmanaged(),
    summary: ["* Fence (reboot) n3 'peer is no longer part of the cluster'", "* Start r6 ( n1 ) due to unrunnable r8 start (blocked)"],
    oracleSummary: ["* Fence (reboot) n3 'peer process is no longer available'", "* Start r6 ( n1 ) due to unrunnable r8 start (blocked)"],
  },
];

clusterCases("reference: ", "crm_simulate waits for an unmanaged resource active nowhere, as the reference does", AFTER_UNMANAGED);

/**
 * A disabled r5 running on n2, and clone c1 of r2 (running on n2) ordered
 * after it by `orders`, in their declaration order: a Mandatory stop→stop
 * order of c1 before r5 (symmetrical, so also r5 start before c1 start),
 * and a start→start order of r5 before c1 (symmetrical or not).
 */
const afterDisabled = (orders: ("stop" | "start" | "start-asymmetrical")[]): ClusterState =>
  cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r5", { targetRole: "Stopped" }), clone("c1", prim("r2"))],
    constraints: orders.map((o, k) =>
      o === "stop" ? order(`o${k}`, "c1", "r5", { firstAction: "stop", thenAction: "stop" }) : order(`o${k}`, "r5", "c1", { symmetrical: o === "start" }),
    ),
    active: [["r5", "n2"], ["r2", "n2"]],
  });

/** How a clone's fresh instance words what blocks it, and a start→start order beside a stop→stop one on the same pair. */
const ORDERS_ON_ONE_PAIR: ClusterCase[] = [
  {
    shows: "a clone's fresh instance behind a first that goes down is blocked for its unrunnable start, its running one stops for its required start",
    cluster: afterDisabled(["start"]),
    summary: ["* Stop r5 ( n2 ) due to node availability", "* Stop r2:0 ( n2 ) due to required r5 start", "* Start r2:1 ( n1 ) due to unrunnable r5 start (blocked)"],
  },
  {
    shows: "a start→start order declared before a symmetrical stop→stop order on the same pair binds",
    cluster: afterDisabled(["start-asymmetrical", "stop"]),
    summary: ["* Stop r5 ( n2 ) due to node availability", "* Start r2:1 ( n1 ) due to unrunnable r5 start (blocked)"],
  },
];

clusterCases("reference orders: ", "crm_simulate words a fresh instance's block, and honours a start→start order declared first, as the reference does", ORDERS_ON_ONE_PAIR);

/** What a primitive ordered after a clone that starts from nothing does when it moves. */
const AFTER_FRESH_CLONE: ClusterCase[] = [
  {
    shows: "a primitive ordered after a clone starting from nothing live-migrates: its migrate_to waits for the clone's running, nothing stops",
    cluster: cluster({
      nodes: ["n1", "n2"],
      resources: [clone("c1", prim("r1"), 1), prim("r2", { allowMigrate: true })],
      constraints: [order("o-c1-r2", "c1", "r2"), location("l-r2-n2", "r2", "n2", 100)],
      active: [["r2", "n1"]],
    }),
    summary: ["* Start r1:0 ( n1 )", "* Migrate r2 ( n1 -> n2 )"],
  },
];

clusterCases("reference: ", "crm_simulate live-migrates what follows a clone starting afresh", AFTER_FRESH_CLONE);

/** A node in maintenance keeps what runs there but takes nothing new (node-maintenance-1 of the corpus). */
const MAINTENANCE_NODE: ClusterCase[] = [
  {
    shows: "a resource leaving a standby node stops rather than move to the node in maintenance",
    cluster: cluster({ nodes: [node("n1", "online", { standby: true }), node("n2", "online", { maintenance: true })], resources: [prim("r")], active: [["r", "n1"]] }),
    summary: ["* Stop r ( n1 ) due to node availability"],
  },
  {
    shows: "a resource banned from the only other node does not start on the node in maintenance",
    cluster: cluster({ nodes: ["n1", node("n2", "online", { maintenance: true })], resources: [prim("r")], constraints: [location("l", "r", "n1", -INFINITY)] }),
    summary: [],
  },
];

clusterCases("reference maintenance node: ", "crm_simulate starts nothing on a node in maintenance, as the reference does", MAINTENANCE_NODE);

/**
 * r1's live migration from n1 to n2 is partial (migrate_to done on n1,
 * nothing yet on n2, which is up); a location sends it to `goes` (none:
 * target-role Stopped); `after`, moving from n1 to n3, is ordered before
 * it; `unmigratable` takes allow-migrate away.
 */
const abandonedPartialMigration = (goes: string | undefined, { after = false, unmigratable = false } = {}): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3", "n4"],
    resources: [
      prim("r1", { allowMigrate: !unmigratable, ...(goes === undefined ? { targetRole: "Stopped" as const } : {}) }),
      ...(after ? [prim("r0")] : []),
    ],
    constraints: [
      ...(goes === undefined ? [] : [location("l-r1", "r1", goes, 100)]),
      ...(after ? [location("l-r0", "r0", "n3", 100), order("o-r0-r1", "r0", "r1")] : []),
    ],
    active: [["r1", "n1"], ...(after ? ([["r0", "n1"]] as [string, string][]) : [])],
    status: { migrations: [{ resource: "r1", source: "n1", target: "n2", stage: "partial" }] },
  });

/** A partial migration that does not resume, its target up: crm_simulate takes the resource to be active on the target too. */
const ABANDONED_PARTIAL_MIGRATION: ClusterCase[] = [
  {
    shows: "going to a third node, it moves from its migration target, stopping on both",
    cluster: abandonedPartialMigration("n3"),
    summary: ["* Move r1 ( n2 -> n3 )"],
  },
  {
    shows: "stopping, it stops on its migration target and on its source",
    cluster: abandonedPartialMigration(undefined),
    summary: ["* Stop r1 ( n2 ) due to node availability", "* Stop r1 ( n1 ) due to node availability"],
  },
  {
    shows:
      "going to its migration target but no longer migratable, it moves there from its source (crm_simulate stops it on the target too and restarts it there, a needless restart for the no-needless-actions property: note abandoned-partial-migration-restart, regression fixture no-needless-actions-810ebaa381)",
    cluster: abandonedPartialMigration("n2", { unmigratable: true }),
    summary: ["* Move r1 ( n1 -> n2 )"],
    oracleSummary: ["* Restart r1 ( n2 )"],
  },
  {
    shows:
      "kept from resuming by what moves before it, it moves from its source (the stop worded 'unmigrateable' as in the corpus; crm_simulate 2.1.5 says 'unrunnable', note blocked-migration-wording)",
    cluster: abandonedPartialMigration("n2", { after: true }),
    summary: ["* Move r1 ( n1 -> n2 ) due to unmigrateable r0 stop", "* Move r0 ( n1 -> n3 )"],
    oracleSummary: ["* Move r1 ( n1 -> n2 ) due to unrunnable r0 stop", "* Move r0 ( n1 -> n3 )"],
  },
];

clusterCases("reference abandoned partial migration: ", "crm_simulate names an abandoned partial migration as the reference does", ABANDONED_PARTIAL_MIGRATION);

/** r1 has live-migrated from n1 to n2, its stop on n1 still pending; r3, ordered after it, leaves n1 for n3. */
const afterDanglingMigration = (kind: "Mandatory" | "Optional"): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r1", { allowMigrate: true }), prim("r3", { allowMigrate: true })],
    constraints: [order("o-r1-r3", "r1", "r3", { kind }), location("l-r3-n3", "r3", "n3", 100)],
    active: [["r1", "n1"], ["r1", "n2"], ["r3", "n1"]],
    status: { migrations: [{ resource: "r1", source: "n1", target: "n2", stage: "dangling" }] },
  });

/** What follows a resource whose dangling migration leaves a stop on its source. */
const AFTER_DANGLING_MIGRATION: ClusterCase[] = [
  {
    shows: "the pending source stop of what it needs (a Mandatory symmetrical order) keeps a resource from live-migrating",
    cluster: afterDanglingMigration("Mandatory"),
    summary: ["* Move r3 ( n1 -> n3 ) due to unrunnable r1 stop"],
  },
  {
    shows: "through an Optional order it live-migrates",
    cluster: afterDanglingMigration("Optional"),
    summary: ["* Migrate r3 ( n1 -> n3 )"],
  },
];

clusterCases("reference: ", "crm_simulate moves what needs a resource finishing a migration, as the reference does", AFTER_DANGLING_MIGRATION);

/**
 * r3, found active on n1 and n2 and bound to `stays` by a location, needs r6
 * (a Mandatory symmetrical order), which failed on n3 and is recovered there.
 */
const multiplyActiveAfterRecovery = (stays: string): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r6"), prim("r3")],
    constraints: [order("o-r6-r3", "r6", "r3"), location("l-r3", "r3", stays, INFINITY)],
    active: [["r6", "n3"], ["r3", "n1"], ["r3", "n2"]],
    status: { failed: [{ resource: "r6", node: "n3", operation: "monitor", activeAfter: true }] },
  });

/** How a restart where the resource stays is worded: what each cluster shows, and the summary both planners give it. */
const RESTART_WORDING: ClusterCase[] = [
  {
    shows: "an interleaved clone's instance restarted behind a clone that is not interleaved names the first's instance restarting on its node (seed 3 case 151)",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [clone("a-clone", prim("a"), 1), clone("b-clone", prim("b")), { ...clone("c-clone", prim("c"), 1), interleave: true }],
      constraints: [location("la", "a-clone", "n2", 100), location("lc", "c-clone", "n2", INFINITY), order("o1", "a-clone", "b-clone"), order("o2", "b-clone", "c-clone")],
      active: [["a", "n1"], ["b", "n2"], ["c", "n2"]],
    }),
    summary: [
      "* Move a:0 ( n1 -> n2 )",
      "* Restart b:0 ( n2 ) due to required a-clone running",
      "* Start b:1 ( n1 )",
      "* Start b:2 ( n3 )",
      "* Restart c:0 ( n2 ) due to required b:0 start",
    ],
  },
  {
    shows: "a multiply-active primitive restarted on its second node is a Move from its first, without a reason",
    cluster: multiplyActiveAfterRecovery("n2"),
    summary: ["* Recover r6 ( n3 )", "* Move r3 ( n1 -> n2 )"],
  },
  {
    shows: "restarted on its first node, it is a Restart without a reason",
    cluster: multiplyActiveAfterRecovery("n1"),
    summary: ["* Recover r6 ( n3 )", "* Restart r3 ( n1 )"],
  },
  {
    shows: "of two resources starting afresh that a primitive needs, the one whose order is declared last is named",
    cluster: cluster({
      nodes: ["n1", "n2"],
      resources: [prim("r3"), prim("r6"), prim("r7")],
      constraints: [order("o-r7-r3", "r7", "r3"), order("o-r6-r3", "r6", "r3"), location("l-r3", "r3", "n1", INFINITY)],
      active: [["r3", "n1"]],
    }),
    summary: ["* Restart r3 ( n1 ) due to required r6 start", "* Start r6 ( n2 )", "* Start r7 ( n1 )"],
  },
  {
    shows: "a multiply-active primitive recovered on its second node, where its copy failed, is a Recover from its first",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [prim("r1")],
      constraints: [location("l-r1", "r1", "n2", INFINITY)],
      active: [["r1", "n1"], ["r1", "n2"]],
      status: { failed: [{ resource: "r1", node: "n2", operation: "monitor", activeAfter: true }] },
    }),
    summary: ["* Recover r1 ( n1 -> n2 )"],
  },
];

clusterCases("reference: ", "crm_simulate words these restarts as the reference does", RESTART_WORDING);

/** r1, required on n1 by an INFINITY location, runs on n2; r2, anti-colocated with it, runs on n1. */
const requiredNodeHeld = (dependent: ResourceMeta): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r1"), prim("r2", dependent)],
    constraints: [location("l-r1", "r1", "n1", INFINITY), colocation("c-r2-r1", "r2", "r1", -INFINITY)],
    active: [["r1", "n2"], ["r2", "n1"]],
  });

/**
 * A primary with an INFINITY location and a dependent anti-colocated with it
 * (or with what follows it) holding that node: an unmanaged dependent keeps
 * the primary away, as in crm_simulate; a dependent held there by stickiness
 * alone does not (crm_simulate moves the primary instead or leaves it off
 * its node: the sticky-dependent-bars-primary diff note).
 */
const REQUIRED_NODE: ClusterCase[] = [
  {
    shows: "an unmanaged anti-colocated dependent keeps a primary off the node its INFINITY location requires",
    cluster: requiredNodeHeld({ isManaged: false }),
    summary: [],
  },
  {
    shows: "a sticky anti-colocated dependent leaves the node a primary's INFINITY location requires",
    cluster: requiredNodeHeld({ stickiness: INFINITY }),
    summary: ["* Move r1 ( n2 -> n1 )", "* Move r2 ( n1 -> n2 )"],
    oracleSummary: [],
  },
  {
    shows: "a primary stays where its INFINITY location requires although a sticky dependent is anti-colocated with what follows it",
    cluster: cluster({
      nodes: ["n1", "n2"],
      resources: [prim("r1"), prim("r3", { stickiness: INFINITY }), prim("r4")],
      constraints: [location("l-r1", "r1", "n1", INFINITY), colocation("c-r4-r1", "r4", "r1", INFINITY), colocation("c-r3-r4", "r3", "r4", -INFINITY)],
      active: [["r1", "n1"], ["r3", "n1"]],
    }),
    summary: ["* Move r3 ( n1 -> n2 )", "* Start r4 ( n1 )"],
    oracleSummary: ["* Move r1 ( n1 -> n2 )", "* Start r4 ( n2 )"],
  },
];

clusterCases("reference: ", "crm_simulate keeps a primary off its required node for an unmanaged dependent, and for a sticky one", REQUIRED_NODE);

/**
 * r (allow-migrate) in a dangling migration from n1 to n2 (active on both),
 * n2 lost as `membership` says (fencing enabled with `fenced`), n1 in
 * standby so that it goes to n3.
 */
const danglingToLostTarget = (membership: "offline" | "unclean", fenced: boolean): ClusterState =>
  cluster({
    nodes: [node("n1", "online", { standby: true }), node("n2", membership), "n3"],
    resources: [prim("r", { allowMigrate: true })],
    active: [["r", "n1"], ["r", "n2"]],
    fencingEnabled: fenced,
    status: { migrations: [{ resource: "r", source: "n1", target: "n2", stage: "dangling" }] },
  });

/** A dangling migration whose target is lost, going to a third node: what each cluster shows, and the summary both planners give it. */
const LOST_MIGRATION_TARGET: ClusterCase[] = [
  {
    shows: "its target offline, it is recovered from its source (seed 6 case 85)",
    cluster: danglingToLostTarget("offline", false),
    summary: ["* Recover r ( n1 -> n3 )"],
  },
  {
    shows: "its target unclean and not fenced, likewise",
    cluster: danglingToLostTarget("unclean", false),
    summary: ["* Recover r ( n1 -> n3 )"],
  },
  {
    shows: "its target fenced, it moves from there",
    cluster: danglingToLostTarget("unclean", true),
    summary: ["* Fence (reboot) n2 'peer is no longer part of the cluster'", "* Move r ( n2 -> n3 )"],
    oracleSummary: ["* Fence (reboot) n2 'peer process is no longer available'", "* Move r ( n2 -> n3 )"],
  },
];

clusterCases("reference dangling migration: ", "crm_simulate words a dangling migration to a lost target as the reference does", LOST_MIGRATION_TARGET);

/**
 * A clone r6-clone of r6 (clone-max `cloneMax`, running on `running`) after
 * r3 by an asymmetrical Mandatory order, r3 disabled (running on n2 when
 * `r3Runs`).
 */
const cloneAfterDisabled = (cloneMax: number | undefined, running: string[], r3Runs: boolean): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r3", { targetRole: "Stopped" }), clone("r6-clone", prim("r6"), cloneMax)],
    constraints: [order("o-r3-r6", "r3", "r6-clone", { symmetrical: false })],
    active: [...(r3Runs ? [["r3", "n2"] as [string, string]] : []), ...running.map((n) => ["r6", n] as [string, string])],
  });

/** A clone an asymmetrical order keeps from starting new instances: the blocked starts both planners print for them. */
const BLOCKED_CLONE_STARTS: ClusterCase[] = [
  {
    shows: "none running, each instance it would start is a blocked start",
    cluster: cloneAfterDisabled(2, [], false),
    summary: ["* Start r6:0 ( n1 ) due to unrunnable r3 start (blocked)", "* Start r6:1 ( n2 ) due to unrunnable r3 start (blocked)"],
  },
  {
    shows: "its first stopping, likewise (seed 6 case 242)",
    cluster: cloneAfterDisabled(1, [], true),
    summary: ["* Stop r3 ( n2 ) due to node availability", "* Start r6:0 ( n1 ) due to unrunnable r3 start (blocked)"],
  },
  {
    shows: "one running, the fresh instances are numbered after it",
    cluster: cloneAfterDisabled(3, ["n2"], false),
    summary: ["* Start r6:1 ( n1 ) due to unrunnable r3 start (blocked)", "* Start r6:2 ( n3 ) due to unrunnable r3 start (blocked)"],
  },
];

clusterCases("reference blocked clone starts: ", "crm_simulate prints the blocked starts of a clone kept from starting new instances as the reference does", BLOCKED_CLONE_STARTS);

/**
 * r5 after r3 (disabled) by a Mandatory order, so its start is blocked; r4,
 * not running, must run with r5 (+INFINITY), and may not run on the `banned` nodes.
 */
const withBlockedPrimary = (banned: string[]): ClusterState =>
  cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r3", { targetRole: "Stopped" }), prim("r4"), prim("r5")],
    constraints: [
      order("o-r3-r5", "r3", "r5"),
      colocation("c-r4-r5", "r4", "r5", INFINITY),
      location("l-r5", "r5", "n2", 10),
      ...banned.map((n) => location(`l-r4-${n}`, "r4", n, -INFINITY)),
    ],
  });

/** A dependent of a primary an order keeps from starting: what each cluster shows, and the summary both planners give it. */
const FOLLOWS_BLOCKED_PRIMARY: ClusterCase[] = [
  {
    shows: "it would have started beside the primary: a blocked start there, due to the colocation (seed 6 case 200)",
    cluster: withBlockedPrimary([]),
    summary: ["* Start r4 ( n2 ) due to colocation with r5 (blocked)", "* Start r5 ( n2 ) due to unrunnable r3 start (blocked)"],
  },
  {
    shows: "banned everywhere, it has no line",
    cluster: withBlockedPrimary(["n1", "n2"]),
    summary: ["* Start r5 ( n2 ) due to unrunnable r3 start (blocked)"],
  },
];

clusterCases("reference dependent of a blocked primary: ", "crm_simulate blocks the start of a primitive colocated with a blocked primary as the reference does", FOLLOWS_BLOCKED_PRIMARY);

/** r4 colocated with r5 (896) and with `primary` (282), which an INFINITY location puts on n3; `mandatory`: with r5 at INFINITY. */
const colocatedTwice = (primary: string, mandatory = false): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim(primary), prim("r4"), prim("r5")],
    constraints: [
      location("l", primary, "n3", INFINITY),
      colocation("c-r4-r5", "r4", "r5", mandatory ? INFINITY : 896),
      colocation("c-r4-primary", "r4", primary, 282),
    ],
  });

/** r3 (target-role Stopped) runs on n1, where a live migration from n2 left it (dangling: the stop on n2 is pending); `then` needs it. */
const danglingFirst = (then: Primitive | ReturnType<typeof group>): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r3", { targetRole: "Stopped" }), then],
    constraints: [order("o", "r3", then.id)],
    active: [["r3", "n1"], ["r3", "n2"], ["r4", "n3"]],
    status: { migrations: [{ resource: "r3", source: "n2", target: "n1", stage: "dangling" }] },
  });

/**
 * r4 must run with (+INFINITY) clone c5 (clone-max 1), which must run with
 * r1; r1 prefers n2 (INFINITY), where r4 is banned; `running` r5 and r4 on n1.
 */
const banThroughClone = (running: boolean): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r1"), clone("c5", prim("r5"), 1), prim("r4")],
    constraints: [
      location("l-r1-n2", "r1", "n2", INFINITY),
      colocation("c-c5-r1", "c5", "r1", INFINITY),
      colocation("c-r4-c5", "r4", "c5", INFINITY),
      location("l-r4-n2", "r4", "n2", -INFINITY),
    ],
    active: [["r1", "n3"], ...(running ? ([["r5", "n1"], ["r4", "n1"]] as [string, string][]) : [])],
  });

/** How scores are weighed and counted: what each cluster shows, and the summary both planners give it. */
const SCORES: ClusterCase[] = [
  {
    shows: "a clone's wish, merged into its primary, carries its own dependents' in turn: a ban of the dependent keeps the primary off its required node",
    cluster: banThroughClone(false),
    summary: ["* Start r5:0 ( n3 )", "* Start r4 ( n3 )"],
  },
  {
    shows: "so the clone and its dependent move to the primary where it stays, not the primary to its required node",
    cluster: banThroughClone(true),
    summary: ["* Move r5:0 ( n1 -> n3 )", "* Move r4 ( n1 -> n3 )"],
  },
  {
    shows: "a group's location counts once for the group, not once per member: the group follows its colocation (500) over its location (430)",
    cluster: cluster({
      nodes: ["n1", "n2"],
      resources: [prim("x"), group("g", [prim("a"), prim("b")])],
      constraints: [location("lx", "x", "n1", 100), location("lg", "g", "n2", 430), colocation("cg", "g", "x", 500)],
    }),
    summary: ["* Start x ( n1 )", "* Start a ( n1 )", "* Start b ( n1 )"],
  },
  {
    shows: "a small dislike of the dependent, scaled down by a finite colocation to nothing, counts as 1 for its primary",
    cluster: cluster({ nodes: ["n1", "n2"], resources: [prim("p"), prim("d")], constraints: [location("l", "d", "n2", -829), colocation("c", "d", "p", 41)] }),
    summary: ["* Start p ( n2 )", "* Start d ( n1 )"],
  },
  {
    shows: "of an unmanaged clone's copies beyond clone-max, the one numbered and counted as load is the first on a node that may run resources",
    cluster: cluster({
      nodes: [node("n1", "online", { standby: true }), "n2", "n3"],
      resources: [clone("c", prim("r1", { isManaged: false }), 1), prim("x")],
      active: [["r1", "n1"], ["r1", "n2"]],
    }),
    summary: ["* Start x ( n3 )"],
  },
  {
    shows: "a dependent's colocation weighed before the one with its primary draws that primary (scaled down, to 1 at least)",
    cluster: colocatedTwice("r1"),
    summary: ["* Start r1 ( n3 )", "* Start r4 ( n3 )", "* Start r5 ( n3 )"],
  },
  {
    shows: "one weighed after it does not, though its primary is placed first",
    cluster: colocatedTwice("r9"),
    summary: ["* Start r9 ( n3 )", "* Start r4 ( n1 )", "* Start r5 ( n1 )"],
  },
  {
    shows: "nor through a mandatory colocation",
    cluster: colocatedTwice("r9", true),
    summary: ["* Start r9 ( n3 )", "* Start r4 ( n1 )", "* Start r5 ( n1 )"],
  },
  {
    shows: "a resource that ran on the source of a dangling migration still runs on one node: what needs it stops for its required start",
    cluster: danglingFirst(prim("r4")),
    summary: ["* Stop r3 ( n1 ) due to node availability", "* Stop r4 ( n3 ) due to required r3 start"],
  },
  {
    shows: "so does a group that needs it",
    cluster: danglingFirst(group("g1", [prim("r4")])),
    summary: ["* Stop r3 ( n1 ) due to node availability", "* Stop r4 ( n3 ) due to required r3 start"],
  },
];

clusterCases("reference scores: ", "crm_simulate weighs and counts these scores as the reference does", SCORES);

/**
 * r5 must run with r4 (INFINITY, r4 is required on n3) and would rather not
 * (-799), and would rather run with r7 (737), which runs on n1 and prefers
 * n2 (675, stickiness 140); `antiFirst` declares the -799 before the
 * INFINITY colocation (seed 6 case 7).
 */
function twoColocationsWithR4(antiFirst: boolean): ClusterState {
  const mandatory = colocation("c-must", "r5", "r4", INFINITY);
  const anti = colocation("c-avoid", "r5", "r4", -799);
  return cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r4"), prim("r5"), prim("r7", { stickiness: 140, allowMigrate: true })],
    constraints: [
      location("l4", "r4", "n3", INFINITY),
      location("l7", "r7", "n2", 675),
      ...(antiFirst ? [anti, mandatory] : [mandatory, anti]),
      colocation("c-r7", "r5", "r7", 737),
    ],
    active: [["r7", "n1"], ["r5", "n2"]],
  });
}

/**
 * Two colocations of one dependent with one primary: the mandatory one is
 * weighed first, and the finite one dropped where it would leave the
 * dependent nowhere to run, in its placement and in its wish.
 */
const ONE_PRIMARY_TWICE: ClusterCase[] = [
  {
    shows: "the finite one is dropped, and r5's wish (with r4's node only) draws r7 to n3",
    cluster: twoColocationsWithR4(true),
    summary: ["* Start r4 ( n3 )", "* Move r5 ( n2 -> n3 )", "* Migrate r7 ( n1 -> n3 )"],
  },
  {
    shows: "so it is when declared after the mandatory one, where crm_simulate weighs it first and keeps it (the colocation-declaration-order diff note)",
    cluster: twoColocationsWithR4(false),
    summary: ["* Start r4 ( n3 )", "* Move r5 ( n2 -> n3 )", "* Migrate r7 ( n1 -> n3 )"],
    oracleSummary: ["* Start r4 ( n3 )", "* Stop r5 ( n2 ) due to node availability", "* Migrate r7 ( n1 -> n2 )"],
  },
];

clusterCases("reference colocations with one primary: ", "crm_simulate weighs the finite colocation after the mandatory one when declared first, as the reference does", ONE_PRIMARY_TWICE);

/**
 * r1 (allow-migrate) leaves n1 for n2 (location 500); r8, disabled, stops on
 * n3; `stop r8 then stop r1` orders them, and an order naming r8's start
 * first (r8 then r7) is declared `before` or after it.
 */
const stopOrderAfterStart = (before: boolean): ClusterState => {
  const stops = order("o-r8-r1", "r8", "r1", { firstAction: "stop", thenAction: "stop" });
  const starts = order("o-r8-r7", "r8", "r7");
  return cluster({
    nodes: ["n1", "n2", "n3"],
    resources: [prim("r1", { allowMigrate: true }), prim("r8", { targetRole: "Stopped" }), prim("r7")],
    constraints: [location("l-r1-n2", "r1", "n2", 500), ...(before ? [starts, stops] : [stops, starts])],
    active: [["r1", "n1"], ["r8", "n3"]],
  });
};

/** The then of a stop→stop order whose first stops, its first's start named first by an order. */
const STOP_ORDER_AFTER_START: ClusterCase[] = [
  {
    shows: "the then of a stop→stop order whose stopping first has its start ordered by an earlier order moves by stop and start",
    cluster: stopOrderAfterStart(true),
    summary: ["* Move r1 ( n1 -> n2 )", "* Stop r8 ( n3 ) due to node availability", "* Start r7 ( n1 ) due to unrunnable r8 start (blocked)"],
  },
  {
    shows: "with that order declared after the stop→stop one too, where crm_simulate live-migrates (declaration order does not decide, see the masked-stop-order-migration diff note)",
    cluster: stopOrderAfterStart(false),
    summary: ["* Move r1 ( n1 -> n2 )", "* Stop r8 ( n3 ) due to node availability", "* Start r7 ( n1 ) due to unrunnable r8 start (blocked)"],
    oracleSummary: ["* Migrate r1 ( n1 -> n2 )", "* Stop r8 ( n3 ) due to node availability", "* Start r7 ( n1 ) due to unrunnable r8 start (blocked)"],
  },
];

clusterCases("reference stop orders: ", "crm_simulate migrates the then of a stop→stop order as the reference does", STOP_ORDER_AFTER_START);

/**
 * An unmanaged clone c5 (clone-max 1) with copies on n3, n2 and n1 (n1's
 * history read first); r6, on `at`, colocated with it by `score`, with an
 * optional location score of 100 on `loc`.
 */
const besideUnmanagedClone = (score: number, at: string, loc?: string): ClusterState =>
  cluster({
    nodes: ["n1", "n2", "n3", "n4"],
    resources: [clone("c5", prim("r5", { isManaged: false }), 1), prim("r6")],
    constraints: [colocation("col-r6-c5", "r6", "c5", score), ...(loc === undefined ? [] : [location("l-r6", "r6", loc, 100)])],
    active: [["r5", "n3"], ["r5", "n2"], ["r5", "n1"], ["r6", at]],
  });

/** What an unmanaged clone with orphan copies draws. */
const UNMANAGED_CLONE_DRAWS: ClusterCase[] = [
  {
    shows: "an unmanaged clone draws a dependent only to its numbered copy, the first in history order",
    cluster: besideUnmanagedClone(428, "n4"),
    summary: ["* Move r6 ( n4 -> n1 )"],
  },
  {
    shows: "so does a mandatory colocation",
    cluster: besideUnmanagedClone(INFINITY, "n4"),
    summary: ["* Move r6 ( n4 -> n1 )"],
  },
  {
    shows: "an orphan copy's node draws nothing: a dependent there moves to the numbered copy",
    cluster: besideUnmanagedClone(428, "n2"),
    summary: ["* Move r6 ( n2 -> n1 )"],
  },
  {
    shows: "nor does it repel: an anti-colocated dependent leaves only the numbered copy's node",
    cluster: besideUnmanagedClone(-INFINITY, "n1", "n1"),
    summary: ["* Move r6 ( n1 -> n2 )"],
  },
  {
    shows: "the copy the dependents wish for most is the numbered one",
    cluster: besideUnmanagedClone(428, "n4", "n2"),
    summary: ["* Move r6 ( n4 -> n2 )"],
  },
];

clusterCases("reference unmanaged clone: ", "crm_simulate draws dependents to an unmanaged clone's numbered copy as the reference does", UNMANAGED_CLONE_DRAWS);

/** r2 prefers n1 (100); `g1` (a group, or a primitive) must run with it, and r4, banned from n1, with g1. */
const mandatoryChain = (asGroup: boolean): ClusterState =>
  cluster({
    nodes: ["n1", "n2"],
    resources: [prim("r2"), asGroup ? group("g1", [prim("r6"), prim("r7")]) : prim("g1"), prim("r4")],
    constraints: [
      location("l-r2-n1", "r2", "n1", 100),
      location("l-r4-n1", "r4", "n1", -INFINITY),
      colocation("c-g1-r2", "g1", "r2", INFINITY),
      colocation("c-r4-g1", "r4", "g1", INFINITY),
    ],
  });

/** Whose wishes a mandatory dependent passes on to its primary. */
const WISHES_PASSED_ON: ClusterCase[] = [
  {
    shows: "a group colocated mandatorily passes on its members' wishes only: its own dependent's ban does not move the primary, the dependent stays stopped",
    cluster: mandatoryChain(true),
    summary: ["* Start r2 ( n1 )", "* Start r6 ( n1 )", "* Start r7 ( n1 )"],
  },
  {
    shows: "a primitive passes on its dependent's ban too: the primary goes where all three may run",
    cluster: mandatoryChain(false),
    summary: ["* Start r2 ( n2 )", "* Start g1 ( n2 )", "* Start r4 ( n2 )"],
  },
];

clusterCases("reference wishes: ", "crm_simulate passes a mandatory dependent's wishes on as the reference does", WISHES_PASSED_ON);

test.run();
