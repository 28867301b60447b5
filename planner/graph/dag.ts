/**
 * The transition graph as an index-based DAG: actions numbered in declaration
 * order, adjacency lists, a deterministic topological order, the shortest
 * cycle when there is one, and the transitive closure as bitset rows.
 *
 * Everything here is a pure function of its arguments and cheap enough to run
 * thousands of times per second on graphs of a few hundred actions.
 */
import type { Action, Edge, Transition } from "../model.ts";

/** A transition's actions numbered 0..n-1 (first occurrence of each id), with adjacency by index. */
export interface IndexedGraph {
  /** The actions by index. */
  readonly actions: readonly Action[];
  /** `ids[i]` is the id of action i. */
  readonly ids: readonly string[];
  /** Action id → index. */
  readonly index: ReadonlyMap<string, number>;
  /** `successors[i]`: the actions that must wait for i (deduplicated, in edge order). */
  readonly successors: readonly (readonly number[])[];
  /** `predecessors[i]`: the actions i waits for (deduplicated, in edge order). */
  readonly predecessors: readonly (readonly number[])[];
  /** Edges naming an action the transition does not have; they are left out of the adjacency. */
  readonly unknownEdges: readonly Edge[];
  /** Ids declared more than once; only the first declaration is indexed. */
  readonly duplicateIds: readonly string[];
}

/**
 * The transitive closure: bit `j` of row `i` is set when there is a path of
 * at least one edge from action i to action j.
 */
export interface Closure {
  /** Number of actions. */
  readonly size: number;
  /** 32-bit words per row. */
  readonly words: number;
  /** `size` rows of `words` words each. */
  readonly rows: Uint32Array;
}

/** Indexes a transition's actions and edges; malformed edges and duplicate ids are reported, never thrown. */
export function indexGraph(t: Pick<Transition, "actions" | "edges">): IndexedGraph {
  const actions: Action[] = [];
  const ids: string[] = [];
  const index = new Map<string, number>();
  const duplicateIds: string[] = [];
  for (const action of t.actions) {
    if (index.has(action.id)) {
      if (!duplicateIds.includes(action.id)) duplicateIds.push(action.id);
      continue;
    }
    index.set(action.id, actions.length);
    actions.push(action);
    ids.push(action.id);
  }
  const n = actions.length;
  const successors: number[][] = Array.from({ length: n }, () => []);
  const predecessors: number[][] = Array.from({ length: n }, () => []);
  const words = (n + 31) >>> 5;
  const seen = new Uint32Array(n * words);
  const unknownEdges: Edge[] = [];
  for (const edge of t.edges) {
    const a = index.get(edge.first);
    const b = index.get(edge.then);
    if (a === undefined || b === undefined) {
      unknownEdges.push(edge);
      continue;
    }
    const word = a * words + (b >>> 5);
    const bit = 1 << (b & 31);
    if (seen[word] & bit) continue;
    seen[word] |= bit;
    successors[a].push(b);
    predecessors[b].push(a);
  }
  return { actions, ids, index, successors, predecessors, unknownEdges, duplicateIds };
}

/**
 * A topological order of the action indices, deterministic: Kahn's algorithm
 * taking, among the ready actions, the one with the smallest id (code-unit
 * order). Undefined when the graph has a cycle.
 */
export function topologicalOrder(g: IndexedGraph): number[] | undefined {
  const n = g.ids.length;
  // Ids are unique in an IndexedGraph; the default sort compares UTF-16 code units.
  const byId = [...g.ids].sort().map((id) => g.index.get(id)!);
  const rank = new Uint32Array(n);
  byId.forEach((action, r) => (rank[action] = r));
  const indegree = new Uint32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = g.predecessors[i].length;
  // The ready set as a bitset over ranks: popping the lowest set bit yields the smallest id.
  const ready = new Uint32Array((n + 31) >>> 5);
  for (let i = 0; i < n; i++) if (indegree[i] === 0) setBit(ready, rank[i]);
  const order: number[] = [];
  let word = 0;
  while (order.length < n) {
    while (word < ready.length && ready[word] === 0) word++;
    if (word === ready.length) return undefined;
    const w = ready[word];
    const r = (word << 5) + (31 - Math.clz32(w & -w));
    ready[word] = w & (w - 1);
    const action = byId[r];
    order.push(action);
    for (const s of g.successors[action]) {
      indegree[s]--;
      if (indegree[s] === 0) {
        const rs = rank[s];
        setBit(ready, rs);
        if (rs >>> 5 < word) word = rs >>> 5;
      }
    }
  }
  return order;
}

/**
 * A shortest cycle as action ids `[a, b, …]` meaning a → b → … → a, or
 * undefined for a DAG. Among shortest cycles, the one through the
 * lowest-indexed action, listed from that action.
 */
export function findCycle(g: IndexedGraph): string[] | undefined {
  if (topologicalOrder(g) !== undefined) return undefined;
  const n = g.ids.length;
  let best: number[] | undefined;
  const parent = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const cycle = shortestCycleThrough(g, v, parent, best === undefined ? n : best.length - 1);
    if (cycle !== undefined) best = cycle;
    if (best !== undefined && best.length === 1) break;
  }
  return best?.map((i) => g.ids[i]);
}

/** Breadth-first search for the shortest cycle through v of at most `limit` actions. */
function shortestCycleThrough(g: IndexedGraph, v: number, parent: Int32Array, limit: number): number[] | undefined {
  parent.fill(-1);
  let frontier = [v];
  for (let depth = 1; depth <= limit && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const s of g.successors[u]) {
        if (s === v) {
          const cycle = [u];
          while (cycle[cycle.length - 1] !== v) cycle.push(parent[cycle[cycle.length - 1]]);
          return cycle.reverse();
        }
        if (parent[s] === -1) {
          parent[s] = u;
          next.push(s);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

/** The transitive closure of the graph (any graph; a cycle makes its actions precede themselves). */
export function reachability(g: IndexedGraph): Closure {
  const n = g.ids.length;
  const words = (n + 31) >>> 5;
  const rows = new Uint32Array(n * words);
  const order = topologicalOrder(g);
  if (order !== undefined) {
    for (let k = n - 1; k >= 0; k--) {
      const i = order[k];
      const base = i * words;
      for (const s of g.successors[i]) {
        const sb = s * words;
        for (let w = 0; w < words; w++) rows[base + w] |= rows[sb + w];
        rows[base + (s >>> 5)] |= 1 << (s & 31);
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const base = i * words;
      const stack = [...g.successors[i]];
      while (stack.length > 0) {
        const u = stack.pop()!;
        if ((rows[base + (u >>> 5)] >>> (u & 31)) & 1) continue;
        rows[base + (u >>> 5)] |= 1 << (u & 31);
        stack.push(...g.successors[u]);
      }
    }
  }
  return { size: n, words, rows };
}

/** Whether there is a path (of at least one edge) from action a to action b. */
export function precedes(closure: Closure, a: number, b: number): boolean {
  return ((closure.rows[a * closure.words + (b >>> 5)] >>> (b & 31)) & 1) === 1;
}

/** Sets bit i of a bitset. */
function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] |= 1 << (i & 31);
}
