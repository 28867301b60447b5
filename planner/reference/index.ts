/**
 * The reference planner: the driver that runs the stages in pipeline order.
 *
 *   1. availability.ts  which nodes may run resources, which must be fenced
 *   2. location.ts      location scores per primitive and node
 *   3. assignment.ts    target node(s) of every resource
 *   4. actions.ts       each primitive's change, migrations decided here
 *   5. orderings.ts     actions and ordering edges
 *   6. fencing.ts       fencing of unclean nodes before their implied stops
 *   7. transition.ts    the Transition: graph, target placement, summary
 */
import type { ClusterState, Planner, Transition } from "../model.ts";
import { decideActions } from "./actions.ts";
import { assignResources } from "./assignment.ts";
import { computeAvailability } from "./availability.ts";
import { buildContext } from "./context.ts";
import type { FaultId } from "./faults.ts";
import { fenceUncleanNodes } from "./fencing.ts";
import { computeLocationScores } from "./location.ts";
import { GraphBuilder, orderActions } from "./orderings.ts";
import { assembleTransition } from "./transition.ts";

/** Rounds of re-assignment before the planner settles for the last one. */
const MAX_ROUNDS = 8;

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Plans one cluster with the reference planner, with the given fault modes switched on. */
export function planReference(cluster: ClusterState, faults: readonly FaultId[] = []): Transition {
  const ctx = buildContext(cluster, new Set(faults));
  const availability = computeAvailability(ctx);
  const scores = computeLocationScores(ctx, availability);
  // Resources that cannot start because what they depend on cannot run take
  // no room, and resources that leave a node hold nothing there by
  // stickiness: assign again
  // with what the last round found until a round finds the same (so that
  // re-planning the converged state finds nothing to do). Resources whose
  // live migration would deadlock with an anti-colocated one's move instead.
  let unrunnable = new Set<string>();
  let stopping = new Set<string>();
  const noMigration = new Set<string>();
  let decisions;
  for (let round = 0; ; round++) {
    const assignment = assignResources(ctx, availability, scores, unrunnable, stopping);
    decisions = decideActions(ctx, availability, assignment, unrunnable, noMigration);
    if (decisions.migrationConflicts.size > 0 && round < MAX_ROUNDS) {
      for (const id of decisions.migrationConflicts) noMigration.add(id);
      continue;
    }
    const leaving = new Set(
      decisions.changes.filter((c) => c.from !== undefined && c.to !== c.from).map((c) => c.resource),
    );
    if ((sameSet(decisions.unrunnable, unrunnable) && sameSet(leaving, stopping)) || round === MAX_ROUNDS) break;
    unrunnable = decisions.unrunnable;
    stopping = leaving;
  }
  const { changes } = decisions;
  const graph = new GraphBuilder();
  orderActions(ctx, availability, changes, graph);
  fenceUncleanNodes(availability, graph);
  return assembleTransition(ctx, availability, changes, graph);
}

/** The reference planner as a {@link Planner}, optionally with fault modes. */
export function referencePlanner(faults: readonly FaultId[] = []): Planner {
  const name = faults.length === 0 ? "reference" : `reference+${[...faults].sort().join("+")}`;
  return { name, plan: (cluster) => planReference(cluster, faults) };
}
