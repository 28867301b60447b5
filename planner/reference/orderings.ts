/**
 * Stage 5 of the reference planner: orderings. Creates the actions of every
 * change and the edges between them: a moving resource's stop before its
 * start (for a clone, see orderCloneInstances); migrate_to → migrate_from → source stop → pseudo start; user orders
 * and their symmetrical inverses, mirrored onto migration actions (a
 * migrating resource is realised by migrate_from and left by its source
 * stop, and what must precede its start or follow its stop waits for, or
 * comes before, its migrate_to); the stop of a -INFINITY colocated resource
 * before a start on the same node.
 */
import type { Action, ColocationConstraint, Edge, OrderAction, OrderConstraint } from "../model.ts";
import { actionId, inverseOrderAction } from "../model.ts";
import { leavesForAnotherNode, type ResourceChange } from "./actions.ts";
import type { Availability } from "./availability.ts";
import { primitivesNamed, type PlanContext } from "./context.ts";

/** The graph under construction: actions by id, edges deduplicated. */
export class GraphBuilder {
  readonly actions = new Map<string, Action>();
  readonly edges: Edge[] = [];
  private readonly edgeKeys = new Set<string>();

  /** Adds an action (once) and returns its id. */
  action(task: Action["task"], resource: string | undefined, node: string | undefined, pseudo = false): string {
    const id = actionId(task, resource, node);
    if (!this.actions.has(id)) {
      const action: Action = { id, task, pseudo };
      if (resource !== undefined) action.resource = resource;
      if (node !== undefined) action.node = node;
      this.actions.set(id, action);
    }
    return id;
  }

  /** Orders `first` before `then` (ignoring self-edges and duplicates). */
  order(first: string, then: string, reason: string): void {
    if (first === then) return;
    const key = `${first}\u0000${then}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ first, then, reason });
  }
}

/** The actions realising one primitive's change, by role. */
interface ChangeActions {
  change: ResourceChange;
  starts: string[];
  stops: string[];
  migrateTo?: string;
  migrateFrom?: string;
  /** The pseudo start that closes a migration. */
  pseudoStart?: string;
  sourceStop?: string;
}

/** Creates the actions of every change, with the edges internal to each change. */
function changeActions(
  ctx: PlanContext,
  availability: Availability,
  graph: GraphBuilder,
  change: ResourceChange,
): ChangeActions {
  const r = change.resource;
  const out: ChangeActions = { change, starts: [], stops: [] };
  const stop = (node: string) => graph.action("stop", r, node, availability.lost.has(node));
  for (const node of change.extraStops) out.stops.push(stop(node));
  if (change.kind === "migrate") {
    const from = change.from!;
    const to = change.to!;
    out.migrateFrom = graph.action("migrate_from", r, to);
    out.sourceStop = stop(from);
    out.pseudoStart = graph.action("start", r, undefined, true);
    out.stops.push(out.sourceStop);
    out.starts.push(out.pseudoStart);
    const unordered = ctx.faults.has("unordered-migration");
    if (!change.resumes) {
      out.migrateTo = graph.action("migrate_to", r, from);
      if (!unordered) graph.order(out.migrateTo, out.migrateFrom, "migration");
    }
    if (!unordered) graph.order(out.migrateFrom, out.sourceStop, "migration");
    graph.order(out.sourceStop, out.pseudoStart, "migration");
    for (const s of out.stops) if (s !== out.sourceStop) graph.order(s, out.migrateFrom, "stop before start");
    return out;
  }
  const forgetStop = ctx.faults.has("forget-stop") && change.kind === "move";
  if (change.from !== undefined && change.kind !== "start" && !forgetStop) out.stops.push(stop(change.from));
  if (change.to !== undefined && change.kind !== "stop") out.starts.push(graph.action("start", r, change.to));
  // A clone instance "moving" is a stop on one node and a start on another:
  // how the two are ordered is decided for the whole clone (orderActions).
  const cloneMove = relocatesInstance(change);
  if (!ctx.faults.has("start-before-stop") && !cloneMove) {
    for (const s of out.stops) for (const t of out.starts) graph.order(s, t, "stop before start");
  }
  return out;
}

/** Whether a change moves a clone instance to another node (a move, or the recovery of a failed instance elsewhere). */
function relocatesInstance(change: ResourceChange): boolean {
  return change.instance !== undefined && leavesForAnotherNode(change);
}

/**
 * Orders a clone's instance stops before its starts on other nodes, so that
 * clone-max (and one instance per node) holds in flight. When every running
 * instance stops, the clone is down for a moment: the actions stage restarts
 * what depends on it.
 */
function orderCloneInstances(ctx: PlanContext, graph: GraphBuilder, list: readonly ChangeActions[]): void {
  if (ctx.faults.has("start-before-stop")) return;
  const starts = list.flatMap((c) => (c.change.kind === "start" || relocatesInstance(c.change) ? c.starts : []));
  const stops = list.flatMap((c) => (c.change.kind === "stop" || relocatesInstance(c.change) ? c.stops : []));
  for (const s of stops) for (const t of starts) graph.order(s, t, "clone stops before starts");
}

/** Stage 5: creates the actions of every change and orders them. */
export function orderActions(
  ctx: PlanContext,
  availability: Availability,
  changes: readonly ResourceChange[],
  graph: GraphBuilder,
): void {
  const byResource = new Map<string, ChangeActions[]>();
  for (const change of changes) {
    if (change.kind === "blocked") continue;
    const list = byResource.get(change.resource) ?? [];
    list.push(changeActions(ctx, availability, graph, change));
    byResource.set(change.resource, list);
  }
  for (const list of byResource.values()) {
    if (list[0]?.change.instance !== undefined) orderCloneInstances(ctx, graph, list);
  }
  const migration = (r: string) => byResource.get(r)?.find((c) => c.change.kind === "migrate");
  const late = ctx.faults.has("late-migration");

  /** The actions that realise `action` of primitive `r` when it stands on one side of an order. */
  const realisations = (r: string, action: OrderAction, side: "first" | "then", otherMigrates: boolean): string[] => {
    const m = migration(r);
    const all = byResource.get(r) ?? [];
    if (m !== undefined && !late) {
      const begin = m.migrateTo ?? m.migrateFrom!;
      if (action === "start" && side === "first") return [m.migrateFrom!];
      if (action === "start") return otherMigrates ? [begin, m.pseudoStart!] : [begin];
      if (action === "stop") return side === "first" || otherMigrates ? [m.sourceStop!] : [begin];
    }
    if (action === "start") return all.flatMap((c) => c.starts);
    if (action === "stop") return all.flatMap((c) => c.stops);
    return [];
  };

  const applyOrder = (
    first: string,
    firstAction: OrderAction,
    then: string,
    thenAction: OrderAction,
    reason: string,
  ) => {
    for (const f of primitivesNamed(ctx, first)) {
      for (const t of primitivesNamed(ctx, then)) {
        if (f.id === t.id) continue;
        const fm = migration(f.id) !== undefined;
        const tm = migration(t.id) !== undefined;
        const from = realisations(f.id, firstAction, "first", tm);
        const to = realisations(t.id, thenAction, "then", fm);
        for (const a of from) for (const b of to) graph.order(a, b, reason);
        const m = migration(f.id);
        if (ctx.faults.has("mirror-both-ways") && m?.migrateTo !== undefined) {
          for (const b of to) graph.order(b, m.migrateTo, `${reason} (mirrored)`);
        }
      }
    }
  };

  for (const c of ctx.cluster.constraints) {
    if (c.kind === "order") applyUserOrder(c);
  }
  for (const parent of ctx.parentOf.values()) {
    if (parent.kind !== "group") continue;
    for (let i = 1; i < parent.members.length; i++) {
      const previous = parent.members[i - 1]!.id;
      const next = parent.members[i]!.id;
      applyOrder(previous, "start", next, "start", `group ${parent.id}`);
      applyOrder(next, "stop", previous, "stop", `group ${parent.id}`);
    }
  }
  if (!ctx.faults.has("anticolocation-unordered")) {
    for (const c of ctx.cluster.constraints) {
      if (c.kind === "colocation" && c.score <= -1_000_000) orderAntiColocation(c);
    }
  }

  function applyUserOrder(c: OrderConstraint) {
    applyOrder(c.first, c.firstAction, c.then, c.thenAction, c.id);
    const symmetrical = c.symmetrical && c.orderKind !== "Serialize" && !ctx.faults.has("no-inverse-order");
    if (symmetrical) applyOrder(c.then, inverseOrderAction(c.thenAction), c.first, inverseOrderAction(c.firstAction), `${c.id} (inverse)`);
  }

  function orderAntiColocation(c: ColocationConstraint) {
    const arrivals = (r: string) =>
      (byResource.get(r) ?? []).flatMap((ca) => [...ca.starts, ...(ca.migrateFrom ? [ca.migrateFrom] : [])]);
    const departures = (r: string) => (byResource.get(r) ?? []).flatMap((ca) => ca.stops);
    for (const a of primitivesNamed(ctx, c.resource)) {
      for (const b of primitivesNamed(ctx, c.withResource)) {
        for (const [x, y] of [
          [a.id, b.id],
          [b.id, a.id],
        ] as const) {
          for (const start of arrivals(x)) {
            const node = graph.actions.get(start)!.node;
            for (const stop of departures(y)) {
              if (node !== undefined && graph.actions.get(stop)!.node === node) graph.order(stop, start, c.id);
            }
          }
        }
      }
    }
  }
}
