import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { Action, Edge } from "../planner/model.ts";
import { findCycle, indexGraph, precedes, reachability, topologicalOrder } from "../planner/graph/dag.ts";

/** A pseudo action with the given id (the DAG functions look at ids only). */
const node = (id: string): Action => ({ id, task: "running", pseudo: true });
const graph = (ids: string[], edges: [string, string][]) =>
  indexGraph({ actions: ids.map(node), edges: edges.map(([first, then]) => ({ first, then })) });

test("indexGraph numbers actions, builds adjacency, reports unknown edges and duplicate ids", () => {
  const g = indexGraph({
    actions: [node("a"), node("b"), node("c"), node("b")],
    edges: [
      { first: "a", then: "b" },
      { first: "a", then: "b", reason: "twice" },
      { first: "c", then: "b" },
      { first: "a", then: "zz", reason: "typo" },
      { first: "yy", then: "c" },
    ],
  });
  assert.equal(g.ids, ["a", "b", "c"]);
  assert.is(g.index.get("c"), 2);
  assert.equal(g.successors, [[1], [], [1]]);
  assert.equal(g.predecessors, [[], [0, 2], []]);
  assert.equal(g.unknownEdges, [
    { first: "a", then: "zz", reason: "typo" },
    { first: "yy", then: "c" },
  ]);
  assert.equal(g.duplicateIds, ["b"]);
});

test("topologicalOrder is Kahn's with ties broken by smallest id", () => {
  const g = graph(["a", "b", "c", "d", "e"], [["c", "a"], ["d", "b"], ["b", "e"]]);
  assert.equal(topologicalOrder(g)?.map((i) => g.ids[i]), ["c", "a", "d", "b", "e"]);
  const h = graph(["z", "y", "x"], []);
  assert.equal(topologicalOrder(h)?.map((i) => h.ids[i]), ["x", "y", "z"]);
});

test("topologicalOrder is undefined on a cycle", () => {
  assert.is(topologicalOrder(graph(["a", "b", "c"], [["a", "b"], ["b", "a"]])), undefined);
});

test("findCycle names the shortest cycle from its lowest-indexed action", () => {
  const two = graph(
    ["a", "b", "c", "d", "e", "f"],
    [["a", "b"], ["b", "c"], ["c", "d"], ["d", "b"], ["e", "f"], ["f", "e"]],
  );
  assert.equal(findCycle(two), ["e", "f"]);
  const three = graph(
    ["a", "b", "c", "d", "e", "f"],
    [["a", "d"], ["d", "e"], ["e", "f"], ["f", "a"], ["c", "a"], ["a", "b"], ["b", "c"]],
  );
  assert.equal(findCycle(three), ["a", "b", "c"]);
  const rotated = graph(["p", "q", "r"], [["r", "p"], ["q", "r"], ["p", "q"]]);
  assert.equal(findCycle(rotated), ["p", "q", "r"]);
  assert.equal(findCycle(graph(["a", "x"], [["a", "x"], ["x", "x"]])), ["x"]);
  assert.is(findCycle(graph(["a", "b", "c"], [["a", "b"], ["a", "c"], ["b", "c"]])), undefined);
});

test("reachability gives the exact transitive closure", () => {
  const g = graph(["a", "b", "c", "d", "e"], [["c", "a"], ["d", "b"], ["b", "e"]]);
  const c = reachability(g);
  const pairs: string[] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) if (precedes(c, i, j)) pairs.push(`${g.ids[i]}<${g.ids[j]}`);
  assert.equal(pairs, ["b<e", "c<a", "d<b", "d<e"]);
});

test("reachability crosses 32-bit word boundaries (chain of 70)", () => {
  const ids = Array.from({ length: 70 }, (_, i) => `n${i}`);
  const g = graph(ids, ids.slice(1).map((id, i) => [ids[i]!, id]));
  const c = reachability(g);
  assert.is(c.words, 3);
  assert.ok(precedes(c, 0, 69));
  assert.ok(precedes(c, 31, 32));
  assert.ok(precedes(c, 33, 64));
  assert.not.ok(precedes(c, 69, 0));
  assert.not.ok(precedes(c, 40, 40));
  let count = 0;
  for (let j = 0; j < 70; j++) if (precedes(c, 0, j)) count++;
  assert.is(count, 69);
});

test("reachability on a cyclic graph: actions on the cycle precede themselves", () => {
  const g = graph(["a", "b", "c", "d"], [["a", "b"], ["b", "c"], ["c", "b"], ["c", "d"]]);
  const c = reachability(g);
  assert.ok(precedes(c, 1, 1));
  assert.ok(precedes(c, 2, 2));
  assert.ok(precedes(c, 0, 3));
  assert.not.ok(precedes(c, 0, 0));
  assert.not.ok(precedes(c, 3, 1));
});

/** Random graphs of up to 40 actions; `acyclic` orients every edge from lower to higher position. */
const randomGraph = (acyclic: boolean) =>
  fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      ids: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => `act${String(i).padStart(2, "0")}`),
        { minLength: n, maxLength: n },
      ),
      pairs: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }),
    }).map(({ ids, pairs }) => {
      const edges: Edge[] = [];
      for (const [x, y] of pairs) {
        if (acyclic && x === y) continue;
        const [a, b] = acyclic && x > y ? [y, x] : [x, y];
        edges.push({ first: ids[a]!, then: ids[b]! });
      }
      return indexGraph({ actions: ids.map(node), edges });
    }),
  );

/** Reference closure: depth-first search from each action. */
function naiveReach(succ: readonly (readonly number[])[], from: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...succ[from]!];
  while (stack.length > 0) {
    const u = stack.pop()!;
    if (seen.has(u)) continue;
    seen.add(u);
    stack.push(...succ[u]!);
  }
  return seen;
}

test("property: closure equals depth-first search, on DAGs and cyclic graphs", () => {
  fc.assert(
    fc.property(fc.boolean().chain(randomGraph), (g) => {
      const c = reachability(g);
      for (let i = 0; i < g.ids.length; i++) {
        const reach = naiveReach(g.successors, i);
        for (let j = 0; j < g.ids.length; j++) if (precedes(c, i, j) !== reach.has(j)) return false;
      }
      return true;
    }),
    { numRuns: 300, seed: 20261202 },
  );
});

test("property: topological order respects edges and takes the smallest ready id; cycles are real", () => {
  fc.assert(
    fc.property(fc.boolean().chain(randomGraph), (g) => {
      const order = topologicalOrder(g);
      const cycle = findCycle(g);
      if (order === undefined) {
        // The named cycle must consist of real edges, closing back on itself.
        if (cycle === undefined || cycle.length === 0) return false;
        return cycle.every((id, k) => {
          const next = cycle[(k + 1) % cycle.length]!;
          return g.successors[g.index.get(id)!]!.includes(g.index.get(next)!);
        });
      }
      if (cycle !== undefined) return false;
      // Replay: at every step the chosen action is the smallest-id ready one.
      const done = new Set<number>();
      for (const i of order) {
        const ready = g.ids
          .map((_, k) => k)
          .filter((k) => !done.has(k) && g.predecessors[k]!.every((p) => done.has(p)))
          .map((k) => g.ids[k]!)
          .sort();
        if (ready[0] !== g.ids[i]) return false;
        done.add(i);
      }
      return done.size === g.ids.length;
    }),
    { numRuns: 300, seed: 20261202 },
  );
});

test("property: findCycle is a shortest cycle", () => {
  fc.assert(
    fc.property(randomGraph(false), (g) => {
      const cycle = findCycle(g);
      if (cycle === undefined) return true;
      // No cycle shorter than the one named: no action reaches itself in fewer steps.
      for (let v = 0; v < g.ids.length; v++) {
        let frontier = new Set([v]);
        for (let step = 1; step < cycle.length; step++) {
          const next = new Set<number>();
          for (const u of frontier) for (const s of g.successors[u]!) next.add(s);
          if (next.has(v)) return false;
          frontier = next;
        }
      }
      return true;
    }),
    { numRuns: 300, seed: 20261202 },
  );
});

test.run();
