/**
 * JUnit XML for CI dashboards: one test suite per run, one test case per
 * property (check), fault (faults) or corpus test (conform); a failure
 * carries the explanation, the fixture and the replay command.
 */
import type { CampaignView } from "./campaign.ts";
import { replayCommand, type ConformView, type FaultMatrixView } from "./document.ts";
import { escapeXml as esc } from "./xml.ts";

/** One test case. */
export interface JUnitCase {
  name: string;
  classname: string;
  /** A failed expectation: a one-line message and the full text. */
  failure?: { message: string; text: string };
  /** The test could not run (the thing under test crashed or refused the input). */
  error?: { message: string; text: string };
  /** Not run, and why. */
  skipped?: string;
}

/** A JUnit XML document of one suite. */
export function junitXml(suite: string, cases: readonly JUnitCase[]): string {
  const count = (pick: (c: JUnitCase) => unknown) => cases.filter(pick).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(suite)}" tests="${cases.length}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" skipped="${count((c) => c.skipped !== undefined)}">`,
    `  <testsuite name="${esc(suite)}" tests="${cases.length}" failures="${count((c) => c.failure)}" errors="${count((c) => c.error)}" skipped="${count((c) => c.skipped !== undefined)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase name="${esc(c.name)}" classname="${esc(c.classname)}"`;
    if (c.failure === undefined && c.error === undefined && c.skipped === undefined) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (c.failure !== undefined) lines.push(`      <failure message="${esc(c.failure.message)}">${esc(c.failure.text)}</failure>`);
    if (c.error !== undefined) lines.push(`      <error message="${esc(c.error.message)}">${esc(c.error.text)}</error>`);
    if (c.skipped !== undefined) lines.push(`      <skipped message="${esc(c.skipped)}"/>`);
    lines.push("    </testcase>");
  }
  lines.push("  </testsuite>", "</testsuites>");
  return lines.join("\n") + "\n";
}

/** The test cases of `plancheck check`: one per property. */
export function checkJUnitCases(view: CampaignView): JUnitCase[] {
  return view.properties.map((p) => {
    const v = view.violations.find((w) => w.property === p.id);
    const c: JUnitCase = { name: p.id, classname: `plancheck.check.${view.planner}` };
    if (v !== undefined) {
      c.failure = {
        message: v.explanation,
        text: [v.explanation, `Violated: ${p.statement}`, `Caught after ${v.runsToCatch} cases.`, `Fixture: ${v.fixture}`, `Replay: ${replayCommand(v.fixture)}`, `Run: ${view.command}`].join("\n"),
      };
    }
    return c;
  });
}

/** The test cases of `plancheck faults`: one per fault, failing when no property catches it. */
export function faultsJUnitCases(view: FaultMatrixView): JUnitCase[] {
  return view.faults.map((f) => {
    const c: JUnitCase = { name: f.id, classname: "plancheck.faults" };
    if (f.caughtBy.length === 0) {
      c.failure = {
        message: `no property catches the fault ${f.id} in ${view.runs} cases`,
        text: [`The fault ${f.id} (${f.description}) went unnoticed by every property in ${view.runs} cases.`, `Run: ${view.command}`].join("\n"),
      };
    }
    return c;
  });
}

/** The test cases of `plancheck conform`: one per corpus test (mismatch: failure; error: error; unsupported: skipped). */
export function conformJUnitCases(view: ConformView): JUnitCase[] {
  return view.tests.map((t) => {
    const c: JUnitCase = { name: t.name, classname: `plancheck.conform.${t.category}` };
    if (t.status === "mismatched") c.failure = { message: "the Transition Summary differs from the expected one", text: t.detail };
    else if (t.status === "error") c.error = { message: t.detail.split("\n")[0] ?? "error", text: t.detail };
    else if (t.status === "unsupported") c.skipped = `unsupported: ${t.detail}`;
    return c;
  });
}
