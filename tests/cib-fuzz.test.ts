/**
 * Parser fuzzing: valid CIBs (the seed scenario, CIBs written from generated
 * clusters, inputs of Pacemaker's regression suite) mutated by byte flips,
 * truncation, splices, inserted syntax, duplicated or removed elements and
 * attributes, and junk attribute values. Whatever the damage, readCib
 * returns a cluster or throws an InputError (never another exception), and
 * within a time bound (never a hang). 10,000 cases, plus 2,000 junk values.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { clusterArbitrary } from "../generators/index.ts";
import { readCib } from "../planner/cib/read.ts";
import { writeCib } from "../planner/cib/write.ts";
import { InputError } from "../planner/errors.ts";
import { sharedDir } from "./cli.ts";

/** The longest one read may take, in milliseconds (a generous bound: reads take about a millisecond). */
const TIME_BOUND_MS = 2000;

const scenario = readFileSync(join(sharedDir, "scenarios", "cl5055-seed.xml"), "utf8");
const corpusInputs = ["migrate-1", "group2", "clone-anon-probe-1", "rsc-sets-clone-1", "ticket-primitive-1", "bug-5186-partial-migrate-dangling"]
  .map((name) => join(sharedDir, "pacemaker-cts", "xml", `${name}.xml`))
  .filter((path) => existsSync(path))
  .map((path) => readFileSync(path, "utf8"));
const generated = fc.sample(clusterArbitrary({ maxNodes: 4, maxResources: 6 }), { seed: 7, numRuns: 6 }).map((cluster) => writeCib(cluster));
const valid = [scenario, ...corpusInputs, ...generated];

test("the fuzzing seeds are valid CIBs", () => {
  assert.ok(corpusInputs.length >= 5, `${corpusInputs.length} corpus inputs found`);
  for (const xml of [scenario, ...generated]) readCib(xml);
});

/** How the mangled inputs fared, so that the fuzzing is seen to reach past the XML parser. */
const outcomes = { read: 0, refused: 0 };

/** Reads mangled XML: a cluster or an InputError, within the time bound. */
function readsOrRefuses(xml: string): void {
  const started = performance.now();
  try {
    readCib(xml);
    outcomes.read += 1;
  } catch (error) {
    outcomes.refused += 1;
    assert.instance(error, InputError, `${String(error)}\n--- input ---\n${xml.slice(0, 2000)}`);
  }
  const ms = performance.now() - started;
  assert.ok(ms < TIME_BOUND_MS, `read took ${ms.toFixed(0)} ms`);
}

/** Spans of `pattern`'s matches in `text`. */
function spans(text: string, pattern: RegExp): [number, number][] {
  return [...text.matchAll(pattern)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** A mutation of one valid CIB, given as the text and random positions. */
type Mutation = (text: string, at: number, other: number, insert: string) => string;

const pick = <T>(items: readonly T[], at: number): T | undefined => (items.length === 0 ? undefined : items[at % items.length]);

const MUTATIONS: Record<string, Mutation> = {
  "flip a byte": (t, at) => {
    const i = at % t.length;
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << at % 8)) + t.slice(i + 1);
  },
  truncate: (t, at) => t.slice(0, at % (t.length + 1)),
  "cut out a span": (t, at, other) => t.slice(0, Math.min(at, other) % t.length) + t.slice(Math.max(at, other) % t.length),
  "insert syntax": (t, at, _, insert) => t.slice(0, at % t.length) + insert + t.slice(at % t.length),
  "remove an element": (t, at) => {
    const span = pick(spans(t, /<[A-Za-z_][^<>]*\/>/g), at);
    return span === undefined ? t : t.slice(0, span[0]) + t.slice(span[1]);
  },
  "duplicate an element": (t, at) => {
    const span = pick(spans(t, /<[A-Za-z_][^<>]*\/>/g), at);
    return span === undefined ? t : t.slice(0, span[1]) + t.slice(span[0], span[1]) + t.slice(span[1]);
  },
  "remove an attribute": (t, at) => {
    const span = pick(spans(t, / [A-Za-z_-]+="[^"]*"/g), at);
    return span === undefined ? t : t.slice(0, span[0]) + t.slice(span[1]);
  },
  "duplicate an attribute": (t, at) => {
    const span = pick(spans(t, / [A-Za-z_-]+="[^"]*"/g), at);
    return span === undefined ? t : t.slice(0, span[1]) + t.slice(span[0], span[1]) + t.slice(span[1]);
  },
  "move an attribute to another element": (t, at, other) => {
    const attribute = pick(spans(t, / [A-Za-z_-]+="[^"]*"/g), at);
    const tag = pick(spans(t, /<[A-Za-z_][\w-]*/g), other);
    return attribute === undefined || tag === undefined ? t : t.slice(0, tag[1]) + t.slice(attribute[0], attribute[1]) + t.slice(tag[1]);
  },
};

const syntax = fc.oneof(
  fc.constantFrom('"', "<", ">", "/>", "</cib>", "=", "&", "&amp;", "&#0;", "]]>", "<!--", "<?xml?>", "<!DOCTYPE x>", "\u0000", "\uFFFE", "-1", "INFINITY", "x"),
  fc.string({ minLength: 1, maxLength: 8 }),
);

test("10,000 mutated CIBs: each read, or refused with an InputError, within the time bound", () => {
  const mutated = fc
    .tuple(fc.constantFrom(...valid), fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat(), fc.nat(), syntax, fc.integer({ min: 1, max: 3 }))
    .map(([text, first, at, other, insert, rounds]) => {
      let out = text;
      // Several mutations in a row, the first one chosen and the rest derived from the positions.
      const names = Object.keys(MUTATIONS);
      for (let round = 0; round < rounds; round++) {
        const name = round === 0 ? first : names[(at + round * other) % names.length]!;
        out = MUTATIONS[name]!(out, at + round * 7919, other + round * 104729, insert);
      }
      return out;
    });
  outcomes.read = outcomes.refused = 0;
  fc.assert(fc.property(mutated, readsOrRefuses), { numRuns: 10_000, seed: 42 });
  console.log(`fuzzing: ${outcomes.read} mutated CIBs read, ${outcomes.refused} refused`);
  assert.ok(outcomes.read >= 1000 && outcomes.refused >= 1000, `both outcomes are common: ${JSON.stringify(outcomes)}`);
});

test("attribute values replaced by junk read or throw InputError", () => {
  const values = [...scenario.matchAll(/="([^"]*)"/g)].map((m) => m.index as number);
  const junk = fc.constantFrom("", "-", "abc", "-INFINITY", "1e9", "0x10", "99999999999999999999", "Master", "true", " ", "#default", "+INFINITY", "1.5", "-0");
  fc.assert(
    fc.property(fc.constantFrom(...values), junk, (at, value) => {
      const end = scenario.indexOf('"', at + 2);
      readsOrRefuses(`${scenario.slice(0, at + 2)}${value}${scenario.slice(end)}`);
    }),
    { numRuns: 2000, seed: 43 },
  );
});

test.run();
