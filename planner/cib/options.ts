/**
 * Cluster options: `crm_config` properties, `rsc_defaults` meta attributes and
 * the `have-quorum` attribute of `<cib>`.
 */
import { INFINITY, type ClusterOptions, type NoQuorumPolicy } from "../model.ts";
import { InputError, Unsupported } from "../errors.ts";
import { parseBoolean, parseScore, readNvpairs, where, type IdIndex } from "./values.ts";
import { childNamed, childrenNamed, descendants, type XmlElement } from "./xml.ts";

/** Options plus the properties that only the reader itself needs. */
export interface ReadOptions {
  options: ClusterOptions;
  /** `startup-fencing`: nodes never seen are assumed unclean (default true). */
  startupFencing: boolean;
  /** `failure-timeout` from rsc_defaults, if set: failures may expire. */
  defaultFailureTimeout: boolean;
  /** `start-failure-is-fatal` (default true): matters only if a start failed. */
  startFailureIsFatal: boolean;
  /** `placement-strategy` (default `default`): matters only with utilization. */
  placementStrategy: string;
}

const NO_QUORUM_POLICIES: readonly NoQuorumPolicy[] = ["stop", "ignore", "freeze", "demote", "suicide"];

/**
 * Cluster properties that change scheduling in ways the model cannot express,
 * with the value(s) that are harmless (the defaults).
 */
const UNSUPPORTED_PROPERTIES: Record<string, (value: string, at: string) => boolean> = {
  "maintenance-mode": (v, at) => !parseBoolean(v, "maintenance-mode", at),
  "stop-all-resources": (v, at) => !parseBoolean(v, "stop-all-resources", at),
  "shutdown-lock": (v, at) => !parseBoolean(v, "shutdown-lock", at),
  "node-health-strategy": (v) => v === "none",
  "fencing-action": (v) => v === "reboot",
  "stonith-action": (v) => v === "reboot",
};

/** rsc_defaults names the model has no field for, with their harmless (default) values. */
const DEFAULT_ONLY: Record<string, (value: string, at: string) => boolean> = {
  "is-managed": (v, at) => parseBoolean(v, "is-managed", at),
  "allow-migrate": (v, at) => !parseBoolean(v, "allow-migrate", at),
  "target-role": (v) => v === "Started",
  priority: (v, at) => parseScore(v, "priority", at) === 0,
  "multiple-active": (v) => v === "stop_start",
  requires: () => false,
};

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
  let defaultFailureTimeout = false;
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
        defaultFailureTimeout = value !== "0";
      } else {
        const harmless = DEFAULT_ONLY[name];
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
  return {
    options: {
      fencingEnabled,
      symmetricCluster: symmetric === undefined ? true : parseBoolean(symmetric, "symmetric-cluster", at),
      noQuorumPolicy: policy as NoQuorumPolicy,
      haveQuorum: haveQuorum === undefined ? false : parseBoolean(haveQuorum, "have-quorum", where(cib)),
      defaultStickiness,
      defaultMigrationThreshold,
    },
    startupFencing: startupFencing === undefined ? true : parseBoolean(startupFencing, "startup-fencing", at),
    defaultFailureTimeout,
    startFailureIsFatal: startFailure === undefined ? true : parseBoolean(startFailure, "start-failure-is-fatal", at),
    placementStrategy: props.get("placement-strategy") ?? "default",
  };
}

/** Parses a `migration-threshold`: a non-negative score (INFINITY allowed). */
export function parseThreshold(value: string, at: string): number {
  const threshold = parseScore(value, "migration-threshold", at);
  if (threshold < 0) throw new InputError(`invalid migration-threshold '${value}'`, at);
  return threshold;
}
