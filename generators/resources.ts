/** Resources: primitives with meta attributes, groups of 2–3 members, anonymous clones; their ids. */
import fc from "fast-check";
import { INFINITY, type Clone, type Group, type Primitive, type Resource, type ResourceMeta } from "../planner/model.ts";
import { resourceSlots, type CloneSpec, type GeneratorLimits, type PrimitiveSpec, type ResourceSpec } from "./blueprint.ts";
import { weighted, rarely } from "./choice.ts";
import { failureArbitrary, placementArbitrary } from "./status.ts";

/** The agent of every generated primitive: Pacemaker's Dummy, which can migrate. */
export const AGENT = "ocf:pacemaker:Dummy";

/** A resource-stickiness: mostly the default, sometimes 0–200, rarely INFINITY. */
export const stickinessArbitrary: fc.Arbitrary<number | undefined> = fc
  .tuple(weighted<"default" | "finite" | "infinity">(["default", 8], ["finite", 3], ["infinity", 1]), fc.integer({ min: 0, max: 200 }))
  .map(([choice, finite]) => (choice === "default" ? undefined : choice === "finite" ? finite : INFINITY));

/** A primitive's meta attributes and history; every field shrinks to its default. */
export function primitiveSpecArbitrary(limits: GeneratorLimits): fc.Arbitrary<PrimitiveSpec> {
  return fc.record({
    allowMigrate: weighted([false, 1], [true, 1]),
    stickiness: stickinessArbitrary,
    targetRole: weighted<PrimitiveSpec["targetRole"]>([undefined, 26], ["Stopped", 2], ["Started", 1]),
    isManaged: weighted<boolean | undefined>([undefined, 29], [false, 1]),
    migrationThreshold: weighted<number | undefined>([undefined, 6], [1, 1], [3, 1]),
    failure: rarely(failureArbitrary(limits), 8),
  });
}

const cloneSpecArbitrary: fc.Arbitrary<CloneSpec> = fc.record({
  ofGroup: weighted([false, 4], [true, 1]),
  cloneMax: weighted<number | undefined>([undefined, 3], [1, 1], [2, 1]),
  interleave: weighted([false, 1], [true, 1]),
  ordered: weighted([false, 3], [true, 1]),
});

/** One top-level resource (mostly a primitive) with the given slots; shrinks toward a plain primitive. */
export function resourceSpecArbitrary(limits: GeneratorLimits, slot: fc.Arbitrary<number>): fc.Arbitrary<ResourceSpec> {
  const primitive = primitiveSpecArbitrary(limits);
  return fc.record({
    slot,
    kind: weighted<ResourceSpec["kind"]>(["primitive", 10], ["group", 2], ["clone", 2]),
    primitive,
    members: fc.array(primitive, { minLength: 1, maxLength: 2 }),
    clone: cloneSpecArbitrary,
    placement: placementArbitrary(limits),
  });
}

/** Up to `maxResources` top-level resources with distinct slots; shrinks by removing any of them. */
export function resourcesArbitrary(limits: GeneratorLimits): fc.Arbitrary<ResourceSpec[]> {
  const slot = fc.nat({ max: resourceSlots(limits) });
  return fc.uniqueArray(resourceSpecArbitrary(limits, slot), { maxLength: limits.maxResources, size: "max", selector: (r) => r.slot });
}

/** A primitive as built, with the spec it came from. */
export interface BuiltPrimitive {
  primitive: Primitive;
  spec: PrimitiveSpec;
  /** Top-level primitives alone may migrate. */
  topLevel: boolean;
}

/** A top-level resource as built. */
export interface BuiltResource {
  spec: ResourceSpec;
  resource: Resource;
  primitives: BuiltPrimitive[];
}

/**
 * Builds resources in list order, naming primitives r1, r2…, groups g1, g2…
 * and clones after their child (`r3-clone`); a resource that would take the
 * primitive count beyond `maxResources` is left out.
 */
export function buildResources(specs: readonly ResourceSpec[], maxResources: number): BuiltResource[] {
  const built: BuiltResource[] = [];
  let primitiveCount = 0;
  let groupCount = 0;
  const primitive = (spec: PrimitiveSpec, topLevel: boolean): BuiltPrimitive => {
    primitiveCount += 1;
    const meta = toMeta(spec, topLevel);
    return { primitive: { kind: "primitive", id: `r${primitiveCount}`, agent: AGENT, meta }, spec, topLevel };
  };
  const group = (specs: PrimitiveSpec[]): { group: Group; primitives: BuiltPrimitive[] } => {
    groupCount += 1;
    const primitives = specs.map((s) => primitive(s, false));
    return { group: { kind: "group", id: `g${groupCount}`, members: primitives.map((p) => p.primitive), meta: {} }, primitives };
  };
  for (const spec of specs) {
    const size = spec.kind === "primitive" || (spec.kind === "clone" && !spec.clone.ofGroup) ? 1 : 1 + spec.members.length;
    if (primitiveCount + size > maxResources) continue;
    if (spec.kind === "primitive") {
      const p = primitive(spec.primitive, true);
      built.push({ spec, resource: p.primitive, primitives: [p] });
    } else if (spec.kind === "group") {
      const g = group([spec.primitive, ...spec.members]);
      built.push({ spec, resource: g.group, primitives: g.primitives });
    } else {
      const child = spec.clone.ofGroup
        ? group([spec.primitive, ...spec.members])
        : { group: undefined, primitives: [primitive(spec.primitive, false)] };
      const childResource = child.group ?? child.primitives[0]!.primitive;
      built.push({ spec, resource: toClone(childResource, spec.clone), primitives: child.primitives });
    }
  }
  return built;
}

function toClone(child: Primitive | Group, spec: CloneSpec): Clone {
  return {
    kind: "clone",
    id: `${child.id}-clone`,
    child,
    meta: {},
    ...(spec.cloneMax !== undefined ? { cloneMax: spec.cloneMax } : {}),
    cloneNodeMax: 1,
    interleave: spec.interleave,
    ordered: spec.ordered,
  };
}

/** Meta with only the non-default fields; allow-migrate only where migration is possible. */
function toMeta(spec: PrimitiveSpec, topLevel: boolean): ResourceMeta {
  const meta: ResourceMeta = {};
  if (spec.allowMigrate && topLevel) meta.allowMigrate = true;
  if (spec.targetRole !== undefined) meta.targetRole = spec.targetRole;
  if (spec.stickiness !== undefined) meta.stickiness = spec.stickiness;
  if (spec.migrationThreshold !== undefined) meta.migrationThreshold = spec.migrationThreshold;
  if (spec.isManaged !== undefined) meta.isManaged = spec.isManaged;
  return meta;
}
