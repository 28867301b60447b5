/**
 * The real Pacemaker scheduler as a plancheck {@link Planner}: the cluster is
 * written as a CIB, planned by crm_simulate (see run.ts), and its transition
 * graph and Transition Summary are read back (see graph.ts).
 *
 * The target placement is not printed by `crm_simulate -R`; it is derived by
 * executing the graph's actions against the state Pacemaker starts from with
 * the graph toolkit's semantics (starts, stops, migrate_from, fencing,
 * promote and demote; pseudo actions change nothing), in the graph's
 * topological order.
 *
 * Pacemaker starts nothing while fencing is enabled and no fencing device is
 * configured (crm_verify rejects such a CIB), and the model has no fencing
 * devices. So for a cluster with fencing enabled the planner adds one to the
 * written CIB: a stonith primitive with target-role Stopped. Pacemaker then
 * schedules fencing and recovery as usual; the device itself never runs, so
 * it takes no part in placement (only its probes appear in the graph, and
 * those are dropped like all probes).
 */
import { readFileSync } from "node:fs";
import { readCib } from "../cib/read.ts";
import { writeCib } from "../cib/write.ts";
import { executeInOrder, finalPlacement } from "../graph/execute.ts";
import { PlannerError, primitivesOf } from "../model.ts";
import type { ClusterState, ClusterStatus, Planner, SummaryLine, Transition } from "../model.ts";
import { parseSummaryLine } from "../summary.ts";
import { parseTransitionGraph, transitionOfGraph } from "./graph.ts";
import { simulateCibFile, simulateCibXml } from "./run.ts";
import type { SimulateOptions, SimulateResult } from "./run.ts";

/**
 * The status Pacemaker plans from: what is recorded active on an offline
 * node, or on an unclean one while fencing is disabled, is already stopped
 * for Pacemaker (its graph has at most a pseudo stop for it), so it is not
 * part of the state the graph is executed against.
 */
function startingStatus(cluster: ClusterState): ClusterStatus {
  const membership = new Map(cluster.nodes.map((n) => [n.name, n.membership]));
  const active = cluster.status.active.filter((p) => {
    const m = membership.get(p.node);
    return m === "online" || (m === "unclean" && cluster.options.fencingEnabled);
  });
  return { ...cluster.status, active };
}

/**
 * Builds a Transition from one crm_simulate run of a cluster. Summary lines that {@link parseSummaryLine} cannot read (verbs the
 * model lacks, such as Reload) are left out; the raw lines stay in
 * `result.summaryLines`.
 *
 * @throws PlannerError when the saved graph is malformed (with the command).
 */
export function transitionOfSimulation(cluster: ClusterState, result: SimulateResult): Transition {
  let graph;
  try {
    graph = transitionOfGraph(parseTransitionGraph(result.graphXml));
  } catch (error) {
    if (error instanceof PlannerError) throw new PlannerError(error.message, result.command, error.stderrTail);
    throw error;
  }
  const summary = result.summaryLines
    .map((line) => parseSummaryLine(line))
    .filter((line): line is SummaryLine => line !== undefined);
  const transition: Transition = { actions: graph.actions, edges: graph.edges, target: [], summary };
  // A cyclic graph has no topological order; its actions are then executed
  // in graph order, and the cycle is left for the graph-acyclic property.
  const status = startingStatus(cluster);
  transition.target = finalPlacement(status, transition) ?? executeInOrder(status, graph.actions);
  return transition;
}

/**
 * Adds a stopped fencing device to CIB XML written for a fencing-enabled
 * cluster (see the module comment); the XML is returned unchanged when
 * fencing is disabled or a stonith resource is already configured.
 */
function withFencingDevice(xml: string, cluster: ClusterState): string {
  if (!cluster.options.fencingEnabled || xml.includes('class="stonith"')) return xml;
  const taken = new Set([...cluster.resources.map((r) => r.id), ...primitivesOf(cluster.resources).map((p) => p.id)]);
  let id = "plancheck-fencing";
  for (let n = 2; taken.has(id); n += 1) id = `plancheck-fencing-${n}`;
  const device =
    `<primitive id="${id}" class="stonith" type="fence_plancheck"><meta_attributes id="${id}-meta">` +
    `<nvpair id="${id}-target-role" name="target-role" value="Stopped"/></meta_attributes></primitive>`;
  const end = xml.lastIndexOf("</resources>");
  if (end >= 0) return `${xml.slice(0, end)}${device}\n${xml.slice(end)}`;
  if (xml.includes("<resources/>")) return xml.replace("<resources/>", `<resources>${device}</resources>`);
  throw new PlannerError("cannot add a fencing device: the written CIB has no <resources> section");
}

/**
 * The real Pacemaker scheduler as a Planner named `pacemaker`: plan(cluster)
 * writes the cluster with writeCib (plus a stopped fencing device when
 * fencing is enabled) into a private temporary directory, runs
 * crm_verify and crm_simulate there (see {@link simulateCibXml} for the
 * options: time limit, tool paths, the verify gate), and returns the graph's
 * actions and edges, the derived target placement and the parsed summary.
 * Every failure is a {@link PlannerError}.
 */
export function pacemakerPlanner(options: SimulateOptions = {}): Planner {
  return {
    name: "pacemaker",
    plan(cluster: ClusterState): Transition {
      return transitionOfSimulation(cluster, simulateCibXml(withFencingDevice(writeCib(cluster), cluster), options));
    },
  };
}

/**
 * Plans a raw CIB file with the real Pacemaker scheduler (for `plancheck plan
 * --planner pacemaker FILE`): the file goes to crm_simulate as it is, and
 * readCib supplies the cluster whose state the target is derived from.
 *
 * @throws InputError (or Unsupported) when readCib cannot read the file;
 *   PlannerError when Pacemaker's tools fail.
 */
export function planCibFile(path: string, options: SimulateOptions = {}): Transition {
  const cluster = readCib(readFileSync(path, "utf8"));
  return transitionOfSimulation(cluster, simulateCibFile(path, options));
}
