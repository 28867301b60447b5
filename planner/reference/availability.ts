/**
 * Stage 1 of the reference planner: node availability. Decides which nodes
 * may run resources, which are still up (a live migration may leave a
 * standby node, never a lost one), which nodes must be fenced (unclean ones,
 * and those a lost ticket condemns), and what tickets forbid (see tickets.ts).
 */
import type { UnknownNodeState } from "../model.ts";
import type { PlanContext } from "./context.ts";
import { ticketEffects } from "./tickets.ts";

/** What the later stages need to know about the nodes. */
export interface Availability {
  /** Online, not standby, not shutting down, not in maintenance: new resources may start here. */
  runnable: ReadonlySet<string>;
  /** Online (standby included): a resource active here can be stopped or migrated away. */
  up: ReadonlySet<string>;
  /** Nodes to be fenced before their resources are recovered: unclean ones, and those of a lost ticket. */
  toFence: readonly string[];
  /** Why each node of {@link toFence} is fenced, as the Transition Summary says it. */
  fenceReasons: ReadonlyMap<string, string>;
  /** Primitives that may start nowhere: a ticket they need is revoked or in standby. */
  barred: ReadonlySet<string>;
  /** Primitives held where they run: every ticket they lack was revoked under loss-policy freeze. */
  held: ReadonlySet<string>;
  /** Nodes whose resources are gone (offline, or unclean): their stops are implied, not executed. */
  lost: ReadonlySet<string>;
  /** The cluster has quorum, or no-quorum-policy is `ignore`: resources may start. */
  quorate: boolean;
  /** Quorum is lost and no-quorum-policy is `freeze`: active resources stay, nothing new starts. */
  frozen: boolean;
  /** Why a resource that cannot run anywhere stops: `node availability`, or `no quorum`. */
  stopReason: string;
}

/**
 * Why an unclean node is fenced, as the Transition Summary says it: it left
 * the cluster, or nothing is known of it (no node_state; a node_state that
 * does not say whether the cluster layer sees it).
 */
const UNCLEAN_REASONS: Record<UnknownNodeState | "left", string> = {
  left: "peer is no longer part of the cluster",
  "no-state": "node is unclean",
  "not-seen": "peer has not been seen by the cluster",
};

/** Stage 1: computes node availability from membership, standby, fencing and quorum. */
export function computeAvailability(ctx: PlanContext): Availability {
  const { options } = ctx.cluster;
  const quorate = options.haveQuorum || options.noQuorumPolicy === "ignore";
  const runnable = new Set<string>();
  const up = new Set<string>();
  const lost = new Set<string>();
  const toFence: string[] = [];
  const fenceReasons = new Map<string, string>();
  const tickets = ticketEffects(ctx);
  for (const node of ctx.cluster.nodes) {
    const condemned = tickets.fence.get(node.name);
    if (node.membership === "online" && condemned !== undefined) {
      lost.add(node.name);
      toFence.push(node.name);
      fenceReasons.set(node.name, condemned);
      continue;
    }
    if (node.membership === "online") {
      up.add(node.name);
      // A node in maintenance keeps what runs there but takes nothing new.
      if (!node.standby && !node.shutdown && !node.maintenance && quorate) runnable.add(node.name);
      continue;
    }
    lost.add(node.name);
    const fencing = options.fencingEnabled && !ctx.faults.has("no-fencing");
    if (node.membership === "unclean" && fencing) {
      toFence.push(node.name);
      fenceReasons.set(node.name, UNCLEAN_REASONS[node.unknownState ?? "left"]);
    }
  }
  return {
    runnable,
    up,
    toFence,
    fenceReasons,
    barred: tickets.barred,
    held: tickets.held,
    lost,
    quorate,
    frozen: !quorate && options.noQuorumPolicy === "freeze",
    stopReason: quorate ? "node availability" : "no quorum",
  };
}
