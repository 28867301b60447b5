/**
 * Streams a benchmark cluster to a CIB file, byte for byte what
 * {@link writeCib} writes for it (tests/bench-builder.test.ts holds the two
 * to that), but in time linear in nodes × primitives and without building
 * the document as one string: at 128 nodes × 10,000 primitives the probe
 * history alone is some 700 MB, beyond what writeCib's quadratic status
 * look-ups finish in reasonable time and beyond V8's longest string.
 *
 * It covers what {@link buildBenchCluster} produces: online nodes (standby
 * or not), primitives with meta attributes, groups, clones of a primitive,
 * node-and-score locations, colocations, orders, placements, failed
 * recurring monitors and fail counts; anything else throws.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { INFINITY, primitivesOf, type ClusterState, type Constraint, type Primitive, type Resource, type ResourceMeta } from "../../planner/model.ts";

const FEATURE_SET = "3.16.1";
const UUID = "00000000-0000-0000-0000-000000000000";
const DIGEST = "f2317cad3d54cec5d7d7aa7d0bf35cf8";
const FLUSH_CHARS = 1 << 20;

function escape(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function open(name: string, attributes: Record<string, string | undefined>): string {
  let out = `<${name}`;
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out += ` ${key}="${escape(value)}"`;
  return out;
}

function score(value: number): string {
  if (value >= INFINITY) return "INFINITY";
  if (value <= -INFINITY) return "-INFINITY";
  return String(value);
}

/** Generated ids as writeCib makes them (characters an XML ID cannot hold become `-`); the builder's ids never collide. */
function makeId(base: string): string {
  return base.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^(?=[^A-Za-z_])/, "id-");
}

/** Buffered line output to a file descriptor. */
class Output {
  private chunk: string[] = [];
  private size = 0;

  constructor(private readonly fd: number) {}

  line(text: string): void {
    this.chunk.push(text);
    this.size += text.length + 1;
    if (this.size >= FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    writeSync(this.fd, this.chunk.join("\n") + "\n");
    this.chunk = [];
    this.size = 0;
  }
}

function nvpairs(out: Output, set: string, setId: string, pairs: [string, string][]): void {
  if (pairs.length === 0) return;
  out.line(`${open(set, { id: setId })}>`);
  for (const [name, value] of pairs) out.line(`${open("nvpair", { id: makeId(`${setId}-${name}`), name, value })}/>`);
  out.line(`</${set}>`);
}

function metaPairs(meta: ResourceMeta): [string, string][] {
  if (meta.targetRole !== undefined || meta.stickiness !== undefined || meta.isManaged !== undefined || meta.priority !== undefined) {
    throw new Error("bench CIB writer: unsupported meta attribute");
  }
  const pairs: [string, string][] = [];
  if (meta.allowMigrate !== undefined) pairs.push(["allow-migrate", String(meta.allowMigrate)]);
  if (meta.migrationThreshold !== undefined) pairs.push(["migration-threshold", score(meta.migrationThreshold)]);
  return pairs;
}

function agentOf(p: Primitive): Record<string, string> {
  const [cls, provider, type] = p.agent.split(":") as [string, string, string];
  return { class: cls, provider, type };
}

function writePrimitive(out: Output, p: Primitive): void {
  const pairs = metaPairs(p.meta);
  if (pairs.length === 0) {
    out.line(`${open("primitive", { id: p.id, ...agentOf(p) })}/>`);
    return;
  }
  out.line(`${open("primitive", { id: p.id, ...agentOf(p) })}>`);
  nvpairs(out, "meta_attributes", makeId(`${p.id}-meta`), pairs);
  out.line("</primitive>");
}

function writeResource(out: Output, r: Resource): void {
  if (r.kind === "primitive") return writePrimitive(out, r);
  if (r.kind === "group") {
    out.line(`${open("group", { id: r.id })}>`);
    nvpairs(out, "meta_attributes", makeId(`${r.id}-meta`), metaPairs(r.meta));
    for (const member of r.members) writePrimitive(out, member);
    out.line("</group>");
    return;
  }
  if (r.child.kind !== "primitive" || r.cloneMax !== undefined || r.cloneNodeMax !== 1 || r.ordered) {
    throw new Error("bench CIB writer: unsupported clone");
  }
  out.line(`${open("clone", { id: r.id })}>`);
  const pairs = metaPairs(r.meta);
  if (r.interleave) pairs.push(["interleave", "true"]);
  nvpairs(out, "meta_attributes", makeId(`${r.id}-meta`), pairs);
  writePrimitive(out, r.child);
  out.line("</clone>");
}

function writeConstraint(out: Output, c: Constraint): void {
  if (c.kind === "location") {
    if (c.rules !== undefined || c.role !== undefined || c.node === undefined || c.score === undefined) {
      throw new Error("bench CIB writer: unsupported location");
    }
    out.line(`${open("rsc_location", { id: c.id, rsc: c.resource, node: c.node, score: score(c.score) })}/>`);
  } else if (c.kind === "colocation") {
    out.line(`${open("rsc_colocation", { id: c.id, rsc: c.resource, "with-rsc": c.withResource, score: score(c.score), "rsc-role": c.role, "with-rsc-role": c.withRole })}/>`);
  } else if (c.kind === "ticket") {
    throw new Error("bench CIB writer: unsupported ticket");
  } else {
    const attrs = { id: c.id, first: c.first, "first-action": c.firstAction, then: c.then, "then-action": c.thenAction, kind: c.orderKind, symmetrical: String(c.symmetrical) };
    out.line(`${open("rsc_order", attrs)}/>`);
  }
}

/** Writes the benchmark cluster as a CIB file at `path` (see the module comment). */
export function writeBenchCib(cluster: ClusterState, path: string): void {
  const { options, status } = cluster;
  if (options.fencingEnabled || status.migrations.length > 0 || cluster.nodes.some((n) => n.membership !== "online" || n.maintenance || n.shutdown === true || Object.keys(n.attributes).length > 0)) {
    throw new Error("bench CIB writer: unsupported nodes or status");
  }
  const fd = openSync(path, "w");
  try {
    const out = new Output(fd);
    out.line(`${open("cib", { crm_feature_set: FEATURE_SET, "validate-with": "pacemaker-3.9", epoch: "1", num_updates: "0", admin_epoch: "0", "have-quorum": options.haveQuorum ? "1" : "0", "dc-uuid": cluster.nodes[0]?.id })}>`);
    out.line("<configuration>");
    out.line("<crm_config>");
    nvpairs(out, "cluster_property_set", "cib-bootstrap-options", [
      ["stonith-enabled", "false"],
      ["symmetric-cluster", String(options.symmetricCluster)],
      ["no-quorum-policy", options.noQuorumPolicy],
    ]);
    out.line("</crm_config>");
    out.line("<rsc_defaults>");
    nvpairs(out, "meta_attributes", "rsc-options", [
      ["resource-stickiness", score(options.defaultStickiness)],
      ["migration-threshold", score(options.defaultMigrationThreshold)],
    ]);
    out.line("</rsc_defaults>");
    out.line("<nodes>");
    for (const node of cluster.nodes) {
      if (!node.standby) {
        out.line(`${open("node", { id: node.id, uname: node.name })}/>`);
        continue;
      }
      out.line(`${open("node", { id: node.id, uname: node.name })}>`);
      nvpairs(out, "instance_attributes", makeId(`nodes-${node.id}`), [["standby", "on"]]);
      out.line("</node>");
    }
    out.line("</nodes>");
    out.line("<resources>");
    for (const r of cluster.resources) writeResource(out, r);
    out.line("</resources>");
    out.line("<constraints>");
    for (const c of cluster.constraints) writeConstraint(out, c);
    out.line("</constraints>");
    out.line("</configuration>");
    out.line("<status>");
    writeStatus(out, cluster);
    out.line("</status>");
    out.line("</cib>");
    out.flush();
  } finally {
    closeSync(fd);
  }
}

/** The node_states: transient fail counts, then per primitive its probe, or probe, start and any failed monitor. */
function writeStatus(out: Output, cluster: ClusterState): void {
  const key = (resource: string, node: string) => `${resource}\u0000${node}`;
  const placed = new Set(cluster.status.active.map((p) => key(p.resource, p.node)));
  const failedMonitor = new Set<string>();
  for (const f of cluster.status.failed) {
    if (f.operation !== "monitor" || !f.activeAfter) throw new Error("bench CIB writer: unsupported failure");
    failedMonitor.add(key(f.resource, f.node));
  }
  const cloneChildren = new Set(cluster.resources.flatMap((r) => (r.kind === "clone" ? [r.child.id] : [])));
  const instances = new Map<string, number>();
  const primitives = primitivesOf(cluster.resources).map((p) => ({ p, agent: ` class="ocf" provider="pacemaker" type="${agentOf(p).type}"` }));
  let call = 0;
  const op = (rsc: string, operation: string, rc: number, interval = 0): string => {
    call += 1;
    const expected = operation === "monitor" && interval === 0 ? 7 : 0;
    const transition = `${call}:0:${expected}:${UUID}`;
    return (
      `<lrm_rsc_op id="${rsc}_${operation}_${interval}" operation_key="${rsc}_${operation}_${interval}" operation="${operation}"` +
      ` crm-debug-origin="plancheck" crm_feature_set="${FEATURE_SET}" transition-key="${transition}" transition-magic="0:${rc};${transition}"` +
      ` call-id="${call}" rc-code="${rc}" op-status="0" interval="${interval}" last-rc-change="1700000000" exec-time="0" queue-time="0" op-digest="${DIGEST}"/>`
    );
  };
  for (const node of cluster.nodes) {
    out.line(`${open("node_state", { id: node.id, uname: node.name, in_ccm: "true", crmd: "online", join: "member", expected: "member" })}>`);
    const counts = cluster.status.failCounts.filter((f) => f.node === node.name);
    if (counts.length > 0) {
      out.line(`${open("transient_attributes", { id: node.id })}>`);
      nvpairs(out, "instance_attributes", makeId(`status-${node.id}`), counts.map((f) => [`fail-count-${f.resource}#start_0`, score(f.count)]));
      out.line("</transient_attributes>");
    }
    out.line(`${open("lrm", { id: node.id })}>`);
    out.line("<lrm_resources>");
    for (const { p, agent } of primitives) {
      const k = key(p.id, node.name);
      if (!placed.has(k)) {
        out.line(`<lrm_resource id="${p.id}"${agent}>`);
        out.line(op(p.id, "monitor", 7));
        out.line("</lrm_resource>");
        continue;
      }
      let id = p.id;
      if (cloneChildren.has(p.id)) {
        const n = instances.get(p.id) ?? 0;
        instances.set(p.id, n + 1);
        id = `${p.id}:${n}`;
      }
      out.line(`<lrm_resource id="${id}"${agent}>`);
      out.line(op(id, "monitor", 7));
      out.line(op(id, "start", 0));
      if (failedMonitor.has(k)) out.line(op(id, "monitor", 1, 10000));
      out.line("</lrm_resource>");
    }
    out.line("</lrm_resources>");
    out.line("</lrm>");
    out.line("</node_state>");
  }
}
