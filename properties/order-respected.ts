import type { OrderAction, OrderConstraint } from "../planner/model.ts";
import type { Analysis } from "./analysis.ts";
import { actionsOf, analyse, realisations, violation } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";

const ID = "order-respected";

/**
 * Every user order constraint must be visible in the graph as paths. For a
 * Mandatory or Optional order "first:a then:b", every action realising `a`
 * of (a primitive of) `first` must have a path to every action realising `b`
 * of `then` in the same transition; a start of a live-migrating resource is
 * realised by its migrate_from, a stop by any of its stops (the source stop
 * of a migration included). A symmetrical order also needs its inverse: then's
 * inverse action before first's inverse action (stop b before stop a). A
 * Serialize order needs the two actions to be ordered one way or the other,
 * never concurrent. Orders naming groups or clones apply to their member
 * primitives. Decided with the transitive closure; each missing path is one
 * violation, whose edge is the path that should be there.
 */
export const orderRespected: Property = {
  id: ID,
  statement:
    "For every Mandatory or Optional order \"first:a then:b\", every realisation of `a` on first precedes (has a path to) every realisation of `b` on then in the same transition; for symmetrical Mandatory orders, the inverse too (then's inverse action before first's inverse action). Serialize: the two never overlap.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    const out: Violation[] = [];
    for (const c of cluster.constraints) {
      if (c.kind !== "order") continue;
      if (c.orderKind === "Serialize") {
        serialized(a, c, out);
        continue;
      }
      ordered(a, c, c.first, c.firstAction, c.then, c.thenAction, false, out);
      if (c.symmetrical) ordered(a, c, c.then, inverse(c.thenAction), c.first, inverse(c.firstAction), true, out);
    }
    return out;
  },
};

/** The inverse of an order action. */
export function inverse(action: OrderAction): OrderAction {
  return action === "start" ? "stop" : action === "stop" ? "start" : action === "promote" ? "demote" : "promote";
}

/** The actions realising an order action of a primitive. */
export function orderRealisations(a: Analysis, primitive: string, action: OrderAction): number[] {
  if (action === "start") return realisations(a, primitive);
  if (action === "stop") return actionsOf(a, primitive, ["stop"], false);
  return actionsOf(a, primitive, [action]);
}

function ordered(
  a: Analysis,
  c: OrderConstraint,
  first: string,
  firstAction: OrderAction,
  then: string,
  thenAction: OrderAction,
  isInverse: boolean,
  out: Violation[],
): void {
  for (const f of a.index.named(first)) {
    const from = orderRealisations(a, f, firstAction);
    if (from.length === 0) continue;
    for (const t of a.index.named(then)) {
      if (t === f) continue;
      for (const y of orderRealisations(a, t, thenAction)) {
        for (const x of from) {
          if (a.precedes(x, y)) continue;
          const fid = a.g.ids[x]!;
          const tid = a.g.ids[y]!;
          const rule = `${isInverse ? `the inverse of symmetrical order ${c.id}` : `order ${c.id} (${c.orderKind})`} requires ${first} to ${firstAction} before ${then} may ${thenAction}`;
          out.push(violation(ID, `${tid} is not ordered after ${fid}: ${rule}.`, [fid, tid], [{ first: fid, then: tid }], c.id));
        }
      }
    }
  }
}

function serialized(a: Analysis, c: OrderConstraint, out: Violation[]): void {
  for (const f of a.index.named(c.first)) {
    const xs = orderRealisations(a, f, c.firstAction);
    for (const t of a.index.named(c.then)) {
      if (t === f) continue;
      for (const y of orderRealisations(a, t, c.thenAction)) {
        for (const x of xs) {
          if (a.precedes(x, y) || a.precedes(y, x)) continue;
          const fid = a.g.ids[x]!;
          const tid = a.g.ids[y]!;
          out.push(
            violation(ID, `${fid} and ${tid} may run at the same time, but Serialize order ${c.id} forbids ${c.first} and ${c.then} to overlap.`, [fid, tid], [{ first: fid, then: tid }], c.id),
          );
        }
      }
    }
  }
}
