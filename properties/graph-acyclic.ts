import { analyse, violation } from "./analysis.ts";
import { ineligibility } from "./cluster.ts";
import type { Property, Violation } from "./property.ts";

const ID = "graph-acyclic";

/**
 * The transition must be executable at all. Its ordering edges must form a
 * directed acyclic graph over the actions it declares: a cycle means the
 * actions on it wait for each other forever, and an edge naming an action
 * that does not exist (or an id declared twice) means the graph is not what
 * the planner thinks it is. Every action must also be on a node that exists,
 * and nothing may start or arrive by migrate_from on a node that cannot host
 * new work (offline, unclean, standby, shutting down, in maintenance). Decided on the indexed
 * graph: the shortest cycle is reported with its edges, then each malformed
 * edge, duplicate id and misplaced action.
 */
export const graphAcyclic: Property = {
  id: ID,
  statement:
    "The ordering edges form a DAG over existing actions; every action is on an existing, eligible node.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    const out: Violation[] = [];
    if (a.cycle !== undefined) {
      const cycle = a.cycle;
      const edges = cycle.map((id, k) => ({ first: id, then: cycle[(k + 1) % cycle.length]! }));
      out.push(
        violation(
          ID,
          cycle.length === 1
            ? `${cycle[0]} is ordered after itself, so it can never run.`
            : `The actions ${[...cycle, cycle[0]].join(" → ")} form a cycle, so none of them can ever run.`,
          cycle,
          edges,
        ),
      );
    }
    for (const e of a.g.unknownEdges) {
      const missing = [e.first, e.then].filter((id) => !a.g.index.has(id));
      out.push(
        violation(ID, `The edge ${e.first} → ${e.then} names ${missing.join(" and ")}, which the transition does not declare.`, [e.first, e.then].filter((id) => a.g.index.has(id)), [
          { first: e.first, then: e.then },
        ]),
      );
    }
    for (const id of a.g.duplicateIds) out.push(violation(ID, `The action ${id} is declared more than once.`, [id]));
    for (const action of a.g.actions) {
      if (action.node === undefined) continue;
      if (!a.index.nodes.has(action.node)) {
        out.push(violation(ID, `${action.id} runs on ${action.node}, which is not a node of the cluster.`, [action.id]));
        continue;
      }
      if ((action.task === "start" || action.task === "migrate_from") && !action.pseudo) {
        const why = ineligibility(a.index, action.node);
        if (why !== undefined)
          out.push(violation(ID, `${action.id} brings ${action.resource ?? "a resource"} up on ${action.node}, which is ${why}.`, [action.id]));
      }
    }
    return out;
  },
};
