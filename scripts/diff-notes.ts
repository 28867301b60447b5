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
import type { Clone, ClusterState, ColocationConstraint, Group, OrderConstraint, SummaryLine, Transition } from "../planner/model.ts";
import { INFINITY, inverseOrderAction, primitivesOf } from "../planner/model.ts";
import { buildContext, processingOrder } from "../planner/reference/context.ts";
import { locationScoreOn } from "../planner/rules.ts";
import { compareTransitions, lineText, type Disagreement } from "./diff.ts";

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

/** Whether a Mandatory start→start order puts `first` (or what stands for it) before the subject. */
function startOrderedAfter(cluster: ClusterState, first: string, subject: string): boolean {
  return orders(cluster).some(
    (o) => o.orderKind === "Mandatory" && o.firstAction === "start" && o.thenAction === "start" && reaches(cluster, o.first, first) && reaches(cluster, o.then, subject),
  );
}

function colocationsOf(cluster: ClusterState): ColocationConstraint[] {
  return cluster.constraints.filter((c): c is ColocationConstraint => c.kind === "colocation");
}

function antiColocations(cluster: ClusterState): ColocationConstraint[] {
  return colocationsOf(cluster).filter((c) => c.score <= -INFINITY);
}

/** The +INFINITY colocations that a -INFINITY one between the same two resources contradicts. */
function contradictedColocations(cluster: ClusterState): ColocationConstraint[] {
  const colocations = colocationsOf(cluster);
  return colocations.filter((c) => c.score >= INFINITY && colocations.some((o) => o.score <= -INFINITY && o.resource === c.resource && o.withResource === c.withResource));
}

/** Whether a summary line (of either plan) reads the same in both plans. */
function inBothSummaries(line: SummaryLine, { reference, oracle }: NotePair): boolean {
  const text = lineText(line);
  return reference.summary.some((l) => lineText(l) === text) && oracle.summary.some((l) => lineText(l) === text);
}

/** Whether both planners end with the clone holding the subject on the same nodes. */
function cloneEndsAlike(cluster: ClusterState, d: Disagreement): boolean {
  return cloneHolding(cluster, d.subject) !== undefined && d.referenceNodes.join() === d.oracleNodes.join();
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

/** Whether an earlier order that is not Mandatory, between the same two actions, masks a later Mandatory one for Pacemaker. */
function masksSameActions(early: OrderConstraint, late: OrderConstraint): boolean {
  return (
    early.orderKind !== "Mandatory" &&
    early.first === late.first &&
    early.firstAction === late.firstAction &&
    early.then === late.then &&
    early.thenAction === late.thenAction
  );
}

/** Whether the inverse of an earlier symmetrical order (not Serialize) runs between the same two actions as a later order, masking it for Pacemaker. */
function masksAsInverse(early: OrderConstraint, late: OrderConstraint): boolean {
  return (
    early.symmetrical &&
    early.orderKind !== "Serialize" &&
    early.then === late.first &&
    inverseOrderAction(early.thenAction) === late.firstAction &&
    early.first === late.then &&
    inverseOrderAction(early.firstAction) === late.thenAction
  );
}

/**
 * Two orders between the same two actions, an earlier one not Mandatory (or
 * the inverse of an earlier symmetrical one, which implies no restart):
 * Pacemaker keeps the first and drops the later Mandatory one, so it does not
 * restart what only the Mandatory order requires, nor keep it from starting
 * when the order's first cannot run.
 */
const maskedMandatory: DiffNote = {
  id: "masked-mandatory-order",
  note:
    "Pacemaker keeps only the first of two order constraints between the same two actions, so an earlier Optional or Serialize order, or the inverse of an earlier symmetrical one, silently masks a later Mandatory one: the dependent is not restarted, nor kept from starting when the order's first cannot run; the reference honours the Mandatory order (a Pacemaker bug, not copied).",
  matches: (d, { cluster }) => {
    const restarted = (has(d.reference, "Restart") || has(d.reference, "Stop")) && d.reference.length > 0;
    // Kept from starting by the masked order (a blocked start, or no line for
    // a clone; or a clone's fresh instances blocked beside its running ones),
    // started by Pacemaker.
    const blockedAlike =
      d.reference.length > 0 &&
      d.reference.length === d.oracle.length &&
      d.reference.every((l, i) => l.endsWith(" (blocked)") && d.oracle[i] === withoutReason(l));
    const started =
      (d.referenceNodes.length === 0 &&
        d.oracleNodes.length > 0 &&
        d.oracle.length > 0 &&
        verbsOf(d.oracle).every((v) => v === "Start") &&
        d.reference.every((l) => l.endsWith(" (blocked)"))) ||
      blockedAlike;
    if (!restarted && !started) return false;
    const all = orders(cluster);
    return all.some((late, j) => {
      if (late.orderKind !== "Mandatory") return false;
      if (started && !(late.firstAction === "start" && late.thenAction === "start" && reaches(cluster, late.then, d.subject))) return false;
      const masked = all.slice(0, j).some(
        (early) =>
          masksSameActions(early, late) ||
          // Pacemaker restarting the subject anyway is not this case.
          (!has(d.oracle, "Restart") && masksAsInverse(early, late)),
      );
      return masked && (reaches(cluster, late.then, d.subject) || (late.symmetrical && reaches(cluster, late.first, d.subject)));
    });
  },
};

/**
 * Whether Pacemaker drops the Mandatory order `late` (the `index`th order)
 * for an earlier one between the same two actions: one that is not
 * Mandatory, or the inverse of an earlier symmetrical order.
 */
function maskedByEarlier(all: readonly OrderConstraint[], late: OrderConstraint, index: number): boolean {
  return all.slice(0, index).some((early) => masksSameActions(early, late) || masksAsInverse(early, late));
}

/**
 * A restart both planners make, named after different causes: the reference
 * names the first of a Mandatory start order that Pacemaker drops for an
 * earlier order between the same actions (see masked-mandatory-order),
 * Pacemaker the first of another Mandatory start order of the subject.
 */
const maskedOrderRestartCause: DiffNote = {
  id: "masked-order-restart-cause",
  note:
    "Both planners restart the subject, the reference naming the first of the Mandatory order it restarts for when that order is declared last, but Pacemaker keeps only the first of two orders between the same two actions, so it has dropped that order (masked by an earlier Optional one, or by the inverse of an earlier symmetrical one) and names the first of another Mandatory order the subject restarts for; the same actions, a different reason.",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.join() !== d.oracleNodes.join() || d.reference.length !== d.oracle.length || d.reference.length === 0) return false;
    const cause = (l: string) => /^(\* Restart .*) due to required (\S+?)(?::\d+)? (?:start|running)$/.exec(l);
    const all = orders(cluster);
    const startOrdered = (o: OrderConstraint, first: string) =>
      o.orderKind === "Mandatory" && o.firstAction === "start" && o.thenAction === "start" && (o.first === first || reaches(cluster, o.first, first)) && reaches(cluster, o.then, d.subject);
    let renamed = false;
    for (const [i, line] of d.reference.entries()) {
      const other = d.oracle[i]!;
      if (line === other) continue;
      const [ours, theirs] = [cause(line), cause(other)];
      if (ours === null || theirs === null || ours[1] !== theirs[1]) return false;
      const dropped = all.some((o, j) => startOrdered(o, ours[2]!) && maskedByEarlier(all, o, j));
      const kept = all.some((o, j) => startOrdered(o, theirs[2]!) && !maskedByEarlier(all, o, j));
      if (!dropped || !kept) return false;
      renamed = true;
    }
    return renamed;
  },
};

/**
 * What depends on the then of a Mandatory start order that an earlier
 * Optional or Serialize one masks for Pacemaker: when that first cannot
 * start, the reference stops the then and keeps what depends on it from
 * starting, while Pacemaker, without the order, runs both.
 */
const maskedMandatoryDownstream: DiffNote = {
  id: "masked-mandatory-order-downstream",
  note:
    "When an earlier Optional or Serialize order masks a later Mandatory start order for Pacemaker (see masked-mandatory-order) and the order's first cannot start, the reference keeps the then from running and with it what depends on the then, which Pacemaker, having dropped the order, starts or keeps (a Pacemaker bug, not copied).",
  matches: (d, { cluster, oracle }) => {
    const all = orders(cluster);
    const maskedThens = all.filter(
      (late, j) => late.orderKind === "Mandatory" && late.firstAction === "start" && late.thenAction === "start" && all.slice(0, j).some((early) => masksSameActions(early, late)),
    );
    const blockers = d.reference.map((l) => / due to unrunnable (\S+) start( \(blocked\))?$/.exec(l)?.[1]).filter((x): x is string => x !== undefined);
    return blockers.some(
      (blocker) =>
        maskedThens.some((late) => reaches(cluster, late.then, blocker)) &&
        // Pacemaker keeps what the reference stops, and does not block the subject on it.
        !oracle.summary.some((l) => l.verb === "Stop" && l.subject === blocker) &&
        !d.oracle.some((l) => l.includes(`unrunnable ${blocker} `)),
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
 * not): Pacemaker sees it active on both nodes and, where the reference
 * does not copy that (a recovery after a failure on its source, a restart
 * where it returns to its source), names them differently in its summary;
 * the placement is the same.
 */
const partialMigrationNaming: DiffNote = {
  id: "partial-migration-summary",
  note:
    "A resource caught in a partial migration is active on both its source and its target for Pacemaker, whose summary names them otherwise than the reference where the reference does not take it to be active on its target (a recovery after a failure on its source; a Move back to its source where the reference, restarting it there, says Restart); both planners stop it in both places and agree on where it ends.",
  matches: (d, { cluster, reference }) => {
    const m = cluster.status.migrations.find((x) => x.stage === "partial" && x.resource === d.subject);
    if (m === undefined || d.referenceNodes.join() !== d.oracleNodes.join()) return false;
    if ([...new Set(verbsOf(d.reference))].sort().join() === [...new Set(verbsOf(d.oracle))].sort().join()) return true;
    // Restarted on its source by the reference (stopped on its target too), moved back there from the target by Pacemaker.
    const restartedOnSource = d.reference.length === 1 && d.reference[0]!.startsWith(`* Restart ${d.subject} ( ${m.source} )`);
    const movedBack = d.oracle.length === 1 && d.oracle[0]!.startsWith(`* Move ${d.subject} ( ${m.target} -> ${m.source} )`);
    const stopsOnTarget = reference.actions.some((a) => a.task === "stop" && a.resource === d.subject && a.node === m.target);
    return restartedOnSource && movedBack && stopsOnTarget;
  },
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
 * A symmetrical Mandatory "first stop, then stop" order whose `first` starts
 * keeps crm_simulate from live-migrating its `then`, unless a "then start,
 * first start" order, or an Optional or Serialize order between the same
 * stops, is declared before it: Pacemaker keeps only the first of two orders
 * between the same two actions, so the earlier order masks the stop order
 * (or its inverse) and the migration goes ahead. So does one whose `first`
 * (a primitive, as its `then`) stops and has its start named first by
 * another order, but only when such an order is declared before the stop
 * order (it puts the start in the graph before the stop order's inverse is
 * attached to it); declared only after it, the migration goes ahead.
 */
const maskedStopOrderMigration: DiffNote = {
  id: "masked-stop-order-migration",
  note:
    "A symmetrical Mandatory 'first stop, then stop' order whose first starts keeps Pacemaker from live-migrating its then, except when a 'then start, first start' order is declared before it, which masks the stop order's inverse, or an Optional or Serialize order between the same stops, which masks the order itself (Pacemaker keeps the first of two orders between the same actions); so does one whose first stops and has its start named first by another order, but only when that order is declared before the stop order; the reference does not let declaration order decide (the deterministic property) and moves the resource.",
  matches: (d, { cluster, reference }) => {
    if (!(has(d.reference, "Move") && has(d.oracle, "Migrate"))) return false;
    const all = orders(cluster);
    const starts = (id: string) =>
      reference.summary.some((l) => ["Start", "Move", "Restart", "Recover"].includes(l.verb) && members(cluster, id).includes(l.subject.replace(/:\d+$/, "")));
    const stops = (id: string) => reference.summary.some((l) => l.verb === "Stop" && l.subject === id);
    const primitive = (id: string) => primitivesOf(cluster.resources).some((p) => p.id === id);
    return all.some((stop, j) => {
      if (stop.orderKind !== "Mandatory" || !stop.symmetrical || stop.firstAction !== "stop" || stop.thenAction !== "stop" || !reaches(cluster, stop.then, d.subject)) return false;
      if (starts(stop.first)) {
        return all
          .slice(0, j)
          .some(
            (early) =>
              masksSameActions(early, stop) ||
              (early.first === stop.then && early.firstAction === "start" && early.then === stop.first && early.thenAction === "start"),
          );
      }
      // The first stops, its start named first only by orders declared after the stop order.
      const namingStart = all.filter((o) => o !== stop && o.first === stop.first && o.firstAction === "start");
      return (
        stop.then === d.subject &&
        primitive(stop.first) &&
        stops(stop.first) &&
        namingStart.length > 0 &&
        namingStart.every((o) => all.indexOf(o) > j)
      );
    });
  },
};

/**
 * A dangling migration (migrate_from done, the source not yet stopped) whose
 * source copy has failed: Pacemaker recovers the resource, stopping the
 * healthy copy on the target too and starting it there again (a Recover from
 * the source, or on the target alone when the target's history is read
 * first, or a Restart on the target when the source is fenced, which stops
 * the failed copy); the reference only stops the failed source copy.
 */
const danglingFailedSourceRecovery: DiffNote = {
  id: "dangling-failed-source-recovery",
  note:
    "A resource in a dangling migration whose copy on the source has failed is recovered by Pacemaker, which stops it on both nodes and starts it again on the migration target (a Recover from the source, or on the target alone when its history is read first, or a Restart on the target when fencing the source stops the failed copy), although the target's copy has not failed; the reference only stops the failed source copy, since restarting the target's is needless (the no-needless-actions property).",
  matches: (d, { cluster }) => {
    const m = cluster.status.migrations.find((x) => x.stage === "dangling" && x.resource === d.subject);
    if (m === undefined || d.reference.length !== 0 || d.oracle.length !== 1) return false;
    const failedOnSource = cluster.status.failed.some((f) => f.resource === d.subject && f.node === m.source && f.activeAfter);
    const line = d.oracle[0]!;
    const fenced = cluster.options.fencingEnabled && cluster.nodes.some((n) => n.name === m.source && n.membership === "unclean");
    const recovered =
      line === `* Recover ${d.subject} ( ${m.target} )` ||
      (fenced && line === `* Restart ${d.subject} ( ${m.target} )`) ||
      (line.startsWith("* Recover ") && fromTo(line)?.from === m.source && fromTo(line)?.to === m.target);
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
 * A primitive found active on several nodes, no migration recorded, one copy
 * failed, that stays on a node where it has not failed: Pacemaker stops every
 * copy and starts it again there (a Recover on that node, or from the node
 * whose history is read first when that is another); the reference stops
 * only the other copies and keeps the healthy one running.
 */
const multiplyActiveRecovery: DiffNote = {
  id: "multiply-active-recovery",
  note:
    "A primitive found active on several nodes, one copy failed, is stopped everywhere and started again by Pacemaker on the node where it stays (a Recover there, or from the node whose history is read first) although that copy has not failed; the reference leaves the healthy copy running and stops only the others, since restarting it is needless (the no-needless-actions property).",
  matches: (d, { cluster }) => {
    const active = cluster.status.active.filter((p) => p.resource === d.subject).map((p) => p.node);
    const primitive = cluster.resources.some((r) => r.kind !== "clone" && members(cluster, r.id).includes(d.subject));
    if (!primitive || active.length < 2 || cluster.status.migrations.some((m) => m.resource === d.subject)) return false;
    const failedOn = (node: string) => cluster.status.failed.some((f) => f.resource === d.subject && f.node === node && f.activeAfter);
    const stays = d.referenceNodes.length === 1 ? d.referenceNodes[0]! : undefined;
    if (stays === undefined) return false;
    const rank = buildContext(cluster, new Set()).historyRank;
    const [first] = [...active].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
    const recovered = first === stays ? `* Recover ${d.subject} ( ${stays} )` : `* Recover ${d.subject} ( ${first} -> ${stays} )`;
    return (
      active.includes(stays) &&
      !failedOn(stays) &&
      active.some((n) => n !== stays && failedOn(n)) &&
      d.oracleNodes.join() === stays &&
      d.reference.length === 0 &&
      d.oracle.length === 1 &&
      d.oracle[0] === recovered
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

/**
 * The primary of a finite colocation placed elsewhere, while its dependent
 * runs with stickiness: Pacemaker merges the dependent's stickiness into the
 * primary's preferences (scaled down, never below 1), the reference only the
 * dependent's location preferences. The dependent, which then stays where it
 * runs (or follows its primary elsewhere), differs with it.
 */
const dependentStickiness: DiffNote = {
  id: "dependent-stickiness-pulls-primary",
  note:
    "Through a finite colocation Pacemaker lets the dependent's stickiness pull its primary (scaled down, but never below 1), so the primary follows wherever the dependent happens to run and re-planning the converged state can move it again (the stable property); the reference lets a finite colocation carry only the dependent's location preferences, and the dependent is placed (or stays) according to where its primary went.",
  matches: (d, { cluster, reference, oracle }) => {
    if (d.referenceNodes.join() === d.oracleNodes.join()) return false;
    const meta = buildContext(cluster, new Set()).meta;
    const stickyAndActive = (p: string) => meta.get(p)!.stickiness !== 0 && cluster.status.active.some((a) => a.resource === p);
    const finite = colocationsOf(cluster).filter((c) => c.score !== 0 && Math.abs(c.score) < INFINITY);
    const pulled = (primary: string) => finite.some((c) => reaches(cluster, c.withResource, primary) && members(cluster, c.resource).some(stickyAndActive));
    if (pulled(d.subject)) return true;
    // The sticky dependent itself, whose primary the planners put on different nodes.
    const nodesIn = (t: Transition, p: string) => t.target.filter((x) => x.resource === p).map((x) => x.node).sort().join();
    return finite.some(
      (c) =>
        reaches(cluster, c.resource, d.subject) &&
        stickyAndActive(d.subject) &&
        members(cluster, c.withResource).some((p) => nodesIn(reference, p) !== nodesIn(oracle, p) && pulled(p)),
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
 * A clone's instances end on the same nodes in both plans, but Pacemaker
 * moves a running instance off a node and starts (or moves) another
 * instance there, where the reference leaves the running instance alone.
 */
const cloneInstanceShuffle: DiffNote = {
  id: "clone-instance-shuffle",
  note:
    "Pacemaker may move a clone's running instance off a node and start (or move) another instance onto that same node, so the instance there stops and starts again for nothing (the no-needless-actions property); the reference leaves a running instance where the clone keeps a copy and places the others around it, which gives the same nodes.",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.join() !== d.oracleNodes.join() || d.referenceNodes.length === 0) return false;
    if (!cluster.resources.some((r) => r.kind === "clone" && members(cluster, r.id).includes(d.subject))) return false;
    const left = d.oracle.filter((l) => l.startsWith("* Move ")).map((l) => fromTo(l)?.from);
    // Another instance starts there, or moves in from elsewhere.
    const started = [...d.oracle.filter((l) => l.startsWith("* Start ")).map(destination), ...d.oracle.map((l) => fromTo(l)?.to)];
    // The reference leaves the instance on that node alone (no restart there either).
    const untouched = (node: string) => !d.reference.some((l) => l.includes(` ${node} `));
    return left.some((node) => node !== undefined && started.includes(node) && untouched(node));
  },
};

/**
 * Pacemaker stops a clone instance numbered at or above clone-max as an
 * orphan while another copy runs on a node that this transition fences; the
 * reference does not count the copy on the fenced node, so it keeps the
 * numbered one.
 */
const orphanFreedByFencing: DiffNote = {
  id: "orphan-freed-by-fencing",
  note:
    "Pacemaker stops a clone instance numbered at or above clone-max as an orphan even when a copy on a node it fences frees a number, and its next transition starts that instance again (the stable property); the reference numbers only the copies that survive the fencing, so it keeps the instance running.",
  matches: (d, { cluster, oracle }) => {
    const clone = cloneHolding(cluster, d.subject);
    if (clone?.cloneMax === undefined || !d.reference.every((l) => d.oracle.includes(l))) return false;
    const fenced = oracle.actions.filter((x) => x.task === "fence").map((x) => x.node);
    if (!cluster.status.active.some((a) => a.resource === d.subject && fenced.includes(a.node))) return false;
    const extra = d.oracle.filter((l) => !d.reference.includes(l));
    const orphanStop = (line: string) => {
      const instance = /^\* Stop \S+:(\d+) \( (\S+) \)/.exec(line);
      return instance !== null && Number(instance[1]) >= clone.cloneMax! && !fenced.includes(instance[2]);
    };
    return extra.length > 0 && extra.every(orphanStop);
  },
};

/** The clone whose instances the subject's lines are about (it is the clone's primitive or a member of its group), if any. */
function cloneHolding(cluster: ClusterState, subject: string): Clone | undefined {
  return cluster.resources.find((r): r is Clone => r.kind === "clone" && members(cluster, r.id).includes(subject));
}

/** Whether a location constraint that reaches `resource` scores the named nodes differently (one that scores them alike does not tell them apart). */
function locationTellsApart(cluster: ClusterState, resource: string, names: readonly string[]): boolean {
  const nodes = cluster.nodes.filter((n) => names.includes(n.name));
  return cluster.constraints.some(
    (c) => c.kind === "location" && reaches(cluster, c.resource, resource) && new Set(nodes.map((n) => locationScoreOn(c, n))).size > 1,
  );
}

/** A clone instance's summary line, taken apart: its verb, instance number, the node it leaves (Move, Recover) and the node it names last. */
function instanceLine(line: string): { verb: string; instance: number; from?: string; node: string } | undefined {
  const m = /^\* (\S+) \S+:(\d+) \( (?:(\S+) -> )?(\S+) \)/.exec(line);
  return m === null ? undefined : { verb: m[1]!, instance: Number(m[2]), from: m[3], node: m[4]! };
}

/** A summary line without its `due to …` reason. */
const withoutReason = (line: string) => line.replace(/ due to .*$/, "");

/**
 * Running instances of a clone numbered at or above clone-max (orphans, in
 * the order the nodes' histories are read) on a node where the clone stays:
 * Pacemaker stops the orphan and moves (or recovers) a kept instance from
 * another node onto that node; the reference leaves the orphan running there
 * (restarting it only for a cause) and stops the instance that leaves.
 */
const orphanInstanceReplaced: DiffNote = {
  id: "orphan-instance-replaced",
  note:
    "Pacemaker always stops a clone's orphan instances (those numbered at or above clone-max), even on a node where the clone stays, and brings a kept instance from another node there in its place, so the clone stops and starts again on that node for nothing (the no-needless-actions property); the reference leaves the orphan running where the clone stays and stops the instance that leaves, which gives the same nodes (Pacemaker's target, derived from its graph per primitive, may miss that node when its graph stops the orphan after the arriving instance starts).",
  matches: (d, { cluster, oracle }) => {
    const clone = cloneHolding(cluster, d.subject);
    if (clone === undefined) return false;
    const cloneMax = clone.cloneMax ?? cluster.nodes.length;
    // Pacemaker's target, derived from its graph per primitive, not per
    // instance, may miss a node where the orphan's stop comes after the
    // arriving instance's start.
    const startsAndStops = (node: string) =>
      ["start", "stop"].every((task) => oracle.actions.some((a) => a.task === task && !a.pseudo && a.resource === d.subject && a.node === node));
    const orphanStops = d.oracle.filter((l) => {
      const i = instanceLine(l);
      return i?.verb === "Stop" && i.instance >= cloneMax && (d.oracleNodes.includes(i.node) || startsAndStops(i.node));
    });
    const replaced = new Set(orphanStops.map((l) => instanceLine(l)!.node));
    const oracleNodes = [...new Set([...d.oracleNodes, ...replaced])].sort().join();
    if (d.referenceNodes.join() !== d.oracleNodes.join() && [...d.referenceNodes].sort().join() !== oracleNodes) return false;
    const arrivals = d.oracle.filter((l) => {
      const i = instanceLine(l);
      return (i?.verb === "Move" || i?.verb === "Recover") && i.from !== undefined && i.instance < cloneMax && replaced.has(i.node);
    });
    if (orphanStops.length === 0 || arrivals.length !== orphanStops.length) return false;
    // What the reference does instead: the arriving instance stops where it ran, the orphan stays (or restarts for a cause).
    const expected = [
      ...d.oracle.filter((l) => !orphanStops.includes(l) && !arrivals.includes(l)).map(withoutReason),
      ...arrivals.map((l) => `* Stop ${d.subject}:${instanceLine(l)!.instance} ( ${instanceLine(l)!.from} )`),
    ];
    const orphanRestart = (l: string) => {
      const i = instanceLine(l);
      return i?.verb === "Restart" && i.instance >= cloneMax && replaced.has(i.node);
    };
    const actual = d.reference.filter((l) => !orphanRestart(l)).map(withoutReason);
    return expected.sort().join("\n") === actual.sort().join("\n");
  },
};

/** The nodes each line stops its resource on and starts it on (a Move, Restart or Recover does both). */
function stopsAndStarts(lines: readonly string[]): string[] {
  return lines
    .flatMap((l) => {
      const i = instanceLine(l);
      if (i === undefined) return [`? ${l}`];
      if (i.verb === "Start") return [`start ${i.node}`];
      if (i.verb === "Stop") return [`stop ${i.node}`];
      return [`stop ${i.from ?? i.node}`, `start ${i.node}`];
    })
    .sort();
}

/**
 * The clone-instance-shuffle of an instance the reference restarts in place
 * for a cause: Pacemaker moves that instance to the node it prefers and
 * starts a fresh instance where it ran; the reference restarts it where it
 * runs and starts the fresh instance on the preferred node. The same stops
 * and starts, numbered differently.
 */
const cloneInstanceShuffleOnRestart: DiffNote = {
  id: "clone-instance-shuffle-on-restart",
  note:
    "Pacemaker moves a clone's running instance to the node it prefers and starts another instance on the node it left; where that instance must restart anyway (what it depends on by a Mandatory order starts again), the reference restarts it in place and starts the other instance on the preferred node: the same stops and starts, only the instance numbers differ.",
  matches: (d, { cluster }) => {
    if (!cloneEndsAlike(cluster, d)) return false;
    const restarts = d.reference.flatMap((l) => {
      const i = instanceLine(l);
      const cause = / due to required (\S+) start$/.exec(l)?.[1];
      return i?.verb === "Restart" && cause !== undefined ? [{ ...i, cause }] : [];
    });
    const ordered = (cause: string) =>
      orders(cluster).some((o) => o.orderKind === "Mandatory" && reaches(cluster, o.first, cause) && reaches(cluster, o.then, d.subject));
    const shuffled = restarts.some((r) => {
      const move = d.oracle.map(instanceLine).find((i) => i?.verb === "Move" && i.instance === r.instance && i.from === r.node);
      return (
        ordered(r.cause) &&
        move !== undefined &&
        d.oracle.some((l) => instanceLine(l)?.verb === "Start" && instanceLine(l)!.node === r.node) &&
        d.reference.some((l) => instanceLine(l)?.verb === "Start" && instanceLine(l)!.node === move.node)
      );
    });
    return shuffled && stopsAndStarts(d.reference).join() === stopsAndStarts(d.oracle).join();
  },
};

/**
 * Instances of an anonymous cloned group that prefer another node than the
 * ones they run on: Pacemaker sends several of them to that one node
 * (beyond clone-node-max, counting an instance that already runs there and
 * stays) and so leaves nodes where they ran without one.
 */
const clonedGroupInstancesStacked: DiffNote = {
  id: "cloned-group-instances-stacked",
  note:
    "Pacemaker moves running instances of an anonymous cloned group to the one node they prefer and starts another there too (or moves one to a node where an instance already runs and stays), beyond clone-node-max (the transient-safety property's clone instance limits), leaving the nodes they ran on without an instance; the reference places at most clone-node-max instances on a node.",
  matches: (d, { cluster }) => {
    const clone = cloneHolding(cluster, d.subject);
    if (clone === undefined || clone.child.kind !== "group") return false;
    const lines = d.oracle.map(instanceLine).filter((i) => i !== undefined);
    const arrivals = lines.filter((i) => i.verb !== "Stop").map((i) => i.node);
    const leaves = (node: string) => lines.some((i) => (i.verb === "Stop" ? i.node : i.from) === node);
    const staying = (node: string) => (cluster.status.active.some((a) => a.resource === d.subject && a.node === node) && !leaves(node) ? 1 : 0);
    return arrivals.some((node) => arrivals.filter((n) => n === node).length + staying(node) > clone.cloneNodeMax);
  },
};

/**
 * A clone that must run with a primitive (a +INFINITY colocation, the clone
 * its dependent) and has a sticky instance running on node `a`: Pacemaker
 * places the primitive without that stickiness (a clone's wish carries its
 * location preferences, not its instances' stickiness), on another node
 * `b`, and moves the instance after it; the reference counts the running
 * instances' stickiness in the wish, as it does a primitive dependent's
 * through a +INFINITY colocation, places the primitive on `a` and leaves the
 * instance there. The subject is the primitive (placed on `a` by the
 * reference, on `b` by Pacemaker) or the clone (moved from `a` to `b` by
 * Pacemaker only); no location constraint tells `a` and `b` apart for the
 * primitive, and it does not run on `b` now.
 */
const cloneStickinessUnwished: DiffNote = {
  id: "clone-stickiness-unwished",
  note:
    "Pacemaker places the primary of a clone's +INFINITY colocation without the stickiness of the clone's running instance (a clone passes its location preferences on, not its instances' stickiness), so it puts the primary on another node and moves the sticky instance there after it; the reference counts that stickiness, as it does a primitive dependent's, puts the primary where the instance runs and leaves the instance alone.",
  matches: (d, { cluster, reference, oracle }) => {
    const meta = buildContext(cluster, new Set()).meta;
    const on = (t: { resource: string; node: string }[], ids: readonly string[], node: string) => ids.some((id) => t.some((p) => p.resource === id && p.node === node));
    return colocationsOf(cluster).some((c) => {
      const clone = cluster.resources.find((r): r is Clone => r.kind === "clone" && r.id === c.resource);
      if (clone === undefined || c.score < INFINITY) return false;
      const instances = members(cluster, clone.id);
      const primaries = members(cluster, c.withResource);
      if (primaries.length !== 1 || !instances.every((i) => meta.get(i)!.stickiness > 0)) return false;
      const primary = primaries[0]!;
      const placed = (t: Transition) => t.target.filter((p) => p.resource === primary).map((p) => p.node);
      const [a, b] = [placed(reference), placed(oracle)];
      if (a.length !== 1 || b.length !== 1 || a[0] === b[0]) return false;
      const [from, to] = [a[0]!, b[0]!];
      const pulled =
        on(cluster.status.active, instances, from) &&
        !on(cluster.status.active, primaries, to) &&
        on(reference.target, instances, from) &&
        !on(oracle.target, instances, from) &&
        on(oracle.target, instances, to) &&
        !locationTellsApart(cluster, primary, [from, to]);
      if (!pulled) return false;
      if (d.subject === primary) return true;
      const moved = d.oracle.map(instanceLine).some((i) => i?.verb === "Move" && i.from === from && i.node === to);
      return instances.includes(d.subject) && d.reference.length === 0 && moved;
    });
  },
};

/**
 * A cloned group instance whose earlier member is unmanaged, on a node where
 * a -INFINITY colocated primary of the clone is placed: Pacemaker keeps the
 * instance's managed members running there beside it, the reference stops
 * them.
 */
const unmanagedMemberKeepsInstance: DiffNote = {
  id: "unmanaged-member-keeps-instance",
  note:
    "Pacemaker keeps a cloned group's instance where an unmanaged member before it runs, managed members included, even on the node where a resource the clone must avoid (a -INFINITY colocation) is placed, so its target breaks that colocation (the converges property); the reference leaves the unmanaged member alone but stops the managed members after it there.",
  matches: (d, { cluster, oracle }) => {
    const clone = cloneHolding(cluster, d.subject);
    if (clone === undefined || clone.child.kind !== "group" || d.oracle.length !== 0 || d.reference.length === 0) return false;
    const group = clone.child.members.map((m) => m.id);
    const meta = buildContext(cluster, new Set()).meta;
    const heldBy = (node: string) =>
      group
        .slice(0, group.indexOf(d.subject))
        .some((m) => meta.get(m)?.isManaged === false && cluster.status.active.some((a) => a.resource === m && a.node === node));
    const stoppedOn = d.reference.map(instanceLine).map((i) => (i?.verb === "Stop" ? i.node : undefined));
    if (stoppedOn.some((n) => n === undefined || !heldBy(n))) return false;
    const kept = [...d.referenceNodes, ...(stoppedOn as string[])].sort();
    if (kept.join() !== [...d.oracleNodes].sort().join()) return false;
    return antiColocations(cluster).some(
      (c) =>
        (c.resource === clone.id || c.resource === clone.child.id) &&
        (stoppedOn as string[]).every((n) => oracle.target.some((p) => p.node === n && members(cluster, c.withResource).includes(p.resource))),
    );
  },
};

/**
 * A sticky clone an order keeps from running stops in both plans: Pacemaker
 * counts the room of its stopping instance where it runs (its stickiness
 * still holds there) and, once it has stopped, elsewhere, so what it places
 * by load can move again; the reference counts that room where the
 * instance would run once stopped.
 */
const blockedCloneRoom: DiffNote = {
  id: "blocked-clone-room",
  note:
    "A clone an order keeps from running takes room where its instances would run, and Pacemaker counts a stopping instance where it runs now (by its stickiness) but, once it has stopped, where it would start, so a resource placed by load beside it can move again on the next plan (the stable property); the reference counts that room where the instance would run once stopped, which is a fixed point.",
  matches: (d, pair) => {
    const { cluster, oracle } = pair;
    if (!d.aspect.endsWith("-nodes") || d.referenceNodes.length !== 1 || d.oracleNodes.length !== 1) return false;
    const meta = buildContext(cluster, new Set()).meta;
    return cluster.resources.some((r) => {
      if (r.kind !== "clone" || r.child.kind !== "primitive" || r.child.id === d.subject) return false;
      const child = r.child.id;
      const running = cluster.status.active.filter((a) => a.resource === child);
      if (running.length === 0 || meta.get(child)!.stickiness <= 0) return false;
      const stops = oracle.summary.filter((l) => l.verb === "Stop" && l.subject.startsWith(`${child}:`) && /^unrunnable \S+ start$/.test(l.reason ?? ""));
      return stops.length === running.length && stops.every((l) => inBothSummaries(l, pair));
    });
  },
};

/**
 * Pacemaker's Stop lines, the same in both plans, of primitives (not clones)
 * other than the subject that an order keeps from running (`unrunnable` or
 * `required X start`, or `X running`).
 */
function blockedPrimitiveStops(d: Disagreement, pair: NotePair): SummaryLine[] {
  const primitives = new Set(pair.cluster.resources.filter((r) => r.kind === "primitive" && r.id !== d.subject).map((r) => r.id));
  return pair.oracle.summary.filter(
    (l) => l.verb === "Stop" && primitives.has(l.subject) && /^(unrunnable|required) \S+ (start|running)$/.test(l.reason ?? "") && inBothSummaries(l, pair),
  );
}

/** blocked-primitive-room, first shape: one planner moves (or stops) a stickiness-free resource off its node, the other leaves it. */
function blockedRoomDeparts(d: Disagreement, pair: NotePair): boolean {
  const { cluster } = pair;
  const meta = buildContext(cluster, new Set()).meta;
  const unconstrained = !cluster.constraints.some(
    (c) => (c.kind === "location" && reaches(cluster, c.resource, d.subject)) || (c.kind === "colocation" && (reaches(cluster, c.resource, d.subject) || reaches(cluster, c.withResource, d.subject))),
  );
  const current = cluster.status.active.filter((a) => a.resource === d.subject).map((a) => a.node);
  if (meta.get(d.subject)?.stickiness !== 0 || !unconstrained || current.length !== 1) return false;
  const node = current[0]!;
  // One planner moves it off its node, or stops it there for an order that keeps it from starting anew; the other leaves it.
  const departs = (lines: readonly string[], nodes: readonly string[]) =>
    lines.length === 1 &&
    ((lines[0]!.startsWith(`* Move ${d.subject} `) && fromTo(lines[0]!)?.from === node) ||
      (new RegExp(`^\\* Stop ${d.subject} \\( ${node} \\) due to unrunnable \\S+ start$`).test(lines[0]!) && nodes.length === 0));
  const stays = (lines: readonly string[], nodes: readonly string[]) => lines.length === 0 && nodes.join() === node;
  const referenceDeparts = departs(d.reference, d.referenceNodes) && stays(d.oracle, d.oracleNodes);
  const oracleDeparts = departs(d.oracle, d.oracleNodes) && stays(d.reference, d.referenceNodes);
  if (!referenceDeparts && !oracleDeparts) return false;
  // The stopping primitive runs elsewhere when the reference moves the subject, on the subject's node when Pacemaker does.
  return blockedPrimitiveStops(d, pair).some((l) => (l.from === node) === oracleDeparts);
}

/** blocked-primitive-room, second shape: the reference places a resource by load beside a stopping blocked primitive, Pacemaker elsewhere. */
function blockedRoomBeside(d: Disagreement, pair: NotePair): boolean {
  const { cluster } = pair;
  if (d.referenceNodes.length !== 1 || d.oracleNodes.length !== 1 || d.referenceNodes[0] === d.oracleNodes[0]) return false;
  if (!placedByLoadAlone(cluster, d)) return false;
  return blockedPrimitiveStops(d, pair).some((l) => {
    if (!l.reason!.endsWith(" start")) return false;
    const running = cluster.status.active.filter((a) => a.resource === l.subject);
    return running.length === 1 && running[0]!.node === d.referenceNodes[0];
  });
}

/**
 * blocked-primitive-room, third shape: a resource without stickiness that an
 * order keeps from starting after a stopping blocked primitive X (running
 * on another node) stops in both plans, Pacemaker `due to required X start`
 * (it would stay where it runs, X's room counted on X's node), the
 * reference `due to unrunnable X start` (it would move, X's room counted on
 * its node, the least loaded one).
 */
function blockedRoomRewords(d: Disagreement, pair: NotePair): boolean {
  const { cluster } = pair;
  if (d.reference.length !== 1 || d.oracle.length !== 1 || d.referenceNodes.length !== 0 || d.oracleNodes.length !== 0) return false;
  const ours = new RegExp(`^\\* Stop ${d.subject} \\( (\\S+) \\) due to unrunnable (\\S+) start$`).exec(d.reference[0]!);
  if (ours === null || d.oracle[0] !== `* Stop ${d.subject} ( ${ours[1]} ) due to required ${ours[2]} start`) return false;
  if (buildContext(cluster, new Set()).meta.get(d.subject)?.stickiness !== 0 || !placedByLoadAlone(cluster, d)) return false;
  return blockedPrimitiveStops(d, pair).some((l) => l.subject === ours[2] && l.from !== ours[1]);
}

/**
 * blocked-primitive-room, fourth shape: both plans start the subject, placed
 * by load alone, on different nodes (or move it from the same node to
 * different ones), and a primitive or group assigned
 * before it, which an order keeps from starting, stops in both plans in the
 * same words from a node where its stickiness (positive, on a member that
 * runs) would hold it. Pacemaker counts that unit's room there, the
 * reference where the unit would run once stopped, so the loads of the
 * nodes assigned after it differ (directly, or through the rooms of other
 * blocked units placed by them in turn).
 */
function blockedRoomHeld(d: Disagreement, pair: NotePair): boolean {
  const { cluster } = pair;
  const current = cluster.status.active.filter((a) => a.resource === d.subject).map((a) => a.node);
  const from = current.length === 1 ? current[0]! : undefined;
  const startsOn = (lines: readonly string[], nodes: readonly string[]) =>
    nodes.length === 1 &&
    lines.length === 1 &&
    (lines[0] === `* Start ${d.subject} ( ${nodes[0]} )` || (from !== undefined && lines[0] === `* Move ${d.subject} ( ${from} -> ${nodes[0]} )`));
  if (!startsOn(d.reference, d.referenceNodes) || !startsOn(d.oracle, d.oracleNodes) || d.referenceNodes[0] === d.oracleNodes[0]) return false;
  if (!placedByLoadAlone(cluster, d)) return false;
  const ctx = buildContext(cluster, new Set());
  const order = processingOrder(ctx);
  const before = order.slice(0, order.findIndex((r) => r.id === d.subject));
  const stopLine = (primitive: string) => pair.oracle.summary.find((l) => l.verb === "Stop" && l.subject === primitive);
  return before.some((unit) => {
    if (unit.kind === "clone") return false;
    const running = primitivesOf([unit]).filter((p) => cluster.status.active.some((a) => a.resource === p.id));
    const stops = running.map((p) => stopLine(p.id));
    const blocked = stops.every((l) => l !== undefined && inBothSummaries(l, pair) && /^(unrunnable|required) \S+ (start|stop|running)$/.test(l.reason ?? ""));
    const byOrder = stops.some((l) => / (start|running)$/.test(l?.reason ?? ""));
    return running.length > 0 && blocked && byOrder && running.some((p) => ctx.meta.get(p.id)!.stickiness > 0);
  });
}

/**
 * A primitive (no clone) an order keeps from running stops in both plans,
 * and a resource without stickiness, placed by load, runs on one node:
 * Pacemaker counts the stopping primitive's room where it runs now, so the
 * resource leaves that node when it is its own, and stays where it runs
 * otherwise; once the primitive has stopped Pacemaker counts that room on
 * the least loaded node, which may be the resource's, and moves it then.
 * The reference counts the room where the primitive would run once stopped
 * from the start. The one that moves the resource stops it instead when an
 * order keeps it from starting anew.
 *
 * Or Pacemaker keeps a resource placed by load alone away from the
 * stopping primitive's node, where the reference, counting the room where
 * the primitive would start, places it beside the stopping one at once. Or
 * a resource that an order keeps from starting after the stopping primitive
 * stops in both plans, worded after where each would have placed it. Or a
 * sticky primitive or group kept from starting stops in both plans, and a
 * resource placed by load alone after it starts (or moves from the same
 * node) on different nodes:
 * Pacemaker counts the stopping unit's room where its stickiness holds it
 * (crm_simulate on the converged state counts it elsewhere), the reference
 * where it would run once stopped.
 */
const blockedPrimitiveRoom: DiffNote = {
  id: "blocked-primitive-room",
  note:
    "A primitive an order keeps from running takes room where it would run, and Pacemaker counts a stopping one where it runs now but, once it has stopped, on the least loaded node: a resource without stickiness beside it leaves its node at once, and one elsewhere stays where it runs and moves on the next plan when the room lands on its node (the stable property); the reference counts that room where the primitive would run once stopped, a fixed point, so the two move (or, when an order keeps it from starting anew, stop) the resource in opposite cases. Or Pacemaker keeps a resource placed by load alone off a stopping blocked primitive's node while the reference places it there at once; or what follows the blocked primitive stops in both, Pacemaker 'due to required X start' (it would stay) where the reference says 'unrunnable X start' (it would move to the node Pacemaker keeps free); or a resource placed by load alone after a sticky primitive or group kept from starting (stopping in both plans) starts (or moves from the same node) on different nodes, Pacemaker counting that unit's room where its stickiness holds it and the reference where it would run once stopped.",
  matches: (d, pair) => blockedRoomDeparts(d, pair) || blockedRoomBeside(d, pair) || blockedRoomRewords(d, pair) || blockedRoomHeld(d, pair),
};

/**
 * A mandatory colocation whose dependent runs with stickiness: Pacemaker,
 * assigning in one pass, lets that stickiness draw the primary to where the
 * dependent runs even though the dependent's other constraints then keep it
 * from running there, so it stops; the reference, whose stopping resources
 * hold nothing by stickiness, places the primary where the dependent can
 * follow it.
 */
const stoppedDependentStickiness: DiffNote = {
  id: "stopped-dependent-stickiness",
  note:
    "Pacemaker assigns in one pass: through a mandatory colocation the dependent's stickiness draws the primary to where the dependent runs, even when another constraint of the dependent then keeps it from running there, so the dependent stops; the reference assigns again once it finds the dependent stopping (a stopping resource holds nothing by stickiness), so the primary goes where the dependent can follow and both run.",
  matches: (d, { cluster, reference, oracle }) => {
    const nodesIn = (t: Transition, p: string) => t.target.filter((x) => x.resource === p).map((x) => x.node);
    return cluster.constraints.some((c) => {
      if (c.kind !== "colocation" || c.score < INFINITY) return false;
      const dependents = members(cluster, c.resource);
      const primaries = members(cluster, c.withResource);
      if (!dependents.includes(d.subject) && !primaries.includes(d.subject)) return false;
      const meta = buildContext(cluster, new Set()).meta;
      const sticky = cluster.status.active.filter((a) => dependents.includes(a.resource) && meta.get(a.resource)!.stickiness > 0);
      return sticky.some(({ node }) => {
        // Pacemaker: the primary where the dependent ran, the dependent stopped.
        const oracleStops = primaries.every((p) => nodesIn(oracle, p).join() === node) && dependents.every((p) => nodesIn(oracle, p).length === 0);
        // The reference: the primary elsewhere, the dependent running with it.
        const there = primaries.map((p) => nodesIn(reference, p).join());
        const referenceFollows =
          there.every((n) => n !== "" && n !== node && n === there[0]) && dependents.some((p) => nodesIn(reference, p).join() === there[0]);
        return oracleStops && referenceFollows;
      });
    });
  },
};

/** Every group, cloned or not. */
function groupsOf(cluster: ClusterState): Group[] {
  return cluster.resources.flatMap((r) => (r.kind === "group" ? [r] : r.kind === "clone" && r.child.kind === "group" ? [r.child] : []));
}

/**
 * A group member before an unmanaged member that runs on the same node: the
 * group stops in reverse order and the unmanaged member cannot stop, so
 * Pacemaker keeps the member where it runs with a blocked Stop line; the
 * reference moves (or stops) it. What is ordered after the group's start
 * then stops in both plans, for Pacemaker because the group cannot be
 * running (see {@link afterBlockedGroup}).
 */
const groupStopBlockedByUnmanaged: DiffNote = {
  id: "group-stop-blocked-by-unmanaged",
  note:
    "A group (cloned or not) stops its members in reverse order, so a member before an unmanaged member active on the same node cannot stop there: Pacemaker leaves it running, even on a node it must leave, and prints a Stop 'due to unrunnable (next member) stop (blocked)' (and what is ordered after the group's start stops 'due to unrunnable G running'); the reference does not model stops that cannot happen for a managed resource (its target must respect node availability, the converges property) and moves or stops the member without waiting for the unmanaged one.",
  matches: (d, pair) => {
    const { cluster } = pair;
    if (afterBlockedGroup(d, pair)) return true;
    if (d.oracle.length !== 1 || d.oracleNodes.length !== 1 || d.referenceNodes.join() === d.oracleNodes.join()) return false;
    const node = d.oracleNodes[0]!;
    const blocked = new RegExp(`^\\* Stop ${d.subject}(?::\\d+)? \\( ${node} \\) due to unrunnable (\\S+?)(?::\\d+)? stop \\(blocked\\)$`).exec(d.oracle[0]!);
    if (blocked === null) return false;
    const meta = buildContext(cluster, new Set()).meta;
    const runsThere = (p: string) => cluster.status.active.some((a) => a.resource === p && a.node === node);
    return groupsOf(cluster).some((g) => {
      const ids = g.members.map((m) => m.id);
      const at = ids.indexOf(d.subject);
      return at >= 0 && ids.includes(blocked[1]!) && ids.slice(at + 1).some((p) => !meta.get(p)!.isManaged && runsThere(p));
    });
  },
};

/**
 * Whether the subject, stopped by both planners, is stopped by Pacemaker
 * `due to unrunnable G running` after a group G (by a Mandatory start order)
 * one of whose members stays behind a blocked stop (the first shape of
 * {@link groupStopBlockedByUnmanaged}), where the reference gives it another
 * reason.
 */
function afterBlockedGroup(d: Disagreement, pair: NotePair): boolean {
  const { cluster } = pair;
  if (d.reference.length !== 1 || d.oracle.length !== 1 || d.referenceNodes.length !== 0 || d.oracleNodes.length !== 0) return false;
  const after = new RegExp(`^\\* Stop ${d.subject} \\( (\\S+) \\) due to unrunnable (\\S+) running$`).exec(d.oracle[0]!);
  const group = groupsOf(cluster).find((g) => g.id === after?.[2]);
  if (group === undefined || !d.reference[0]!.startsWith(`* Stop ${d.subject} ( ${after![1]} ) due to `)) return false;
  const ordered = orders(cluster).some((o) => o.orderKind === "Mandatory" && o.first === group.id && o.firstAction === "start" && reaches(cluster, o.then, d.subject));
  const ids = group.members.map((m) => m.id);
  return ordered && compareTransitions(pair.reference, pair.oracle).some((c) => ids.includes(c.subject) && c !== d && groupStopBlockedByUnmanaged.matches(c, pair));
}

/**
 * Whether a plain (not cloned) group keeps, for Pacemaker, its managed
 * member `member` on `node` behind an unmanaged member before it that runs
 * there, although a -INFINITY location of the group (or the member) forbids
 * the node: every member from the unmanaged one up to `member` runs there now
 * and stays there in Pacemaker's target.
 */
function keptBehindUnmanagedMember(cluster: ClusterState, group: Group, member: string, node: string, oracle: Transition): boolean {
  const ids = group.members.map((m) => m.id);
  const at = ids.indexOf(member);
  const meta = buildContext(cluster, new Set()).meta;
  const runsThere = (p: string) => cluster.status.active.some((a) => a.resource === p && a.node === node);
  const head = ids.findIndex((p, k) => k < at && meta.get(p)?.isManaged === false && runsThere(p));
  if (at < 0 || head < 0 || meta.get(member)?.isManaged === false) return false;
  const forbidden = cluster.constraints.some(
    (c) => c.kind === "location" && reaches(cluster, c.resource, member) && cluster.nodes.some((n) => n.name === node && (locationScoreOn(c, n) ?? 0) <= -INFINITY),
  );
  const kept = ids.slice(head, at + 1).every((p) => runsThere(p) && oracle.target.some((x) => x.resource === p && x.node === node));
  return forbidden && kept;
}

/**
 * A clone's instances stopped and started on the same nodes by both
 * planners, with the same reasons, paired otherwise into summary lines:
 * one moves (or recovers) an instance from a node and stops another where
 * the other stops the first and moves the second, or one recovers a failed
 * instance in place and starts a fresh one elsewhere where the other moves
 * the failed instance there and starts a fresh one in its place, or one
 * stops an instance and starts a fresh one where the other moves the
 * instance (its stop's reason then has no line of its own).
 */
const cloneInstancePairing: DiffNote = {
  id: "clone-instance-pairing",
  note:
    "Both planners stop and start the clone's instances on the same nodes, for the same reasons, and end with the same ones; only how those stops and starts pair into instances differs (which instance moves and which stops, or a failed instance recovered in place beside a fresh one started elsewhere, where the other planner moves it elsewhere and starts the fresh one in its place, or an instance stopped and a fresh one started where the other moves the instance), so the summary lines differ but the actions do not.",
  matches: (d, { cluster }) => {
    if (!cloneEndsAlike(cluster, d)) return false;
    // The same reasons, however many lines give each: a stop and a start one planner pairs into a move lose their stop's reason.
    const reasons = (lines: readonly string[]) => [...new Set(lines.flatMap((l) => / due to (.*)$/.exec(l)?.[1] ?? []))].sort().join("\n");
    if (reasons(d.reference) !== reasons(d.oracle)) return false;
    const referenceActions = instanceActions(d.reference);
    const oracleActions = instanceActions(d.oracle);
    return referenceActions !== undefined && oracleActions !== undefined && referenceActions.length > 0 && referenceActions.join() === oracleActions.join();
  },
};

/**
 * A group whose unmanaged member runs on a node the group's -INFINITY
 * location forbids: Pacemaker keeps the managed members after it running
 * there beside it (they follow it, and the location binds the group only
 * through its first member), the reference stops them; what is ordered
 * after the group's start then stops in the reference only (`unrunnable G
 * running`).
 */
const keptBehindUnmanaged: DiffNote = {
  id: "kept-behind-unmanaged-member",
  note:
    "Pacemaker keeps a group's managed members running beside an unmanaged member before them, even on a node where a -INFINITY location of the group forbids them (it weighs the group's location through its first member, and the others follow the member before them), so its target breaks that location (the transient-safety and converges properties); the reference leaves the unmanaged member alone and stops the managed members after it there, and so stops what is ordered after the group's start ('due to unrunnable G running'), which Pacemaker keeps.",
  matches: (d, { cluster, oracle }) => {
    if (d.oracle.length !== 0 || d.reference.length !== 1 || d.oracleNodes.length !== 1) return false;
    const node = d.oracleNodes[0]!;
    const plainGroups = cluster.resources.filter((r): r is Group => r.kind === "group");
    if (d.reference[0] === `* Stop ${d.subject} ( ${node} ) due to node availability` && d.referenceNodes.length === 0) {
      return plainGroups.some((g) => keptBehindUnmanagedMember(cluster, g, d.subject, node, oracle));
    }
    // What is ordered after the group's start, stopped because the group is not running in the reference's plan.
    const after = new RegExp(`^\\* Stop ${d.subject} \\( ${node} \\) due to unrunnable (\\S+) running$`).exec(d.reference[0]!);
    const group = plainGroups.find((g) => g.id === after?.[1]);
    if (group === undefined || d.referenceNodes.length !== 0) return false;
    const ordered = orders(cluster).some((o) => o.first === group.id && o.firstAction === "start" && reaches(cluster, o.then, d.subject));
    return ordered && group.members.some((m) => cluster.status.active.filter((a) => a.resource === m.id).some((a) => keptBehindUnmanagedMember(cluster, group, m.id, a.node, oracle)));
  },
};

/**
 * A -INFINITY colocation whose dependent runs with stickiness on a node and
 * stops there in both plans: Pacemaker, assigning in one pass, lets that
 * stickiness still repel the primary from the node; the reference, whose
 * stopping resources hold nothing by stickiness, may place the primary
 * there. The dependent's stop is then worded after what keeps it from
 * starting anywhere (the reference: unrunnable) or where it stays
 * (Pacemaker: required).
 */
const stoppingDependentRepelsPrimary: DiffNote = {
  id: "stopping-dependent-repels-primary",
  note:
    "Pacemaker assigns in one pass: the stickiness of a dependent anti-colocated (-INFINITY) with its primary still repels the primary from the dependent's node although the dependent stops there, so the primary goes elsewhere and the dependent's stop is 'due to required X start'; the reference assigns again once it finds the dependent stopping (a stopping resource holds nothing by stickiness), may place the primary on that node, and words the stop 'due to unrunnable X start' (the dependent could no longer stay there anyway).",
  matches: (d, { cluster, reference, oracle }) => {
    const nodesIn = (t: Transition, p: string) => t.target.filter((x) => x.resource === p).map((x) => x.node);
    const meta = buildContext(cluster, new Set()).meta;
    return antiColocations(cluster).some((c) => {
      const dependents = members(cluster, c.resource);
      const primaries = members(cluster, c.withResource);
      const stickyStopping = cluster.status.active.filter(
        (a) => dependents.includes(a.resource) && meta.get(a.resource)!.stickiness > 0 && nodesIn(reference, a.resource).length === 0 && nodesIn(oracle, a.resource).length === 0,
      );
      return stickyStopping.some(({ resource, node }) => {
        const repelled = primaries.some((p) => nodesIn(reference, p).includes(node) && nodesIn(oracle, p).length > 0 && !nodesIn(oracle, p).includes(node));
        if (!repelled) return false;
        if (primaries.includes(d.subject)) return d.referenceNodes.includes(node) && !d.oracleNodes.includes(node);
        if (d.subject !== resource || d.reference.length !== 1 || d.oracle.length !== 1) return false;
        const unrunnable = new RegExp(`^\\* Stop ${resource} \\( ${node} \\) due to unrunnable (\\S+) start$`).exec(d.reference[0]!);
        return unrunnable !== null && d.oracle[0] === `* Stop ${resource} ( ${node} ) due to required ${unrunnable[1]} start`;
      });
    });
  },
};

/**
 * A sticky dependent anti-colocated (-INFINITY) with a resource that follows
 * a primary by mandatory colocations: Pacemaker carries the dependent's
 * stickiness, as -INFINITY, into that primary's scores, so the primary
 * leaves the dependent's node even where an INFINITY location requires it
 * there, or where the resource in between runs nowhere (colocated with it
 * both +INFINITY and -INFINITY, or with a target-role of Stopped). The
 * dependent started there in the previous transition because nothing kept
 * it away; the reference keeps the primary where it runs, and places what
 * is (anti-)colocated with it accordingly.
 */
const stickyDependentBarsPrimary: DiffNote = {
  id: "sticky-dependent-bars-primary",
  note:
    "Pacemaker carries the stickiness of a running dependent anti-colocated (-INFINITY) with a resource into the primary that resource follows by mandatory colocations, so the primary (and what follows it) leaves the dependent's node even where its INFINITY location requires it, or where the resource in between runs nowhere (colocated with it both +INFINITY and -INFINITY, or with a target-role of Stopped): the dependent started on that node in the previous transition (its own plan a fixed point of neither planner), so Pacemaker's plans are not a fixed point (the stable property); the reference never lets dependents' stickiness bar a primary from a node an INFINITY location requires, nor passes on the wishes of a resource that runs nowhere.",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.join() === d.oracleNodes.join()) return false;
    // A placement: the planners start, move or migrate it to different nodes.
    if (!verbsOf([...d.reference, ...d.oracle]).every((v) => v === "Start" || v === "Move" || v === "Migrate")) return false;
    const meta = buildContext(cluster, new Set()).meta;
    const colocations = colocationsOf(cluster);
    /** What a resource follows by +INFINITY colocations, itself included. */
    const followed = (id: string): string[] => {
      const seen = new Set(members(cluster, id));
      for (let grew = true; grew; ) {
        grew = false;
        for (const c of colocations) {
          if (c.score < INFINITY || !members(cluster, c.resource).some((p) => seen.has(p))) continue;
          for (const p of members(cluster, c.withResource)) if (!seen.has(p)) (seen.add(p), (grew = true));
        }
      }
      return [...seen];
    };
    const required = (p: string) =>
      cluster.constraints.some((c) => c.kind === "location" && reaches(cluster, c.resource, p) && cluster.nodes.some((n) => (locationScoreOn(c, n) ?? 0) >= INFINITY));
    const runsNowhere = (p: string) => meta.get(p)?.targetRole === "Stopped" || contradictedColocations(cluster).some((c) => reaches(cluster, c.resource, p));
    return antiColocations(cluster).some((a) => {
      const sticky = members(cluster, a.resource).filter((p) => meta.get(p)!.stickiness > 0 && cluster.status.active.some((x) => x.resource === p));
      const chain = followed(a.withResource);
      if (sticky.length === 0 || !(chain.some(required) || members(cluster, a.withResource).some(runsNowhere))) return false;
      // What is placed by mandatory colocations (or anti-colocations) relative to the chain moves with it.
      const placedRelative = colocations.filter((c) => Math.abs(c.score) >= INFINITY && chain.some((p) => reaches(cluster, c.withResource, p))).flatMap((c) => members(cluster, c.resource));
      return [...chain, ...placedRelative].includes(d.subject);
    });
  },
};

/** Whether `id` is a clone with no instance running on an online node (it has no stop to wait for). */
function idleClone(cluster: ClusterState, id: string): boolean {
  const online = (node: string) => cluster.nodes.some((n) => n.name === node && n.membership === "online");
  return cluster.resources.some((r) => r.kind === "clone" && r.id === id) && !members(cluster, id).some((p) => cluster.status.active.some((a) => a.resource === p && online(a.node)));
}

/** The asymmetrical Mandatory stop→stop orders whose first is `first`. */
function asymmetricalStopOrdersFrom(cluster: ClusterState, first: string): OrderConstraint[] {
  return orders(cluster).filter((o) => o.orderKind === "Mandatory" && !o.symmetrical && o.firstAction === "stop" && o.thenAction === "stop" && o.first === first);
}

/**
 * Stops that would wait for an unmanaged resource's stop, other than a
 * group's members before it: the then of an asymmetrical Mandatory stop→stop
 * order whose first is unmanaged (or, for a blocked line that changes
 * nothing, or that keeps the resource where it runs, a clone with no
 * instance running on an online node), for which
 * Pacemaker prints a blocked Stop line, `required X stop (blocked)`, or
 * `X-clone stopped` for a clone, even where the resource stays
 * (`unrunnable X stop (blocked)`, or `X-clone stopped`, where it keeps the
 * resource on the node the reference moves it from); and a group's member after an unmanaged one,
 * whose stop Pacemaker ascribes to that member (`required X start`, or
 * `unrunnable X start` when that member could not start either).
 */
const stopAfterUnmanagedStop: DiffNote = {
  id: "stop-after-unmanaged-stop",
  note:
    "An unmanaged resource never stops, so Pacemaker treats a stop ordered after its stop as one that cannot run: the then of an asymmetrical Mandatory stop→stop order whose first is unmanaged (or a clone with no instance running on an online node, which has nothing to stop either) gets a Stop line 'due to required X stop (blocked)' (for a clone 'X-clone stopped') that changes nothing (or 'due to unrunnable X stop (blocked)', 'X-clone stopped' for a clone, keeping it where it runs when it should move), and a group member after an unmanaged member stops 'due to required X start' (or 'unrunnable X start', when that member's own start could not run); the reference does not wait for a stop that never happens and words such a stop by the node availability that causes it.",
  matches: (d, { cluster }) => {
    const meta = buildContext(cluster, new Set()).meta;
    const unmanaged = (id: string) => members(cluster, id).length > 0 && members(cluster, id).every((p) => meta.get(p)?.isManaged === false);
    // A blocked Stop line that changes nothing: the resource stays where both planners keep it.
    const blockedLine = d.reference.length === 0 && d.oracle.length === 1 && d.referenceNodes.join() === d.oracleNodes.join() ? /^\* Stop \S+ \( \S+ \) due to required (\S+?)(?: stopped| stop) \(blocked\)$/.exec(d.oracle[0]!) : null;
    // A clone with no instance running on an online node has no stop to wait for either.
    const orderedAfterUnmanaged = (first: string) =>
      (unmanaged(first) || idleClone(cluster, first)) && asymmetricalStopOrdersFrom(cluster, first).some((o) => reaches(cluster, o.then, d.subject));
    if (blockedLine !== null) return orderedAfterUnmanaged(blockedLine[1]!);
    // Kept where it runs by its blocked stop, where the reference moves or migrates it away.
    const keptLine = d.reference.length === 1 && d.oracle.length === 1 ? /^\* Stop \S+ \( (\S+) \) due to unrunnable (\S+?)(?: stopped| stop) \(blocked\)$/.exec(d.oracle[0]!) : null;
    if (keptLine !== null) {
      const departure = fromTo(d.reference[0]!);
      const [node, first] = [keptLine[1]!, keptLine[2]!];
      return (
        (d.reference[0]!.startsWith("* Move ") || d.reference[0]!.startsWith("* Migrate ")) &&
        departure?.from === node &&
        d.oracleNodes.join() === node &&
        orderedAfterUnmanaged(first)
      );
    }
    // The same stop, worded after the unmanaged member before it.
    if (d.reference.length !== 1 || d.oracle.length !== 1) return false;
    const worded = new RegExp(`^\\* Stop ${d.subject} \\( (\\S+) \\) due to (?:required|unrunnable) (\\S+) start$`).exec(d.oracle[0]!);
    if (worded === null || d.reference[0] !== `* Stop ${d.subject} ( ${worded[1]} ) due to node availability`) return false;
    return groupsOf(cluster).some((g) => {
      const ids = g.members.map((m) => m.id);
      const before = ids.indexOf(d.subject) - 1;
      return before >= 0 && ids[before] === worded[2] && ids.slice(0, before + 1).some((p) => unmanaged(p) && cluster.status.active.some((a) => a.resource === p && a.node === worded[1]));
    });
  },
};

/**
 * A clone with no instance running on an online node that an asymmetrical
 * Mandatory stop→stop order puts before another resource: Pacemaker's
 * `X-clone stopped` cannot run (see stop-after-unmanaged-stop), and the same
 * clone's fresh instance is then blocked for the unrunnable start of an
 * unmanaged first that is running, whose start it otherwise never waits for;
 * the reference starts it.
 */
const idleCloneStartBlocked: DiffNote = {
  id: "idle-clone-start-blocked",
  note:
    "A clone with nothing running whose stop an asymmetrical Mandatory order puts before another resource's stop has, for Pacemaker, a 'stopped' that cannot run, and Pacemaker then also blocks the clone's fresh instance for the start of an unmanaged resource ordered before it, although that resource runs and its start is never needed; the reference starts the instance.",
  matches: (d, { cluster, oracle }) => {
    const clone = cloneHolding(cluster, d.subject);
    if (clone === undefined || d.reference.length !== 1 || d.oracle.length !== 1) return false;
    const blocked = / due to unrunnable (\S+) start \(blocked\)$/.exec(d.oracle[0]!);
    if (blocked === null || d.oracle[0] !== `${d.reference[0]} due to unrunnable ${blocked[1]} start (blocked)` || !d.reference[0]!.startsWith("* Start ")) return false;
    const first = blocked[1]!;
    const online = (node: string) => cluster.nodes.some((n) => n.name === node && n.membership === "online");
    const unmanaged = buildContext(cluster, new Set()).meta.get(first)?.isManaged === false;
    const runningUnmanaged = unmanaged && cluster.status.active.some((a) => a.resource === first && online(a.node));
    const stopsBefore = asymmetricalStopOrdersFrom(cluster, clone.id).length > 0;
    const stoppedBlocks = oracle.summary.some((l) => new RegExp(` due to (?:unrunnable|required) ${clone.id} stopped \\(blocked\\)$`).test(lineText(l)));
    return runningUnmanaged && idleClone(cluster, clone.id) && stopsBefore && stoppedBlocks && startOrderedAfter(cluster, first, d.subject);
  },
};

/**
 * The same move, with the same cause of the blocked live migration, worded
 * two ways: Pacemaker 2.1.5 (the oracle installed here, whose scheduler has
 * no other word for it) says `unrunnable X stop`, later releases (whose
 * regression corpus the reference conforms to) `unmigrateable X stop`.
 */
const blockedMigrationWording: DiffNote = {
  id: "blocked-migration-wording",
  note:
    "Pacemaker 2.1.5, the oracle here, gives a move whose live migration what it depends on blocks the reason 'unrunnable X stop'; later Pacemaker releases, whose regression corpus the reference conforms to (5-am-then-bm-a-not-migratable and others), word the same cause 'unmigrateable X stop', as the reference does.",
  matches: (d) => {
    const newer = / due to unmigrateable (\S+) stop$/;
    if (!d.aspect.endsWith("-reason") || !d.reference.some((l) => newer.test(l))) return false;
    const reworded = d.reference.map((l) => l.replace(newer, " due to unrunnable $1 stop")).sort();
    return reworded.join("\n") === [...d.oracle].sort().join("\n");
  },
};

/**
 * The then of a Mandatory symmetrical start order whose first is in a
 * dangling migration (it runs on its target, only its source's clean-up stop
 * is left): Pacemaker counts that clean-up stop as the first stopping and so
 * moves the then instead of live-migrating it; the reference, for which the
 * first stays up throughout, migrates it.
 */
const danglingFirstBlocksMigration: DiffNote = {
  id: "dangling-first-blocks-migration",
  note:
    "The subject follows, by a Mandatory symmetrical start order, a resource in a dangling migration whose only action left is the clean-up stop on its migration source; Pacemaker takes that stop for the first stopping and moves the subject by stop and start ('unrunnable X stop'), while the reference, for which the first stays up on its target throughout, live-migrates it (the same nodes).",
  matches: (d, { cluster }) => {
    if (d.reference.length !== 1 || d.oracle.length !== 1 || !d.reference[0]!.startsWith("* Migrate ")) return false;
    const [migrate, move] = [fromTo(d.reference[0]!), fromTo(d.oracle[0]!)];
    const cause = namedCause(d.oracle[0]!);
    if (migrate === undefined || move === undefined || migrate.from !== move.from || migrate.to !== move.to || cause?.cause !== "stop") return false;
    const dangling = cluster.status.migrations.some((m) => m.stage === "dangling" && m.resource === cause.resource);
    const ordered = orders(cluster).some(
      (o) => o.orderKind === "Mandatory" && o.symmetrical && o.firstAction === "start" && o.thenAction === "start" && o.first === cause.resource && reaches(cluster, o.then, d.subject),
    );
    return d.oracle[0]!.startsWith("* Move ") && dangling && ordered;
  },
};

/** Why a summary line says its resource acts: the resource its reason names (a clone's start is `required X-clone running`), and how. */
function namedCause(line: string): { resource: string; cause: "start" | "stop" } | undefined {
  const m = / due to (?:required (\S+) (?:start|running)|(?:unrunnable|unmigrateable) (\S+) stop)$/.exec(line);
  if (m === null) return undefined;
  return m[1] !== undefined ? { resource: m[1], cause: "start" } : { resource: m[2]!, cause: "stop" };
}

/**
 * Whether nothing but load tells the planners' nodes apart for the subject:
 * it is a primitive (not in a group or clone) no colocation names, and no
 * location constraint scores the reference's node and the oracle's node
 * differently (one that scores both alike does not tell them apart). Given
 * both plans (`pair`), a colocation that names the subject does not tell
 * the nodes apart either when the resource on its other side is placed
 * alike in both plans, on neither of the two nodes, runs on neither now,
 * and no location constraint scores the two nodes differently for it; nor
 * does one whose dependent is on that other side and has no wish to pass on
 * (no location constraint scoring the two nodes differently, no other
 * colocation, and no stickiness holding either node: it runs on neither, or
 * the colocation is finite, through which stickiness passes nothing).
 * And one whose other side the two plans place differently for a reason
 * explained in its own right (by a note of its own, or by load in turn,
 * `seen` holding the subjects already on the chain) moves the subject only
 * as a knock-on of that difference.
 */
function placedByLoadAlone(cluster: ClusterState, d: Disagreement, pair?: NotePair, seen: ReadonlySet<string> = new Set()): boolean {
  const primitive = cluster.resources.some((r) => r.kind === "primitive" && r.id === d.subject);
  const names = cluster.nodes.filter((n) => n.name === d.referenceNodes[0] || n.name === d.oracleNodes[0]).map((n) => n.name);
  const neutral = (c: ColocationConstraint) => {
    if (pair === undefined) return false;
    const other = reaches(cluster, c.resource, d.subject) ? c.withResource : c.resource;
    const otherPrimitives = members(cluster, other);
    if (otherPrimitives.length === 0 || otherPrimitives.includes(d.subject)) return false;
    const nodesIn = (t: Transition) => t.target.filter((p) => otherPrimitives.includes(p.resource)).map((p) => `${p.resource}@${p.node}`).sort().join();
    const touches = (placements: readonly { resource: string; node: string }[]) => placements.some((p) => otherPrimitives.includes(p.resource) && names.includes(p.node));
    const placedAlikeAway =
      nodesIn(pair.reference) === nodesIn(pair.oracle) &&
      !touches(pair.reference.target) &&
      !touches(cluster.status.active) &&
      !otherPrimitives.some((p) => locationTellsApart(cluster, p, names));
    const holdsNeither = !touches(cluster.status.active);
    const wishless =
      reaches(cluster, c.withResource, d.subject) &&
      (Math.abs(c.score) < INFINITY || holdsNeither) &&
      !otherPrimitives.some(
        (p) => locationTellsApart(cluster, p, names) || colocationsOf(cluster).some((l) => l !== c && (reaches(cluster, l.resource, p) || reaches(cluster, l.withResource, p))),
      );
    const chain = new Set([...seen, d.subject]);
    const followsExplainedOther = () =>
      compareTransitions(pair.reference, pair.oracle).some(
        (o) =>
          otherPrimitives.includes(o.subject) &&
          !chain.has(o.subject) &&
          o.referenceNodes.join() !== o.oracleNodes.join() &&
          (notesOfTheirOwn().some((n) => n.matches(o, pair)) || loadFollows(o, pair, chain)),
      );
    return placedAlikeAway || wishless || followsExplainedOther();
  };
  const constrained =
    locationTellsApart(cluster, d.subject, names) ||
    colocationsOf(cluster).some((c) => (reaches(cluster, c.resource, d.subject) || reaches(cluster, c.withResource, d.subject)) && !neutral(c));
  return primitive && !constrained;
}

/**
 * Whether the resource `cause` starting anew (a start, move, recovery or
 * restart line in both plans) is a reason for the subject to restart: the
 * first of a Mandatory start→start order whose then stands for the subject,
 * or a member before it in its group.
 */
function restartsSubject(d: Disagreement, pair: NotePair, cause: string): boolean {
  const { cluster } = pair;
  const startsAnew = (t: Transition) =>
    t.summary.some((l) => l.subject.replace(/:\d+$/, "") === cause && ["Start", "Move", "Recover", "Restart"].includes(l.verb));
  if (!startsAnew(pair.reference) || !startsAnew(pair.oracle)) return false;
  const ordered = startOrderedAfter(cluster, cause, d.subject);
  const before = groupsOf(cluster).some((g) => {
    const ids = g.members.map((m) => m.id);
    return ids.includes(cause) && ids.includes(d.subject) && ids.indexOf(cause) < ids.indexOf(d.subject);
  });
  return ordered || before;
}

/**
 * A resource both planners restart where it stays, for several causes at
 * once (what it needs by Mandatory orders, or the group member before it,
 * starting anew in both plans): which one the summary line names is a
 * detail of wording the model does not carry.
 */
const restartCauseNamed: DiffNote = {
  id: "restart-cause-named",
  note:
    "Both planners restart the subject where it stays, and it has several causes to restart, each starting anew in both plans (what it needs by a Mandatory start order, or the group member before it); each planner names one of them on the Restart line, Pacemaker by rules of its own graph that the reference does not model (it names the group member before the subject, else the order declared last): the same actions, a different wording.",
  matches: (d, pair) => {
    if (d.aspect !== "Restart-reason" || d.reference.length !== 1 || d.oracle.length !== 1) return false;
    const ours = namedCause(d.reference[0]!);
    const theirs = namedCause(d.oracle[0]!);
    if (ours?.cause !== "start" || theirs?.cause !== "start" || ours.resource === theirs.resource) return false;
    return restartsSubject(d, pair, ours.resource) && restartsSubject(d, pair, theirs.resource);
  },
};

/**
 * Whether a placement is decided by load alone: the subject, a primitive no
 * colocation names and no location constraint scores differently on the
 * two planners' nodes, takes the same action in both plans but on
 * another node (or, without stickiness, one plan leaves it where it runs
 * and the other moves it), because another resource leaves or stays on one
 * of those nodes differently in the two plans, a difference explained by
 * another note or by load in turn (a chain of such placements), `seen`
 * holding the subjects already on the chain.
 */
function loadFollows(d: Disagreement, pair: NotePair, seen: ReadonlySet<string>): boolean {
  const { cluster } = pair;
  if (d.referenceNodes.length !== 1 || d.oracleNodes.length !== 1) return false;
  const sameAction = d.reference.length === 1 && d.oracle.length === 1 && verbsOf(d.reference)[0] === verbsOf(d.oracle)[0] && d.aspect.endsWith("-nodes");
  // Without stickiness, a resource one planner leaves where it runs the other may move to a less loaded node.
  const lines = [...d.reference, ...d.oracle];
  const rebalanced = lines.length === 1 && verbsOf(lines)[0] === "Move" && buildContext(cluster, new Set()).meta.get(d.subject)?.stickiness === 0;
  if (!sameAction && !rebalanced) return false;
  if (!placedByLoadAlone(cluster, d, pair, seen)) return false;
  const nodes = new Set([...d.referenceNodes, ...d.oracleNodes]);
  const others = DIFF_NOTES.filter((n) => n !== loadFollowsExplainedPlacement && n.id !== "follows-explained-cause");
  const chain = new Set([...seen, d.subject]);
  return compareTransitions(pair.reference, pair.oracle).some(
    (c) =>
      !chain.has(c.subject) &&
      [...c.referenceNodes, ...c.oracleNodes].some((n) => nodes.has(n)) &&
      (others.some((n) => n.matches(c, pair)) || loadFollows(c, pair, chain)),
  );
}

/** A placement decided by load alone (see {@link loadFollows}). */
const loadFollowsExplainedPlacement: DiffNote = {
  id: "load-follows-explained-placement",
  note:
    "The subject, which no colocation names (but one whose other side both planners place alike, away from either node, one whose dependent on the other side has no wish of its own to pass on, or one whose other side the planners place differently for a reason explained in its own right) and no location constraint prefers on either planner's node over the other, is placed by load alone, and the nodes' loads differ between the planners only because another resource is placed differently on one of the subject's nodes, a difference explained by its own note (or by load in turn); both planners take the same action for the subject, on the least loaded node each sees (or, the subject without stickiness, one leaves it where it runs and the other moves it to a less loaded node).",
  matches: (d, pair) => loadFollows(d, pair, new Set()),
};

/**
 * Whether a disagreement is a knock-on of a known one: one planner restarts
 * the subject (or some of a clone's instances, the other lines the same)
 * because what it depends on starts again, or moves it instead
 * of live-migrating it because what it depends on stops, and names that
 * resource as the cause; the other planner leaves the subject running (or
 * migrates it) because that resource does not go down there. Or both stop
 * the subject, one naming that resource's stop and the other its start,
 * since it does not go down in that planner's plan. And the two
 * planners' difference about that resource is itself explained, by another
 * note or as a knock-on in turn (a chain of restarts), `seen` holding the
 * subjects already on the chain.
 */
function followsExplained(d: Disagreement, pair: NotePair, seen: ReadonlySet<string>): boolean {
  if (d.referenceNodes.join() !== d.oracleNodes.join()) return false;
  const knockOn = (named: readonly string[], other: readonly string[]) => {
    // Restarts (of one resource, or of a clone's instances) all named after one start, the other lines the same.
    const extra = named.filter((l) => !other.includes(l));
    const restartCauses = new Set(extra.map((l) => (l.startsWith("* Restart ") && namedCause(l)?.cause === "start" ? namedCause(l)!.resource : undefined)));
    const restarted = [...restartCauses][0];
    if (extra.length > 0 && restartCauses.size === 1 && restarted !== undefined && other.every((l) => named.includes(l))) return restarted;
    if (named.length !== 1) return undefined;
    const cause = namedCause(named[0]!);
    if (cause === undefined) return undefined;
    const move = fromTo(named[0]!);
    const moveVsMigrate =
      cause.cause === "stop" &&
      named[0]!.startsWith("* Move ") &&
      other.length === 1 &&
      other[0]!.startsWith("* Migrate ") &&
      move !== undefined &&
      fromTo(other[0]!)?.from === move.from &&
      fromTo(other[0]!)?.to === move.to;
    // The same stop, named after that resource's stop where the other plan, in which it does not go down, names its start.
    const withoutReason = (line: string) => line.replace(/ due to .*$/, "");
    const reworded =
      cause.cause === "stop" &&
      other.length === 1 &&
      withoutReason(named[0]!) === withoutReason(other[0]!) &&
      / due to unrunnable (\S+) (?:start|running)$/.exec(other[0]!)?.[1] === cause.resource;
    return moveVsMigrate || reworded ? cause.resource : undefined;
  };
  const cause = knockOn(d.reference, d.oracle) ?? knockOn(d.oracle, d.reference);
  if (cause === undefined) return false;
  const others = DIFF_NOTES.filter((n) => n !== followsExplainedCause);
  const subjects = new Set(members(pair.cluster, cause).filter((s) => !seen.has(s)));
  const chain = new Set([...seen, d.subject]);
  return compareTransitions(pair.reference, pair.oracle).some(
    (c) => subjects.has(c.subject) && (others.some((n) => n.matches(c, pair)) || followsExplained(c, pair, chain)),
  );
}

/**
 * A live migration Pacemaker does not make because its resource is the
 * `then` of a symmetrical Mandatory stop→stop order whose `first` starts
 * again in Pacemaker's plan only (a restart or start the reference does not
 * make, explained by another note): the reference, which keeps the same rule,
 * migrates it because that first does not start in its plan.
 */
const stopOrderMigrationAfterExplained: DiffNote = {
  id: "stop-order-migration-after-explained",
  note:
    "Neither planner live-migrates the then of a symmetrical Mandatory 'first stop, then stop' order whose first starts again in the same transition; Pacemaker's plan starts that first again (a restart or start the reference does not make, a difference explained by its own note), so Pacemaker moves the then by stop and start where the reference, whose first stays put, migrates it.",
  matches: (d, pair) => {
    const { cluster } = pair;
    if (d.reference.length !== 1 || d.oracle.length !== 1 || !d.reference[0]!.startsWith("* Migrate ") || !d.oracle[0]!.startsWith("* Move ")) return false;
    const [migrate, move] = [fromTo(d.reference[0]!), fromTo(d.oracle[0]!)];
    if (migrate === undefined || move === undefined || migrate.from !== move.from || migrate.to !== move.to) return false;
    const firsts = orders(cluster)
      .filter((o) => o.orderKind === "Mandatory" && o.symmetrical && o.firstAction === "stop" && o.thenAction === "stop" && reaches(cluster, o.then, d.subject))
      .flatMap((o) => members(cluster, o.first));
    const startsAgain = (lines: readonly string[]) => verbsOf(lines).some((v) => v === "Restart" || v === "Start" || v === "Move" || v === "Recover");
    const others = DIFF_NOTES.filter((n) => n !== stopOrderMigrationAfterExplained);
    return compareTransitions(pair.reference, pair.oracle).some(
      (c) => firsts.includes(c.subject) && startsAgain(c.oracle) && !startsAgain(c.reference) && others.some((n) => n.matches(c, pair)),
    );
  },
};

/**
 * A Mandatory start order whose first is an unmanaged resource that follows,
 * by a Mandatory start order in turn, something starting anew: Pacemaker
 * restarts the then (`due to required U start`) although the unmanaged
 * resource itself is left running; the reference does not.
 */
const restartThroughUnmanaged: DiffNote = {
  id: "restart-through-unmanaged",
  note:
    "Pacemaker restarts the then of a Mandatory start order whose first is an unmanaged resource when what that resource needs by a Mandatory start order in turn starts anew ('due to required U start'), although the unmanaged resource is left running and never restarts; the reference restarts only what needs something that really goes down (the no-needless-actions property).",
  matches: (d, pair) => {
    const { cluster } = pair;
    const line = d.oracle.length === 1 && d.reference.length === 0 ? d.oracle[0]! : "";
    const cause = line.startsWith(`* Restart ${d.subject} `) ? namedCause(line) : undefined;
    if (cause?.cause !== "start" || d.referenceNodes.length === 0 || d.referenceNodes.join() !== d.oracleNodes.join()) return false;
    const meta = buildContext(cluster, new Set()).meta;
    const unmanaged = members(cluster, cause.resource);
    const leftRunning = (p: string) => meta.get(p)?.isManaged === false && cluster.status.active.some((a) => a.resource === p);
    if (unmanaged.length === 0 || !unmanaged.every(leftRunning)) return false;
    if ([pair.reference, pair.oracle].some((t) => t.summary.some((l) => unmanaged.includes(l.subject.replace(/:\d+$/, ""))))) return false;
    const startOrders = orders(cluster).filter((o) => o.orderKind === "Mandatory" && o.firstAction === "start" && o.thenAction === "start");
    const follows = startOrders.some((o) => o.first === cause.resource && reaches(cluster, o.then, d.subject));
    // What the unmanaged resource needs starts anew in both plans.
    const needsRestarted = startOrders.some(
      (o) => reaches(cluster, o.then, unmanaged[0]!) && members(cluster, o.first).some((f) => restartsSubject({ ...d, subject: unmanaged[0]! }, pair, f)),
    );
    return follows && needsRestarted;
  },
};

/**
 * A finite colocation of an interleaved clone with another clone: Pacemaker
 * weighs it, for each dependent instance, on one node of the primary only
 * (the node the instance prefers by its own scores, ties going to the
 * lowest name), so an instance leaves one node where the primary runs for
 * another; the reference weighs it on every node where the primary runs.
 */
const interleavedColocationOneInstance: DiffNote = {
  id: "interleaved-colocation-one-instance",
  note:
    "Pacemaker weighs a finite colocation of an interleaved clone with another clone, for each dependent instance, against one instance of the primary only (the one on the node the dependent instance prefers by its own scores, ties going to the lowest name), so an instance without a preference of its own leaves a node where the primary runs for another such node, for nothing; the reference weighs the colocation on every node where the primary runs, so the instance stays.",
  matches: (d, { cluster, reference, oracle }) => {
    const dependent = cloneHolding(cluster, d.subject);
    if (dependent === undefined || !dependent.interleave || d.referenceNodes.join() === d.oracleNodes.join()) return false;
    const clones = new Set(cluster.resources.flatMap((r) => (r.kind === "clone" && r !== dependent ? [r.id, r.child.id] : [])));
    const nodesIn = (t: Transition, ids: readonly string[]) => t.target.filter((p) => ids.includes(p.resource)).map((p) => p.node);
    return colocationsOf(cluster).some((c) => {
      if (c.score <= 0 || c.score >= INFINITY || !clones.has(c.withResource) || !reaches(cluster, c.resource, d.subject)) return false;
      const primaries = members(cluster, c.withResource);
      return [reference, oracle].every((t) => nodesIn(t, [d.subject]).every((n) => nodesIn(t, primaries).includes(n)));
    });
  },
};

/**
 * A dependent of a +INFINITY colocation that each planner places with its
 * primary, which the two place differently for a reason another note
 * explains: the dependent's difference follows from its primary's.
 */
const colocationFollowsExplained: DiffNote = {
  id: "colocation-follows-explained-placement",
  note:
    "The subject is the dependent of a +INFINITY colocation and each planner runs it only where it runs the primary, which the two planners place differently for a reason explained by the primary's own note; the subject's placement differs only as a consequence.",
  matches: (d, pair) => {
    const { cluster, reference, oracle } = pair;
    if (d.referenceNodes.length === 0 || d.oracleNodes.length === 0 || d.referenceNodes.join() === d.oracleNodes.join()) return false;
    const nodesIn = (t: Transition, ids: readonly string[]) => t.target.filter((p) => ids.includes(p.resource)).map((p) => p.node);
    const others = notesOfTheirOwn();
    return colocationsOf(cluster).some((c) => {
      if (c.score < INFINITY || !reaches(cluster, c.resource, d.subject)) return false;
      const primaries = members(cluster, c.withResource);
      const withPrimary = (t: Transition, nodes: readonly string[]) => nodes.every((n) => nodesIn(t, primaries).includes(n));
      if (!withPrimary(reference, d.referenceNodes) || !withPrimary(oracle, d.oracleNodes)) return false;
      return compareTransitions(reference, oracle).some(
        (p) => primaries.includes(p.subject) && p.referenceNodes.join() !== p.oracleNodes.join() && others.some((n) => n.matches(p, pair)),
      );
    });
  },
};

/** A knock-on difference (see {@link followsExplained}). */
const followsExplainedCause: DiffNote = {
  id: "follows-explained-cause",
  note:
    "The subject is restarted (or moved instead of live-migrated) by one planner only because what it depends on goes down in that planner's plan, as its summary line names, and the planners' difference about that resource is itself a known one (see its note, or this one again for a chain of restarts); both agree on where the subject ends.",
  matches: (d, pair) => followsExplained(d, pair, new Set()),
};

/**
 * A resource one plan stops (or keeps from starting) for the unrunnable
 * start of what a Mandatory start order puts before it, while the other
 * plan, in which that first runs, places it: the planners' difference about
 * that first is itself a known one (by a note of its own, see
 * {@link notesOfTheirOwn}).
 */
const unrunnableFirstExplained: DiffNote = {
  id: "unrunnable-first-explained",
  note:
    "One planner stops the subject (or keeps it from starting) because what a Mandatory order puts before it cannot start in its plan, as its summary line names, while the other planner runs that first and places the subject; the planners' difference about that first is itself a known one (see its note).",
  matches: (d, pair) => {
    const { cluster } = pair;
    const sides: [readonly string[], readonly string[], Transition][] = [
      [d.oracle, d.reference, pair.reference],
      [d.reference, d.oracle, pair.oracle],
    ];
    return sides.some(([stopped, placed, placing]) => {
      if (stopped.length !== 1) return false;
      const first = / due to unrunnable (\S+) (?:start|running)(?: \(blocked\))?$/.exec(stopped[0]!)?.[1];
      if (first === undefined || placed.some((l) => l.includes(` ${first} `))) return false;
      const runs = (id: string) => placing.target.some((t) => members(cluster, id).includes(t.resource));
      if (!runs(d.subject) || !runs(first)) return false;
      if (!startOrderedAfter(cluster, first, d.subject)) return false;
      const others = notesOfTheirOwn();
      return compareTransitions(pair.reference, pair.oracle).some((c) => members(cluster, first).includes(c.subject) && others.some((n) => n.matches(c, pair)));
    });
  },
};

/**
 * A dependent with a mandatory colocation and a finite anti-colocation with
 * the same primary, the finite one weighed first by Pacemaker: it weighs a
 * dependent's colocations with one primary in declaration order (reversed
 * for a primitive dependent) and drops a finite one only where it would leave
 * the dependent nowhere to run, so the anti-colocation, weighed while other
 * nodes remain, keeps the dependent from its primary's node; the reference
 * weighs the mandatory one first, whatever the declaration order, and the
 * dependent runs.
 */
const colocationDeclarationOrder: DiffNote = {
  id: "colocation-declaration-order",
  note:
    "Pacemaker weighs a dependent's colocations with one primary in declaration order (reversed for a primitive dependent) and drops a finite one only where it would leave the dependent nowhere to run, so a finite anti-colocation weighed before a mandatory colocation still counts and keeps the dependent from running with its primary, while the same constraints declared the other way round let it run there; the reference weighs the mandatory colocation first whatever the declaration order (the deterministic property), drops the anti-colocation and runs the dependent.",
  matches: (d, { cluster }) => {
    if (d.referenceNodes.length === 0 || d.oracleNodes.length > 0) return false;
    const colocations = colocationsOf(cluster);
    const primitive = (id: string) => primitivesOf(cluster.resources).some((p) => p.id === id);
    return colocations.some((mandatory, i) => {
      if (mandatory.score < INFINITY || !reaches(cluster, mandatory.resource, d.subject)) return false;
      // The ones Pacemaker weighs before the mandatory colocation.
      const weighedFirst = primitive(mandatory.resource) ? colocations.slice(i + 1) : colocations.slice(0, i);
      return weighedFirst.some(
        (finite) => finite.resource === mandatory.resource && finite.withResource === mandatory.withResource && finite.score < 0 && finite.score > -INFINITY,
      );
    });
  },
};

/**
 * The anticolocation-instance-order of a cloned dependent: a clone whose
 * instance runs on a node where a finite anti-colocation with another clone
 * (not outweighed by its stickiness) scores it below zero. Pacemaker keeps
 * no instance on a node scored below zero by preference: it places the
 * instance anew among the nodes, and where the others score the same (each
 * with an instance of that other clone, no location of the dependent on
 * them) it may pick another, moving the instance there for nothing; the
 * reference keeps it where it runs. The two plans put the dependent on as
 * many nodes, the same but for such nodes.
 */
function clonedDependentReplaced(d: Disagreement, { cluster, reference, oracle }: NotePair): boolean {
  const clone = cloneHolding(cluster, d.subject);
  if (clone === undefined || clone.child.kind !== "primitive" || d.referenceNodes.length !== d.oracleNodes.length) return false;
  const onlyReference = d.referenceNodes.filter((n) => !d.oracleNodes.includes(n));
  const onlyOracle = d.oracleNodes.filter((n) => !d.referenceNodes.includes(n));
  if (onlyReference.length === 0) return false;
  // The reference keeps an instance where it runs, and Pacemaker moves one off that node.
  const running = (node: string) => cluster.status.active.some((a) => a.resource === d.subject && a.node === node);
  const movedOff = (node: string) => d.oracle.some((l) => l.startsWith("* Move ") && fromTo(l)?.from === node);
  if (!onlyReference.every((n) => running(n) && movedOff(n) && !d.reference.some((l) => l.includes(` ${n} `)))) return false;
  const located = (node: string) => cluster.constraints.some((c) => c.kind === "location" && reaches(cluster, c.resource, d.subject) && (c.node === undefined || c.node === node));
  const stickiness = buildContext(cluster, new Set()).meta.get(d.subject)!.stickiness;
  return colocationsOf(cluster).some((c) => {
    if (c.score >= 0 || c.score <= -INFINITY || stickiness >= -c.score || !reaches(cluster, c.resource, d.subject)) return false;
    const primary = cluster.resources.find((r): r is Clone => r.kind === "clone" && (r.id === c.withResource || r.child.id === c.withResource));
    if (primary === undefined || primary === clone) return false;
    const primaryOn = (t: Transition, node: string) => t.target.some((p) => p.node === node && members(cluster, primary.id).includes(p.resource));
    return [...onlyReference, ...onlyOracle].every((node) => !located(node) && [reference, oracle].every((t) => primaryOn(t, node)));
  });
}

/**
 * A dependent kept by the reference where it runs with one instance of a
 * clone it is anti-colocated with by a finite score, moved by Pacemaker to
 * the node of another instance, or stopped: Pacemaker weighs the clone's
 * nodes in its instance numbering (which changes once new instances run)
 * and drops the colocation where it would leave the dependent nowhere to run.
 * Or, the dependent a clone, see {@link clonedDependentReplaced}.
 */
const anticolocationInstanceOrder: DiffNote = {
  id: "anticolocation-instance-order",
  note:
    "Pacemaker weighs a finite anti-colocation with a clone node by node in the clone's instance numbering and drops it where it would leave the dependent nowhere to run; the numbering changes once new instances run, so a dependent it placed with one instance is moved to another instance's node, or stopped, on the next run, for nothing (its plan was not a fixed point, the stable finding); the reference weighs the node where the dependent runs last, so it stays there. A cloned dependent's instance on a node the anti-colocation scores below zero Pacemaker does not keep there by preference: it places it anew and may move it to another node of the clone, scored the same, for nothing (the no-needless-actions property); the reference keeps it where it runs.",
  matches: (d, pair) => anticolocatedDependentMoved(d, pair) || clonedDependentReplaced(d, pair),
};

/** anticolocation-instance-order, first shape: a dependent kept by the reference where it runs, moved (or stopped) by Pacemaker. */
function anticolocatedDependentMoved(d: Disagreement, { cluster, reference, oracle }: NotePair): boolean {
  const line = d.oracle.length === 1 ? d.oracle[0]! : "";
  const move = line.startsWith("* Move ") ? fromTo(line) : undefined;
  const stop = line.startsWith("* Stop ") && d.oracleNodes.length === 0 ? /\( (\S+) \)/.exec(line)?.[1] : undefined;
  const left = move?.from ?? stop;
  if (left === undefined || d.reference.length !== 0 || !d.referenceNodes.includes(left)) return false;
  if (move !== undefined && !d.oracleNodes.includes(move.to)) return false;
  const clones = new Set(cluster.resources.flatMap((r) => (r.kind === "clone" ? [r.id, r.child.id] : [])));
  return cluster.constraints.some((c) => {
    if (c.kind !== "colocation" || c.score >= 0 || c.score <= -INFINITY || !clones.has(c.withResource) || !reaches(cluster, c.resource, d.subject)) return false;
    const primaryOn = (t: Transition, node: string) => t.target.some((p) => p.node === node && members(cluster, c.withResource).includes(p.resource));
    return [reference, oracle].every((t) => primaryOn(t, left) && (move === undefined || primaryOn(t, move.to)));
  });
}

/**
 * A dependent that starts, anti-colocated by a finite score with a clone
 * that runs on every node it may take: the anti-colocation is dropped on
 * the one node where it would leave the dependent nowhere to run, and which
 * node that is depends on the order the clone's nodes are weighed in;
 * Pacemaker's order follows the clone's node scores (which the clone's own
 * dependents' wishes change, not modelled for clones), the reference's the
 * clone's nodes in turn.
 */
const anticolocationWeighingOrder: DiffNote = {
  id: "anticolocation-weighing-order",
  note:
    "A finite anti-colocation with a clone running on every node the dependent may take is dropped on one node only, the last weighed, where applying it would leave the dependent nowhere to run, so the dependent starts there; Pacemaker weighs the clone's nodes in an order of its own, which the wishes of the clone's other dependents change (the reference does not merge dependents' wishes into a clone's scores), and the reference weighs them in turn; either node is as good, both with an instance of the clone, and each planner keeps the dependent where it started.",
  matches: (d, { cluster, reference, oracle }) => {
    if (d.aspect !== "Start-nodes" || d.referenceNodes.length !== 1 || d.oracleNodes.length !== 1) return false;
    const clones = new Set(cluster.resources.flatMap((r) => (r.kind === "clone" ? [r.id, r.child.id] : [])));
    return cluster.constraints.some((c) => {
      if (c.kind !== "colocation" || c.score >= 0 || c.score <= -INFINITY || !clones.has(c.withResource) || !reaches(cluster, c.resource, d.subject)) return false;
      const primaryOn = (t: Transition, node: string) => t.target.some((p) => p.node === node && members(cluster, c.withResource).includes(p.resource));
      return [reference, oracle].every((t) => primaryOn(t, d.referenceNodes[0]!) && primaryOn(t, d.oracleNodes[0]!));
    });
  },
};

/**
 * Pacemaker stops what depends (by a Mandatory start order) on an unmanaged
 * resource that is mandatorily colocated with a primary placed nowhere,
 * when some order names that primary's start as its first; the reference
 * leaves the dependents running, as Pacemaker does without such an order.
 */
const unmanagedWithStoppedPrimary: DiffNote = {
  id: "unmanaged-with-stopped-primary",
  note:
    "Pacemaker counts an unmanaged resource that must be colocated (+INFINITY) with a resource placed nowhere as unable to start as soon as some order names that primary's start as its first (even an Optional order to an unrelated resource), and stops what depends on it by a Mandatory order; without such an order it leaves them running, as the reference always does, since the unmanaged resource stays where it runs and what depends on it keeps what it needs.",
  matches: (d, { cluster, reference, oracle }) => {
    if (d.reference.length > 0 || d.oracle.length === 0 || !d.oracle.every((l) => l.startsWith(`* Stop ${d.subject} `))) return false;
    const ctx = buildContext(cluster, new Set());
    const unmanagedAndActive = (id: string) =>
      members(cluster, id).every((p) => ctx.meta.get(p)?.isManaged === false && cluster.status.active.some((a) => a.resource === p));
    const placedNowhere = (id: string) => members(cluster, id).every((p) => !reference.target.some((t) => t.resource === p));
    const startNamed = (id: string) => orders(cluster).some((o) => o.first === id && o.firstAction === "start");
    const stuckWithStoppedPrimary = (id: string) =>
      cluster.constraints.some(
        (c) => c.kind === "colocation" && c.score >= INFINITY && c.resource === id && placedNowhere(c.withResource) && startNamed(c.withResource),
      );
    return orders(cluster).some(
      (o) =>
        o.orderKind === "Mandatory" &&
        o.firstAction === "start" &&
        o.thenAction === "start" &&
        reaches(cluster, o.then, d.subject) &&
        unmanagedAndActive(o.first) &&
        stuckWithStoppedPrimary(o.first) &&
        oracle.summary.some(
          (l) =>
            l.verb === "Stop" &&
            reaches(cluster, o.then, l.subject.replace(/:\d+$/, "")) &&
            (l.reason === `unrunnable ${o.first} start` || l.reason === `unrunnable ${o.first} running`),
        ),
    );
  },
};

/**
 * Two Mandatory orders between the same two actions, the earlier one
 * asymmetrical: Pacemaker keeps the first, so the later one's symmetry is
 * lost, and what follows stays running where the reference restarts it (or
 * stops it: its first stopping for good, or unable to run).
 */
const maskedSymmetricalOrder: DiffNote = {
  id: "masked-symmetrical-order",
  note:
    "Pacemaker keeps only the first of two order constraints between the same two actions, so an earlier asymmetrical Mandatory order masks a later symmetrical one, and a then already running is not restarted when its first starts again, nor stopped when its first stops for good or cannot run; the reference honours the symmetrical order and restarts (or stops) it (a Pacemaker bug, not copied).",
  matches: (d, { cluster }) => {
    const restarted = has(d.reference, "Restart") && !has(d.oracle, "Restart");
    // Stopped by the reference, named after the order's first (stopping for good, or unable to run); left running by Pacemaker.
    const stoppedFor =
      d.oracle.length === 0 && d.oracleNodes.length > 0 && d.reference.length === 1
        ? new RegExp(`^\\* Stop ${d.subject} \\( \\S+ \\) due to (?:required|unrunnable) (\\S+) (?:start|running)$`).exec(d.reference[0]!)?.[1]
        : undefined;
    if (!restarted && stoppedFor === undefined) return false;
    const all = orders(cluster);
    return all.some(
      (late, j) =>
        late.orderKind === "Mandatory" &&
        late.symmetrical &&
        reaches(cluster, late.then, d.subject) &&
        (restarted || late.first === stoppedFor) &&
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

/** Whether a resource stands on one side of two colocations with the same other resource, one +INFINITY and one -INFINITY. */
function contradictorilyColocated(cluster: ClusterState, resource: string): boolean {
  return contradictedColocations(cluster).some((c) => reaches(cluster, c.resource, resource) || reaches(cluster, c.withResource, resource));
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

/**
 * A group member's own stop (for node availability) on a node where a later
 * member is unmanaged and active: the group stops in reverse order, so
 * Pacemaker prints the same Stop line marked `(blocked)` and leaves the
 * member there; the reference stops it.
 */
const groupOwnStopBlockedByUnmanaged: DiffNote = {
  id: "group-own-stop-blocked-by-unmanaged",
  note:
    "A group (cloned or not) stops its members in reverse order, so a member that must stop on a node where a later member is unmanaged and active cannot: Pacemaker prints the member's own Stop line marked '(blocked)' and leaves it running; the reference does not model stops that cannot happen for a managed resource (the converges property) and stops it without waiting for the unmanaged member.",
  matches: (d, { cluster }) => {
    // The lines both plans print alike (a cloned group's other instances) aside.
    const ours = d.reference.filter((l) => !d.oracle.includes(l)).sort();
    const theirs = d.oracle.filter((l) => !d.reference.includes(l)).sort();
    if (ours.length === 0 || ours.length !== theirs.length) return false;
    const meta = buildContext(cluster, new Set()).meta;
    const memberStop = new RegExp(`^\\* Stop ${d.subject}(?::\\d+)? \\( (\\S+) \\) due to .+$`);
    return ours.every((line, k) => {
      const node = memberStop.exec(line)?.[1];
      if (node === undefined || theirs[k] !== `${line} (blocked)`) return false;
      const laterUnmanagedThere = (g: Group) => {
        const ids = g.members.map((m) => m.id);
        const at = ids.indexOf(d.subject);
        return at >= 0 && ids.slice(at + 1).some((p) => !meta.get(p)!.isManaged && cluster.status.active.some((a) => a.resource === p && a.node === node));
      };
      return groupsOf(cluster).some(laterUnmanagedThere);
    });
  },
};

/**
 * A resource colocated (+INFINITY) with a group one of whose members' stop
 * Pacemaker blocks behind a later unmanaged member (see
 * group-own-stop-blocked-by-unmanaged): for Pacemaker the group stays on its
 * node, and the resource with it; the reference stops that member, so the
 * group runs nowhere and the resource stops too.
 */
const withBlockedGroupStop: DiffNote = {
  id: "with-blocked-group-stop",
  note:
    "The subject must run with a group (a +INFINITY colocation) whose member cannot stop for Pacemaker, a later member being unmanaged and active (see group-own-stop-blocked-by-unmanaged), so Pacemaker keeps the group on its node and the subject beside it; the reference stops that member, the group then runs nowhere, and it stops the subject for node availability.",
  matches: (d, pair) => {
    const node = d.oracleNodes.length === 1 && d.referenceNodes.length === 0 ? d.oracleNodes[0]! : undefined;
    if (node === undefined || d.oracle.length !== 0 || d.reference.join() !== `* Stop ${d.subject} ( ${node} ) due to node availability`) return false;
    const primaries = colocationsOf(pair.cluster)
      .filter((c) => c.score >= INFINITY && reaches(pair.cluster, c.resource, d.subject))
      .flatMap((c) => groupsOf(pair.cluster).filter((g) => g.id === c.withResource))
      .flatMap((g) => g.members.map((m) => m.id));
    return compareTransitions(pair.reference, pair.oracle).some((c) => primaries.includes(c.subject) && groupOwnStopBlockedByUnmanaged.matches(c, pair));
  },
};

/**
 * A primitive (not a clone) active on several nodes, no migration recorded,
 * that is the then of an asymmetrical Mandatory start order whose first runs
 * nowhere: Pacemaker stops every copy (it would restart it, and that start
 * cannot run), the reference keeps one copy (the order binds only starts).
 */
const multiplyActiveUnrunnableRestart: DiffNote = {
  id: "multiply-active-unrunnable-restart",
  note:
    "A primitive found active on several nodes is stopped everywhere and started again by Pacemaker, so when it is the then of an asymmetrical Mandatory start order whose first cannot run, that start is unrunnable and Pacemaker stops it for good; the reference leaves one copy running (restarting it would be needless, the no-needless-actions property, and an asymmetrical order binds only starts) and stops only the others.",
  matches: (d, { cluster, oracle }) => {
    const active = cluster.status.active.filter((p) => p.resource === d.subject).map((p) => p.node);
    const primitive = cluster.resources.some((r) => r.kind !== "clone" && members(cluster, r.id).includes(d.subject));
    if (!primitive || active.length < 2 || cluster.status.migrations.some((m) => m.resource === d.subject)) return false;
    if (d.referenceNodes.length !== 1 || !active.includes(d.referenceNodes[0]!) || d.oracleNodes.length !== 0) return false;
    if (!verbsOf(d.reference).every((v) => v === "Stop") || d.oracle.length !== 1) return false;
    const stopped = /^\* Stop \S+ \( (\S+) \) due to unrunnable (\S+) (?:start|running)$/.exec(d.oracle[0]!);
    if (stopped === null || !active.includes(stopped[1]!)) return false;
    const runsNowhere = (id: string) => !oracle.target.some((t) => members(cluster, id).includes(t.resource));
    return orders(cluster).some(
      (o) =>
        o.orderKind === "Mandatory" &&
        !o.symmetrical &&
        o.firstAction === "start" &&
        o.thenAction === "start" &&
        o.first === stopped[2] &&
        reaches(cluster, o.then, d.subject) &&
        runsNowhere(o.first),
    );
  },
};

/**
 * What a Mandatory start order puts after an unmanaged primitive that is
 * active only on a node being fenced: the reference keeps it from running
 * (that primitive runs nowhere once the node is fenced, and cannot be started
 * by the cluster), naming the unmanaged primitive's unrunnable start;
 * Pacemaker, finding the primitive active, waits for no start of it and
 * moves or starts what follows.
 */
const unmanagedFirstOnFencedNode: DiffNote = {
  id: "unmanaged-first-on-fenced-node",
  note:
    "Pacemaker waits for no start of an unmanaged resource it finds active, even when that copy is on a node it fences, so what a Mandatory order puts after it moves or starts elsewhere while the unmanaged resource then runs nowhere (the dependency-held property); the reference keeps the order and stops it, or keeps it from starting, for the unmanaged resource's unrunnable start.",
  matches: (d, { cluster }) => {
    if (d.oracleNodes.length === 0 || d.reference.length === 0) return false;
    const fenced = (node: string) => cluster.options.fencingEnabled && cluster.nodes.some((n) => n.name === node && n.membership === "unclean");
    const blockers = d.reference.map((l) => / due to unrunnable (\S+) start( \(blocked\))?$/.exec(l)?.[1] ?? "");
    return blockers.every((blocker) => {
      const unmanaged = primitivesOf(cluster.resources).find((p) => p.id === blocker && p.meta.isManaged === false);
      const activeOn = cluster.status.active.filter((p) => p.resource === blocker).map((p) => p.node);
      return (
        unmanaged !== undefined &&
        activeOn.length > 0 &&
        activeOn.every(fenced) &&
        !d.oracle.some((l) => l.includes(` ${blocker} `)) &&
        startOrderedAfter(cluster, blocker, d.subject)
      );
    });
  },
};

/** The node a clone instance's summary line acts on: where it stops, restarts or starts (for a Move, both ends). */
function instanceLineNodes(line: string): string[] {
  const i = instanceLine(line);
  return i === undefined ? [] : i.from === undefined ? [i.node] : [i.from, i.node];
}

/**
 * An interleaved clone that a Mandatory start order puts after another
 * clone: Pacemaker runs its instances only on nodes where the first clone
 * has an instance (each waits for the first's instance on its node), so it
 * stops (or does not start) one on a node the first clone leaves or never
 * reaches; the reference places the then clone on its own and keeps that
 * instance.
 */
const interleavedWithoutFirstInstance: DiffNote = {
  id: "interleaved-without-first-instance",
  note:
    "Pacemaker runs an interleaved clone's instance only where the clone it follows by a Mandatory start order has an instance too, so it stops one (or starts none) on a node that clone leaves or never reaches; the reference places the interleaved clone by its own constraints and keeps the instance there (the rest of the clone's lines differ at most in their reasons).",
  matches: (d, { cluster, reference, oracle }) => {
    const clone = cloneHolding(cluster, d.subject);
    if (clone === undefined || !clone.interleave || !d.oracleNodes.every((n) => d.referenceNodes.includes(n))) return false;
    const extra = d.referenceNodes.filter((n) => !d.oracleNodes.includes(n));
    if (extra.length === 0) return false;
    const firstClones = orders(cluster).filter(
      (o) =>
        o.orderKind === "Mandatory" &&
        o.firstAction === "start" &&
        o.thenAction === "start" &&
        (o.then === clone.id || o.then === clone.child.id) &&
        cluster.resources.some((r) => r.kind === "clone" && (r.id === o.first || r.child.id === o.first)),
    );
    const instanceOn = (t: Transition, first: string, node: string) => t.target.some((p) => p.node === node && members(cluster, first).includes(p.resource));
    if (!firstClones.some((o) => extra.every((n) => !instanceOn(reference, o.first, n) && !instanceOn(oracle, o.first, n)))) return false;
    const onExtra = (l: string) => instanceLineNodes(l).some((n) => extra.includes(n));
    // Pacemaker only stops there; the reference starts, restarts or leaves it there.
    if (!d.oracle.filter(onExtra).every((l) => instanceLine(l)?.verb === "Stop")) return false;
    if (!d.reference.filter(onExtra).every((l) => ["Start", "Restart"].includes(instanceLine(l)?.verb ?? ""))) return false;
    const rest = (lines: readonly string[]) => lines.filter((l) => !onExtra(l)).map(withoutReason).sort().join("\n");
    return rest(d.reference) === rest(d.oracle);
  },
};

/**
 * The notes that explain a disagreement by its own construct, not as the
 * knock-on of another explained one: what a knock-on note asks about the
 * disagreement it follows from, so that no two knock-on notes ask each other
 * in a loop.
 */
function notesOfTheirOwn(): readonly DiffNote[] {
  const knockOns: readonly DiffNote[] = [
    colocationFollowsExplained,
    loadFollowsExplainedPlacement,
    followsExplainedCause,
    stopOrderMigrationAfterExplained,
    unrunnableFirstExplained,
  ];
  return DIFF_NOTES.filter((n) => !knockOns.includes(n));
}

/** The catalog, most specific first: a disagreement takes the first note that recognises it. */
export const DIFF_NOTES: readonly DiffNote[] = [
  fenceReason,
  maskedMandatory,
  maskedMandatoryDownstream,
  maskedSymmetricalOrder,
  maskedOrderRestartCause,
  stopOrderRestart,
  partialMigrationNaming,
  abandonedPartialMigrationRestart,
  restartAfterAbandonedMigration,
  maskedStopOrderMigration,
  danglingFailedSourceRecovery,
  anticolocatedMigration,
  multiplyActiveRestart,
  multiplyActiveRecovery,
  cyclicMigration,
  migrationDropsMirroredOrder,
  weakGroupColocation,
  dependentStickiness,
  cloneInstanceShuffle,
  unmanagedWithStoppedPrimary,
  cloneDownRestart,
  contradictoryColocations,
  orphanFreedByFencing,
  orphanInstanceReplaced,
  cloneInstanceShuffleOnRestart,
  clonedGroupInstancesStacked,
  cloneStickinessUnwished,
  unmanagedMemberKeepsInstance,
  cloneRestartInstanceNaming,
  cloneInstancePairing,
  interleavedWithoutFirstInstance,
  interleavedColocationOneInstance,
  stoppedDependentStickiness,
  stoppingDependentRepelsPrimary,
  stickyDependentBarsPrimary,
  blockedCloneRoom,
  blockedPrimitiveRoom,
  restartCauseNamed,
  groupStopBlockedByUnmanaged,
  groupOwnStopBlockedByUnmanaged,
  withBlockedGroupStop,
  keptBehindUnmanaged,
  multiplyActiveUnrunnableRestart,
  unmanagedFirstOnFencedNode,
  unrunnableFirstExplained,
  stopAfterUnmanagedStop,
  idleCloneStartBlocked,
  restartThroughUnmanaged,
  blockedMigrationWording,
  danglingFirstBlocksMigration,
  colocationDeclarationOrder,
  anticolocationInstanceOrder,
  stopOrderMigrationAfterExplained,
  anticolocationWeighingOrder,
  followsExplainedCause,
  colocationFollowsExplained,
  loadFollowsExplainedPlacement,
];
