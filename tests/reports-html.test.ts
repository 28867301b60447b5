import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SaxesParser } from "saxes";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PROPERTIES } from "../properties/catalog.ts";
import { junitXml } from "../reports/junit.ts";
import { cell, fenced } from "../reports/markdown.ts";
import { progressReporter } from "../reports/progress.ts";
import { inlineSvg } from "../reports/svg.ts";
import { escapeXml } from "../reports/xml.ts";
import { runCli, sharedDir } from "./cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "plancheck-reports-"));
const out = join(tmp, "report");
const junitFile = join(tmp, "junit.xml");
const run = runCli(["check", "--faults", "late-migration", "--seed", "1", "--runs", "200", "--out", out, "--junit", junitFile, "--fixtures", join(tmp, "fixtures")]);
const html = existsSync(join(out, "index.html")) ? readFileSync(join(out, "index.html"), "utf8") : "";

/** The elements of an XML document, parsed strictly with saxes. */
function elements(xml: string): { name: string; attributes: Record<string, string>; text: string }[] {
  const parser = new SaxesParser();
  const found: { name: string; attributes: Record<string, string>; text: string }[] = [];
  const open: { name: string; attributes: Record<string, string>; text: string }[] = [];
  parser.on("opentag", (tag) => {
    const element = { name: tag.name, attributes: tag.attributes as Record<string, string>, text: "" };
    found.push(element);
    open.push(element);
  });
  parser.on("text", (text) => {
    const top = open.at(-1);
    if (top !== undefined) top.text += text;
  });
  parser.on("closetag", () => open.pop());
  parser.on("error", (error) => {
    throw error;
  });
  parser.write(xml).close();
  return found;
}

test("check --out: exit 1 with violations, and the report files exist", () => {
  assert.is(run.status, 1, run.stderr);
  assert.ok(html.length > 10_000, "index.html written");
  assert.ok(existsSync(join(out, "summary.md")), "summary.md written");
  assert.not.ok(existsSync(join(out, "index.html.tmp")));
});

test("the HTML report is one self-contained page with the transition picture", () => {
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.match(html, /<svg[\s>]/);
  assert.ok(html.includes("no-restart-on-migration"));
  assert.match(html, /<g id="graph0" class="graph"/, "a Graphviz picture, rendered at report time");
  const urls = (html.match(/https?:\/\/[^\s"'<>)]*/g) ?? []).filter((u) => u !== "http://www.w3.org/2000/svg");
  assert.equal(urls, [], "no references to the network besides the SVG namespace");
  assert.not.match(html, /<script/i);
  assert.not.match(html, /<link[\s>]/i);
  assert.not.match(html, /<img[\s>]/i);
  assert.not.match(html, /@import|url\(/i);
  assert.not.match(html, /<!DOCTYPE svg/i, "Graphviz's DOCTYPE is stripped");
});

test("the HTML report reproduces and explains each counterexample", () => {
  assert.ok(html.includes("npm run plancheck -- check --planner reference --faults late-migration --runs 200 --seed 1"));
  assert.ok(html.includes("<summary>CIB XML</summary>"));
  assert.ok(html.includes("&lt;cib "), "the CIB XML, escaped");
  assert.match(html, /npm run plancheck -- replay [^<]*no-restart-on-migration-[0-9a-f]+\.json/);
  assert.ok(html.includes("only because it is ordered after"), "the violation's explanation");
  assert.match(html, /stroke="#d00000"/, "the violation's actions and edges highlighted");
  assert.ok(html.includes("<h4>Nodes</h4>") && html.includes("<h4>Constraints</h4>"), "the cluster as tables");
});

test("summary.md has the verdicts, the chart and the counterexamples", () => {
  const md = readFileSync(join(out, "summary.md"), "utf8");
  assert.ok(md.startsWith("# plancheck check\n"));
  assert.match(md, /\| no-restart-on-migration \| ❌ violated \| 2 \|/);
  assert.match(md, /\| migration-protocol \| ✅ holds \| 200 \|/);
  assert.ok(md.includes("### no-restart-on-migration"));
  assert.ok(md.includes("```dot\ndigraph transition {"));
  assert.match(md, /█+░* \d+\.\d%/);
});

test("JUnit: valid XML, a testcase per property, a failure for no-restart-on-migration", () => {
  const xml = readFileSync(junitFile, "utf8");
  const all = elements(xml);
  const cases = all.filter((e) => e.name === "testcase");
  assert.equal(
    cases.map((c) => c.attributes.name),
    PROPERTIES.map((p) => p.id),
  );
  const index = all.findIndex((e) => e.name === "testcase" && e.attributes.name === "no-restart-on-migration");
  const failure = all[index + 1]!;
  assert.is(failure.name, "failure");
  assert.ok(failure.attributes.message!.includes("ordered after"));
  assert.ok(failure.text.includes("Replay: npm run plancheck -- replay"));
  const suite = all.find((e) => e.name === "testsuite")!;
  assert.is(Number(suite.attributes.tests), PROPERTIES.length);
  assert.is(Number(suite.attributes.failures), all.filter((e) => e.name === "failure").length);
});

test("check --json is unchanged by the report options", () => {
  const plain = runCli(["check", "--faults", "late-migration", "--seed", "1", "--runs", "30", "--property", "no-restart-on-migration", "--json", "--fixtures", join(tmp, "fixtures")]);
  const doc = JSON.parse(plain.stdout) as Record<string, unknown>;
  assert.equal(Object.keys(doc), ["ok", "planner", "faults", "seed", "runs", "properties", "violations", "stats", "plannerErrors"]);
  assert.equal(Object.keys((doc.properties as object[])[0]!), ["id", "holds", "runs"]);
  assert.equal(Object.keys((doc.violations as object[])[0]!), ["property", "fixture", "size", "explanation"]);
  assert.is(plain.stderr, "", "no progress or report notes with --json");
});

test("junitXml escapes names, messages and text, and drops characters XML forbids", () => {
  const xml = junitXml('a "suite" <&>', [
    { name: "x<y", classname: "c&d", failure: { message: "it's \"bad\" \u0001", text: "a < b && c > d\n]]>" } },
    { name: "skipped one", classname: "c", skipped: "unsupported: <tag>" },
    { name: "errored", classname: "c", error: { message: "boom", text: "stack" } },
  ]);
  const all = elements(xml);
  assert.is(all.find((e) => e.name === "testsuites")!.attributes.name, 'a "suite" <&>');
  assert.is(all.find((e) => e.name === "failure")!.text, "a < b && c > d\n]]>");
  assert.is(all.find((e) => e.name === "failure")!.attributes.message, "it's \"bad\" ");
  assert.is(all.find((e) => e.name === "testsuite")!.attributes.skipped, "1");
  assert.is(all.find((e) => e.name === "testsuite")!.attributes.errors, "1");
  assert.is(escapeXml("\uD800x"), "x", "lone surrogates are dropped");
});

test("inlineSvg keeps only the SVG namespace of Graphviz's output", () => {
  const raw = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
 "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- Generated by graphviz -->
<svg width="10pt" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><g/></svg>`;
  assert.is(inlineSvg(raw), '<svg width="10pt" xmlns="http://www.w3.org/2000/svg"><g/></svg>');
  const linked = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="#n"/></svg>';
  assert.is(inlineSvg(linked), linked, "the xlink namespace stays when something uses it");
});

test("Markdown cells and code fences cannot be broken by their content", () => {
  assert.is(cell("a|b\nc <x>"), "a\\|b c &lt;x&gt;");
  assert.is(fenced("has ``` inside"), "````\nhas ``` inside\n````");
});

test("progress: \\r lines on a TTY, nothing off a TTY or when disabled", () => {
  const written: string[] = [];
  const tty = { isTTY: true, write: (s: string) => written.push(s) };
  const p = progressReporter(tty, true);
  p.update("check", 10, 1);
  p.done();
  assert.is(written.length, 2);
  assert.match(written[0]!, /^\rcheck: 10 cases, \d+ cases\/s, 1 violation so far\x1b\[K$/);
  assert.is(written[1], "\r\x1b[K");
  const silent: string[] = [];
  progressReporter({ isTTY: false, write: (s: string) => silent.push(s) }, true).update("check", 10, 0);
  progressReporter({ isTTY: true, write: (s: string) => silent.push(s) }, false).update("check", 10, 0);
  assert.equal(silent, []);
});

test("plan --format svg and html: the picture, coloured by kind, and a self-contained page", () => {
  const file = join(sharedDir, "scenarios", "cl5055-control-not-migratable.xml");
  const svg = runCli(["plan", file, "--format", "svg"]);
  assert.is(svg.status, 0, svg.stderr);
  assert.ok(svg.stdout.startsWith("<svg "));
  assert.ok(svg.stdout.includes('fill="#f6d6d6"') && svg.stdout.includes('fill="#d8f0d8"'), "stops and starts coloured");
  const page = runCli(["plan", file, "--format", "html"]);
  assert.is(page.status, 0, page.stderr);
  assert.ok(page.stdout.startsWith("<!DOCTYPE html>"));
  assert.ok(page.stdout.includes("<svg ") && page.stdout.includes("Restart    mgs"));
  assert.not.match(page.stdout, /<script|https:\/\//);
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));

test.run();
