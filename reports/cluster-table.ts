/**
 * A cluster as compact tables for a reviewer: nodes with their state,
 * resources with their meta attributes, constraints in one line each, and
 * what runs where now (with failures and half-done migrations). Plain data;
 * the HTML and Markdown builders lay the tables out.
 */
import { INFINITY, type ClusterState, type Constraint, type Resource, type ResourceMeta } from "../planner/model.ts";

/** A table: a caption, column headings and rows of cells. */
export interface TextTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

/** A score as Pacemaker writes it (INFINITY, -INFINITY, or the number). */
function scoreText(score: number): string {
  if (score >= INFINITY) return "INFINITY";
  if (score <= -INFINITY) return "-INFINITY";
  return String(score);
}

function metaText(meta: ResourceMeta): string {
  const parts: string[] = [];
  if (meta.allowMigrate !== undefined) parts.push(`allow-migrate=${meta.allowMigrate}`);
  if (meta.targetRole !== undefined) parts.push(`target-role=${meta.targetRole}`);
  if (meta.stickiness !== undefined) parts.push(`stickiness=${scoreText(meta.stickiness)}`);
  if (meta.migrationThreshold !== undefined) parts.push(`migration-threshold=${meta.migrationThreshold}`);
  if (meta.isManaged !== undefined) parts.push(`is-managed=${meta.isManaged}`);
  if (meta.priority !== undefined) parts.push(`priority=${meta.priority}`);
  return parts.join(", ");
}

function resourceRows(resource: Resource): string[][] {
  if (resource.kind === "primitive") return [[resource.id, "primitive", resource.agent, metaText(resource.meta)]];
  if (resource.kind === "group") {
    return [
      [resource.id, `group of ${resource.members.map((m) => m.id).join(", ")}`, "", metaText(resource.meta)],
      ...resource.members.map((m) => [`  ${m.id}`, `member of ${resource.id}`, m.agent, metaText(m.meta)]),
    ];
  }
  const limits = [`clone-max=${resource.cloneMax ?? "nodes"}`, `clone-node-max=${resource.cloneNodeMax}`];
  if (resource.interleave) limits.push("interleave");
  if (resource.ordered) limits.push("ordered");
  const meta = [metaText(resource.meta), limits.join(", ")].filter((s) => s !== "").join(", ");
  return [[resource.id, `clone of ${resource.child.id}`, "", meta], ...resourceRows(resource.child).map(([id, ...rest]) => [`  ${id}`, ...rest])];
}

function constraintText(c: Constraint): string {
  if (c.kind === "order") {
    const kind = [c.orderKind, c.symmetrical ? "symmetrical" : "asymmetrical"].join(", ");
    return `${c.first}:${c.firstAction} then ${c.then}:${c.thenAction} (${kind})`;
  }
  if (c.kind === "colocation") {
    const role = (r?: string) => (r === undefined ? "" : ` (${r})`);
    return `${c.resource}${role(c.role)} with ${c.withResource}${role(c.withRole)}: ${scoreText(c.score)}`;
  }
  if (c.kind === "ticket") return `${c.resource} needs ticket ${c.ticket} (loss-policy ${c.lossPolicy})`;
  const role = c.role === undefined ? "" : ` (${c.role})`;
  if (c.node !== undefined) return `${c.resource}${role} on ${c.node}: ${scoreText(c.score ?? 0)}`;
  const rules = (c.rules ?? []).map(
    (r) =>
      `${scoreText(r.score)} where ${r.expressions
        .map((e) => (e.value === undefined ? `${e.attribute} ${e.operation}` : `${e.attribute} ${e.operation} ${e.value}`))
        .join(` ${r.booleanOp} `)}`,
  );
  return `${c.resource}${role}: ${rules.join("; ")}`;
}

/** The node's state in a few words: membership, standby, maintenance, shutdown. */
function nodeState(node: ClusterState["nodes"][number]): string {
  const parts: string[] = [node.membership];
  if (node.standby) parts.push("standby");
  if (node.maintenance) parts.push("maintenance");
  if (node.shutdown) parts.push("shutting down");
  return parts.join(", ");
}

function pairs(record: Record<string, string | number> | undefined): string {
  return Object.entries(record ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/** The cluster's tables: options, nodes, resources, constraints, and current state. */
export function clusterTables(cluster: ClusterState): TextTable[] {
  const o = cluster.options;
  const options = [
    `fencing ${o.fencingEnabled ? "enabled" : "disabled"}`,
    o.symmetricCluster ? "symmetric" : "asymmetric (opt-in)",
    `stickiness ${scoreText(o.defaultStickiness)}`,
    `no-quorum-policy ${o.noQuorumPolicy}${o.haveQuorum ? "" : " (no quorum)"}`,
  ];
  if (o.defaultMigrationThreshold !== 0) options.push(`migration-threshold ${o.defaultMigrationThreshold}`);
  if (o.placementStrategy !== undefined && o.placementStrategy !== "default") options.push(`placement ${o.placementStrategy}`);
  const tables: TextTable[] = [
    { caption: "Cluster options", columns: ["options"], rows: [[options.join(", ")]] },
    {
      caption: "Nodes",
      columns: ["node", "state", "attributes"],
      rows: cluster.nodes.map((n) => [n.name, nodeState(n), [pairs(n.attributes), pairs(n.capacity)].filter((s) => s !== "").join("; ")]),
    },
    { caption: "Resources", columns: ["resource", "kind", "agent", "meta"], rows: cluster.resources.flatMap(resourceRows) },
    {
      caption: "Constraints",
      columns: ["id", "kind", "constraint"],
      rows: cluster.constraints.map((c) => [c.id, c.kind, constraintText(c)]),
    },
  ];
  const s = cluster.status;
  const now: string[][] = [
    ...s.active.map((p) => [p.resource, `active on ${p.node}`, p.role]),
    ...s.migrations.map((m) => [m.resource, `${m.stage} migration ${m.source} → ${m.target}`, ""]),
    ...s.failed.map((f) => [f.resource, `failed ${f.operation} on ${f.node}`, f.activeAfter ? "still active" : "stopped"]),
    ...s.failCounts.map((f) => [f.resource, `fail count on ${f.node}`, String(f.count)]),
  ];
  tables.push({ caption: "Current state", columns: ["resource", "where", "role / detail"], rows: now });
  return tables;
}
