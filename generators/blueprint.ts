/**
 * The blueprint: an index-free description of a cluster that arbitraries
 * generate and {@link buildCluster} (cluster.ts) turns into a `ClusterState`.
 *
 * Nodes and resources carry a unique *slot* number; everything else refers to
 * them by a *ref*, resolved to the item with the smallest slot ≥ ref (wrapping
 * round to the smallest slot). Removing an item during shrinking therefore
 * re-targets only the refs that pointed at it, and every ref always resolves.
 * The slot order of resources is also the permutation along which orders are
 * oriented, so no set of orders can form a cycle.
 */
import type { OrderKind, Role } from "../planner/model.ts";

/** How big a case may get; resolved once from the user's options. */
export interface GeneratorLimits {
  /** At most this many nodes (at least 2 are always generated). */
  maxNodes: number;
  /** At most this many primitives, counting group members and clone children. */
  maxResources: number;
}

/** Slots of nodes are drawn from [0, nodeSlots(limits)]. */
export function nodeSlots(limits: GeneratorLimits): number {
  return 2 * limits.maxNodes;
}

/** Slots of generated resources are drawn from [0, resourceSlots(limits)]. */
export function resourceSlots(limits: GeneratorLimits): number {
  return 2 * limits.maxResources;
}

/** A node's membership as a user thinks of it: standby is online but may run nothing. */
export type MembershipSpec = "online" | "standby" | "offline" | "unclean";

/** A node to be named n1, n2… in list order. */
export interface NodeSpec {
  slot: number;
  membership: MembershipSpec;
}

/** A failure in a primitive's history. */
export interface FailureSpec {
  /** `monitor`: failed on its first active node; `start`: failed at `node`; `history`: only a fail count at `node`. */
  kind: "monitor" | "start" | "history";
  /** Node ref, for `start` and `history`. */
  node: number;
  /** The fail count of a monitor or history failure (a failed start counts INFINITY). */
  count: number;
}

/** Meta attributes of a primitive, plus its failure history; undefined means default. */
export interface PrimitiveSpec {
  allowMigrate: boolean;
  stickiness: number | undefined;
  targetRole: Role | undefined;
  isManaged: boolean | undefined;
  migrationThreshold: number | undefined;
  failure: FailureSpec | undefined;
}

/** A live migration caught half-way; its source is the resource's placement node. */
export interface MigrationSpec {
  stage: "partial" | "dangling";
  /** Node ref of the target. */
  target: number;
}

/** Where a resource is active now. */
export interface PlacementSpec {
  /** Node ref: a primitive, or a whole group, is active there. */
  node: number | undefined;
  /** Node ref of a second node a primitive is (wrongly) active on too. */
  alsoOn: number | undefined;
  /** How many trailing group members are stopped. */
  stoppedMembers: number;
  /** Node refs where a clone's instances are active. */
  cloneNodes: number[];
  /** Only honoured for top-level allow-migrate primitives with a placement node. */
  migration: MigrationSpec | undefined;
}

/** Clone settings, used when the resource is a clone. */
export interface CloneSpec {
  /** Clone a group of the resource's primitives rather than its first primitive. */
  ofGroup: boolean;
  cloneMax: number | undefined;
  interleave: boolean;
  ordered: boolean;
}

/** A top-level resource. Fields of the kinds it is not are ignored. */
export interface ResourceSpec {
  slot: number;
  kind: "primitive" | "group" | "clone";
  /** The primitive, or a group's first member, or the clone's child. */
  primitive: PrimitiveSpec;
  /** Further group members (1–2). */
  members: PrimitiveSpec[];
  clone: CloneSpec;
  placement: PlacementSpec;
}

/** A location constraint on a resource ref and a node ref; `rule` expresses it as a `#uname` rule. */
export interface LocationSpec {
  resource: number;
  node: number;
  score: number;
  /** `eq`: the score applies on that node; `ne`: on every other node. */
  rule: "eq" | "ne" | undefined;
}

/** A colocation between two resource refs; the later one in slot order is placed with the earlier. */
export interface ColocationSpec {
  a: number;
  b: number;
  score: number;
}

/**
 * An order between two resource refs, oriented by slot order: start→start
 * puts the earlier resource first, stop→stop puts it then. Thus every start
 * edge (and stop-side inverse) follows the permutation one way and every stop
 * edge the other way, and no combination of orders is cyclic.
 */
export interface OrderSpec {
  a: number;
  b: number;
  action: "start" | "stop";
  kind: OrderKind;
  symmetrical: boolean;
}

/** A whole cluster before references are resolved. */
export interface Blueprint {
  fencing: boolean;
  defaultStickiness: number;
  nodes: NodeSpec[];
  resources: ResourceSpec[];
  locations: LocationSpec[];
  colocations: ColocationSpec[];
  orders: OrderSpec[];
}

/** Resolves refs against items with slots: the smallest slot ≥ ref, else the smallest slot. */
export function slotResolver<T extends { slot: number }>(items: readonly T[]): (ref: number) => T | undefined {
  const sorted = [...items].sort((x, y) => x.slot - y.slot);
  return (ref) => sorted.find((item) => item.slot >= ref) ?? sorted[0];
}
