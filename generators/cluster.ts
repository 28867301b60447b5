/**
 * The entry point: `clusterArbitrary(options)` mixes the scenario shapes and
 * builds each blueprint into a `ClusterState`. Options are resolved once into
 * limits and weights, as fast-check resolves its parameters.
 */
import fc from "fast-check";
import type { ClusterState } from "../planner/model.ts";
import type { Blueprint, GeneratorLimits } from "./blueprint.ts";
import { buildConstraints } from "./constraints.ts";
import { buildNodes } from "./nodes.ts";
import { buildResources } from "./resources.ts";
import { DEFAULT_SHAPE_WEIGHTS, shapeBlueprint, type ShapeName } from "./shapes.ts";
import { buildStatus } from "./status.ts";

/** What `clusterArbitrary` may be told. */
export interface ClusterArbitraryOptions {
  /** At most this many nodes; default 8, at least 2. */
  maxNodes?: number;
  /** At most this many primitives (group members and clone children count); default 8, at least 1. */
  maxResources?: number;
  /** Relative weights of the shapes; missing ones keep their default, 0 leaves a shape out. */
  shapes?: Partial<Record<ShapeName, number>>;
}

/** Options resolved: limits and the full table of weights. */
export interface ResolvedClusterOptions extends GeneratorLimits {
  shapes: Record<ShapeName, number>;
}

/** Fills in defaults and rejects impossible options (RangeError). */
export function resolveClusterOptions(options: ClusterArbitraryOptions = {}): ResolvedClusterOptions {
  const maxNodes = options.maxNodes ?? 8;
  const maxResources = options.maxResources ?? 8;
  if (!Number.isInteger(maxNodes) || maxNodes < 2) throw new RangeError(`maxNodes must be an integer ≥ 2, got ${maxNodes}`);
  if (!Number.isInteger(maxResources) || maxResources < 1) {
    throw new RangeError(`maxResources must be an integer ≥ 1, got ${maxResources}`);
  }
  const shapes = { ...DEFAULT_SHAPE_WEIGHTS, ...options.shapes };
  for (const [name, weight] of Object.entries(shapes)) {
    if (!Number.isInteger(weight) || weight < 0) throw new RangeError(`weight of shape ${name} must be an integer ≥ 0, got ${weight}`);
  }
  if (Object.values(shapes).every((weight) => weight === 0)) throw new RangeError("at least one shape needs a positive weight");
  return { maxNodes, maxResources, shapes };
}

/**
 * Random clusters: 2..maxNodes nodes, up to maxResources primitives, with
 * constraints and a current status, drawn from the weighted mix of scenario
 * shapes. Every reference resolves, ids are unique, orders are acyclic, and
 * everything shrinks toward fewer nodes, resources and constraints.
 */
export function clusterArbitrary(options: ClusterArbitraryOptions = {}): fc.Arbitrary<ClusterState> {
  const resolved = resolveClusterOptions(options);
  const shapes = (Object.entries(resolved.shapes) as [ShapeName, number][])
    .filter(([, weight]) => weight > 0)
    .map(([name, weight]) => ({ weight, arbitrary: shapeBlueprint(name, resolved) }));
  return fc.oneof(...shapes).map((blueprint) => buildCluster(blueprint, resolved));
}

/** Clusters of a single shape (for focused campaigns and tests). */
export function shapeArbitrary(shape: ShapeName, options: ClusterArbitraryOptions = {}): fc.Arbitrary<ClusterState> {
  const resolved = resolveClusterOptions(options);
  return shapeBlueprint(shape, resolved).map((blueprint) => buildCluster(blueprint, resolved));
}

/** Resolves a blueprint into a cluster within the limits. */
export function buildCluster(blueprint: Blueprint, limits: GeneratorLimits): ClusterState {
  const { nodes, resolve } = buildNodes(blueprint.nodes);
  const resources = buildResources(blueprint.resources, limits.maxResources);
  return {
    options: {
      fencingEnabled: blueprint.fencing,
      symmetricCluster: true,
      noQuorumPolicy: "stop",
      haveQuorum: true,
      defaultStickiness: blueprint.defaultStickiness,
      defaultMigrationThreshold: 0,
    },
    nodes,
    resources: resources.map((r) => r.resource),
    constraints: buildConstraints(blueprint, resources, (ref) => resolve(ref).name),
    status: buildStatus(resources, resolve),
  };
}
