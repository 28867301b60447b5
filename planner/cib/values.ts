/**
 * Value syntax of the CIB: booleans, scores, integers, roles, and the
 * name/value pairs of attribute sets (`meta_attributes`, `instance_attributes`,
 * `cluster_property_set`), with the error reporting every reader shares.
 */
import { INFINITY, clampScore, type Role } from "../model.ts";
import { InputError, Unsupported } from "../errors.ts";
import { childrenNamed, type XmlElement } from "./xml.ts";

/** Names an element for error messages: `rsc_order id=o1, line 12`. */
export function where(element: XmlElement): string {
  const id = element.attributes["id"];
  return id === undefined ? `${element.name}, line ${element.line}` : `${element.name} id=${id}, line ${element.line}`;
}

/** An attribute that must be present and non-empty. */
export function requiredAttribute(element: XmlElement, name: string): string {
  const value = element.attributes[name];
  if (value === undefined || value === "") throw new InputError(`missing attribute '${name}'`, where(element));
  return value;
}

const TRUE_WORDS = new Set(["true", "on", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "off", "no", "n", "0"]);

/** Parses a Pacemaker boolean (true/on/yes/y/1, false/off/no/n/0, any case). */
export function parseBoolean(value: string, name: string, at: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new InputError(`invalid boolean '${value}' for ${name}`, at);
}

/**
 * Parses a score: an integer, INFINITY, +INFINITY or -INFINITY (any case);
 * a decimal is truncated toward zero, as Pacemaker reads `1.0` as 1.
 * Saturates at ±INFINITY.
 */
export function parseScore(value: string, name: string, at: string): number {
  const text = value.trim();
  if (/^\+?INFINITY$/i.test(text)) return INFINITY;
  if (/^-INFINITY$/i.test(text)) return -INFINITY;
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) throw new InputError(`non-numeric score '${value}' for ${name}`, at);
  return clampScore(Math.trunc(Number(text)));
}

/** The largest count the CIB's integer fields hold (Pacemaker reads them as C ints). */
export const MAX_COUNT = 2 ** 31 - 1;

/** Parses a non-negative integer, at most {@link MAX_COUNT}. */
export function parseCount(value: string, name: string, at: string): number {
  const text = value.trim();
  if (!/^\+?\d+$/.test(text)) throw new InputError(`invalid non-negative integer '${value}' for ${name}`, at);
  const count = Number(text);
  if (count > MAX_COUNT) throw new InputError(`${name} '${value}' is out of range (at most ${MAX_COUNT})`, at);
  return count;
}

/** Parses a role (any case), mapping the legacy Master/Slave spellings to Promoted/Unpromoted. */
export function parseRole(value: string, name: string, at: string): Role {
  switch (value.toLowerCase()) {
    case "started":
      return "Started";
    case "stopped":
      return "Stopped";
    case "promoted":
    case "master":
      return "Promoted";
    case "unpromoted":
    case "slave":
      return "Unpromoted";
    default:
      throw new InputError(`invalid role '${value}' for ${name}`, at);
  }
}

/** What to look an `id-ref` up in: every configuration element that has an id. */
export type IdIndex = ReadonlyMap<string, XmlElement>;

/** Follows an `id-ref` attribute to the element it names (or returns the element itself). */
export function resolveRef(element: XmlElement, ids: IdIndex): XmlElement {
  const ref = element.attributes["id-ref"];
  if (ref === undefined) return element;
  const target = ids.get(ref);
  if (target === undefined || target.name !== element.name) {
    throw new InputError(`id-ref '${ref}' names no ${element.name}`, where(element));
  }
  return target;
}

/**
 * The name/value pairs of the attribute sets named `setName` under `owner`,
 * merged. Sets are taken by descending `score` (document order among equals)
 * and the first value of a name wins. A set carrying a `rule` is refused as
 * Unsupported: its values would depend on time or node.
 */
export function readNvpairs(owner: XmlElement, setName: string, ids: IdIndex): Map<string, string> {
  const sets = childrenNamed(owner, setName).map((set) => resolveRef(set, ids));
  const scored = sets.map((set, index) => ({ set, index, score: scoreOfSet(set) }));
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  const out = new Map<string, string>();
  for (const { set } of scored) {
    for (const child of set.children) {
      if (child.name === "rule") throw new Unsupported(`rule in ${setName}`, where(set));
      if (child.name !== "nvpair") continue;
      const pair = resolveRef(child, ids);
      const name = requiredAttribute(pair, "name");
      if (!out.has(name)) out.set(name, pair.attributes["value"] ?? "");
    }
  }
  return out;
}

function scoreOfSet(set: XmlElement): number {
  const score = set.attributes["score"];
  return score === undefined ? 0 : parseScore(score, "score", where(set));
}

/**
 * The `utilization` of a node or primitive as numbers (merged like
 * {@link readNvpairs}), or undefined when it has none.
 */
export function readUtilization(owner: XmlElement, ids: IdIndex): Record<string, number> | undefined {
  const pairs = readNvpairs(owner, "utilization", ids);
  if (pairs.size === 0) return undefined;
  const out: Record<string, number> = {};
  for (const [name, value] of pairs) {
    if (!/^\d+$/.test(value.trim())) throw new InputError(`invalid utilization '${value}' for ${name}`, where(owner));
    if (!Number.isSafeInteger(Number(value))) throw new InputError(`utilization '${value}' for ${name} is out of range`, where(owner));
    out[name] = Number(value);
  }
  return out;
}
