/**
 * The features a case exercises, read from the cluster alone, for the
 * statistics of a campaign ("how many cases had a migrating resource with a
 * dependent?"). Works on any cluster, generated or decoded from a CIB.
 */
import {
  INFINITY,
  addScores,
  primitivesOf,
  type ClusterNode,
  type ClusterState,
  type LocationConstraint,
  type Primitive,
} from "../planner/model.ts";
import { locationScoreOn } from "../planner/rules.ts";

/** Every feature {@link caseFeatures} can report, in the order it reports them. */
export const CASE_FEATURES = [
  "migration-candidate",
  "migration-with-dependent",
  "partial-migration",
  "dangling-migration",
  "multi-active",
  "unclean-node",
  "resources-on-unclean",
  "standby-node",
  "standby-drain",
  "offline-node",
  "fencing-enabled",
  "group",
  "clone",
  "failed-resource",
  "fail-count",
  "target-role-stopped",
  "unmanaged",
  "location-rule",
  "colocation",
  "anti-colocation",
  "mandatory-order",
  "optional-order",
  "serialize-order",
  "asymmetric-order",
  "stop-order",
] as const;

/** A feature of a case. */
export type CaseFeature = (typeof CASE_FEATURES)[number];

/**
 * The features the cluster exercises. A *migration candidate* is a top-level
 * allow-migrate primitive, managed and not target-role Stopped, active on a
 * node while its location constraints score some other online, non-standby
 * node higher than its current node plus its stickiness; *with dependent*
 * when an order constraint names it as `first`.
 */
export function caseFeatures(cluster: ClusterState): CaseFeature[] {
  const { nodes, resources, constraints, status } = cluster;
  const orders = constraints.filter((c) => c.kind === "order");
  const candidates = migrationCandidates(cluster);
  const primitives = primitivesOf(resources);
  const onNode = (node: ClusterNode): boolean => status.active.some((p) => p.node === node.name);
  const has: Record<CaseFeature, boolean> = {
    "migration-candidate": candidates.length > 0,
    "migration-with-dependent": candidates.some((id) => orders.some((o) => o.first === id)),
    "partial-migration": status.migrations.some((m) => m.stage === "partial"),
    "dangling-migration": status.migrations.some((m) => m.stage === "dangling"),
    "multi-active": resources.some(
      (r) =>
        r.kind === "primitive" &&
        status.active.filter((a) => a.resource === r.id).length > 1 &&
        !status.migrations.some((m) => m.resource === r.id && m.stage === "dangling"),
    ),
    "unclean-node": nodes.some((n) => n.membership === "unclean"),
    "resources-on-unclean": nodes.some((n) => n.membership === "unclean" && onNode(n)),
    "standby-node": nodes.some((n) => n.standby),
    "standby-drain": nodes.some((n) => n.standby && onNode(n)),
    "offline-node": nodes.some((n) => n.membership === "offline"),
    "fencing-enabled": cluster.options.fencingEnabled,
    group: resources.some((r) => r.kind === "group" || (r.kind === "clone" && r.child.kind === "group")),
    clone: resources.some((r) => r.kind === "clone"),
    "failed-resource": status.failed.length > 0,
    "fail-count": status.failCounts.length > 0,
    "target-role-stopped": primitives.some((p) => p.meta.targetRole === "Stopped"),
    unmanaged: primitives.some((p) => p.meta.isManaged === false),
    "location-rule": constraints.some((c) => c.kind === "location" && c.rules !== undefined),
    colocation: constraints.some((c) => c.kind === "colocation"),
    "anti-colocation": constraints.some((c) => c.kind === "colocation" && c.score <= -INFINITY),
    "mandatory-order": orders.some((o) => o.orderKind === "Mandatory"),
    "optional-order": orders.some((o) => o.orderKind === "Optional"),
    "serialize-order": orders.some((o) => o.orderKind === "Serialize"),
    "asymmetric-order": orders.some((o) => !o.symmetrical),
    "stop-order": orders.some((o) => o.firstAction === "stop" || o.thenAction === "stop"),
  };
  return CASE_FEATURES.filter((feature) => has[feature]);
}

/** Ids of the top-level primitives that location constraints pull away from where they run. */
export function migrationCandidates(cluster: ClusterState): string[] {
  const { nodes, resources, constraints, status, options } = cluster;
  const eligible = nodes.filter((n) => n.membership === "online" && !n.standby);
  const locations = constraints.filter((c): c is LocationConstraint => c.kind === "location");
  return resources
    .filter((r): r is Primitive => r.kind === "primitive")
    .filter((p) => p.meta.allowMigrate === true && p.meta.isManaged !== false && p.meta.targetRole !== "Stopped")
    .filter((p) => {
      const score = (node: ClusterNode): number =>
        locations.filter((l) => l.resource === p.id).reduce((sum, l) => addScores(sum, locationScoreOn(l, node) ?? 0), 0);
      const stickiness = p.meta.stickiness ?? options.defaultStickiness;
      return status.active
        .filter((a) => a.resource === p.id)
        .some((a) => {
          const current = nodes.find((n) => n.name === a.node);
          if (current === undefined) return false;
          const here = addScores(score(current), stickiness);
          return eligible.some((n) => n !== current && score(n) > here);
        });
    })
    .map((p) => p.id);
}
