import type { ClusterState, OrderConstraint } from "../planner/model.ts";
import { analyse, replan, violation } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";
import { restartsOf } from "./restarts.ts";

const ID = "no-restart-on-migration";

/**
 * The cl#5055 property. A live migration keeps its resource running
 * throughout, so it must never be the reason a dependent is restarted. This
 * is checked metamorphically: collect the migrating resources (those with a
 * migrate_from in the plan), remove every order constraint whose `first`
 * names one of them, and re-plan with the same planner. The resources the
 * original plan restarts in place (summary Restart, or a stop and start on a
 * node where the resource stays) must be a subset of those the re-plan
 * restarts: a resource restarted only when the order is present is
 * restarted because of the migration. Each such resource is one violation,
 * naming the order and the migrating resource.
 */
export const noRestartOnMigration: Property = {
  id: ID,
  statement:
    "A migrating resource never forces a dependent restart: the resources restarted by the plan are a subset of those restarted when every order constraint whose first is a migrating resource is removed (a metamorphic re-plan).",
  metamorphic: true,
  check({ cluster, transition, planner }) {
    const a = analyse(cluster, transition);
    const restarts = restartsOf(a);
    if (restarts.size === 0) return [];
    const migrating = new Set<string>();
    for (const action of a.g.actions)
      if (action.task === "migrate_from" && !action.pseudo && action.resource !== undefined) migrating.add(action.resource);
    if (migrating.size === 0) return [];
    const removed = cluster.constraints.filter(
      (c): c is OrderConstraint => c.kind === "order" && a.index.named(c.first).some((p) => migrating.has(p)),
    );
    if (removed.length === 0) return [];
    const changed: ClusterState = { ...cluster, constraints: cluster.constraints.filter((c) => !removed.includes(c as OrderConstraint)) };
    const again = replan(planner, changed);
    if (again === undefined) return [];
    const control = restartsOf(analyse(changed, again));
    const out: Violation[] = [];
    for (const [resource, restart] of restarts) {
      if (control.has(resource)) continue;
      const order = removed.find((c) => a.index.named(c.then).includes(resource)) ?? removed[0]!;
      const mover = a.index.named(order.first).find((p) => migrating.has(p))!;
      const moverActions = a.g.actions.filter((x) => x.resource === mover && (x.task === "migrate_to" || x.task === "migrate_from")).map((x) => x.id);
      const mine = [restart.stop, restart.start].filter((x): x is string => x !== undefined);
      const ofMover = (id: string) => a.g.actions[a.g.index.get(id) ?? -1]?.resource === mover;
      const edges = a.transition.edges
        .filter((e) => (ofMover(e.first) && mine.includes(e.then)) || (mine.includes(e.first) && ofMover(e.then)))
        .map((e) => ({ first: e.first, then: e.then }));
      const where = restart.node === undefined ? "" : ` on ${restart.node}`;
      out.push(
        violation(
          ID,
          `${resource} is restarted${where} only because it is ordered after ${mover} (order ${order.id}), but ${mover} live-migrates and never goes down.`,
          [...moverActions, ...mine],
          edges,
          order.id,
        ),
      );
    }
    return out;
  },
};
