import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { Action, Placement } from "../planner/model.ts";
import { indexGraph } from "../planner/graph/dag.ts";
import { applyAction, initialState } from "../planner/graph/execute.ts";
import { MAX_BRUTE_FORCE, downsets, linearisations, reachableStates, stateKey } from "../planner/graph/enumerate.ts";

const pseudo = (id: string): Action => ({ id, task: "running", pseudo: true });
const graph = (ids: string[], edges: [string, string][]) =>
  indexGraph({ actions: ids.map(pseudo), edges: edges.map(([first, then]) => ({ first, then })) });
const started = (resource: string, node: string): Placement => ({ resource, node, role: "Started" });

test("linearisations and downsets of small shapes, exactly", () => {
  const antichain = graph(["a", "b", "c"], []);
  assert.equal([...linearisations(antichain)], [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]);
  assert.equal(downsets(antichain), [0, 1, 2, 3, 4, 5, 6, 7]);
  const chain = graph(["a", "b", "c"], [["b", "a"], ["a", "c"]]);
  assert.equal([...linearisations(chain)], [[1, 0, 2]]);
  assert.equal(downsets(chain), [0, 0b010, 0b011, 0b111]);
  const diamond = graph(["a", "b", "c", "d"], [["a", "b"], ["a", "c"], ["b", "d"], ["c", "d"]]);
  assert.equal([...linearisations(diamond)], [[0, 1, 2, 3], [0, 2, 1, 3]]);
  assert.equal(downsets(diamond), [0, 0b0001, 0b0011, 0b0101, 0b0111, 0b1111]);
});

test("a cyclic graph has no linearisation; its downsets exclude the cycle", () => {
  const g = graph(["a", "b", "c"], [["a", "b"], ["b", "a"]]);
  assert.equal([...linearisations(g)], []);
  assert.equal(downsets(g), [0, 0b100]);
});

test("reachableStates of the migration graph: five states, the window among them", () => {
  const actions: Action[] = [
    { id: "migrate_to:r@n1", task: "migrate_to", resource: "r", node: "n1", pseudo: false },
    { id: "migrate_from:r@n2", task: "migrate_from", resource: "r", node: "n2", pseudo: false },
    { id: "stop:r@n1", task: "stop", resource: "r", node: "n1", pseudo: false },
    { id: "start:r", task: "start", resource: "r", pseudo: true },
  ];
  const g = indexGraph({
    actions,
    edges: [
      { first: "migrate_to:r@n1", then: "migrate_from:r@n2" },
      { first: "migrate_from:r@n2", then: "stop:r@n1" },
      { first: "stop:r@n1", then: "start:r" },
    ],
  });
  const states = reachableStates({ active: [started("r", "n1")], failed: [], failCounts: [], migrations: [] }, g);
  assert.equal(
    states.map((s) => [s.completed, stateKey(s.state)]),
    [
      [0, "r@n1:Started|"],
      [0b0001, "r@n1:Started|"],
      [0b0011, "r@n1:Started,r@n2:Started|"],
      [0b0111, "r@n2:Started|"],
      [0b1111, "r@n2:Started|"],
    ],
  );
});

test("a race shows as one set of completed actions with two states", () => {
  const g = indexGraph({
    actions: [
      { id: "start:r@n1", task: "start", resource: "r", node: "n1", pseudo: false },
      { id: "stop:r@n1", task: "stop", resource: "r", node: "n1", pseudo: false },
    ],
    edges: [],
  });
  const states = reachableStates({ active: [], failed: [], failCounts: [], migrations: [] }, g);
  assert.equal(
    states.filter((s) => s.completed === 0b11).map((s) => stateKey(s.state)).sort(),
    ["r@n1:Started|", "|"],
  );
});

test("graphs above the limit are refused", () => {
  const g = graph(Array.from({ length: MAX_BRUTE_FORCE + 1 }, (_, i) => `a${i}`), []);
  assert.throws(() => downsets(g), /limited to/);
  assert.throws(() => [...linearisations(g)], /limited to/);
});

/** Random DAGs of up to 7 pseudo actions, edges oriented by position. */
const smallDag = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }).map((pairs) =>
    graph(
      Array.from({ length: n }, (_, i) => `a${i}`),
      pairs.filter(([x, y]) => x !== y).map(([x, y]) => [`a${Math.min(x, y)}`, `a${Math.max(x, y)}`]),
    ),
  ),
);

test("property: linearisations are exactly the orders respecting every edge; their prefixes are exactly the downsets", () => {
  fc.assert(
    fc.property(smallDag, (g) => {
      const n = g.ids.length;
      const orders = [...linearisations(g)];
      const keys = new Set(orders.map((o) => o.join()));
      assert.is(keys.size, orders.length, "no order twice");
      // Every permutation respecting the edges is listed, and nothing else.
      let valid = 0;
      const permute = (prefix: number[], rest: number[]): void => {
        if (rest.length === 0) {
          const pos = new Map(prefix.map((a, k) => [a, k]));
          const ok = g.successors.every((ss, a) => ss.every((b) => pos.get(a)! < pos.get(b)!));
          if (ok) valid++;
          assert.is(keys.has(prefix.join()), ok, prefix.join());
          return;
        }
        rest.forEach((x, k) => permute([...prefix, x], [...rest.slice(0, k), ...rest.slice(k + 1)]));
      };
      permute([], Array.from({ length: n }, (_, i) => i));
      assert.is(orders.length, valid);
      const prefixes = new Set<number>();
      for (const o of orders) {
        let mask = 0;
        prefixes.add(mask);
        for (const a of o) prefixes.add((mask |= 1 << a));
      }
      assert.equal([...prefixes].sort((a, b) => a - b), downsets(g));
    }),
    { numRuns: 300, seed: 20261202 },
  );
});

test("property: reachableStates are exactly the states after prefixes of linearisations", () => {
  const resources = ["r", "q"];
  const nodes = ["n1", "n2"];
  const action = fc.oneof(
    fc.tuple(fc.constantFrom("start", "stop", "migrate_from", "promote"), fc.constantFrom(...resources), fc.constantFrom(...nodes)).map(
      ([task, resource, node]): Action => ({ id: `${task}:${resource}@${node}`, task: task as Action["task"], resource, node, pseudo: false }),
    ),
    fc.constantFrom(...nodes).map((node): Action => ({ id: `fence@${node}`, task: "fence", node, pseudo: false })),
  );
  fc.assert(
    fc.property(
      fc.uniqueArray(action, { minLength: 1, maxLength: 6, selector: (a) => a.id }),
      fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 8 }),
      fc.subarray(resources.flatMap((r) => nodes.map((n) => started(r, n)))),
      (actions, pairs, active) => {
        const edges = pairs
          .filter(([x, y]) => x !== y && Math.max(x, y) < actions.length)
          .map(([x, y]) => ({ first: actions[Math.min(x, y)]!.id, then: actions[Math.max(x, y)]!.id }));
        const g = indexGraph({ actions, edges });
        const s = { active, failed: [], failCounts: [], migrations: [] };
        const expected = new Set<string>();
        for (const order of linearisations(g)) {
          const state = initialState(s);
          let mask = 0;
          expected.add(`${mask}|${stateKey(state)}`);
          for (const i of order) {
            applyAction(state, g.actions[i]!);
            mask |= 1 << i;
            expected.add(`${mask}|${stateKey(state)}`);
          }
        }
        const got = reachableStates(s, g).map((r) => `${r.completed}|${stateKey(r.state)}`);
        assert.is(got.length, new Set(got).size, "no state twice");
        assert.equal(got.sort(), [...expected].sort());
      },
    ),
    { numRuns: 300, seed: 20261202 },
  );
});

test.run();
