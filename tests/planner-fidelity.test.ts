/**
 * The reference planner's assignment and actions, on regression fixtures
 * where a violation found by `check` was fixed by doing what crm_simulate
 * does, and on small CIBs of disagreements found by `diff` and fixed the same
 * way: the exact Transition Summary, which is the one Pacemaker 2.1.5
 * prints for the same CIB (checked against the real crm_simulate when it is
 * installed; the oracle half prints `SKIP …` without it, unless
 * PLANCHECK_REQUIRE_PACEMAKER=1).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Planner } from "../planner/model.ts";
import { readCib } from "../planner/cib/read.ts";
import { pacemakerPlanner } from "../planner/pacemaker/planner.ts";
import { referencePlanner } from "../planner/reference/index.ts";
import { formatSummaryLine, normaliseSummaryText } from "../planner/summary.ts";
import { projectRoot } from "./cli.ts";
import { missingTools, oracleTest } from "./oracle.ts";

/**
 * What each fixture shows, and the summary both planners give it. A fixture
 * is in fixtures/regressions unless `dir` names another folder of fixtures/
 * (`fidelity`: small CIBs of a disagreement the diff campaign found).
 */
const CASES: { fixture: string; dir?: string; shows: string; summary: string[] }[] = [
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
  {
    fixture: "finite-colocation-after-mandatory",
    dir: "fidelity",
    shows: "the mandatory colocation with r1 weighs first, and the finite anti-colocation with r1 is dropped where it would leave r2 nowhere to run",
    summary: ["* Migrate r1 ( n1 -> n2 )", "* Migrate r2 ( n1 -> n2 )"],
  },
  {
    fixture: "anticolocation-with-clone-instances",
    dir: "fidelity",
    shows: "a finite anti-colocation with a clone weighs its instances in turn, each dropped where it would leave the dependent nowhere to run",
    summary: ["* Start R ( n1 )"],
  },
  {
    fixture: "clone-anticolocated-per-instance",
    dir: "fidelity",
    shows: "a clone's finite anti-colocation is weighed for each instance in turn, with the nodes of the instances before it taken",
    summary: ["* Start B:0 ( n3 )", "* Start B:1 ( n2 )"],
  },
  {
    fixture: "multiply-active-blocked-stop",
    dir: "fidelity",
    shows: "a primitive active on two nodes that an order keeps from starting stops on both under one line, from the node whose history comes first",
    summary: ["* Stop r2 ( n1 ) due to unrunnable r1 start"],
  },
];

const cibOf = (fixture: string, dir = "regressions") => readCib(readFileSync(join(projectRoot, "fixtures", dir, `${fixture}.xml`), "utf8"));
const summaryOf = (planner: Planner, fixture: string, dir?: string) =>
  planner.plan(cibOf(fixture, dir)).summary.map((l) => normaliseSummaryText(formatSummaryLine(l)));

const reference = referencePlanner();
for (const c of CASES) {
  test(`reference ${c.fixture}: ${c.shows}`, () => {
    assert.equal(summaryOf(reference, c.fixture, c.dir), c.summary);
  });
}

const missing = missingTools();
oracleTest("crm_simulate gives every one of these fixtures the same summary", missing, () => {
  const pacemaker = pacemakerPlanner();
  for (const c of CASES) assert.equal(summaryOf(pacemaker, c.fixture, c.dir), c.summary, c.fixture);
});

test.run();
