/**
 * The cluster as the properties see it: primitives, their groups and clones,
 * effective meta attributes, node eligibility and mandatory constraints,
 * computed from the model alone (never from a planner's internals, so a
 * property judges a planner by the semantics, not by its own code). Cached
 * per cluster object.
 */
import type { ClusterNode, ClusterState, Clone, ColocationConstraint, Group, LocationConstraint, Primitive, ResourceMeta } from "../planner/model.ts";
import { INFINITY, primitivesOf } from "../planner/model.ts";

/** A primitive's meta attributes with inheritance and defaults applied. */
export interface EffectiveMeta {
  allowMigrate: boolean;
  targetRole: NonNullable<ResourceMeta["targetRole"]>;
  isManaged: boolean;
}

/** The cluster indexed for the look-ups properties make. */
export interface ClusterIndex {
  readonly cluster: ClusterState;
  readonly nodes: ReadonlyMap<string, ClusterNode>;
  /** Every primitive by id, in declaration order. */
  readonly primitives: ReadonlyMap<string, Primitive>;
  /** The group or clone a primitive (or a clone's group) belongs to. */
  readonly parentOf: ReadonlyMap<string, Group | Clone>;
  readonly meta: ReadonlyMap<string, EffectiveMeta>;
  /** The primitive ids a resource id stands for: itself, a group's members, a clone's primitives. */
  named(id: string): string[];
  /** The clone a primitive is an instance of. */
  cloneOf(primitive: string): Clone | undefined;
  /** Unmanaged: is-managed=false, or active on a node in maintenance. */
  unmanaged(primitive: string): boolean;
  /** The resource ids whose constraints reach a primitive: itself and its ancestors. */
  ancestry(primitive: string): string[];
}

const cache = new WeakMap<ClusterState, ClusterIndex>();

/** The index of a cluster (computed once per cluster object). */
export function indexCluster(cluster: ClusterState): ClusterIndex {
  let index = cache.get(cluster);
  if (index === undefined) {
    index = build(cluster);
    cache.set(cluster, index);
  }
  return index;
}

function build(cluster: ClusterState): ClusterIndex {
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const primitives = new Map(primitivesOf(cluster.resources).map((p) => [p.id, p]));
  const parentOf = new Map<string, Group | Clone>();
  const containers = new Map<string, Group | Clone>();
  const meta = new Map<string, EffectiveMeta>();
  const resolve = (p: Primitive, ...outer: ResourceMeta[]) => {
    const m: ResourceMeta = {};
    for (const layer of [...outer, p.meta])
      for (const [k, v] of Object.entries(layer)) if (v !== undefined) (m as Record<string, unknown>)[k] = v;
    meta.set(p.id, { allowMigrate: m.allowMigrate ?? false, targetRole: m.targetRole ?? "Started", isManaged: m.isManaged ?? true });
  };
  for (const r of cluster.resources) {
    if (r.kind === "primitive") resolve(r);
    else if (r.kind === "group") {
      containers.set(r.id, r);
      for (const m of r.members) {
        parentOf.set(m.id, r);
        resolve(m, r.meta);
      }
    } else {
      containers.set(r.id, r);
      parentOf.set(r.child.id, r);
      if (r.child.kind === "primitive") resolve(r.child, r.meta);
      else {
        containers.set(r.child.id, r.child);
        for (const m of r.child.members) {
          parentOf.set(m.id, r.child);
          resolve(m, r.meta, r.child.meta);
        }
      }
    }
  }
  const ancestry = (primitive: string): string[] => {
    const out = [primitive];
    for (let p = parentOf.get(primitive); p !== undefined; p = parentOf.get(p.id)) out.push(p.id);
    return out;
  };
  const namedCache = new Map<string, string[]>();
  const named = (id: string): string[] => {
    let out = namedCache.get(id);
    if (out === undefined) {
      const c = containers.get(id);
      out = primitives.has(id) ? [id] : c === undefined ? [] : primitivesOf([c]).map((p) => p.id);
      namedCache.set(id, out);
    }
    return out;
  };
  const cloneOf = (primitive: string): Clone | undefined => {
    for (let p = parentOf.get(primitive); p !== undefined; p = parentOf.get(p.id)) if (p.kind === "clone") return p;
    return undefined;
  };
  const inMaintenance = new Set(cluster.status.active.filter((p) => nodes.get(p.node)?.maintenance === true).map((p) => p.resource));
  const unmanaged = (primitive: string): boolean => meta.get(primitive)?.isManaged === false || inMaintenance.has(primitive);
  return { cluster, nodes, primitives, parentOf, meta, named, cloneOf, unmanaged, ancestry };
}

/** Why a node may not host new activity, in words ("in standby", "offline", "in maintenance", …), or undefined when it may. */
export function ineligibility(index: ClusterIndex, node: string): string | undefined {
  const n = index.nodes.get(node);
  if (n === undefined) return "not a node of the cluster";
  if (n.membership !== "online") return n.membership;
  if (n.standby) return "in standby";
  if (n.shutdown === true) return "shutting down";
  if (n.maintenance) return "in maintenance";
  return undefined;
}

/** The -INFINITY location constraint (node and score) banning a primitive from a node, if any. */
export function bannedBy(index: ClusterIndex, primitive: string, node: string): LocationConstraint | undefined {
  const ids = index.ancestry(primitive);
  for (const c of index.cluster.constraints) {
    if (c.kind !== "location" || c.node !== node || c.score === undefined || c.score > -INFINITY) continue;
    if (c.role !== undefined && c.role !== "Started") continue;
    if (ids.includes(c.resource)) return c;
  }
  return undefined;
}

/** The colocations with a ±INFINITY score that concern Started roles only. */
export function mandatoryColocations(index: ClusterIndex): ColocationConstraint[] {
  const plain = (role: string | undefined) => role === undefined || role === "Started";
  return index.cluster.constraints.filter(
    (c): c is ColocationConstraint =>
      c.kind === "colocation" && Math.abs(c.score) >= INFINITY && plain(c.role) && plain(c.withRole),
  );
}
