/**
 * Shrinking: a cl#5055-type case (an allow-migrate resource pulled away from
 * where it runs, with a resource ordered after it) shrinks, from the default
 * mix or from any single shape, to the thread's example: two nodes, two
 * primitives, one location and one order constraint.
 */
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { caseFeatures, clusterArbitrary, shapeArbitrary, type ShapeName } from "../generators/index.ts";
import { primitivesOf, type ClusterState, type Transition } from "../planner/model.ts";
import { planReference } from "../planner/reference/index.ts";

/** Runs the "no migrating resource has a dependent" predicate and returns the shrunk counterexample. */
function shrunk(arb: fc.Arbitrary<ClusterState>, seed: number): ClusterState {
  const details = fc.check(
    fc.property(arb, (c) => !caseFeatures(c).includes("migration-with-dependent")),
    { seed, numRuns: 2000 },
  );
  assert.ok(details.failed, `seed ${seed}: no case found`);
  return details.counterexample![0];
}

function assertMinimal(c: ClusterState, label: string): void {
  const context = `${label}: ${JSON.stringify(c)}`;
  assert.is(c.nodes.length, 2, context);
  assert.is(c.resources.length, 2, context);
  assert.is(primitivesOf(c.resources).length, 2, context);
  assert.equal(c.constraints.map((k) => k.kind).sort(), ["location", "order"], context);
}

test("from the default mix, a migrating resource with a dependent shrinks to 2 nodes, 2 resources, 2 constraints", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) assertMinimal(shrunk(clusterArbitrary(), seed), `seed ${seed}`);
});

test("the shrunk case is the thread's example, in its plainest form", () => {
  const c = shrunk(clusterArbitrary(), 1);
  assert.equal(c.resources, [
    { kind: "primitive", id: "r1", agent: "ocf:pacemaker:Dummy", meta: { allowMigrate: true } },
    { kind: "primitive", id: "r2", agent: "ocf:pacemaker:Dummy", meta: {} },
  ]);
  assert.equal(c.constraints, [
    { kind: "location", id: "loc-r1-n2", resource: "r1", node: "n2", score: 1_000_000 },
    {
      kind: "order",
      id: "ord-r1-r2",
      first: "r1",
      firstAction: "start",
      then: "r2",
      thenAction: "start",
      orderKind: "Mandatory",
      symmetrical: true,
    },
  ]);
  assert.equal(c.status, { active: [{ resource: "r1", node: "n1", role: "Started" }], failed: [], failCounts: [], migrations: [] });
  assert.equal(
    c.nodes.map((n) => [n.membership, n.standby]),
    [
      ["online", false],
      ["online", false],
    ],
  );
  assert.equal(c.options.defaultStickiness, 0);
});

test("every shape shrinks such a case just as far", () => {
  const shapes: ShapeName[] = ["migration-dependents", "anti-colocation-swap", "unclean-migration", "standby-drain", "random"];
  for (const shape of shapes) {
    for (const seed of [1, 2]) assertMinimal(shrunk(shapeArbitrary(shape), seed), `${shape} seed ${seed}`);
  }
});

test("shrinking works at other sizes too", () => {
  assertMinimal(shrunk(clusterArbitrary({ maxNodes: 2, maxResources: 2 }), 1), "2x2");
  assertMinimal(shrunk(clusterArbitrary({ maxNodes: 16, maxResources: 20 }), 1), "16x20");
});

test("a property about nodes alone shrinks the resources and constraints away", () => {
  const details = fc.check(
    fc.property(clusterArbitrary(), (c) => !c.nodes.some((n) => n.membership === "unclean")),
    { seed: 4, numRuns: 2000 },
  );
  const c = details.counterexample![0];
  assert.is(c.nodes.length, 2);
  assert.is(c.resources.length, 0);
  assert.is(c.constraints.length, 0);
  assert.equal(c.status.active, []);
});

test("the reference planner's late-migration fault shrinks to the thread's two resources", () => {
  const restarted = (t: Transition): string[] => t.summary.filter((l) => l.verb === "Restart").map((l) => l.subject);
  for (const seed of [3, 4, 5]) {
    const details = fc.check(
      fc.property(
        shapeArbitrary("migration-dependents"),
        (c) => restarted(planReference(c, ["late-migration"])).join() === restarted(planReference(c)).join(),
      ),
      { seed, numRuns: 3000 },
    );
    assert.ok(details.failed, `seed ${seed}: fault not found`);
    const c = details.counterexample![0];
    assertMinimal(c, `seed ${seed}`);
    const mover = c.resources.find((r) => r.kind === "primitive" && r.meta.allowMigrate === true);
    const order = c.constraints.find((k) => k.kind === "order");
    assert.ok(mover !== undefined && order?.kind === "order" && order.first === mover.id);
    // The dependent is a primitive (seeds 3, 5) or a clone of one (seed 4): its one instance restarts.
    const dependent = primitivesOf(c.resources.filter((r) => r.id === order.then)).map((p) => p.id);
    assert.equal(dependent.length, 1, `seed ${seed}: ${order.then} is one primitive or a clone of one`);
    assert.equal(restarted(planReference(c, ["late-migration"])).map((s) => s.replace(/:\d+$/, "")), dependent);
  }
});

test.run();
