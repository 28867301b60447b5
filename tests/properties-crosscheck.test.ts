/**
 * The partial-order decisions behind transient-safety and dependency-held
 * (activity intervals: canOverlap, findState, maxSimultaneous) agree with
 * brute-force enumeration of every reachable state (planner/graph/enumerate.ts)
 * on small random transitions: random actions on three resources and three
 * nodes, a random linear extension, every realise/end pair of one
 * (resource, node) ordered (no races, where intervals are exact), and random
 * further edges along the extension.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { ClusterState, Transition } from "../planner/model.ts";
import { indexGraph } from "../planner/graph/dag.ts";
import { reachableStates } from "../planner/graph/enumerate.ts";
import { placementKey } from "../planner/graph/execute.ts";
import { dependencyHeld } from "../properties/dependency-held.ts";
import { action, check, clone, cluster, colocation, order, prim } from "../properties/testkit.ts";
import { transientSafety } from "../properties/transient-safety.ts";

const NODES = ["n1", "n2", "n3"];
const RESOURCES = ["a", "b", "c"]; // c is an instance of a clone with clone-max 2
const PAIRS = RESOURCES.flatMap((r) => NODES.map((n) => [r, n] as const));

interface Case {
  c: ClusterState;
  t: Transition;
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    initially: fc.array(fc.boolean(), { minLength: PAIRS.length, maxLength: PAIRS.length }),
    starts: fc.array(fc.nat(3).map((x) => x === 0), { minLength: PAIRS.length, maxLength: PAIRS.length }),
    stops: fc.array(fc.boolean(), { minLength: PAIRS.length, maxLength: PAIRS.length }),
    fence: fc.boolean(),
    keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2 * PAIRS.length + 1, maxLength: 2 * PAIRS.length + 1 }),
    extra: fc.array(fc.tuple(fc.nat(30), fc.nat(30)), { maxLength: 16 }),
  })
  .map(({ initially, starts, stops, fence, keys, extra }) => {
    const active: [string, string][] = [];
    PAIRS.forEach(([r, n], k) => {
      const instances = active.filter(([x]) => x === "c").length;
      if (initially[k] && (r !== "c" || instances < 2)) active.push([r, n]);
    });
    const ids: { id: string; key: number }[] = [];
    PAIRS.forEach(([r, n], k) => {
      if (starts[k]) ids.push({ id: `start:${r}@${n}`, key: keys[2 * k]! });
      if (stops[k]) ids.push({ id: `stop:${r}@${n}`, key: keys[2 * k + 1]! });
    });
    if (fence) ids.push({ id: "fence@n3", key: keys[2 * PAIRS.length]! });
    const linear = ids.sort((x, y) => x.key - y.key).slice(0, 12).map((x) => x.id);
    const pos = new Map(linear.map((id, i) => [id, i]));
    const edges: [string, string][] = [];
    const ordered = (x: string, y: string) => (pos.get(x)! < pos.get(y)! ? edges.push([x, y]) : edges.push([y, x]));
    for (const [r, n] of PAIRS) {
      const s = `start:${r}@${n}`;
      if (!pos.has(s)) continue;
      for (const e of [`stop:${r}@${n}`, ...(n === "n3" ? ["fence@n3"] : [])]) if (pos.has(e)) ordered(s, e);
    }
    for (const [i, j] of extra) {
      if (linear.length < 2) break;
      const x = i % linear.length;
      const y = j % linear.length;
      if (x < y) edges.push([linear[x]!, linear[y]!]);
    }
    const c = cluster({
      nodes: NODES,
      resources: [prim("a"), prim("b"), clone("cl", prim("c"), 2)],
      constraints: [order("b-after-a", "a", "b"), colocation("apart", "a", "b", -1_000_000)],
      active,
      fencingEnabled: true,
    });
    const t: Transition = { actions: linear.map(action), edges: edges.map(([first, then]) => ({ first, then })), target: [], summary: [] };
    return { c, t };
  });

/** What brute force says about each decision the two properties make. */
function bruteForce({ c, t }: Case) {
  const g = indexGraph(t);
  const initially = new Set(c.status.active.map((p) => placementKey(p.resource, p.node)));
  const realiser = (r: string, n: string) => g.index.get(`start:${r}@${n}`);
  const realised = (completed: number, r: string, n: string) => {
    const i = realiser(r, n);
    return i !== undefined && (completed & (1 << i)) !== 0;
  };
  const found = { double: new Set<string>(), together: false, dependency: false, cloneMax: false };
  const aWasUp = NODES.some((n) => initially.has(placementKey("a", n)));
  for (const { completed, state } of reachableStates(c.status, g)) {
    const on = (r: string) => NODES.filter((n) => state.active.has(placementKey(r, n)));
    for (const r of ["a", "b"]) {
      const nodes = on(r);
      for (const x of nodes)
        for (const y of nodes) if (x < y && (realised(completed, r, x) || realised(completed, r, y))) found.double.add(r);
    }
    for (const n of NODES)
      if (state.active.has(placementKey("a", n)) && state.active.has(placementKey("b", n)) && (realised(completed, "a", n) || realised(completed, "b", n)))
        found.together = true;
    if (on("a").length === 0) for (const n of on("b")) if (realised(completed, "b", n) || aWasUp) found.dependency = true;
    const cs = on("c");
    if (cs.length > 2 && cs.some((n) => realised(completed, "c", n))) found.cloneMax = true;
  }
  return found;
}

test("transient-safety and dependency-held agree with brute-force enumeration (300 random graphs)", () => {
  let interesting = 0;
  fc.assert(
    fc.property(caseArbitrary, (k) => {
      const brute = bruteForce(k);
      const safety = check(transientSafety, k.c, k.t).map((v) => v.explanation);
      const double = new Set(safety.map((e) => /^(\w+) can be active on \w+ and \w+ at once/.exec(e)?.[1]).filter((r): r is string => r !== undefined));
      const together = safety.some((e) => e.includes("can be active together"));
      const cloneMax = safety.some((e) => e.includes("more than clone-max"));
      const dependency = check(dependencyHeld, k.c, k.t).length > 0;
      if (brute.double.size > 0 || brute.together || brute.dependency || brute.cloneMax) interesting++;
      assert.equal([...double].sort(), [...brute.double].sort(), "double activity");
      assert.is(together, brute.together, "-INFINITY colocation");
      assert.is(cloneMax, brute.cloneMax, "clone-max");
      assert.is(dependency, brute.dependency, "dependency");
    }),
    { numRuns: 300, seed: 20261201 },
  );
  assert.ok(interesting > 50, `only ${interesting} cases exercised a violation`);
});

test.run();
