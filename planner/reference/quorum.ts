/**
 * Stage 4b of the reference planner, without quorum: the starts quorum
 * forbids. A cluster without quorum (under no-quorum-policy `stop`,
 * `suicide` or `freeze`) starts nothing, and crm_simulate prints each start
 * it would have made as blocked, `due to no quorum` (`due to quorum freeze`
 * under freeze): where the same cluster with quorum starts a resource that
 * runs nowhere now.
 */
import type { ResourceChange } from "./actions.ts";
import type { Availability } from "./availability.ts";
import type { PlanContext } from "./context.ts";
import { activeNodes, cloneOf } from "./context.ts";

/**
 * Stage 4b: the blocked starts of a cluster without quorum. `planQuorate`
 * gives the changes the same cluster would get with quorum; each start of a
 * primitive (not a clone instance) that runs nowhere now and that `changes`
 * does not touch becomes a blocked start.
 */
export function quorumBlockedStarts(
  ctx: PlanContext,
  availability: Availability,
  changes: readonly ResourceChange[],
  planQuorate: () => readonly ResourceChange[],
): ResourceChange[] {
  if (availability.quorate) return [];
  const reason = availability.frozen ? "quorum freeze" : "no quorum";
  const touched = new Set(changes.map((c) => c.resource));
  return planQuorate()
    .filter((c) => c.kind === "start" && c.to !== undefined && !touched.has(c.resource) && cloneOf(ctx, c.resource) === undefined && activeNodes(ctx, c.resource).length === 0)
    .map((c) => ({ resource: c.resource, kind: "blocked", to: c.to, reason, extraStops: [] }));
}
