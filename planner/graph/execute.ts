/**
 * Executing a transition against the current state, as DESIGN.md defines it:
 * `start` makes a resource active on its node, `stop` inactive,
 * `migrate_from` makes it active on the target (the source stays active until
 * its own stop: the migration window), `migrate_to` changes no activity,
 * `fence` makes everything on the node inactive and the node down,
 * `promote`/`demote` change the role of an active resource, and pseudo
 * actions change nothing. Actions are atomic.
 */
import type { Action, ClusterStatus, Placement, Transition } from "../model.ts";
import { indexGraph, topologicalOrder } from "./dag.ts";

/** What one action does to activity. */
export type Effect =
  /** Makes `resource` active on `node` (start, migrate_from). */
  | { kind: "realise"; resource: string; node: string }
  /** Makes `resource` inactive on `node` (stop). */
  | { kind: "end"; resource: string; node: string }
  /** Makes everything on `node` inactive and the node down. */
  | { kind: "fence"; node: string }
  /** Changes the role of `resource` on `node` if it is active there. */
  | { kind: "role"; resource: string; node: string; role: "Promoted" | "Unpromoted" };

/** A cluster part-way through a transition. */
export interface ExecutionState {
  /** Active placements by {@link placementKey}. */
  readonly active: Map<string, Placement>;
  /** Nodes fenced so far. */
  readonly fenced: Set<string>;
}

/** The key of a (resource, node) pair: `resource@node`. */
export function placementKey(resource: string, node: string): string {
  return `${resource}@${node}`;
}

/**
 * The effect of an action, or undefined for one that changes no activity or
 * role: pseudo actions, migrate_to, and actions lacking the resource or node
 * they would need.
 */
export function effectOf(action: Action): Effect | undefined {
  if (action.pseudo || action.node === undefined) return undefined;
  const node = action.node;
  if (action.task === "fence") return { kind: "fence", node };
  const resource = action.resource;
  if (resource === undefined) return undefined;
  switch (action.task) {
    case "start":
    case "migrate_from":
      return { kind: "realise", resource, node };
    case "stop":
      return { kind: "end", resource, node };
    case "promote":
      return { kind: "role", resource, node, role: "Promoted" };
    case "demote":
      return { kind: "role", resource, node, role: "Unpromoted" };
    default:
      return undefined;
  }
}

/** The state before the transition: the status's active placements, nothing fenced. */
export function initialState(status: ClusterStatus): ExecutionState {
  const active = new Map<string, Placement>();
  for (const p of status.active) active.set(placementKey(p.resource, p.node), { ...p });
  return { active, fenced: new Set() };
}

/** A copy of a state that later {@link applyAction} calls on either do not share. */
export function copyState(state: ExecutionState): ExecutionState {
  return { active: new Map(state.active), fenced: new Set(state.fenced) };
}

/**
 * Applies one action to `state` in place. A realised resource is `Started`
 * (keeping its role if it was already active there); Placement objects are
 * replaced, never mutated, so copies made by {@link copyState} stay intact.
 */
export function applyAction(state: ExecutionState, action: Action): void {
  const effect = effectOf(action);
  if (effect === undefined) return;
  switch (effect.kind) {
    case "realise": {
      const key = placementKey(effect.resource, effect.node);
      if (!state.active.has(key)) state.active.set(key, { resource: effect.resource, node: effect.node, role: "Started" });
      return;
    }
    case "end":
      state.active.delete(placementKey(effect.resource, effect.node));
      return;
    case "fence":
      for (const [key, p] of state.active) if (p.node === effect.node) state.active.delete(key);
      state.fenced.add(effect.node);
      return;
    case "role": {
      const key = placementKey(effect.resource, effect.node);
      if (state.active.has(key)) state.active.set(key, { resource: effect.resource, node: effect.node, role: effect.role });
      return;
    }
  }
}

/** The active placements of a state, sorted by resource then node. */
export function placementsOf(state: ExecutionState): Placement[] {
  return [...state.active.values()].sort((a, b) =>
    a.resource !== b.resource ? (a.resource < b.resource ? -1 : 1) : a.node < b.node ? -1 : a.node > b.node ? 1 : 0,
  );
}

/** Executes the actions in the given order from the status; returns the final active placements (sorted). */
export function executeInOrder(status: ClusterStatus, actions: Iterable<Action>): Placement[] {
  const state = initialState(status);
  for (const action of actions) applyAction(state, action);
  return placementsOf(state);
}

/**
 * The placements after executing the whole transition in its deterministic
 * topological order; undefined when the graph has a cycle. Duplicate action
 * ids count once, as in {@link indexGraph}.
 */
export function finalPlacement(status: ClusterStatus, t: Transition): Placement[] | undefined {
  const g = indexGraph(t);
  const order = topologicalOrder(g);
  return order === undefined ? undefined : executeInOrder(status, order.map((i) => g.actions[i]!));
}
