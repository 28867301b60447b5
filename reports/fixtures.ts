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
import type { Violation } from "../properties/property.ts";
import { writeFileAtomic } from "./write.ts";

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
 * property, planner, faults and cluster), with `<same name>.xml` beside it.
 * Returns the JSON file's path. The same finding saved twice gives the same
 * file; a different one never replaces it (a suffix is added).
 */
export function saveFixture(dir: string, fixture: Fixture): string {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(fixture, null, 2) + "\n";
  const hash = createHash("sha256")
    .update(JSON.stringify([fixture.property, fixture.planner, fixture.faults, fixture.cluster]))
    .digest("hex")
    .slice(0, 10);
  for (let attempt = 1; ; attempt++) {
    const base = join(dir, `${fixture.property}-${hash}${attempt === 1 ? "" : `-${attempt}`}`);
    const path = `${base}.json`;
    if (existsSync(path)) {
      const existing = readFileSync(path, "utf8");
      if (sameFinding(existing, fixture)) return path;
      continue;
    }
    writeFileAtomic(`${base}.xml`, writeCib(fixture.cluster));
    writeFileAtomic(path, json);
    return path;
  }
}

function sameFinding(existingJson: string, fixture: Fixture): boolean {
  try {
    const existing = JSON.parse(existingJson) as Fixture;
    return (
      JSON.stringify([existing.property, existing.planner, existing.faults, existing.cluster]) ===
      JSON.stringify([fixture.property, fixture.planner, fixture.faults, fixture.cluster])
    );
  } catch {
    return false;
  }
}

/** Reads and validates a fixture file's text; a corrupt or foreign file is an InputError. */
export function parseFixture(text: string): Fixture {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not a plancheck fixture: invalid JSON (${(error as Error).message})`);
  }
  const f = value as Partial<Fixture> | null;
  if (f === null || typeof f !== "object" || f.format !== FIXTURE_FORMAT) {
    throw new InputError(`not a plancheck fixture: missing "format": "${FIXTURE_FORMAT}"`);
  }
  for (const field of ["property", "planner", "cluster", "faults"] as const) {
    if (f[field] === undefined) throw new InputError(`corrupt fixture: missing "${field}"`);
  }
  const c = f.cluster as Partial<ClusterState>;
  if (!Array.isArray(c.nodes) || !Array.isArray(c.resources) || !Array.isArray(c.constraints) || !c.status || !c.options) {
    throw new InputError('corrupt fixture: "cluster" is not a cluster state');
  }
  if (!Array.isArray(f.faults)) throw new InputError('corrupt fixture: "faults" is not a list');
  return f as Fixture;
}
