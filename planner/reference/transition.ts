/**
 * Stage 7 of the reference planner: the transition. Assembles the graph, the
 * target placement (what runs where once every action has run) and the
 * Transition Summary lines in crm_simulate's order: fencing first, then one
 * line per changed resource in declaration order.
 */
import type { Placement, SummaryLine, Transition } from "../model.ts";
import type { ResourceChange } from "./actions.ts";
import type { Availability } from "./availability.ts";
import { activeNodes, primitivesNamed, processingOrder, type PlanContext } from "./context.ts";
import type { GraphBuilder } from "./orderings.ts";

function summaryLine(change: ResourceChange): SummaryLine | undefined {
  const subject = change.instance === undefined ? change.resource : `${change.resource}:${change.instance}`;
  const line = (verb: SummaryLine["verb"], from?: string, to?: string): SummaryLine => {
    const out: SummaryLine = { verb, subject };
    if (from !== undefined) out.from = from;
    if (to !== undefined) out.to = to;
    if (change.reason !== undefined) out.reason = change.reason;
    return out;
  };
  switch (change.kind) {
    case "start":
      return line("Start", undefined, change.to);
    case "stop":
      return change.from === undefined ? undefined : line("Stop", change.from);
    case "move":
      return line("Move", change.from, change.to);
    case "migrate":
      return line("Migrate", change.from, change.to);
    case "restart":
      return change.multiplyActiveFrom !== undefined && change.multiplyActiveFrom !== change.to
        ? line("Move", change.multiplyActiveFrom, change.to)
        : line("Restart", change.from);
    case "recover":
      if (change.multiplyActiveFrom !== undefined && change.multiplyActiveFrom !== change.to) return line("Recover", change.multiplyActiveFrom, change.to);
      return change.from === change.to ? line("Recover", change.from) : line("Recover", change.from, change.to);
    case "blocked":
      return { ...line("Start", undefined, change.to), reason: `${change.reason} (blocked)` };
  }
}

/** The placement once every action has run: the current one, less what stops or is fenced, plus what starts. */
function targetPlacement(ctx: PlanContext, availability: Availability, graph: GraphBuilder): Placement[] {
  const fenced = new Set(availability.toFence);
  const stops = new Map<string, Set<string>>();
  const starts = new Map<string, Set<string>>();
  for (const action of graph.actions.values()) {
    if (action.resource === undefined || action.node === undefined) continue;
    const into = action.task === "stop" ? stops : action.task === "start" || action.task === "migrate_from" ? starts : undefined;
    if (into === undefined) continue;
    const set = into.get(action.resource) ?? new Set<string>();
    set.add(action.node);
    into.set(action.resource, set);
  }
  const target: Placement[] = [];
  for (const id of ctx.primitives.keys()) {
    const nodes = new Set(activeNodes(ctx, id).filter((node) => !fenced.has(node)));
    for (const node of stops.get(id) ?? []) nodes.delete(node);
    for (const node of starts.get(id) ?? []) nodes.add(node);
    for (const node of ctx.nodeNames) if (nodes.has(node)) target.push({ resource: id, node, role: "Started" });
  }
  return target;
}

/**
 * Changes in the order crm_simulate lists them: resources in processing
 * order, a group's members in order, a cloned group instance by instance.
 */
function summaryOrder(ctx: PlanContext, changes: readonly ResourceChange[]): ResourceChange[] {
  const byResource = new Map<string, ResourceChange[]>();
  for (const c of changes) byResource.set(c.resource, [...(byResource.get(c.resource) ?? []), c]);
  const ordered: ResourceChange[] = [];
  for (const resource of processingOrder(ctx)) {
    const members = primitivesNamed(ctx, resource.id).flatMap((p) => byResource.get(p.id) ?? []);
    const instanced = resource.kind === "clone" && resource.child.kind === "group";
    ordered.push(...(instanced ? [...members].sort((a, b) => (a.instance ?? 0) - (b.instance ?? 0)) : members));
  }
  return ordered;
}

/** Stage 7: assembles the Transition. */
export function assembleTransition(
  ctx: PlanContext,
  availability: Availability,
  changes: readonly ResourceChange[],
  graph: GraphBuilder,
): Transition {
  const fences: SummaryLine[] = [...availability.toFence].reverse().map((node) => ({
    verb: "Fence",
    subject: node,
    fenceType: "reboot",
    reason: availability.fenceReasons.get(node) ?? "peer is no longer part of the cluster",
  }));
  const lines = summaryOrder(ctx, changes)
    .map(summaryLine)
    .filter((l): l is SummaryLine => l !== undefined);
  return {
    actions: [...graph.actions.values()],
    edges: graph.edges,
    target: targetPlacement(ctx, availability, graph),
    summary: [...fences, ...lines],
  };
}
