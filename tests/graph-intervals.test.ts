import { test } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import type { Action, ClusterStatus, Edge, PendingMigration, Placement, Task } from "../planner/model.ts";
import { actionId } from "../planner/model.ts";
import type { Closure, IndexedGraph } from "../planner/graph/dag.ts";
import { indexGraph, reachability } from "../planner/graph/dag.ts";
import { effectOf, placementKey } from "../planner/graph/execute.ts";
import type { Activity, Interval } from "../planner/graph/intervals.ts";
import {
  BEGINNING,
  activityIntervals,
  canBeActiveWhileInactive,
  canOverlap,
  completedActions,
  findState,
  inSameMigrationWindow,
  intervalsOf,
  maxSimultaneous,
  maxStacked,
  mayCompleteBefore,
} from "../planner/graph/intervals.ts";
import { reachableStates } from "../planner/graph/enumerate.ts";

const act = (task: Task, resource: string | undefined, node: string | undefined, pseudo = false): Action => ({
  id: actionId(task, resource, node),
  task,
  pseudo,
  ...(resource === undefined ? {} : { resource }),
  ...(node === undefined ? {} : { node }),
});
const started = (resource: string, node: string): Placement => ({ resource, node, role: "Started" });
const status = (active: Placement[], migrations: PendingMigration[] = []): ClusterStatus => ({
  active,
  failed: [],
  failCounts: [],
  migrations,
});

/** Indexes actions and edges (by id pairs) and analyses them from a status. */
function analyse(actions: Action[], edges: [string, string][], s: ClusterStatus) {
  const g = indexGraph({ actions, edges: edges.map(([first, then]) => ({ first, then })) });
  const closure = reachability(g);
  return { g, closure, activity: activityIntervals(g, closure, s), at: (id: string) => g.index.get(id)! };
}

/** Intervals without their migration labels, for exact comparison. */
const shape = (is: readonly Interval[]) => is.map(({ resource, node, from, until }) => ({ resource, node, from, until }));

// ------------------------------------------------------------ hand-made

test("restart: two intervals on the same node that never overlap", () => {
  const { activity, closure, at } = analyse(
    [act("start", "r", "n1"), act("stop", "r", "n1")],
    [["stop:r@n1", "start:r@n1"]],
    status([started("r", "n1")]),
  );
  assert.equal(shape(activity.intervals), [
    { resource: "r", node: "n1", from: BEGINNING, until: [at("stop:r@n1")] },
    { resource: "r", node: "n1", from: at("start:r@n1"), until: [] },
  ]);
  assert.not.ok(canOverlap(closure, activity.intervals[0]!, activity.intervals[1]!));
  assert.equal(activity.races, []);
  assert.equal(activity.migrations, []);
});

test("an interval closes at the first of its unordered ends (stop or fence)", () => {
  const { activity, at } = analyse(
    [act("start", "r", "n1"), act("stop", "r", "n1"), act("fence", undefined, "n1"), act("stop", "r", "n2")],
    [["start:r@n1", "stop:r@n1"], ["start:r@n1", "fence@n1"]],
    status([]),
  );
  assert.equal(shape(intervalsOf(activity, "r", "n1")), [
    { resource: "r", node: "n1", from: at("start:r@n1"), until: [at("stop:r@n1"), at("fence@n1")] },
  ]);
  assert.equal(intervalsOf(activity, "r", "n2"), [], "a stop of something inactive opens nothing");
});

test("races: a start and a stop of the same placement with no path between them", () => {
  const { activity, at } = analyse(
    [act("start", "r", "n1"), act("stop", "r", "n1"), act("start", "q", "n2")],
    [["start:q@n2", "stop:r@n1"]],
    status([]),
  );
  assert.equal(activity.races, [{ resource: "r", node: "n1", realise: at("start:r@n1"), end: at("stop:r@n1") }]);
});

test("the seed migration: both sides labelled with one migration, overlapping only in its window", () => {
  const { activity, closure, at } = analyse(
    [act("migrate_to", "lustre", "l3"), act("migrate_from", "lustre", "l4"), act("stop", "lustre", "l3"), act("start", "lustre", undefined, true)],
    [["migrate_to:lustre@l3", "migrate_from:lustre@l4"], ["migrate_from:lustre@l4", "stop:lustre@l3"], ["stop:lustre@l3", "start:lustre"]],
    status([started("lustre", "l3"), started("mgs", "l3")]),
  );
  assert.equal(activity.migrations, [
    { resource: "lustre", source: "l3", target: "l4", migrateTo: 0, migrateFrom: 1, cleanupStop: 2 },
  ]);
  const [source, target] = intervalsOf(activity, "lustre");
  assert.equal({ ...source }, { resource: "lustre", node: "l3", from: BEGINNING, until: [at("stop:lustre@l3")], migrations: [0] });
  assert.equal({ ...target }, { resource: "lustre", node: "l4", from: at("migrate_from:lustre@l4"), until: [], migrations: [0] });
  assert.ok(canOverlap(closure, source!, target!));
  assert.ok(inSameMigrationWindow(source!, target!));
  // dependency-held for "lustre then mgs": mgs is never active while lustre is active nowhere.
  assert.is(canBeActiveWhileInactive(closure, intervalsOf(activity, "mgs"), intervalsOf(activity, "lustre")), undefined);
});

test("a move by stop and start leaves a dependent active while its dependency is down, with the witness", () => {
  const { activity, closure, at } = analyse(
    [act("stop", "lustre", "l3"), act("start", "lustre", "l4")],
    [["stop:lustre@l3", "start:lustre@l4"]],
    status([started("lustre", "l3"), started("mgs", "l3")]),
  );
  const witness = canBeActiveWhileInactive(closure, intervalsOf(activity, "mgs"), intervalsOf(activity, "lustre"));
  assert.equal(witness, { after: [at("stop:lustre@l3")], before: [at("start:lustre@l4")] });
  assert.equal(completedActions(closure, witness!), [at("stop:lustre@l3")]);
  const [source, target] = intervalsOf(activity, "lustre");
  assert.not.ok(canOverlap(closure, source!, target!));
  assert.not.ok(inSameMigrationWindow(source!, target!));
});

test("an unordered stop and start elsewhere can overlap: two active copies outside any migration", () => {
  const { activity, closure } = analyse(
    [act("stop", "r", "n1"), act("start", "r", "n2")],
    [],
    status([started("r", "n1")]),
  );
  const [a, b] = intervalsOf(activity, "r");
  assert.ok(canOverlap(closure, a!, b!));
  assert.not.ok(inSameMigrationWindow(a!, b!));
  assert.equal(findState(closure, [a!, b!], []), { after: [1], before: [0] });
});

test("findState closes an interval by whichever of its ends fits: here the fence, not the stop", () => {
  const { activity, closure, at } = analyse(
    [act("stop", "r", "n1"), act("fence", undefined, "n1"), act("start", "q", "n2"), act("stop", "q", "n2")],
    [["start:q@n2", "stop:q@n2"], ["stop:q@n2", "stop:r@n1"]],
    status([started("r", "n1")]),
  );
  assert.equal(intervalsOf(activity, "r")[0]!.until, [at("stop:r@n1"), at("fence@n1")]);
  assert.equal(canBeActiveWhileInactive(closure, intervalsOf(activity, "q"), intervalsOf(activity, "r")), {
    after: [at("start:q@n2"), at("fence@n1")],
    before: [at("stop:q@n2")],
  });
});

test("fencing first: recovery may precede the fence unless ordered after it", () => {
  const actions = [act("fence", undefined, "u"), act("start", "r", "n2")];
  const s = status([started("r", "u")]);
  const loose = analyse(actions, [], s);
  assert.ok(mayCompleteBefore(loose.closure, loose.at("start:r@n2"), loose.at("fence@u")));
  const [onU, onN2] = intervalsOf(loose.activity, "r");
  assert.equal(onU!.until, [loose.at("fence@u")]);
  assert.ok(canOverlap(loose.closure, onU!, onN2!));
  const tight = analyse(actions, [["fence@u", "start:r@n2"]], s);
  assert.not.ok(mayCompleteBefore(tight.closure, tight.at("start:r@n2"), tight.at("fence@u")));
  assert.ok(mayCompleteBefore(tight.closure, tight.at("fence@u"), tight.at("start:r@n2")));
  assert.not.ok(canOverlap(tight.closure, ...(intervalsOf(tight.activity, "r") as [Interval, Interval])));
});

test("maxSimultaneous: the largest set of clone instances active at once", () => {
  const s = status([started("c", "n1"), started("c", "n2")]);
  const actions = [act("stop", "c", "n1"), act("start", "c", "n3"), act("start", "c", "n4")];
  const ordered = analyse(actions.slice(0, 2), [["stop:c@n1", "start:c@n3"]], s);
  assert.equal(maxSimultaneous(ordered.closure, intervalsOf(ordered.activity, "c")).map((i) => i.node), ["n1", "n2"]);
  const extra = analyse(actions, [["stop:c@n1", "start:c@n3"]], s);
  assert.equal(maxSimultaneous(extra.closure, intervalsOf(extra.activity, "c")).map((i) => i.node), ["n1", "n2", "n4"]);
});

test("maxStacked: the instances active on one node at once, each start an instance of its own", () => {
  const s = status([started("c", "n1")]);
  const loose = analyse([act("stop", "c", "n1"), act("start", "c", "n1")], [], s);
  assert.is(maxStacked(loose.closure, intervalsOf(loose.activity, "c", "n1")).length, 2);
  assert.is(maxSimultaneous(loose.closure, intervalsOf(loose.activity, "c", "n1")).length, 1);
  const ordered = analyse([act("stop", "c", "n1"), act("start", "c", "n1")], [["stop:c@n1", "start:c@n1"]], s);
  assert.is(maxStacked(ordered.closure, intervalsOf(ordered.activity, "c", "n1")).length, 1);
});

test("partial and dangling migrations from the status", () => {
  const partial = analyse(
    [act("migrate_from", "r", "n2"), act("stop", "r", "n1")],
    [["migrate_from:r@n2", "stop:r@n1"]],
    status([started("r", "n1")], [{ resource: "r", source: "n1", target: "n2", stage: "partial" }]),
  );
  assert.equal(partial.activity.migrations, [{ resource: "r", source: "n1", target: "n2", migrateFrom: 0, cleanupStop: 1 }]);
  assert.equal(partial.activity.intervals.map((i) => i.migrations), [[0], [0]]);
  const dangling = analyse(
    [act("stop", "r", "n1")],
    [],
    status([started("r", "n1"), started("r", "n2")], [{ resource: "r", source: "n1", target: "n2", stage: "dangling" }]),
  );
  assert.equal(dangling.activity.migrations, [{ resource: "r", source: "n1", target: "n2", cleanupStop: 0 }]);
  const [src, tgt] = intervalsOf(dangling.activity, "r");
  assert.ok(inSameMigrationWindow(src!, tgt!));
});

// ------------------------------------------------ cross-check by brute force

const RESOURCES = ["A", "B", "C"];
const NODES = ["n1", "n2", "n3"];
const KEYS = RESOURCES.flatMap((r) => NODES.map((n) => placementKey(r, n)));

const anyAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom<Task>("start", "stop", "migrate_from", "migrate_to"), fc.constantFrom(...RESOURCES), fc.constantFrom(...NODES)).map(([t, r, n]) => act(t, r, n)) },
  { weight: 1, arbitrary: fc.constantFrom(...NODES).map((n) => act("fence", undefined, n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom<Task>("start", "stop"), fc.constantFrom(...RESOURCES)).map(([t, r]) => act(t, r, undefined, true)) },
);

interface Case {
  s: ClusterStatus;
  g: IndexedGraph;
  closure: Closure;
  activity: Activity;
}

/**
 * Random transitions of 1..8 actions over 3 resources and 3 nodes, declared in
 * shuffled order, with random edges oriented along a hidden order. With
 * `wellFormed`, every realise/end pair on one placement is ordered too.
 */
const randomCase = (wellFormed: boolean): fc.Arbitrary<Case> =>
  fc
    .record({
      active: fc.subarray(KEYS),
      actions: fc.uniqueArray(anyAction, { minLength: 1, maxLength: 8, selector: (a) => a.id }),
      density: fc.double({ min: 0, max: 0.6, noNaN: true }),
      seeds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 28, maxLength: 28 }),
    })
    .chain((r) =>
      fc.shuffledSubarray(r.actions, { minLength: r.actions.length, maxLength: r.actions.length }).map((declared) => {
        const edges: Edge[] = [];
        let k = 0;
        for (let i = 0; i < r.actions.length; i++)
          for (let j = i + 1; j < r.actions.length; j++) {
            const a = r.actions[i]!;
            const b = r.actions[j]!;
            if (r.seeds[k++]! < r.density || (wellFormed && conflicting(a, b))) edges.push({ first: a.id, then: b.id });
          }
        const s = status(
          r.active.map((key) => {
            const [resource, node] = key.split("@") as [string, string];
            return started(resource, node);
          }),
        );
        const g = indexGraph({ actions: declared, edges });
        const closure = reachability(g);
        return { s, g, closure, activity: activityIntervals(g, closure, s) };
      }),
    );

/** Whether one action realises and the other ends the same placement. */
function conflicting(a: Action, b: Action): boolean {
  const ea = effectOf(a);
  const eb = effectOf(b);
  if (ea === undefined || eb === undefined) return false;
  const touches = (e: typeof ea, resource: string, node: string) =>
    e.kind === "fence" ? e.node === node : e.kind === "end" && e.resource === resource && e.node === node;
  if (ea.kind === "realise") return touches(eb, ea.resource, ea.node);
  if (eb.kind === "realise") return touches(ea, eb.resource, eb.node);
  return false;
}

/** Whether an interval holds once exactly the actions in `mask` have completed. */
const holds = (i: Interval, mask: number) =>
  (i.from === BEGINNING || (mask & (1 << i.from)) !== 0) && i.until.every((c) => (mask & (1 << c)) === 0);

/** The active placement keys of every reachable state, with the completed actions. */
const statesOf = (c: Case) =>
  reachableStates(c.s, c.g).map((r) => ({ mask: r.completed, keys: new Set(r.state.active.keys()) }));

const intervalsAt = (c: Case, key: string) => {
  const [resource, node] = key.split("@") as [string, string];
  return intervalsOf(c.activity, resource, node);
};

const RUNS = 400;
/** A fixed seed: the counts asserted below (witnesses, racy graphs) are then exact, not luck. */
const SEED = 20261202;

test(`property: a placement is active in a reachable state iff one of its intervals holds there (${RUNS} well-formed graphs)`, () => {
  fc.assert(
    fc.property(randomCase(true), (c) => {
      assert.equal(c.activity.races, []);
      for (const { mask, keys } of statesOf(c))
        for (const key of KEYS) assert.is(intervalsAt(c, key).some((i) => holds(i, mask)), keys.has(key), `${key} at ${mask}`);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test(`property: canOverlap equals brute force over all linearisation prefixes (${RUNS} well-formed graphs)`, () => {
  let overlapping = 0;
  let disjoint = 0;
  fc.assert(
    fc.property(randomCase(true), (c) => {
      const states = statesOf(c);
      for (const k1 of KEYS)
        for (const k2 of KEYS) {
          const brute = states.some(({ keys }) => keys.has(k1) && keys.has(k2));
          const decided = intervalsAt(c, k1).some((a) => intervalsAt(c, k2).some((b) => canOverlap(c.closure, a, b)));
          assert.is(decided, brute, `${k1} with ${k2}`);
          if (k1 !== k2 && brute) overlapping++;
          else if (k1 !== k2 && intervalsAt(c, k1).length > 0 && intervalsAt(c, k2).length > 0) disjoint++;
        }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // The generator must exercise both answers, or the equality would be vacuous.
  assert.ok(overlapping > 100 && disjoint > 100, `${overlapping} overlapping, ${disjoint} disjoint`);
});

test(`property: canBeActiveWhileInactive equals brute force, and its witness is such a state (${RUNS} graphs)`, () => {
  let found = 0;
  fc.assert(
    fc.property(randomCase(true), (c) => {
      const states = statesOf(c);
      for (const x of RESOURCES)
        for (const y of RESOURCES) {
          if (x === y) continue;
          const on = (keys: Set<string>, r: string) => NODES.some((n) => keys.has(placementKey(r, n)));
          const brute = states.some(({ keys }) => on(keys, x) && !on(keys, y));
          const witness = canBeActiveWhileInactive(c.closure, intervalsOf(c.activity, x), intervalsOf(c.activity, y));
          assert.is(witness !== undefined, brute, `${x} active while ${y} inactive`);
          if (witness === undefined) continue;
          found++;
          const mask = completedActions(c.closure, witness).reduce((m, i) => m | (1 << i), 0);
          assert.ok(witness.before.every((i) => (mask & (1 << i)) === 0));
          const state = states.find((s) => s.mask === mask)!;
          assert.ok(on(state.keys, x) && !on(state.keys, y), `witness state ${mask}`);
        }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  assert.is(found, 598, "witnesses");
});

test(`property: maxSimultaneous equals the largest reachable number of active placements (${RUNS} graphs)`, () => {
  fc.assert(
    fc.property(randomCase(true), (c) => {
      const states = statesOf(c);
      const brute = Math.max(...states.map(({ keys }) => keys.size));
      const best = maxSimultaneous(c.closure, c.activity.intervals);
      assert.is(best.length, brute);
      assert.ok(states.some(({ keys }) => best.every((i) => keys.has(placementKey(i.resource, i.node)))));
      for (const r of RESOURCES) {
        const perResource = Math.max(...states.map(({ keys }) => NODES.filter((n) => keys.has(placementKey(r, n))).length));
        assert.is(maxSimultaneous(c.closure, intervalsOf(c.activity, r)).length, perResource, r);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test(`property: races are reported iff some set of completed actions has order-dependent outcomes; activity is over-approximated (${RUNS} graphs)`, () => {
  let racy = 0;
  fc.assert(
    fc.property(randomCase(false), (c) => {
      const byMask = new Map<number, Set<string>>();
      let orderDependent = false;
      for (const { mask, keys } of statesOf(c)) {
        const seen = byMask.get(mask);
        if (seen !== undefined && [...keys].sort().join() !== [...seen].sort().join()) orderDependent = true;
        byMask.set(mask, keys);
        for (const key of keys) assert.ok(intervalsAt(c, key).some((i) => holds(i, mask)), `${key} at ${mask}`);
      }
      assert.is(c.activity.races.length > 0, orderDependent);
      if (orderDependent) racy++;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  assert.is(racy, 54, "racy graphs");
});

test.run();
