/** The generators' public API: cluster arbitraries, their shapes, and case features. */
export { clusterArbitrary, resolveClusterOptions, shapeArbitrary } from "./cluster.ts";
export type { ClusterArbitraryOptions, ResolvedClusterOptions } from "./cluster.ts";
export { DEFAULT_SHAPE_WEIGHTS } from "./shapes.ts";
export type { ShapeName } from "./shapes.ts";
export { CASE_FEATURES, caseFeatures, migrationCandidates } from "./stats.ts";
export type { CaseFeature } from "./stats.ts";
