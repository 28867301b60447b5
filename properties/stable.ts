import type { Action, ClusterState } from "../planner/model.ts";
import { replan, violation } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";

const ID = "stable";

/**
 * A plan must reach a fixed point: once it has run, the planner should have
 * nothing more to do, or the cluster churns forever (resources moving back
 * and forth on every re-plan). The converged state is built from the input:
 * the transition's declared target becomes the active placement, failed
 * operations and pending migrations are cleared (fail counts are kept), and
 * unclean nodes the transition fences become cleanly offline. Re-planning it
 * with the same planner must produce a transition without actions. Each
 * resource (or fenced node) that still has actions is one violation.
 */
export const stable: Property = {
  id: ID,
  statement:
    "Re-planning from the converged state yields no actions.",
  metamorphic: true,
  check({ cluster, transition, planner }) {
    const converged = convergedState(cluster, transition.actions, transition.target);
    const again = replan(planner, converged);
    if (again === undefined || again.actions.length === 0) return [];
    const groups = new Map<string, Action[]>();
    for (const x of again.actions) {
      const key = x.resource ?? (x.task === "fence" ? `node ${x.node}` : x.id);
      groups.set(key, [...(groups.get(key) ?? []), x]);
    }
    const out: Violation[] = [];
    for (const [subject, actions] of groups) {
      const ids = actions.map((x) => x.id);
      out.push(
        violation(
          ID,
          `Re-planning from the converged state still schedules ${ids.join(", ")} for ${subject}, so the plan is not a fixed point.`,
          ids,
          again.edges.filter((e) => ids.includes(e.first) && ids.includes(e.then)).map((e) => ({ first: e.first, then: e.then })),
        ),
      );
    }
    return out;
  },
};

/** The cluster once the transition has run: its target active, failures and migrations cleared, fenced nodes offline. */
export function convergedState(cluster: ClusterState, actions: readonly Action[], target: ClusterState["status"]["active"]): ClusterState {
  const fenced = new Set(actions.filter((x) => x.task === "fence" && x.node !== undefined).map((x) => x.node!));
  return {
    ...cluster,
    nodes: cluster.nodes.map((n) => (n.membership === "unclean" && fenced.has(n.name) ? { ...n, membership: "offline" } : n)),
    status: {
      active: target.map((p) => ({ ...p })),
      failed: [],
      failCounts: cluster.status.failCounts,
      migrations: [],
    },
  };
}
