/**
 * Brute force over small graphs, to cross-check the partial-order reasoning
 * of intervals.ts: every linearisation (topological order), every downset
 * (set of completed actions, actions being atomic), and every execution
 * state reachable through some prefix of some linearisation. Sets of actions
 * are bitmasks over action indices, so graphs are limited to
 * {@link MAX_BRUTE_FORCE} actions; the intended use is ≤ 9.
 */
import type { ClusterStatus } from "../model.ts";
import type { IndexedGraph } from "./dag.ts";
import type { ExecutionState } from "./execute.ts";
import { applyAction, copyState, initialState, placementsOf } from "./execute.ts";

/** The largest graph the enumerations accept. */
export const MAX_BRUTE_FORCE = 24;

/** A state reachable by running the completed actions, in some topological order, from the status. */
export interface ReachableState {
  /** Bit i set: action i has completed. */
  readonly completed: number;
  readonly state: ExecutionState;
}

/** Every topological order of the graph, as action indices (none if it has a cycle). */
export function* linearisations(g: IndexedGraph): Generator<number[]> {
  const n = checkedSize(g);
  const masks = predecessorMasks(g);
  const order: number[] = [];
  function* extend(done: number): Generator<number[]> {
    if (order.length === n) {
      yield [...order];
      return;
    }
    for (let i = 0; i < n; i++) {
      if (done & (1 << i) || (masks[i]! & done) !== masks[i]) continue;
      order.push(i);
      yield* extend(done | (1 << i));
      order.pop();
    }
  }
  yield* extend(0);
}

/** Every downset of the graph (sets of actions closed under predecessors), as bitmasks in increasing order. */
export function downsets(g: IndexedGraph): number[] {
  const n = checkedSize(g);
  const masks = predecessorMasks(g);
  const seen = new Set<number>([0]);
  const stack = [0];
  while (stack.length > 0) {
    const done = stack.pop()!;
    for (let i = 0; i < n; i++) {
      const next = done | (1 << i);
      if (next === done || (masks[i]! & done) !== masks[i] || seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * Every distinct (completed actions, execution state) pair reachable from the
 * status through prefixes of linearisations. A downset appears more than once
 * when the order of its actions changes the outcome (a race).
 */
export function reachableStates(status: ClusterStatus, g: IndexedGraph): ReachableState[] {
  const n = checkedSize(g);
  const masks = predecessorMasks(g);
  const out: ReachableState[] = [];
  const seen = new Set<string>();
  const stack: ReachableState[] = [];
  const visit = (r: ReachableState): void => {
    const key = `${r.completed}|${stateKey(r.state)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
    stack.push(r);
  };
  visit({ completed: 0, state: initialState(status) });
  while (stack.length > 0) {
    const { completed, state } = stack.pop()!;
    for (let i = 0; i < n; i++) {
      if (completed & (1 << i) || (masks[i]! & completed) !== masks[i]) continue;
      const next = copyState(state);
      applyAction(next, g.actions[i]!);
      visit({ completed: completed | (1 << i), state: next });
    }
  }
  return out;
}

/** A canonical string for a state: its sorted placements with roles and its fenced nodes. */
export function stateKey(state: ExecutionState): string {
  const active = placementsOf(state).map((p) => `${p.resource}@${p.node}:${p.role}`);
  return `${active.join(",")}|${[...state.fenced].sort().join(",")}`;
}

/** The graph's size, refused above {@link MAX_BRUTE_FORCE}. */
function checkedSize(g: IndexedGraph): number {
  const n = g.ids.length;
  if (n > MAX_BRUTE_FORCE) throw new RangeError(`brute force is limited to ${MAX_BRUTE_FORCE} actions, got ${n}`);
  return n;
}

/** For each action, the bitmask of its direct predecessors. */
function predecessorMasks(g: IndexedGraph): number[] {
  return g.predecessors.map((ps) => ps.reduce((m, p) => m | (1 << p), 0));
}
