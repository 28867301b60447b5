import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PROPERTIES } from "../properties/catalog.ts";
import { catalogEntries, catalogMarkdown, parseFaultMatrix, readDeclaredProperties } from "../reports/catalog.ts";
import { projectRoot, runCli } from "./cli.ts";

const declared = readDeclaredProperties(join(projectRoot, "properties"));
const matrix = parseFaultMatrix(readFileSync(join(projectRoot, "fixtures", "fault-matrix.json"), "utf8"));

test("every exported property has a doc comment", () => {
  assert.ok(declared.length >= PROPERTIES.length);
  const undocumented = declared.filter((p) => p.doc.trim() === "").map((p) => `${p.file}: ${p.exportName}`);
  assert.equal(undocumented, [], "exported properties without a doc comment");
});

test("the source read with ts-morph agrees with the running catalog", () => {
  const listed = declared.filter((p) => p.listed);
  assert.equal(
    listed.map((p) => [p.id, p.statement]),
    PROPERTIES.map((p) => [p.id, p.statement]),
  );
  assert.equal(declared.filter((p) => !p.listed).map((p) => p.exportName), [], "exported properties missing from PROPERTIES");
});

test("PROPERTIES.md is the output of catalog --format md", () => {
  const shipped = readFileSync(join(projectRoot, "PROPERTIES.md"), "utf8");
  assert.fixture(catalogMarkdown(catalogEntries(declared, matrix)), shipped);
});

test("catalog --format json lists all eleven properties, each with a doc and the faults it catches", () => {
  const run = runCli(["catalog", "--format", "json"]);
  assert.is(run.status, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as { properties: { id: string; statement: string; doc: string; catches: string[] }[] };
  assert.is(doc.properties.length, 11);
  assert.equal(
    doc.properties.map((p) => p.id),
    PROPERTIES.map((p) => p.id),
  );
  for (const p of doc.properties) {
    assert.equal(Object.keys(p), ["id", "statement", "doc", "catches"]);
    assert.ok(p.doc.length > 40, `${p.id} has a doc`);
    assert.ok(p.statement.length > 20, `${p.id} has a statement`);
  }
  assert.ok(doc.properties.find((p) => p.id === "no-restart-on-migration")!.catches.includes("late-migration"));
});

test("the fault matrix is consistent both ways", () => {
  for (const p of matrix.properties) {
    for (const fault of p.catches) assert.ok(matrix.faults.find((f) => f.id === fault)!.caughtBy.includes(p.id), `${fault} caught by ${p.id}`);
  }
});

test("catalog: bad usage is one line and exit 2", () => {
  const run = runCli(["catalog", "--format", "yaml"]);
  assert.is(run.status, 2);
  assert.is(run.stderr, "plancheck: unknown format 'yaml' (known: md, json)\n");
});

test("parseFaultMatrix refuses a document of another shape", () => {
  assert.throws(() => parseFaultMatrix('{"faults": [{"id": 1}]}'), /not a fault matrix/);
});

test.run();
