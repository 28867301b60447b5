/**
 * Regression fixtures: a shrunk counterexample saved as JSON (the cluster,
 * the property, the planner and faults, the seed and path that found it, and
 * the violation's explanation), with the cluster's CIB XML beside it.
 * Writes are atomic, and an existing fixture is never overwritten with
 * different content.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeCib } from "../planner/cib/write.ts";
import { InputError } from "../planner/errors.ts";
import type { ClusterState } from "../planner/model.ts";
import { parseJsonText } from "../planner/text.ts";
import { checkClusterShape, jsonLocate, validateCluster } from "../planner/validate.ts";
import type { Violation } from "../properties/property.ts";
import { writeFileExclusive } from "./write.ts";

/** The format tag every fixture carries. */
export const FIXTURE_FORMAT = "plancheck-fixture/1";

/** The size of a cluster, as reported for shrunk cases. */
export interface CaseSize {
  nodes: number;
  resources: number;
  constraints: number;
}

/** A saved counterexample. */
export interface Fixture {
  format: typeof FIXTURE_FORMAT;
  property: string;
  planner: string;
  faults: string[];
  seed: number;
  path: string;
  size: CaseSize;
  explanation: string;
  violation: Violation;
  cluster: ClusterState;
  /** Why a disagreement or finding is expected, when it is (free text). */
  note?: string;
  /** A differential fixture's kind of disagreement (`plancheck diff`, property `diff`). */
  kind?: string;
  /** A differential fixture's two Transition Summaries (normalised lines). */
  summaries?: { reference: string[]; pacemaker: string[] };
}

/** The size of a cluster: nodes, primitives and constraints. */
export function caseSize(cluster: ClusterState): CaseSize {
  let resources = 0;
  for (const r of cluster.resources) {
    if (r.kind === "primitive") resources += 1;
    else if (r.kind === "group") resources += r.members.length;
    else resources += r.child.kind === "group" ? r.child.members.length : 1;
  }
  return { nodes: cluster.nodes.length, resources, constraints: cluster.constraints.length };
}

/**
 * Saves a fixture under `dir` as `<property>-<hash>.json` (the hash of the
 * property, planner, faults and cluster; a differential fixture's is
 * `diff-<kind>-<hash>.json`, its kind hashed too), with `<same name>.xml`
 * beside it.
 * Returns the JSON file's path. The same finding saved twice gives the same
 * file; a different one never replaces it, even one another process saves at
 * the same moment (a suffix is added: `-2`, `-3`…). Each file is created
 * atomically (a temporary file, then a link), the JSON last: a fixture whose
 * JSON exists is complete.
 */
export function saveFixture(dir: string, fixture: Fixture): string {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(fixture, null, 2) + "\n";
  const hash = createHash("sha256").update(JSON.stringify(identity(fixture))).digest("hex").slice(0, 10);
  const name = fixture.kind === undefined ? fixture.property : `${fixture.property}-${fixture.kind}`;
  for (let attempt = 1; ; attempt++) {
    const base = join(dir, `${name}-${hash}${attempt === 1 ? "" : `-${attempt}`}`);
    const path = `${base}.json`;
    if (existsSync(path)) {
      if (sameFinding(readFileSync(path, "utf8"), fixture)) return path;
      continue;
    }
    // An XML of this name without its JSON is left from an interrupted save: reused only if identical.
    if (writeFileExclusive(`${base}.xml`, writeCib(fixture.cluster)) === "different") continue;
    if (writeFileExclusive(path, json) === "written" || sameFinding(readFileSync(path, "utf8"), fixture)) return path;
  }
}

/** What makes two fixtures the same finding: property, planner, faults and cluster (and a differential fixture's kind). */
function identity(fixture: Fixture): unknown[] {
  const base = [fixture.property, fixture.planner, fixture.faults, fixture.cluster];
  return fixture.kind === undefined ? base : [...base, fixture.kind];
}

function sameFinding(existingJson: string, fixture: Fixture): boolean {
  try {
    const existing = JSON.parse(existingJson) as Fixture;
    return JSON.stringify(identity(existing)) === JSON.stringify(identity(fixture));
  } catch {
    return false;
  }
}

/** Reads and validates a fixture file's text; a corrupt or foreign file is an InputError saying what and where. */
export function parseFixture(text: string): Fixture {
  const value = parseJsonText(text, "not a plancheck fixture");
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError("not a plancheck fixture: not a JSON object", "line 1");
  }
  const f = value as Record<string, unknown>;
  const format = f["format"];
  if (format !== FIXTURE_FORMAT) {
    if (typeof format === "string" && format.startsWith("plancheck-fixture/")) {
      throw new InputError(`fixture format '${format}' is not one this version reads (it reads ${FIXTURE_FORMAT})`, "field \"format\"");
    }
    const found = format === undefined ? "no format" : `format ${JSON.stringify(format).slice(0, 60)}`;
    throw new InputError(`not a plancheck fixture: ${found}, expected "${FIXTURE_FORMAT}"`, "field \"format\"");
  }
  for (const field of ["property", "planner"] as const) {
    if (typeof f[field] !== "string" || f[field] === "") throw new InputError(`corrupt fixture: "${field}" must be a non-empty string`, `field "${field}"`);
  }
  const faults = f["faults"];
  if (!Array.isArray(faults) || !faults.every((x) => typeof x === "string")) throw new InputError('corrupt fixture: "faults" must be a list of fault names', "field \"faults\"");
  if (f["cluster"] === undefined) throw new InputError('corrupt fixture: missing "cluster"', "field \"cluster\"");
  try {
    checkClusterShape(f["cluster"], "cluster");
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`corrupt fixture: ${error.message}`, error.where);
    throw error;
  }
  try {
    validateCluster(f["cluster"], jsonLocate("cluster"));
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`invalid cluster in fixture: ${error.message}`, error.where);
    throw error;
  }
  return f as unknown as Fixture;
}
