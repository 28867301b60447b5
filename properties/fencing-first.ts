import { analyse, realisations, violation } from "./analysis.ts";
import type { Property, Violation } from "./property.ts";

const ID = "fencing-first";

/**
 * An unclean node may still be running what it ran: until it is fenced,
 * recovering its resources elsewhere risks running them twice (split brain,
 * corrupted data). So nothing that was active on an unclean node may be
 * started (or arrive by migrate_from) anywhere unless the fencing of that
 * node precedes it in the graph, and when fencing is enabled every unclean
 * node must be fenced. Clone instances are exempt from the first rule (a new
 * instance elsewhere is not the lost one; clone limits are transient-safety's
 * concern). Decided from the status, the fence actions and the closure.
 */
export const fencingFirst: Property = {
  id: ID,
  statement:
    "Nothing that was active on an unclean node starts anywhere before that node is fenced; an unclean node is fenced when fencing is enabled.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    const out: Violation[] = [];
    for (const node of cluster.nodes) {
      if (node.membership !== "unclean") continue;
      const fence = a.g.actions.findIndex((x) => x.task === "fence" && x.node === node.name);
      const fenceId = fence === -1 ? undefined : a.g.ids[fence]!;
      if (fence === -1 && cluster.options.fencingEnabled)
        out.push(violation(ID, `${node.name} is unclean and fencing is enabled, but the transition never fences it.`, []));
      if (fence === -1 && !cluster.options.fencingEnabled) continue;
      const lost = new Set(cluster.status.active.filter((p) => p.node === node.name).map((p) => p.resource));
      for (const r of lost) {
        if (a.index.cloneOf(r) !== undefined) continue;
        for (const s of realisations(a, r)) {
          if (fence !== -1 && a.precedes(fence, s)) continue;
          const sid = a.g.ids[s]!;
          out.push(
            fenceId === undefined
              ? violation(ID, `${sid} recovers ${r}, which was active on unclean ${node.name}, but ${node.name} is never fenced.`, [sid])
              : violation(ID, `${sid} is not ordered after ${fenceId}: ${r} may start again while unclean ${node.name} may still run it.`, [fenceId, sid], [
                  { first: fenceId, then: sid },
                ]),
          );
        }
      }
    }
    return out;
  },
};
