/**
 * The benchmark's cluster builder: a deterministic, seeded recipe for large
 * clusters with a realistic mix of everything the planner handles: plain
 * primitives (a quarter of them allow-migrate), groups of three, clones,
 * location, colocation and order constraints, a standby node whose
 * resources must move, locations that outweigh stickiness (more moves),
 * stopped resources to start, failed monitors to recover and fail counts
 * that ban a resource from its node. Not fast-check: the generators are
 * built for small, shrinkable cases, this for one fixed large case per size.
 */
import {
  INFINITY,
  type ClusterNode,
  type ClusterState,
  type Constraint,
  type FailCount,
  type FailedOperation,
  type Placement,
  type Primitive,
  type Resource,
} from "../../planner/model.ts";

/** One benchmark size: node and primitive counts (group members and clone children count as primitives). */
export interface BenchSize {
  nodes: number;
  resources: number;
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same cluster on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

const AGENT = "ocf:pacemaker:Dummy";
/** The default stickiness; location scores of 500 outweigh it, 50 do not. */
const STICKINESS = 100;
const LOCATION_SCORES = [-INFINITY, -500, 50, 150, 500];
const COLOCATION_SCORES = [INFINITY, INFINITY, INFINITY, 200, -INFINITY];

function primitive(id: string, meta: Primitive["meta"] = {}): Primitive {
  return { kind: "primitive", id, agent: AGENT, meta };
}

/**
 * Builds the benchmark cluster of a size. Proportions: one clone per 200
 * primitives (at least one), 15% of primitives in groups of three, the rest
 * plain; constraints: a location per 4 primitives, a colocation and an order
 * per 20 (orders only from earlier to later resources, so never a cycle);
 * the last node is on standby; 8% of resources are stopped, 1% of the
 * active plain ones have a failed monitor (and a fail count), 2% have
 * migration-threshold 1 and a fail count where they run.
 */
export function buildBenchCluster(size: BenchSize, seed = 1): ClusterState {
  const random = new Random(seed);
  const nodes: ClusterNode[] = [];
  for (let i = 1; i <= size.nodes; i++) {
    nodes.push({ name: `node-${i}`, id: String(i), membership: "online", standby: i === size.nodes && size.nodes > 2, maintenance: false, attributes: {} });
  }
  const runnable = nodes.filter((n) => !n.standby).map((n) => n.name);
  const everywhere = nodes.map((n) => n.name);

  const clones = Math.max(1, Math.round(size.resources / 200));
  const groups = Math.round((size.resources * 0.15) / 3);
  const plain = size.resources - clones - groups * 3;
  const kinds: ("plain" | "group" | "clone")[] = [
    ...Array<"plain">(plain).fill("plain"),
    ...Array<"group">(groups).fill("group"),
    ...Array<"clone">(clones).fill("clone"),
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }

  const resources: Resource[] = [];
  const active: Placement[] = [];
  const failed: FailedOperation[] = [];
  const failCounts: FailCount[] = [];
  const plainIds: string[] = [];
  kinds.forEach((kind, index) => {
    const n = index + 1;
    if (kind === "clone") {
      resources.push({ kind: "clone", id: `clone-${n}`, child: primitive(`clone-${n}-child`), meta: {}, cloneNodeMax: 1, interleave: true, ordered: false });
      const missing = random.pick(runnable);
      for (const node of runnable) if (node !== missing) active.push({ resource: `clone-${n}-child`, node, role: "Started" });
      return;
    }
    const running = random.chance(0.92) ? random.pick(everywhere) : undefined;
    if (kind === "group") {
      const members = [1, 2, 3].map((m) => primitive(`group-${n}-m${m}`));
      resources.push({ kind: "group", id: `group-${n}`, members, meta: {} });
      if (running !== undefined) for (const m of members) active.push({ resource: m.id, node: running, role: "Started" });
      return;
    }
    const id = `rsc-${n}`;
    const threshold = running !== undefined && random.chance(0.02);
    const meta: Primitive["meta"] = {};
    if (random.chance(0.25)) meta.allowMigrate = true;
    if (threshold) meta.migrationThreshold = 1;
    resources.push(primitive(id, meta));
    plainIds.push(id);
    if (running === undefined) return;
    active.push({ resource: id, node: running, role: "Started" });
    if (threshold) failCounts.push({ resource: id, node: running, count: 1 });
    else if (random.chance(0.01)) {
      failed.push({ resource: id, node: running, operation: "monitor", activeAfter: true });
      failCounts.push({ resource: id, node: running, count: 1 });
    }
  });

  const constraints: Constraint[] = [];
  const placeable = resources.filter((r) => r.kind !== "clone").map((r) => r.id);
  for (let i = 1; i <= Math.round(size.resources / 4); i++) {
    constraints.push({ kind: "location", id: `loc-${i}`, resource: random.pick(placeable), node: random.pick(everywhere), score: random.pick(LOCATION_SCORES) });
  }
  for (let i = 1; i <= Math.round(size.resources / 20); i++) {
    const resource = random.pick(plainIds);
    let withResource = random.pick(plainIds);
    while (withResource === resource) withResource = random.pick(plainIds);
    constraints.push({ kind: "colocation", id: `col-${i}`, resource, withResource, score: random.pick(COLOCATION_SCORES) });
  }
  const topIds = resources.map((r) => r.id);
  for (let i = 1; i <= Math.round(size.resources / 20); i++) {
    const a = random.below(topIds.length - 1);
    const b = a + 1 + random.below(Math.min(50, topIds.length - 1 - a));
    constraints.push({
      kind: "order",
      id: `ord-${i}`,
      first: topIds[a]!,
      firstAction: "start",
      then: topIds[b]!,
      thenAction: "start",
      orderKind: random.chance(0.8) ? "Mandatory" : "Optional",
      symmetrical: true,
    });
  }

  const nodeIndex = new Map(nodes.map((n, i) => [n.name, i]));
  const rscIndex = new Map(resources.flatMap((r) => (r.kind === "group" ? r.members.map((m) => m.id) : [r.kind === "clone" ? r.child.id : r.id])).map((id, i) => [id, i]));
  const byRscNode = (a: { resource: string; node: string }, b: { resource: string; node: string }) =>
    rscIndex.get(a.resource)! - rscIndex.get(b.resource)! || nodeIndex.get(a.node)! - nodeIndex.get(b.node)!;
  active.sort(byRscNode);
  failed.sort(byRscNode);
  failCounts.sort(byRscNode);
  return {
    options: {
      fencingEnabled: false,
      symmetricCluster: true,
      noQuorumPolicy: "stop",
      haveQuorum: true,
      defaultStickiness: STICKINESS,
      defaultMigrationThreshold: INFINITY,
    },
    nodes,
    resources,
    constraints,
    status: { active, failed, failCounts, migrations: [] },
  };
}
