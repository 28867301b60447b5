/**
 * Running crm_simulate safely, tested with fake crm_simulate / crm_verify
 * scripts (no Pacemaker needed): hangs are killed at the time limit with
 * their whole process group, crashes, garbage, missing tools, rejections and
 * floods of output all end as PlannerError, and the private CIB_shadow_dir
 * is always removed.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { PlannerError } from "../planner/model.ts";
import { findExecutable, runCommand, simulateCibFile, simulateCibXml } from "../planner/pacemaker/run.ts";
import type { SimulateOptions } from "../planner/pacemaker/run.ts";

const scratch = mkdtempSync(join(tmpdir(), "plancheck-test-run-"));
const cib = join(scratch, "input.xml");
writeFileSync(cib, "<cib/>\n");

/** Writes an executable shell script into the scratch directory; returns its path. */
function script(name: string, body: string): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const verifyOk = script("verify-ok", "exit 0");

/** A well-behaved fake: prints a summary and saves a graph to the -G argument. */
const goodSimulate = script(
  "simulate-good",
  [
    'while [ $# -gt 0 ]; do if [ "$1" = -G ]; then graph="$2"; fi; shift; done',
    'echo "$CIB_shadow_dir $(stat -c %a "$CIB_shadow_dir")" > ' + join(scratch, "shadow-dir-seen"),
    'printf "Transition Summary:\\n  * Start      a     ( n1 )\\n" ',
    'echo "<transition_graph/>" > "$graph"',
  ].join("\n"),
);

/** Runs simulateCibFile and returns the PlannerError it throws (fails the test if it does not). */
function plannerErrorOf(options: SimulateOptions): PlannerError {
  try {
    simulateCibFile(cib, { crmVerify: verifyOk, ...options });
  } catch (error) {
    assert.instance(error, PlannerError, `not a PlannerError: ${String(error)}`);
    return error as PlannerError;
  }
  throw new Error("expected a PlannerError");
}

/** Whether a process is running (a killed process not yet reaped, a zombie, is not). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

test("a well-behaved crm_simulate: summary lines, graph, private CIB_shadow_dir removed afterwards", () => {
  const result = simulateCibFile(cib, { crmSimulate: goodSimulate, crmVerify: verifyOk });
  assert.equal(result.summaryLines, ["  * Start      a     ( n1 )"]);
  assert.is(result.graphXml.trim(), "<transition_graph/>");
  assert.match(result.command, /^CIB_shadow_dir=\S+ \S+simulate-good -x \S+input\.xml -R -G \S+graph\.xml$/);
  const [shadow, mode] = readFileSync(join(scratch, "shadow-dir-seen"), "utf8").trim().split(" ");
  assert.match(shadow!, /plancheck-pcmk-/);
  assert.is(mode, "700", "the shadow directory is private");
  assert.not.ok(existsSync(shadow!), "temporary directory left behind");
});

test("simulateCibXml writes the XML into the private directory and passes extra arguments", () => {
  const echoArgs = script(
    "simulate-args",
    [
      'for a in "$@"; do case "$a" in */graph.xml) graph="$a";; esac; done',
      'printf "Transition Summary:\\n  * Stop b ( n2 )\\nargs: %s\\n" "$*"',
      'echo "<transition_graph/>" > "$graph"',
    ].join("\n"),
  );
  const result = simulateCibXml("<cib/>", { crmSimulate: echoArgs, crmVerify: verifyOk, extraArgs: ["-t", "2005-020"] });
  assert.match(result.stdout, /args: -x \S+\/cib\.xml -R -G \S+\/graph\.xml -t 2005-020/);
  assert.equal(result.summaryLines, ["  * Stop b ( n2 )"]);
});

test("a hanging crm_simulate that ignores TERM is killed with its whole process group at the time limit", () => {
  const pidFile = join(scratch, "grandchild.pid");
  const hang = script("simulate-hang", `trap "" TERM\nsleep 300 &\necho $! > ${pidFile}\nwhile :; do sleep 1; done`);
  const started = Date.now();
  const error = plannerErrorOf({ crmSimulate: hang, timeoutMs: 500 });
  const elapsed = Date.now() - started;
  assert.match(error.message, /^crm_simulate timed out after 500 ms and was killed$/);
  assert.match(error.command ?? "", /simulate-hang -x/);
  assert.ok(elapsed < 6_000, `took ${elapsed} ms`);
  const grandchild = Number(readFileSync(pidFile, "utf8"));
  assert.not.ok(alive(grandchild), `grandchild ${grandchild} survived`);
});

test("garbage output (no Transition Summary) is a PlannerError", () => {
  const garbage = script("simulate-garbage", "echo 'Segmentation fault? no: just garbage'; echo 'oops' >&2");
  const error = plannerErrorOf({ crmSimulate: garbage });
  assert.is(error.message, "crm_simulate printed no Transition Summary");
  assert.is(error.stderrTail, "oops");
});

test("a summary without a saved graph is a PlannerError", () => {
  const noGraph = script("simulate-nograph", 'printf "Transition Summary:\\n"');
  assert.is(plannerErrorOf({ crmSimulate: noGraph }).message, "crm_simulate saved no transition graph");
});

test("a crash (signal) is a PlannerError naming the signal", () => {
  const crash = script("simulate-crash", "echo 'about to crash' >&2\nkill -SEGV $$");
  const error = plannerErrorOf({ crmSimulate: crash });
  assert.is(error.message, "crm_simulate crashed (signal SIGSEGV)");
  assert.is(error.stderrTail, "about to crash");
});

test("a non-zero exit is a PlannerError with the tail of stderr", () => {
  const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`).join("\\n");
  const fail = script("simulate-fail", `printf "${lines}\\nfinal complaint\\n" >&2\nexit 3`);
  const error = plannerErrorOf({ crmSimulate: fail });
  assert.is(error.message, "crm_simulate failed (exit 3)");
  assert.ok(error.stderrTail!.endsWith("final complaint"));
  assert.ok(error.stderrTail!.length <= 2_001, `tail of ${error.stderrTail!.length} chars`);
});

test("a flood of output is cut off and reported", () => {
  const flood = script("simulate-flood", "head -c 40000000 /dev/zero | tr '\\0' x");
  assert.match(plannerErrorOf({ crmSimulate: flood }).message, /^output exceeded \d+ bytes/);
});

test("an oversized graph file is refused", () => {
  const huge = script(
    "simulate-huge-graph",
    [
      'while [ $# -gt 0 ]; do if [ "$1" = -G ]; then graph="$2"; fi; shift; done',
      'printf "Transition Summary:\\n"',
      'truncate -s 20M "$graph"',
    ].join("\n"),
  );
  assert.match(plannerErrorOf({ crmSimulate: huge }).message, /^the transition graph exceeds \d+ bytes$/);
});

test("a missing crm_simulate (path or name) is a clear PlannerError", () => {
  const byPath = plannerErrorOf({ crmSimulate: join(scratch, "no-such-crm_simulate") });
  assert.match(byPath.message, /no-such-crm_simulate not found .*install Pacemaker's CLI tools/);
  const byName = plannerErrorOf({ crmSimulate: "crm_simulate_not_installed_anywhere" });
  assert.match(byName.message, /^crm_simulate_not_installed_anywhere not found \(looked on PATH, \/usr\/sbin and \/sbin\)/);
  const notExecutable = join(scratch, "not-executable");
  writeFileSync(notExecutable, "#!/bin/sh\n");
  assert.match(plannerErrorOf({ crmSimulate: notExecutable }).message, /not-executable not found/);
});

test("a crm_simulate found first on PATH is the one that runs", () => {
  const bin = mkdtempSync(join(scratch, "bin-"));
  const fake = join(bin, "crm_simulate");
  writeFileSync(fake, readFileSync(goodSimulate));
  chmodSync(fake, 0o755);
  const path = process.env["PATH"];
  process.env["PATH"] = `${bin}${delimiter}${path ?? ""}`;
  try {
    assert.is(findExecutable("crm_simulate"), fake);
    assert.match(simulateCibFile(cib, { crmVerify: verifyOk }).command, new RegExp(`${fake} -x`));
  } finally {
    process.env["PATH"] = path;
  }
});

test("a crm_verify rejection stops before crm_simulate and names the first error", () => {
  const reject = script("verify-reject", "echo '(unpack) error: Resource start-up disabled' >&2\necho 'crm_verify: Errors found' >&2\nexit 78");
  const marker = join(scratch, "simulate-ran");
  const simulate = script("simulate-marker", `touch ${marker}`);
  const error = plannerErrorOf({ crmSimulate: simulate, crmVerify: reject });
  assert.is(error.message, "crm_verify rejected the CIB (exit 78): Resource start-up disabled");
  assert.match(error.command ?? "", /verify-reject -V -x /);
  assert.match(error.stderrTail ?? "", /Errors found$/);
  assert.not.ok(existsSync(marker), "crm_simulate ran after a rejection");
  const verifyHang = script("verify-hang", "sleep 300");
  assert.match(plannerErrorOf({ crmSimulate: simulate, crmVerify: verifyHang, timeoutMs: 300 }).message, /^crm_verify timed out/);
  assert.not.ok(existsSync(marker));
});

test("crm_verify's verdict decides: Warnings found (exit 78) passes, Errors found or no verdict rejects", () => {
  const warn = script("verify-warn", "echo 'crm_verify: Warnings found during check: config may not be valid' >&2\nexit 78");
  const result = simulateCibFile(cib, { crmSimulate: goodSimulate, crmVerify: warn });
  assert.is(result.summaryLines.length, 1);
  const stateError = script(
    "verify-state-error",
    "echo '(x) error: ocf resource r5 might be active on 2 nodes (attempting recovery)' >&2\necho 'crm_verify: Warnings found during check: config may not be valid' >&2\nexit 78",
  );
  assert.is(simulateCibFile(cib, { crmSimulate: goodSimulate, crmVerify: stateError }).summaryLines.length, 1);
  const errors = script("verify-errors", "echo '(x) error: bad id' >&2\necho 'crm_verify: Errors found during check: config not valid' >&2\nexit 78");
  assert.is(plannerErrorOf({ crmSimulate: goodSimulate, crmVerify: errors }).message, "crm_verify rejected the CIB (exit 78): bad id");
  const silent = script("verify-silent", "exit 78");
  assert.is(plannerErrorOf({ crmSimulate: goodSimulate, crmVerify: silent }).message, "crm_verify rejected the CIB (exit 78)");
});

test("verify: false skips the gate", () => {
  const result = simulateCibFile(cib, { crmSimulate: goodSimulate, crmVerify: join(scratch, "absent"), verify: false });
  assert.is(result.summaryLines.length, 1);
});

test("runCommand reports status, signal and time-out as data", () => {
  const ok = runCommand(["sh", "-c", "echo out; echo err >&2; exit 5"], { timeoutMs: 5_000, env: { X: "a b" } });
  assert.equal([ok.status, ok.signal, ok.timedOut, ok.stdout, ok.stderr], [5, null, false, "out\n", "err\n"]);
  assert.is(ok.command, "X='a b' sh -c 'echo out; echo err >&2; exit 5'");
  const slow = runCommand(["sleep", "10"], { timeoutMs: 200 });
  assert.ok(slow.timedOut);
  assert.ok(slow.elapsedMs < 3_000);
  const exits124 = runCommand(["sh", "-c", "exit 124"], { timeoutMs: 5_000 });
  assert.not.ok(exits124.timedOut, "a quick exit 124 is not a time-out");
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
