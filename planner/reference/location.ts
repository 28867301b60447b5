/**
 * Stage 2 of the reference planner: location scores. For every primitive and
 * node, the score that location constraints (on the primitive, its group and
 * its clone), cluster symmetry, node availability, tickets, target-role and failures
 * give it, before stickiness and colocation are considered.
 */
import { INFINITY, addScores, type LocationConstraint } from "../model.ts";
import { locationScoreOn } from "../rules.ts";
import type { Availability } from "./availability.ts";
import { activeNodes, type PlanContext } from "./context.ts";

/** Scores per primitive id, then per node name. */
export type ScoreTable = Map<string, Map<string, number>>;

/** The resource ids whose location constraints reach a primitive: itself, its group, its clone. */
function constrainedIds(ctx: PlanContext, primitiveId: string): string[] {
  const ids = [primitiveId];
  let parent = ctx.parentOf.get(primitiveId);
  while (parent !== undefined) {
    ids.push(parent.id);
    parent = ctx.parentOf.get(parent.id);
  }
  return ids;
}

/** Per plan: the fail counts summed per resource and node. */
const failCountsOf = new WeakMap<PlanContext, Map<string, number>>();

/** Whether a primitive's failures on a node have reached its migration-threshold. */
export function bannedByFailures(ctx: PlanContext, primitiveId: string, node: string): boolean {
  const threshold = ctx.meta.get(primitiveId)?.migrationThreshold ?? 0;
  if (threshold <= 0) return false;
  let counts = failCountsOf.get(ctx);
  if (counts === undefined) {
    counts = new Map();
    for (const f of ctx.cluster.status.failCounts) {
      const key = `${f.resource}\u0000${f.node}`;
      counts.set(key, (counts.get(key) ?? 0) + f.count);
    }
    failCountsOf.set(ctx, counts);
  }
  return (counts.get(`${primitiveId}\u0000${node}`) ?? 0) >= threshold;
}

/**
 * Whether a group's (or its clone's) location constraints give a primitive
 * their score: only its group's first member takes it; a later member is
 * placed with the first, whose score already counts the constraint once for
 * the whole group, and takes 0 on the nodes it names (as crm_simulate does:
 * a group's location does not count once per member).
 */
function takesGroupScores(ctx: PlanContext, primitiveId: string): boolean {
  const parent = ctx.parentOf.get(primitiveId);
  return parent?.kind !== "group" || parent.members[0]!.id === primitiveId;
}

/**
 * Stage 2: the location score of every primitive on every node. With
 * `ignoreTargetRole`, a target-role of Stopped bars nothing: what the
 * primitive would prefer, as a colocation dependent's wish still counts for
 * its primary.
 */
export function computeLocationScores(ctx: PlanContext, availability: Availability, ignoreTargetRole = false): ScoreTable {
  const byResource = new Map<string, LocationConstraint[]>();
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "location" || (c.role !== undefined && c.role !== "Started")) continue;
    const list = byResource.get(c.resource) ?? [];
    list.push(c);
    byResource.set(c.resource, list);
  }
  const symmetric = ctx.cluster.options.symmetricCluster;
  const table: ScoreTable = new Map();
  for (const id of ctx.primitives.keys()) {
    const meta = ctx.meta.get(id)!;
    const own = new Set(byResource.get(id) ?? []);
    const constraints = constrainedIds(ctx, id).flatMap((rid) => byResource.get(rid) ?? []);
    const fromGroup = !takesGroupScores(ctx, id);
    const scores = new Map<string, number>();
    for (const node of ctx.cluster.nodes) {
      let score = symmetric ? 0 : -INFINITY;
      let mentioned = false;
      let sum = 0;
      for (const c of constraints) {
        const s = locationScoreOn(c, node);
        if (s === undefined) continue;
        mentioned = true;
        sum = addScores(sum, fromGroup && !own.has(c) ? 0 : s);
      }
      if (mentioned) score = sum;
      if (!availability.runnable.has(node.name)) score = -INFINITY;
      // An unmanaged primitive is never stopped: where it runs, a target-role of Stopped changes nothing.
      const keptRunning = !meta.isManaged && activeNodes(ctx, id).includes(node.name);
      if ((meta.targetRole === "Stopped" && !ignoreTargetRole && !keptRunning) || availability.barred.has(id)) score = -INFINITY;
      if (bannedByFailures(ctx, id, node.name)) score = -INFINITY;
      scores.set(node.name, score);
    }
    table.set(id, scores);
  }
  return table;
}
