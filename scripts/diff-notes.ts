/**
 * The catalog of known differences between the reference planner and
 * Pacemaker: each note recognises one kind of disagreement (a predicate over
 * the disagreement, the cluster and both transitions) and explains it in one
 * sentence. A disagreement no note recognises is unexplained.
 *
 * A note is narrow on purpose: it names the construct that causes the
 * difference (an order, a colocation, a partial migration…) and checks that
 * the disagreement is about a resource that construct reaches, so that a new
 * difference is not explained away by an old note.
 */
import { findCycle, indexGraph } from "../planner/graph/dag.ts";
import type { ClusterState, Constraint, OrderConstraint, Transition } from "../planner/model.ts";
import { INFINITY, primitivesOf } from "../planner/model.ts";
import type { Disagreement } from "./diff.ts";

/** What a note is given besides the disagreement: the cluster and both transitions. */
export interface NotePair {
  cluster: ClusterState;
  reference: Transition;
  oracle: Transition;
}

/** A known, explained difference. */
export interface DiffNote {
  /** The kind of disagreement it explains (file-name safe). */
  id: string;
  /** One sentence: why the planners differ here, and which one the project follows. */
  note: string;
  matches(d: Disagreement, pair: NotePair): boolean;
}

// ------------------------------------------------------------------ helpers

/** The primitives a resource id stands for (itself, a group's members, a clone's children). */
function members(cluster: ClusterState, id: string): string[] {
  const top = cluster.resources.find((r) => r.id === id);
  if (top !== undefined) return primitivesOf([top]).map((p) => p.id);
  for (const r of cluster.resources) {
    if (r.kind === "clone" && r.child.id === id) return primitivesOf([r.child]).map((p) => p.id);
  }
  return primitivesOf(cluster.resources).some((p) => p.id === id) ? [id] : [];
}

/** Whether a constraint's resource (or `withResource`, `first`, `then`) stands for the subject. */
function reaches(cluster: ClusterState, id: string, subject: string): boolean {
  return members(cluster, id).includes(subject);
}

/** The verb of each line (the word after `*`). */
function verbsOf(lines: readonly string[]): string[] {
  return lines.map((l) => l.split(" ")[1] ?? "");
}

const has = (lines: readonly string[], verb: string) => verbsOf(lines).includes(verb);

function orders(cluster: ClusterState): OrderConstraint[] {
  return cluster.constraints.filter((c): c is OrderConstraint => c.kind === "order");
}

function antiColocations(cluster: ClusterState): Extract<Constraint, { kind: "colocation" }>[] {
  return cluster.constraints.filter((c): c is Extract<Constraint, { kind: "colocation" }> => c.kind === "colocation" && c.score <= -INFINITY);
}

/** `( a -> b )` of a Move or Migrate line, or undefined. */
function fromTo(line: string): { from: string; to: string } | undefined {
  const m = /\( (\S+) -> (\S+) \)/.exec(line);
  return m === null ? undefined : { from: m[1]!, to: m[2]! };
}

// -------------------------------------------------------------------- notes

/** Two unclean-node Fence lines that differ only in the quoted reason. */
const fenceReason: DiffNote = {
  id: "fence-reason",
  note:
    "The model does not record why a node is unclean: the CIB writer encodes it as a member whose controller is gone, which Pacemaker reports as 'peer process is no longer available', while the reference names the membership loss ('peer is no longer part of the cluster'), as the CTS corpus mostly does.",
  matches: (d) =>
    d.aspect === "Fence-reason" &&
    d.reference.every((l) => l.endsWith("'peer is no longer part of the cluster'")) &&
    d.oracle.every((l) => l.endsWith("'peer process is no longer available'")),
};

const inverseAction = (action: OrderConstraint["firstAction"]): OrderConstraint["firstAction"] =>
  action === "start" ? "stop" : action === "stop" ? "start" : action === "promote" ? "demote" : "promote";

/**
 * Two orders between the same two actions, an earlier one not Mandatory (or
 * the inverse of an earlier symmetrical one, which implies no restart):
 * Pacemaker keeps the first and drops the later Mandatory one, so it does not
 * restart what only the Mandatory order requires.
 */
const maskedMandatory: DiffNote = {
  id: "masked-mandatory-order",
  note:
    "Pacemaker keeps only the first of two order constraints between the same two actions, so an earlier Optional or Serialize order, or the inverse of an earlier symmetrical one, silently masks a later Mandatory one and the dependent is not restarted; the reference honours the Mandatory order (a Pacemaker bug, not copied).",
  matches: (d, { cluster }) => {
    if (!(has(d.reference, "Restart") || has(d.reference, "Stop")) || d.reference.length === 0) return false;
    const all = orders(cluster);
    return all.some((late, j) => {
      if (late.orderKind !== "Mandatory") return false;
      const masked = all.slice(0, j).some(
        (early) =>
          (early.orderKind !== "Mandatory" &&
            early.first === late.first &&
            early.firstAction === late.firstAction &&
            early.then === late.then &&
            early.thenAction === late.thenAction) ||
          // Pacemaker restarting the subject anyway is not this case.
          (!has(d.oracle, "Restart") &&
            early.symmetrical &&
            early.orderKind !== "Serialize" &&
            early.then === late.first &&
            inverseAction(early.thenAction) === late.firstAction &&
            early.first === late.then &&
            inverseAction(early.firstAction) === late.thenAction),
      );
      return masked && (reaches(cluster, late.then, d.subject) || (late.symmetrical && reaches(cluster, late.first, d.subject)));
    });
  },
};

/**
 * A symmetrical Mandatory "first stop, then stop" order whose first stops:
 * Pacemaker restarts then, though nothing then needs goes down.
 */
const stopOrderRestart: DiffNote = {
  id: "stop-order-restarts-then",
  note:
    "For a symmetrical Mandatory order 'first stop, then stop' Pacemaker restarts then whenever first stops (even by the implied stop of a fenced node), although then depends on nothing that goes down (only first depends on then, by the inverse start order); the reference restarts only what a stopping dependency requires (Pacemaker's needless restart, the no-needless-actions finding).",
  matches: (d, { cluster, oracle }) =>
    has(d.oracle, "Restart") &&
    !has(d.reference, "Restart") &&
    orders(cluster).some(
      (o) =>
        o.orderKind === "Mandatory" &&
        o.symmetrical &&
        o.firstAction === "stop" &&
        o.thenAction === "stop" &&
        reaches(cluster, o.then, d.subject) &&
        // An implied stop (a pseudo action: first was on a fenced or lost node) counts too.
        oracle.actions.some((a) => a.task === "stop" && a.resource !== undefined && reaches(cluster, o.first, a.resource)),
    ),
};

/**
 * A resource caught in a partial migration (migrate_to done, migrate_from
 * not): Pacemaker sees it active on both nodes and names them differently in
 * its summary; the placement is the same.
 */
const partialMigrationNaming: DiffNote = {
  id: "partial-migration-summary",
  note:
    "A resource caught in a partial migration is active on both its source and its target for Pacemaker, whose summary lists a stop on each or names the target as where it moves from; the reference names the source only, and both planners stop it in both places and agree on where it ends.",
  matches: (d, { cluster }) =>
    cluster.status.migrations.some((m) => m.stage === "partial" && m.resource === d.subject) &&
    d.referenceNodes.join() === d.oracleNodes.join() &&
    [...new Set(verbsOf(d.reference))].sort().join() === [...new Set(verbsOf(d.oracle))].sort().join(),
};

/**
 * Two -INFINITY colocated resources trading places (or one moving onto the
 * node the other leaves): Pacemaker live-migrates both, so for a while they
 * run on one node; the reference stops and starts instead.
 */
const anticolocatedMigration: DiffNote = {
  id: "anticolocated-migration",
  note:
    "Pacemaker live-migrates a resource onto a node that a -INFINITY colocated resource is leaving by migration, so both are active there during the migration window (the transient-safety finding); the reference moves it by stop and start instead.",
  matches: (d, { cluster, oracle }) => {
    if (!(has(d.reference, "Move") && has(d.oracle, "Migrate"))) return false;
    const move = fromTo(d.oracle.find((l) => l.startsWith("* Migrate"))!);
    if (move === undefined) return false;
    return antiColocations(cluster).some((c) => {
      const other = reaches(cluster, c.resource, d.subject) ? c.withResource : reaches(cluster, c.withResource, d.subject) ? c.resource : undefined;
      if (other === undefined) return false;
      return oracle.summary.some(
        (l) => (l.verb === "Migrate" || l.verb === "Move") && members(cluster, other).includes(l.subject.replace(/:\d+$/, "")) && (l.from === move.to || l.to === move.from),
      );
    });
  },
};

/**
 * A primitive (not a clone) found active on several nodes, no migration
 * recorded, that ends on one of them: Pacemaker stops every copy and starts
 * it again (a Restart, or a Move from the node whose history comes first);
 * the reference stops only the extra copies.
 */
const multiplyActiveRestart: DiffNote = {
  id: "multiply-active-restart",
  note:
    "A primitive found active on several nodes is stopped everywhere and started again by Pacemaker, even on the node where it stays (a Restart or a Move in its summary); the reference leaves that copy running and stops only the others, since restarting it is needless (the no-needless-actions property).",
  matches: (d, { cluster }) => {
    const active = cluster.status.active.filter((p) => p.resource === d.subject).map((p) => p.node);
    const primitive = cluster.resources.some((r) => r.kind !== "clone" && members(cluster, r.id).includes(d.subject));
    return (
      primitive &&
      active.length >= 2 &&
      !cluster.status.migrations.some((m) => m.resource === d.subject) &&
      d.referenceNodes.length === 1 &&
      active.includes(d.referenceNodes[0]!) &&
      d.referenceNodes.join() === d.oracleNodes.join() &&
      verbsOf(d.reference).every((v) => v === "Stop") &&
      verbsOf(d.oracle).some((v) => v === "Restart" || v === "Move")
    );
  },
};

/**
 * Pacemaker live-migrates a resource although its graph then has a cycle
 * through the migration's actions (which crm_simulate cannot execute); the
 * reference moves it by stop and start, keeping the graph acyclic.
 */
const cyclicMigration: DiffNote = {
  id: "migration-into-cycle",
  note:
    "Pacemaker live-migrates the resource although an order then closes a cycle through its migrate_to, migrate_from and the source's stop, so the graph cannot be executed (the graph-acyclic property); the reference moves it by stop and start instead.",
  matches: (d, { oracle }) => {
    if (!(has(d.reference, "Move") && has(d.oracle, "Migrate"))) return false;
    const cycle = findCycle(indexGraph(oracle));
    return cycle !== undefined && cycle.some((id) => /^(migrate_to|migrate_from):/.test(id) && id.slice(id.indexOf(":") + 1).startsWith(`${d.subject}@`));
  },
};

/** The catalog, most specific first: a disagreement takes the first note that recognises it. */
export const DIFF_NOTES: readonly DiffNote[] = [
  fenceReason,
  maskedMandatory,
  stopOrderRestart,
  partialMigrationNaming,
  anticolocatedMigration,
  multiplyActiveRestart,
  cyclicMigration,
];
