/**
 * Stage 1a of the reference planner: tickets. A resource that needs a ticket
 * (`rsc_ticket`) may run only while the ticket is granted and not in
 * standby. What happens where it runs when that is no longer so:
 * - the ticket is in standby (being given up gracefully): it stops;
 * - the ticket is revoked (or was never granted), by loss policy: `stop`
 *   (and `demote`, for a resource that is not promotable) stops it;
 *   `fence` fences every node it runs on; `freeze` leaves it where it runs
 *   and starts it nowhere else.
 */
import type { LossPolicy, TicketConstraint } from "../model.ts";
import { activeNodes, primitivesNamed, type PlanContext } from "./context.ts";

/** What the tickets imply for the later stages. */
export interface TicketEffects {
  /** Primitives that may start nowhere: a ticket they need is revoked or in standby. */
  barred: ReadonlySet<string>;
  /** Of those, primitives held where they run (every such ticket is revoked under `freeze`). */
  held: ReadonlySet<string>;
  /** Nodes to fence, each with the reason: a resource whose ticket was revoked under `fence` runs there. */
  fence: ReadonlyMap<string, string>;
}

/** The reason Pacemaker gives for fencing a node over a lost ticket. */
export const TICKET_LOSS = "deadman ticket was lost";

/** What a ticket constraint does now: nothing (the ticket is usable), or its policy. */
function effectOf(ctx: PlanContext, c: TicketConstraint): LossPolicy | undefined {
  const state = ctx.cluster.status.tickets?.find((t) => t.id === c.ticket);
  if (state?.granted === true) return state.standby ? "stop" : undefined;
  return c.lossPolicy === "demote" ? "stop" : c.lossPolicy;
}

/** Stage 1a: the effects of every ticket constraint. */
export function ticketEffects(ctx: PlanContext): TicketEffects {
  const policies = new Map<string, LossPolicy[]>();
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "ticket") continue;
    const effect = effectOf(ctx, c);
    if (effect === undefined) continue;
    for (const p of primitivesNamed(ctx, c.resource)) policies.set(p.id, [...(policies.get(p.id) ?? []), effect]);
  }
  const held = new Set<string>();
  const fence = new Map<string, string>();
  for (const [id, list] of policies) {
    const active = activeNodes(ctx, id);
    if (list.every((p) => p === "freeze") && active.length > 0) held.add(id);
    if (list.includes("fence")) for (const node of active) fence.set(node, TICKET_LOSS);
  }
  return { barred: new Set(policies.keys()), held, fence };
}
