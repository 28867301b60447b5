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
import { findCycle, indexGraph, precedes, reachability } from "../planner/graph/dag.ts";
import type { ClusterState, Constraint, OrderConstraint, Transition } from "../planner/model.ts";
import { INFINITY, inverseOrderAction, primitivesOf } from "../planner/model.ts";
import { buildContext } from "../planner/reference/context.ts";
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
            inverseOrderAction(early.thenAction) === late.firstAction &&
            early.first === late.then &&
            inverseOrderAction(early.firstAction) === late.thenAction),
      );
      return masked && (reaches(cluster, late.then, d.subject) || (late.symmetrical && reaches(cluster, late.first, d.subject)));
    });
  },
};

/**
 * Two Mandatory orders between the same two actions, the earlier one
 * asymmetrical: Pacemaker keeps the first, so the later one's symmetry is
 * lost, and what follows stays running where the reference restarts it.
 */
const maskedSymmetricalOrder: DiffNote = {
  id: "masked-symmetrical-order",
  note:
    "Pacemaker keeps only the first of two order constraints between the same two actions, so an earlier asymmetrical Mandatory order masks a later symmetrical one, and a then already running is not restarted when its first starts again; the reference honours the symmetrical order and restarts it (a Pacemaker bug, not copied).",
  matches: (d, { cluster }) => {
    if (!has(d.reference, "Restart") || has(d.oracle, "Restart")) return false;
    const all = orders(cluster);
    return all.some(
      (late, j) =>
        late.orderKind === "Mandatory" &&
        late.symmetrical &&
        reaches(cluster, late.then, d.subject) &&
        all.slice(0, j).some(
          (early) =>
            early.orderKind === "Mandatory" &&
            !early.symmetrical &&
            early.first === late.first &&
            early.firstAction === late.firstAction &&
            early.then === late.then &&
            early.thenAction === late.thenAction,
        ),
    );
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

/** The partial migration of `resource` that neither planner resumes (no Migrate line in either summary). */
function abandonedPartialMigration(cluster: ClusterState, resource: string, reference: Transition, oracle: Transition) {
  const resumed = (t: Transition) => t.summary.some((l) => l.verb === "Migrate" && l.subject === resource);
  const m = cluster.status.migrations.find((x) => x.stage === "partial" && x.resource === resource);
  return m === undefined || resumed(reference) || resumed(oracle) ? undefined : m;
}

/** Whether Pacemaker's summary line restarts a resource from its migration target: a Move from there, or a Restart there. */
function restartedFromMigrationTarget(line: string, migrationTarget: string): boolean {
  if (line.startsWith("* Move ")) return fromTo(line)?.from === migrationTarget;
  return line.startsWith("* Restart ") && line.includes(`( ${migrationTarget} )`);
}

/**
 * A partial migration that is not resumed: Pacemaker takes the resource to
 * be active on its migration target as well as its source, stops it on both
 * and starts it again where it goes, even on its source; the reference keeps
 * the source copy running (or starts it on the target without a restart).
 */
const abandonedPartialMigrationRestart: DiffNote = {
  id: "abandoned-partial-migration-restart",
  note:
    "A partial migration that is not resumed leaves the resource active on its migration target too for Pacemaker, which stops it on both nodes and starts it again (a Move from the migration target, or a Restart there), even where it stays on its source; the reference leaves it running where it stays, since restarting it there is needless (the no-needless-actions property).",
  matches: (d, { cluster, reference, oracle }) => {
    const m = abandonedPartialMigration(cluster, d.subject, reference, oracle);
    if (m === undefined || d.referenceNodes.join() !== d.oracleNodes.join() || d.oracle.length !== 1) return false;
    if (!restartedFromMigrationTarget(d.oracle[0]!, m.target)) return false;
    const stays = d.referenceNodes.length === 1 && d.referenceNodes[0] === m.source && d.reference.length === 0;
    const arrives = d.referenceNodes.length === 1 && d.referenceNodes[0] === m.target && d.reference.length === 1 && fromTo(d.reference[0]!)?.from === m.source;
    return stays || arrives;
  },
};

/**
 * What depends by a Mandatory order on a resource whose partial migration is
 * abandoned: Pacemaker restarts it, since it restarts that resource.
 */
const restartAfterAbandonedMigration: DiffNote = {
  id: "restart-after-abandoned-migration",
  note:
    "Pacemaker restarts what depends on a resource whose partial migration it abandons, because it restarts that resource (see abandoned-partial-migration-restart); the reference, which leaves that resource running, leaves its dependents running too.",
  matches: (d, { cluster, reference, oracle }) => {
    const restart = d.oracle.find((l) => l.startsWith(`* Restart ${d.subject}`));
    const cause = restart === undefined ? undefined : / due to required (\S+) start$/.exec(restart)?.[1];
    if (cause === undefined || d.reference.some((l) => l.startsWith("* Restart ")) || d.referenceNodes.join() !== d.oracleNodes.join()) return false;
    const m = abandonedPartialMigration(cluster, cause, reference, oracle);
    return (
      m !== undefined &&
      orders(cluster).some((o) => o.orderKind === "Mandatory" && reaches(cluster, o.first, cause) && reaches(cluster, o.then, d.subject)) &&
      oracle.summary.some((l) => l.subject === cause && (l.verb === "Restart" || l.verb === "Move") && l.from === m.target)
    );
  },
};

/**
 * The partial migration of `resource` whose target node is lost (offline or
 * unclean) while the resource stays on its source, which Pacemaker recovers
 * there: its summary's `Recover resource ( source )`.
 */
function recoveredForLostTarget(cluster: ClusterState, resource: string, oracle: Transition) {
  const m = cluster.status.migrations.find((x) => x.stage === "partial" && x.resource === resource);
  const lost = cluster.nodes.some((n) => n.name === m?.target && n.membership !== "online");
  const recovered = oracle.summary.some((l) => l.verb === "Recover" && l.subject === resource && l.from === m?.source && (l.to === undefined || l.to === m?.source));
  return m !== undefined && lost && recovered ? m : undefined;
}

/**
 * A partial migration whose target node is lost, the resource staying on its
 * source: Pacemaker takes it as failed there and recovers it in place, and
 * restarts what depends on it by a Mandatory order; the reference leaves
 * both running.
 */
const lostTargetPartialMigrationRecovery: DiffNote = {
  id: "lost-target-partial-migration-recovery",
  note:
    "A partial migration whose target node is lost (offline or unclean) makes Pacemaker take the resource as failed on its source: where it stays there, Pacemaker recovers it in place and restarts what depends on it; the reference, for which nothing failed, leaves both running, since restarting them is needless (the no-needless-actions property).",
  matches: (d, { cluster, oracle }) => {
    if (d.reference.length > 0 || d.oracle.length !== 1 || d.referenceNodes.join() !== d.oracleNodes.join()) return false;
    const m = recoveredForLostTarget(cluster, d.subject, oracle);
    if (m !== undefined) return d.oracle[0] === `* Recover ${d.subject} ( ${m.source} )` && d.oracleNodes.join() === m.source;
    const restart = /^\* Restart (\S+) \( \S+ \) due to required (\S+) start$/.exec(d.oracle[0]!);
    if (restart === null || restart[1]!.replace(/:\d+$/, "") !== d.subject) return false;
    const cause = restart[2]!;
    return (
      recoveredForLostTarget(cluster, cause, oracle) !== undefined &&
      orders(cluster).some((o) => o.orderKind === "Mandatory" && reaches(cluster, o.first, cause) && reaches(cluster, o.then, d.subject))
    );
  },
};

/**
 * A symmetrical Mandatory "first stop, then stop" order whose `first` starts
 * keeps crm_simulate from live-migrating its `then`, unless a "then start,
 * first start" order is declared before it: Pacemaker keeps only the first
 * of two orders between the same two actions, so the earlier start order
 * masks the stop order's inverse and the migration goes ahead.
 */
const maskedStopOrderMigration: DiffNote = {
  id: "masked-stop-order-migration",
  note:
    "A symmetrical Mandatory 'first stop, then stop' order whose first starts keeps Pacemaker from live-migrating its then, except when a 'then start, first start' order is declared before it, which masks the stop order's inverse (Pacemaker keeps the first of two orders between the same actions); the reference does not let declaration order decide (the deterministic property) and moves the resource.",
  matches: (d, { cluster, reference }) => {
    if (!(has(d.reference, "Move") && has(d.oracle, "Migrate"))) return false;
    const all = orders(cluster);
    const starts = (id: string) =>
      reference.summary.some((l) => ["Start", "Move", "Restart", "Recover"].includes(l.verb) && members(cluster, id).includes(l.subject.replace(/:\d+$/, "")));
    return all.some(
      (stop, j) =>
        stop.orderKind === "Mandatory" &&
        stop.symmetrical &&
        stop.firstAction === "stop" &&
        stop.thenAction === "stop" &&
        reaches(cluster, stop.then, d.subject) &&
        starts(stop.first) &&
        all.slice(0, j).some((start) => start.first === stop.then && start.firstAction === "start" && start.then === stop.first && start.thenAction === "start"),
    );
  },
};

/**
 * A dangling migration (migrate_from done, the source not yet stopped) whose
 * source copy has failed: Pacemaker recovers the resource, stopping the
 * healthy copy on the target too and starting it there again; the reference
 * only stops the failed source copy.
 */
const danglingFailedSourceRecovery: DiffNote = {
  id: "dangling-failed-source-recovery",
  note:
    "A resource in a dangling migration whose copy on the source has failed is recovered by Pacemaker, which stops it on both nodes and starts it again on the migration target (a Recover from the source), although the target's copy has not failed; the reference only stops the failed source copy, since restarting the target's is needless (the no-needless-actions property).",
  matches: (d, { cluster }) => {
    const m = cluster.status.migrations.find((x) => x.stage === "dangling" && x.resource === d.subject);
    if (m === undefined || d.reference.length !== 0 || d.oracle.length !== 1) return false;
    const failedOnSource = cluster.status.failed.some((f) => f.resource === d.subject && f.node === m.source && f.activeAfter);
    const recovered = d.oracle[0]!.startsWith("* Recover ") && fromTo(d.oracle[0]!)?.from === m.source && fromTo(d.oracle[0]!)?.to === m.target;
    return failedOnSource && recovered && d.referenceNodes.join() === m.target && d.oracleNodes.join() === m.target;
  },
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
 * A primitive found active on several nodes that both planners restart where
 * it stays: the reference because something it depends on moves by stop and
 * start, which Pacemaker live-migrates instead (another explained
 * difference); Pacemaker because it restarts any multiply-active primitive,
 * with no reason given.
 */
const multiplyActiveRestartReason: DiffNote = {
  id: "multiply-active-restart-reason",
  note:
    "A primitive found active on several nodes is restarted by both planners where it stays: by the reference because something it depends on moves by stop and start, which Pacemaker live-migrates instead (a difference explained on its own), and by Pacemaker because it restarts every multiply-active primitive (see multiply-active-restart), without a reason.",
  matches: (d, { cluster, reference, oracle }) => {
    const active = cluster.status.active.filter((p) => p.resource === d.subject).map((p) => p.node);
    const primitive = cluster.resources.some((r) => r.kind !== "clone" && members(cluster, r.id).includes(d.subject));
    if (!primitive || active.length < 2 || cluster.status.migrations.some((m) => m.resource === d.subject)) return false;
    if (d.reference.length !== 1 || d.oracle.length !== 1) return false;
    const restart = /^\* Restart (\S+) \( (\S+) \) due to required (\S+) start$/.exec(d.reference[0]!);
    if (restart === null || d.oracle[0] !== `* Restart ${d.subject} ( ${restart[2]} )`) return false;
    const cause = restart[3]!;
    const verb = (t: Transition) => t.summary.find((l) => l.subject === cause)?.verb;
    return verb(reference) === "Move" && verb(oracle) === "Migrate";
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

/**
 * The primary of a finite colocation placed elsewhere, while its dependent
 * runs with stickiness: Pacemaker merges the dependent's stickiness into the
 * primary's preferences (scaled down, never below 1), the reference only the
 * dependent's location preferences.
 */
const dependentStickiness: DiffNote = {
  id: "dependent-stickiness-pulls-primary",
  note:
    "Through a finite colocation Pacemaker lets the dependent's stickiness pull its primary (scaled down, but never below 1), so the primary follows wherever the dependent happens to run and re-planning the converged state can move it again (the stable property); the reference lets a finite colocation carry only the dependent's location preferences.",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.join() === d.oracleNodes.join()) return false;
    const meta = buildContext(cluster, new Set()).meta;
    return cluster.constraints.some(
      (c) =>
        c.kind === "colocation" &&
        c.score !== 0 &&
        Math.abs(c.score) < INFINITY &&
        reaches(cluster, c.withResource, d.subject) &&
        members(cluster, c.resource).some((p) => meta.get(p)!.stickiness !== 0 && cluster.status.active.some((a) => a.resource === p)),
    );
  },
};

/**
 * The reference refuses to live-migrate a resource because what it depends
 * on through a symmetrical order stops and starts again (the mirrored orders
 * would close a cycle); Pacemaker migrates it and leaves one of the two
 * orders out of its graph.
 */
const migrationDropsMirroredOrder: DiffNote = {
  id: "migration-drops-mirrored-order",
  note:
    "Pacemaker live-migrates a resource although what it depends on through a symmetrical order stops and starts again, by leaving one of the mirrored orders out of its graph (the dependency's stop is not after the migration's source stop, or its start not before migrate_from), so that order is not respected (the order-respected property); the reference keeps both and moves the resource by stop and start.",
  matches: (d, { cluster, oracle }) => {
    const blocker = d.reference.map((l) => / due to unmigrateable (\S+) stop$/.exec(l)?.[1]).find((x) => x !== undefined);
    const migrate = d.oracle.find((l) => l.startsWith("* Migrate "));
    const move = migrate === undefined ? undefined : fromTo(migrate);
    if (blocker === undefined || move === undefined || !has(d.reference, "Move")) return false;
    const g = indexGraph(oracle);
    const migrateFrom = g.index.get(`migrate_from:${d.subject}@${move.to}`);
    const sourceStop = g.index.get(`stop:${d.subject}@${move.from}`);
    if (migrateFrom === undefined || sourceStop === undefined) return false;
    const ofBlocker = (task: string) =>
      g.actions.flatMap((a, i) => (a.task === task && !a.pseudo && a.resource !== undefined && members(cluster, blocker).includes(a.resource) ? [i] : []));
    const stops = ofBlocker("stop");
    const starts = ofBlocker("start");
    if (stops.length === 0 || starts.length === 0) return false;
    const closure = reachability(g);
    return stops.some((s) => !precedes(closure, sourceStop, s)) || starts.some((s) => !precedes(closure, s, migrateFrom));
  },
};

/**
 * A group colocated with a primary by a finite positive score, a member after
 * its first active: Pacemaker adds what that member likes in full to the
 * primary's scores, so the primary (and the group with it) goes where the
 * group runs.
 */
const weakGroupColocation: DiffNote = {
  id: "weak-group-colocation-wish",
  note:
    "For a group colocated with a primary by a finite positive score, Pacemaker scales only the group's first member's preferences and adds what its further members like (their stickiness and location) in full, drawing the primary to where the group runs; the reference scales the whole group's wish, since Pacemaker's way is not a fixed point (re-planning its converged state moves the group again, the stable finding).",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.join() === d.oracleNodes.join() || d.oracleNodes.length === 0) return false;
    return cluster.constraints.some((c) => {
      if (c.kind !== "colocation" || c.score <= 0 || c.score >= INFINITY) return false;
      const group = cluster.resources.find((r) => r.id === c.resource && r.kind === "group");
      if (group === undefined || !(reaches(cluster, c.withResource, d.subject) || reaches(cluster, group.id, d.subject))) return false;
      const further = members(cluster, group.id).slice(1);
      return cluster.status.active.some((a) => further.includes(a.resource) && d.oracleNodes.includes(a.node));
    });
  },
};

/** The node a summary line puts its resource on: a Start's node, a Move's or Migrate's target. */
function destination(line: string): string | undefined {
  return fromTo(line)?.to ?? /\( (\S+) \)/.exec(line)?.[1];
}

/**
 * Only the target differs: an unmanaged primitive recorded active on a node
 * that is gone (offline, or unclean while fencing is disabled) stays in the
 * reference's target, while Pacemaker counts it as already stopped there.
 */
const unmanagedOnLostNode: DiffNote = {
  id: "unmanaged-on-lost-node",
  note:
    "Pacemaker counts what runs on a node that is gone and will not be fenced (offline, or unclean while fencing is disabled) as already stopped, so an unmanaged primitive recorded there is not in its target; the reference leaves an unmanaged primitive alone, schedules nothing for it, and so keeps it in its target, which executing its graph confirms (the converges property).",
  matches: (d, { cluster }) => {
    if (d.aspect !== "placement" || !d.oracleNodes.every((n) => d.referenceNodes.includes(n))) return false;
    const extra = d.referenceNodes.filter((n) => !d.oracleNodes.includes(n));
    if (extra.length === 0 || buildContext(cluster, new Set()).meta.get(d.subject)?.isManaged !== false) return false;
    const gone = (name: string) => {
      const membership = cluster.nodes.find((n) => n.name === name)?.membership;
      return membership === "offline" || (membership === "unclean" && !cluster.options.fencingEnabled);
    };
    return extra.every((n) => gone(n) && cluster.status.active.some((a) => a.resource === d.subject && a.node === n));
  },
};

/**
 * A clone's instances end on the same nodes in both plans, but Pacemaker
 * moves a running instance off a node and starts another instance there,
 * where the reference leaves the running instance alone.
 */
const cloneInstanceShuffle: DiffNote = {
  id: "clone-instance-shuffle",
  note:
    "Pacemaker may move a clone's running instance off a node and start another instance on that same node, so the instance there stops and starts again for nothing (the no-needless-actions property); the reference leaves a running instance where the clone keeps a copy and places the others around it, which gives the same nodes.",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.join() !== d.oracleNodes.join() || d.referenceNodes.length === 0) return false;
    if (!cluster.resources.some((r) => r.kind === "clone" && members(cluster, r.id).includes(d.subject))) return false;
    const left = d.oracle.filter((l) => l.startsWith("* Move ")).map((l) => fromTo(l)?.from);
    const started = d.oracle.filter((l) => l.startsWith("* Start ")).map(destination);
    // The reference leaves the instance on that node alone (no restart there either).
    const untouched = (node: string) => !d.reference.some((l) => l.includes(` ${node} `));
    return left.some((node) => node !== undefined && started.includes(node) && untouched(node));
  },
};

/** Whether a resource stands on one side of two colocations with the same other resource, one +INFINITY and one -INFINITY. */
function contradictorilyColocated(cluster: ClusterState, resource: string): boolean {
  const colocations = cluster.constraints.filter((c): c is Extract<Constraint, { kind: "colocation" }> => c.kind === "colocation");
  return colocations.some(
    (c) =>
      c.score >= INFINITY &&
      (reaches(cluster, c.resource, resource) || reaches(cluster, c.withResource, resource)) &&
      colocations.some((o) => o.score <= -INFINITY && o.resource === c.resource && o.withResource === c.withResource),
  );
}

/**
 * Two colocations between the same two resources, one +INFINITY and one
 * -INFINITY: no placement satisfies both, and the planners run the pair on
 * different nodes; what depends on the resource by an order restarts where
 * Pacemaker moves it.
 */
const contradictoryColocations: DiffNote = {
  id: "contradictory-colocations",
  note:
    "Two colocations between the same two resources, one +INFINITY and one -INFINITY, cannot both hold: Pacemaker and the reference each let a different one shape where the pair runs (which one depends on the order they are declared in), so they place it differently, and Pacemaker restarts what follows it by an order where it moves it.",
  matches: (d, { cluster, reference, oracle }) => {
    if (contradictorilyColocated(cluster, d.subject)) {
      // Both plans run it, on different nodes, getting there by starts, moves or migrations.
      const placedApart = d.referenceNodes.length > 0 && d.oracleNodes.length > 0 && d.referenceNodes.join() !== d.oracleNodes.join();
      return placedApart && verbsOf([...d.reference, ...d.oracle]).every((v) => v === "Start" || v === "Move" || v === "Migrate");
    }
    const placed = (t: Transition, id: string) => t.target.filter((p) => p.resource === id).map((p) => p.node).join();
    const extra = d.oracle.filter((l) => !d.reference.includes(l));
    return (
      extra.length > 0 &&
      d.reference.every((l) => d.oracle.includes(l)) &&
      extra.every((l) => {
        const cause = /^\* Restart \S+ \( \S+ \) due to required (\S+) start$/.exec(l)?.[1];
        return cause !== undefined && contradictorilyColocated(cluster, cause) && placed(reference, cause) !== placed(oracle, cause);
      })
    );
  },
};

/**
 * A primitive that needs a clone, by a Mandatory order, which the reference
 * restarts because every running instance of that clone goes down for a
 * while (each stops, moves or restarts), while Pacemaker, with no instance
 * starting on its node, leaves it running.
 */
const cloneDownRestart: DiffNote = {
  id: "clone-down-restart",
  note:
    "When every running instance of a clone goes down for a while (each stops, moves or restarts), the reference restarts a primitive that needs the clone by a Mandatory order, so that it never runs while the clone runs nowhere (the dependency-held property); Pacemaker restarts it only when an instance starts on its node and leaves it running otherwise.",
  matches: (d, { cluster, reference }) => {
    if (d.oracle.length > 0 || d.reference.length !== 1 || d.referenceNodes.join() !== d.oracleNodes.join()) return false;
    const restart = /^\* Restart (\S+) \( (\S+) \) due to required (\S+) running$/.exec(d.reference[0]!);
    if (restart === null || restart[1] !== d.subject) return false;
    const [node, clone] = [restart[2]!, restart[3]!];
    if (!cluster.resources.some((r) => r.kind === "clone" && r.id === clone)) return false;
    const instances = members(cluster, clone);
    const lines = reference.summary.filter((l) => instances.includes(l.subject.replace(/:\d+$/, "")));
    const running = cluster.status.active.filter((p) => instances.includes(p.resource)).map((p) => p.node);
    const leaves = (n: string) => lines.some((l) => l.from === n && ["Stop", "Move", "Restart", "Recover"].includes(l.verb));
    const arrivesHere = lines.some((l) => (l.verb === "Start" || l.verb === "Move" || l.verb === "Recover" ? (l.to ?? l.from) : l.verb === "Restart" ? l.from : undefined) === node);
    return running.length > 0 && running.every(leaves) && !arrivesHere;
  },
};

/**
 * The stops and starts a clone's summary lines stand for, each `stop NODE`
 * or `start NODE`, sorted; undefined for a line that is not an action (a
 * blocked start) or not understood.
 */
function instanceActions(lines: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\* (Start|Stop|Restart|Recover|Move) \S+ \( (\S+)(?: -> (\S+))? \)(.*)$/.exec(line);
    if (m === null || m[4]!.endsWith("(blocked)")) return undefined;
    const [, verb, node, to] = m;
    if (verb === "Start") out.push(`start ${node}`);
    else if (verb === "Stop") out.push(`stop ${node}`);
    else out.push(`stop ${node}`, `start ${to ?? node}`);
  }
  return out.sort();
}

/**
 * A clone whose instance on a node one planner restarts, the other stopping
 * it there and starting another instance in its place (moved from another
 * node, or new): the same stops and starts on the same nodes, credited to
 * other instances.
 */
const cloneRestartInstanceNaming: DiffNote = {
  id: "clone-restart-instance-naming",
  note:
    "Both planners stop and start the clone's instances on the same nodes and end with the same ones; only which instance each action belongs to differs: where one restarts the instance on a node, the other stops it and moves (or starts) another instance there, so the summary's verbs differ.",
  matches: (d, { cluster }) => {
    if (!cluster.resources.some((r) => r.kind === "clone" && members(cluster, r.id).includes(d.subject))) return false;
    // A node where only one of them restarts the instance.
    const restartedOn = (lines: readonly string[]) => lines.filter((l) => l.startsWith("* Restart ")).map((l) => /\( (\S+) \)/.exec(l)?.[1]);
    const reference = restartedOn(d.reference);
    const oracle = restartedOn(d.oracle);
    if (!reference.some((n) => !oracle.includes(n)) && !oracle.some((n) => !reference.includes(n))) return false;
    if (d.referenceNodes.join() !== d.oracleNodes.join()) return false;
    const withoutReasons = (lines: readonly string[]) => lines.map((l) => l.replace(/ due to .*$/, "")).sort().join("\n");
    if (withoutReasons(d.reference) === withoutReasons(d.oracle)) return false;
    const referenceActions = instanceActions(d.reference);
    const oracleActions = instanceActions(d.oracle);
    return referenceActions !== undefined && oracleActions !== undefined && referenceActions.join() === oracleActions.join();
  },
};

/** The catalog, most specific first: a disagreement takes the first note that recognises it. */
export const DIFF_NOTES: readonly DiffNote[] = [
  fenceReason,
  maskedMandatory,
  maskedSymmetricalOrder,
  stopOrderRestart,
  partialMigrationNaming,
  abandonedPartialMigrationRestart,
  restartAfterAbandonedMigration,
  maskedStopOrderMigration,
  danglingFailedSourceRecovery,
  anticolocatedMigration,
  multiplyActiveRestart,
  cyclicMigration,
  migrationDropsMirroredOrder,
  weakGroupColocation,
  dependentStickiness,
  unmanagedOnLostNode,
  cloneInstanceShuffle,
  cloneRestartInstanceNaming,
  cloneDownRestart,
  lostTargetPartialMigrationRecovery,
  multiplyActiveRestartReason,
  contradictoryColocations,
];
