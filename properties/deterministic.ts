import type { ClusterState, Transition } from "../planner/model.ts";
import { replan, violation } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";

const ID = "deterministic";

/**
 * A planner must be a function of the cluster's meaning, not of accidents
 * of its representation: otherwise two nodes of a cluster, or two runs of a
 * test, disagree about what to do. Planning the same input again must give
 * an identical transition (actions, edges, target and summary, compared as
 * sets). Planning the input with its nodes and constraints declared in
 * reverse order (a deterministic permutation) must give the same target
 * placement and an isomorphic graph: the same action ids and the same edges.
 * The order of resources is kept, like the order of group members: it is
 * meaningful, as in Pacemaker, where resources of equal priority are
 * allocated in declaration order (and so can take tied nodes first). Each
 * difference is reported with the actions or placements that differ.
 */
export const deterministic: Property = {
  id: ID,
  statement:
    "The same input gives the same transition; permuting the declaration order of nodes, resources and constraints gives the same placement and an isomorphic graph.",
  metamorphic: true,
  check({ cluster, transition, planner }) {
    const out: Violation[] = [];
    const again = replan(planner, cluster);
    if (again !== undefined) compare(transition, again, "Planning the same input again", true, out);
    if (out.length > 0) return out;
    const permuted = replan(planner, permute(cluster));
    if (permuted !== undefined) compare(transition, permuted, "Planning with nodes and constraints declared in reverse order", false, out);
    return out;
  },
};

/** The cluster with its nodes and constraints in reverse declaration order (resources keep theirs: it is meaningful). */
export function permute(cluster: ClusterState): ClusterState {
  return { ...cluster, nodes: [...cluster.nodes].reverse(), constraints: [...cluster.constraints].reverse() };
}

const actionKey = (a: Transition["actions"][number]) => `${a.id}|${a.task}|${a.resource ?? ""}|${a.node ?? ""}|${a.pseudo}`;
const edgeKey = (e: { first: string; then: string }) => `${e.first} → ${e.then}`;
const placement = (p: Transition["target"][number]) => `${p.resource}@${p.node}`;
const summaryKey = (l: Transition["summary"][number]) => JSON.stringify([l.verb, l.subject, l.from, l.to, l.reason, l.fenceType]);

/** Items of xs not in ys. */
function minus(xs: readonly string[], ys: readonly string[]): string[] {
  const set = new Set(ys);
  return [...new Set(xs)].filter((x) => !set.has(x));
}

function compare(t: Transition, u: Transition, how: string, identical: boolean, out: Violation[]): void {
  const tp = t.target.map(placement);
  const up = u.target.map(placement);
  const lost = minus(tp, up);
  const gained = minus(up, tp);
  if (lost.length > 0 || gained.length > 0) {
    const parts = [lost.length > 0 ? `no longer places ${lost.join(", ")}` : "", gained.length > 0 ? `places ${gained.join(", ")} instead` : ""].filter(
      (s) => s !== "",
    );
    out.push(violation(ID, `${how} ${parts.join(" and ")}.`, []));
  }
  const ta = t.actions.map(identical ? actionKey : (a) => a.id);
  const ua = u.actions.map(identical ? actionKey : (a) => a.id);
  const onlyT = minus(ta, ua).map((k) => k.split("|")[0]!);
  const onlyU = minus(ua, ta).map((k) => k.split("|")[0]!);
  if (onlyT.length > 0 || onlyU.length > 0) {
    const parts = [onlyT.length > 0 ? `drops ${onlyT.join(", ")}` : "", onlyU.length > 0 ? `adds ${onlyU.join(", ")}` : ""].filter((s) => s !== "");
    out.push(violation(ID, `${how} ${parts.join(" and ")}.`, onlyT));
  }
  const te = t.edges.map(edgeKey);
  const ue = u.edges.map(edgeKey);
  const edgesT = minus(te, ue);
  const edgesU = minus(ue, te);
  if (edgesT.length > 0 || edgesU.length > 0) {
    const parts = [edgesT.length > 0 ? `drops the edges ${edgesT.join(", ")}` : "", edgesU.length > 0 ? `adds the edges ${edgesU.join(", ")}` : ""].filter(
      (s) => s !== "",
    );
    const edges = t.edges.filter((e) => edgesT.includes(edgeKey(e))).map((e) => ({ first: e.first, then: e.then }));
    out.push(violation(ID, `${how} ${parts.join(" and ")}.`, [...new Set(edges.flatMap((e) => [e.first, e.then]))], edges));
  }
  if (identical) {
    const ts = t.summary.map(summaryKey).sort();
    const us = u.summary.map(summaryKey).sort();
    if (ts.join("\n") !== us.join("\n")) out.push(violation(ID, `${how} gives a different transition summary.`, []));
  }
}
