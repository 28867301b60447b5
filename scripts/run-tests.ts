/**
 * The test command: the typecheck, then every uvu suite under tests/, each in
 * its own process. Prints uvu's output as it comes and closes with the one
 * line CI reads, `N passed, N failed`; exits non-zero on any failure.
 *
 * Usage: tsx scripts/run-tests.ts [PATTERN]  (PATTERN filters suite file names)
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filter = process.argv[2];

let passed = 0;
let failed = 0;
let skipped = 0;

if (filter === undefined) {
  const tsc = spawnSync("npx", ["--no-install", "tsc", "--noEmit", "-p", "."], { cwd: root, encoding: "utf8" });
  if (tsc.status === 0) {
    passed += 1;
    console.log("typecheck: ok");
  } else {
    failed += 1;
    process.stdout.write(tsc.stdout + tsc.stderr);
    console.log("typecheck: FAILED");
  }
}

const suites = readdirSync(join(root, "tests"))
  .filter((name) => name.endsWith(".test.ts"))
  .filter((name) => filter === undefined || name.includes(filter))
  .sort();

for (const suite of suites) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "tests", suite)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const output = run.stdout + run.stderr;
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  const ok = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? NaN);
  const skip = Number(/Skipped:\s+(\d+)/.exec(output)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(ok)) {
    failed += 1;
    console.log(`\n${suite}: crashed (exit ${run.status})\n${output}`);
    continue;
  }
  passed += ok;
  skipped += skip;
  const bad = Math.max(total - ok - skip, run.status === 0 ? 0 : 1);
  failed += bad;
  console.log(`${suite}: ${ok}/${total} passed${skip ? `, ${skip} skipped` : ""}`);
  if (bad > 0 || skip > 0) process.stdout.write(output);
  else for (const line of run.stdout.split("\n")) if (line.startsWith("SKIP ")) console.log(`  ${line}`);
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
