/**
 * Validity of a cluster as a whole, for input that did not come from a
 * generator: a CIB once every section is read, or the cluster of a fixture
 * file (JSON, possibly hand-edited, corrupt, or from another version).
 *
 * - {@link checkClusterShape}: an untrusted value has the shape of a
 *   {@link ClusterState} (field types, enumerations, integer scores within
 *   ±INFINITY). Fields the model does not know are ignored.
 * - {@link validateCluster}: what needs the whole model: names and ids are
 *   unique, every constraint and status entry names existing resources and
 *   nodes, and no cycle of Mandatory orders exists (it could never be
 *   satisfied).
 *
 * Both throw an InputError whose `where` names the offending element.
 */
import { InputError } from "./errors.ts";
import { INFINITY, UNKNOWN_NODE_STATES, type ClusterState, type Constraint, type OrderAction, type OrderConstraint, type Resource } from "./model.ts";

// ------------------------------------------------------------------ shape

type Json = Record<string, unknown>;

const ROLES = ["Started", "Stopped", "Promoted", "Unpromoted"];
const MEMBERSHIPS = ["online", "offline", "unclean"];
const NO_QUORUM_POLICIES = ["stop", "ignore", "freeze", "demote", "suicide"];
const PLACEMENT_STRATEGIES = ["default", "utilization", "minimal", "balanced"];
const OPERATIONS = ["eq", "ne", "lt", "gt", "lte", "gte", "defined", "not_defined"];
const EXPRESSION_TYPES = ["string", "integer", "number", "version"];
const ORDER_ACTIONS = ["start", "stop", "promote", "demote"];
const ORDER_KINDS = ["Mandatory", "Optional", "Serialize"];
const STAGES = ["partial", "dangling"];
const LOSS_POLICIES = ["stop", "demote", "fence", "freeze"];

const describe = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "string" ? `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'` : typeof value === "object" ? "an object" : String(value);

function object(value: unknown, at: string): Json {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InputError(`expected an object, found ${describe(value)}`, at);
  return value as Json;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new InputError(`expected a list, found ${describe(value)}`, at);
  return value;
}

function text(o: Json, field: string, at: string, optional = false): void {
  const value = o[field];
  if (value === undefined && optional) return;
  if (typeof value !== "string" || (value === "" && !optional)) throw new InputError(`"${field}" must be a non-empty string, found ${describe(value)}`, at);
}

function flag(o: Json, field: string, at: string, optional = false): void {
  const value = o[field];
  if (value === undefined && optional) return;
  if (typeof value !== "boolean") throw new InputError(`"${field}" must be true or false, found ${describe(value)}`, at);
}

function oneOf(o: Json, field: string, values: readonly string[], at: string, optional = false): void {
  const value = o[field];
  if (value === undefined && optional) return;
  if (typeof value !== "string" || !values.includes(value)) throw new InputError(`"${field}" must be one of ${values.join(", ")}, found ${describe(value)}`, at);
}

/** An integer in [min, max]; scores are within ±INFINITY. */
function integer(o: Json, field: string, at: string, { optional = false, min = -INFINITY, max = INFINITY } = {}): void {
  const value = o[field];
  if (value === undefined && optional) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`"${field}" must be an integer from ${min} to ${max}, found ${describe(value)}`, at);
  }
}

function record(o: Json, field: string, kind: "string" | "number", at: string, optional = false): void {
  const value = o[field];
  if (value === undefined && optional) return;
  const r = object(value, `${at}.${field}`);
  for (const [name, v] of Object.entries(r)) {
    if (kind === "string" ? typeof v !== "string" : typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new InputError(`"${name}" must be ${kind === "string" ? "a string" : "a non-negative integer"}, found ${describe(v)}`, `${at}.${field}`);
    }
  }
}

function meta(value: unknown, at: string): void {
  const m = object(value, at);
  flag(m, "allowMigrate", at, true);
  oneOf(m, "targetRole", ROLES, at, true);
  integer(m, "stickiness", at, { optional: true });
  integer(m, "migrationThreshold", at, { optional: true, min: 0 });
  flag(m, "isManaged", at, true);
  integer(m, "priority", at, { optional: true });
}

function primitiveShape(value: unknown, at: string): void {
  const p = object(value, at);
  if (p["kind"] !== "primitive") throw new InputError(`expected a primitive, found kind ${describe(p["kind"])}`, at);
  text(p, "id", at);
  text(p, "agent", at);
  meta(p["meta"], `${at}.meta`);
  record(p, "utilization", "number", at, true);
}

function resourceShape(value: unknown, at: string): void {
  const r = object(value, at);
  switch (r["kind"]) {
    case "primitive":
      return primitiveShape(r, at);
    case "group":
      text(r, "id", at);
      meta(r["meta"], `${at}.meta`);
      list(r["members"], `${at}.members`).forEach((m, i) => primitiveShape(m, `${at}.members[${i}]`));
      if ((r["members"] as unknown[]).length === 0) throw new InputError("a group needs members", at);
      return;
    case "clone": {
      text(r, "id", at);
      meta(r["meta"], `${at}.meta`);
      const child = object(r["child"], `${at}.child`);
      if (child["kind"] !== "primitive" && child["kind"] !== "group") throw new InputError(`a clone holds a primitive or a group, found kind ${describe(child["kind"])}`, `${at}.child`);
      resourceShape(child, `${at}.child`);
      integer(r, "cloneMax", at, { optional: true, min: 0, max: 2 ** 31 - 1 });
      integer(r, "cloneNodeMax", at, { min: 0, max: 2 ** 31 - 1 });
      flag(r, "interleave", at);
      flag(r, "ordered", at);
      return;
    }
    default:
      throw new InputError(`unknown resource kind ${describe(r["kind"])}`, at);
  }
}

function constraintShape(value: unknown, at: string): void {
  const c = object(value, at);
  text(c, "id", at);
  switch (c["kind"]) {
    case "location":
      text(c, "resource", at);
      oneOf(c, "role", ROLES, at, true);
      if (c["node"] !== undefined) {
        text(c, "node", at);
        integer(c, "score", at);
      } else {
        list(c["rules"], `${at}.rules`).forEach((value, i) => {
          const ruleAt = `${at}.rules[${i}]`;
          const rule = object(value, ruleAt);
          text(rule, "id", ruleAt);
          integer(rule, "score", ruleAt);
          oneOf(rule, "booleanOp", ["and", "or"], ruleAt);
          list(rule["expressions"], `${ruleAt}.expressions`).forEach((value, k) => {
            const exprAt = `${ruleAt}.expressions[${k}]`;
            const e = object(value, exprAt);
            text(e, "attribute", exprAt);
            oneOf(e, "operation", OPERATIONS, exprAt);
            text(e, "value", exprAt, true);
            oneOf(e, "type", EXPRESSION_TYPES, exprAt, true);
          });
        });
      }
      return;
    case "colocation":
      text(c, "resource", at);
      text(c, "withResource", at);
      integer(c, "score", at);
      oneOf(c, "role", ROLES, at, true);
      oneOf(c, "withRole", ROLES, at, true);
      return;
    case "order":
      text(c, "first", at);
      oneOf(c, "firstAction", ORDER_ACTIONS, at);
      text(c, "then", at);
      oneOf(c, "thenAction", ORDER_ACTIONS, at);
      oneOf(c, "orderKind", ORDER_KINDS, at);
      flag(c, "symmetrical", at);
      return;
    case "ticket":
      text(c, "resource", at);
      text(c, "ticket", at);
      oneOf(c, "lossPolicy", LOSS_POLICIES, at);
      return;
    default:
      throw new InputError(`unknown constraint kind ${describe(c["kind"])}`, at);
  }
}

/**
 * Checks that an untrusted value (parsed JSON) has the shape of a
 * {@link ClusterState}; `at` names it in messages (e.g. `cluster`).
 *
 * @throws InputError naming the first field that is missing or wrong, e.g.
 *   `"membership" must be one of online, offline, unclean, found 'up' (cluster.nodes[1])`.
 */
export function checkClusterShape(value: unknown, at = "cluster"): asserts value is ClusterState {
  const c = object(value, at);
  const o = object(c["options"], `${at}.options`);
  const oat = `${at}.options`;
  flag(o, "fencingEnabled", oat);
  flag(o, "symmetricCluster", oat);
  oneOf(o, "noQuorumPolicy", NO_QUORUM_POLICIES, oat);
  flag(o, "haveQuorum", oat);
  integer(o, "defaultStickiness", oat);
  integer(o, "defaultMigrationThreshold", oat, { min: 0 });
  oneOf(o, "placementStrategy", PLACEMENT_STRATEGIES, oat, true);
  list(c["nodes"], `${at}.nodes`).forEach((value, i) => {
    const nat = `${at}.nodes[${i}]`;
    const n = object(value, nat);
    text(n, "name", nat);
    text(n, "id", nat);
    oneOf(n, "membership", MEMBERSHIPS, nat);
    flag(n, "standby", nat);
    flag(n, "maintenance", nat);
    flag(n, "shutdown", nat, true);
    oneOf(n, "unknownState", UNKNOWN_NODE_STATES, nat, true);
    record(n, "attributes", "string", nat);
    record(n, "capacity", "number", nat, true);
  });
  list(c["resources"], `${at}.resources`).forEach((r, i) => resourceShape(r, `${at}.resources[${i}]`));
  list(c["constraints"], `${at}.constraints`).forEach((r, i) => constraintShape(r, `${at}.constraints[${i}]`));
  const s = object(c["status"], `${at}.status`);
  const entries = (field: string, check: (e: Json, at: string) => void): void =>
    list(s[field], `${at}.status.${field}`).forEach((value, i) => check(object(value, `${at}.status.${field}[${i}]`), `${at}.status.${field}[${i}]`));
  entries("active", (e, eat) => {
    text(e, "resource", eat);
    text(e, "node", eat);
    oneOf(e, "role", ROLES, eat);
  });
  entries("failed", (e, eat) => {
    text(e, "resource", eat);
    text(e, "node", eat);
    text(e, "operation", eat);
    flag(e, "activeAfter", eat);
  });
  entries("failCounts", (e, eat) => {
    text(e, "resource", eat);
    text(e, "node", eat);
    integer(e, "count", eat, { min: 0 });
  });
  entries("migrations", (e, eat) => {
    text(e, "resource", eat);
    text(e, "source", eat);
    text(e, "target", eat);
    oneOf(e, "stage", STAGES, eat);
  });
  if (s["tickets"] !== undefined) {
    entries("tickets", (e, eat) => {
      text(e, "id", eat);
      flag(e, "granted", eat);
      flag(e, "standby", eat);
    });
  }
  if (s["nodeStateOrder"] !== undefined) {
    list(s["nodeStateOrder"], `${at}.status.nodeStateOrder`).forEach((name, i) => {
      if (typeof name !== "string") throw new InputError(`expected a node name, found ${describe(name)}`, `${at}.status.nodeStateOrder[${i}]`);
    });
  }
}

// -------------------------------------------------------------- semantics

/**
 * Says where an element of the cluster came from (an XML element's line, a
 * JSON path): the `index`-th node, resource or constraint and its id, or for
 * `status` the `index`-th entry of the status list named by `id`.
 */
export type Locate = (what: "node" | "resource" | "constraint" | "status", index: number, id: string) => string;

/** Where in a cluster held as JSON (a fixture): `cluster.constraints[3] id=o1`, `cluster.status.active[0]`. */
export const jsonLocate =
  (root = "cluster"): Locate =>
  (what, index, id) =>
    what === "status" ? `${root}.status.${id}[${index}]` : `${root}.${what}s[${index}] id=${id}`;

/**
 * Checks what needs the whole cluster: unique node names and resource ids,
 * references of constraints and status entries, and cycles of Mandatory
 * orders (an order is an edge first:action → then:action, a symmetrical one
 * also then:inverse → first:inverse).
 *
 * @throws InputError with `where` from `locate`.
 */
export function validateCluster(cluster: ClusterState, locate: Locate = jsonLocate()): void {
  const nodes = new Set<string>();
  cluster.nodes.forEach((n, i) => {
    if (nodes.has(n.name)) throw new InputError(`duplicate node name '${n.name}'`, locate("node", i, n.name));
    // Only an unclean node can be one nothing is known of: the CIB has no way to say it of another.
    if (n.unknownState !== undefined && n.membership !== "unclean") {
      throw new InputError(`node '${n.name}' has unknownState '${n.unknownState}' but is ${n.membership}, not unclean`, locate("node", i, n.name));
    }
    nodes.add(n.name);
  });
  const resources = new Set<string>();
  const primitives = new Set<string>();
  cluster.resources.forEach((r, i) => {
    for (const [id, primitive] of resourceIds(r)) {
      if (resources.has(id)) throw new InputError(`duplicate resource id '${id}'`, locate("resource", i, r.id));
      resources.add(id);
      if (primitive) primitives.add(id);
    }
  });
  cluster.constraints.forEach((c, i) => {
    const at = (): string => locate("constraint", i, c.id);
    for (const [field, id] of referencesOf(c)) {
      if (!resources.has(id)) throw new InputError(`${field} '${id}' names no resource`, at());
    }
    if (c.kind === "location" && c.node !== undefined && !nodes.has(c.node)) throw new InputError(`node '${c.node}' is not a node of the cluster`, at());
  });
  const s = cluster.status;
  const entries: [string, { resource: string; node?: string; source?: string; target?: string }[]][] = [
    ["active", s.active],
    ["failed", s.failed],
    ["failCounts", s.failCounts],
    ["migrations", s.migrations],
  ];
  for (const [field, list] of entries) {
    list.forEach((e, i) => {
      const at = (): string => locate("status", i, field);
      if (!primitives.has(e.resource)) throw new InputError(`resource '${e.resource}' names no primitive`, at());
      for (const node of [e.node, e.source, e.target]) {
        if (node !== undefined && !nodes.has(node)) throw new InputError(`node '${node}' is not a node of the cluster`, at());
      }
    });
  }
  (s.nodeStateOrder ?? []).forEach((node, i) => {
    if (!nodes.has(node)) throw new InputError(`node '${node}' is not a node of the cluster`, locate("status", i, "nodeStateOrder"));
  });
  checkOrderCycles(cluster.constraints, locate);
}

/** Every id a resource defines (itself, members, clone child), with whether it is a primitive. */
function resourceIds(r: Resource): [string, boolean][] {
  if (r.kind === "primitive") return [[r.id, true]];
  if (r.kind === "group") return [[r.id, false], ...r.members.map((m): [string, boolean] => [m.id, true])];
  return [[r.id, false], ...resourceIds(r.child)];
}

function referencesOf(c: Constraint): [string, string][] {
  if (c.kind === "location") return [["rsc", c.resource]];
  if (c.kind === "colocation") return [["rsc", c.resource], ["with-rsc", c.withResource]];
  if (c.kind === "ticket") return [["rsc", c.resource]];
  return [["first", c.first], ["then", c.then]];
}

const INVERSE: Record<OrderAction, OrderAction> = { start: "stop", stop: "start", promote: "demote", demote: "promote" };

/** Refuses a cycle among Mandatory orders (iteratively: a long chain of orders must not exhaust the stack). */
function checkOrderCycles(constraints: readonly Constraint[], locate: Locate): void {
  const index = new Map<string, number>();
  constraints.forEach((c, i) => index.set(c.id, i));
  const edges = new Map<string, { to: string; id: string }[]>();
  const add = (from: string, to: string, id: string): void => {
    const out = edges.get(from);
    if (out === undefined) edges.set(from, [{ to, id }]);
    else out.push({ to, id });
  };
  for (const o of constraints.filter((c): c is OrderConstraint => c.kind === "order" && c.orderKind === "Mandatory")) {
    add(`${o.first}:${o.firstAction}`, `${o.then}:${o.thenAction}`, o.id);
    if (o.symmetrical) add(`${o.then}:${INVERSE[o.thenAction]}`, `${o.first}:${INVERSE[o.firstAction]}`, o.id);
  }
  const done = new Set<string>();
  for (const start of edges.keys()) {
    if (done.has(start)) continue;
    // The path from `start`: each frame is a vertex, the order that led to it, and its next edge to try.
    const path: { node: string; via: string; next: number }[] = [{ node: start, via: "", next: 0 }];
    const onPath = new Map<string, number>([[start, 0]]);
    while (path.length > 0) {
      const frame = path[path.length - 1] as { node: string; via: string; next: number };
      const out = edges.get(frame.node) ?? [];
      if (frame.next >= out.length) {
        path.pop();
        onPath.delete(frame.node);
        done.add(frame.node);
        continue;
      }
      const { to, id } = out[frame.next++] as { to: string; id: string };
      const at = onPath.get(to);
      if (at !== undefined) {
        const cycle = [...path.slice(at).map((f) => f.node), to];
        const ids = [...path.slice(at + 1).map((f) => f.via), id];
        throw new InputError(`cycle of Mandatory orders: ${cycle.join(" -> ")} (${ids.join(", ")})`, locate("constraint", index.get(id) ?? -1, id));
      }
      if (done.has(to)) continue;
      onPath.set(to, path.length);
      path.push({ node: to, via: id, next: 0 });
    }
  }
}
