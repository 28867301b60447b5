/** caseFeatures: what a case exercises, read from hand-made clusters. */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { CASE_FEATURES, caseFeatures, migrationCandidates } from "../generators/index.ts";
import { INFINITY, type ClusterNode, type ClusterState, type Constraint, type Primitive, type ResourceMeta } from "../planner/model.ts";

function node(name: string, extra: Partial<ClusterNode> = {}): ClusterNode {
  return { name, id: name, membership: "online", standby: false, maintenance: false, attributes: {}, ...extra };
}

function primitive(id: string, meta: ResourceMeta = {}): Primitive {
  return { kind: "primitive", id, agent: "ocf:pacemaker:Dummy", meta };
}

const mgsAfterLustre: Constraint = {
  kind: "order",
  id: "mgs-after-lustre",
  first: "lustre",
  firstAction: "start",
  then: "mgs",
  thenAction: "start",
  orderKind: "Mandatory",
  symmetrical: true,
};

const preferN4: Constraint = { kind: "location", id: "cli-prefer-lustre", resource: "lustre", node: "n4", score: INFINITY };

/** The cl#5055 thread: `crm resource migrate lustre` with `order mgs-after-lustre inf: lustre:start mgs:start`. */
function thread(overrides: Partial<ClusterState> = {}, lustreMeta: ResourceMeta = { allowMigrate: true }): ClusterState {
  return {
    options: {
      fencingEnabled: false,
      symmetricCluster: true,
      noQuorumPolicy: "stop",
      haveQuorum: true,
      defaultStickiness: 0,
      defaultMigrationThreshold: 0,
    },
    nodes: [node("n1"), node("n3"), node("n4")],
    resources: [primitive("lustre", lustreMeta), primitive("mgs")],
    constraints: [preferN4, mgsAfterLustre],
    status: {
      active: [
        { resource: "lustre", node: "n3", role: "Started" },
        { resource: "mgs", node: "n1", role: "Started" },
      ],
      failed: [],
      failCounts: [],
      migrations: [],
    },
    ...overrides,
  };
}

test("the thread's case is a migration with a dependent", () => {
  assert.equal(caseFeatures(thread()), ["migration-candidate", "migration-with-dependent", "mandatory-order"]);
  assert.equal(migrationCandidates(thread()), ["lustre"]);
});

test("without allow-migrate, or stopped, or unmanaged, nothing is a migration candidate", () => {
  for (const meta of [{}, { allowMigrate: true, targetRole: "Stopped" as const }, { allowMigrate: true, isManaged: false }]) {
    assert.equal(migrationCandidates(thread({}, meta)), [], JSON.stringify(meta));
  }
});

test("stickiness at least as strong as the pull keeps the resource where it is", () => {
  const weak: Constraint = { ...preferN4, score: 100 } as Constraint;
  assert.equal(migrationCandidates(thread({ constraints: [weak, mgsAfterLustre] }, { allowMigrate: true, stickiness: 100 })), []);
  assert.equal(migrationCandidates(thread({ constraints: [weak, mgsAfterLustre] }, { allowMigrate: true, stickiness: 99 })), ["lustre"]);
  const sticky = thread({ constraints: [weak, mgsAfterLustre] });
  assert.equal(migrationCandidates({ ...sticky, options: { ...sticky.options, defaultStickiness: 200 } }), []);
});

test("the pull must be toward an online, non-standby node", () => {
  for (const n4 of [node("n4", { standby: true }), node("n4", { membership: "offline" }), node("n4", { membership: "unclean" })]) {
    assert.equal(migrationCandidates(thread({ nodes: [node("n1"), node("n3"), n4] })), [], JSON.stringify(n4));
  }
});

test("a -INFINITY preference for the current node, or a #uname ne rule, pulls away too", () => {
  const ban: Constraint = { kind: "location", id: "ban", resource: "lustre", node: "n3", score: -INFINITY };
  assert.equal(migrationCandidates(thread({ constraints: [ban] })), ["lustre"]);
  const rule: Constraint = {
    kind: "location",
    id: "away",
    resource: "lustre",
    rules: [{ id: "away-rule", score: 500, booleanOp: "and", expressions: [{ attribute: "#uname", operation: "ne", value: "n3" }] }],
  };
  assert.equal(caseFeatures(thread({ constraints: [rule, mgsAfterLustre] })).slice(0, 2), ["migration-candidate", "migration-with-dependent"]);
  const here: Constraint = { ...rule, rules: [{ ...rule.rules![0]!, expressions: [{ attribute: "#uname", operation: "eq", value: "n3" }] }] };
  assert.equal(migrationCandidates(thread({ constraints: [here] })), []);
});

test("an order with the mover as then is no dependent", () => {
  const reversed: Constraint = { ...mgsAfterLustre, first: "mgs", then: "lustre" } as Constraint;
  const features = caseFeatures(thread({ constraints: [preferN4, reversed] }));
  assert.ok(features.includes("migration-candidate"));
  assert.not.ok(features.includes("migration-with-dependent"));
});

test("status, node and constraint features", () => {
  const c = thread({
    options: { ...thread().options, fencingEnabled: true },
    nodes: [node("n1", { membership: "unclean" }), node("n3", { standby: true }), node("n4"), node("n5", { membership: "offline" })],
    resources: [
      primitive("lustre", { allowMigrate: true }),
      primitive("mgs", { targetRole: "Stopped", isManaged: false }),
      { kind: "group", id: "g", members: [primitive("a"), primitive("b")], meta: {} },
      { kind: "clone", id: "c", child: primitive("x"), meta: {}, cloneNodeMax: 1, interleave: false, ordered: false },
    ],
    constraints: [
      { kind: "colocation", id: "apart", resource: "a", withResource: "x", score: -INFINITY },
      { ...mgsAfterLustre, id: "o1", orderKind: "Optional", symmetrical: false } as Constraint,
      { ...mgsAfterLustre, id: "o2", orderKind: "Serialize", firstAction: "stop", thenAction: "stop", symmetrical: false } as Constraint,
    ],
    status: {
      active: [
        { resource: "lustre", node: "n3", role: "Started" },
        { resource: "lustre", node: "n4", role: "Started" },
        { resource: "mgs", node: "n1", role: "Started" },
        { resource: "mgs", node: "n4", role: "Started" },
      ],
      failed: [{ resource: "mgs", node: "n1", operation: "monitor", activeAfter: true }],
      failCounts: [{ resource: "mgs", node: "n1", count: 1 }],
      migrations: [{ resource: "lustre", source: "n3", target: "n4", stage: "dangling" }],
    },
  });
  assert.equal(caseFeatures(c), [
    "dangling-migration",
    "multi-active",
    "unclean-node",
    "resources-on-unclean",
    "standby-node",
    "standby-drain",
    "offline-node",
    "fencing-enabled",
    "group",
    "clone",
    "failed-resource",
    "fail-count",
    "target-role-stopped",
    "unmanaged",
    "colocation",
    "anti-colocation",
    "optional-order",
    "serialize-order",
    "asymmetric-order",
    "stop-order",
  ]);
  const partial = { ...c.status, migrations: [{ resource: "lustre", source: "n3", target: "n4", stage: "partial" as const }] };
  assert.ok(caseFeatures({ ...c, status: partial }).includes("partial-migration"));
});

test("features come out in catalog order, each once", () => {
  const features = caseFeatures(thread());
  assert.equal(features, CASE_FEATURES.filter((f) => features.includes(f)));
  assert.is(new Set(CASE_FEATURES).size, CASE_FEATURES.length);
});

test.run();
