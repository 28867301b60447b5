/**
 * Which primitives a transition restarts in place: named Restart in the
 * summary, or stopped and started again on a node where it stays (really,
 * not by a live migration, nor by the clean-up stop of a dangling one). Shared by no-restart-on-migration and
 * no-needless-actions.
 */
import type { Analysis } from "./analysis.ts";
import { actionsOf } from "./analysis.ts";

/** A primitive restarted on a node, with the stop and start that do it (when the graph has them). */
export interface Restart {
  resource: string;
  node: string | undefined;
  stop?: string;
  start?: string;
}

/** The summary subject's primitive: `r` or a clone instance `r:N`. */
export function subjectPrimitive(a: Analysis, subject: string): string {
  if (a.index.primitives.has(subject)) return subject;
  const m = /^(.*):\d+$/.exec(subject);
  return m !== null && a.index.primitives.has(m[1]!) ? m[1]! : subject;
}

/** The primitives the transition restarts in place, by resource (first restart of each). */
export function restartsOf(a: Analysis): Map<string, Restart> {
  const out = new Map<string, Restart>();
  for (const line of a.transition.summary) {
    if (line.verb !== "Restart") continue;
    const r = subjectPrimitive(a, line.subject);
    if (!out.has(r)) out.set(r, { resource: r, node: line.from, ...pairOn(a, r, line.from) });
  }
  for (const r of a.byResource.keys()) {
    if (out.has(r)) continue;
    for (const s of actionsOf(a, r, ["stop"]).filter((i) => !a.cleanupStops.has(i))) {
      const node = a.g.actions[s]!.node!;
      const start = actionsOf(a, r, ["start"]).find((i) => a.g.actions[i]!.node === node);
      if (start === undefined) continue;
      out.set(r, { resource: r, node, stop: a.g.ids[s]!, start: a.g.ids[start]! });
      break;
    }
  }
  return out;
}

function pairOn(a: Analysis, r: string, node: string | undefined): { stop?: string; start?: string } {
  if (node === undefined) return {};
  const stop = actionsOf(a, r, ["stop"]).find((i) => a.g.actions[i]!.node === node);
  const start = actionsOf(a, r, ["start"]).find((i) => a.g.actions[i]!.node === node);
  return { ...(stop !== undefined ? { stop: a.g.ids[stop]! } : {}), ...(start !== undefined ? { start: a.g.ids[start]! } : {}) };
}
