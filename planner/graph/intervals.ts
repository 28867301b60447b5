/**
 * Activity intervals: for each (resource, node), the stretches of an
 * execution during which the resource is active there, expressed in the
 * partial order of the transition rather than in any one execution.
 *
 * An interval opens at the action that realises the resource (its start, or
 * its migrate_from when it migrates) or at the beginning when it is active in
 * the current state, and closes at the first of the actions ordered after
 * that which end it (its stop, the fencing of its node), or never. A
 * reachable state is a downset of the graph (the completed actions); an
 * interval holds in a downset that contains its opening action and none of
 * its closing ones. So several intervals hold together in some reachable
 * state iff no closing action of one precedes (or is) the opening action of
 * another: the partial-order decision {@link canOverlap} and its
 * generalisation {@link findState}, cross-checked against brute-force
 * enumeration in tests/graph-intervals.test.ts.
 *
 * This is exact when, for every (resource, node), each action that realises it
 * is ordered with each action that ends it. A pair left unordered (a *race*)
 * makes the outcome depend on which runs last; races are reported, and the
 * intervals then over-approximate activity (a racing end is not assumed to
 * end anything), so "can be active" answers stay sound.
 */
import type { ClusterStatus } from "../model.ts";
import type { Closure, IndexedGraph } from "./dag.ts";
import { precedes } from "./dag.ts";
import { effectOf, placementKey } from "./execute.ts";

/** The opening "action" of an interval that is active in the current state. */
export const BEGINNING = -1;

/** A stretch during which `resource` is active on `node`. */
export interface Interval {
  readonly resource: string;
  readonly node: string;
  /** The action index that makes it active, or {@link BEGINNING}. */
  readonly from: number;
  /** The action indices that end it (the first of them to run does); empty: it lasts to the end. */
  readonly until: readonly number[];
  /**
   * Indices in {@link Activity.migrations} of the live migrations whose
   * window this interval is one side of (the source side of one and the
   * target side of another, when a resource left by a dangling migration
   * migrates on).
   */
  readonly migrations: readonly number[];
}

/** An action realising and an action ending the same (resource, node), with no path between them. */
export interface Race {
  readonly resource: string;
  readonly node: string;
  readonly realise: number;
  readonly end: number;
}

/**
 * A live migration of `resource` from `source` to `target`: its actions in
 * this transition (absent when already done or missing) and its clean-up stop
 * of the source. While both sides are active the resource is in its
 * migration window.
 */
export interface Migration {
  readonly resource: string;
  readonly source: string;
  readonly target: string;
  readonly migrateTo?: number;
  readonly migrateFrom?: number;
  readonly cleanupStop?: number;
}

/** The activity intervals of a transition executed from a status. */
export interface Activity {
  /** All intervals, grouped by (resource, node) in first-seen order. */
  readonly intervals: readonly Interval[];
  /** The intervals of each resource, on every node. */
  readonly byResource: ReadonlyMap<string, readonly Interval[]>;
  readonly races: readonly Race[];
  readonly migrations: readonly Migration[];
}

/** A reachable state, described by the actions that have completed and those that have not begun. */
export interface Witness {
  /** These actions (and so everything before them) have completed. */
  readonly after: readonly number[];
  /** These actions (and so everything after them) have not begun. */
  readonly before: readonly number[];
}

/** What happens to one (resource, node) in the transition. */
interface Track {
  resource: string;
  node: string;
  initiallyActive: boolean;
  realisers: number[];
  enders: number[];
}

/**
 * The activity intervals, races and live migrations of a transition (indexed
 * as `g`, with closure `closure`) executed from `status`. Meaningful for an
 * acyclic graph only: no execution completes a cycle, so check
 * `findCycle` (dag.ts) first.
 */
export function activityIntervals(g: IndexedGraph, closure: Closure, status: ClusterStatus): Activity {
  const tracks = tracksOf(g, status);
  const races: Race[] = [];
  const built: { resource: string; node: string; from: number; until: number[]; migrations: number[] }[] = [];
  for (const track of tracks.values()) {
    for (const r of track.realisers)
      for (const e of track.enders)
        if (!precedes(closure, r, e) && !precedes(closure, e, r))
          races.push({ resource: track.resource, node: track.node, realise: r, end: e });
    const openers = track.initiallyActive ? [BEGINNING, ...track.realisers] : track.realisers;
    for (const from of openers) {
      const later = track.enders.filter((e) => from === BEGINNING || precedes(closure, from, e));
      const until = later.filter((e) => !later.some((f) => precedes(closure, f, e)));
      built.push({ resource: track.resource, node: track.node, from, until, migrations: [] });
    }
  }
  const migrations = migrationsOf(g, status);
  migrations.forEach((m, k) => {
    for (const i of built) {
      if (i.resource !== m.resource) continue;
      const targetSide = i.node === m.target && i.from === (m.migrateFrom ?? BEGINNING);
      const sourceSide = i.node === m.source && m.cleanupStop !== undefined && i.until.includes(m.cleanupStop);
      if (targetSide || sourceSide) i.migrations.push(k);
    }
  });
  const byResource = new Map<string, Interval[]>();
  for (const i of built) {
    const list = byResource.get(i.resource);
    if (list === undefined) byResource.set(i.resource, [i]);
    else list.push(i);
  }
  return { intervals: built, byResource, races, migrations };
}

/** Collects, per (resource, node), its initial activity and the actions realising and ending it. */
function tracksOf(g: IndexedGraph, status: ClusterStatus): Map<string, Track> {
  const tracks = new Map<string, Track>();
  const track = (resource: string, node: string): Track => {
    const key = placementKey(resource, node);
    let t = tracks.get(key);
    if (t === undefined) {
      t = { resource, node, initiallyActive: false, realisers: [], enders: [] };
      tracks.set(key, t);
    }
    return t;
  };
  for (const p of status.active) track(p.resource, p.node).initiallyActive = true;
  const fences: { node: string; action: number }[] = [];
  g.actions.forEach((action, i) => {
    const effect = effectOf(action);
    if (effect === undefined || effect.kind === "role") return;
    if (effect.kind === "fence") fences.push({ node: effect.node, action: i });
    else if (effect.kind === "realise") track(effect.resource, effect.node).realisers.push(i);
    else track(effect.resource, effect.node).enders.push(i);
  });
  for (const { node, action } of fences)
    for (const t of tracks.values()) if (t.node === node) t.enders.push(action);
  for (const t of tracks.values()) t.enders.sort((a, b) => a - b);
  return tracks;
}

/**
 * The live migrations, by resource in order of appearance: each real
 * migrate_from, with its source taken from a migrate_to of the same resource
 * in the transition or else from a partial migration in the status; then
 * each dangling migration of the status.
 */
function migrationsOf(g: IndexedGraph, status: ClusterStatus): Migration[] {
  const real = new Map<string, number[]>();
  g.actions.forEach((a, i) => {
    if (a.pseudo || a.resource === undefined || a.node === undefined) return;
    const list = real.get(a.resource);
    if (list === undefined) real.set(a.resource, [i]);
    else list.push(i);
  });
  const first = (resource: string, test: (task: string, node: string) => boolean): number | undefined =>
    real.get(resource)?.find((i) => test(g.actions[i]!.task, g.actions[i]!.node!));
  const out: Migration[] = [];
  for (const [resource, indices] of real) {
    for (const migrateFrom of indices) {
      if (g.actions[migrateFrom]!.task !== "migrate_from") continue;
      const target = g.actions[migrateFrom]!.node!;
      const migrateTo = first(resource, (task, node) => task === "migrate_to" && node !== target);
      const source =
        migrateTo !== undefined
          ? g.actions[migrateTo]!.node!
          : status.migrations.find((m) => m.stage === "partial" && m.resource === resource && m.target === target)?.source;
      if (source === undefined) continue;
      out.push({
        resource,
        source,
        target,
        ...(migrateTo !== undefined ? { migrateTo } : {}),
        migrateFrom,
        ...optionalStop(first(resource, (task, node) => task === "stop" && node === source)),
      });
    }
  }
  for (const m of status.migrations) {
    if (m.stage !== "dangling") continue;
    const cleanupStop = first(m.resource, (task, node) => task === "stop" && node === m.source);
    out.push({ resource: m.resource, source: m.source, target: m.target, ...optionalStop(cleanupStop) });
  }
  return out;
}

/** `{ cleanupStop }` when there is one, else nothing. */
function optionalStop(cleanupStop: number | undefined): { cleanupStop?: number } {
  return cleanupStop === undefined ? {} : { cleanupStop };
}

/**
 * The intervals of `resource` (on `node`, or on every node). An empty answer
 * means the resource is active there in no reachable state; a non-empty one
 * means it is in some.
 */
export function intervalsOf(activity: Activity, resource: string, node?: string): readonly Interval[] {
  const all = activity.byResource.get(resource) ?? [];
  return node === undefined ? all : all.filter((i) => i.node === node);
}

/** Whether the two intervals hold together in some reachable state: neither ends before the other begins. */
export function canOverlap(closure: Closure, a: Interval, b: Interval): boolean {
  return !endsBefore(closure, a, b) && !endsBefore(closure, b, a);
}

/** Whether some closing action of `a` precedes or is the opening action of `b`. */
function endsBefore(closure: Closure, a: Interval, b: Interval): boolean {
  if (b.from === BEGINNING) return false;
  return a.until.some((c) => c === b.from || precedes(closure, c, b.from));
}

/**
 * Whether the two intervals are the two sides of the same live migration, so
 * that their overlap is exactly its migration window.
 */
export function inSameMigrationWindow(a: Interval, b: Interval): boolean {
  return a.node !== b.node && a.migrations.some((k) => b.migrations.includes(k));
}

/**
 * A reachable state in which every interval of `active` holds and none of
 * `inactive` does, or undefined when there is none. The search branches, for
 * each inactive interval, between "not yet opened" and "closed by one of its
 * closing actions"; it is exponential only in the number of inactive
 * intervals, which properties keep to one resource's.
 */
export function findState(closure: Closure, active: readonly Interval[], inactive: readonly Interval[]): Witness | undefined {
  const after: number[] = [];
  const before: number[] = [];
  const requireDone = (x: number): boolean => {
    if (before.some((y) => y === x || precedes(closure, y, x))) return false;
    after.push(x);
    return true;
  };
  const requireNotBegun = (y: number): boolean => {
    if (after.some((x) => y === x || precedes(closure, y, x))) return false;
    before.push(y);
    return true;
  };
  for (const i of active) {
    if (i.from !== BEGINNING && !requireDone(i.from)) return undefined;
    for (const c of i.until) if (!requireNotBegun(c)) return undefined;
  }
  const search = (k: number): boolean => {
    if (k === inactive.length) return true;
    const i = inactive[k]!;
    // Either it has not opened yet …
    if (i.from !== BEGINNING && requireNotBegun(i.from)) {
      if (search(k + 1)) return true;
      before.pop();
    }
    // … or one of its closing actions has completed.
    for (const c of i.until) {
      if (!requireDone(c)) continue;
      if (search(k + 1)) return true;
      after.pop();
    }
    return false;
  };
  return search(0) ? { after: [...after], before: [...before] } : undefined;
}

/**
 * A reachable state in which some interval of `xs` holds and none of `ys`
 * does: e.g. with a resource's intervals as `xs` and another's as `ys`, a
 * moment when the first is active (somewhere) and the second active nowhere.
 * Undefined when there is no such moment.
 */
export function canBeActiveWhileInactive(closure: Closure, xs: readonly Interval[], ys: readonly Interval[]): Witness | undefined {
  for (const x of xs) {
    const witness = findState(closure, [x], ys);
    if (witness !== undefined) return witness;
  }
  return undefined;
}

/** The smallest set of completed actions realising a witness: its `after` actions and all their predecessors, by index. */
export function completedActions(closure: Closure, witness: Witness): number[] {
  const done: number[] = [];
  for (let i = 0; i < closure.size; i++)
    if (witness.after.some((x) => x === i || precedes(closure, i, x))) done.push(i);
  return done;
}

/**
 * A largest set of intervals, on pairwise distinct (resource, node) pairs,
 * that hold together in some reachable state (for clone instance limits:
 * pass one clone's intervals). Overlap is pairwise-decidable, so this is a
 * maximum clique of the overlap relation; meant for the few intervals of one
 * resource or clone.
 */
export function maxSimultaneous(closure: Closure, intervals: readonly Interval[]): Interval[] {
  return largestClique(intervals, (x, y) => (x.resource !== y.resource || x.node !== y.node) && canOverlap(closure, x, y));
}

/**
 * A largest set of intervals on one node that hold together in some
 * reachable state, counting intervals of the same resource there apart:
 * each is opened by an action of its own (or is the copy active now), so
 * for a clone each is an instance of its own on that node (for
 * clone-node-max: pass one clone's intervals on one node).
 */
export function maxStacked(closure: Closure, intervals: readonly Interval[]): Interval[] {
  return largestClique(intervals, (x, y) => canOverlap(closure, x, y));
}

/** A maximum clique of `together` over a few intervals. */
function largestClique(intervals: readonly Interval[], together: (x: Interval, y: Interval) => boolean): Interval[] {
  let best: Interval[] = [];
  const grow = (clique: Interval[], candidates: readonly Interval[]): void => {
    if (clique.length > best.length) best = [...clique];
    for (let k = 0; k < candidates.length; k++) {
      if (clique.length + candidates.length - k <= best.length) return;
      const next = candidates[k]!;
      clique.push(next);
      grow(clique, candidates.slice(k + 1).filter((c) => together(c, next)));
      clique.pop();
    }
  };
  grow([], intervals);
  return best;
}

/** Whether action `a` can have completed while action `b` has not begun (b does not precede or equal a). */
export function mayCompleteBefore(closure: Closure, a: number, b: number): boolean {
  return a !== b && !precedes(closure, b, a);
}
