import type { Analysis } from "./analysis.ts";
import { actionsOf, analyse, realStops, violation } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";
import { restartsOf } from "./restarts.ts";

const ID = "no-needless-actions";

/**
 * Every restart interrupts a service, so a resource that stays on its node
 * may be stopped and started again only with a cause: it failed there (a
 * failed operation that leaves it active), or something it depends on by a
 * Mandatory start→start order (a user order, or the implicit order of group
 * members) really goes down or really starts in this transition — a real
 * start or a stop that is not the clean-up of a live migration, or the
 * fencing of its node; a live migration is not a cause. Each restart without
 * a cause is one violation naming the resource and its node.
 */
export const noNeedlessActions: Property = {
  id: ID,
  statement:
    "A resource whose placement and role are unchanged is restarted only with a cause: it failed, or something it depends on by a Mandatory order really goes down.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    const out: Violation[] = [];
    for (const restart of restartsOf(a).values()) {
      const { resource, node } = restart;
      if (node !== undefined && !a.transition.target.some((p) => p.resource === resource && p.node === node)) continue;
      if (cluster.status.failed.some((f) => f.resource === resource && f.activeAfter && (node === undefined || f.node === node))) continue;
      if (dependencies(a, resource).some((f) => reallyChanges(a, f))) continue;
      const actions = [restart.stop, restart.start].filter((x): x is string => x !== undefined);
      const deps = dependencies(a, resource);
      const why = deps.length === 0 ? "it has not failed and depends on nothing" : `it has not failed and nothing it depends on (${deps.join(", ")}) really stops or starts`;
      out.push(
        violation(
          ID,
          `${resource} is stopped and started again${node === undefined ? "" : ` on ${node}`} where it stays, but ${why}.`,
          actions,
          restart.stop !== undefined && restart.start !== undefined ? [{ first: restart.stop, then: restart.start }] : [],
        ),
      );
    }
    return out;
  },
};

/**
 * The primitives a primitive depends on by Mandatory start→start orders: user
 * orders start→start, the start→start inverse of symmetrical stop→stop
 * orders, and group membership.
 */
function dependencies(a: Analysis, primitive: string): string[] {
  const out: string[] = [];
  for (const c of a.cluster.constraints) {
    if (c.kind !== "order" || c.orderKind !== "Mandatory") continue;
    const forward = c.firstAction === "start" && c.thenAction === "start";
    const inverse = c.symmetrical && c.firstAction === "stop" && c.thenAction === "stop";
    if (!forward && !inverse) continue;
    const [first, then] = forward ? [c.first, c.then] : [c.then, c.first];
    if (!a.index.named(then).includes(primitive)) continue;
    for (const f of a.index.named(first)) if (f !== primitive && !out.includes(f)) out.push(f);
  }
  const parent = a.index.parentOf.get(primitive);
  if (parent?.kind === "group") {
    const k = parent.members.findIndex((m) => m.id === primitive);
    for (const m of parent.members.slice(0, k)) if (!out.includes(m.id)) out.push(m.id);
  }
  return out;
}

/** Whether a primitive really starts or goes down in the transition (not by a live migration). */
function reallyChanges(a: Analysis, primitive: string): boolean {
  if (actionsOf(a, primitive, ["start"]).length > 0 || realStops(a, primitive).length > 0) return true;
  // Down by fencing: a fenced node it was active on.
  const fenced = new Set(a.g.actions.filter((x) => x.task === "fence").map((x) => x.node));
  return a.status.active.some((p) => p.resource === primitive && fenced.has(p.node));
}
