/**
 * The current state, derived from each node's resource history (`lrm`) and
 * transient attributes, as Pacemaker documents its status section.
 *
 * Per (resource, node) the recorded operations are replayed in `call-id`
 * order (pending operations, call-id -1, last); the last state-changing
 * operation decides whether the resource is active there:
 * - probe (monitor, interval 0): rc 7 not running, rc 0 running, rc 8 running
 *   promoted; rc 5 (not installed) not running; any other rc is a failure
 *   that leaves it possibly active.
 * - start / promote / demote / migrate_from succeeded: active (Started,
 *   Promoted, Started, Started); stop succeeded: inactive.
 * - recurring monitors change nothing unless they fail.
 * - an operation fails when its op-status is not 0 or its rc differs from
 *   the rc the transition expected (the third field of `transition-key`).
 *   Under the default on-fail policies a failed start, monitor, promote,
 *   demote or migration leaves the resource active and needing recovery; a
 *   failed stop leaves it active too, and the node must be fenced (marked
 *   unclean) when fencing is enabled, else the resource is blocked there.
 *   A later successful state-changing operation supersedes the failure.
 * - a pending operation (call-id -1) other than a monitor means the resource
 *   is being acted on, hence active.
 *
 * Migrations: when a node's last operation is a successful migrate_to toward
 * T, and T is online (or, with fencing enabled, unclean by its own node
 * state) and has no record beyond probes, the migration is *partial* (active
 * on the source only); when T's last operation is a successful migrate_from
 * from that source, it is *dangling* (active on both, in its migration
 * window, until the source is stopped). Otherwise (T failed or stopped, or
 * is offline) the migration failed: the source holds a
 * failed migrate_to. A failed migrate_to also leaves the resource possibly
 * active, and failed, on its target unless the target was stopped since.
 *
 * Nodes: with fencing enabled, an offline node that is thought to run
 * something is unclean (it must be fenced first); without fencing, the
 * history of a node that is not online is ignored (nothing can be sure of it,
 * and nothing can fence it).
 *
 * Clone instances appear as `child:N` or `child`; both map to the child
 * primitive. Fail counts (`fail-count-RSC` or `fail-count-RSC#OP_INTERVAL`
 * transient attributes) are summed per resource and node.
 */
import {
  INFINITY,
  primitivesOf,
  type ClusterOptions,
  type ClusterStatus,
  type FailCount,
  type FailedOperation,
  type PendingMigration,
  type Placement,
  type Resource,
  type Role,
} from "../model.ts";
import { InputError, Unsupported } from "../errors.ts";
import type { NodeEntry } from "./nodes.ts";
import { parseScore, requiredAttribute, where } from "./values.ts";
import { childNamed, childrenNamed, type XmlElement } from "./xml.ts";

/** Operation statuses and OCF return codes that the replay distinguishes. */
const PENDING = -1;
const CANCELLED = 1;
const ERROR = 4;
/** OCF "degraded" results, which Pacemaker treats as running (190) and running promoted (191). */
const DEGRADED = 190;
const DEGRADED_PROMOTED = 191;
const NOT_RUNNING = 7;
const RUNNING_PROMOTED = 8;
const NOT_INSTALLED = 5;

/** The outcome of replaying one resource's history on one node. */
interface Replay {
  /** The role it has there, or undefined when inactive. */
  role?: Role;
  /** The failure still in effect, if any (for a failed migrate_to, with its target and time). */
  failure?: { operation: string; target?: string | undefined; change?: number | undefined };
  /** The last state-changing operation, if it was a successful migration step. */
  migration?: { operation: "migrate_to" | "migrate_from"; source: string; target: string };
  /** Whether any start, stop, promote, demote or migration was recorded (probes aside). */
  acted?: boolean;
  /** The last state-changing operation that succeeded, or failed. */
  last?: string;
  /** Its `last-rc-change` time, when recorded. */
  lastChange?: number | undefined;
}

interface Op {
  element: XmlElement;
  operation: string;
  callId: number;
  interval: number;
  rc: number;
  opStatus: number;
  expected: number;
  /** `last-rc-change`, when recorded: call ids of different nodes do not compare, times do. */
  change?: number | undefined;
}

function integer(element: XmlElement, name: string, fallback?: number): number {
  const value = element.attributes[name];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new InputError(`missing attribute '${name}'`, where(element));
  }
  if (!/^-?\d+$/.test(value.trim())) throw new InputError(`invalid integer '${value}' for ${name}`, where(element));
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new InputError(`integer '${value}' for ${name} is out of range`, where(element));
  return number;
}

function readOp(element: XmlElement): Op {
  const operation = requiredAttribute(element, "operation");
  const key = element.attributes["transition-key"];
  const interval = integer(element, "interval", 0);
  const expectedField = key?.split(":")[2];
  const isProbe = operation === "monitor" && interval === 0;
  let expected = isProbe ? 7 : 0;
  if (expectedField !== undefined && /^\d+$/.test(expectedField)) expected = Number(expectedField);
  return {
    element,
    operation,
    callId: integer(element, "call-id"),
    interval,
    rc: remapDegraded(integer(element, "rc-code", 0)),
    opStatus: integer(element, "op-status", 0),
    expected,
    change: element.attributes["last-rc-change"] === undefined ? undefined : integer(element, "last-rc-change"),
  };
}

function remapDegraded(rc: number): number {
  if (rc === DEGRADED) return 0;
  if (rc === DEGRADED_PROMOTED) return RUNNING_PROMOTED;
  return rc;
}

/** Operation statuses under which the rc still tells what happened (done, and "error" as older CIBs record unexpected rcs). */
function rcCounts(op: Op): boolean {
  return op.opStatus === 0 || op.opStatus === ERROR;
}

/** Replays one lrm_resource's operations (see the module comment). */
function replay(ops: Op[]): Replay {
  const sorted = [...ops].sort((a, b) => {
    const pa = a.callId < 0 || a.opStatus === PENDING ? 1 : 0;
    const pb = b.callId < 0 || b.opStatus === PENDING ? 1 : 0;
    return pa - pb || a.callId - b.callId;
  });
  const state: Replay = {};
  for (const op of sorted) {
    if (op.opStatus === CANCELLED) continue;
    const pending = op.callId < 0 || op.opStatus === PENDING;
    if (op.operation === "monitor" && op.interval === 0) {
      if (pending) continue;
      state.migration = undefined;
      if (op.rc === NOT_INSTALLED) {
        state.role = undefined;
        state.failure = { operation: "monitor" };
      } else if (rcCounts(op) && op.rc === NOT_RUNNING) {
        state.role = undefined;
        state.failure = undefined;
      } else if (rcCounts(op) && (op.rc === 0 || op.rc === RUNNING_PROMOTED)) {
        state.role = op.rc === 0 ? "Started" : "Promoted";
        state.failure = undefined;
      } else {
        state.role = state.role ?? "Started";
        state.failure = { operation: "monitor" };
      }
      continue;
    }
    if (pending) {
      if (op.operation !== "monitor") state.role = state.role ?? "Started";
      continue;
    }
    const ok = rcCounts(op) && op.rc === op.expected;
    if (op.interval > 0) {
      if (!ok) {
        state.role = state.role ?? "Started";
        state.failure = { operation: op.operation };
      } else if (op.operation === "monitor" && op.rc !== NOT_RUNNING) {
        // A recurring monitor that reports "running" is evidence of it.
        state.role = state.role ?? (op.rc === RUNNING_PROMOTED ? "Promoted" : "Started");
      }
      continue;
    }
    switch (op.operation) {
      case "start":
      case "stop":
      case "promote":
      case "demote":
      case "migrate_to":
      case "migrate_from":
        state.migration = undefined;
        state.acted = true;
        state.last = op.operation;
        state.lastChange = op.change;
        if (!ok) {
          state.role = state.role ?? "Started";
          state.failure = { operation: op.operation };
          if (op.operation === "migrate_to") {
            state.failure.target = op.element.attributes["migrate_target"];
            state.failure.change = op.change;
          }
          break;
        }
        state.failure = undefined;
        if (op.operation === "stop") state.role = undefined;
        else if (op.operation === "promote") state.role = "Promoted";
        else state.role = "Started";
        if (op.operation === "migrate_to" || op.operation === "migrate_from") {
          const source = op.element.attributes["migrate_source"];
          const target = op.element.attributes["migrate_target"];
          if (source === undefined || target === undefined) {
            throw new Unsupported("migration record without migrate_source/migrate_target", where(op.element));
          }
          state.migration = { operation: op.operation, source, target };
        }
        break;
      default:
        // notify, reload, meta-data, cancel...: no change of state, but a failure needs recovery.
        if (!ok && state.role !== undefined) state.failure = { operation: op.operation };
    }
  }
  return state;
}

/** Parses a fail-count attribute name into the resource it counts against. */
function failCountResource(name: string): string | undefined {
  if (!name.startsWith("fail-count-")) return undefined;
  const rest = name.slice("fail-count-".length);
  const hash = rest.lastIndexOf("#");
  return hash < 0 ? rest : rest.slice(0, hash);
}

/** Strips a clone instance suffix (`:N`) when what remains is a known primitive. */
function primitiveOf(id: string, primitives: ReadonlySet<string>): string | undefined {
  if (primitives.has(id)) return id;
  const match = /^(.*):\d+$/.exec(id);
  if (match !== null && primitives.has(match[1] as string)) return match[1];
  return undefined;
}

/**
 * Derives the cluster status from the node entries' node_states, and marks
 * nodes unclean where the history demands fencing (see the module comment).
 */
export function readStatus(
  entries: NodeEntry[],
  resources: Resource[],
  options: ClusterOptions,
): ClusterStatus {
  const primitiveIds = primitivesOf(resources).map((p) => p.id);
  const primitives = new Set(primitiveIds);
  const rscIndex = new Map(primitiveIds.map((id, index) => [id, index]));
  const nodeIndex = new Map(entries.map((entry, index) => [entry.node.name, index]));
  const active: Placement[] = [];
  const failed: FailedOperation[] = [];
  const failCounts: FailCount[] = [];
  /** Per resource: node → replay, to pair up migrations. */
  const replays = new Map<string, Map<string, Replay>>();
  /** Nodes whose own state says they must be fenced (before their histories mark any more unclean). */
  const uncleanByState = new Set(entries.filter((e) => e.node.membership === "unclean").map((e) => e.node.name));

  for (const entry of entries) {
    const node = entry.node;
    for (const [name, value] of entry.transient) {
      const rscName = failCountResource(name);
      if (rscName === undefined) continue;
      const rsc = primitiveOf(rscName, primitives);
      if (rsc === undefined) continue;
      const count = parseScore(value, name, entry.state === undefined ? `transient attributes of node ${node.name}` : where(entry.state));
      if (count <= 0) continue;
      const existing = failCounts.find((f) => f.resource === rsc && f.node === node.name);
      if (existing === undefined) failCounts.push({ resource: rsc, node: node.name, count });
      else existing.count = Math.min(INFINITY, existing.count + count);
    }

    const lrm = entry.state === undefined ? undefined : childNamed(entry.state, "lrm");
    const lrmResources = lrm === undefined ? undefined : childNamed(lrm, "lrm_resources");
    if (lrmResources === undefined) continue;
    if (!options.fencingEnabled && node.membership !== "online") continue;
    for (const lrmResource of childrenNamed(lrmResources, "lrm_resource")) {
      const id = requiredAttribute(lrmResource, "id");
      const result = replay(childrenNamed(lrmResource, "lrm_rsc_op").map(readOp));
      const rsc = primitiveOf(id, primitives);
      if (rsc === undefined) {
        if (result.role !== undefined) throw new Unsupported("orphaned resource active in status", where(lrmResource));
        continue;
      }
      if (result.role !== undefined) {
        active.push({ resource: rsc, node: node.name, role: result.role });
        if (node.membership === "offline" && !node.maintenance) node.membership = "unclean";
      }
      if (result.failure !== undefined) {
        failed.push({ resource: rsc, node: node.name, operation: result.failure.operation, activeAfter: result.role !== undefined });
        if (result.failure.operation === "stop" && options.fencingEnabled) node.membership = "unclean";
      }
      let perNode = replays.get(rsc);
      if (perNode === undefined) replays.set(rsc, (perNode = new Map()));
      perNode.set(node.name, result);
    }
  }

  // A failed migrate_to may have left the resource running on its target as
  // well, unless the target has been stopped since (by last-rc-change when
  // both times are known: call ids of different nodes do not compare).
  for (const [resource, perNode] of replays) {
    for (const [node, result] of perNode) {
      const target = result.failure?.operation === "migrate_to" ? result.failure.target : undefined;
      if (target === undefined || target === node || !nodeIndex.has(target)) continue;
      const onTarget = perNode.get(target);
      const failedAt = result.failure?.change;
      const stoppedAt = onTarget?.last === "stop" ? onTarget.lastChange : undefined;
      const stoppedSince = onTarget?.last === "stop" && (failedAt === undefined || stoppedAt === undefined || stoppedAt >= failedAt);
      if (onTarget?.role !== undefined || stoppedSince) continue;
      active.push({ resource, node: target, role: "Started" });
      failed.push({ resource, node: target, operation: "migrate_to", activeAfter: true });
    }
  }

  // A successful migrate_to is a pending migration while its target is online
  // (or, with fencing, unclean by its own state: the resource may be running
  // there, until it is fenced) and untouched (partial) or has completed
  // migrate_from (dangling); otherwise the migration failed and the source
  // needs recovery.
  const migrations: PendingMigration[] = [];
  const migrationTargets = new Set(entries.filter((e) => e.node.membership === "online").map((e) => e.node.name));
  if (options.fencingEnabled) for (const node of uncleanByState) migrationTargets.add(node);
  for (const [resource, perNode] of replays) {
    for (const [node, result] of perNode) {
      const step = result.migration;
      if (step === undefined || step.operation !== "migrate_to" || step.source !== node) continue;
      const onTarget = perNode.get(step.target);
      const targetStep = onTarget?.migration;
      if (targetStep !== undefined && targetStep.operation === "migrate_from" && targetStep.source === node) {
        migrations.push({ resource, source: node, target: step.target, stage: "dangling" });
      } else if (onTarget?.acted !== true && onTarget?.role === undefined && migrationTargets.has(step.target)) {
        migrations.push({ resource, source: node, target: step.target, stage: "partial" });
      } else if (result.role !== undefined) {
        failed.push({ resource, node, operation: "migrate_to", activeAfter: true });
      }
    }
  }

  const byRscNode = (a: { resource: string; node: string }, b: { resource: string; node: string }): number =>
    (rscIndex.get(a.resource) ?? 0) - (rscIndex.get(b.resource) ?? 0) || (nodeIndex.get(a.node) ?? 0) - (nodeIndex.get(b.node) ?? 0);
  active.sort((a, b) => byRscNode(a, b) || a.role.localeCompare(b.role));
  failed.sort(byRscNode);
  failCounts.sort(byRscNode);
  migrations.sort((a, b) => byRscNode({ resource: a.resource, node: a.source }, { resource: b.resource, node: b.source }));
  return { active, failed, failCounts, migrations };
}
