import type { Interval } from "../planner/graph/intervals.ts";
import { BEGINNING, canOverlap, inSameMigrationWindow, intervalsOf, maxSimultaneous, maxStacked } from "../planner/graph/intervals.ts";
import type { Analysis } from "./analysis.ts";
import { analyse, list, violation } from "./analysis.ts";
import { bannedBy, ineligibility, mandatoryColocations } from "./cluster.ts";
import type { Property, Violation } from "./property.ts";

const ID = "transient-safety";

/**
 * Safety must hold not only at the end but in every intermediate state an
 * execution can pass through (actions without a path between them may run
 * in either order or at once). In every reachable state: a primitive (not a
 * clone) is active on at most one node, except in the window of its own live
 * migration (from migrate_from on the target to the stop on the source); no
 * resource is brought up where a -INFINITY location bans it or on a node
 * that is standby, offline, unclean, shutting down or in maintenance; no two resources with
 * a -INFINITY colocation are active on one node together; a clone never has
 * more than clone-max instances, nor more than clone-node-max on one node
 * (each action that brings an instance up on a node, and the copy active
 * there now, is an instance of its own: two starts of a clone on one node
 * with no stop between them start two instances there). States the cluster is already in are not
 * the planner's fault, so only activity the transition creates is judged
 * (and a colocation with an unmanaged resource, which the planner may not
 * move, is not).
 * Decided on activity intervals: two intervals hold together in some
 * reachable state iff neither one's end precedes the other's start
 * (canOverlap; maxSimultaneous and maxStacked for clone limits).
 */
export const transientSafety: Property = {
  id: ID,
  statement:
    "In every reachable state: no primitive active on two nodes outside its own migration window; nothing active or started where it has -INFINITY location, on a standby, offline or unclean node; no -INFINITY colocated pair active on one node; clone instance limits hold.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    if (a.activity === undefined) return [];
    const out: Violation[] = [];
    doubleActivity(a, out);
    forbiddenStarts(a, out);
    antiColocation(a, out);
    cloneLimits(a, out);
    cloneNodeLimits(a, out);
    return out;
  },
};

const opener = (a: Analysis, i: Interval): string | undefined => (i.from === BEGINNING ? undefined : a.g.ids[i.from]);
const closers = (a: Analysis, i: Interval): string[] => i.until.map((c) => a.g.ids[c]!);
const describe = (a: Analysis, i: Interval): string =>
  i.from === BEGINNING ? `${i.resource} on ${i.node} (active now)` : `${i.resource} on ${i.node} (from ${a.g.ids[i.from]})`;

/** The actions of two overlapping intervals and the edges that would separate them. */
function overlapDetails(a: Analysis, x: Interval, y: Interval) {
  const actions = [opener(a, x), ...closers(a, x), opener(a, y), ...closers(a, y)].filter((s): s is string => s !== undefined);
  const edges: { first: string; then: string }[] = [];
  const yFrom = opener(a, y);
  if (yFrom !== undefined) for (const c of closers(a, x)) edges.push({ first: c, then: yFrom });
  const xFrom = opener(a, x);
  if (xFrom !== undefined && edges.length === 0) for (const c of closers(a, y)) edges.push({ first: c, then: xFrom });
  return { actions, edges };
}

function doubleActivity(a: Analysis, out: Violation[]): void {
  for (const p of a.index.primitives.keys()) {
    if (a.index.cloneOf(p) !== undefined) continue;
    const intervals = intervalsOf(a.activity!, p);
    for (let i = 0; i < intervals.length; i++) {
      for (let j = i + 1; j < intervals.length; j++) {
        const x = intervals[i]!;
        const y = intervals[j]!;
        if (x.node === y.node || (x.from === BEGINNING && y.from === BEGINNING)) continue;
        if (inSameMigrationWindow(x, y) || !canOverlap(a.closure, x, y)) continue;
        const { actions, edges } = overlapDetails(a, x, y);
        out.push(
          violation(
            ID,
            `${p} can be active on ${x.node} and ${y.node} at once outside a live migration window: ${describe(a, x)} and ${describe(a, y)} are not ordered apart.`,
            actions,
            edges,
          ),
        );
      }
    }
  }
}

function forbiddenStarts(a: Analysis, out: Violation[]): void {
  for (const i of a.activity!.intervals) {
    if (i.from === BEGINNING) continue;
    const id = a.g.ids[i.from]!;
    const why = ineligibility(a.index, i.node);
    if (why !== undefined) {
      out.push(violation(ID, `${id} brings ${i.resource} up on ${i.node}, which is ${why}.`, [id]));
      continue;
    }
    const ban = bannedBy(a.index, i.resource, i.node);
    if (ban !== undefined)
      out.push(violation(ID, `${id} brings ${i.resource} up on ${i.node}, where location ${ban.id} bans ${ban.resource} (-INFINITY).`, [id], [], ban.id));
  }
}

function antiColocation(a: Analysis, out: Violation[]): void {
  for (const c of mandatoryColocations(a.index)) {
    if (c.score > 0) continue;
    for (const r of a.index.named(c.resource)) {
      for (const w of a.index.named(c.withResource)) {
        if (r === w || a.index.unmanaged(r) || a.index.unmanaged(w)) continue;
        for (const x of intervalsOf(a.activity!, r)) {
          for (const y of intervalsOf(a.activity!, w, x.node)) {
            if (x.from === BEGINNING && y.from === BEGINNING) continue;
            if (!canOverlap(a.closure, x, y)) continue;
            const { actions, edges } = overlapDetails(a, x, y);
            out.push(
              violation(
                ID,
                `${r} and ${w} can be active together on ${x.node}, but colocation ${c.id} (-INFINITY) keeps them apart: ${describe(a, x)} and ${describe(a, y)} are not ordered apart.`,
                actions,
                edges,
                c.id,
              ),
            );
          }
        }
      }
    }
  }
}

function cloneLimits(a: Analysis, out: Violation[]): void {
  for (const p of a.index.primitives.keys()) {
    const clone = a.index.cloneOf(p);
    if (clone === undefined || clone.cloneMax === undefined) continue;
    const intervals = intervalsOf(a.activity!, p);
    if (new Set(intervals.map((i) => i.node)).size <= clone.cloneMax) continue;
    const most = maxSimultaneous(a.closure, intervals);
    if (most.length <= clone.cloneMax || most.every((i) => i.from === BEGINNING)) continue;
    const actions = most.flatMap((i) => [opener(a, i), ...closers(a, i)]).filter((s): s is string => s !== undefined);
    out.push(
      violation(
        ID,
        `${clone.id} can have ${most.length} instances of ${p} active at once (on ${list(most.map((i) => i.node))}), more than clone-max ${clone.cloneMax}.`,
        actions,
      ),
    );
  }
}

function cloneNodeLimits(a: Analysis, out: Violation[]): void {
  for (const p of a.index.primitives.keys()) {
    const clone = a.index.cloneOf(p);
    if (clone === undefined) continue;
    const byNode = new Map<string, Interval[]>();
    for (const i of intervalsOf(a.activity!, p)) byNode.set(i.node, [...(byNode.get(i.node) ?? []), i]);
    for (const [node, intervals] of byNode) {
      if (intervals.length <= clone.cloneNodeMax) continue;
      const most = maxStacked(a.closure, intervals);
      if (most.length <= clone.cloneNodeMax) continue;
      const actions = most.flatMap((i) => [opener(a, i), ...closers(a, i)]).filter((s): s is string => s !== undefined);
      out.push(
        violation(
          ID,
          `${clone.id} can have ${most.length} instances of ${p} active at once on ${node}, more than clone-node-max ${clone.cloneNodeMax}: ${list(most.map((i) => describe(a, i)))}.`,
          actions,
        ),
      );
    }
  }
}
