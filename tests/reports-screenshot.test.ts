/**
 * The HTML report in a real browser: headless Chromium renders it to a PNG
 * and to a DOM. Without chromium this suite prints SKIP and passes, unless
 * PLANCHECK_REQUIRE_CHROMIUM=1 (as in CI; scripts/install-chromium.sh).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runCli } from "./cli.ts";

const chromium = spawnSync("/bin/sh", ["-c", "command -v chromium"], { encoding: "utf8" }).stdout.trim();
const required = process.env.PLANCHECK_REQUIRE_CHROMIUM === "1";
const tmp = mkdtempSync(join(tmpdir(), "plancheck-shot-"));

/** Runs headless chromium on a page with the flags that keep it offline and quiet. */
function browse(page: string, extra: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${join(tmp, "profile")}`,
      ...extra,
      `file://${page}`,
    ],
    { encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The distinct colours of an 8-bit RGB or RGBA PNG (decoded with node:zlib, filters undone). */
function pngColours(png: Buffer): { width: number; height: number; colours: number } {
  assert.equal([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG signature");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("ascii", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.is(body[8], 8, "8 bits per channel");
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      assert.ok(channels > 0, "RGB or RGBA");
    } else if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const previous = Buffer.alloc(stride);
  const row = Buffer.alloc(stride);
  const colours = new Set<number>();
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      row[x] = (line[x]! + predictor) & 0xff;
    }
    for (let x = 0; x < stride; x += channels) colours.add((row[x]! << 16) | (row[x + 1]! << 8) | row[x + 2]!);
    row.copy(previous);
  }
  return { width, height, colours: colours.size };
}

if (chromium === "") {
  test("chromium screenshot of the HTML report", () => {
    if (required) assert.unreachable("chromium is missing and PLANCHECK_REQUIRE_CHROMIUM=1 (run scripts/install-chromium.sh)");
    console.log("SKIP chromium not installed (bash scripts/install-chromium.sh)");
  });
} else {
  const out = join(tmp, "report");
  const page = join(out, "index.html");

  test("the report of a late-migration run renders in chromium", () => {
    const run = runCli(["check", "--faults", "late-migration", "--seed", "1", "--runs", "50", "--property", "no-restart-on-migration,graph-acyclic", "--out", out, "--fixtures", join(tmp, "fixtures")]);
    assert.is(run.status, 1, run.stderr);
    assert.ok(existsSync(page));
  });

  test("screenshot: a non-trivial PNG of the page", () => {
    const shot = join(tmp, "shot.png");
    const run = browse(page, [`--screenshot=${shot}`, "--window-size=1200,2000"]);
    assert.ok(existsSync(shot), `no screenshot (exit ${run.status}): ${run.stderr.slice(-400)}`);
    assert.ok(statSync(shot).size > 30_000, `screenshot of ${statSync(shot).size} bytes`);
    const { width, height, colours } = pngColours(readFileSync(shot));
    assert.is(width, 1200);
    assert.is(height, 2000);
    assert.ok(colours > 50, `only ${colours} colours: a blank or broken page`);
  });

  test("DOM: the rendered page holds the transition picture and the verdicts", () => {
    const run = browse(page, ["--dump-dom"]);
    assert.is(run.status, 0, run.stderr.slice(-400));
    const dom = run.stdout;
    assert.match(dom, /<div class="graph">\s*<svg [^>]*viewBox=/);
    assert.match(dom, /<g id="graph0" class="graph"/);
    assert.ok(dom.includes("no-restart-on-migration"));
    assert.match(dom, /class="pill fail">violated</);
  });
}

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
