/**
 * Small choice combinators whose shrinking heads for the plainest value:
 * every weighted choice shrinks toward its first entry, so entries are listed
 * default-first (online before unclean, Mandatory before Serialize).
 */
import fc from "fast-check";

/**
 * One of the given values, each drawn with probability proportional to its
 * weight; shrinks toward the first entry. Weights are positive integers.
 */
export function weighted<T>(...entries: readonly (readonly [T, number])[]): fc.Arbitrary<T> {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return fc.noBias(fc.integer({ min: 0, max: total - 1 })).map((draw) => {
    let rest = draw;
    for (const [value, weight] of entries) {
      if (rest < weight) return value;
      rest -= weight;
    }
    throw new Error("unreachable: draw beyond the total weight");
  });
}

/** A value of `arb` present once in `oneIn` draws, else undefined; shrinks to undefined. */
export function rarely<T>(arb: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc
    .tuple(weighted([false, oneIn - 1], [true, 1]), arb)
    .map(([present, value]) => (present ? value : undefined));
}

/** A value of `arb` absent once in `oneIn` draws; shrinks to undefined (the part dropped). */
export function mostly<T>(arb: fc.Arbitrary<T>, oneIn = 20): fc.Arbitrary<T | undefined> {
  return fc
    .tuple(weighted([false, 1], [true, oneIn - 1]), arb)
    .map(([present, value]) => (present ? value : undefined));
}

/**
 * A list that is almost never empty when generated (its first item is
 * {@link mostly} present, then up to `maxExtra` more) yet shrinks to empty.
 */
export function mostlyNonEmpty<T>(arb: fc.Arbitrary<T>, maxExtra: number): fc.Arbitrary<T[]> {
  return fc
    .tuple(mostly(arb), fc.array(arb, { maxLength: maxExtra }))
    .map(([first, extra]) => (first === undefined ? extra : [first, ...extra]));
}
