/**
 * Mangled CIBs: whatever the damage, readCib returns a cluster or throws an
 * InputError (never another exception, never a hang).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../planner/errors.ts";
import { readCib } from "../planner/cib/read.ts";

const seed = readFileSync("/work/shared/scenarios/cl5055-seed.xml", "utf8");

function readsOrRefuses(xml: string): void {
  try {
    readCib(xml);
  } catch (error) {
    assert.instance(error, InputError, `${String(error)}\n--- input ---\n${xml}`);
  }
}

test("truncated, spliced and byte-flipped CIBs read or throw InputError", () => {
  const mangled = fc.oneof(
    fc.nat({ max: seed.length }).map((n) => seed.slice(0, n)),
    fc.tuple(fc.nat({ max: seed.length }), fc.nat({ max: seed.length })).map(([a, b]) => seed.slice(0, Math.min(a, b)) + seed.slice(Math.max(a, b))),
    fc.tuple(fc.nat({ max: seed.length - 1 }), fc.string({ minLength: 1, maxLength: 8 })).map(([i, s]) => seed.slice(0, i) + s + seed.slice(i + 1)),
    fc.tuple(fc.nat({ max: seed.length - 1 }), fc.constantFrom('"', "<", ">", "/", "=", "&", "-1", "INFINITY", "x")).map(([i, s]) => seed.slice(0, i) + s + seed.slice(i)),
  );
  fc.assert(fc.property(mangled, readsOrRefuses), { numRuns: 3000 });
});

test("attribute values replaced by junk read or throw InputError", () => {
  const values = [...seed.matchAll(/="([^"]*)"/g)].map((m) => m.index as number);
  const junk = fc.constantFrom("", "-", "abc", "-INFINITY", "1e9", "0x10", "99999999999999999999", "Master", "true", " ", "#default");
  fc.assert(
    fc.property(fc.constantFrom(...values), junk, (at, value) => {
      const end = seed.indexOf('"', at + 2);
      readsOrRefuses(`${seed.slice(0, at + 2)}${value}${seed.slice(end)}`);
    }),
    { numRuns: 2000 },
  );
});

test.run();
