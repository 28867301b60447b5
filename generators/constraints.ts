/**
 * Constraints: location (node and score, or a `#uname` rule), colocation and
 * order, generated as refs and resolved at build time. Resolution drops
 * self-references, orients colocations and orders along the resources' slot
 * order (so Mandatory orders never form a cycle), and gives every constraint
 * a unique id.
 */
import fc from "fast-check";
import { INFINITY, type Constraint, type OrderKind } from "../planner/model.ts";
import {
  nodeSlots,
  resourceSlots,
  slotResolver,
  type ColocationSpec,
  type GeneratorLimits,
  type LocationSpec,
  type OrderSpec,
} from "./blueprint.ts";
import { weighted } from "./choice.ts";
import type { BuiltResource } from "./resources.ts";

/** A score: ±INFINITY or a finite value in [-1000, 1000], by weights; shrinks toward INFINITY. */
export function scoreArbitrary(weights: { infinity: number; minusInfinity: number; finite: number }): fc.Arbitrary<number> {
  return fc
    .tuple(
      weighted<"inf" | "-inf" | "finite">(["inf", weights.infinity], ["-inf", weights.minusInfinity], ["finite", weights.finite]),
      fc.integer({ min: -1000, max: 1000 }),
    )
    .map(([choice, finite]) => (choice === "inf" ? INFINITY : choice === "-inf" ? -INFINITY : finite));
}

/** An order kind, mostly Mandatory; shrinks toward Mandatory. */
export const orderKindArbitrary: fc.Arbitrary<OrderKind> = weighted<OrderKind>(["Mandatory", 6], ["Optional", 2], ["Serialize", 1]);

/** Symmetrical (Pacemaker's default) three times in four; shrinks toward symmetrical. */
export const symmetricalArbitrary: fc.Arbitrary<boolean> = weighted([true, 3], [false, 1]);

/** An order action: start→start or stop→stop; shrinks toward start. */
export const orderActionArbitrary: fc.Arbitrary<"start" | "stop"> = weighted<"start" | "stop">(["start", 3], ["stop", 1]);

/** Random constraints of the three kinds, each list shrinking element by element. */
export function constraintsArbitrary(
  limits: GeneratorLimits,
): fc.Arbitrary<{ locations: LocationSpec[]; colocations: ColocationSpec[]; orders: OrderSpec[] }> {
  const resource = fc.nat({ max: resourceSlots(limits) });
  const location = fc.record({
    resource,
    node: fc.nat({ max: nodeSlots(limits) }),
    score: scoreArbitrary({ infinity: 2, minusInfinity: 2, finite: 4 }),
    rule: weighted<LocationSpec["rule"]>([undefined, 8], ["eq", 1], ["ne", 1]),
  });
  const colocation = fc.record({ a: resource, b: resource, score: scoreArbitrary({ infinity: 3, minusInfinity: 3, finite: 2 }) });
  const order = fc.record({
    a: resource,
    b: resource,
    action: orderActionArbitrary,
    kind: orderKindArbitrary,
    symmetrical: symmetricalArbitrary,
  });
  return fc.record({
    locations: fc.array(location, { maxLength: limits.maxResources, size: "max" }),
    colocations: fc.array(colocation, { maxLength: Math.ceil(limits.maxResources / 2), size: "max" }),
    orders: fc.array(order, { maxLength: limits.maxResources, size: "max" }),
  });
}

/** Resolves constraint specs against the built resources and node names. */
export function buildConstraints(
  specs: { locations: readonly LocationSpec[]; colocations: readonly ColocationSpec[]; orders: readonly OrderSpec[] },
  resources: readonly BuiltResource[],
  resolveNode: (ref: number) => string,
): Constraint[] {
  const resolve = slotResolver(resources.map((r) => ({ slot: r.spec.slot, id: r.resource.id })));
  const out: Constraint[] = [];
  const ids = new Set<string>();
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; ids.has(id); n += 1) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  for (const spec of specs.locations) {
    const resource = resolve(spec.resource);
    if (resource === undefined) continue;
    const node = resolveNode(spec.node);
    const id = uniqueId(`loc-${resource.id}-${node}`);
    out.push(
      spec.rule === undefined
        ? { kind: "location", id, resource: resource.id, node, score: spec.score }
        : {
            kind: "location",
            id,
            resource: resource.id,
            rules: [
              {
                id: `${id}-rule`,
                score: spec.score,
                booleanOp: "and",
                expressions: [{ attribute: "#uname", operation: spec.rule, value: node }],
              },
            ],
          },
    );
  }
  for (const spec of specs.colocations) {
    const pair = orient(resolve(spec.a), resolve(spec.b));
    if (pair === undefined) continue;
    const [earlier, later] = pair;
    const id = uniqueId(`col-${later.id}-${earlier.id}`);
    out.push({ kind: "colocation", id, resource: later.id, withResource: earlier.id, score: spec.score });
  }
  for (const spec of specs.orders) {
    const pair = orient(resolve(spec.a), resolve(spec.b));
    if (pair === undefined) continue;
    const [first, then] = spec.action === "start" ? pair : [pair[1], pair[0]];
    const id = uniqueId(`ord-${first.id}-${then.id}`);
    out.push({
      kind: "order",
      id,
      first: first.id,
      firstAction: spec.action,
      then: then.id,
      thenAction: spec.action,
      orderKind: spec.kind,
      symmetrical: spec.kind !== "Serialize" && spec.symmetrical,
    });
  }
  return out;
}

type Slotted = { slot: number; id: string };

/** The two resources in slot order, or undefined for a self-reference. */
function orient(x: Slotted | undefined, y: Slotted | undefined): [Slotted, Slotted] | undefined {
  if (x === undefined || y === undefined || x.slot === y.slot) return undefined;
  return x.slot < y.slot ? [x, y] : [y, x];
}
