/**
 * Hostile input (issue 7): every file of fixtures/bad-input is refused by the
 * command that reads it (`plan` for XML, `replay` for JSON) with exactly the
 * one line expected.json gives for it, exit code 2, nothing on stdout and no
 * stack trace; the size cap; a billion-laughs CIB refused within time and
 * memory bounds; `conform` reporting a broken corpus file as that test's
 * error and going on.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CliFailure } from "../scripts/cli.ts";
import { planCommand } from "../scripts/commands/plan.ts";
import { replayCommand } from "../scripts/commands/replay.ts";
import { projectRoot, runCli, sharedDir } from "./cli.ts";

const badDir = join(projectRoot, "fixtures", "bad-input");
const expected = JSON.parse(readFileSync(join(badDir, "expected.json"), "utf8")) as Record<string, string>;
const relative = (file: string): string => join("fixtures", "bad-input", file);

/** The command that reads a bad file: `plan` for a CIB, `replay` for a fixture. */
const commandOf = (file: string): "plan" | "replay" => (file.endsWith(".json") ? "replay" : "plan");

/**
 * Runs the command on `args` in this process as the command line would, and
 * returns the line it would print on stderr, its exit code and what it wrote
 * on stdout.
 */
async function runInProcess(command: "plan" | "replay", args: string[]): Promise<{ line: string; exitCode: number; stdout: string }> {
  let stdout = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = command === "plan" ? await planCommand(args) : replayCommand(args);
    return { line: "", exitCode: code, stdout };
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    return { line: `plancheck: ${error.message}`, exitCode: error.exitCode, stdout };
  } finally {
    process.stdout.write = write;
  }
}

test("the bad-input corpus: at least 45 distinct files, each listed in expected.json, nothing else", () => {
  const files = readdirSync(badDir).filter((f) => f !== "expected.json").sort();
  assert.equal(Object.keys(expected).sort(), files);
  assert.ok(files.length >= 45, `${files.length} files`);
  const digests = new Set(files.map((f) => createHash("sha256").update(readFileSync(join(badDir, f))).digest("hex")));
  assert.is(digests.size, files.length, "two files of the corpus are identical");
  for (const [file, message] of Object.entries(expected)) {
    assert.ok(!/[\n\r]/.test(message), `${file}: the message is one line`);
    assert.match(message, /\((line \d+|byte \d+|[^()]*(id=|line |field |cluster\.)[^()]*)[^()]*\)$/, `${file}: the message ends with where`);
  }
});

for (const [file, message] of Object.entries(expected)) {
  test(`bad input ${file}: ${message}`, async () => {
    const run = await runInProcess(commandOf(file), [relative(file)]);
    assert.is(run.line, `plancheck: ${relative(file)}: ${message}`);
    assert.is(run.exitCode, 2);
    assert.is(run.stdout, "");
  });
}

/** Runs the command line with stdout going to a file (as `plancheck … > FILE` would); returns its exit code, stderr and the file's content. */
function runToFile(args: string[], dir: string, env: Record<string, string> = {}): { status: number | null; stderr: string; output: string } {
  const out = join(dir, "out");
  const fd = openSync(out, "w");
  try {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/plancheck.ts", ...args], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, ...env },
      stdio: ["ignore", fd, "pipe"],
    });
    return { status: run.status, stderr: run.stderr, output: readFileSync(out, "utf8") };
  } finally {
    closeSync(fd);
  }
}

test("on the command line: one line on stderr, exit 2, nothing on stdout, no stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-bad-"));
  try {
    const sample: [string, string[]][] = [
      ["billion-laughs.xml", ["--format", "svg"]],
      ["binary-nul.xml", ["--format", "html"]],
      ["truncated-mid-attribute.xml", ["--format", "json"]],
      ["order-cycle-three.xml", []],
      ["unknown-node-history.xml", ["--planner", "reference"]],
      ["fixture-future-version.json", []],
      ["fixture-order-cycle.json", []],
    ];
    for (const [file, options] of sample) {
      const run = runToFile([commandOf(file), relative(file), ...options], dir);
      assert.is(run.stderr, `plancheck: ${relative(file)}: ${expected[file]}\n`, file);
      assert.is(run.status, 2, file);
      assert.is(run.output, "", `${file}: nothing written to stdout`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The seed scenario padded with a trailing comment to `size` bytes. */
function paddedCib(size: number): string {
  const seed = readFileSync(join(sharedDir, "scenarios", "cl5055-seed.xml"), "utf8");
  return seed + `<!--${" ".repeat(Math.max(0, size - seed.length - 8))}-->\n`;
}

test("the size cap: --max-input-bytes, PLANCHECK_MAX_INPUT_BYTES, the option first, pipes read no further than the cap", async () => {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-cap-"));
  try {
    const file = join(dir, "big.xml");
    writeFileSync(file, paddedCib(5000));
    assert.is(statSync(file).size, 5000);
    const over = `plancheck: ${file}: file is 5000 bytes, over the 4096-byte input limit; raise it with --max-input-bytes or PLANCHECK_MAX_INPUT_BYTES (byte 4097)`;
    assert.equal(await runInProcess("plan", [file, "--max-input-bytes", "4K"]), { line: over, exitCode: 2, stdout: "" });
    assert.is((await runInProcess("plan", [file, "--max-input-bytes", "5000"])).exitCode, 0);
    assert.is((await runInProcess("replay", [file, "--max-input-bytes", "4096"])).line, over);
    assert.is((await runInProcess("plan", [file, "--max-input-bytes", "abc"])).line, "plancheck: invalid --max-input-bytes 'abc': a positive number of bytes, e.g. 1048576, 512K or 64M");
    assert.is((await runInProcess("plan", [file, "--max-input-bytes", "0"])).exitCode, 2);

    const env = { PLANCHECK_MAX_INPUT_BYTES: "4096" };
    const capped = runCli(["plan", file], env);
    assert.is(capped.stderr, `${over}\n`);
    assert.is(capped.status, 2);
    assert.is(capped.stdout, "");
    assert.is(runCli(["plan", file, "--max-input-bytes", "1M"], env).status, 0, "the option wins over the environment");
    assert.is(runCli(["plan", file], { PLANCHECK_MAX_INPUT_BYTES: "lots" }).stderr, "plancheck: invalid PLANCHECK_MAX_INPUT_BYTES 'lots': a positive number of bytes, e.g. 1048576, 512K or 64M\n");

    // A pipe has no size to check up front: it is read up to the cap and no further.
    writeFileSync(file, paddedCib(200_000));
    const piped = spawnSync("sh", ["-c", 'cat "$1" | "$2" --import tsx scripts/plancheck.ts plan /dev/stdin', "sh", file, process.execPath], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, ...env },
    });
    assert.is(piped.stderr, "plancheck: /dev/stdin: file is more than 4096 bytes, over the 4096-byte input limit; raise it with --max-input-bytes or PLANCHECK_MAX_INPUT_BYTES (byte 4097)\n");
    assert.is(piped.status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a billion-laughs CIB is refused in under a second, the process staying under 100 MB", () => {
  const file = relative("billion-laughs.xml");
  const probe = spawnSync(process.execPath, ["--import", "tsx", "tests/read-probe.ts", file], { cwd: projectRoot, encoding: "utf8" });
  assert.is(probe.status, 0, probe.stderr);
  const { ms, maxRssKb, message } = JSON.parse(probe.stdout) as { ms: number; maxRssKb: number; message: string };
  assert.is(message, "DOCTYPE is not allowed: refused without expanding its 10 entities");
  assert.ok(ms < 1000, `refused in ${ms} ms`);
  assert.ok(maxRssKb < 100 * 1024, `peak RSS ${maxRssKb} KB`);
  console.log(`billion laughs: refused in ${ms.toFixed(2)} ms, reader process peak RSS ${(maxRssKb / 1024).toFixed(1)} MB`);
  if (existsSync("/usr/bin/time")) {
    // The whole command line, Node and tsx included.
    const cli = spawnSync("/usr/bin/time", ["-f", "%M %e", process.execPath, "--import", "tsx", "scripts/plancheck.ts", "plan", file], { cwd: projectRoot, encoding: "utf8" });
    assert.is(cli.status, 2);
    const [peakKb, seconds] = (cli.stderr.trim().split("\n").pop() as string).split(" ").map(Number) as [number, number];
    assert.ok(peakKb < 100 * 1024, `plancheck plan peak RSS ${peakKb} KB`);
    console.log(`billion laughs: plancheck plan exits 2 after ${seconds} s (process start included), peak RSS ${(peakKb / 1024).toFixed(1)} MB`);
  }
});

test("conform: a broken corpus file is that test's error, and the run goes on", () => {
  const cts = join(sharedDir, "pacemaker-cts");
  const dir = mkdtempSync(join(tmpdir(), "plancheck-corpus-"));
  try {
    mkdirSync(join(dir, "xml"));
    mkdirSync(join(dir, "summary"));
    const good = ["simple1", "order1", "migrate-begin"];
    const broken: Record<string, string> = {
      "broken-truncated": "truncated-mid-attribute.xml",
      "broken-gzip": "gzip-compressed.xml",
      "broken-doctype": "billion-laughs.xml",
      "broken-cycle": "order-cycle-three.xml",
    };
    for (const name of good) {
      copyFileSync(join(cts, "xml", `${name}.xml`), join(dir, "xml", `${name}.xml`));
      copyFileSync(join(cts, "summary", `${name}.summary`), join(dir, "summary", `${name}.summary`));
    }
    for (const [name, file] of Object.entries(broken)) {
      copyFileSync(join(badDir, file), join(dir, "xml", `${name}.xml`));
      copyFileSync(join(cts, "summary", "simple1.summary"), join(dir, "summary", `${name}.summary`));
    }
    copyFileSync(join(cts, "summary", "simple1.summary"), join(dir, "summary", "broken-missing.summary"));
    const names = ["simple1", "broken-truncated", "order1", "broken-gzip", "broken-missing", "broken-doctype", "migrate-begin", "broken-cycle"];
    writeFileSync(join(dir, "TESTS.tsv"), names.map((n) => `${n}\t${n}\t[]`).join("\n") + "\n");
    const run = runCli(["conform", dir, "--json"]);
    assert.is(run.status, 0, run.stderr);
    const tests = (JSON.parse(run.stdout) as { tests: { name: string; status: string; detail: string }[] }).tests;
    assert.equal(tests.map((t) => t.name), names);
    for (const name of good) assert.is(tests.find((t) => t.name === name)?.status, "matched", name);
    for (const [name, file] of Object.entries(broken)) {
      assert.equal(tests.find((t) => t.name === name), { name, category: "other", status: "error", detail: expected[file] }, name);
    }
    assert.equal(tests.find((t) => t.name === "broken-missing"), { name: "broken-missing", category: "other", status: "error", detail: "no such file" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("conform on a folder that is not a corpus: one line, exit 2, no report folder left behind", () => {
  const dir = mkdtempSync(join(tmpdir(), "plancheck-out-"));
  try {
    const run = runCli(["conform", "fixtures/bad-input", "--out", join(dir, "report"), "--junit", join(dir, "junit.xml")]);
    assert.is(run.status, 2);
    assert.is(run.stderr, "plancheck: fixtures/bad-input: not a corpus directory (no TESTS.tsv)\n");
    assert.is(run.stdout, "");
    assert.equal(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
