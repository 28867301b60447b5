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
 */
import { readFileSync } from "node:fs";
import { readCib } from "../cib/read.ts";
import { writeCib } from "../cib/write.ts";
import { executeInOrder, finalPlacement } from "../graph/execute.ts";
import { PlannerError } from "../model.ts";
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
 * The real Pacemaker scheduler as a Planner named `pacemaker`: plan(cluster)
 * writes the cluster with writeCib into a private temporary directory, runs
 * crm_verify and crm_simulate there (see {@link simulateCibXml} for the
 * options: time limit, tool paths, the verify gate), and returns the graph's
 * actions and edges, the derived target placement and the parsed summary.
 * Every failure is a {@link PlannerError}.
 */
export function pacemakerPlanner(options: SimulateOptions = {}): Planner {
  return {
    name: "pacemaker",
    plan(cluster: ClusterState): Transition {
      return transitionOfSimulation(cluster, simulateCibXml(writeCib(cluster), options));
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
