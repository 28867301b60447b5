/**
 * The reference planner's assignment and actions, on regression fixtures
 * where a violation found by `check` was fixed by doing what crm_simulate
 * does, and on hand-made clusters where a difference the diff campaign found
 * was fixed the same way: the exact Transition Summary, which is the one
 * Pacemaker 2.1.5 prints for the same CIB (checked against the real
 * crm_simulate when it is installed; the oracle half prints `SKIP …` without
 * it, unless PLANCHECK_REQUIRE_PACEMAKER=1).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ClusterState, Planner } from "../planner/model.ts";
import { readCib } from "../planner/cib/read.ts";
import { pacemakerPlanner } from "../planner/pacemaker/planner.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { formatSummaryLine, normaliseSummaryText } from "../planner/summary.ts";
import { clone, cluster, group, location, order, prim } from "../properties/testkit.ts";
import { projectRoot } from "./cli.ts";
import { missingTools, oracleTest } from "./oracle.ts";

/** What each fixture shows, and the summary both planners give it. */
const CASES: { fixture: string; shows: string; summary: string[] }[] = [
  {
    fixture: "converges-80138a8231",
    shows: "a group whose first member an order blocks gives its mandatory dependent nowhere to run",
    summary: ["* Start r1 ( n1 ) due to unrunnable r5 start (blocked)"],
  },
  {
    fixture: "stable-b682083a68",
    shows: "a resource an order blocks takes room where it would run",
    summary: [
      "* Move r1 ( n1 -> n2 )",
      "* Start r2 ( n1 )",
      "* Start r3 ( n1 ) due to unrunnable r4 start (blocked)",
      "* Start r5 ( n2 )",
    ],
  },
  {
    fixture: "stable-313fd2650a",
    shows: "a blocked primary still repels its anti-colocated dependent from where it would run",
    summary: [
      "* Start r2 ( n2 ) due to unrunnable r1 start (blocked)",
      "* Start r3 ( n3 )",
      "* Start r4 ( n4 )",
      "* Start r5 ( n3 )",
      "* Start r6 ( n3 )",
    ],
  },
  {
    fixture: "stable-cc5b80043c",
    shows: "a dependent's wish that a small colocation score rounds to zero still counts 1 for its primary",
    summary: ["* Start r1 ( n1 )", "* Start r2 ( n1 )", "* Start r3 ( n1 )"],
  },
  {
    fixture: "no-restart-on-migration-aa0c92e684",
    shows: "what follows a migrating resource's start waits for its migrate_from only, so its dependent migrates too",
    summary: ["* Migrate r1 ( n1 -> n2 )", "* Migrate r2 ( n1 -> n2 )", "* Start r3 ( n1 )"],
  },
  {
    fixture: "deterministic-d9aa7423d4",
    shows: "the clone's healthy instance takes the new node, its failed one stops, and what it orders may migrate",
    summary: ["* Migrate r1 ( n1 -> n2 )", "* Move r2:0 ( n1 -> n3 )", "* Stop r2:1 ( n2 ) due to node availability"],
  },
];

/** An interleaved clone (what the testkit's clones are not). */
const interleaved = (id: string, child: Parameters<typeof clone>[1]) => ({ ...clone(id, child), interleave: true });

/**
 * Hand-made clusters on what restarts a resource ordered after a clone, or a
 * clone ordered after a resource, where it stays (every order Mandatory and
 * symmetrical, start then start).
 */
const RESTARTS: { shows: string; cluster: ClusterState; summary: string[] }[] = [
  {
    shows: "a clone's new instance restarts the dependent primitive on its node only",
    cluster: cluster({
      nodes: ["n1", "n2", "n3", "n4"],
      resources: [prim("r1"), prim("r2"), clone("c4", prim("r4"), 3)],
      constraints: [
        order("o-c4-r1", "c4", "r1"),
        order("o-c4-r2", "c4", "r2"),
        location("l-c4-n4", "c4", "n4", -1_000_000),
        location("l-r1-n3", "r1", "n3", 100),
        location("l-r2-n4", "r2", "n4", 100),
      ],
      active: [["r1", "n3"], ["r2", "n4"], ["r4", "n1"], ["r4", "n2"]],
    }),
    summary: ["* Restart r1 ( n3 ) due to required c4 running", "* Start r4:2 ( n3 )"],
  },
  {
    shows: "a clone starting from nothing leaves the dependent primitive running where no instance starts",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [prim("r1"), clone("c4", prim("r4"))],
      constraints: [order("o-c4-r1", "c4", "r1"), location("l-c4-n3", "c4", "n3", -1_000_000), location("l-r1-n3", "r1", "n3", 100)],
      active: [["r1", "n3"]],
    }),
    summary: ["* Start r4:0 ( n1 )", "* Start r4:1 ( n2 )"],
  },
  {
    shows: "a primitive's fresh start restarts every instance of the clone that follows it",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [prim("r2"), clone("c3", prim("r3"))],
      constraints: [order("o-r2-c3", "r2", "c3")],
      active: [["r3", "n1"], ["r3", "n2"]],
    }),
    summary: [
      "* Start r2 ( n1 )",
      "* Restart r3:0 ( n1 ) due to required r2 start",
      "* Restart r3:1 ( n2 ) due to required r2 start",
      "* Start r3:2 ( n3 )",
    ],
  },
  {
    shows: "a clone's new instance restarts every instance of a clone that follows it, of an interleaved one only the instance on its node",
    cluster: cluster({
      nodes: ["n1", "n2", "n3"],
      resources: [
        clone("c2", prim("r2")),
        clone("c3", prim("r3")),
        interleaved("c5", prim("r5")),
        interleaved("c6", group("g6", [prim("a"), prim("b")])),
        interleaved("c7", prim("r7")),
      ],
      constraints: [order("o-c2-c3", "c2", "c3"), order("o-c2-c5", "c2", "c5"), order("o-c6-c7", "c6", "c7")],
      active: [
        ...(["r2", "a", "b"] as const).flatMap((r) => [[r, "n1"], [r, "n2"]] as [string, string][]),
        ...(["r3", "r5", "r7"] as const).flatMap((r) => [[r, "n1"], [r, "n2"], [r, "n3"]] as [string, string][]),
      ],
    }),
    summary: [
      "* Start r2:2 ( n3 )",
      "* Restart r3:0 ( n1 ) due to required c2 running",
      "* Restart r3:1 ( n2 ) due to required c2 running",
      "* Restart r3:2 ( n3 ) due to required c2 running",
      "* Restart r5:2 ( n3 ) due to required r2:2 start",
      "* Start a:2 ( n3 )",
      "* Start b:2 ( n3 )",
      "* Restart r7:2 ( n3 ) due to required g6:2 running",
    ],
  },
];

const cibOf = (fixture: string) => readCib(readFileSync(join(projectRoot, "fixtures", "regressions", `${fixture}.xml`), "utf8"));
const summaryOf = (planner: Planner, fixture: string) => summaryOfCluster(planner, cibOf(fixture));
const summaryOfCluster = (planner: Planner, c: ClusterState) => planner.plan(c).summary.map((l) => normaliseSummaryText(formatSummaryLine(l)));

const reference = referencePlanner();
for (const c of CASES) {
  test(`reference ${c.fixture}: ${c.shows}`, () => {
    assert.equal(summaryOf(reference, c.fixture), c.summary);
  });
}
for (const c of RESTARTS) {
  test(`reference: ${c.shows}`, () => {
    assert.equal(summaryOfCluster(reference, c.cluster), c.summary);
  });
}

const missing = missingTools();
oracleTest("crm_simulate gives every one of these fixtures the same summary", missing, () => {
  const pacemaker = pacemakerPlanner();
  for (const c of CASES) assert.equal(summaryOf(pacemaker, c.fixture), c.summary, c.fixture);
});

oracleTest("crm_simulate restarts what follows a clone, and the clone that follows a primitive, as the reference does", missing, () => {
  const pacemaker = pacemakerPlanner();
  for (const c of RESTARTS) assert.equal(summaryOfCluster(pacemaker, c.cluster), c.summary, c.shows);
});

test.run();
