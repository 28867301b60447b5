import type { Placement } from "../planner/model.ts";
import { executeInOrder, placementKey } from "../planner/graph/execute.ts";
import { analyse, list, violation } from "./analysis.ts";
import type { Analysis } from "./analysis.ts";
import { bannedBy, ineligibility, mandatoryColocations } from "./cluster.ts";
import type { Property, Violation } from "./property.ts";

const ID = "converges";

/**
 * A transition must do what it says and leave the cluster in a legal state.
 * Executing it from the current state (in its topological order; activity
 * intervals make every order agree when no start races a stop) must yield
 * exactly its declared target placement, and that placement must satisfy
 * the mandatory rules: a primitive (not a clone) on at most one node, clone
 * instances within clone-max, no resource where a -INFINITY location bans
 * it, every +INFINITY colocated resource on a node with its partner and no
 * -INFINITY colocated pair together, nothing running whose target-role is
 * Stopped, and nothing on a standby, offline, unclean, shutting-down or maintenance node
 * (unmanaged resources excepted: they stay where they are). A graph with a
 * cycle never completes and is left to graph-acyclic.
 */
export const converges: Property = {
  id: ID,
  statement:
    "Executing the transition yields its declared target placement, and that placement satisfies every mandatory constraint, target-role and node availability.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    const out: Violation[] = [];
    if (a.order !== undefined) declaredTarget(a, out);
    legalTarget(a, transition.target, out);
    return out;
  },
};

function declaredTarget(a: Analysis, out: Violation[]): void {
  const final = executeInOrder(a.status, a.order!.map((i) => a.g.actions[i]!));
  const finalKeys = new Set(final.map((p) => placementKey(p.resource, p.node)));
  const targetKeys = new Set(a.transition.target.map((p) => placementKey(p.resource, p.node)));
  for (const p of final) {
    if (targetKeys.has(placementKey(p.resource, p.node))) continue;
    const stops = a.g.actions.filter((x) => x.resource === p.resource && x.node === p.node && x.task === "stop").map((x) => x.id);
    out.push(
      violation(
        ID,
        `After the transition ${p.resource} is still active on ${p.node}, but the declared target does not place it there${stops.length === 0 ? " (nothing stops it)" : ""}.`,
        stops,
      ),
    );
  }
  for (const p of a.transition.target) {
    if (finalKeys.has(placementKey(p.resource, p.node))) continue;
    const starts = a.g.actions.filter((x) => x.resource === p.resource && x.node === p.node).map((x) => x.id);
    out.push(
      violation(ID, `The declared target places ${p.resource} on ${p.node}, but executing the transition does not leave it active there.`, starts),
    );
  }
}

function legalTarget(a: Analysis, target: readonly Placement[], out: Violation[]): void {
  const byResource = new Map<string, string[]>();
  for (const p of target) byResource.set(p.resource, [...(byResource.get(p.resource) ?? []), p.node]);
  const actionsAt = (r: string, node: string) =>
    a.g.actions.filter((x) => x.resource === r && x.node === node && (x.task === "start" || x.task === "migrate_from")).map((x) => x.id);
  for (const [r, nodes] of byResource) {
    if (a.index.unmanaged(r)) continue;
    const clone = a.index.cloneOf(r);
    if (clone === undefined && nodes.length > 1)
      out.push(violation(ID, `The target runs ${r} on ${list(nodes)} at once, but it is a primitive and may run on one node only.`, nodes.flatMap((n) => actionsAt(r, n))));
    if (clone?.cloneMax !== undefined && nodes.length > clone.cloneMax)
      out.push(violation(ID, `The target runs ${nodes.length} instances of ${clone.id} (${list(nodes)}), more than clone-max ${clone.cloneMax}.`, nodes.flatMap((n) => actionsAt(r, n))));
    if (a.index.meta.get(r)?.targetRole === "Stopped")
      out.push(violation(ID, `The target runs ${r} on ${list(nodes)}, but its target-role is Stopped.`, nodes.flatMap((n) => actionsAt(r, n))));
    for (const node of nodes) {
      const why = ineligibility(a.index, node);
      if (why !== undefined) {
        out.push(violation(ID, `The target runs ${r} on ${node}, which is ${why}.`, actionsAt(r, node)));
        continue;
      }
      const ban = bannedBy(a.index, r, node);
      if (ban !== undefined)
        out.push(violation(ID, `The target runs ${r} on ${node}, where location ${ban.id} bans ${ban.resource} (-INFINITY).`, actionsAt(r, node), [], ban.id));
    }
  }
  for (const c of mandatoryColocations(a.index)) {
    const withs = a.index.named(c.withResource);
    for (const r of a.index.named(c.resource)) {
      if (withs.includes(r) || a.index.unmanaged(r) || withs.some((w) => a.index.unmanaged(w))) continue;
      for (const node of byResource.get(r) ?? []) {
        const partners = withs.filter((w) => byResource.get(w)?.includes(node));
        if (c.score > 0 && partners.length === 0)
          out.push(
            violation(ID, `The target runs ${r} on ${node} without ${c.withResource}, but colocation ${c.id} (+INFINITY) requires them together.`, actionsAt(r, node), [], c.id),
          );
        if (c.score < 0 && partners.length > 0)
          out.push(
            violation(
              ID,
              `The target runs ${r} and ${list(partners)} together on ${node}, but colocation ${c.id} (-INFINITY) keeps them apart.`,
              [...actionsAt(r, node), ...partners.flatMap((w) => actionsAt(w, node))],
              [],
              c.id,
            ),
          );
      }
    }
  }
}
