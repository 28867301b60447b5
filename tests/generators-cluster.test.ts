/**
 * Generated clusters are well-formed, reproducible, sized as asked, and mixed
 * so that migrating resources with dependents dominate.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { clusterArbitrary, caseFeatures, resolveClusterOptions, shapeArbitrary, type ShapeName } from "../generators/index.ts";
import { primitivesOf, type ClusterState, type OrderConstraint } from "../planner/model.ts";

const SHAPES: ShapeName[] = ["migration-dependents", "anti-colocation-swap", "unclean-migration", "standby-drain", "random"];

/** Everything wrong with a cluster, as sentences; empty when well-formed. */
function problems(c: ClusterState, limits: { maxNodes: number; maxResources: number }): string[] {
  const out: string[] = [];
  const nodes = new Map(c.nodes.map((n) => [n.name, n]));
  if (c.nodes.length < 2 || c.nodes.length > limits.maxNodes) out.push(`${c.nodes.length} nodes`);
  if (nodes.size !== c.nodes.length || new Set(c.nodes.map((n) => n.id)).size !== c.nodes.length) out.push("duplicate node");
  const primitives = primitivesOf(c.resources);
  if (primitives.length > limits.maxResources) out.push(`${primitives.length} primitives`);
  const topLevel = new Set(c.resources.map((r) => r.id));
  const ids = [
    ...c.resources.filter((r) => r.kind !== "primitive").map((r) => r.id),
    ...c.resources.flatMap((r) => (r.kind === "clone" && r.child.kind === "group" ? [r.child.id] : [])),
    ...primitives.map((p) => p.id),
    ...c.constraints.map((k) => k.id),
    ...c.constraints.flatMap((k) => (k.kind === "location" ? (k.rules ?? []).map((r) => r.id) : [])),
  ];
  if (new Set(ids).size !== ids.length) out.push(`duplicate ids in ${ids.join(" ")}`);
  for (const k of c.constraints) {
    if (k.kind === "location") {
      if (!topLevel.has(k.resource)) out.push(`${k.id}: unknown resource`);
      if ((k.node === undefined) === (k.rules === undefined)) out.push(`${k.id}: needs a node or rules`);
      if (k.node !== undefined && (!nodes.has(k.node) || k.score === undefined)) out.push(`${k.id}: bad node/score`);
      for (const e of (k.rules ?? []).flatMap((r) => r.expressions)) {
        if (e.attribute !== "#uname" || !nodes.has(e.value ?? "")) out.push(`${k.id}: bad rule`);
      }
    } else if (k.kind === "colocation") {
      if (!topLevel.has(k.resource) || !topLevel.has(k.withResource) || k.resource === k.withResource) out.push(`${k.id}: bad refs`);
    } else if (k.kind === "ticket") {
      out.push(`${k.id}: generators make no tickets`);
    } else {
      if (!topLevel.has(k.first) || !topLevel.has(k.then) || k.first === k.then) out.push(`${k.id}: bad refs`);
      if (k.orderKind === "Serialize" && k.symmetrical) out.push(`${k.id}: symmetrical Serialize`);
    }
  }
  if (orderCycle(c) !== undefined) out.push(`order cycle through ${orderCycle(c)}`);
  const primitiveIds = new Set(primitives.map((p) => p.id));
  const activeAt = (resource: string, node: string): boolean => c.status.active.some((a) => a.resource === resource && a.node === node);
  const seen = new Set<string>();
  for (const a of c.status.active) {
    const key = `${a.resource}@${a.node}`;
    if (!primitiveIds.has(a.resource) || !nodes.has(a.node)) out.push(`${key}: unknown`);
    if (nodes.get(a.node)?.membership === "offline") out.push(`${key}: active on an offline node`);
    if (seen.has(key)) out.push(`${key}: twice`);
    seen.add(key);
  }
  for (const m of c.status.migrations) {
    const p = c.resources.find((r) => r.id === m.resource);
    if (p?.kind !== "primitive" || p.meta.allowMigrate !== true) out.push(`${m.resource}: migrates without allow-migrate`);
    if (m.source === m.target || !nodes.has(m.source) || !nodes.has(m.target)) out.push(`${m.resource}: bad migration nodes`);
    if (!activeAt(m.resource, m.source) || activeAt(m.resource, m.target) !== (m.stage === "dangling")) {
      out.push(`${m.resource}: ${m.stage} migration with inconsistent placements`);
    }
  }
  for (const f of c.status.failed) {
    if (!primitiveIds.has(f.resource) || !nodes.has(f.node)) out.push(`failed ${f.resource}@${f.node}: unknown`);
    if (f.activeAfter !== activeAt(f.resource, f.node)) out.push(`failed ${f.resource}@${f.node}: activeAfter disagrees with placement`);
  }
  for (const f of c.status.failCounts) {
    if (!primitiveIds.has(f.resource) || !nodes.has(f.node) || f.count < 1) out.push(`fail count ${f.resource}@${f.node}: bad`);
  }
  return out;
}

/**
 * A cycle among the actions the orders tie together (each order's edge, its
 * symmetrical inverse, and every resource's stop before its start), or
 * undefined when there is none.
 */
function orderCycle(c: ClusterState): string | undefined {
  const inverse = { start: "stop", stop: "start", promote: "demote", demote: "promote" } as const;
  const edges = new Map<string, string[]>();
  const add = (from: string, to: string): void => void edges.set(from, [...(edges.get(from) ?? []), to]);
  for (const r of c.resources) add(`${r.id}:stop`, `${r.id}:start`);
  for (const o of c.constraints.filter((k): k is OrderConstraint => k.kind === "order")) {
    add(`${o.first}:${o.firstAction}`, `${o.then}:${o.thenAction}`);
    if (o.symmetrical) add(`${o.then}:${inverse[o.thenAction]}`, `${o.first}:${inverse[o.firstAction]}`);
  }
  const state = new Map<string, "open" | "done">();
  const visit = (v: string): string | undefined => {
    if (state.get(v) === "open") return v;
    if (state.get(v) === "done") return undefined;
    state.set(v, "open");
    for (const w of edges.get(v) ?? []) {
      const found = visit(w);
      if (found !== undefined) return found;
    }
    state.set(v, "done");
    return undefined;
  };
  for (const v of edges.keys()) {
    const found = visit(v);
    if (found !== undefined) return found;
  }
  return undefined;
}

test("the cycle check finds a start-order against a stop-order's inverse", () => {
  const [c] = fc.sample(shapeArbitrary("random"), { seed: 1, numRuns: 1 });
  const order = (id: string, first: string, then: string, action: "start" | "stop"): OrderConstraint => ({
    kind: "order", id, first, firstAction: action, then, thenAction: action, orderKind: "Mandatory", symmetrical: true,
  });
  const cluster: ClusterState = {
    ...c!,
    resources: [
      { kind: "primitive", id: "a", agent: "x", meta: {} },
      { kind: "primitive", id: "b", agent: "x", meta: {} },
    ],
    constraints: [order("o1", "a", "b", "start")],
  };
  assert.is(orderCycle(cluster), undefined);
  assert.is(orderCycle({ ...cluster, constraints: [order("o1", "a", "b", "start"), order("o2", "b", "a", "stop")] }), undefined);
  assert.ok(orderCycle({ ...cluster, constraints: [order("o1", "a", "b", "start"), order("o2", "a", "b", "stop")] }));
});

test("clusters of the default mix are well-formed", () => {
  for (const c of fc.sample(clusterArbitrary(), { seed: 7, numRuns: 1000 })) {
    assert.equal(problems(c, { maxNodes: 8, maxResources: 8 }), [], JSON.stringify(c));
  }
});

test("clusters of every shape, at every size, are well-formed", () => {
  for (const shape of SHAPES) {
    for (const limits of [{ maxNodes: 2, maxResources: 1 }, { maxNodes: 3, maxResources: 5 }, { maxNodes: 12, maxResources: 16 }]) {
      for (const c of fc.sample(shapeArbitrary(shape, limits), { seed: 11, numRuns: 200 })) {
        assert.equal(problems(c, limits), [], `${shape} ${JSON.stringify(limits)}: ${JSON.stringify(c)}`);
      }
    }
  }
});

test("the same seed gives the same clusters, another seed others", () => {
  const arb = clusterArbitrary({ maxNodes: 5, maxResources: 6 });
  const first = fc.sample(arb, { seed: 42, numRuns: 100 });
  assert.equal(fc.sample(arb, { seed: 42, numRuns: 100 }), first);
  assert.equal(fc.sample(clusterArbitrary({ maxNodes: 5, maxResources: 6 }), { seed: 42, numRuns: 100 }), first);
  assert.not.equal(fc.sample(arb, { seed: 43, numRuns: 100 }), first);
});

test("sizes span the limits", () => {
  const clusters = fc.sample(clusterArbitrary({ maxNodes: 4, maxResources: 5 }), { seed: 3, numRuns: 1000 });
  const nodeCounts = new Set(clusters.map((c) => c.nodes.length));
  const primitiveCounts = new Set(clusters.map((c) => primitivesOf(c.resources).length));
  assert.equal([...nodeCounts].sort(), [2, 3, 4]);
  assert.ok(primitiveCounts.has(5) && primitiveCounts.has(2), [...primitiveCounts].join(","));
  const large = fc.sample(clusterArbitrary({ maxNodes: 20, maxResources: 30 }), { seed: 3, numRuns: 300 });
  assert.ok(Math.max(...large.map((c) => c.nodes.length)) > 15);
  assert.ok(Math.max(...large.map((c) => primitivesOf(c.resources).length)) > 25);
});

test("options are validated and defaulted", () => {
  assert.equal(resolveClusterOptions().maxNodes, 8);
  assert.equal(resolveClusterOptions().maxResources, 8);
  assert.equal(resolveClusterOptions({ shapes: { random: 0 } }).shapes.random, 0);
  assert.throws(() => resolveClusterOptions({ maxNodes: 1 }), RangeError);
  assert.throws(() => resolveClusterOptions({ maxResources: 0 }), RangeError);
  assert.throws(() => resolveClusterOptions({ maxNodes: 2.5 }), RangeError);
  assert.throws(() => resolveClusterOptions({ shapes: { random: -1 } }), RangeError);
  const none = { "migration-dependents": 0, "anti-colocation-swap": 0, "unclean-migration": 0, "standby-drain": 0, random: 0 };
  assert.throws(() => resolveClusterOptions({ shapes: none }), RangeError);
});

/** The share of clusters with a feature, in percent. */
function share(clusters: readonly ClusterState[], feature: string): number {
  return (100 * clusters.filter((c) => caseFeatures(c).includes(feature as never)).length) / clusters.length;
}

test("in the default mix at least 40% of cases migrate a resource that has a dependent", () => {
  for (const seed of [1, 2, 3]) {
    const clusters = fc.sample(clusterArbitrary(), { seed, numRuns: 1000 });
    const percent = share(clusters, "migration-with-dependent");
    assert.ok(percent >= 40, `seed ${seed}: ${percent}%`);
  }
});

test("each shape mostly yields what it is named after", () => {
  const expect: [ShapeName, string, number][] = [
    ["migration-dependents", "migration-with-dependent", 75],
    ["unclean-migration", "unclean-node", 85],
    ["unclean-migration", "migration-candidate", 60],
    ["anti-colocation-swap", "anti-colocation", 85],
    ["standby-drain", "standby-drain", 80],
  ];
  for (const [shape, feature, atLeast] of expect) {
    const percent = share(fc.sample(shapeArbitrary(shape), { seed: 5, numRuns: 1000 }), feature);
    assert.ok(percent >= atLeast, `${shape}: ${feature} in ${percent}%`);
  }
});

test("a shape weighted alone is the only shape drawn", () => {
  const clusters = fc.sample(
    clusterArbitrary({ shapes: { "migration-dependents": 0, "anti-colocation-swap": 0, "unclean-migration": 0, "standby-drain": 1, random: 0 } }),
    { seed: 9, numRuns: 300 },
  );
  assert.ok(share(clusters, "standby-drain") >= 80);
  assert.ok(share(clusters, "migration-with-dependent") < 30);
});

test("generation speed", () => {
  const arb = clusterArbitrary();
  fc.sample(arb, { seed: 0, numRuns: 1000 });
  const runs = 5000;
  const start = performance.now();
  fc.sample(arb, { seed: 1, numRuns: runs });
  const perSecond = Math.round(runs / ((performance.now() - start) / 1000));
  console.log(`  generation: ${perSecond} clusters/s (default options)`);
  assert.ok(perSecond > 100, `${perSecond} clusters/s`);
});

test.run();
