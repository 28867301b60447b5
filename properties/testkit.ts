/**
 * Hand-made clusters and transitions, terse enough to write a property's
 * counterexample in a few lines: `cluster({ nodes: ["n1", "n2"], resources:
 * [prim("a", { allowMigrate: true })], active: [["a", "n1"]] })` and
 * `transition(["stop:a@n1", "start:a@n2"], [["stop:a@n1", "start:a@n2"]], [["a",
 * "n2"]])`. Used by the property tests; handy for reports' examples.
 */
import type {
  Action,
  ClusterNode,
  ClusterState,
  Clone,
  Constraint,
  Group,
  NodeMembership,
  OrderAction,
  OrderConstraint,
  OrderKind,
  Planner,
  Primitive,
  ResourceMeta,
  Resource,
  Transition,
  ClusterStatus,
  Task,
} from "../planner/model.ts";
import type { Property, Violation } from "./property.ts";

/** A node, online unless told otherwise. */
export function node(name: string, membership: NodeMembership = "online", extra: Partial<ClusterNode> = {}): ClusterNode {
  return { name, id: name.replace(/\D/g, "") || name, membership, standby: false, maintenance: false, attributes: {}, ...extra };
}

/** A primitive. */
export function prim(id: string, meta: ResourceMeta = {}): Primitive {
  return { kind: "primitive", id, agent: "ocf:pacemaker:Dummy", meta };
}

/** A group of primitives. */
export function group(id: string, members: Primitive[], meta: ResourceMeta = {}): Group {
  return { kind: "group", id, members, meta };
}

/** An anonymous clone. */
export function clone(id: string, child: Primitive | Group, cloneMax?: number): Clone {
  const c: Clone = { kind: "clone", id, child, meta: {}, cloneNodeMax: 1, interleave: false, ordered: false };
  if (cloneMax !== undefined) c.cloneMax = cloneMax;
  return c;
}

/** An order constraint (Mandatory, symmetrical, start→start unless told otherwise). */
export function order(
  id: string,
  first: string,
  then: string,
  extra: { firstAction?: OrderAction; thenAction?: OrderAction; kind?: OrderKind; symmetrical?: boolean } = {},
): OrderConstraint {
  return {
    kind: "order",
    id,
    first,
    firstAction: extra.firstAction ?? "start",
    then,
    thenAction: extra.thenAction ?? "start",
    orderKind: extra.kind ?? "Mandatory",
    symmetrical: extra.symmetrical ?? true,
  };
}

/** A location constraint on one node. */
export function location(id: string, resource: string, nodeName: string, score: number): Constraint {
  return { kind: "location", id, resource, node: nodeName, score };
}

/** A colocation constraint. */
export function colocation(id: string, resource: string, withResource: string, score: number): Constraint {
  return { kind: "colocation", id, resource, withResource, score };
}

/** What a hand-made cluster needs; everything else defaults. */
export interface ClusterSpec {
  nodes: (string | ClusterNode)[];
  resources: Resource[];
  constraints?: Constraint[];
  /** `[resource, node]` pairs active now. */
  active?: [string, string][];
  status?: Partial<ClusterStatus>;
  fencingEnabled?: boolean;
  stickiness?: number;
}

/** A cluster. */
export function cluster(spec: ClusterSpec): ClusterState {
  return {
    options: {
      fencingEnabled: spec.fencingEnabled ?? false,
      symmetricCluster: true,
      noQuorumPolicy: "stop",
      haveQuorum: true,
      defaultStickiness: spec.stickiness ?? 0,
      defaultMigrationThreshold: 1_000_000,
    },
    nodes: spec.nodes.map((n) => (typeof n === "string" ? node(n) : n)),
    resources: spec.resources,
    constraints: spec.constraints ?? [],
    status: {
      active: (spec.active ?? []).map(([resource, n]) => ({ resource, node: n, role: "Started" })),
      failed: [],
      failCounts: [],
      migrations: [],
      ...spec.status,
    },
  };
}

/** An action from its id: `task:resource@node`, `task:resource` (pseudo), `fence@node`; a trailing `(p)` makes it pseudo. */
export function action(spec: string): Action {
  const pseudo = spec.endsWith("(p)");
  const id = pseudo ? spec.slice(0, -3) : spec;
  const [head, nodeName] = id.split("@") as [string, string | undefined];
  const colon = head.indexOf(":");
  const task = (colon === -1 ? head : head.slice(0, colon)) as Task;
  const resource = colon === -1 ? undefined : head.slice(colon + 1);
  const a: Action = { id, task, pseudo: pseudo || (task === "start" && nodeName === undefined) };
  if (resource !== undefined) a.resource = resource;
  if (nodeName !== undefined) a.node = nodeName;
  return a;
}

/** A transition from action specs, edges as id pairs, and its target as `[resource, node]` pairs. */
export function transition(actions: string[], edges: [string, string][], target: [string, string][], summary: Transition["summary"] = []): Transition {
  return {
    actions: actions.map(action),
    edges: edges.map(([first, then]) => ({ first, then })),
    target: target.map(([resource, n]) => ({ resource, node: n, role: "Started" })),
    summary,
  };
}

/** A planner that always returns the given transition, or the one a function gives. */
export function fixedPlanner(plan: Transition | ((c: ClusterState) => Transition), name = "fixed"): Planner {
  return { name, plan: typeof plan === "function" ? plan : () => plan };
}

/** Checks a property on a hand-made case (the planner defaults to one that returns the same transition). */
export function check(property: Property, c: ClusterState, t: Transition, planner: Planner = fixedPlanner(t)): Violation[] {
  return property.check({ cluster: c, transition: t, planner });
}
