import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCib } from "../planner/cib/read.ts";
import { writeCib } from "../planner/cib/write.ts";
import type { ClusterState } from "../planner/model.ts";
import { planReference } from "../planner/reference/index.ts";
import { formatSummaryLine, normaliseSummaryText } from "../planner/summary.ts";
import { projectRoot } from "./cli.ts";

interface Scenario {
  description: string;
  expectedSummary: string[];
  cluster: ClusterState;
}

const dir = join(projectRoot, "fixtures", "scenarios");
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(dir, f), "utf8")) as Scenario] as const);

test("the curated scenarios are all there", () => {
  assert.equal(
    scenarios.map(([name]) => name),
    [
      "anticolocated-swap",
      "cl5055-control",
      "cl5055-seed",
      "colocated-dependent",
      "group-migrates",
      "partial-migration",
      "unclean-source",
    ],
  );
});

for (const [name, scenario] of scenarios) {
  test(`scenario ${name}: ${scenario.description}`, () => {
    const transition = planReference(scenario.cluster);
    const summary = transition.summary.map((l) => normaliseSummaryText(formatSummaryLine(l)));
    assert.equal(summary, scenario.expectedSummary);
  });

  test(`scenario ${name}: its CIB beside it is the writer's, and reads back to the same cluster`, () => {
    const xml = readFileSync(join(dir, `${name}.xml`), "utf8");
    assert.is(xml, writeCib(scenario.cluster));
    assert.equal(readCib(xml), scenario.cluster);
  });
}

const edgesOf = (name: string) => {
  const scenario = scenarios.find(([n]) => n === name)![1];
  return planReference(scenario.cluster).edges.map((e) => `${e.first} -> ${e.then}`);
};

test("seed: no action touches mgs, and the migration is ordered to_ → from → source stop → pseudo start", () => {
  assert.equal(edgesOf("cl5055-seed"), [
    "migrate_to:lustre@n1 -> migrate_from:lustre@n2",
    "migrate_from:lustre@n2 -> stop:lustre@n1",
    "stop:lustre@n1 -> start:lustre",
  ]);
});

test("colocated dependent: web starts after vm's migrate_from and stops before vm's migrate_to", () => {
  const edges = edgesOf("colocated-dependent");
  assert.ok(edges.includes("migrate_from:vm@n2 -> start:web@n2"));
  assert.ok(edges.includes("stop:web@n1 -> migrate_to:vm@n1"));
});

test("unclean source: the implied stop waits for the fence, the start waits for the stop", () => {
  assert.equal(edgesOf("unclean-source"), ["stop:vm@n1 -> start:vm@n2", "fence@n1 -> stop:vm@n1"]);
});

test("anti-colocated swap: each start waits for the other's stop on that node", () => {
  const edges = edgesOf("anticolocated-swap");
  assert.ok(edges.includes("stop:b@n2 -> start:a@n2"));
  assert.ok(edges.includes("stop:a@n1 -> start:b@n1"));
});

test("group migration: g2 migrates after g1 has arrived and leaves before g1 leaves", () => {
  const edges = edgesOf("group-migrates");
  assert.ok(edges.includes("migrate_from:g1@n2 -> migrate_to:g2@n1"));
  assert.ok(edges.includes("stop:g2@n1 -> stop:g1@n1"));
});

test.run();
