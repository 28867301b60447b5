/**
 * Cluster options: `crm_config` properties, `rsc_defaults` meta attributes and
 * the `have-quorum` attribute of `<cib>`.
 */
import { INFINITY, primitivesOf, type ClusterOptions, type ClusterState, type NoQuorumPolicy, type PlacementStrategy } from "../model.ts";
import { whenFencing, whenFencingOrQuorumMatters, whenMultiplyActive, type Conditional } from "./conditions.ts";
import { InputError, Unsupported } from "../errors.ts";
import { parseBoolean, parseScore, readNvpairs, where, type IdIndex } from "./values.ts";
import { childNamed, childrenNamed, descendants, type XmlElement } from "./xml.ts";

/** Options plus what only the reader itself needs. */
export interface ReadOptions {
  options: ClusterOptions;
  /** `startup-fencing`: nodes never seen are assumed unclean (default true). */
  startupFencing: boolean;
  /** Properties and defaults outside the model that matter only in some states. */
  conditionals: Conditional[];
}

const NO_QUORUM_POLICIES: readonly NoQuorumPolicy[] = ["stop", "ignore", "freeze", "demote", "suicide"];
const PLACEMENT_STRATEGIES: readonly PlacementStrategy[] = ["default", "utilization", "minimal", "balanced"];

/**
 * Cluster properties that change scheduling in ways the model cannot express,
 * with the value(s) that are harmless (the defaults).
 */
const UNSUPPORTED_PROPERTIES: Record<string, (value: string, at: string) => boolean> = {
  "maintenance-mode": (v, at) => !parseBoolean(v, "maintenance-mode", at),
  "stop-all-resources": (v, at) => !parseBoolean(v, "stop-all-resources", at),
  "shutdown-lock": (v, at) => !parseBoolean(v, "shutdown-lock", at),
  "node-health-strategy": (v) => v === "none",
};

/** rsc_defaults names the model has no field for, with their harmless (default) values. */
const DEFAULT_ONLY: Record<string, (value: string, at: string) => boolean> = {
  "is-managed": (v, at) => parseBoolean(v, "is-managed", at),
  "allow-migrate": (v, at) => !parseBoolean(v, "allow-migrate", at),
  "target-role": (v) => v === "Started",
  priority: (v, at) => parseScore(v, "priority", at) === 0,
};

const anyFailure = (c: ClusterState): boolean => c.status.failed.length > 0 || c.status.failCounts.length > 0;
const anyMultiplyActive = (c: ClusterState): boolean => whenMultiplyActive(primitivesOf(c.resources).map((p) => p.id))(c);
const anyFailedStart = (c: ClusterState): boolean => c.status.failed.some((f) => f.operation === "start");

/** Reads `crm_config`, `rsc_defaults` and `have-quorum` into cluster options. */
export function readOptions(cib: XmlElement, configuration: XmlElement, ids: IdIndex): ReadOptions {
  const crmConfig = childNamed(configuration, "crm_config");
  const props = crmConfig === undefined ? new Map<string, string>() : readNvpairs(crmConfig, "cluster_property_set", ids);
  const at = crmConfig === undefined ? "crm_config" : where(crmConfig);

  for (const [name, harmless] of Object.entries(UNSUPPORTED_PROPERTIES)) {
    const value = props.get(name);
    if (value !== undefined && !harmless(value, at)) throw new Unsupported(`${name}=${value}`, at);
  }

  const fencing = props.get("fencing-enabled") ?? props.get("stonith-enabled");
  const symmetric = props.get("symmetric-cluster");
  const policy = props.get("no-quorum-policy") ?? "stop";
  if (!(NO_QUORUM_POLICIES as readonly string[]).includes(policy)) {
    throw new InputError(`invalid no-quorum-policy '${policy}'`, at);
  }
  const fencingEnabled = fencing === undefined ? true : parseBoolean(fencing, "stonith-enabled", at);
  if (policy === "suicide" && !fencingEnabled) throw new InputError("no-quorum-policy=suicide requires fencing", at);
  const startupFencing = props.get("startup-fencing");
  const startFailure = props.get("start-failure-is-fatal");
  const legacyStickiness = props.get("default-resource-stickiness");

  let defaultStickiness = legacyStickiness === undefined ? 0 : parseScore(legacyStickiness, "default-resource-stickiness", at);
  let defaultMigrationThreshold = INFINITY;
  const conditionals: Conditional[] = [];
  const action = props.get("fencing-action") ?? props.get("stonith-action");
  if (action !== undefined && action !== "reboot") conditionals.push({ construct: `fencing-action=${action}`, where: at, matters: whenFencing });
  if (startFailure !== undefined && !parseBoolean(startFailure, "start-failure-is-fatal", at)) {
    conditionals.push({ construct: "start-failure-is-fatal=false with a failed start", where: at, matters: anyFailedStart });
  }
  const rscDefaults = childNamed(configuration, "rsc_defaults");
  if (rscDefaults !== undefined) {
    const dat = where(rscDefaults);
    const meta = readNvpairs(rscDefaults, "meta_attributes", ids);
    for (const [name, value] of meta) {
      if (name === "resource-stickiness" || name === "resource_stickiness") {
        defaultStickiness = parseScore(value, name, dat);
      } else if (name === "migration-threshold") {
        defaultMigrationThreshold = parseThreshold(value, dat);
      } else if (name === "failure-timeout") {
        if (value !== "0") conditionals.push({ construct: "failure-timeout with recorded failures", where: dat, matters: anyFailure });
      } else if (name === "requires") {
        if (value !== (fencingEnabled ? "fencing" : "quorum")) conditionals.push({ construct: `requires=${value}`, where: dat, matters: whenFencingOrQuorumMatters });
      } else if (name === "multiple-active") {
        if (value !== "stop_start") conditionals.push({ construct: `multiple-active=${value}`, where: dat, matters: anyMultiplyActive });
      } else {
        const harmless = Object.hasOwn(DEFAULT_ONLY, name) ? DEFAULT_ONLY[name] : undefined;
        if (harmless !== undefined && !harmless(value, dat)) throw new Unsupported(`rsc_defaults ${name}=${value}`, dat);
      }
    }
  }
  for (const opDefaults of childrenNamed(configuration, "op_defaults")) {
    // Only on-fail would matter here (timeouts and record-pending do not), rules or not.
    const onFail = descendants(opDefaults).find((e) => e.name === "nvpair" && e.attributes["name"] === "on-fail");
    if (onFail !== undefined) throw new Unsupported(`op_defaults on-fail=${onFail.attributes["value"] ?? ""}`, where(onFail));
  }

  const haveQuorum = cib.attributes["have-quorum"];
  const strategy = props.get("placement-strategy") ?? "default";
  if (!(PLACEMENT_STRATEGIES as readonly string[]).includes(strategy)) throw new InputError(`invalid placement-strategy '${strategy}'`, at);
  const options: ClusterOptions = {
    fencingEnabled,
    symmetricCluster: symmetric === undefined ? true : parseBoolean(symmetric, "symmetric-cluster", at),
    noQuorumPolicy: policy as NoQuorumPolicy,
    haveQuorum: haveQuorum === undefined ? false : parseBoolean(haveQuorum, "have-quorum", where(cib)),
    defaultStickiness,
    defaultMigrationThreshold,
  };
  if (strategy !== "default") options.placementStrategy = strategy as PlacementStrategy;
  return {
    options,
    startupFencing: startupFencing === undefined ? true : parseBoolean(startupFencing, "startup-fencing", at),
    conditionals,
  };
}

/** Parses a `migration-threshold`: a non-negative score (INFINITY allowed). */
export function parseThreshold(value: string, at: string): number {
  const threshold = parseScore(value, "migration-threshold", at);
  if (threshold < 0) throw new InputError(`invalid migration-threshold '${value}'`, at);
  return threshold;
}
