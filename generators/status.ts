/**
 * Current status: where resources are active, failures and fail counts, and
 * migrations caught half-way. Placements may or may not satisfy the
 * constraints; nothing is ever active on an offline node (an unclean node may
 * still run things). A partial migration leaves the resource active on its
 * source only; a dangling one leaves it active on source and target (its
 * migration window), as the CIB codec derives them.
 */
import fc from "fast-check";
import { INFINITY, type ClusterNode, type ClusterStatus } from "../planner/model.ts";
import { nodeSlots, type FailureSpec, type GeneratorLimits, type PlacementSpec } from "./blueprint.ts";
import { rarely, weighted, mostly } from "./choice.ts";
import { canHost } from "./nodes.ts";
import type { BuiltPrimitive, BuiltResource } from "./resources.ts";

/** A failure: a failed monitor, a failed start, or an old fail count; shrinks toward a monitor failure. */
export function failureArbitrary(limits: GeneratorLimits): fc.Arbitrary<FailureSpec> {
  return fc.record({
    kind: weighted<FailureSpec["kind"]>(["monitor", 3], ["start", 2], ["history", 2]),
    node: fc.nat({ max: nodeSlots(limits) }),
    count: fc.integer({ min: 1, max: 3 }),
  });
}

/** Where a resource is active: mostly on one node, rarely on two or mid-migration; shrinks toward one node. */
export function placementArbitrary(limits: GeneratorLimits): fc.Arbitrary<PlacementSpec> {
  const nodeRef = fc.nat({ max: nodeSlots(limits) });
  return fc.record({
    node: mostly(nodeRef, 5),
    alsoOn: rarely(nodeRef, 15),
    stoppedMembers: weighted([0, 6], [1, 1], [2, 1]),
    cloneNodes: fc.array(nodeRef, { maxLength: limits.maxNodes, size: "max" }),
    migration: rarely(fc.record({ stage: weighted<"partial" | "dangling">(["partial", 1], ["dangling", 1]), target: nodeRef }), 6),
  });
}

/** Derives the status of the built resources on the built nodes. */
export function buildStatus(resources: readonly BuiltResource[], resolveNode: (ref: number) => ClusterNode): ClusterStatus {
  const status: ClusterStatus = { active: [], failed: [], failCounts: [], migrations: [] };
  const hostRef = (ref: number | undefined): string | undefined => {
    if (ref === undefined) return undefined;
    const node = resolveNode(ref);
    return canHost(node) ? node.name : undefined;
  };
  for (const { spec, primitives } of resources) {
    const { placement } = spec;
    const activeOn = new Map<BuiltPrimitive, string[]>(primitives.map((p) => [p, []]));
    const home = hostRef(placement.node);
    if (spec.kind === "clone") {
      const nodes = [...new Set(placement.cloneNodes.map(hostRef).filter((n) => n !== undefined))];
      for (const p of primitives) activeOn.set(p, nodes);
    } else if (spec.kind === "group") {
      const running = primitives.length - Math.min(placement.stoppedMembers, primitives.length - 1);
      primitives.slice(0, running).forEach((p) => activeOn.set(p, home === undefined ? [] : [home]));
    } else if (home !== undefined) {
      const p = primitives[0]!;
      const other = hostRef(placement.migration?.target ?? placement.alsoOn);
      if (placement.migration !== undefined && p.primitive.meta.allowMigrate === true && other !== undefined && other !== home) {
        const { stage } = placement.migration;
        status.migrations.push({ resource: p.primitive.id, source: home, target: other, stage });
        activeOn.set(p, stage === "partial" ? [home] : [home, other]);
      } else if (placement.migration === undefined && other !== undefined && other !== home) {
        activeOn.set(p, [home, other]);
      } else {
        activeOn.set(p, [home]);
      }
    }
    for (const [p, nodes] of activeOn) {
      for (const node of nodes) status.active.push({ resource: p.primitive.id, node, role: "Started" });
      addFailure(status, p, nodes, resolveNode);
    }
  }
  return status;
}

/** Records a primitive's failure; a failed operation leaves it active exactly where a placement says so. */
function addFailure(status: ClusterStatus, p: BuiltPrimitive, activeOn: readonly string[], resolveNode: (ref: number) => ClusterNode): void {
  const failure = p.spec.failure;
  if (failure === undefined) return;
  const resource = p.primitive.id;
  if (failure.kind === "monitor") {
    const node = activeOn[0];
    if (node === undefined) return;
    status.failed.push({ resource, node, operation: "monitor", activeAfter: true });
    status.failCounts.push({ resource, node, count: failure.count });
    return;
  }
  const target = resolveNode(failure.node);
  if (!canHost(target)) return;
  const node = target.name;
  if (failure.kind === "start") {
    status.failed.push({ resource, node, operation: "start", activeAfter: activeOn.includes(node) });
    status.failCounts.push({ resource, node, count: INFINITY });
  } else {
    status.failCounts.push({ resource, node, count: failure.count });
  }
}
