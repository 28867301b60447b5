/**
 * Stage 3 of the reference planner: assignment. Places every resource
 * (primitives, groups as a unit, clone instances) on a node, in priority
 * order, primaries before their colocated dependents, adding stickiness
 * where a resource is active (INFINITY for an unmanaged one; none for a
 * clone's orphan instances, those beyond clone-max) and merging dependents'
 * preferences into their primary (even a dependent whose target-role is
 * Stopped: its location preferences still count; a dependent's preferences
 * carry those of its own dependents in turn); a finite colocation with
 * a group draws its dependent only where all the group's members run. Ties
 * go to the higher score, then (for a clone) the node where an instance
 * runs, then the node with fewer resources assigned, then the node where the
 * resource is active (for a primitive active on several, the first its
 * history is read from), then the lowest name; but nodes tied at a positive
 * score go to the node where the resource is active before the less loaded
 * one (only a tie at 0 is broken by load first).
 * Under a placement strategy other than `default`, a node must have the
 * capacity left for a resource's utilization (`balanced` prefers the node
 * with the most capacity left). A colocation loop is cut where it closes: the constraint whose primary is
 * still being assigned is not applied. A finite colocation is a preference
 * that never keeps its dependent from running: weighed node by node where
 * its primary runs, it is dropped on a node where it would leave the
 * dependent no node with a score of at least 0, and a clone dependent weighs
 * it for each instance in turn, with the nodes of the instances before it
 * taken (as crm_simulate does).
 */
import type { ColocationConstraint, Group, Resource } from "../model.ts";
import { INFINITY, addScores, primitivesOf } from "../model.ts";
import type { Availability } from "./availability.ts";
import { activeNodes, cloneOf, failedThere, processingOrder, type PlanContext } from "./context.ts";
import { computeLocationScores, type ScoreTable } from "./location.ts";

/** Where each primitive will run: one node, several (clone instances) or none. */
export interface Assignment {
  nodes: Map<string, string[]>;
  /** Where each primitive kept from starting by an order (`unrunnable`) would have been placed, its stickiness counted. */
  wouldRun: Map<string, string>;
  /**
   * The clone primitives kept from starting by an order (or from starting
   * new instances, `runningOnly`) that would otherwise have had a node to
   * run on: those nodes.
   */
  clonesWouldRun: Map<string, string[]>;
  /**
   * Per clone primitive: the nodes where one of its kept instances runs but
   * scores below zero by its location and stickiness there (colocations not
   * counted, nor whether the node may run resources: an instance on a
   * standby or lost node is turned away only by such a score). Such an
   * instance is placed after the instances that start afresh: it takes only
   * a node they leave over.
   */
  unwelcome: Map<string, Set<string>>;
  /**
   * Per clone primitive: the node each running instance that the
   * assignment moved goes to, by the node it leaves (see cloneChanges in
   * actions.ts, which gives the other arriving nodes to the instances in
   * turn).
   */
  instanceMoves: Map<string, Map<string, string>>;
}

/** Per plan: the primitives active on a node in maintenance. */
const heldAsTheyAre = new WeakMap<PlanContext, ReadonlySet<string>>();

/**
 * Whether a primitive is blocked where its stop failed: without fencing, a
 * stop's on-fail defaults to block, and Pacemaker touches the resource no
 * more; its start cannot run (what a Mandatory order puts after it cannot
 * start either).
 */
export function isBlockedByFailedStop(ctx: PlanContext, primitiveId: string): boolean {
  return !ctx.cluster.options.fencingEnabled && ctx.cluster.status.failed.some((f) => f.resource === primitiveId && f.operation === "stop" && f.activeAfter);
}

/**
 * Whether a primitive is left alone: unmanaged, active on a node in
 * maintenance, or blocked where its stop failed (see isBlockedByFailedStop).
 */
export function isUnmanaged(ctx: PlanContext, primitiveId: string): boolean {
  if (!ctx.meta.get(primitiveId)!.isManaged || isBlockedByFailedStop(ctx, primitiveId)) return true;
  let held = heldAsTheyAre.get(ctx);
  if (held === undefined) {
    held = new Set(ctx.cluster.status.active.filter((p) => ctx.nodes.get(p.node)?.maintenance).map((p) => p.resource));
    heldAsTheyAre.set(ctx, held);
  }
  return held.has(primitiveId);
}

/**
 * Whose preferences a unit's scores are: its own, or its wish as the
 * dependent of a mandatory colocation or of a finite one (scaled down), or
 * as the dependent of a mandatory one with no stickiness counted but an
 * unmanaged primitive's hold on its node (`mandatory-unsticky`).
 */
type DependentWish = "own" | "mandatory" | "mandatory-unsticky" | "scaled";

interface Unit {
  resource: Resource;
  primitives: string[];
}

/** Whether a colocation is a preference (its score is finite), not a mandatory placement. */
function isFiniteColocation(c: ColocationConstraint): boolean {
  return Math.abs(c.score) < INFINITY;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unitOf(ctx: PlanContext, id: string): string {
  let current = id;
  let parent = ctx.parentOf.get(current);
  while (parent !== undefined) {
    current = parent.id;
    parent = ctx.parentOf.get(current);
  }
  return current;
}

/**
 * Stage 3: assigns every resource to its target node(s). `unrunnable` lists
 * primitives the actions stage found unable to start (what they depend on by
 * a Mandatory order cannot run): they are not placed and give their
 * colocated dependents nowhere to run, but they take room where they (a
 * clone's instances) would run, as Pacemaker counts them, whether or not
 * they run now.
 * `stopping` lists primitives found to stop (`primitive@node` for a clone's
 * instance stopping there or leaving it for another node), `leaving` those
 * found to move:
 * see primitiveScore for what their stickiness still holds. A clone whose
 * primitives are all in `runningOnly` cannot start new instances: it is
 * placed only where it runs.
 */
export function assignResources(
  ctx: PlanContext,
  availability: Availability,
  scores: ScoreTable,
  unrunnable: ReadonlySet<string> = new Set(),
  stopping: ReadonlySet<string> = new Set(),
  leaving: ReadonlySet<string> = new Set(),
  runningOnly: ReadonlySet<string> = new Set(),
): Assignment {
  const nodes = new Map<string, string[]>();
  const wouldRun = new Map<string, string>();
  const clonesWouldRun = new Map<string, string[]>();
  const unwelcome = new Map<string, Set<string>>();
  const instanceMoves = new Map<string, Map<string, string>>();
  const units = processingOrder(ctx).map<Unit>((resource) => ({
    resource,
    primitives: primitivesOf([resource]).map((p) => p.id),
  }));
  const unitById = new Map(units.map((u) => [u.resource.id, u]));
  const colocations = ctx.cluster.constraints.filter((c): c is ColocationConstraint => c.kind === "colocation");
  /** Per unit: the colocations where it is the dependent (`mine`), and where it is the primary. */
  const byDependent = new Map<string, ColocationConstraint[]>();
  const byPrimary = new Map<string, ColocationConstraint[]>();
  for (const c of colocations) {
    const dependent = unitOf(ctx, c.resource);
    const primary = unitOf(ctx, c.withResource);
    if (dependent !== primary) byDependent.set(dependent, byDependent.get(dependent) ?? []).get(dependent)!.push(c);
    byPrimary.set(primary, byPrimary.get(primary) ?? []).get(primary)!.push(c);
  }
  // A dependent's colocations are weighed (and their primaries assigned) as
  // crm_simulate weighs them: the primary of higher priority first, then by
  // the primary's name, and of those with one primary the mandatory ones
  // before the finite ones (which applyColocations may then drop), whatever
  // their declaration order. A primary merges its dependents' wishes in
  // processing order of the dependents.
  const rankOf = new Map(units.map((u, i) => [u.resource.id, i]));
  const dependentRank = (c: ColocationConstraint) => rankOf.get(unitOf(ctx, c.resource))!;
  const primaryPriority = (c: ColocationConstraint) =>
    Math.max(...unitById.get(unitOf(ctx, c.withResource))!.primitives.map((p) => ctx.meta.get(p)!.priority));
  for (const list of byDependent.values()) {
    list.sort(
      (a, b) =>
        primaryPriority(b) - primaryPriority(a) ||
        compareIds(a.withResource, b.withResource) ||
        Number(isFiniteColocation(a)) - Number(isFiniteColocation(b)) ||
        compareIds(a.id, b.id),
    );
  }
  for (const list of byPrimary.values()) list.sort((a, b) => dependentRank(a) - dependentRank(b) || compareIds(a.id, b.id));
  const assignedCount = new Map<string, number>(ctx.nodeNames.map((n) => [n, 0]));
  const unitNodes = new Map<string, string[]>();
  /** Units an order keeps from starting: the node where they take room. */
  const blockedAt = new Map<string, string>();
  /**
   * Units whose primaries are being assigned: how many of their colocations
   * (in their weighing order) come before the one whose primary is being
   * assigned now; those are applied to the unit's scores already.
   */
  const visiting = new Map<string, number>();

  /**
   * The order a clone's running instances are kept in on a tie: the order
   * their nodes' histories are read, where the status records it (instances
   * are numbered in it); else by node name, so that placement does not
   * depend on the order nodes are declared in.
   */
  const recorded = ctx.cluster.status.nodeStateOrder !== undefined;
  const instanceOrder = (a: string, b: string) =>
    recorded ? (ctx.historyRank.get(a) ?? ctx.nodeNames.length) - (ctx.historyRank.get(b) ?? ctx.nodeNames.length) : compareIds(a, b);

  /** Whether what a node's history records counts: it is online, or unclean with fencing enabled. */
  const historyCounts = (node: string) => {
    const membership = ctx.nodes.get(node)?.membership;
    return membership === "online" || (membership === "unclean" && ctx.cluster.options.fencingEnabled);
  };
  /**
   * `resource@node` of each dangling migration's source (a managed
   * resource's) whose target's history counts and where the resource has
   * not failed since: it runs on
   * the target, and its stop is all that is left of it on the source.
   */
  const danglingSources = new Set(
    ctx.cluster.status.migrations
      .filter((m) => m.stage === "dangling" && historyCounts(m.target) && !failedThere(ctx, m.resource, m.source) && !isUnmanaged(ctx, m.resource))
      .map((m) => `${m.resource}@${m.source}`),
  );

  /**
   * The nodes where a primitive's running copies hold their node: all of
   * them but a dangling migration's source (see danglingSources), except
   * that a clone numbers its running instances in {@link instanceOrder} and
   * those numbered at or above clone-max are orphans, which stop and hold
   * nothing (even when a kept instance must then move because it cannot
   * stay where it runs). Copies on nodes about to be fenced are gone after
   * this transition, so only the others are numbered: a copy is not stopped
   * as an orphan when fencing frees its number (it would start again on the
   * next transition).
   */
  const heldNodes = (p: string): readonly string[] => {
    const active = activeNodes(ctx, p).filter((n) => !danglingSources.has(`${p}@${n}`));
    const cloneMax = cloneOf(ctx, p)?.cloneMax;
    const surviving = active.filter((node) => !availability.toFence.includes(node));
    return cloneMax === undefined || surviving.length <= cloneMax ? active : [...surviving].sort(instanceOrder).slice(0, cloneMax);
  };

  /** The clone primitives with an instance found to stop somewhere. */
  const cloneStopsSomewhere = new Set([...stopping].filter((s) => s.includes("@")).map((s) => s.slice(0, s.indexOf("@"))));

  /** Location scores as a dependent's wish: a target-role of Stopped does not wipe them out. */
  const wishScores = computeLocationScores(ctx, availability, true);
  /** Location scores as though every node could run resources: what constraints, failures and target-role alone say of a node. */
  const anywhereScores = computeLocationScores(ctx, { ...availability, runnable: new Set(ctx.nodeNames) });

  /**
   * While set, a primitive kept from starting by an order holds its node by
   * stickiness although it stops: where it would run is where Pacemaker
   * places it, its stickiness counted (it stays put but for the order).
   */
  let keptHoldTheirNodes = false;

  /**
   * While set, the clone instance being placed: its primitives (a cloned
   * group's members) hold by stickiness only the node where that instance
   * runs (`node`; none for an instance that starts afresh), not the nodes of
   * the clone's other instances, as crm_simulate weighs each instance.
   */
  let placingInstance: { primitives: ReadonlySet<string>; node: string | undefined } | undefined;

  /**
   * A primitive's score on a node: location plus stickiness where it is
   * active (INFINITY for an unmanaged primitive that is not a clone
   * instance: it holds its node); a primitive that is not a clone instance
   * and is found active on several nodes holds none of them, nor does one
   * caught in a partial migration (active on its source and, for Pacemaker,
   * its target), nor does an orphan clone instance (see heldNodes) hold its
   * node. Stickiness of a primitive that stops holds nothing; as a
   * dependent's wish merged into its primary, neither does the stickiness of
   * one that leaves its node (nor any stickiness, through a finite
   * colocation), and a target-role of Stopped does not wipe the wish out
   * (the dependent's location preferences still count). `table` gives the
   * location scores to start from.
   */
  const primitiveScore = (p: string, node: string, asDependent: DependentWish = "own", table = asDependent === "own" ? scores : wishScores): number => {
    const score = table.get(p)!.get(node)!;
    // A clone's own placement keeps the stickiness of the instances that
    // stay (whether an instance is turned away from its node still weighs
    // it: anywhereScores); as a wish, any stopping instance releases it.
    const ownNodeReleased = table !== anywhereScores && stopping.has(`${p}@${node}`);
    const stops = stopping.has(p) || (asDependent === "own" ? ownNodeReleased : cloneStopsSomewhere.has(p));
    const stopsFreely = stops && !(keptHoldTheirNodes && unrunnable.has(p));
    const cloned = cloneOf(ctx, p) !== undefined;
    const unstuck = asDependent === "scaled" || (asDependent === "mandatory-unsticky" && !(isUnmanaged(ctx, p) && !cloned));
    const released = stopsFreely || (asDependent !== "own" && leaving.has(p)) || unstuck;
    const held = heldNodes(p);
    // Found active on several nodes (or, managed, half-way through a migration), it holds none of them by stickiness.
    const halfMigrated = !isUnmanaged(ctx, p) && ctx.cluster.status.migrations.some((m) => m.resource === p && m.stage === "partial");
    const otherInstance = placingInstance !== undefined && placingInstance.primitives.has(p) && placingInstance.node !== node;
    const sticky = !released && !halfMigrated && !otherInstance && held.includes(node) && (cloned || held.length === 1);
    const stickiness = isUnmanaged(ctx, p) && !cloned ? INFINITY : ctx.meta.get(p)!.stickiness;
    return sticky ? addScores(score, stickiness) : score;
  };

  /**
   * A unit's preferences: a group (cloned or not) takes its first member's
   * and merges each further member's in turn, unless that would leave it
   * nowhere to run.
   */
  const unitScores = (unit: Unit, asDependent: DependentWish = "own", table?: ScoreTable): Map<string, number> => {
    const score = (p: string, n: string) => primitiveScore(p, n, asDependent, table);
    const [head, ...rest] = unit.primitives;
    let merged = new Map(ctx.nodeNames.map((n) => [n, score(head!, n)]));
    for (const p of rest) merged = mergeScores(merged, (n) => score(p, n), 1);
    return merged;
  };

  /**
   * Adds a wish, scaled by a factor (a colocation's score over INFINITY,
   * negative for an anti-colocation), to each node's score. A scaled wish is
   * rounded, but a small factor does not wipe a wish out: one that rounds to
   * zero still counts as 1 for a colocation, -1 for an anti-colocation,
   * whichever way the wish itself leans (crm_simulate's scores show a small
   * dislike scaled down by a finite colocation as a preference of 1).
   */
  const mergeScores = (base: Map<string, number>, extra: (node: string) => number, factor: number) => {
    const merged = new Map<string, number>();
    for (const [node, score] of base) {
      // A node a dependent avoids does not become attractive by an anti-colocation.
      const asked = extra(node);
      const wish = factor < 0 && asked < 0 ? 0 : asked;
      const rounded = Math.abs(factor) >= 1 ? wish * Math.sign(factor) : Math.round(wish * factor);
      const scaled = rounded === 0 && wish !== 0 ? Math.sign(factor) : rounded;
      merged.set(node, addScores(score, scaled));
    }
    return [...merged.values()].some((v) => v >= 0) ? merged : base;
  };

  const currentNodesOf = (unit: Unit): Set<string> => new Set(unit.primitives.flatMap(heldNodes));

  const strategy = ctx.cluster.options.placementStrategy ?? "default";
  const remaining = new Map(ctx.cluster.nodes.map((n) => [n.name, { ...(n.capacity ?? {}) }]));
  const freeCapacity = (node: string) => Object.values(remaining.get(node)!).reduce((a, b) => a + b, 0);
  const demandOf = (unit: Unit): Record<string, number> => {
    const demand: Record<string, number> = {};
    for (const p of unit.primitives) {
      for (const [key, value] of Object.entries(ctx.primitives.get(p)!.utilization ?? {})) {
        demand[key] = (demand[key] ?? 0) + value;
      }
    }
    return demand;
  };
  /** Whether a node has the capacity left for a unit (always, under the default strategy). */
  const fits = (demand: Record<string, number>, node: string) =>
    strategy === "default" ||
    Object.entries(demand).every(([key, value]) => (remaining.get(node)![key] ?? 0) >= value);
  const consume = (demand: Record<string, number>, node: string) => {
    if (strategy === "default") return;
    const left = remaining.get(node)!;
    for (const [key, value] of Object.entries(demand)) left[key] = (left[key] ?? 0) - value;
  };

  /**
   * Candidate nodes, best first. On a tie a clone's running instances stay
   * where they run, however loaded the node, the lowest-numbered first; so
   * does any other resource on a tie at a positive score. `current`, when
   * given, names the nodes that count as where the unit runs (one clone
   * instance's node, or none).
   */
  const rank = (unit: Unit, candidates: Map<string, number>, ignoreCurrent = false, current?: ReadonlySet<string>): string[] => {
    // A primitive found active on several nodes (not a clone instance) prefers on a tie only the first one its history is read from.
    const preferredOf = (p: string) => (unit.resource.kind === "clone" ? heldNodes(p) : [...heldNodes(p)].sort(instanceOrder).slice(0, 1));
    current ??= ignoreCurrent ? new Set<string>() : new Set(unit.primitives.flatMap(preferredOf));
    const order = ctx.nodeNames;
    return [...candidates.keys()].sort((a, b) => {
      const ds = candidates.get(b)! - candidates.get(a)!;
      if (ds !== 0) return ds;
      if (ctx.faults.has("unstable-tiebreak")) return order.indexOf(a) - order.indexOf(b);
      if (strategy === "balanced") {
        const df = freeCapacity(b) - freeCapacity(a);
        if (df !== 0) return df;
      }
      const here = ctx.faults.has("prefer-elsewhere") ? -1 : 1;
      const dc = (current.has(b) ? here : 0) - (current.has(a) ? here : 0);
      if (unit.resource.kind === "clone" && (dc !== 0 || current.has(a))) return dc || instanceOrder(a, b);
      // Tied at a positive score, the resource stays where it runs.
      if (dc !== 0 && candidates.get(a)! > 0) return dc;
      const dl = assignedCount.get(a)! - assignedCount.get(b)!;
      if (dl !== 0) return dl;
      if (dc !== 0) return dc;
      return compareIds(a, b);
    });
  };

  /** Where a primitive left alone (unmanaged, or held by a ticket) stays: where it runs on a node still up. */
  const leftAlone = (p: string): string[] | undefined =>
    isUnmanaged(ctx, p) || availability.held.has(p) ? activeNodes(ctx, p).filter((n) => availability.up.has(n)) : undefined;

  /**
   * Places a group's members on the nodes chosen for the group (one, or one
   * per instance of a cloned group): on each node, the members run in turn
   * until one cannot run there (it may run nowhere, or it is left alone
   * elsewhere); the members after it do not run there either.
   */
  const placeMembers = (group: Group, chosen: string[]) => {
    const running = new Set(chosen);
    for (const member of group.members) {
      const fixed = leftAlone(member.id);
      if (fixed !== undefined) {
        nodes.set(member.id, fixed);
        for (const node of running) if (!fixed.includes(node)) running.delete(node);
        continue;
      }
      for (const node of running) if (scores.get(member.id)!.get(node)! <= -INFINITY) running.delete(node);
      nodes.set(member.id, chosen.filter((node) => running.has(node)));
    }
  };

  /**
   * Of the nodes where a clone of an unmanaged primitive (or one held by a
   * ticket) is placed, those of the instances crm_simulate numbers: up to
   * clone-max among the nodes that may run resources, the copies its
   * dependents wish for most first, then in history order; the copies
   * beyond are orphans. Any other unit keeps all its nodes.
   */
  const numberedNodesOf = (unitId: string, placed: readonly string[]): string[] => {
    const unit = unitById.get(unitId);
    const resource = unit?.resource;
    if (unit === undefined || resource?.kind !== "clone" || resource.child.kind !== "primitive" || leftAlone(resource.child.id) === undefined) return [...placed];
    // The copies its dependents wish for most come first (a dislike counts as no wish), then history order.
    const wish = withDependentWishes(unit, new Map(ctx.nodeNames.map((n) => [n, 0])), new Set([unitId]));
    const drawn = (node: string) => Math.max(0, wish.get(node)!);
    return placed
      .filter((node) => availability.runnable.has(node))
      .sort((a, b) => drawn(b) - drawn(a) || instanceOrder(a, b))
      .slice(0, resource.cloneMax ?? placed.length);
  };

  /**
   * Places a unit on the chosen nodes; each primitive placed counts towards
   * its node's load, but for an orphan clone instance left running there
   * (unmanaged): crm_simulate counts only the instances it numbers, up to
   * clone-max in history order among those on nodes that may run resources
   * (an instance left on a standby node does not use up a number).
   */
  const place = (unit: Unit, chosen: string[]) => {
    unitNodes.set(unit.resource.id, chosen);
    const resource = unit.resource;
    const group = resource.kind === "clone" ? resource.child : resource;
    if (group.kind === "group") placeMembers(group, chosen);
    else nodes.set(group.id, leftAlone(group.id) ?? chosen);
    for (const p of unit.primitives) {
      const placed = nodes.get(p)!;
      const numbered =
        resource.kind === "clone" && leftAlone(p) !== undefined
          ? [...placed].filter((node) => availability.runnable.has(node)).sort(instanceOrder).slice(0, resource.cloneMax ?? placed.length)
          : placed;
      for (const node of numbered) assignedCount.set(node, assignedCount.get(node)! + 1);
    }
  };

  /**
   * Whether an order keeps a whole unit from starting: all its primitives,
   * or (a group, cloned or not) its first member, since the members after it
   * start only after it.
   */
  const keptFromStarting = (unit: Unit): boolean =>
    unit.primitives.every((p) => unrunnable.has(p)) ||
    ((unit.resource.kind === "clone" ? unit.resource.child : unit.resource).kind === "group" && unrunnable.has(unit.primitives[0]!));

  /**
   * Where a finite positive colocation draws its dependent once the primary
   * is placed: for a group (or a cloned group) named as the primary, only
   * the nodes where all its members run, so the dependent is not drawn to a
   * group whose later member cannot run there (one left stopped because it
   * is unmanaged, say). So does a mandatory colocation with a group that is
   * not cloned (its dependent runs only where the last member runs); one
   * with a cloned group, and anti-colocations, keep to every node the group
   * is placed on.
   */
  const drawingNodes = (primary: string): string[] | undefined => {
    const unitId = unitOf(ctx, primary);
    const placed = unitNodes.get(unitId);
    if (placed === undefined || unitId !== primary) return placed;
    const members = unitById.get(unitId)!.primitives;
    return placed.filter((node) => members.every((p) => nodes.get(p)!.includes(node)));
  };

  /**
   * A unit's scores with what its dependents (not yet placed) wish merged
   * in, the wish of a dependent (a clone's too) colocated mandatorily (or anti-colocated)
   * carrying its own dependents' in turn, but for a group's: a group passes
   * on its members' own wishes only, as crm_simulate does. A finite colocation passes on the
   * dependent's own wish only: carried further, its dependents' wishes
   * place the primary where crm_simulate does not, and where the next plan
   * moves it away again. The wish of a dependent (not a clone) also carries
   * its colocations with other primaries (not clones) that are applied
   * already: while the dependent's primaries are assigned in its weighing
   * order, those weighed before this unit (it would rather its primary ran
   * where those run; a finite colocation scales that down too, to 1 at
   * least, as crm_simulate's scores show; a finite one that would leave the
   * dependent no node scoring at least 0 is dropped, as it is when the
   * dependent is placed). A dependent whose primaries are
   * not being assigned has none applied yet. A dependent that runs nowhere (colocated with the unit both +INFINITY and
   * -INFINITY, or allowed on no node) passes on its own wish only. Where the
   * dependents' stickiness alone would bar the unit from a node an INFINITY
   * location requires, the node stays (weighed again with `withStickiness`
   * false).
   */
  const withDependentWishes = (unit: Unit, base: Map<string, number>, seen: ReadonlySet<string>, withStickiness = true): Map<string, number> => {
    let merged = base;
    const colocations = byPrimary.get(unit.resource.id) ?? [];
    for (const c of colocations) {
      const dependent = unitById.get(unitOf(ctx, c.resource));
      if (dependent === undefined || seen.has(dependent.resource.id)) continue;
      if (unitNodes.has(dependent.resource.id) || c.score === 0) continue;
      const mandatory = Math.abs(c.score) >= INFINITY;
      const own = unitScores(dependent, mandatory ? (withStickiness ? "mandatory" : "mandatory-unsticky") : "scaled");
      if (dependent.resource.kind !== "clone") {
        // The dependent's colocations applied already (with other primaries, not clones) count in its wish.
        const applied = (byDependent.get(dependent.resource.id) ?? []).slice(0, visiting.get(dependent.resource.id) ?? 0);
        for (const other of applied) {
          const otherPrimary = unitById.get(unitOf(ctx, other.withResource));
          const placed = unitNodes.get(unitOf(ctx, other.withResource));
          if (placed === undefined || otherPrimary === undefined || otherPrimary === unit || otherPrimary.resource.kind === "clone") continue;
          const withOther = new Map(ctx.nodeNames.map((node) => {
            const on = placed.includes(node);
            const delta = other.score >= INFINITY ? (on ? 0 : -INFINITY) : on ? Math.max(other.score, -INFINITY) : 0;
            return [node, addScores(own.get(node)!, delta)];
          }));
          // A finite colocation that would leave the dependent nowhere to run is dropped, as when it is placed (applyColocations).
          if (!isFiniteColocation(other) || [...withOther.values()].some((score) => score >= 0)) for (const [node, score] of withOther) own.set(node, score);
        }
      }
      // A dependent both +INFINITY and -INFINITY colocated with the unit, or
      // one its own scores allow nowhere (a target-role of Stopped), runs
      // nowhere, so what its own dependents wish (to join or avoid it) is moot.
      const contradicted = colocations.some((o) => o.resource === c.resource && Math.abs(o.score) >= INFINITY && Math.sign(o.score) !== Math.sign(c.score));
      const runsNowhere = contradicted || [...unitScores(dependent).values()].every((score) => score < 0);
      const wishes =
        dependent.resource.kind === "group" || Math.abs(c.score) < INFINITY || runsNowhere
          ? own
          : withDependentWishes(dependent, own, new Set([...seen, dependent.resource.id]), withStickiness);
      merged = mergeScores(merged, (n) => wishes.get(n)!, Math.max(-INFINITY, Math.min(c.score, INFINITY)) / INFINITY);
    }
    if (!withStickiness) return merged;
    // Dependents' stickiness never bars a unit from a node an INFINITY
    // location requires: the dependent started there in the last transition
    // because the unit ran there, and leaving for its sake is not a fixed
    // point. An unmanaged dependent does not move, and still bars it.
    const required = [...base.keys()].filter((node) => merged.get(node)! < 0 && unit.primitives.some((p) => scores.get(p)!.get(node)! >= INFINITY));
    if (required.length === 0) return merged;
    const unsticky = withDependentWishes(unit, base, seen, false);
    for (const node of required) if (unsticky.get(node)! >= 0) merged.set(node, base.get(node)!);
    return merged;
  };

  const assign = (unit: Unit) => {
    const id = unit.resource.id;
    if (unitNodes.has(id) || visiting.has(id)) return;
    const mine = byDependent.get(id) ?? [];
    for (const [index, c] of mine.entries()) {
      visiting.set(id, index);
      const primary = unitById.get(unitOf(ctx, c.withResource));
      if (primary !== undefined) assign(primary);
    }
    visiting.delete(id);

    const fixed =
      unit.primitives.every((p) => isUnmanaged(ctx, p) || availability.held.has(p)) || availability.frozen;
    if (fixed) {
      place(unit, [...new Set(unit.primitives.flatMap((p) => activeNodes(ctx, p)))].filter((n) => availability.up.has(n)));
      return;
    }

    if (unit.resource.kind === "clone") {
      const own = unitScores(unit, "own", anywhereScores);
      const rejected = new Set([...currentNodesOf(unit)].filter((n) => own.get(n)! < 0));
      for (const p of unit.primitives) unwelcome.set(p, rejected);
    }

    /** Where a colocation's primary runs (or, kept from starting, would run); undefined while it is not placed. */
    const primaryNodesOf = (c: ColocationConstraint): string[] | undefined => {
      const primaryId = unitOf(ctx, c.withResource);
      const plainGroup = unitById.get(primaryId)?.resource.kind === "group";
      const drawn = c.score > 0 && (c.score < INFINITY || plainGroup) ? drawingNodes(c.withResource) : unitNodes.get(primaryId);
      // An unmanaged clone draws (or repels) only where its numbered instances run.
      const placed = drawn === undefined ? undefined : numberedNodesOf(primaryId, drawn);
      if (placed === undefined) return undefined;
      // A primary kept from starting still repels (or weakly attracts) its
      // dependents where it would run; it gives a mandatory one nowhere to run.
      const wouldBeAt = blockedAt.get(primaryId);
      return placed.length === 0 && wouldBeAt !== undefined && c.score < INFINITY ? [wouldBeAt] : placed;
    };

    /** Applies a mandatory colocation: the dependent runs only with its primary (never with it, for -INFINITY). */
    const applyMandatory = (scored: Map<string, number>, c: ColocationConstraint, primaryNodes: readonly string[]) => {
      for (const node of ctx.nodeNames) {
        const onPrimary = primaryNodes.includes(node);
        const delta = c.score >= INFINITY ? (onPrimary ? 0 : -INFINITY) : onPrimary ? -INFINITY : 0;
        scored.set(node, addScores(scored.get(node)!, delta));
      }
    };

    // A clone of a primitive that nothing is colocated with places no
    // instance where its location score is negative, however sticky an
    // instance already running there. Pacemaker adds what its dependents
    // wish to that score, which is not modelled for clones: a clone with
    // dependents keeps to its scores with stickiness.
    const hasDependents = (byPrimary.get(id) ?? []).some((c) => c.score !== 0 && unitOf(ctx, c.resource) !== id);
    const shunned = (node: string) =>
      unit.resource.kind === "clone" &&
      unit.resource.child.kind === "primitive" &&
      !hasDependents &&
      scores.get(unit.resource.child.id)!.get(node)! < 0;

    /**
     * The nodes where the unit runs and may stay as far as its own scores and
     * its mandatory colocations go: a finite colocation weighs them last (see
     * applyColocations).
     */
    const mayStayAt = ((): ReadonlySet<string> => {
      const scored = unitScores(unit);
      for (const c of mine) {
        const primaryNodes = primaryNodesOf(c);
        if (primaryNodes !== undefined && !isFiniteColocation(c)) applyMandatory(scored, c, primaryNodes);
      }
      return new Set([...currentNodesOf(unit)].filter((node) => scored.get(node)! >= 0));
    })();

    /**
     * The unit's scores with its colocations as a dependent applied, for an
     * instance that cannot go where `taken` (the clone's instances placed
     * before it) already are. A finite colocation applies node by node where
     * its primary runs, in its primary's order (a clone primary's instances
     * in turn), and is dropped on a node where it would leave no node to run
     * on (none scoring at least 0 outside `taken`): a mere preference never
     * keeps its dependent from running, as crm_simulate shows. The nodes
     * where the unit runs and may stay are weighed last, so that if the
     * colocation is dropped somewhere it is there and the unit stays:
     * crm_simulate weighs a clone primary's nodes in its instance numbering,
     * which changes once new instances run, and may then move the dependent
     * away on the next run (the stable property).
     */
    const applyColocations = (taken: ReadonlySet<string>): Map<string, number> => {
      const scored = unitScores(unit);
      // Mandatory colocations first, so that a finite one counts the nodes they leave.
      for (const c of [...mine.filter((x) => !isFiniteColocation(x)), ...mine.filter(isFiniteColocation)]) {
        const primaryNodes = primaryNodesOf(c);
        if (primaryNodes === undefined) continue;
        if (!isFiniteColocation(c)) {
          applyMandatory(scored, c, primaryNodes);
          continue;
        }
        const weighingOrder = [...primaryNodes.filter((n) => !mayStayAt.has(n)), ...primaryNodes.filter((n) => mayStayAt.has(n))];
        for (const node of weighingOrder) {
          const applied = addScores(scored.get(node)!, c.score);
          const runsSomewhere = [...scored].some(([n, score]) => !taken.has(n) && !shunned(n) && (n === node ? applied : score) >= 0);
          if (runsSomewhere) scored.set(node, applied);
        }
      }
      return scored;
    };

    let candidates = applyColocations(new Set());
    // A clone's instances do not follow what a dependent wishes: it needs only one of them.
    // A dependent's wishes count for or (anti-colocated) against its primary's nodes.
    if (unit.resource.kind !== "clone") candidates = withDependentWishes(unit, candidates, new Set([id]));

    const demand = demandOf(unit);
    const eligibleIn = (scored: Map<string, number>) =>
      new Map([...scored].filter(([node, score]) => score >= 0 && !shunned(node) && fits(demand, node)));
    const eligible = eligibleIn(candidates);
    const kept = keptFromStarting(unit);
    if (kept) {
      const best = rank(unit, eligible)[0];
      if (best !== undefined && unit.resource.kind !== "clone") {
        keptHoldTheirNodes = true;
        const wouldRunAt = rank(unit, eligibleIn(withDependentWishes(unit, applyColocations(new Set()), new Set([id]))))[0] ?? best;
        keptHoldTheirNodes = false;
        for (const p of unit.primitives) if (unrunnable.has(p)) wouldRun.set(p, wouldRunAt);
        // It takes room where it would run were it not running now (it
        // stops), so that the room it takes stays once it has stopped.
        const room = rank(unit, eligible, true)[0]!;
        assignedCount.set(room, assignedCount.get(room)! + unit.primitives.filter((p) => unrunnable.has(p)).length);
        blockedAt.set(id, room);
      }
      if (best !== undefined && unit.resource.kind === "clone") {
        const instanceCount = unit.resource.cloneMax ?? ctx.nodeNames.length;
        const instanceNodes = rank(unit, eligible).slice(0, instanceCount);
        for (const p of unit.primitives) if (unrunnable.has(p)) clonesWouldRun.set(p, instanceNodes);
        // Its instances take room where they would run, as a blocked primitive does.
        const rooms = rank(unit, eligible, true).slice(0, instanceCount);
        const blockedHere = unit.primitives.filter((p) => unrunnable.has(p)).length;
        for (const room of rooms) assignedCount.set(room, assignedCount.get(room)! + blockedHere);
      }
    }
    if (unit.resource.kind !== "clone") {
      const chosen = kept ? [] : rank(unit, eligible).slice(0, 1);
      for (const node of chosen) consume(demand, node);
      place(unit, chosen);
      return;
    }
    // A clone that cannot start new instances stays where it runs; a failed
    // instance would have to start again: it takes no room either.
    const healthy = (node: string) => !unit.primitives.some((p) => failedThere(ctx, p, node));
    const runningOn = new Set(unit.primitives.flatMap((p) => activeNodes(ctx, p)).filter(healthy));
    const restricted = unit.primitives.every((p) => runningOnly.has(p));
    // One instance at a time, as crm_simulate places them: first each
    // running instance stays where it runs if that is the best node left for
    // it (or a member of it there is unmanaged); then the other running instances and then fresh ones each go to
    // the best node left. Running instances go in their numbering, those
    // on a node that may run resources first, then those on a node that may
    // not (a standby node, say; in each, healthy before failed ones); an instance
    // whose own score turns it away from its node comes after the fresh
    // ones (see Assignment.unwelcome). An instance weighs only its own
    // stickiness, and its finite colocations with the nodes of the instances
    // before it taken.
    const instanceCount = unit.resource.cloneMax ?? ctx.nodeNames.length;
    const primitives = new Set(unit.primitives);
    const scoredFor = (instanceNode: string | undefined, taken: ReadonlySet<string>) => {
      placingInstance = { primitives, node: instanceNode };
      const scored = applyColocations(taken);
      placingInstance = undefined;
      return scored;
    };
    const turnedAway = unwelcome.get(unit.primitives[0]!) ?? new Set<string>();
    const running = [...currentNodesOf(unit)].sort(instanceOrder);
    const onRunnable = running.filter((node) => !turnedAway.has(node) && availability.runnable.has(node));
    const mayStay = [...onRunnable.filter(healthy), ...onRunnable.filter((node) => !healthy(node))];
    const mustLeave = running.filter((node) => !turnedAway.has(node) && !mayStay.includes(node));
    const instances: (string | undefined)[] = [
      ...mayStay,
      ...mustLeave.filter(healthy),
      ...mustLeave.filter((node) => !healthy(node)),
      ...Array<undefined>(Math.max(0, instanceCount - running.length)).fill(undefined),
      ...running.filter((node) => turnedAway.has(node)),
    ];
    const choose = (admitted: (node: string) => boolean): { chosen: string[]; moves: Map<string, string> } => {
      const chosen: string[] = [];
      const moves = new Map<string, string>();
      /** The nodes left for an instance (running on `instanceNode`, or fresh), best first. */
      const nodesFor = (instanceNode: string | undefined): string[] => {
        const taken = new Set(chosen);
        const open = new Map([...eligibleIn(scoredFor(instanceNode, taken))].filter(([node]) => !taken.has(node) && admitted(node)));
        return rank(unit, open, false, new Set(instanceNode === undefined ? [] : [instanceNode]));
      };
      if (kept) return { chosen, moves };
      const stayed = new Set<string>();
      // An instance with an unmanaged member active on its node stays there
      // if it may run there at all: that member does not move.
      const holdsUnmanaged = (node: string) => unit.primitives.some((p) => isUnmanaged(ctx, p) && activeNodes(ctx, p).includes(node));
      for (const node of mayStay) {
        const left = chosen.length < instanceCount ? nodesFor(node) : [];
        if (left[0] === node || (holdsUnmanaged(node) && left.includes(node))) {
          chosen.push(node);
          stayed.add(node);
        }
      }
      for (const instanceNode of instances) {
        if (chosen.length >= instanceCount) break;
        if (instanceNode !== undefined && stayed.has(instanceNode)) continue;
        const best = nodesFor(instanceNode)[0];
        if (best === undefined) continue;
        chosen.push(best);
        if (instanceNode !== undefined && best !== instanceNode) moves.set(instanceNode, best);
      }
      return { chosen, moves };
    };
    const { chosen, moves } = choose(restricted ? (node) => runningOn.has(node) : () => true);
    for (const p of unit.primitives) instanceMoves.set(p, moves);
    // Kept to where it runs, it would still have started instances elsewhere (blocked starts).
    if (restricted) for (const p of unit.primitives) clonesWouldRun.set(p, choose(() => true).chosen);
    for (const node of chosen) consume(demand, node);
    place(unit, chosen);
  };

  for (const unit of units) assign(unit);
  return { nodes, wouldRun, clonesWouldRun, unwelcome, instanceMoves };
}
