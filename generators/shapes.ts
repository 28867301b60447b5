/**
 * Scenario shapes: blueprints biased toward the cases that matter. Each
 * shape is a random base cluster with a pattern laid over it; every part of a
 * pattern can be dropped by shrinking, so a counterexample from any shape
 * shrinks as far as one from the fully random shape.
 *
 * Pattern resources come first in the resource list (r1 is the pattern's
 * main resource) and get negative slots chosen so that their orders point
 * the intended way; base constraints may still reach them.
 */
import fc from "fast-check";
import { INFINITY, type OrderKind } from "../planner/model.ts";
import {
  nodeSlots,
  slotResolver,
  type Blueprint,
  type GeneratorLimits,
  type LocationSpec,
  type MembershipSpec,
  type NodeSpec,
  type OrderSpec,
  type PlacementSpec,
  type PrimitiveSpec,
  type ResourceSpec,
} from "./blueprint.ts";
import { mostly, mostlyNonEmpty, weighted } from "./choice.ts";
import { constraintsArbitrary, orderActionArbitrary, symmetricalArbitrary } from "./constraints.ts";
import { nodesArbitrary } from "./nodes.ts";
import { resourceSpecArbitrary, resourcesArbitrary } from "./resources.ts";

/** The names of the scenario shapes. */
export type ShapeName = "migration-dependents" | "anti-colocation-swap" | "unclean-migration" | "standby-drain" | "random";

/** The default mix: migrating resources with dependents dominate. */
export const DEFAULT_SHAPE_WEIGHTS: Readonly<Record<ShapeName, number>> = {
  "migration-dependents": 4,
  "anti-colocation-swap": 1,
  "unclean-migration": 2,
  "standby-drain": 1,
  random: 2,
};

/** The blueprint arbitrary of one shape. */
export function shapeBlueprint(shape: ShapeName, limits: GeneratorLimits): fc.Arbitrary<Blueprint> {
  switch (shape) {
    case "migration-dependents":
      return fc
        .record({ base: randomBlueprint(limits), pattern: migrationPattern(limits) })
        .map(({ base, pattern }) => applyMigration(base, pattern).blueprint);
    case "unclean-migration":
      return fc
        .record({ base: randomBlueprint(limits), pattern: migrationPattern(limits), unclean: mostly(uncleanWhere) })
        .map(({ base, pattern, unclean }) => applyUnclean(applyMigration(base, pattern), unclean));
    case "anti-colocation-swap":
      return fc.record({ base: randomBlueprint(limits), pattern: swapPattern(limits) }).map(({ base, pattern }) => applySwap(base, pattern));
    case "standby-drain":
      return fc.record({ base: randomBlueprint(limits), pattern: drainPattern(limits) }).map(({ base, pattern }) => applyDrain(base, pattern));
    case "random":
      return randomBlueprint(limits);
  }
}

/** (e) A fully random cluster; shrinks toward two online nodes and nothing else. */
export function randomBlueprint(limits: GeneratorLimits): fc.Arbitrary<Blueprint> {
  return fc
    .record({
      fencing: weighted([false, 1], [true, 1]),
      defaultStickiness: weighted([0, 3], [100, 1]),
      nodes: nodesArbitrary(limits),
      resources: resourcesArbitrary(limits),
      constraints: constraintsArbitrary(limits),
    })
    .map(({ constraints, ...rest }) => ({ ...rest, ...constraints }));
}

// ------------------------------------------------------------ helpers

const NOWHERE: PlacementSpec = { node: undefined, alsoOn: undefined, stoppedMembers: 0, cloneNodes: [], migration: undefined };

/** A high location score: INFINITY or 500–50000, above any generated stickiness. */
const pullScore: fc.Arbitrary<number> = fc
  .tuple(weighted([true, 3], [false, 2]), fc.integer({ min: 500, max: 50_000 }))
  .map(([infinite, finite]) => (infinite ? INFINITY : finite));

/** Two distinct nodes of the base, from two refs. */
function nodePair(nodes: readonly NodeSpec[], a: number, b: number): [NodeSpec, NodeSpec] {
  const first = slotResolver(nodes)(a)!;
  const second = slotResolver(nodes.filter((n) => n !== first))(b)!;
  return [first, second];
}

/** The nodes with some memberships replaced, by slot. */
function withMemberships(nodes: readonly NodeSpec[], changes: readonly [number, MembershipSpec][]): NodeSpec[] {
  return nodes.map((node) => {
    const change = changes.filter(([slot]) => slot === node.slot).at(-1);
    return change === undefined ? node : { ...node, membership: change[1] };
  });
}

/** A top-level primitive spec that is plainly placed on one node. */
function primitiveAt(slot: number, primitive: PrimitiveSpec, placement: PlacementSpec, template: ResourceSpec): ResourceSpec {
  return { ...template, slot, kind: "primitive", primitive, placement };
}

/** A mover's meta: allow-migrate, managed, started, and never stickier than a pull. */
function moverMeta(spec: PrimitiveSpec): PrimitiveSpec {
  return {
    ...spec,
    allowMigrate: true,
    targetRole: undefined,
    isManaged: undefined,
    stickiness: spec.stickiness === INFINITY ? undefined : spec.stickiness,
  };
}

// -------------------------------------------- (a) migration with dependents

interface Dependent {
  resource: ResourceSpec;
  /** Ordered after the mover (a fan) or after the previous dependent (a chain). */
  parent: "mover" | "previous";
  action: "start" | "stop";
  kind: OrderKind;
  symmetrical: boolean;
}

interface MigrationPattern {
  mover: ResourceSpec | undefined;
  source: number;
  target: number;
  pull: { score: number; rule: LocationSpec["rule"] } | undefined;
  dependents: Dependent[];
  inFlight: "partial" | "dangling" | undefined;
}

function migrationPattern(limits: GeneratorLimits): fc.Arbitrary<MigrationPattern> {
  const nodeRef = fc.nat({ max: nodeSlots(limits) });
  const resource = resourceSpecArbitrary(limits, fc.constant(0));
  const dependent: fc.Arbitrary<Dependent> = fc.record({
    resource,
    parent: weighted<Dependent["parent"]>(["mover", 1], ["previous", 1]),
    action: orderActionArbitrary,
    kind: weighted<OrderKind>(["Mandatory", 8], ["Optional", 2], ["Serialize", 1]),
    symmetrical: symmetricalArbitrary,
  });
  return fc.record({
    mover: mostly(resource),
    source: nodeRef,
    target: nodeRef,
    pull: mostly(fc.record({ score: pullScore, rule: weighted<LocationSpec["rule"]>([undefined, 6], ["eq", 1], ["ne", 1]) })),
    dependents: mostlyNonEmpty(dependent, 2),
    inFlight: weighted<MigrationPattern["inFlight"]>([undefined, 6], ["partial", 1], ["dangling", 1]),
  });
}

interface AppliedMigration {
  blueprint: Blueprint;
  source: NodeSpec;
  target: NodeSpec;
  /** Placement node ref of the first dependent, if it is active. */
  dependentNode: number | undefined;
}

/**
 * Lays the cl#5055 pattern over the base: an allow-migrate mover active on
 * the source, pulled to the target, with dependents ordered after it in a
 * fan or a chain (start→start or stop→stop, symmetrical or not). Without the
 * mover (shrunk away) the dependents stay, ordered only among themselves.
 */
function applyMigration(base: Blueprint, p: MigrationPattern): AppliedMigration {
  const [source, target] = nodePair(base.nodes, p.source, p.target);
  const moverSlot = -1000;
  const mover =
    p.mover &&
    primitiveAt(
      moverSlot,
      moverMeta(p.mover.primitive),
      { ...NOWHERE, node: source.slot, migration: p.inFlight && { stage: p.inFlight, target: target.slot } },
      p.mover,
    );
  // A start→start order puts its first earlier in slot order, a stop→stop order later.
  const positions = [0];
  const slots = [moverSlot];
  const dependents: ResourceSpec[] = [];
  const orders: OrderSpec[] = [];
  p.dependents.forEach((d, index) => {
    const parent = d.parent === "mover" ? 0 : index;
    const position = positions[parent]! + (d.action === "start" ? 1 : -1);
    const slot = moverSlot + position * 10 + index + 1;
    positions.push(position);
    slots.push(slot);
    dependents.push({ ...d.resource, slot });
    if (parent > 0 || mover !== undefined) {
      orders.push({ a: slots[parent]!, b: slot, action: d.action, kind: d.kind, symmetrical: d.symmetrical });
    }
  });
  const pull: LocationSpec[] =
    p.pull === undefined || mover === undefined
      ? []
      : [{ resource: moverSlot, node: p.pull.rule === "ne" ? source.slot : target.slot, score: p.pull.score, rule: p.pull.rule }];
  return {
    blueprint: {
      ...base,
      nodes: withMemberships(base.nodes, [
        [source.slot, "online"],
        [target.slot, "online"],
      ]),
      resources: [...(mover === undefined ? [] : [mover]), ...dependents, ...base.resources],
      locations: [...pull, ...base.locations],
      orders: [...orders, ...base.orders],
    },
    source,
    target,
    dependentNode: dependents[0]?.placement.node,
  };
}

// ------------------------------------------- (c) unclean under a migration

type UncleanWhere = "source" | "target" | "dependent";

const uncleanWhere: fc.Arbitrary<UncleanWhere> = weighted<UncleanWhere>(["source", 2], ["target", 1], ["dependent", 1]);

/** The migration pattern with its source, its target or a dependent's node gone unclean. */
function applyUnclean(applied: AppliedMigration, where: UncleanWhere | undefined): Blueprint {
  const { blueprint } = applied;
  const slot =
    where === "source"
      ? applied.source.slot
      : where === "target"
        ? applied.target.slot
        : where === "dependent" && applied.dependentNode !== undefined
          ? slotResolver(blueprint.nodes)(applied.dependentNode)!.slot
          : undefined;
  if (slot === undefined) return blueprint;
  return { ...blueprint, nodes: withMemberships(blueprint.nodes, [[slot, "unclean"]]) };
}

// ----------------------------------------- (b) anti-colocated pair swapping

interface SwapPattern {
  x: ResourceSpec | undefined;
  y: ResourceSpec | undefined;
  a: number;
  b: number;
  anti: boolean | undefined;
  pullX: number | undefined;
  pullY: number | undefined;
}

function swapPattern(limits: GeneratorLimits): fc.Arbitrary<SwapPattern> {
  const nodeRef = fc.nat({ max: nodeSlots(limits) });
  const resource = resourceSpecArbitrary(limits, fc.constant(0));
  return fc.record({
    x: mostly(resource),
    y: mostly(resource),
    a: nodeRef,
    b: nodeRef,
    anti: mostly(fc.constant(true)),
    pullX: mostly(pullScore),
    pullY: mostly(pullScore, 3),
  });
}

/** Two -INFINITY colocated primitives on nodes A and B, each pulled to the other's node. */
function applySwap(base: Blueprint, p: SwapPattern): Blueprint {
  const [a, b] = nodePair(base.nodes, p.a, p.b);
  const x = p.x && primitiveAt(-1000, p.x.primitive, { ...NOWHERE, node: a.slot }, p.x);
  const y = p.y && primitiveAt(-990, p.y.primitive, { ...NOWHERE, node: b.slot }, p.y);
  const pulls: LocationSpec[] = [];
  if (x !== undefined && p.pullX !== undefined) pulls.push({ resource: x.slot, node: b.slot, score: p.pullX, rule: undefined });
  if (y !== undefined && p.pullY !== undefined) pulls.push({ resource: y.slot, node: a.slot, score: p.pullY, rule: undefined });
  const anti = x !== undefined && y !== undefined && p.anti ? [{ a: x.slot, b: y.slot, score: -INFINITY }] : [];
  return {
    ...base,
    nodes: withMemberships(base.nodes, [
      [a.slot, "online"],
      [b.slot, "online"],
    ]),
    resources: [...[x, y].filter((r) => r !== undefined), ...base.resources],
    locations: [...pulls, ...base.locations],
    colocations: [...anti, ...base.colocations],
  };
}

// ------------------------------------------------------ (d) standby drain

interface DrainPattern {
  node: number;
  standby: boolean | undefined;
  residents: ResourceSpec[];
  chained: boolean;
}

function drainPattern(limits: GeneratorLimits): fc.Arbitrary<DrainPattern> {
  return fc.record({
    node: fc.nat({ max: nodeSlots(limits) }),
    standby: mostly(fc.constant(true)),
    residents: mostlyNonEmpty(resourceSpecArbitrary(limits, fc.constant(0)), 2),
    chained: weighted([false, 1], [true, 1]),
  });
}

/** A node set standby with resources on it, optionally ordered one after another. */
function applyDrain(base: Blueprint, p: DrainPattern): Blueprint {
  const node = slotResolver(base.nodes)(p.node)!;
  const residents = p.residents.map((r, index) => ({
    ...r,
    slot: -1000 + index * 10,
    placement: { ...r.placement, node: node.slot, cloneNodes: [node.slot, ...r.placement.cloneNodes] },
  }));
  const orders: OrderSpec[] = p.chained
    ? residents.slice(1).map((r, index) => ({ a: residents[index]!.slot, b: r.slot, action: "start", kind: "Mandatory", symmetrical: true }))
    : [];
  return {
    ...base,
    nodes: p.standby ? withMemberships(base.nodes, [[node.slot, "standby"]]) : base.nodes,
    resources: [...residents, ...base.resources],
    orders: [...orders, ...base.orders],
  };
}
