/**
 * Writes a {@link ClusterState} as CIB XML that `crm_verify -x` accepts and
 * that crm_simulate 2.1.5 can run, in the style of the seed scenarios:
 * explicit cluster options, one node_state per node, and per node and
 * primitive a probe (monitor_0, rc 7) followed by the operations that
 * produce the status.
 *
 * How the status is encoded (and read back by {@link readCib}):
 * - online node: in_ccm, crmd online, join member. Offline: out of the
 *   membership, controller offline, join down, expected down (a clean stop).
 *   Unclean: in membership but its controller gone while joined (in_ccm true,
 *   crmd offline, join member), which Pacemaker treats as needing fencing
 *   with or without fencing enabled. Without fencing only online nodes get
 *   a resource history (Pacemaker ignores the others'); with fencing, an
 *   offline node gets one only if something is placed there (which makes it
 *   unclean, unless it is in maintenance). An unclean node nothing is known
 *   of has no node_state (`no-state`: no history, no transient attributes
 *   either), or one without in_ccm (`not-seen`).
 * - active: start rc 0 (then promote rc 0 for Promoted).
 * - failures: a failed start is `start` rc 1; a failed monitor on an active
 *   resource is a recurring monitor rc 1; an inactive one (activeAfter
 *   false) is a probe rc 5 (not installed); a failed stop is start rc 0 then
 *   stop rc 1; any other operation is start rc 0 then that operation rc 1.
 * - partial migration: migrate_to rc 0 on the source after its start;
 *   dangling: additionally migrate_from rc 0 on the target.
 * - fail counts: transient attribute `fail-count-RSC#start_0`; a shutting
 *   down node: transient attribute `shutdown`.
 * - clone instances: `CHILD:N`, numbered per clone child across the cluster;
 *   node_state entries in `status.nodeStateOrder` when it is given.
 *
 * Round trip: `readCib(writeCib(c))` deep-equals `c` whenever `c` is in the
 * canonical form {@link readCib} documents and holds a state Pacemaker can
 * hold:
 * - placements only on online nodes (with fencing enabled, also on unclean
 *   nodes and on offline nodes in maintenance); a clone child at most once
 *   per node (anonymous clones have clone-node-max 1); a Promoted placement
 *   without a failed start;
 * - per resource and node at most one failure with activeAfter (where the
 *   resource is placed) and at most one without (a `monitor`, where it is
 *   not); a failed stop, with fencing enabled, only on an unclean node;
 * - a partial migration's resource placed on its online source only, with
 *   its target untouched and online (or unclean, with fencing enabled); a
 *   dangling one's on both; no failure on a migrating resource;
 * - `suicide` as no-quorum policy only with fencing enabled.
 * crm_verify also wants a fencing device (a `stonith:` primitive) when
 * fencing is enabled.
 */
import { INFINITY, primitivesOf, type ClusterNode, type ClusterState, type Constraint, type Primitive, type Resource, type ResourceMeta } from "../model.ts";
import { InputError } from "../errors.ts";

const FEATURE_SET = "3.16.1";
const VALIDATE_WITH = "pacemaker-3.9";
const UUID = "00000000-0000-0000-0000-000000000000";
const DIGEST = "f2317cad3d54cec5d7d7aa7d0bf35cf8";

/** Escapes a value for a double-quoted XML attribute. */
function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Renders `<name a="v" ...` (without the closing bracket); undefined attributes are left out. */
function open(name: string, attributes: Record<string, string | undefined>): string {
  const parts = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escape(value)}"`);
  return `<${name}${parts.join("")}`;
}

function score(value: number): string {
  if (value >= INFINITY) return "INFINITY";
  if (value <= -INFINITY) return "-INFINITY";
  return String(value);
}

/** Hands out ids that collide neither with the cluster's own ids nor with each other. */
class Ids {
  private readonly used = new Set<string>();

  constructor(cluster: ClusterState) {
    for (const r of cluster.resources) this.used.add(r.id);
    for (const p of primitivesOf(cluster.resources)) this.used.add(p.id);
    for (const r of cluster.resources) if (r.kind === "clone") this.used.add(r.child.id);
    for (const c of cluster.constraints) {
      this.used.add(c.id);
      if (c.kind === "location") for (const rule of c.rules ?? []) this.used.add(rule.id);
    }
  }

  /** A fresh id made from `base`, with characters an XML ID cannot hold replaced by `-`. */
  make(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^(?=[^A-Za-z_])/, "id-");
    let id = clean;
    for (let n = 1; this.used.has(id); n++) id = `${clean}-${n}`;
    this.used.add(id);
    return id;
  }
}

function nvpairs(lines: string[], set: string, setId: string, pairs: [string, string][], ids: Ids): void {
  if (pairs.length === 0) return;
  lines.push(`${open(set, { id: setId })}>`);
  for (const [name, value] of pairs) lines.push(`${open("nvpair", { id: ids.make(`${setId}-${name}`), name, value })}/>`);
  lines.push(`</${set}>`);
}

function metaPairs(meta: ResourceMeta): [string, string][] {
  const pairs: [string, string][] = [];
  if (meta.allowMigrate !== undefined) pairs.push(["allow-migrate", String(meta.allowMigrate)]);
  if (meta.targetRole !== undefined) pairs.push(["target-role", meta.targetRole]);
  if (meta.stickiness !== undefined) pairs.push(["resource-stickiness", score(meta.stickiness)]);
  if (meta.migrationThreshold !== undefined) pairs.push(["migration-threshold", score(meta.migrationThreshold)]);
  if (meta.isManaged !== undefined) pairs.push(["is-managed", String(meta.isManaged)]);
  if (meta.priority !== undefined) pairs.push(["priority", score(meta.priority)]);
  return pairs;
}

function agentAttributes(p: Primitive): Record<string, string> {
  const parts = p.agent.split(":");
  if (parts.length === 3) return { class: parts[0] as string, provider: parts[1] as string, type: parts[2] as string };
  if (parts.length === 2) return { class: parts[0] as string, type: parts[1] as string };
  throw new InputError(`agent '${p.agent}' is not class:provider:type or class:type`, `primitive id=${p.id}`);
}

function utilizationPairs(values: Record<string, number> | undefined): [string, string][] {
  return Object.entries(values ?? {}).map(([name, value]) => [name, String(value)]);
}

function writePrimitive(lines: string[], p: Primitive, ids: Ids): void {
  const pairs = metaPairs(p.meta);
  const utilization = utilizationPairs(p.utilization);
  if (pairs.length === 0 && utilization.length === 0) {
    lines.push(`${open("primitive", { id: p.id, ...agentAttributes(p) })}/>`);
    return;
  }
  lines.push(`${open("primitive", { id: p.id, ...agentAttributes(p) })}>`);
  nvpairs(lines, "meta_attributes", ids.make(`${p.id}-meta`), pairs, ids);
  nvpairs(lines, "utilization", ids.make(`${p.id}-utilization`), utilization, ids);
  lines.push("</primitive>");
}

function writeResource(lines: string[], r: Resource, ids: Ids): void {
  if (r.kind === "primitive") {
    writePrimitive(lines, r, ids);
  } else if (r.kind === "group") {
    lines.push(`${open("group", { id: r.id })}>`);
    nvpairs(lines, "meta_attributes", ids.make(`${r.id}-meta`), metaPairs(r.meta), ids);
    for (const member of r.members) writePrimitive(lines, member, ids);
    lines.push("</group>");
  } else {
    lines.push(`${open("clone", { id: r.id })}>`);
    const pairs = metaPairs(r.meta);
    if (r.cloneMax !== undefined) pairs.push(["clone-max", String(r.cloneMax)]);
    if (r.cloneNodeMax !== 1) pairs.push(["clone-node-max", String(r.cloneNodeMax)]);
    if (r.interleave) pairs.push(["interleave", "true"]);
    if (r.ordered) pairs.push(["ordered", "true"]);
    nvpairs(lines, "meta_attributes", ids.make(`${r.id}-meta`), pairs, ids);
    writeResource(lines, r.child, ids);
    lines.push("</clone>");
  }
}

function writeConstraint(lines: string[], c: Constraint, ids: Ids): void {
  if (c.kind === "location") {
    const head = open("rsc_location", {
      id: c.id,
      rsc: c.resource,
      role: c.role,
      node: c.node,
      score: c.node === undefined || c.score === undefined ? undefined : score(c.score),
    });
    if (c.rules === undefined || c.rules.length === 0) {
      lines.push(`${head}/>`);
      return;
    }
    lines.push(`${head}>`);
    for (const rule of c.rules) {
      lines.push(`${open("rule", { id: rule.id, score: score(rule.score), "boolean-op": rule.booleanOp })}>`);
      for (const e of rule.expressions) {
        const attrs = { id: ids.make(`${rule.id}-expr`), attribute: e.attribute, operation: e.operation, value: e.value, type: e.type };
        lines.push(`${open("expression", attrs)}/>`);
      }
      lines.push("</rule>");
    }
    lines.push("</rsc_location>");
  } else if (c.kind === "colocation") {
    const attrs = { id: c.id, rsc: c.resource, "with-rsc": c.withResource, score: score(c.score), "rsc-role": c.role, "with-rsc-role": c.withRole };
    lines.push(`${open("rsc_colocation", attrs)}/>`);
  } else if (c.kind === "ticket") {
    lines.push(`${open("rsc_ticket", { id: c.id, rsc: c.resource, ticket: c.ticket, "loss-policy": c.lossPolicy })}/>`);
  } else {
    const attrs = {
      id: c.id,
      first: c.first,
      "first-action": c.firstAction,
      then: c.then,
      "then-action": c.thenAction,
      kind: c.orderKind,
      symmetrical: String(c.symmetrical),
    };
    lines.push(`${open("rsc_order", attrs)}/>`);
  }
}

/** Writes the nodes' resource histories, numbering calls across the whole status. */
class HistoryWriter {
  private call = 0;
  /** Per clone child: the next instance number. */
  private readonly instances = new Map<string, number>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly cloneChildren: ReadonlySet<string>,
  ) {}

  private op(
    rsc: string,
    operation: string,
    rc: number,
    options: { interval?: number; expected?: number; source?: string; target?: string } = {},
  ): string {
    this.call += 1;
    const interval = options.interval ?? 0;
    const expected = options.expected ?? (operation === "monitor" && interval === 0 ? 7 : 0);
    const key = `${this.call}:0:${expected}:${UUID}`;
    return `${open("lrm_rsc_op", {
      id: `${rsc}_${operation}_${interval}`,
      operation_key: `${rsc}_${operation}_${interval}`,
      operation,
      "crm-debug-origin": "plancheck",
      crm_feature_set: FEATURE_SET,
      "transition-key": key,
      "transition-magic": `0:${rc};${key}`,
      "call-id": String(this.call),
      "rc-code": String(rc),
      "op-status": "0",
      interval: String(interval),
      "last-rc-change": "1700000000",
      "exec-time": "0",
      "queue-time": "0",
      "op-digest": DIGEST,
      migrate_source: options.source,
      migrate_target: options.target,
    })}/>`;
  }

  private lrmId(p: Primitive): string {
    if (!this.cloneChildren.has(p.id)) return p.id;
    const n = this.instances.get(p.id) ?? 0;
    this.instances.set(p.id, n + 1);
    return `${p.id}:${n}`;
  }

  /** The lrm_resource entries of `node`: for each primitive, one per placement there (or a bare probe). */
  write(lines: string[], node: ClusterNode): void {
    const { status } = this.cluster;
    for (const p of primitivesOf(this.cluster.resources)) {
      const here = (x: { resource: string; node: string }): boolean => x.resource === p.id && x.node === node.name;
      const placements = status.active.filter(here);
      const failures = status.failed.filter(here);
      const outgoing = status.migrations.find((m) => m.resource === p.id && m.source === node.name);
      const incoming = status.migrations.find((m) => m.resource === p.id && m.target === node.name && m.stage === "dangling");
      const histories: { id: string; ops: string[] }[] = [];
      if (placements.length === 0) {
        const notInstalled = failures.some((f) => f.operation === "monitor" && !f.activeAfter);
        histories.push({ id: p.id, ops: [this.op(p.id, "monitor", notInstalled ? 5 : 7)] });
      }
      placements.forEach((placement, index) => {
        const id = this.lrmId(p);
        const ops = [this.op(id, "monitor", 7)];
        const first = index === 0;
        const failure = first ? failures.find((f) => f.activeAfter) : undefined;
        if (incoming !== undefined && first) {
          ops.push(this.op(id, "migrate_from", 0, { source: incoming.source, target: incoming.target }));
        } else if (failure?.operation === "start") {
          ops.push(this.op(id, "start", 1));
        } else {
          ops.push(this.op(id, "start", 0));
          if (placement.role === "Promoted") ops.push(this.op(id, "promote", 0));
          if (outgoing !== undefined && first) {
            ops.push(this.op(id, "migrate_to", 0, { source: outgoing.source, target: outgoing.target }));
          }
          if (failure?.operation === "monitor") ops.push(this.op(id, "monitor", 1, { interval: 10000 }));
          else if (failure !== undefined) ops.push(this.op(id, failure.operation, 1));
        }
        histories.push({ id, ops });
      });
      for (const { id, ops } of histories) {
        lines.push(`${open("lrm_resource", { id, ...agentAttributes(p) })}>`, ...ops, "</lrm_resource>");
      }
    }
  }
}

/** The attributes of a node_state for each membership. */
const NODE_STATE: Record<ClusterNode["membership"], Record<string, string>> = {
  online: { in_ccm: "true", crmd: "online", join: "member", expected: "member" },
  offline: { in_ccm: "false", crmd: "offline", join: "down", expected: "down" },
  unclean: { in_ccm: "true", crmd: "offline", join: "member", expected: "member" },
};

/** The attributes of a node_state that does not say whether the cluster layer sees the node. */
const NOT_SEEN_STATE: Record<string, string> = { crmd: "offline", join: "down", expected: "member" };

/**
 * Writes `cluster` as CIB XML (see the module comment for the encoding and
 * the round-trip guarantee).
 *
 * @throws InputError for an agent that is not `class:provider:type` or `class:type`.
 */
export function writeCib(cluster: ClusterState): string {
  const ids = new Ids(cluster);
  const { options } = cluster;
  const dc = cluster.nodes.find((n) => n.membership === "online");
  const lines: string[] = [];
  lines.push(
    `${open("cib", {
      crm_feature_set: FEATURE_SET,
      "validate-with": VALIDATE_WITH,
      epoch: "1",
      num_updates: "0",
      admin_epoch: "0",
      "have-quorum": options.haveQuorum ? "1" : "0",
      "dc-uuid": dc?.id,
    })}>`,
  );
  lines.push("<configuration>", "<crm_config>");
  nvpairs(
    lines,
    "cluster_property_set",
    ids.make("cib-bootstrap-options"),
    [
      ["stonith-enabled", String(options.fencingEnabled)],
      ["symmetric-cluster", String(options.symmetricCluster)],
      ["no-quorum-policy", options.noQuorumPolicy],
      ...(options.placementStrategy === undefined ? [] : [["placement-strategy", options.placementStrategy] as [string, string]]),
    ],
    ids,
  );
  lines.push("</crm_config>", "<rsc_defaults>");
  nvpairs(
    lines,
    "meta_attributes",
    ids.make("rsc-options"),
    [
      ["resource-stickiness", score(options.defaultStickiness)],
      ["migration-threshold", score(options.defaultMigrationThreshold)],
    ],
    ids,
  );
  lines.push("</rsc_defaults>", "<nodes>");
  for (const node of cluster.nodes) {
    const pairs: [string, string][] = [];
    if (node.standby) pairs.push(["standby", "on"]);
    if (node.maintenance) pairs.push(["maintenance", "true"]);
    pairs.push(...Object.entries(node.attributes));
    const capacity = utilizationPairs(node.capacity);
    if (pairs.length === 0 && capacity.length === 0) {
      lines.push(`${open("node", { id: node.id, uname: node.name })}/>`);
    } else {
      lines.push(`${open("node", { id: node.id, uname: node.name })}>`);
      nvpairs(lines, "instance_attributes", ids.make(`nodes-${node.id}`), pairs, ids);
      nvpairs(lines, "utilization", ids.make(`nodes-${node.id}-utilization`), capacity, ids);
      lines.push("</node>");
    }
  }
  lines.push("</nodes>", "<resources>");
  for (const r of cluster.resources) writeResource(lines, r, ids);
  lines.push("</resources>", "<constraints>");
  for (const c of cluster.constraints) writeConstraint(lines, c, ids);
  lines.push("</constraints>", "</configuration>", "<status>");
  if (cluster.status.tickets !== undefined) {
    lines.push("<tickets>");
    for (const t of cluster.status.tickets) {
      lines.push(`${open("ticket_state", { id: t.id, granted: String(t.granted), standby: t.standby ? "true" : undefined })}/>`);
    }
    lines.push("</tickets>");
  }

  const cloneChildren = new Set<string>();
  for (const r of cluster.resources) {
    if (r.kind !== "clone") continue;
    if (r.child.kind === "primitive") cloneChildren.add(r.child.id);
    else r.child.members.forEach((m) => cloneChildren.add(m.id));
  }
  const history = new HistoryWriter(cluster, cloneChildren);
  const stateOrder = cluster.status.nodeStateOrder ?? cluster.nodes.map((n) => n.name);
  const byName = new Map(cluster.nodes.map((n) => [n.name, n]));
  const stated = stateOrder.map((name) => byName.get(name)).filter((n): n is ClusterNode => n !== undefined);
  for (const node of [...stated, ...cluster.nodes.filter((n) => !stated.includes(n))]) {
    // A node nothing is known of has no node_state, or one that does not say whether the cluster layer sees it.
    if (node.unknownState === "no-state") continue;
    const state = node.unknownState === "not-seen" ? NOT_SEEN_STATE : NODE_STATE[node.membership];
    lines.push(`${open("node_state", { id: node.id, uname: node.name, ...state })}>`);
    const transient: [string, string][] = [];
    if (node.shutdown === true) transient.push(["shutdown", "1700000000"]);
    for (const f of cluster.status.failCounts) {
      if (f.node === node.name) transient.push([`fail-count-${f.resource}#start_0`, score(f.count)]);
    }
    if (transient.length > 0) {
      lines.push(`${open("transient_attributes", { id: node.id })}>`);
      nvpairs(lines, "instance_attributes", ids.make(`status-${node.id}`), transient, ids);
      lines.push("</transient_attributes>");
    }
    const runsSomething = cluster.status.active.some((a) => a.node === node.name);
    const keepsHistory = node.membership === "online" || (options.fencingEnabled && (node.membership === "unclean" || runsSomething));
    if (keepsHistory) {
      lines.push(`${open("lrm", { id: node.id })}>`, "<lrm_resources>");
      history.write(lines, node);
      lines.push("</lrm_resources>", "</lrm>");
    }
    lines.push("</node_state>");
  }
  lines.push("</status>", "</cib>", "");
  return lines.join("\n");
}
