import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import type { ClusterState } from "../planner/model.ts";
import type { FaultId } from "../planner/reference/faults.ts";
import { FAULT_IDS } from "../planner/reference/faults.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { PROPERTIES } from "../properties/catalog.ts";
import type { Violation } from "../properties/property.ts";
import { cluster, colocation, location, order, prim } from "../properties/testkit.ts";

const INF = 1_000_000;
const scenarioDir = new URL("../fixtures/scenarios/", import.meta.url);
const scenario = (name: string): ClusterState => JSON.parse(readFileSync(new URL(`${name}.json`, scenarioDir), "utf8")).cluster;

/** Every property's violations for a cluster planned by the reference planner with the given faults. */
function verdicts(c: ClusterState, faults: FaultId[] = []): Map<string, Violation[]> {
  const planner = referencePlanner(faults);
  const t = planner.plan(c);
  const out = new Map<string, Violation[]>();
  for (const p of PROPERTIES) {
    const v = p.check({ cluster: c, transition: t, planner });
    if (v.length > 0) out.set(p.id, v);
  }
  return out;
}

for (const file of readdirSync(scenarioDir).filter((f) => f.endsWith(".json")).sort()) {
  const name = file.replace(/\.json$/, "");
  test(`scenario ${name}: the reference planner holds every property`, () => {
    const v = verdicts(scenario(name));
    assert.equal([...v.keys()], [], [...v.values()].flat().map((x) => x.explanation).join("\n"));
  });
}

const seed = scenario("cl5055-seed");
const control = scenario("cl5055-control");
const move = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], constraints: [location("pref", "a", "n2", INF)], active: [["a", "n1"]] });
const startsWithMigration = cluster({
  nodes: ["n1", "n2"],
  resources: [prim("lustre", { allowMigrate: true }), prim("mgs")],
  constraints: [order("mgs-after-lustre", "lustre", "mgs"), location("pref", "lustre", "n2", INF), location("mgs-n2", "mgs", "n2", 100)],
  active: [["lustre", "n1"]],
});
const swap = cluster({
  nodes: ["n1", "n2"],
  resources: [prim("a"), prim("b")],
  constraints: [colocation("apart", "a", "b", -INF), location("a-n2", "a", "n2", INF), location("b-n1", "b", "n1", 500)],
  active: [["a", "n1"], ["b", "n2"]],
});
const tie = cluster({ nodes: ["n1", "n2", "n3"], resources: [prim("a")] });
const stay = cluster({ nodes: ["n1", "n2"], resources: [prim("a")], active: [["a", "n1"]] });

/** Each fault, a hand-made cluster that shows it, and the properties that must catch it there. */
const MATRIX: [FaultId, string, ClusterState, string[]][] = [
  ["late-migration", "cl#5055 seed", seed, ["no-restart-on-migration", "no-needless-actions"]],
  ["no-inverse-order", "cl#5055 control (lustre moves, mgs restarts)", control, ["order-respected", "dependency-held"]],
  ["start-before-stop", "a moves n1 → n2", move, ["transient-safety"]],
  ["unordered-migration", "cl#5055 seed", seed, ["migration-protocol"]],
  ["anticolocation-unordered", "a and b swap nodes", swap, ["transient-safety"]],
  ["no-fencing", "unclean-source scenario", scenario("unclean-source"), ["fencing-first"]],
  ["unstable-tiebreak", "one resource, three tied nodes", tie, ["deterministic"]],
  ["eager-restart", "cl#5055 seed", seed, ["no-needless-actions"]],
  ["mirror-both-ways", "lustre migrates while mgs starts after it", startsWithMigration, ["graph-acyclic"]],
  ["forget-stop", "a moves n1 → n2", move, ["converges", "transient-safety"]],
  ["prefer-elsewhere", "a alone on two tied nodes", stay, ["stable"]],
];

test("the matrix covers every fault mode", () => {
  assert.equal(MATRIX.map(([f]) => f).sort(), [...FAULT_IDS].sort());
});

for (const [fault, what, c, expected] of MATRIX) {
  test(`fault ${fault} is caught by ${expected.join(", ")} on: ${what}`, () => {
    assert.equal([...verdicts(c).keys()], [], "the cluster holds every property without the fault");
    const caught = verdicts(c, [fault]);
    for (const id of expected) assert.ok(caught.has(id), `${id} should catch ${fault}; caught by: ${[...caught.keys()].join(", ")}`);
  });
}

test("every property catches some fault in the matrix", () => {
  const caughtBy = new Set<string>();
  for (const [fault, , c] of MATRIX) for (const id of verdicts(c, [fault]).keys()) caughtBy.add(id);
  assert.equal(PROPERTIES.map((p) => p.id).filter((id) => !caughtBy.has(id)), []);
});

test.run();
