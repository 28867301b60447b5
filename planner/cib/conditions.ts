/**
 * Constructs the model cannot express but that change nothing in some
 * states: a non-default `requires` while every node is clean and the
 * partition has quorum, an `on-fail` policy for a resource that has no
 * failure, a `failure-timeout` with nothing to expire. The section readers
 * collect them; once the whole state is known, {@link checkConditionals}
 * refuses the input as Unsupported if any of them matters.
 */
import type { ClusterState } from "../model.ts";
import { Unsupported } from "../errors.ts";

/** A construct outside the model, and the states in which it would change the plan. */
export interface Conditional {
  construct: string;
  where: string;
  matters(cluster: ClusterState): boolean;
}

/** Matters when any of `resources` (primitive ids) has a current failure or a fail count. */
export function whenFailed(resources: readonly string[]): (cluster: ClusterState) => boolean {
  const ids = new Set(resources);
  return (c) => c.status.failed.some((f) => ids.has(f.resource)) || c.status.failCounts.some((f) => ids.has(f.resource));
}

/** Matters when any of `resources` (primitive ids) has a current failure of `operation`. */
export function whenOperationFailed(resources: readonly string[], operation: string): (cluster: ClusterState) => boolean {
  const ids = new Set(resources);
  return (c) => c.status.failed.some((f) => ids.has(f.resource) && f.operation === operation);
}

/** Matters when any of `resources` (primitive ids) is active on more than one node. */
export function whenMultiplyActive(resources: readonly string[]): (cluster: ClusterState) => boolean {
  return (c) => resources.some((id) => new Set(c.status.active.filter((a) => a.resource === id).map((a) => a.node)).size > 1);
}

/**
 * Matters when fencing or quorum can hold resources back: some node is
 * unclean, or the partition has lost quorum under a policy other than ignore.
 */
export function whenFencingOrQuorumMatters(c: ClusterState): boolean {
  return c.nodes.some((n) => n.membership === "unclean") || (!c.options.haveQuorum && c.options.noQuorumPolicy !== "ignore");
}

/** Matters when some node will be fenced: one is unclean, or suicide is the no-quorum policy and quorum is lost. */
export function whenFencing(c: ClusterState): boolean {
  return c.nodes.some((n) => n.membership === "unclean") || (!c.options.haveQuorum && c.options.noQuorumPolicy === "suicide");
}

/** Throws Unsupported for the first conditional construct that matters in `cluster`. */
export function checkConditionals(conditionals: readonly Conditional[], cluster: ClusterState): void {
  for (const conditional of conditionals) {
    if (conditional.matters(cluster)) throw new Unsupported(conditional.construct, conditional.where);
  }
}
