/**
 * The shared analysis of one (cluster, transition) pair: the indexed graph,
 * its closure, its shortest cycle, and the activity intervals of an acyclic
 * graph, computed once and shared by every property (cached on the
 * transition object), plus the small vocabulary the properties use about
 * actions: realisations, real stops, clean-up stops of live migrations.
 */
import type { Action, ClusterState, ClusterStatus, Planner, Transition } from "../planner/model.ts";
import { PlannerError } from "../planner/model.ts";
import type { Closure, IndexedGraph } from "../planner/graph/dag.ts";
import { findCycle, indexGraph, precedes, reachability, topologicalOrder } from "../planner/graph/dag.ts";
import type { Activity, Witness } from "../planner/graph/intervals.ts";
import { activityIntervals } from "../planner/graph/intervals.ts";
import type { ClusterIndex } from "./cluster.ts";
import { indexCluster } from "./cluster.ts";
import type { Violation } from "./property.ts";

/** Everything the properties compute about a transition, once. */
export interface Analysis {
  readonly cluster: ClusterState;
  readonly transition: Transition;
  readonly index: ClusterIndex;
  readonly g: IndexedGraph;
  readonly closure: Closure;
  /** The deterministic topological order (action indices), or undefined when there is a cycle. */
  readonly order: readonly number[] | undefined;
  /** The shortest cycle (action ids), or undefined for a DAG. */
  readonly cycle: readonly string[] | undefined;
  /**
   * The status the transition really starts from: activity on offline nodes
   * (and of managed resources on unclean ones when fencing is disabled) is
   * gone already.
   */
  readonly status: ClusterStatus;
  /** Activity intervals from {@link status}; undefined when the graph has a cycle. */
  readonly activity: Activity | undefined;
  /** Action indices of each resource, in declaration order. */
  readonly byResource: ReadonlyMap<string, readonly number[]>;
  /** Indices of the clean-up stops of live migrations (the source stop after migrate_from). */
  readonly cleanupStops: ReadonlySet<number>;
  /** Whether there is a path from action a to action b (indices). */
  precedes(a: number, b: number): boolean;
}

const cache = new WeakMap<Transition, Analysis>();

/** The analysis of a transition planned from a cluster (cached per transition object). */
export function analyse(cluster: ClusterState, transition: Transition): Analysis {
  const cached = cache.get(transition);
  if (cached !== undefined && cached.cluster === cluster) return cached;
  const analysis = build(cluster, transition);
  cache.set(transition, analysis);
  return analysis;
}

function build(cluster: ClusterState, transition: Transition): Analysis {
  const index = indexCluster(cluster);
  const g = indexGraph(transition);
  const closure = reachability(g);
  const order = topologicalOrder(g);
  const cycle = order === undefined ? findCycle(g) : undefined;
  const status = effectiveStatus(cluster, (r) => index.unmanaged(r));
  const activity = cycle === undefined ? activityIntervals(g, closure, status) : undefined;
  const byResource = new Map<string, number[]>();
  g.actions.forEach((a, i) => {
    if (a.resource === undefined) return;
    const list = byResource.get(a.resource);
    if (list === undefined) byResource.set(a.resource, [i]);
    else list.push(i);
  });
  const cleanupStops = new Set<number>();
  // The source stop of each live migration: a stop of the resource on the
  // node of its migrate_to (or of the partial migration it resumes), or the
  // source stop of a dangling migration.
  for (const [resource, list] of byResource) {
    for (const i of list) {
      const a = g.actions[i]!;
      if (a.task !== "migrate_from" || a.pseudo) continue;
      const to = list.map((j) => g.actions[j]!).find((b) => b.task === "migrate_to" && !b.pseudo && b.node !== a.node);
      const source =
        to?.node ??
        cluster.status.migrations.find((m) => m.resource === resource && m.stage === "partial" && m.target === a.node)?.source;
      const stop = list.find((j) => g.actions[j]!.task === "stop" && g.actions[j]!.node === source && source !== undefined);
      if (stop !== undefined) cleanupStops.add(stop);
    }
  }
  for (const m of cluster.status.migrations) {
    if (m.stage !== "dangling") continue;
    const stop = byResource.get(m.resource)?.find((j) => g.actions[j]!.task === "stop" && g.actions[j]!.node === m.source);
    if (stop !== undefined) cleanupStops.add(stop);
  }
  return {
    cluster,
    transition,
    index,
    g,
    closure,
    order,
    cycle,
    status,
    activity,
    byResource,
    cleanupStops,
    precedes: (a, b) => precedes(closure, a, b),
  };
}

/**
 * The status without activity that is already gone: on offline nodes, and
 * (for managed resources, which are recovered elsewhere) on unclean ones when
 * fencing is off.
 */
export function effectiveStatus(cluster: ClusterState, unmanaged: (resource: string) => boolean = () => false): ClusterStatus {
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const active = cluster.status.active.filter((p) => {
    const n = nodes.get(p.node);
    if (n === undefined || n.membership === "offline") return false;
    return n.membership === "online" || cluster.options.fencingEnabled || unmanaged(p.resource);
  });
  return active.length === cluster.status.active.length ? cluster.status : { ...cluster.status, active };
}

/** The actions (indices) of a resource with one of the tasks, optionally real (non-pseudo) ones only. */
export function actionsOf(a: Analysis, resource: string, tasks: readonly Action["task"][], realOnly = true): number[] {
  return (a.byResource.get(resource) ?? []).filter((i) => {
    const action = a.g.actions[i]!;
    return tasks.includes(action.task) && (!realOnly || !action.pseudo) && action.node !== undefined;
  });
}

/** The actions realising a resource's start at a node: its real starts and its migrate_froms. */
export function realisations(a: Analysis, resource: string): number[] {
  return actionsOf(a, resource, ["start", "migrate_from"]);
}

/** The stops of a resource that take it down: real stops other than the clean-up stop of its own live migration. */
export function realStops(a: Analysis, resource: string): number[] {
  return actionsOf(a, resource, ["stop"]).filter((i) => !a.cleanupStops.has(i));
}

/** Action ids of indices. */
export function idsOf(a: Analysis, indices: readonly number[]): string[] {
  return indices.map((i) => a.g.ids[i]!);
}

/** The actions of a witness (completed ones first) and the edges that would rule it out (not-begun → completed). */
export function witnessDetails(a: Analysis, w: Witness): { actions: string[]; edges: { first: string; then: string }[] } {
  const actions = [...new Set(idsOf(a, [...w.after, ...w.before]))];
  const edges: { first: string; then: string }[] = [];
  for (const b of w.before) for (const x of w.after) if (b !== x) edges.push({ first: a.g.ids[b]!, then: a.g.ids[x]! });
  return { actions, edges };
}

/** Builds a violation. */
export function violation(
  property: string,
  explanation: string,
  actions: readonly string[],
  edges: readonly { first: string; then: string }[] = [],
  constraint?: string,
): Violation {
  const v: Violation = { property, explanation, actions: [...new Set(actions)], edges: [...edges] };
  if (constraint !== undefined) v.constraint = constraint;
  return v;
}

/** "a, b and c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Re-plans a changed cluster for a metamorphic property. A planner failure
 * (PlannerError) leaves the property undecided, so it gives undefined: a
 * failure to plan is not a violation of the property, and the campaign
 * counts planner failures on its own. Any other error is a bug and is thrown.
 */
export function replan(planner: Planner, cluster: ClusterState): Transition | undefined {
  try {
    return planner.plan(cluster);
  } catch (error) {
    if (error instanceof PlannerError) return undefined;
    throw error;
  }
}
