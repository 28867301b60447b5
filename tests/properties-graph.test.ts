import { test } from "uvu";
import * as assert from "uvu/assert";
import { graphAcyclic } from "../properties/graph-acyclic.ts";
import { check, cluster, node, prim, transition } from "../properties/testkit.ts";

const two = cluster({ nodes: ["n1", "n2"], resources: [prim("a"), prim("b")], active: [["a", "n1"]] });

test("graph-acyclic: a DAG on eligible nodes holds", () => {
  const t = transition(["stop:a@n1", "start:a@n2", "start:b@n1"], [["stop:a@n1", "start:a@n2"]], [["a", "n2"], ["b", "n1"]]);
  assert.equal(check(graphAcyclic, two, t), []);
});

test("graph-acyclic: a two-action cycle is reported with its edges", () => {
  const t = transition(["stop:a@n1", "start:a@n2"], [["stop:a@n1", "start:a@n2"], ["start:a@n2", "stop:a@n1"]], [["a", "n2"]]);
  const v = check(graphAcyclic, two, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.property, "graph-acyclic");
  assert.is(v[0]!.explanation, "The actions stop:a@n1 → start:a@n2 → stop:a@n1 form a cycle, so none of them can ever run.");
  assert.equal(v[0]!.actions, ["stop:a@n1", "start:a@n2"]);
  assert.equal(v[0]!.edges, [
    { first: "stop:a@n1", then: "start:a@n2" },
    { first: "start:a@n2", then: "stop:a@n1" },
  ]);
});

test("graph-acyclic: a self-loop is a cycle of one", () => {
  const t = transition(["start:b@n2"], [["start:b@n2", "start:b@n2"]], [["b", "n2"]]);
  const v = check(graphAcyclic, two, t);
  assert.is(v.length, 1);
  assert.is(v[0]!.explanation, "start:b@n2 is ordered after itself, so it can never run.");
});

test("graph-acyclic: edges to undeclared actions, duplicate ids", () => {
  const t = transition(["start:b@n2", "start:b@n2"], [["stop:b@n1", "start:b@n2"]], [["b", "n2"]]);
  const v = check(graphAcyclic, two, t);
  assert.equal(
    v.map((x) => x.explanation),
    [
      "The edge stop:b@n1 → start:b@n2 names stop:b@n1, which the transition does not declare.",
      "The action start:b@n2 is declared more than once.",
    ],
  );
});

test("graph-acyclic: actions on unknown or ineligible nodes", () => {
  const c = cluster({
    nodes: ["n1", node("n2", "online", { standby: true }), node("n3", "offline"), node("n4", "unclean")],
    resources: [prim("a"), prim("b"), prim("c")],
    active: [["a", "n2"]],
  });
  const t = transition(
    ["migrate_to:a@n2", "migrate_from:a@n3", "stop:a@n2", "start:b@n2", "start:c@n9", "stop:a@n4(p)", "start:c@n1"],
    [],
    [],
  );
  assert.equal(
    check(graphAcyclic, c, t).map((x) => x.explanation),
    [
      "migrate_from:a@n3 brings a up on n3, which is offline.",
      "start:b@n2 brings b up on n2, which is in standby.",
      "start:c@n9 runs on n9, which is not a node of the cluster.",
    ],
  );
});

test.run();
