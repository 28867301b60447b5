import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { clusterArbitrary } from "../generators/cluster.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { PROPERTIES, propertyById } from "../properties/catalog.ts";

const CATALOG = [
  "graph-acyclic",
  "order-respected",
  "dependency-held",
  "no-restart-on-migration",
  "transient-safety",
  "migration-protocol",
  "fencing-first",
  "converges",
  "stable",
  "no-needless-actions",
  "deterministic",
];
const dir = new URL("../properties/", import.meta.url);

test("the catalog lists the eleven properties in DESIGN.md's order, each found by id", () => {
  assert.equal(PROPERTIES.map((p) => p.id), CATALOG);
  for (const id of CATALOG) assert.is(propertyById(id)?.id, id);
  assert.is(propertyById("no-such-property"), undefined);
});

test("one file per property, named by its id, with a doc comment right above the export", () => {
  for (const id of CATALOG) {
    const source = readFileSync(new URL(`${id}.ts`, dir), "utf8");
    const m = /\/\*\*([\s\S]*?)\*\/\s*export const \w+: Property = \{\s*id: ID,/.exec(source);
    assert.ok(m !== null, `${id}.ts: a doc comment right above the exported Property`);
    assert.ok(m![1]!.split("\n").length >= 6, `${id}.ts: the doc comment explains the property in a paragraph`);
    assert.ok(source.includes(`const ID = "${id}";`), `${id}.ts: its id`);
  }
  assert.ok(readdirSync(dir).includes("catalog.ts"));
});

test("statements are single lines, and checks never throw on odd input", () => {
  const planner = referencePlanner();
  const odd = {
    cluster: {
      options: { fencingEnabled: true, symmetricCluster: true, noQuorumPolicy: "stop" as const, haveQuorum: true, defaultStickiness: 0, defaultMigrationThreshold: 0 },
      nodes: [],
      resources: [],
      constraints: [],
      status: { active: [{ resource: "ghost", node: "nowhere", role: "Started" as const }], failed: [], failCounts: [], migrations: [] },
    },
    transition: {
      actions: [{ id: "start:ghost@nowhere", task: "start" as const, resource: "ghost", node: "nowhere", pseudo: false }],
      edges: [{ first: "start:ghost@nowhere", then: "stop:ghost@nowhere" }],
      target: [],
      summary: [],
    },
    planner,
  };
  for (const p of PROPERTIES) {
    assert.not.ok(p.statement.includes("\n"), p.id);
    const v = p.check(odd);
    for (const x of v) assert.is(x.property, p.id);
  }
});

test("speed: all eleven properties on generated clusters (≤ 8 nodes, ≤ 20 resources), CPU time", () => {
  const planner = referencePlanner();
  const clusters = fc.sample(clusterArbitrary({ maxNodes: 8, maxResources: 20 }), { numRuns: 200, seed: 5 });
  const cases = clusters.map((cluster) => ({ cluster, transition: planner.plan(cluster), planner }));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const metamorphic = new Set(["no-restart-on-migration", "stable", "deterministic"]);
  let started = cpu();
  for (const input of cases) for (const p of PROPERTIES) if (!metamorphic.has(p.id)) p.check(input);
  const direct = cases.length / (cpu() - started);
  started = cpu();
  for (const input of cases) for (const p of PROPERTIES) if (metamorphic.has(p.id)) p.check(input);
  const all = cases.length / (cases.length / direct + (cpu() - started));
  console.log(`    ${direct.toFixed(0)} cases/s for the eight direct properties, ${all.toFixed(0)} cases/s for all eleven (re-planning included)`);
  assert.ok(direct > 200, `${direct} cases per second`);
  assert.ok(all > 25, `${all} cases per second`);
});

test.run();
