/**
 * External planner faults in campaigns: a crm_simulate that hangs is killed
 * at the time limit (PLANCHECK_PACEMAKER_TIMEOUT_MS), one that prints garbage
 * is refused, and either way the case is an oracle error, counted and
 * reported with the failing command, never a verdict, while the campaign
 * (check or diff) runs to its end. Fake tools stand in for Pacemaker's, found
 * first on PATH; the one test that mixes hangs with real runs needs the real
 * crm_simulate (SKIP without it, a failure when PLANCHECK_REQUIRE_PACEMAKER=1).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findExecutable } from "../planner/pacemaker/run.ts";
import { runCli } from "./cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "plancheck-oracle-errors-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding fake `crm_simulate` and `crm_verify` scripts; crm_verify always passes. */
function fakeTools(name: string, simulate: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  const write = (tool: string, body: string) => {
    writeFileSync(join(dir, tool), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, tool), 0o755);
  };
  write("crm_simulate", simulate);
  write("crm_verify", "exit 0");
  return dir;
}

/** The environment that puts `dir` first on PATH, with a short time limit. */
function withTools(dir: string, timeoutMs = 300): Record<string, string> {
  return { PATH: `${dir}${delimiter}${process.env["PATH"] ?? ""}`, PLANCHECK_PACEMAKER_TIMEOUT_MS: String(timeoutMs) };
}

const hanging = fakeTools("hanging", "exec sleep 300");
const garbage = fakeTools("garbage", 'echo "garbage, not a simulation"\necho "something broke" >&2');

interface CheckJson {
  ok: boolean;
  runs: number;
  plannerErrors: number;
  firstPlannerError?: { index: number; message: string };
  violations: unknown[];
}

test("check --planner pacemaker with a hanging crm_simulate: every case killed at the limit, reported, exit 3, no fixture", () => {
  const fixtures = join(scratch, "hang-fixtures");
  const started = Date.now();
  const run = runCli(["check", "--planner", "pacemaker", "--runs", "4", "--seed", "1", "--workers", "2", "--fixtures", fixtures, "--json"], withTools(hanging));
  const seconds = (Date.now() - started) / 1000;
  assert.is(run.status, 3, run.stderr);
  const doc = JSON.parse(run.stdout) as CheckJson;
  assert.is(doc.ok, true);
  assert.is(doc.runs, 4);
  assert.is(doc.plannerErrors, 4);
  assert.equal(doc.firstPlannerError, { index: 0, message: "crm_simulate timed out after 300 ms and was killed" });
  assert.equal(doc.violations, []);
  assert.not.ok(existsSync(fixtures), "no fixture folder for a campaign without verdicts");
  // Four hangs of 300 ms each, not four of 300 s: the limit kills each one.
  assert.ok(seconds < 60, `took ${seconds} s`);
});

test("check with a crm_simulate printing garbage: the text report names the error, the command and stderr's tail", () => {
  const run = runCli(["check", "--planner", "pacemaker", "--runs", "2", "--seed", "1", "--workers", "1", "--fixtures", join(scratch, "garbage-fixtures")], withTools(garbage));
  assert.is(run.status, 3, run.stderr);
  const lines = run.stdout.split("\n");
  const at = lines.indexOf("planner errors (not verdicts): 2 of 2 cases");
  assert.ok(at > 0, run.stdout);
  assert.is(lines[at + 1], "  first, case 0: crm_simulate printed no Transition Summary");
  assert.match(lines[at + 2]!, new RegExp(`^  command: CIB_shadow_dir=\\S+ ${join(garbage, "crm_simulate")} -x \\S+/cib\\.xml -R -G \\S+/graph\\.xml$`));
  assert.is(lines[at + 3], "  stderr: something broke");
  assert.is(lines.at(-2), "no case could be planned: 2 planner errors, no verdict");
});

test("diff with a hanging crm_simulate: oracle errors counted, nothing compared, exit 3", () => {
  const run = runCli(["diff", "--runs", "3", "--seed", "1", "--workers", "1", "--fixtures", join(scratch, "diff-fixtures"), "--json"], withTools(hanging));
  assert.is(run.status, 3, run.stderr);
  const doc = JSON.parse(run.stdout) as { compared: number; oracleErrors: number; firstOracleError: string; kinds: unknown[] };
  assert.is(doc.compared, 0);
  assert.is(doc.oracleErrors, 3);
  assert.is(doc.firstOracleError, "crm_simulate timed out after 300 ms and was killed");
  assert.equal(doc.kinds, []);
});

const real = findExecutable("crm_simulate");
const required = process.env["PLANCHECK_REQUIRE_PACEMAKER"] === "1";
const name = "a crm_simulate that hangs on every third call: those cases are errors, the others are judged, the campaign ends";
if (real === undefined && !required) console.log(`SKIP ${name}: crm_simulate not found`);
test(name, () => {
  if (real === undefined) {
    if (required) assert.unreachable("PLANCHECK_REQUIRE_PACEMAKER=1 but crm_simulate not found");
    return;
  }
  const counter = join(scratch, "calls");
  writeFileSync(counter, "0");
  const flaky = fakeTools("flaky", `n=$(cat ${counter}); echo $((n + 1)) > ${counter}\nif [ $((n % 3)) -eq 2 ]; then exec sleep 300; fi\nexec ${real} "$@"`);
  // The real crm_verify, so that only crm_simulate misbehaves; a limit the real
  // crm_simulate keeps even on a loaded machine, so that only the hangs hit it.
  rmSync(join(flaky, "crm_verify"));
  const run = runCli(["check", "--planner", "pacemaker", "--runs", "9", "--seed", "2", "--workers", "1", "--property", "graph-acyclic,order-respected", "--fixtures", join(scratch, "flaky-fixtures"), "--json"], withTools(flaky, 3000));
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  const doc = JSON.parse(run.stdout) as CheckJson;
  assert.is(doc.runs, 9);
  assert.is(doc.plannerErrors, 3, "calls 3, 6 and 9 hang: one case in three");
  assert.equal(doc.firstPlannerError, { index: 2, message: "crm_simulate timed out after 3000 ms and was killed" });
});

test("a bad PLANCHECK_PACEMAKER_TIMEOUT_MS is one line, exit 2", () => {
  const run = runCli(["check", "--planner", "pacemaker", "--runs", "1"], { PLANCHECK_PACEMAKER_TIMEOUT_MS: "soon" });
  assert.is(run.status, 2);
  assert.is(run.stdout, "");
  assert.is(run.stderr, "plancheck: PLANCHECK_PACEMAKER_TIMEOUT_MS must be a whole number of milliseconds, at least 1 (got 'soon')\n");
});

test.run();
