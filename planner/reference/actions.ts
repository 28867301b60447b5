/**
 * Stage 4 of the reference planner: actions. Turns each primitive's current
 * and target placement into a change (start, stop, move, migrate, restart,
 * recover), propagating what Mandatory orders imply: a dependent cannot start
 * when what it needs cannot run, is restarted when what it needs really
 * starts again, and cannot migrate when what it needs really stops and
 * starts again (through a symmetrical order), nor when it is the `then` of
 * a symmetrical Mandatory stop→stop order whose `first` starts, or would
 * but for an order that keeps it from starting (a dependent kept from
 * starting stops `due to unrunnable` or `required` what it needs, worded as
 * Pacemaker does, see blockedReason). Whether a
 * resource migrates is decided here, before any ordering is applied, so a
 * live migration never counts as its resource going down.
 */
import { INFINITY } from "../model.ts";
import type { Availability } from "./availability.ts";
import { isBlockedByFailedStop, isUnmanaged, type Assignment } from "./assignment.ts";
import { activeNodes, cloneOf, failedThere, primitivesNamed, type PlanContext } from "./context.ts";
import { computeLocationScores, type ScoreTable } from "./location.ts";

/**
 * The kind of change a primitive undergoes. `blocked` is a start that cannot
 * happen (what it depends on by an order cannot run): it has a summary line
 * and no actions.
 */
export type ChangeKind = "start" | "stop" | "move" | "migrate" | "restart" | "recover" | "blocked";

/** One change of one primitive (of one clone instance for clones). */
export interface ResourceChange {
  resource: string;
  kind: ChangeKind;
  /** The node it leaves or is restarted on. */
  from?: string;
  /** The node it starts on (or, when blocked, would start on). */
  to?: string;
  /** The `due to …` reason of the summary line. */
  reason?: string;
  /** A migration resuming a partial one: migrate_to has already run. */
  resumes?: boolean;
  /** Further nodes where it must be stopped (multiply active, a dangling migration's source). */
  extraStops: string[];
  /** Its instance number, for clone instances. */
  instance?: number;
  /**
   * A restart (or a recovery) of a primitive found active on several nodes,
   * where it stays: Pacemaker stops every copy and words the line from the
   * node whose history is read first (a Move, or a Recover from there, when
   * that is another node), without a reason. That node.
   */
  multiplyActiveFrom?: string;
}

/** The changes of a plan, in primitive declaration order. */
export interface Decisions {
  changes: ResourceChange[];
  /** Primitives that cannot start because what they depend on by a Mandatory order cannot run. */
  unrunnable: Set<string>;
  /**
   * Clone primitives an asymmetrical Mandatory order keeps from starting new
   * instances (its first cannot run): their running instances stay, so the
   * assignment places them only where they run.
   */
  noNewInstances: Set<string>;
  /** Primitives planned to migrate that must not (see {@link migrationConflicts}). */
  migrationConflicts: Set<string>;
}

/**
 * A Mandatory start→start dependency of a primitive on another. `started` and
 * `stopped` name the depended-on action as Pacemaker's reasons do: a
 * primitive's own `start`/`stop`, or a group's or clone's `running`/`stop`.
 * `sameNode` dependencies (members of a cloned group) hold between the
 * instances on one node only; an order on clones holds between the clones
 * as wholes, except that an `interleaved` one (its `then` an interleaved
 * clone, its `first` a clone) restarts a `then` instance only for a `first`
 * instance starting on its node. An Optional order gives an
 * `optional` dependency: it implies no restart and no unrunnability, but
 * still forbids a live migration of its `then` while its `first` really stops
 * (the mirrored orders would form a cycle). An asymmetrical order binds only
 * starts: a `then` that stays where it runs, needing no start, is left
 * running when its `first` cannot run. The start→start inverse of a
 * stop→stop order binds like an Optional one: its `first` starting anew
 * restarts nothing, and its `first` unable to run blocks nothing.
 * `inGroup` marks the implicit order between consecutive group members.
 */
interface Dependency {
  first: string;
  started: string;
  stopped: string;
  sameNode: boolean;
  interleaved: boolean;
  optional: boolean;
  symmetrical: boolean;
  inGroup: boolean;
  /** The resource the order names as first (a primitive, group or clone). */
  named: string;
}

/**
 * Every primitive's start→start dependencies: user orders start→start, the
 * start→start inverse of symmetrical stop→stop orders, and group membership.
 */
function startDependencies(ctx: PlanContext): Map<string, Dependency[]> {
  const deps = new Map<string, Dependency[]>();
  const add = (first: string, then: string, named: string, sameNode: boolean, optional: boolean, symmetrical = true, inGroup = false) => {
    const list = deps.get(then) ?? [];
    const primitive = named === first;
    const interleaved = !sameNode && cloneOf(ctx, first) !== undefined && cloneOf(ctx, then)?.interleave === true;
    list.push({ first, started: `${named} ${primitive ? "start" : "running"}`, stopped: `${named} stop`, sameNode, interleaved, optional, symmetrical, inGroup, named });
    deps.set(then, list);
  };
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "order" || c.orderKind === "Serialize") continue;
    const forward = c.firstAction === "start" && c.thenAction === "start";
    const inverse = c.symmetrical && c.firstAction === "stop" && c.thenAction === "stop";
    if (!forward && !inverse) continue;
    const [first, then] = forward ? [c.first, c.then] : [c.then, c.first];
    const optional = c.orderKind === "Optional" || !forward;
    for (const f of primitivesNamed(ctx, first)) {
      for (const t of primitivesNamed(ctx, then)) add(f.id, t.id, first, false, optional, c.symmetrical);
    }
  }
  for (const parent of ctx.parentOf.values()) {
    if (parent.kind !== "group") continue;
    const cloned = ctx.parentOf.get(parent.id)?.kind === "clone";
    for (let i = 1; i < parent.members.length; i++) {
      const previous = parent.members[i - 1]!.id;
      add(previous, parent.members[i]!.id, previous, cloned, false, true, true);
    }
  }
  return deps;
}

/** Primitives in an order where everything a primitive depends on comes first (declaration order among equals). */
function dependencyOrder(ctx: PlanContext, deps: Map<string, Dependency[]>): string[] {
  const ids = [...ctx.primitives.keys()];
  const position = new Map(ids.map((id, i) => [id, i]));
  const indegree = new Map(ids.map((id) => [id, 0]));
  const successors = new Map<string, string[]>();
  for (const [then, list] of deps) {
    for (const { first } of list) {
      indegree.set(then, indegree.get(then)! + 1);
      successors.set(first, [...(successors.get(first) ?? []), then]);
    }
  }
  const out: string[] = [];
  const done = new Set<string>();
  const ready = new MinHeap();
  for (let i = 0; i < ids.length; i++) if (indegree.get(ids[i]!) === 0) ready.push(i);
  let scan = 0;
  while (out.length < ids.length) {
    const first = ready.pop();
    let next = first === undefined ? undefined : ids[first];
    if (next === undefined) {
      while (done.has(ids[scan]!)) scan++;
      next = ids[scan]!;
    }
    if (done.has(next)) continue;
    done.add(next);
    out.push(next);
    for (const s of successors.get(next) ?? []) {
      indegree.set(s, indegree.get(s)! - 1);
      if (indegree.get(s) === 0 && !done.has(s)) ready.push(position.get(s)!);
    }
  }
  return out;
}

/** A binary min-heap of numbers (declaration positions): the earliest ready primitive comes out first. */
class MinHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    while (true) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const child = left + 1 < items.length && items[left + 1]! < items[left]! ? left + 1 : left;
      if (items[child]! >= last) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/** Whether a change takes its resource (or clone instance) off one node to run on another: a move, a live migration, or a recovery elsewhere. */
export function leavesForAnotherNode(c: ResourceChange): boolean {
  return c.from !== undefined && c.to !== undefined && c.from !== c.to && (c.kind === "move" || c.kind === "migrate" || c.kind === "recover");
}

/** Whether a change starts its resource for real (not by a live migration). */
function reallyStarts(c: ResourceChange): boolean {
  return c.kind === "start" || c.kind === "move" || c.kind === "restart" || c.kind === "recover";
}

/**
 * Whether a change takes its resource down for real: not a live migration,
 * and not merely the clean-up of an extra copy (a dangling migration's
 * source, a multiply-active resource) while it stays up elsewhere.
 */
function reallyStops(c: ResourceChange): boolean {
  return c.from !== undefined && (c.kind === "stop" || c.kind === "move" || c.kind === "restart" || c.kind === "recover");
}

/** The nodes where a primitive runs, but for a dangling migration's source: a clean-up stop is all that is left of it there. */
function runningNodes(ctx: PlanContext, id: string): string[] {
  const dangling = ctx.cluster.status.migrations.find((m) => m.resource === id && m.stage === "dangling");
  return activeNodes(ctx, id).filter((n) => n !== dangling?.source);
}

/**
 * The `due to …` reason of a primitive an order keeps from starting, as
 * Pacemaker words it, given its dependencies and which of them are unmet
 * (a group's implicit orders count as declared before the others). Each unmet one
 * is a cause, and so, while the primitive would stay on the one node where
 * it runs, is each met symmetrical one whose `first` (not a clone) starts
 * anew (it would restart the primitive, a `required` start that cannot
 * happen); the cause from the order declared last is named. An unmet
 * dependency makes its start `unrunnable` when what it needs is merely
 * unable to start, or when it would have to start somewhere new anyway (it
 * runs on several nodes or elsewhere). When what it needs really stops (or
 * is placed but kept from starting itself) while it would stay put, it would
 * be restarted, so its start is `required` (and cannot happen): except after a clone or group that stops of its own
 * accord (a disabled or banned one has nothing to start, so its start or
 * `running` is merely unrunnable). A required start names the group member
 * before it in preference, and that member's stop when the member itself
 * stopped for a `required` start. A then that would live-migrate to another
 * node, kept from starting through a symmetrical order by a group that runs
 * but cannot run on, names the group's `stop` (it would wait for it), as
 * crm_simulate does.
 */
function blockedReason(
  ctx: PlanContext,
  incoming: readonly Dependency[],
  unmet: readonly Dependency[],
  staysPut: boolean,
  decided: {
    changesOf: ReadonlyMap<string, ResourceChange[]>;
    reasons: ReadonlyMap<string, string>;
    blockedByOrder: ReadonlySet<string>;
    /** For one instance of a cloned group: its node, and the reason each member's instance there stops for. */
    instanceOn?: { node: string; reasonOf: (member: string) => string | undefined };
    /** The then may live-migrate and would leave its node for another. */
    wouldMigrate?: boolean;
  },
): string {
  const required = (dep: Dependency): string | undefined => {
    const cloned = cloneOf(ctx, dep.first) !== undefined;
    // A primitive active on several nodes that goes down everywhere has its start required all the same.
    const firstChanges = decided.changesOf.get(dep.first) ?? [];
    const goesDown = firstChanges.some(reallyStops);
    // A first placed somewhere but kept from starting there has a start that is required all the same.
    const startBlocked = firstChanges.some((c) => c.kind === "blocked");
    if (!(goesDown || startBlocked) || !staysPut) return undefined;
    // In a cloned group, the member before it is the instance on its node, stopping for its own reason there.
    const onNode = dep.sameNode ? decided.instanceOn : undefined;
    const instance = onNode === undefined ? undefined : firstChanges.find((c) => c.from === onNode.node)?.instance;
    const firstReason = instance === undefined ? decided.reasons.get(dep.first) : onNode!.reasonOf(dep.first);
    const stopped = instance === undefined ? dep.stopped : `${dep.first}:${instance} stop`;
    const started = instance === undefined ? dep.started : `${dep.first}:${instance} start`;
    if (dep.inGroup && firstReason?.startsWith("required ") && !firstReason.endsWith(" stop")) return `required ${stopped}`;
    // A clone or group that stops of its own accord has nothing to start: its start or `running` is merely unrunnable.
    if ((cloned || dep.named !== dep.first) && !decided.blockedByOrder.has(dep.first)) return undefined;
    return `required ${started}`;
  };
  const inGroup = unmet.find((d) => d.inGroup);
  const fromGroup = inGroup && required(inGroup);
  if (fromGroup !== undefined) return fromGroup;
  const renews = (dep: Dependency) =>
    staysPut &&
    !dep.optional &&
    dep.symmetrical &&
    !dep.sameNode &&
    cloneOf(ctx, dep.first) === undefined &&
    (decided.changesOf.get(dep.first) ?? []).some(reallyStarts);
  // A group's implicit orders come before the declared ones.
  const declared = [...incoming.filter((d) => d.inGroup), ...incoming.filter((d) => !d.inGroup)];
  // A then that would live-migrate away waits, through a symmetrical order,
  // for the stop of a group that runs, and crm_simulate names that stop, not
  // the group's `running`.
  const activeGroup = (dep: Dependency) =>
    ctx.cluster.resources.some((r) => r.kind === "group" && r.id === dep.named && r.members.some((m) => activeNodes(ctx, m.id).length > 0));
  const unrunnable = (dep: Dependency) => `unrunnable ${decided.wouldMigrate === true && dep.symmetrical && activeGroup(dep) ? dep.stopped : dep.started}`;
  const causes = declared.flatMap((dep) =>
    unmet.includes(dep) ? [required(dep) ?? unrunnable(dep)] : renews(dep) ? [`required ${dep.started}`] : [],
  );
  return causes.at(-1)!;
}

/** Stage 4: decides every primitive's change. */
export function decideActions(
  ctx: PlanContext,
  availability: Availability,
  assignment: Assignment,
  unrunnablePrimitives: ReadonlySet<string> = new Set(),
  noMigration: ReadonlySet<string> = new Set(),
  runningOnly: ReadonlySet<string> = new Set(),
): Decisions {
  const blockedByOrder = new Set<string>();
  const noNewInstances = new Set<string>();
  /** Clone primitives that would run but for an order: the reason each instance stops for, by node. */
  const orderStopsClone = new Map<string, (node: string) => string | undefined>();
  const deps = startDependencies(ctx);
  const targets = new Map<string, string[]>();
  const reasons = new Map<string, string>();
  /** Primitives kept from starting by an order: where they would have started (a stopped clone: where each instance would have). */
  const wouldStartOn = new Map<string, string[]>();
  /** Clone primitives kept from starting by an order: the fresh instances that would have started, and where. */
  const wouldStartInstances = new Map<string, { to: string; instance: number; reason?: string }[]>();
  for (const [id, nodes] of assignment.nodes) targets.set(id, [...nodes]);

  const lateMigration = ctx.faults.has("late-migration");
  const eager = ctx.faults.has("eager-restart");
  const changesOf = new Map<string, ResourceChange[]>();
  /** Clone primitives' instances placed where an interleaved order bars them, by node. */
  const barredInstances = new Map<string, Map<string, BarredInstance>>();
  const migrationOf = (id: string) => ctx.cluster.status.migrations.find((m) => m.resource === id);

  /** Whether what an order waits for is placed nowhere. */
  // A resource blocked where its stop failed stays, but its start cannot run.
  const goesNowhere = (first: string) => (targets.get(first) ?? []).length === 0 || isBlockedByFailedStop(ctx, first);
  for (const id of dependencyOrder(ctx, deps)) {
    const incoming = deps.get(id) ?? [];
    if (!isUnmanaged(ctx, id)) {
      const running = activeNodes(ctx, id);
      // One kept from starting last round still wants to start where it would have run.
      const wouldRun = assignment.wouldRun.get(id);
      // So does a clone kept to the nodes where it runs, where it would have started new instances.
      const keptClone = runningOnly.has(id) ? assignment.clonesWouldRun.get(id) : undefined;
      const wanted = keptClone ?? ((targets.get(id) ?? []).length > 0 || wouldRun === undefined ? (targets.get(id) ?? []) : [wouldRun]);
      const needsStart = wanted.some((n) => !running.includes(n) || failedThere(ctx, id, n));
      const staysPut = !needsStart && runningNodes(ctx, id).length === 1;
      const unmet = incoming.filter(({ first, optional, symmetrical }) => !optional && (symmetrical || needsStart) && goesNowhere(first));
      const needed = unmet[0];
      const blocked = unrunnablePrimitives.has(id) || (targets.get(id) ?? []).length > 0 || (keptClone ?? []).length > 0;
      const cloned = cloneOf(ctx, id) !== undefined;
      const stopsIt = incoming.some((d) => !d.optional && d.symmetrical && goesNowhere(d.first));
      if (needed !== undefined && blocked && cloned && !stopsIt) {
        // The fresh instances it would have started, numbered after the
        // running ones, are blocked starts (none behind an interleaved order).
        const wouldRunOn = assignment.clonesWouldRun.get(id) ?? targets.get(id) ?? [];
        const fresh = unmet.every((d) => d.interleaved) ? [] : wouldRunOn.filter((n) => !running.includes(n));
        wouldStartInstances.set(id, fresh.map((to, k) => ({ to, instance: running.length + k })));
        targets.set(id, (targets.get(id) ?? []).filter((n) => running.includes(n) && !failedThere(ctx, id, n)));
        reasons.set(id, blockedReason(ctx, incoming, unmet, staysPut, { changesOf, reasons, blockedByOrder }));
        noNewInstances.add(id);
      } else if (needed !== undefined && blocked) {
        // A clone the order alone keeps from running stops for the order's
        // reason when what the order names goes down as a whole.
        const instanceNodes = (targets.get(id) ?? []).length > 0 ? (targets.get(id) ?? []) : assignment.clonesWouldRun.get(id);
        const namedGoesDown = primitivesNamed(ctx, needed.named).every((p) => (targets.get(p.id) ?? []).length === 0);
        if (cloned && instanceNodes !== undefined && namedGoesDown) {
          // Instance by instance: a healthy one where the clone would run
          // stays put but for the order; one that would move (healthy ones
          // first) cannot start; the others have nowhere to run.
          const byHistory = [...running].sort(historyOrder(ctx));
          const stays = byHistory.filter((n) => instanceNodes.includes(n));
          const leaving = byHistory.filter((n) => !stays.includes(n));
          const movers = [...leaving.filter((n) => !failedThere(ctx, id, n)), ...leaving.filter((n) => failedThere(ctx, id, n))].slice(
            0,
            instanceNodes.length - stays.length,
          );
          // An interleaved order binds instance to instance: with no instance
          // of what it needs to wait for, Pacemaker gives the stop no reason
          // (and has no blocked start to report).
          const interleavedOnly = unmet.every((d) => d.interleaved);
          // The nodes left over once the running instances are placed go to fresh instances, numbered after them.
          const freshNodes = interleavedOnly ? [] : instanceNodes.filter((n) => !running.includes(n)).slice(movers.length);
          // A fresh instance has no copy to keep: what keeps it from starting is merely unrunnable.
          const freshReason = blockedReason(ctx, incoming, unmet, false, { changesOf, reasons, blockedByOrder });
          wouldStartInstances.set(id, freshNodes.map((to, k) => ({ to, instance: running.length + k, reason: freshReason })));
          orderStopsClone.set(id, (node) =>
            interleavedOnly
              ? undefined
              : stays.includes(node) || movers.includes(node)
              ? blockedReason(ctx, incoming, unmet, stays.includes(node) && !failedThere(ctx, id, node), {
                  changesOf,
                  reasons,
                  blockedByOrder,
                  instanceOn: { node, reasonOf: (member) => orderStopsClone.get(member)?.(node) },
                })
              : availability.stopReason,
          );
        }
        // A clone waiting on an interleaved order has no instance start to block (as crm_simulate prints it).
        const clonedStarts = needed.interleaved ? [] : (instanceNodes ?? []);
        const startsOn = cloned ? clonedStarts : [targets.get(id)?.[0] ?? wouldRun].filter((n) => n !== undefined);
        if (startsOn.length > 0) wouldStartOn.set(id, startsOn);
        targets.set(id, []);
        const wouldMigrate = !cloned && ctx.meta.get(id)!.allowMigrate && running.length === 1 && availability.up.has(running[0]!) && needsStart;
        reasons.set(id, blockedReason(ctx, incoming, unmet, staysPut, { changesOf, reasons, blockedByOrder, wouldMigrate }));
        blockedByOrder.add(id);
      } else if (runningOnly.has(id) && incoming.some((d) => !d.optional && !d.symmetrical && goesNowhere(d.first))) {
        noNewInstances.add(id);
      }
    }
    const clone = cloneOf(ctx, id) !== undefined;
    // The nodes where an interleaved order leaves an instance nothing to wait for (all of them placed first: the numbering stays).
    const cloneTargets = targets.get(id) ?? [];
    const barred = clone ? interleavedBarredNodes(incoming, cloneTargets, (first) => targets.get(first) ?? [], barredInstances) : new Map<string, string | undefined>();
    if (barred.size > 0) targets.set(id, cloneTargets.filter((n) => !barred.has(n)));
    const firstChanges = incoming.flatMap((dep) => (changesOf.get(dep.first) ?? []).map((c) => ({ dep, c })));
    // A clone as a whole goes down only when no instance of it stays up.
    const staysUpSomewhere = (first: string) =>
      cloneOf(ctx, first) !== undefined &&
      activeNodes(ctx, first).some(
        (n) => (targets.get(first) ?? []).includes(n) && !(changesOf.get(first) ?? []).some((c) => c.from === n),
      );
    /**
     * Whether a change of what it depends on restarts it where it stays, on
     * `node`. A primitive's real start restarts every dependent. A clone's
     * instance really starting restarts every instance of a dependent clone
     * that does not interleave; a dependent primitive, or an instance of an
     * interleaving clone, only on the node where that instance starts,
     * unless the clone, up before, goes down as a whole first (then nothing
     * that needs it may stay up meanwhile).
     */
    const restarts = (dep: Dependency, c: ResourceChange, node: string | undefined) => {
      if (dep.sameNode) return (node === undefined || c.from === node || c.to === node) && (clone ? reallyStops(c) : reallyStarts(c));
      if (!reallyStarts(c)) return false;
      if (cloneOf(ctx, dep.first) === undefined || (clone && !dep.interleaved)) return true;
      return c.to === node || (activeNodes(ctx, dep.first).length > 0 && !staysUpSomewhere(dep.first));
    };
    // Within a group, Pacemaker names the member before it as the cause; an
    // interleaved clone's instance, the first's instance that starts on its
    // node; else the first of the order declared last.
    const restartCauseOn = (node: string | undefined) => {
      const causes = firstChanges.filter(
        ({ dep, c }) =>
          !dep.optional &&
          // An asymmetrical order binds only starts: a then already running needs no restart.
          (dep.symmetrical || eager || lateMigration) &&
          (eager || restarts(dep, c, node) || (lateMigration && c.kind === "migrate")),
      );
      const onItsNode = causes.filter(({ dep, c }) => dep.interleaved && node !== undefined && c.to === node);
      return causes.find(({ dep }) => dep.inGroup) ?? onItsNode.at(-1) ?? causes.at(-1);
    };
    const restartCause = restartCauseOn(targets.get(id)?.[0]);
    // A real stop and new start of what it depends on rules out a live
    // migration: its stop must follow the migration's source stop (the
    // mirrored stop order) and its start precede the migrate_to, a cycle.
    // Not so when it stops for good (nothing to wait for), when the order
    // has no stop-side mirror (asymmetrical), or when a clone stays up as a
    // whole (a cycle it still closes is caught when the graph is built).
    const comesBack = (first: string) => (changesOf.get(first) ?? []).some(reallyStarts);
    const stopCause = firstChanges.find(
      ({ dep, c }) =>
        (reallyStops(c) && dep.symmetrical && comesBack(dep.first) && !staysUpSomewhere(dep.first)) ||
        (lateMigration && c.kind === "migrate"),
    );
    // A first that stays where it runs but stops a leftover copy elsewhere (the
    // source of a dangling migration, a second active copy) rules out a live
    // migration through a Mandatory symmetrical order too: crm_simulate
    // moves the resource, naming that stop unrunnable.
    const leftoverStop = firstChanges.find(
      ({ dep, c }) => !dep.optional && dep.symmetrical && c.kind === "stop" && c.from === undefined && c.extraStops.length > 0,
    );
    // A clone staying up elsewhere that stops and starts again where this
    // resource runs closes a cycle through its migration once the graph is
    // built: once that ruled the migration out, it is what blocked it.
    const cycleCause = noMigration.has(id)
      ? firstChanges.find(
          ({ dep, c }) =>
            reallyStops(c) && dep.symmetrical && comesBack(dep.first) && staysUpSomewhere(dep.first) && c.from !== undefined && activeNodes(ctx, id).includes(c.from),
        )
      : undefined;
    const changes = isUnmanaged(ctx, id)
      ? []
      : clone
        ? cloneChanges(ctx, id, cloneTargets, { reasons: barred, instances: barredInstances }, assignment.unwelcome.get(id) ?? new Set(), assignment.instanceMoves.get(id) ?? new Map(), availability.toFence, orderStopsClone.get(id) ?? (() => availability.stopReason), (node) => {
            const cause = restartCauseOn(node);
            if (cause === undefined) return undefined;
            // In a cloned group, the member before it on that node is an
            // instance of its own; so is the instance an interleaving clone
            // waits for (a cloned group's instance is `running`).
            const { dep, c } = cause;
            if (c.instance === undefined) return `required ${dep.started}`;
            if (dep.sameNode) return `required ${dep.first}:${c.instance} start`;
            const child = cloneOf(ctx, dep.first)?.child;
            if (!dep.interleaved || c.to !== node || child === undefined) return `required ${dep.started}`;
            return child.kind === "group" ? `required ${child.id}:${c.instance} running` : `required ${dep.first}:${c.instance} start`;
          })
        : primitiveChanges({
            id,
            current: [...activeNodes(ctx, id)].sort(historyOrder(ctx)),
            target: targets.get(id)?.[0],
            reason: reasons.get(id),
            // A failure on a node that is fenced goes with the node: the resource just moves.
            failedOn: (node) => failedThere(ctx, id, node) && !availability.toFence.includes(node),
            migration: migrationOf(id),
            migrationTargetUp: availability.up.has(migrationOf(id)?.target ?? ""),
            migrationTargetFenced: availability.toFence.includes(migrationOf(id)?.target ?? ""),
            canMigrate: (from, to) =>
              ctx.meta.get(id)!.allowMigrate &&
              !noMigration.has(id) &&
              availability.up.has(from) &&
              availability.runnable.has(to),
            restartCause: restartCause && `required ${restartCause.dep.started}`,
            migrationBlocker: stopCause ? `unmigrateable ${stopCause.dep.stopped}` : leftoverStop && `unrunnable ${leftoverStop.dep.stopped}`,
            cycleBlocker: cycleCause && `unmigrateable ${cycleCause.dep.stopped}`,
            migrationFailed: ctx.cluster.status.failed.some((f) => f.resource === id && (f.operation === "migrate_to" || f.operation === "migrate_from")),
            stopReason: availability.stopReason,
            lost: (node) => availability.lost.has(node),
          });
    const wouldStart = wouldStartOn.get(id) ?? [];
    if (changes.length === 0 && activeNodes(ctx, id).length === 0 && !wouldStartInstances.has(id)) {
      // A clone prints one blocked start per instance it would have started.
      wouldStart.forEach((to, number) =>
        changes.push({ resource: id, kind: "blocked", to, reason: reasons.get(id)!, extraStops: [], ...(clone ? { instance: number } : {}) }),
      );
    }
    for (const { to, instance, reason } of wouldStartInstances.get(id) ?? []) {
      changes.push({ resource: id, kind: "blocked", to, reason: reason ?? reasons.get(id)!, extraStops: [], instance });
    }
    changesOf.set(id, changes);
  }
  followBlockedPrimaries(ctx, availability, changesOf);
  followStoppedPrimaries(ctx, availability, changesOf, blockedByOrder);
  const changes = [...ctx.primitives.keys()].flatMap((id) => changesOf.get(id) ?? []);
  return { changes, unrunnable: blockedByOrder, noNewInstances, migrationConflicts: migrationConflicts(ctx, changesOf, blockedByOrder) };
}

/** Whether `id` is a primitive on its own, not in a group or clone. */
function isPlainPrimitive(ctx: PlanContext, id: string): boolean {
  return ctx.cluster.resources.some((r) => r.kind === "primitive" && r.id === id);
}

/**
 * A primitive (not in a group or clone) that runs nowhere and must run with
 * (+INFINITY) a primitive or group kept from starting by an order (each of
 * the group's members) would have started beside it, where its own location
 * scores allow: a blocked start there too, `due to colocation with` that
 * primary.
 */
function followBlockedPrimaries(ctx: PlanContext, availability: Availability, changesOf: Map<string, ResourceChange[]>): void {
  let scores: ScoreTable | undefined;
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "colocation" || c.score < INFINITY || !isPlainPrimitive(ctx, c.resource)) continue;
    if (isUnmanaged(ctx, c.resource) || activeNodes(ctx, c.resource).length > 0 || (changesOf.get(c.resource) ?? []).length > 0) continue;
    const primary = ctx.cluster.resources.find((r) => r.id === c.withResource && r.kind !== "clone");
    const blockedStarts = (primary === undefined ? [] : primitivesNamed(ctx, primary.id)).map((m) =>
      (changesOf.get(m.id) ?? []).find((x) => x.kind === "blocked" && x.to !== undefined),
    );
    // A group's every member must be kept from starting (one disabled member leaves the dependent nowhere).
    const blocked = blockedStarts.every((b) => b !== undefined) ? blockedStarts[0] : undefined;
    if (blocked === undefined) continue;
    scores ??= computeLocationScores(ctx, availability);
    if ((scores.get(c.resource)?.get(blocked.to!) ?? -INFINITY) < 0) continue;
    changesOf.set(c.resource, [{ resource: c.resource, kind: "blocked", to: blocked.to, reason: `colocation with ${c.withResource}`, extraStops: [] }]);
  }
}

/**
 * A primitive (not in a group or clone) that must run with (+INFINITY) a
 * primitive an order keeps from starting, and stops where that primary
 * runs, for node availability: crm_simulate words its stop `due to
 * colocation with` that primary (even where its own location scores bar
 * the node).
 */
function followStoppedPrimaries(ctx: PlanContext, availability: Availability, changesOf: Map<string, ResourceChange[]>, blockedByOrder: ReadonlySet<string>): void {
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "colocation" || c.score < INFINITY || !blockedByOrder.has(c.withResource)) continue;
    if (!isPlainPrimitive(ctx, c.resource) || !isPlainPrimitive(ctx, c.withResource)) continue;
    const own = changesOf.get(c.resource) ?? [];
    const stop = own.length === 1 && own[0]!.kind === "stop" && own[0]!.reason === availability.stopReason ? own[0]! : undefined;
    if (stop === undefined || stop.from === undefined || !activeNodes(ctx, c.withResource).includes(stop.from)) continue;
    changesOf.set(c.resource, [{ ...stop, reason: `colocation with ${c.withResource}` }]);
  }
}

/**
 * Resources that must not live-migrate: those that would migrate onto a node
 * that a -INFINITY colocated resource leaves by live migration (the arrival
 * must wait for the other's departure, which comes only after the other's
 * migrate_from; any order between the two, or a swap, would close a cycle);
 * and those that are the `then` of a symmetrical Mandatory "first stop, then
 * stop" order whose `first` starts in this transition, or would but for an
 * order that keeps it from starting (its start is in the graph, unrunnable,
 * whether or not it runs now; crm_simulate moves
 * them by stop and start then, while the same pair of orders written as
 * "then start, first start" leaves the migration alone). So are the
 * primitive `then`s of such an order whose primitive `first` really stops
 * and has its start named as the `first` of another order: that order puts
 * the start in the graph, unrunnable (crm_simulate does so only for such an
 * order declared before the stop order, which the reference does not let
 * decide; see the masked-stop-order-migration diff note).
 */
function migrationConflicts(ctx: PlanContext, changesOf: Map<string, ResourceChange[]>, blockedByOrder: ReadonlySet<string>): Set<string> {
  const migrationOf = (id: string) => changesOf.get(id)?.find((c) => c.kind === "migrate");
  const conflicts = new Set<string>();
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "order" || c.orderKind !== "Mandatory" || !c.symmetrical || c.firstAction !== "stop" || c.thenAction !== "stop") continue;
    // A start an order keeps from running is in the graph all the same.
    const firstStarts = primitivesNamed(ctx, c.first).some((f) => (changesOf.get(f.id) ?? []).some(reallyStarts) || blockedByOrder.has(f.id));
    // So is the start of a primitive that stops, named first by another order.
    const startOrdered =
      ctx.primitives.has(c.first) &&
      ctx.primitives.has(c.then) &&
      (changesOf.get(c.first) ?? []).some(reallyStops) &&
      ctx.cluster.constraints.some((o) => o !== c && o.kind === "order" && o.first === c.first && o.firstAction === "start");
    if (!firstStarts && !startOrdered) continue;
    for (const t of primitivesNamed(ctx, c.then)) if (migrationOf(t.id) !== undefined) conflicts.add(t.id);
  }
  for (const c of ctx.cluster.constraints) {
    if (c.kind !== "colocation" || c.score > -INFINITY) continue;
    for (const a of primitivesNamed(ctx, c.resource)) {
      for (const b of primitivesNamed(ctx, c.withResource)) {
        const ma = migrationOf(a.id);
        const mb = migrationOf(b.id);
        if (ma === undefined || mb === undefined) continue;
        if (ma.to === mb.from) conflicts.add(a.id);
        if (mb.to === ma.from) conflicts.add(b.id);
      }
    }
  }
  return conflicts;
}

interface PrimitiveSituation {
  id: string;
  current: string[];
  target: string | undefined;
  reason: string | undefined;
  failedOn: (node: string) => boolean;
  migration: { source: string; target: string; stage: "partial" | "dangling" } | undefined;
  /** The node a recorded migration went to is up. */
  migrationTargetUp: boolean;
  /** The node a recorded migration went to is fenced in this transition. */
  migrationTargetFenced: boolean;
  canMigrate: (from: string, to: string) => boolean;
  restartCause: string | undefined;
  migrationBlocker: string | undefined;
  /** What closed the cycle that ruled out its live migration, when the graph was built. */
  cycleBlocker: string | undefined;
  /** A live migration of it failed: a failed migrate_to or migrate_from is in its history. */
  migrationFailed: boolean;
  stopReason: string;
  /** Whether a node's resources are gone (offline or unclean): their stops are implied. */
  lost: (node: string) => boolean;
}

/** Compares nodes by the order their histories are read (the status order). */
function historyOrder(ctx: PlanContext): (a: string, b: string) => number {
  const rank = (n: string) => ctx.historyRank.get(n) ?? Number.MAX_SAFE_INTEGER;
  return (a, b) => rank(a) - rank(b);
}

/**
 * A primitive active on several nodes, not by a live migration, that leaves
 * them all: it stops on every node, each a summary line (one line only, from
 * the node whose history is read first, when an order keeps it from
 * starting: its start is what is unrunnable), or it moves (is recovered,
 * when it failed somewhere) from the node whose history is read first, the
 * others stopping too. One that stays on one of its nodes is left running
 * there (see primitiveChanges): only its other copies stop.
 */
function multiplyActiveDeparture(s: PrimitiveSituation): ResourceChange[] {
  const { id, target } = s;
  const [first, ...others] = s.current as [string, ...string[]];
  if (target === undefined && s.reason !== undefined) {
    return [{ resource: id, kind: "stop", from: first, reason: s.reason, extraStops: others }];
  }
  if (target === undefined) {
    return s.current.map((from) => ({ resource: id, kind: "stop", from, reason: s.stopReason, extraStops: [] }));
  }
  const kind = s.current.some(s.failedOn) ? "recover" : "move";
  return [{ resource: id, kind, from: first, to: target, extraStops: others }];
}

/**
 * A recorded migration that is given up, as Pacemaker reports it: a
 * recovery. A partial one (active on its source) whose target is lost (down,
 * offline or unclean) and that goes to a third node is recovered from its
 * source there. A dangling one (active on its target, its source stop
 * pending) that goes back to its source is recovered on the source when its
 * target is lost, and from its target when it failed on the source; one
 * whose target is lost but not fenced (its copy there is merely gone) that
 * goes to a third node is recovered from its source there. A
 * dangling one whose source copy failed that goes to a third node is, like
 * any multiply-active resource with a failed copy, recovered from the node
 * whose history is read first. The actions are those of the move: stop
 * everywhere, start on the new node.
 */
function interruptedMigration(s: PrimitiveSituation, from: string, target: string, extraStops: string[]): ResourceChange | undefined {
  const m = s.migration;
  if (m?.stage === "partial" && !s.migrationTargetUp && from === m.source && target !== m.target) {
    return { resource: s.id, kind: "recover", from, to: target, extraStops };
  }
  if (m?.stage === "dangling" && from === m.target && target === m.source && (!s.migrationTargetUp || s.failedOn(target))) {
    const named = s.migrationTargetUp ? from : target;
    return { resource: s.id, kind: "recover", from: named, to: target, extraStops: [...extraStops, from].filter((n) => n !== named) };
  }
  if (m?.stage === "dangling" && from === m.target && target !== m.source && s.lost(m.target) && !s.migrationTargetFenced) {
    return { resource: s.id, kind: "recover", from: m.source, to: target, extraStops: [...extraStops, from].filter((n) => n !== m.source) };
  }
  if (m?.stage === "dangling" && target !== m.source && target !== m.target && s.failedOn(m.source)) {
    const named = s.current[0]!;
    return { resource: s.id, kind: "recover", from: named, to: target, extraStops: [...extraStops, from].filter((n) => n !== named) };
  }
  return undefined;
}

function primitiveChanges(s: PrimitiveSituation): ResourceChange[] {
  const { id, target } = s;
  const departs = target === undefined || !s.current.includes(target);
  if (s.migration === undefined && s.current.length > 1 && departs) return multiplyActiveDeparture(s);
  let current = s.current;
  const extraStops: string[] = [];
  if (s.migration?.stage === "dangling") {
    const { source, target: migrationTarget } = s.migration;
    // Back on its source, its migration target lost: crm_simulate reports a recovery there.
    if (target === source && s.lost(migrationTarget) && current.includes(source)) {
      return [{ resource: id, kind: "recover", from: source, to: source, extraStops: [migrationTarget] }];
    }
    current = current.filter((n) => n !== s.migration!.source);
    if (!current.includes(s.migration.target)) current = [...current, s.migration.target];
    extraStops.push(s.migration.source);
  }
  if (s.migration?.stage === "partial") {
    const { source, target: migrationTarget } = s.migration;
    // Its target fenced, or up and not where it goes, the resource may be
    // active there too: crm_simulate moves it from there to a third node,
    // stopping it on its source as well, and stops it on both (the target
    // first) where it stops. Where it goes back to its source, it stays
    // there (restarting it would be needless: the copy on the target is
    // stopped, or fencing stops it).
    const targetCopy = s.migrationTargetFenced || (s.migrationTargetUp && target !== migrationTarget && !s.failedOn(source));
    if (targetCopy && target !== undefined && target !== source) {
      return [{ resource: id, kind: "move", from: migrationTarget, to: target, extraStops: [source] }];
    }
    if (targetCopy && target === undefined && s.reason === undefined && current.includes(source)) {
      return [migrationTarget, source].map((from) => ({ resource: id, kind: "stop" as const, from, reason: s.stopReason, extraStops: [] }));
    }
    const resumable =
      s.canMigrate(source, migrationTarget) &&
      s.migrationBlocker === undefined &&
      !s.failedOn(source);
    if (target === migrationTarget && resumable) {
      return [{ resource: id, kind: "migrate", from: source, to: target, resumes: true, extraStops }];
    }
    if (!current.includes(source)) current = [...current, source];
    if (migrationTarget !== target) extraStops.push(migrationTarget);
  }
  const from = target !== undefined && current.includes(target) ? target : current[0];
  extraStops.push(...current.filter((n) => n !== from));
  if (from === undefined) {
    if (target === undefined) return extraStops.length > 0 ? [{ resource: id, kind: "stop", extraStops }] : [];
    return [{ resource: id, kind: "start", to: target, extraStops }];
  }
  if (target === undefined) {
    return [{ resource: id, kind: "stop", from, reason: s.reason ?? s.stopReason, extraStops }];
  }
  if (from === target) {
    if (s.failedOn(from)) {
      // Not so for copies a failed live migration left: Pacemaker recovers it where it failed.
      const multiplyActive = s.migration === undefined && !s.migrationFailed && s.current.length > 1;
      return [{ resource: id, kind: "recover", from, to: target, extraStops, ...(multiplyActive ? { multiplyActiveFrom: s.current[0]! } : {}) }];
    }
    if (s.restartCause !== undefined && s.migration === undefined && s.current.length > 1) {
      return [{ resource: id, kind: "restart", from, to: target, extraStops, multiplyActiveFrom: s.current[0]! }];
    }
    if (s.restartCause !== undefined) {
      return [{ resource: id, kind: "restart", from, to: target, reason: s.restartCause, extraStops }];
    }
    return extraStops.length > 0 ? [{ resource: id, kind: "stop", extraStops }] : [];
  }
  if (s.failedOn(from)) return [{ resource: id, kind: "recover", from, to: target, extraStops }];
  const unfinished = interruptedMigration(s, from, target, extraStops);
  if (unfinished !== undefined) return [unfinished];
  const free = s.migrationBlocker === undefined && extraStops.length === 0;
  if (s.canMigrate(from, target) && free) {
    return [{ resource: id, kind: "migrate", from, to: target, extraStops }];
  }
  // Only a resource that could otherwise migrate (it stops nowhere else) names what blocks its migration.
  const reason = extraStops.length > 0 ? undefined : s.canMigrate(from, target) ? s.migrationBlocker : s.cycleBlocker;
  return [{ resource: id, kind: "move", from, to: target, reason, extraStops }];
}

/** A clone instance placed on a node where an interleaved order bars it: its number, and whether it ran there. */
interface BarredInstance {
  instance: number;
  ran: boolean;
}

/**
 * The nodes, among a clone's `targets`, where an interleaved Mandatory
 * symmetrical order on another clone leaves its instance nothing to wait
 * for: the other clone (every primitive of it) is not placed there. Such an
 * instance is placed there all the same (numbering counts it), but cannot
 * run: crm_simulate stops it, or does not start it, and prints no blocked
 * start. An asymmetrical order leaves it be. Each node maps to the stop's
 * reason: none when the other clone has no instance there at all; when the
 * other clone's instance there is barred in turn, its start (`unrunnable`
 * for one that ran there, `required` for a fresh one).
 */
function interleavedBarredNodes(
  incoming: readonly Dependency[],
  targets: readonly string[],
  firstTargets: (first: string) => readonly string[],
  barredInstances: ReadonlyMap<string, ReadonlyMap<string, BarredInstance>>,
): Map<string, string | undefined> {
  const binding = incoming.filter((d) => d.interleaved && !d.optional && d.symmetrical);
  const barred = new Map<string, string | undefined>();
  for (const node of targets) {
    const missing = binding.filter((d) => !firstTargets(d.first).includes(node));
    if (missing.length === 0) continue;
    const held = missing.map((d) => ({ d, b: barredInstances.get(d.first)?.get(node) })).find(({ b }) => b !== undefined);
    barred.set(node, held && `${held.b!.ran ? "unrunnable" : "required"} ${held.d.first}:${held.b!.instance} start`);
  }
  return barred;
}

/**
 * Changes of an anonymous clone's instances. Running instances are numbered
 * in the order their histories are read (the first found is `:0`); those
 * numbered at or above clone-max are orphans, which stop unless the
 * clone stays on their node (Pacemaker would stop them there too, and bring
 * a kept instance in their place: a needless restart). Instances stay on
 * their nodes where they can; an instance the assignment moved goes where
 * it was placed (`moves`, by the node it leaves); the other nodes where an
 * instance arrives go, best first, to the kept instances that leave (healthy before failed ones: a
 * move, or a recovery elsewhere, a mere move when the node it failed on is
 * fenced), then to fresh instances numbered after the running ones, and only
 * then to the instances whose own node turned them away (see
 * {@link Assignment.unwelcome}); an instance left without a node stops, as
 * does one placed where it is `barred` (see {@link interleavedBarredNodes}),
 * recorded in `barred.instances`.
 */
function cloneChanges(
  ctx: PlanContext,
  id: string,
  targets: string[],
  barred: { reasons: ReadonlyMap<string, string | undefined>; instances: Map<string, Map<string, BarredInstance>> },
  unwelcome: ReadonlySet<string>,
  moves: ReadonlyMap<string, string>,
  fenced: readonly string[],
  stopReason: (node: string) => string | undefined,
  restartCauseOn: (node: string) => string | undefined,
): ResourceChange[] {
  const current = [...activeNodes(ctx, id)].sort(historyOrder(ctx));
  const cloneMax = cloneOf(ctx, id)!.cloneMax ?? ctx.nodeNames.length;
  const kept = current.slice(0, cloneMax);
  const stays = current.filter((n) => targets.includes(n));
  const arriving = targets.filter((n) => !stays.includes(n));
  const leaving = kept.filter((n) => !stays.includes(n));
  const healthyFirst = (nodes: string[]) => [...nodes.filter((n) => !failedThere(ctx, id, n)), ...nodes.filter((n) => failedThere(ctx, id, n))];
  const fresh = Array.from({ length: cloneMax - kept.length }, (_, k) => current.length + k);
  // Who takes each arriving node, in turn: a leaving instance (by its node) or a fresh instance number.
  const takers: (string | number)[] = [
    ...healthyFirst(leaving.filter((n) => !unwelcome.has(n))),
    ...fresh,
    ...healthyFirst(leaving.filter((n) => unwelcome.has(n))),
  ];
  // An instance the assignment moved goes where it was placed; the other arriving nodes go to the takers in turn.
  const destination = new Map<string | number, string>(
    leaving.flatMap((n) => {
      const to = moves.get(n);
      return to !== undefined && arriving.includes(to) ? [[n, to] as const] : [];
    }),
  );
  const unclaimed = arriving.filter((n) => ![...destination.values()].includes(n));
  for (const taker of takers.filter((t) => !destination.has(t))) {
    const to = unclaimed.shift();
    if (to !== undefined) destination.set(taker, to);
  }
  const changes: ResourceChange[] = [];
  const barInstance = (node: string, instance: number, ran: boolean) =>
    barred.instances.set(id, (barred.instances.get(id) ?? new Map()).set(node, { instance, ran }));
  current.forEach((node, number) => {
    if (stays.includes(node)) {
      if (barred.reasons.has(node)) {
        changes.push({ resource: id, kind: "stop", from: node, reason: barred.reasons.get(node), extraStops: [], instance: number });
        barInstance(node, number, true);
      } else if (failedThere(ctx, id, node)) {
        changes.push({ resource: id, kind: "recover", from: node, to: node, extraStops: [], instance: number });
      } else {
        const reason = restartCauseOn(node);
        if (reason !== undefined) {
          changes.push({ resource: id, kind: "restart", from: node, to: node, reason, extraStops: [], instance: number });
        }
      }
      return;
    }
    const to = destination.get(node);
    // An instance that failed where it ran is recovered on its new node,
    // unless that node is fenced: the failure goes with the node, it just moves.
    const kind = failedThere(ctx, id, node) && !fenced.includes(node) ? "recover" : "move";
    changes.push(
      to === undefined
        ? { resource: id, kind: "stop", from: node, reason: stopReason(node), extraStops: [], instance: number }
        : barred.reasons.has(to)
          ? { resource: id, kind: "stop", from: node, reason: barred.reasons.get(to), extraStops: [], instance: number }
          : { resource: id, kind, from: node, to, extraStops: [], instance: number },
    );
  });
  for (const number of fresh) {
    const to = destination.get(number);
    if (to !== undefined && barred.reasons.has(to)) barInstance(to, number, false);
    else if (to !== undefined) changes.push({ resource: id, kind: "start", to, extraStops: [], instance: number });
  }
  return changes;
}
