import { BEGINNING, findState, intervalsOf } from "../planner/graph/intervals.ts";
import type { Analysis } from "./analysis.ts";
import { analyse, list, violation, witnessDetails } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";

const ID = "dependency-held";

/**
 * A Mandatory symmetrical start→start order "first then then" is a
 * dependency: then may only run while first runs. So in every state the
 * transition can pass through (any topological order, actions concurrent
 * when unordered), then must not become active while first is active
 * nowhere, and first must not go down while then is still active. A live
 * migration of first keeps it active throughout (on the source until the
 * clean-up stop, on the target from migrate_from). Only states the
 * transition creates count: a cluster that already runs then without first
 * is not the planner's fault, and activity on a node that is already lost
 * (unclean, awaiting fencing) is not relied on; an unmanaged dependent is
 * outside the planner's control and is not judged. Decided per pair of
 * primitives on the activity intervals: is there a downset of the graph in
 * which an interval of then holds and no interval of first does (findState)?
 */
export const dependencyHeld: Property = {
  id: ID,
  statement:
    "For a Mandatory symmetrical start→start order, in every execution: then never becomes active while first is inactive, and first never goes down while then is active (a live migration keeps first active throughout).",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    if (a.activity === undefined) return [];
    const out: Violation[] = [];
    for (const c of cluster.constraints) {
      if (c.kind !== "order" || c.orderKind !== "Mandatory" || !c.symmetrical) continue;
      if (c.firstAction !== "start" || c.thenAction !== "start") continue;
      for (const f of a.index.named(c.first)) {
        for (const t of a.index.named(c.then)) {
          if (f !== t && !a.index.unmanaged(t)) pair(a, c.id, c.first, f, t, out);
        }
      }
    }
    return out;
  },
};

function pair(a: Analysis, constraint: string, firstName: string, f: string, t: string, out: Violation[]): void {
  const activity = a.activity!;
  const online = (node: string) => a.index.nodes.get(node)?.membership === "online";
  // Activity of first on a lost node is not relied on: it is down already.
  const firsts = intervalsOf(activity, f).filter((i) => i.from !== BEGINNING || online(i.node));
  const firstWasUp = firsts.some((i) => i.from === BEGINNING);
  for (const x of intervalsOf(activity, t)) {
    if (x.from === BEGINNING && (!firstWasUp || !online(x.node))) continue;
    const w = findState(a.closure, [x], firsts);
    if (w === undefined) continue;
    const details = witnessDetails(a, w);
    const opened = x.from !== BEGINNING;
    const actions = opened ? [a.g.ids[x.from]!, ...details.actions] : details.actions;
    const done = w.after.map((i) => a.g.ids[i]!);
    const pending = w.before.map((i) => a.g.ids[i]!);
    const moment = [done.length > 0 ? `after ${list(done)}` : "", pending.length > 0 ? `before ${list(pending)}` : ""]
      .filter((s) => s !== "")
      .join(" and ");
    const what = opened ? `${t} can be started on ${x.node} while ${f} is active nowhere` : `${f} can be down everywhere while ${t} is still active on ${x.node}`;
    const via = f === firstName ? "" : ` (through ${firstName})`;
    // The edges that would rule the state out: then's start after first's
    // (re)start, or then's stop before first's going down.
    const edges = opened
      ? w.before.filter((b) => !x.until.includes(b)).map((b) => ({ first: a.g.ids[b]!, then: a.g.ids[x.from]! }))
      : x.until.flatMap((u) => w.after.map((d) => ({ first: a.g.ids[u]!, then: a.g.ids[d]! })));
    out.push(violation(ID, `${what} (${moment}), but order ${constraint} makes ${t} depend on ${f}${via}.`, actions, edges, constraint));
  }
}
