/** Nodes: memberships (mostly online), and their naming n1, n2… */
import fc from "fast-check";
import type { ClusterNode } from "../planner/model.ts";
import { nodeSlots, slotResolver, type GeneratorLimits, type MembershipSpec, type NodeSpec } from "./blueprint.ts";
import { weighted } from "./choice.ts";

/** A membership, mostly online; shrinks toward online. */
export const membershipArbitrary: fc.Arbitrary<MembershipSpec> = weighted<MembershipSpec>(
  ["online", 14],
  ["standby", 2],
  ["offline", 2],
  ["unclean", 1],
);

/** 2 to `maxNodes` nodes with distinct slots; shrinks toward two online nodes. */
export function nodesArbitrary(limits: GeneratorLimits): fc.Arbitrary<NodeSpec[]> {
  const node = fc.record({ slot: fc.nat({ max: nodeSlots(limits) }), membership: membershipArbitrary });
  return fc.uniqueArray(node, { minLength: 2, maxLength: limits.maxNodes, size: "max", selector: (n) => n.slot });
}

/** Built nodes, and node refs resolved to them. */
export interface BuiltNodes {
  nodes: ClusterNode[];
  resolve: (ref: number) => ClusterNode;
}

/** Names the nodes n1, n2… in list order and builds their model form. */
export function buildNodes(specs: readonly NodeSpec[]): BuiltNodes {
  const built = specs.map((spec, index) => ({ slot: spec.slot, node: toNode(spec.membership, index + 1) }));
  const resolveSlot = slotResolver(built);
  return {
    nodes: built.map((b) => b.node),
    resolve: (ref) => resolveSlot(ref)!.node,
  };
}

function toNode(membership: MembershipSpec, number: number): ClusterNode {
  return {
    name: `n${number}`,
    id: String(number),
    membership: membership === "standby" ? "online" : membership,
    standby: membership === "standby",
    maintenance: false,
    attributes: {},
  };
}

/** Whether the status may show resources active on the node: anything but offline. */
export function canHost(node: ClusterNode): boolean {
  return node.membership !== "offline";
}
