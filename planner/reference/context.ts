/**
 * The planning context shared by the reference planner's stages: the cluster
 * indexed for look-ups, the resolved meta attributes of every primitive, and
 * the switched-on fault modes. Built once per plan, read by every stage.
 */
import type { ClusterNode, ClusterState, Clone, Group, Primitive, Resource, ResourceMeta } from "../model.ts";
import { primitivesOf } from "../model.ts";
import type { FaultId } from "./faults.ts";

/** Meta attributes of a primitive with inheritance and cluster defaults applied. */
export interface EffectiveMeta {
  allowMigrate: boolean;
  targetRole: "Started" | "Stopped" | "Promoted" | "Unpromoted";
  stickiness: number;
  migrationThreshold: number;
  isManaged: boolean;
  priority: number;
}

/** Everything a stage may look up about the cluster being planned. */
export interface PlanContext {
  cluster: ClusterState;
  faults: ReadonlySet<FaultId>;
  nodes: ReadonlyMap<string, ClusterNode>;
  /** Node names in declaration order. */
  nodeNames: readonly string[];
  /** Every primitive by id, in declaration order. */
  primitives: ReadonlyMap<string, Primitive>;
  /** Top-level resources by id. */
  topLevel: ReadonlyMap<string, Resource>;
  /** The group or clone a primitive (or group) belongs to. */
  parentOf: ReadonlyMap<string, Group | Clone>;
  meta: ReadonlyMap<string, EffectiveMeta>;
  /** The primitives every resource id (primitive, group or clone) stands for. */
  members: ReadonlyMap<string, readonly Primitive[]>;
  /** Where each primitive is active now: a cleanly offline node runs nothing; an unclean one still counts until fenced (with fencing disabled, only for unmanaged resources). */
  activeOn: ReadonlyMap<string, readonly string[]>;
  /** `resource@node` of every failure that left the resource active and in need of recovery. */
  failedActive: ReadonlySet<string>;
  /** Each node's position in the order its history is read (the status order): clone instances are numbered in it. */
  historyRank: ReadonlyMap<string, number>;
}

function merge(...layers: (ResourceMeta | undefined)[]): ResourceMeta {
  const out: ResourceMeta = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/** Builds the context of one planning run. */
export function buildContext(cluster: ClusterState, faults: ReadonlySet<FaultId>): PlanContext {
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const primitives = new Map(primitivesOf(cluster.resources).map((p) => [p.id, p]));
  const topLevel = new Map(cluster.resources.map((r) => [r.id, r]));
  const parentOf = new Map<string, Group | Clone>();
  const meta = new Map<string, EffectiveMeta>();
  const defaults: ResourceMeta = {
    stickiness: cluster.options.defaultStickiness,
    migrationThreshold: cluster.options.defaultMigrationThreshold,
  };
  const resolve = (p: Primitive, ...outer: ResourceMeta[]) => {
    const m = merge(defaults, ...outer, p.meta);
    meta.set(p.id, {
      allowMigrate: m.allowMigrate ?? false,
      targetRole: m.targetRole ?? "Started",
      stickiness: m.stickiness ?? 0,
      migrationThreshold: m.migrationThreshold ?? 0,
      isManaged: m.isManaged ?? true,
      priority: m.priority ?? 0,
    });
  };
  for (const r of cluster.resources) {
    if (r.kind === "primitive") resolve(r);
    else if (r.kind === "group") {
      for (const m of r.members) {
        parentOf.set(m.id, r);
        resolve(m, r.meta);
      }
    } else {
      parentOf.set(r.child.id, r);
      if (r.child.kind === "primitive") resolve(r.child, r.meta);
      else {
        for (const m of r.child.members) {
          parentOf.set(m.id, r.child);
          resolve(m, r.meta, r.child.meta);
        }
      }
    }
  }
  const members = new Map<string, Primitive[]>();
  for (const p of primitives.values()) members.set(p.id, [p]);
  for (const parent of parentOf.values()) members.set(parent.id, primitivesOf([parent]));
  for (const r of cluster.resources) members.set(r.id, primitivesOf([r]));
  const activeOn = new Map<string, string[]>();
  for (const placement of cluster.status.active) {
    const membership = nodes.get(placement.node)?.membership;
    if (membership === "offline") continue;
    // Without fencing, Pacemaker takes a managed resource of an unclean node
    // to be stopped already (it is recovered elsewhere by a plain start).
    if (membership === "unclean" && !cluster.options.fencingEnabled && meta.get(placement.resource)?.isManaged !== false) continue;
    const list = activeOn.get(placement.resource) ?? [];
    if (!list.includes(placement.node)) list.push(placement.node);
    activeOn.set(placement.resource, list);
  }
  const failedActive = new Set(
    cluster.status.failed.filter((f) => f.activeAfter).map((f) => `${f.resource}@${f.node}`),
  );
  // Likewise the history of such a node is lost with it: a live migration
  // that left from it is not known to Pacemaker.
  const lostSource = (m: ClusterState["status"]["migrations"][number]) =>
    !cluster.options.fencingEnabled && nodes.get(m.source)?.membership === "unclean" && meta.get(m.resource)?.isManaged !== false;
  const known = cluster.status.migrations.filter((m) => !lostSource(m));
  return {
    cluster: known.length === cluster.status.migrations.length ? cluster : { ...cluster, status: { ...cluster.status, migrations: known } },
    faults,
    nodes,
    nodeNames: cluster.nodes.map((n) => n.name),
    primitives,
    topLevel,
    parentOf,
    meta,
    members,
    activeOn,
    failedActive,
    historyRank: new Map((cluster.status.nodeStateOrder ?? cluster.nodes.map((n) => n.name)).map((name, i) => [name, i])),
  };
}

/** The nodes where a primitive is active now (see {@link PlanContext.activeOn}). */
export function activeNodes(ctx: PlanContext, primitiveId: string): readonly string[] {
  return ctx.activeOn.get(primitiveId) ?? [];
}

/** Whether a primitive failed on a node and still needs recovering there. */
export function failedThere(ctx: PlanContext, primitiveId: string, node: string): boolean {
  return ctx.failedActive.has(`${primitiveId}@${node}`);
}

/** The primitives a resource id stands for: itself, a group's members, a clone's child primitives. */
export function primitivesNamed(ctx: PlanContext, id: string): readonly Primitive[] {
  return ctx.members.get(id) ?? [];
}

/** The clone a primitive is an instance of, if any. */
export function cloneOf(ctx: PlanContext, primitiveId: string): Clone | undefined {
  let parent = ctx.parentOf.get(primitiveId);
  while (parent !== undefined) {
    if (parent.kind === "clone") return parent;
    parent = ctx.parentOf.get(parent.id);
  }
  return undefined;
}

/**
 * Top-level resources in processing order: higher priority first (a group's
 * or clone's priority is its highest member's), declaration order among
 * equals. Assignment follows it, and so does the Transition Summary.
 */
export function processingOrder(ctx: PlanContext): Resource[] {
  const priorityOf = (r: Resource) => Math.max(...primitivesNamed(ctx, r.id).map((p) => ctx.meta.get(p.id)!.priority));
  return ctx.cluster.resources
    .map((resource, index) => ({ resource, index, priority: priorityOf(resource) }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index)
    .map(({ resource }) => resource);
}
