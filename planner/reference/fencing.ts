/**
 * Stage 6 of the reference planner: fencing. Every unclean node is fenced
 * (when fencing is enabled), and the implied stops of the resources it ran
 * are pseudo actions ordered after the fencing, so nothing it ran starts
 * elsewhere before the node is known to be down.
 */
import type { Availability } from "./availability.ts";
import type { GraphBuilder } from "./orderings.ts";

/** Stage 6: adds a fence action per unclean node and orders its implied stops after it. */
export function fenceUncleanNodes(availability: Availability, graph: GraphBuilder): void {
  for (const node of availability.toFence) {
    const fence = graph.action("fence", undefined, node);
    for (const action of [...graph.actions.values()]) {
      if (action.node === node && action.task === "stop" && action.pseudo) graph.order(fence, action.id, "fencing");
    }
  }
}
