/**
 * Test helper: tests that need the real Pacemaker tools. Without them such a
 * test prints its `SKIP name: why` line at registration (so that the line
 * starts an output line, before uvu's progress dots) and passes; with
 * PLANCHECK_REQUIRE_PACEMAKER=1 (as in CI) it fails instead.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { findExecutable } from "../planner/pacemaker/run.ts";

/** The Pacemaker tools among `tools` that cannot be found. */
export function missingTools(tools: readonly string[] = ["crm_simulate", "crm_verify"]): string[] {
  return tools.filter((tool) => findExecutable(tool) === undefined);
}

/** Registers a test that needs everything `missing` names (empty: all is there). */
export function oracleTest(name: string, missing: readonly string[], body: () => void): void {
  const required = process.env["PLANCHECK_REQUIRE_PACEMAKER"] === "1";
  const why = `${missing.join(", ")} not found`;
  if (missing.length > 0 && !required) console.log(`SKIP ${name}: ${why}`);
  test(name, () => {
    if (missing.length === 0) body();
    else if (required) assert.unreachable(`PLANCHECK_REQUIRE_PACEMAKER=1 but ${why}`);
  });
}
