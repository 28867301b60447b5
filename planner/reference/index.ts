/**
 * The reference planner: the driver that runs the stages in pipeline order.
 *
 *   1. availability.ts  which nodes may run resources, which must be fenced
 *      tickets.ts       (within 1) what revoked or standby tickets forbid
 *   2. location.ts      location scores per primitive and node
 *   3. assignment.ts    target node(s) of every resource
 *   4. actions.ts       each primitive's change, migrations decided here
 *   5. orderings.ts     actions and ordering edges
 *   6. fencing.ts       fencing of unclean nodes before their implied stops
 *   7. transition.ts    the Transition: graph, target placement, summary
 */
import { findCycle, indexGraph } from "../graph/dag.ts";
import type { ClusterState, Planner, Transition } from "../model.ts";
import type { ResourceChange } from "./actions.ts";
import type { Availability } from "./availability.ts";
import type { PlanContext } from "./context.ts";
import type { ScoreTable } from "./location.ts";
import { decideActions, leavesForAnotherNode } from "./actions.ts";
import { assignResources } from "./assignment.ts";
import { computeAvailability } from "./availability.ts";
import { buildContext, cloneOf } from "./context.ts";
import type { FaultId } from "./faults.ts";
import { fenceUncleanNodes } from "./fencing.ts";
import { computeLocationScores } from "./location.ts";
import { GraphBuilder, orderActions } from "./orderings.ts";
import { quorumBlockedStarts } from "./quorum.ts";
import { assembleTransition } from "./transition.ts";

/** Rounds of re-assignment before the planner settles for the last one. */
const MAX_ROUNDS = 8;

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Plans one cluster with the reference planner, with the given fault modes
 * switched on.
 *
 * Stages 3–4 run to a fixed point: resources that cannot start because what
 * they depend on cannot run are not placed (they still take room where they
 * would run), and resources that stop (or, for their primaries, leave a
 * node) hold nothing there by stickiness, so each round assigns again with
 * what the last one found until a round finds the same (then re-planning the
 * converged state finds nothing to do). A live migration whose mirrored
 * orderings cannot all be met (it would deadlock with an anti-colocated
 * resource, or close a cycle through other orders) falls back to a stop and
 * a start, and the plan is made again.
 */
export function planReference(cluster: ClusterState, faults: readonly FaultId[] = []): Transition {
  const ctx = buildContext(cluster, new Set(faults));
  const availability = computeAvailability(ctx);
  const scores = computeLocationScores(ctx, availability);
  const noMigration = new Set<string>();
  // Without quorum, what the same cluster would start with quorum is printed as blocked (planned once, when needed).
  let quorateChanges: ResourceChange[] | undefined;
  const planQuorate = () => {
    if (quorateChanges === undefined) {
      const quorate = buildContext({ ...cluster, options: { ...cluster.options, haveQuorum: true } }, new Set(faults));
      const quorateAvailability = computeAvailability(quorate);
      quorateChanges = decideChanges(quorate, quorateAvailability, computeLocationScores(quorate, quorateAvailability), new Set());
    }
    return quorateChanges;
  };
  for (let attempt = 0; ; attempt++) {
    const decided = decideChanges(ctx, availability, scores, noMigration);
    const changes = [...decided, ...quorumBlockedStarts(ctx, availability, decided, planQuorate)];
    const graph = new GraphBuilder();
    orderActions(ctx, availability, changes, graph);
    fenceUncleanNodes(availability, graph);
    const transition = assembleTransition(ctx, availability, changes, graph);
    // The mirror-both-ways design has no such fall-back: its cycles stand.
    const fallBack = attempt < MAX_ROUNDS && !ctx.faults.has("mirror-both-ways");
    const culprit = fallBack ? migrationOnCycle(transition) : undefined;
    if (culprit === undefined) return transition;
    noMigration.add(culprit);
  }
}

/** Stages 3 and 4, to their fixed point. */
function decideChanges(
  ctx: PlanContext,
  availability: Availability,
  scores: ScoreTable,
  noMigration: Set<string>,
): ResourceChange[] {
  let unrunnable = new Set<string>();
  let stopping = new Set<string>();
  let leaving = new Set<string>();
  let runningOnly = new Set<string>();
  for (let round = 0; ; round++) {
    const assignment = assignResources(ctx, availability, scores, unrunnable, stopping, leaving, runningOnly);
    const decisions = decideActions(ctx, availability, assignment, unrunnable, noMigration, runningOnly);
    if (decisions.migrationConflicts.size > 0 && round < MAX_ROUNDS) {
      for (const id of decisions.migrationConflicts) noMigration.add(id);
      continue;
    }
    const resourcesOf = (changes: ResourceChange[]) => new Set(changes.map((c) => c.resource));
    // A clone's instance stops (or leaves for another node) on its node
    // only: the others keep theirs, whichever instance the move is paired with.
    const stopped = new Set(
      decisions.changes
        .filter((c) => c.from !== undefined && (c.kind === "stop" || (cloneOf(ctx, c.resource) !== undefined && leavesForAnotherNode(c))))
        .map((c) => (cloneOf(ctx, c.resource) === undefined ? c.resource : `${c.resource}@${c.from}`)),
    );
    // A resource recovered on another node leaves its node like one that moves.
    const moved = resourcesOf(decisions.changes.filter(leavesForAnotherNode));
    const settled =
      sameSet(decisions.unrunnable, unrunnable) && sameSet(decisions.noNewInstances, runningOnly) && sameSet(stopped, stopping) && sameSet(moved, leaving);
    if (settled || round === MAX_ROUNDS) return decisions.changes;
    unrunnable = decisions.unrunnable;
    runningOnly = decisions.noNewInstances;
    stopping = stopped;
    leaving = moved;
  }
}

/** The last-declared resource that live-migrates on a cycle of the graph, if the graph has one. */
function migrationOnCycle(transition: Transition): string | undefined {
  const cycle = findCycle(indexGraph(transition));
  if (cycle === undefined) return undefined;
  const onCycle = new Set(cycle);
  const migrating = transition.actions
    .filter((a) => onCycle.has(a.id) && (a.task === "migrate_to" || a.task === "migrate_from"))
    .map((a) => a.resource!);
  return migrating.at(-1);
}

/** The reference planner as a {@link Planner}, optionally with fault modes. */
export function referencePlanner(faults: readonly FaultId[] = []): Planner {
  const name = faults.length === 0 ? "reference" : `reference+${[...faults].sort().join("+")}`;
  return { name, plan: (cluster) => planReference(cluster, faults) };
}
