import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { sharedDir } from "./cli.ts";
import { INFINITY, type ClusterState } from "../planner/model.ts";
import { InputError, Unsupported } from "../planner/errors.ts";
import { readCib } from "../planner/cib/read.ts";

const SCENARIOS = `${sharedDir}scenarios/`;

/** A CIB with two nodes and two Dummy primitives, with pieces replaced. */
function cib(parts: { config?: string; nodes?: string; resources?: string; constraints?: string; status?: string; root?: string } = {}): string {
  const nodes = parts.nodes ?? `<node id="1" uname="n1"/><node id="2" uname="n2"/>`;
  const resources =
    parts.resources ??
    `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>`;
  const status =
    parts.status ??
    `<node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member"/>
     <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>`;
  return `<cib validate-with="pacemaker-3.9" have-quorum="1" ${parts.root ?? ""}>
<configuration>
<crm_config><cluster_property_set id="opts">${parts.config ?? `<nvpair id="o1" name="stonith-enabled" value="false"/>`}</cluster_property_set></crm_config>
<nodes>${nodes}</nodes>
<resources>${resources}</resources>
<constraints>${parts.constraints ?? ""}</constraints>
</configuration>
<status>${status}</status>
</cib>`;
}

/** `message (where)` of the InputError (not Unsupported unless `unsupported`) that reading throws. */
function failure(xml: string, unsupported = false): string {
  try {
    readCib(xml);
  } catch (error) {
    assert.instance(error, InputError);
    assert.is(error instanceof Unsupported, unsupported, String(error));
    const e = error as InputError;
    return `${e.message} (${e.where})`;
  }
  throw new Error("expected an InputError");
}

/** One lrm_rsc_op. */
function op(rsc: string, operation: string, call: number, rc: number, extra: Record<string, string> = {}): string {
  const interval = extra["interval"] ?? "0";
  const expected = extra["expected"] ?? (operation === "monitor" && interval === "0" ? "7" : "0");
  const attrs = Object.entries(extra)
    .filter(([k]) => k !== "interval" && k !== "expected" && k !== "op-status")
    .map(([k, v]) => ` ${k}="${v}"`)
    .join("");
  return `<lrm_rsc_op id="${rsc}_${operation}_${interval}_${call}" operation="${operation}" call-id="${call}" rc-code="${rc}" op-status="${extra["op-status"] ?? "0"}" interval="${interval}" transition-key="1:1:${expected}:x"${attrs}/>`;
}

/** A node_state with the given lrm_resource histories (`rsc` → ops). */
function state(id: string, histories: Record<string, string[]>, attrs = `in_ccm="true" crmd="online" join="member" expected="member"`, transient = ""): string {
  const lrm = Object.entries(histories)
    .map(([rsc, ops]) => `<lrm_resource id="${rsc}" class="ocf" provider="pacemaker" type="Dummy">${ops.join("")}</lrm_resource>`)
    .join("");
  return `<node_state id="${id}" uname="n${id}" ${attrs}>${transient}<lrm id="${id}"><lrm_resources>${lrm}</lrm_resources></lrm></node_state>`;
}

test("the seed scenario reads exactly", () => {
  const c = readCib(readFileSync(`${SCENARIOS}cl5055-seed.xml`, "utf8"));
  const expected: ClusterState = {
    options: { fencingEnabled: false, symmetricCluster: true, noQuorumPolicy: "ignore", haveQuorum: true, defaultStickiness: 0, defaultMigrationThreshold: INFINITY },
    nodes: [
      { name: "lustre03", id: "3", membership: "online", standby: false, maintenance: false, attributes: {} },
      { name: "lustre04", id: "4", membership: "online", standby: false, maintenance: false, attributes: {} },
    ],
    resources: [
      { kind: "primitive", id: "lustre", agent: "ocf:pacemaker:Dummy", meta: { allowMigrate: true } },
      { kind: "primitive", id: "mgs", agent: "ocf:pacemaker:Dummy", meta: {} },
    ],
    constraints: [
      { kind: "order", id: "mgs-after-lustre", first: "lustre", firstAction: "start", then: "mgs", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
      { kind: "location", id: "cli-prefer-lustre", resource: "lustre", node: "lustre04", score: INFINITY },
    ],
    status: {
      active: [
        { resource: "lustre", node: "lustre03", role: "Started" },
        { resource: "mgs", node: "lustre03", role: "Started" },
      ],
      failed: [],
      failCounts: [],
      migrations: [],
    },
  };
  assert.equal(c, expected);
});

test("the control scenario reads exactly", () => {
  const c = readCib(readFileSync(`${SCENARIOS}cl5055-control-not-migratable.xml`, "utf8"));
  assert.equal(c.options, { fencingEnabled: false, symmetricCluster: true, noQuorumPolicy: "stop", haveQuorum: true, defaultStickiness: 0, defaultMigrationThreshold: INFINITY });
  assert.equal(c.nodes.map((n) => [n.name, n.id, n.membership]), [["n1", "1", "online"], ["n2", "2", "online"], ["n3", "3", "online"], ["n4", "4", "online"]]);
  assert.equal(c.resources, [
    { kind: "primitive", id: "lustre", agent: "ocf:pacemaker:Dummy", meta: {} },
    { kind: "primitive", id: "mgs", agent: "ocf:pacemaker:Dummy", meta: {} },
  ]);
  assert.equal(c.constraints, [
    { kind: "location", id: "loc-lustre-n4", resource: "lustre", node: "n4", score: INFINITY },
    { kind: "order", id: "ord-lustre-mgs", first: "lustre", firstAction: "start", then: "mgs", thenAction: "start", orderKind: "Mandatory", symmetrical: true },
  ]);
  assert.equal(c.status, {
    active: [
      { resource: "lustre", node: "n3", role: "Started" },
      { resource: "mgs", node: "n1", role: "Started" },
    ],
    failed: [],
    failCounts: [],
    migrations: [],
  });
});

test("cluster options: defaults, spellings, legacy stickiness, rsc_defaults", () => {
  const defaults = readCib(cib({ config: "", root: "" }).replace(` have-quorum="1"`, ""));
  assert.equal(defaults.options, { fencingEnabled: true, symmetricCluster: true, noQuorumPolicy: "stop", haveQuorum: false, defaultStickiness: 0, defaultMigrationThreshold: INFINITY });
  const set = readCib(
    cib({
      config: `<nvpair id="f" name="fencing-enabled" value="false"/><nvpair id="s" name="symmetric-cluster" value="false"/>
        <nvpair id="q" name="no-quorum-policy" value="freeze"/><nvpair id="d" name="default-resource-stickiness" value="50"/>`,
    }),
  );
  assert.equal(set.options, { fencingEnabled: false, symmetricCluster: false, noQuorumPolicy: "freeze", haveQuorum: true, defaultStickiness: 50, defaultMigrationThreshold: INFINITY });
  const rscDefaults = readCib(
    cib().replace("<nodes>", `<rsc_defaults><meta_attributes id="rd"><nvpair id="rd1" name="resource-stickiness" value="INFINITY"/><nvpair id="rd2" name="migration-threshold" value="3"/></meta_attributes></rsc_defaults><nodes>`),
  );
  assert.is(rscDefaults.options.defaultStickiness, INFINITY);
  assert.is(rscDefaults.options.defaultMigrationThreshold, 3);
  assert.is(
    failure(cib().replace("<nodes>", `<rsc_defaults><meta_attributes id="rd"><rule id="r" score="0"/><nvpair id="rd1" name="resource-stickiness" value="1"/></meta_attributes></rsc_defaults><nodes>`), true),
    "unsupported construct: rule in meta_attributes (meta_attributes id=rd, line 4)",
  );
  assert.is(failure(cib({ config: `<nvpair id="q" name="no-quorum-policy" value="panic"/>` })), "invalid no-quorum-policy 'panic' (crm_config, line 3)");
});

test("nodes: attributes, standby, maintenance, transient attributes, shutdown", () => {
  const c = readCib(
    cib({
      nodes: `<node id="1" uname="n1"><instance_attributes id="na"><nvpair id="na1" name="rack" value="r1"/><nvpair id="na2" name="standby" value="on"/></instance_attributes></node>
              <node id="2" uname="n2"><instance_attributes id="nb"><nvpair id="nb1" name="maintenance" value="true"/></instance_attributes></node>`,
      status: `<node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member"><transient_attributes id="1"><instance_attributes id="t1">
                 <nvpair id="t1a" name="ping" value="3"/><nvpair id="t1b" name="#feature-set" value="3.16.1"/><nvpair id="t1c" name="shutdown" value="1700000000"/></instance_attributes></transient_attributes></node_state>
               <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>`,
    }),
  );
  assert.equal(c.nodes, [
    { name: "n1", id: "1", membership: "online", standby: true, maintenance: false, attributes: { rack: "r1", ping: "3" }, shutdown: true },
    { name: "n2", id: "2", membership: "online", standby: false, maintenance: true, attributes: {} },
  ]);
});

test("node membership from node_state, with and without fencing", () => {
  const states = (fencing: boolean, startup = true): string[] => {
    const config = `<nvpair id="o1" name="stonith-enabled" value="${fencing}"/><nvpair id="o2" name="startup-fencing" value="${startup}"/>`;
    const nodes = [1, 2, 3, 4, 5, 6, 7].map((i) => `<node id="${i}" uname="n${i}"/>`).join("");
    const status = [
      `<node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member"/>`,
      `<node_state id="2" uname="n2" in_ccm="false" crmd="offline" join="down" expected="down"/>`,
      `<node_state id="3" uname="n3" in_ccm="false" crmd="offline" join="member" expected="member"/>`,
      `<node_state id="4" uname="n4" in_ccm="true" crmd="offline" join="member" expected="member"/>`,
      `<node_state id="5" uname="n5" in_ccm="1700000000" crmd="1700000000" join="member" expected="member"/>`,
      `<node_state id="6" uname="n6" crmd="offline" join="down"/>`,
    ].join("");
    return readCib(cib({ config, nodes, status, resources: "" })).nodes.map((n) => n.membership + (n.unknownState === undefined ? "" : `/${n.unknownState}`));
  };
  // n6 says nothing of the cluster layer (not-seen), n7 has no node_state (no-state): unclean only under startup-fencing.
  assert.equal(states(true), ["online", "offline", "unclean", "unclean", "online", "unclean/not-seen", "unclean/no-state"]);
  assert.equal(states(true, false), ["online", "offline", "unclean", "unclean", "online", "offline", "offline"]);
  assert.equal(states(false), ["online", "offline", "offline", "unclean", "online", "offline", "offline"]);
  assert.is(
    failure(cib({ config: "", status: `<node_state id="1" uname="n1" in_ccm="true" crmd="online" join="pending" expected="member"/>` }), true),
    "unsupported construct: pending node membership (node_state id=1, line 8)",
  );
});

test("resources: agents, meta, groups, clones", () => {
  const c = readCib(
    cib({
      resources: `<primitive id="f" class="stonith" type="fence_xvm"/>
        <primitive id="p" class="ocf" provider="heartbeat" type="IPaddr2"><meta_attributes id="pm">
          <nvpair id="pm1" name="allow-migrate" value="yes"/><nvpair id="pm2" name="target-role" value="Master"/>
          <nvpair id="pm3" name="resource_stickiness" value="-INFINITY"/><nvpair id="pm4" name="migration-threshold" value="2"/>
          <nvpair id="pm5" name="is-managed" value="false"/><nvpair id="pm6" name="priority" value="1.0"/><nvpair id="pm7" name="notify" value="true"/></meta_attributes></primitive>
        <group id="g"><meta_attributes id="gm"><nvpair id="gm1" name="target-role" value="stopped"/></meta_attributes>
          <primitive id="g1" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="g2" class="lsb" type="foo"/></group>
        <clone id="c"><meta_attributes id="cm"><nvpair id="cm1" name="clone-max" value="2"/><nvpair id="cm2" name="interleave" value="true"/></meta_attributes>
          <primitive id="ch" class="ocf" provider="pacemaker" type="Dummy"/></clone>`,
    }),
  );
  assert.equal(c.resources, [
    { kind: "primitive", id: "f", agent: "stonith:fence_xvm", meta: {} },
    { kind: "primitive", id: "p", agent: "ocf:heartbeat:IPaddr2", meta: { allowMigrate: true, targetRole: "Promoted", stickiness: -INFINITY, migrationThreshold: 2, isManaged: false, priority: 1 } },
    {
      kind: "group",
      id: "g",
      meta: { targetRole: "Stopped" },
      members: [
        { kind: "primitive", id: "g1", agent: "ocf:pacemaker:Dummy", meta: {} },
        { kind: "primitive", id: "g2", agent: "lsb:foo", meta: {} },
      ],
    },
    { kind: "clone", id: "c", child: { kind: "primitive", id: "ch", agent: "ocf:pacemaker:Dummy", meta: {} }, meta: {}, cloneMax: 2, cloneNodeMax: 1, interleave: true, ordered: false },
  ]);
});

test("constraints: location scores and rules, colocation roles, order defaults", () => {
  const c = readCib(
    cib({
      constraints: `<rsc_location id="l1" rsc="a" node="n1" score="+INFINITY"/>
        <rsc_location id="l2" rsc="a" role="Slave"><rule id="r1" score="-100" boolean-op="or"><expression id="e1" attribute="#uname" operation="eq" value="n2"/>
          <expression id="e2" attribute="rack" operation="not_defined"/><expression id="e3" attribute="mem" operation="gte" value="4" type="integer"/></rule></rsc_location>
        <rsc_colocation id="c1" rsc="a" with-rsc="b" score="INFINITY" rsc-role="Started" with-rsc-role="Master"/>
        <rsc_order id="ord1" first="a" then="b" first-action="stop"/>
        <rsc_order id="ord2" first="a" then="b" score="0"/>
        <rsc_order id="ord3" first="b" then="a" kind="Serialize"/>`,
    }),
  );
  assert.equal(c.constraints, [
    { kind: "location", id: "l1", resource: "a", node: "n1", score: INFINITY },
    {
      kind: "location",
      id: "l2",
      resource: "a",
      role: "Unpromoted",
      rules: [
        {
          id: "r1",
          score: -100,
          booleanOp: "or",
          expressions: [
            { attribute: "#uname", operation: "eq", value: "n2" },
            { attribute: "rack", operation: "not_defined" },
            { attribute: "mem", operation: "gte", value: "4", type: "integer" },
          ],
        },
      ],
    },
    { kind: "colocation", id: "c1", resource: "a", withResource: "b", score: INFINITY, role: "Started", withRole: "Promoted" },
    { kind: "order", id: "ord1", first: "a", firstAction: "stop", then: "b", thenAction: "stop", orderKind: "Mandatory", symmetrical: true },
    { kind: "order", id: "ord2", first: "a", firstAction: "start", then: "b", thenAction: "start", orderKind: "Optional", symmetrical: true },
    { kind: "order", id: "ord3", first: "b", firstAction: "start", then: "a", thenAction: "start", orderKind: "Serialize", symmetrical: false },
  ]);
});

test("status: probes, starts, stops, failures, fail counts, clone instances", () => {
  const c = readCib(
    cib({
      config: `<nvpair id="o1" name="stonith-enabled" value="true"/>`,
      resources: `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="b" class="ocf" provider="pacemaker" type="Dummy"/>
                  <clone id="c"><primitive id="ch" class="ocf" provider="pacemaker" type="Dummy"/></clone>`,
      status:
        state(
          "1",
          {
            a: [op("a", "monitor", 1, 7), op("a", "start", 3, 0), op("a", "monitor", 4, 1, { interval: "10000" })],
            b: [op("b", "monitor", 2, 0)],
            "ch:0": [op("ch", "monitor", 5, 7), op("ch", "start", 6, 0)],
          },
          undefined,
          `<transient_attributes id="1"><instance_attributes id="t1"><nvpair id="t1a" name="fail-count-a#monitor_10000" value="1"/><nvpair id="t1b" name="fail-count-a#start_0" value="2"/></instance_attributes></transient_attributes>`,
        ) +
        state("2", {
          a: [op("a", "monitor", 1, 7)],
          b: [op("b", "start", 3, 0), op("b", "stop", 4, 1)],
          ch: [op("ch", "monitor", 5, 0)],
        }),
    }),
  );
  assert.equal(c.status, {
    active: [
      { resource: "a", node: "n1", role: "Started" },
      { resource: "b", node: "n1", role: "Started" },
      { resource: "b", node: "n2", role: "Started" },
      { resource: "ch", node: "n1", role: "Started" },
      { resource: "ch", node: "n2", role: "Started" },
    ],
    failed: [
      { resource: "a", node: "n1", operation: "monitor", activeAfter: true },
      { resource: "b", node: "n2", operation: "stop", activeAfter: true },
    ],
    failCounts: [{ resource: "a", node: "n1", count: 3 }],
    migrations: [],
  });
  assert.equal(c.nodes.map((n) => n.membership), ["online", "unclean"], "a failed stop with fencing makes the node unclean");
});

test("status: a later success supersedes a failure; not-installed probes; pending operations", () => {
  const c = readCib(
    cib({
      status:
        state("1", { a: [op("a", "start", 2, 1), op("a", "stop", 3, 0), op("a", "start", 4, 0)], b: [op("b", "monitor", 1, 5)] }) +
        state("2", { a: [op("a", "monitor", 1, 7)], b: [op("b", "monitor", 2, 7), op("b", "start", -1, 0, { "op-status": "-1" })] }),
    }),
  );
  assert.equal(c.status.active, [
    { resource: "a", node: "n1", role: "Started" },
    { resource: "b", node: "n2", role: "Started" },
  ]);
  assert.equal(c.status.failed, [{ resource: "b", node: "n1", operation: "monitor", activeAfter: false }]);
});

test("status: partial and dangling migrations", () => {
  const mig = (from: string, to: string) => ({ migrate_source: from, migrate_target: to });
  const partial = readCib(
    cib({
      status: state("1", { a: [op("a", "start", 2, 0), op("a", "migrate_to", 3, 0, mig("n1", "n2"))] }) + state("2", { a: [op("a", "monitor", 1, 7)] }),
    }),
  );
  assert.equal(partial.status.active, [{ resource: "a", node: "n1", role: "Started" }]);
  assert.equal(partial.status.migrations, [{ resource: "a", source: "n1", target: "n2", stage: "partial" }]);
  const dangling = readCib(
    cib({
      status:
        state("1", { a: [op("a", "start", 2, 0), op("a", "migrate_to", 3, 0, mig("n1", "n2"))] }) +
        state("2", { a: [op("a", "monitor", 1, 7), op("a", "migrate_from", 4, 0, mig("n1", "n2")), op("a", "monitor", 5, 0, { interval: "10000" })] }),
    }),
  );
  assert.equal(dangling.status.active, [
    { resource: "a", node: "n1", role: "Started" },
    { resource: "a", node: "n2", role: "Started" },
  ]);
  assert.equal(dangling.status.migrations, [{ resource: "a", source: "n1", target: "n2", stage: "dangling" }]);
});

test("status: an offline node thought to run something is unclean with fencing, ignored without", () => {
  const offline = `in_ccm="false" crmd="offline" join="down" expected="down"`;
  const status = state("1", {}) + state("2", { a: [op("a", "start", 2, 0)] }, offline);
  const fenced = readCib(cib({ config: `<nvpair id="o1" name="stonith-enabled" value="true"/>`, status }));
  assert.equal(fenced.nodes.map((n) => n.membership), ["online", "unclean"]);
  assert.equal(fenced.status.active, [{ resource: "a", node: "n2", role: "Started" }]);
  const unfenced = readCib(cib({ status }));
  assert.equal(unfenced.nodes.map((n) => n.membership), ["online", "offline"]);
  assert.equal(unfenced.status.active, []);
});

test("bad input: exact messages", () => {
  assert.is(failure(`<configuration/>`), "root element is <configuration>, expected <cib> (line 1)");
  assert.is(failure(`<cib/>`), "missing <configuration> (cib, line 1)");
  assert.is(
    failure(cib({ resources: `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/><primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>` })),
    "duplicate id 'a' (primitive id=a, line 5)",
  );
  assert.is(failure(cib({ constraints: `<rsc_location id="l" rsc="zz" node="n1" score="1"/>` })), "rsc 'zz' names no resource (rsc_location id=l, line 6)");
  // A location for a node that is not configured is legal (Pacemaker plans such files) and has no effect.
  assert.equal(readCib(cib({ constraints: `<rsc_location id="l" rsc="a" node="n9" score="1"/>` })).constraints, []);
  assert.is(failure(cib({ constraints: `<rsc_colocation id="c" rsc="a" with-rsc="b" score="high"/>` })), "non-numeric score 'high' for score (rsc_colocation id=c, line 6)");
  assert.is(failure(cib({ constraints: `<rsc_order id="o" first="a" then="b" first-action="reboot"/>` })), "invalid first-action 'reboot' (rsc_order id=o, line 6)");
  assert.is(
    failure(cib({ constraints: `<rsc_order id="ord1" first="a" then="b"/><rsc_order id="ord2" first="b" then="a" symmetrical="false"/>` })),
    "cycle of Mandatory orders: a:start -> b:start -> a:start (ord1, ord2) (rsc_order id=ord2, line 6)",
  );
  assert.is(
    failure(cib({ status: `<node_state id="9" uname="n9" in_ccm="true" crmd="online" join="member" expected="member"/>` })),
    "unknown node 'n9' in status (node_state id=9, line 8)",
  );
  assert.is(
    failure(cib({ resources: `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><meta_attributes id="m"><nvpair id="m1" name="is-managed" value="maybe"/></meta_attributes></primitive>` })),
    "invalid boolean 'maybe' for is-managed (primitive id=a, line 5)",
  );
  assert.is(
    failure(cib({ resources: `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><meta_attributes id="m"><nvpair id="m1" name="target-role" value="Running"/></meta_attributes></primitive>` })),
    "invalid role 'Running' for target-role (primitive id=a, line 5)",
  );
  assert.is(
    failure(cib({ resources: `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><meta_attributes id="m"><nvpair id="m1" name="migration-threshold" value="-1"/></meta_attributes></primitive>` })),
    "invalid migration-threshold '-1' (primitive id=a, line 5)",
  );
  assert.is(failure(cib({ status: state("1", { a: [op("a", "start", 1, 0).replace(`call-id="1"`, `call-id="one"`)] }) })), "invalid integer 'one' for call-id (lrm_rsc_op id=a_start_0_1, line 8)");
  assert.is(failure("<cib><configuration>"), "truncated document: the input ends at line 1 with <configuration> still open (configuration, line 1)");
  assert.is(failure(cib().replace("<constraints></constraints>", "")), "missing <constraints> in <configuration> (configuration, line 2)");
  assert.is(failure(cib().replace("</configuration>", "<resources/></configuration>")), "a second <resources> in <configuration> (resources, line 7)");
  assert.is(failure(cib().replace("</configuration>", "<status/></configuration>")), "unexpected element <status> in <configuration> (status, line 7)");
  assert.is(failure(cib().replace("</status>", "</status><status/>")), "a second <status> in <cib> (status, line 9)");
  assert.is(failure(cib({ resources: `<clone id="c"><meta_attributes id="m"><nvpair id="m1" name="clone-max" value="4294967296"/></meta_attributes><primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/></clone>` })), "clone-max '4294967296' is out of range (at most 2147483647) (clone id=c, line 5)");
  assert.is(
    failure(cib({ status: state("1", { a: [op("a", "start", 1, 0).replace(`call-id="1"`, `call-id="99999999999999999999"`)] }) })),
    "integer '99999999999999999999' for call-id is out of range (lrm_rsc_op id=a_start_0_1, line 8)",
  );
  // Scores beyond INFINITY are clamped, as Pacemaker does; what is not a score is refused.
  const located = (score: string): unknown => (readCib(cib({ constraints: `<rsc_location id="l" rsc="a" node="n1" score="${score}"/>` })).constraints[0] as { score?: number }).score;
  assert.is(located("5000000"), INFINITY);
  assert.is(located("-99999999999999999999999"), -INFINITY);
  assert.is(located("+INFINITY"), INFINITY);
  assert.is(located(" 12 "), 12);
  for (const score of ["1e3", "+-5", "lots", "INFINTY", "0x10", "5 5"]) {
    assert.is(failure(cib({ constraints: `<rsc_location id="l" rsc="a" node="n1" score="${score}"/>` })), `non-numeric score '${score}' for score (rsc_location id=l, line 6)`);
  }
});

test("attribute names that are also names of Object.prototype members are ordinary names", () => {
  for (const name of ["hasOwnProperty", "valueOf", "constructor", "toString", "__proto__"]) {
    const pair = `<nvpair id="x" name="${name}" value="1"/>`;
    const meta = `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><meta_attributes id="m">${pair}</meta_attributes></primitive>`;
    assert.is(readCib(cib({ resources: meta })).resources.length, 1, name);
    const defaults = cib().replace("</configuration>", `<rsc_defaults><meta_attributes id="d">${pair}</meta_attributes></rsc_defaults></configuration>`);
    assert.is(readCib(defaults).resources.length, 2, name);
  }
});

test("placement strategy, node capacity and primitive utilization", () => {
  const c = readCib(
    cib({
      config: `<nvpair id="p" name="placement-strategy" value="balanced"/>`,
      nodes: `<node id="1" uname="n1"><utilization id="nu"><nvpair id="nu1" name="cpu" value="4"/><nvpair id="nu2" name="memory" value="2048"/></utilization></node><node id="2" uname="n2"/>`,
      resources: `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><utilization id="ru"><nvpair id="ru1" name="cpu" value="2"/></utilization></primitive>`,
    }),
  );
  assert.is(c.options.placementStrategy, "balanced");
  assert.equal(c.nodes.map((n) => n.capacity), [{ cpu: 4, memory: 2048 }, undefined]);
  assert.equal(c.resources, [{ kind: "primitive", id: "a", agent: "ocf:pacemaker:Dummy", meta: {}, utilization: { cpu: 2 } }]);
  assert.not.ok("placementStrategy" in readCib(cib({ config: `<nvpair id="p" name="placement-strategy" value="default"/>` })).options);
  assert.is(failure(cib({ config: `<nvpair id="p" name="placement-strategy" value="greedy"/>` })), "invalid placement-strategy 'greedy' (crm_config, line 3)");
  assert.is(
    failure(cib({ nodes: `<node id="1" uname="n1"><utilization id="nu"><nvpair id="nu1" name="cpu" value="lots"/></utilization></node>`, status: "" })),
    "invalid utilization 'lots' for cpu (node id=1, line 4)",
  );
});

test("a primitive made from a template inherits its agent and meta, its own taking precedence", () => {
  const c = readCib(
    cib({
      resources: `<template id="t" class="ocf" provider="heartbeat" type="Xen"><meta_attributes id="tm"><nvpair id="tm1" name="allow-migrate" value="true"/><nvpair id="tm2" name="priority" value="3"/></meta_attributes></template>
        <primitive id="a" template="t"><meta_attributes id="am"><nvpair id="am1" name="priority" value="7"/></meta_attributes></primitive>`,
    }),
  );
  assert.equal(c.resources, [{ kind: "primitive", id: "a", agent: "ocf:heartbeat:Xen", meta: { priority: 7, allowMigrate: true } }]);
  assert.is(
    failure(cib({ resources: `<template id="t" class="ocf" provider="heartbeat" type="Xen"/><primitive id="a" template="t"/>`, constraints: `<rsc_location id="l" rsc="t" node="n1" score="1"/>` }), true),
    "unsupported construct: resource template in a constraint (rsc_location id=l, line 6)",
  );
});

test("constructs outside the model that change nothing in this state are accepted", () => {
  const onFail = `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="o" name="monitor" interval="10s" on-fail="ignore"/></operations>
    <meta_attributes id="m"><nvpair id="m1" name="requires" value="nothing"/><nvpair id="m2" name="failure-timeout" value="60s"/><nvpair id="m3" name="multiple-active" value="block"/></meta_attributes></primitive>`;
  assert.is(readCib(cib({ resources: onFail, status: state("1", { a: [op("a", "start", 1, 0)] }) })).status.active.length, 1);
  const unclean = state("1", {}) + `<node_state id="2" uname="n2" in_ccm="true" crmd="offline" join="member" expected="member"/>`;
  assert.is(failure(cib({ resources: onFail, status: unclean }), true), "unsupported construct: requires=nothing (primitive id=a, line 5)");
  const twice = state("1", { a: [op("a", "start", 1, 0)] }) + state("2", { a: [op("a", "start", 1, 0)] });
  assert.is(failure(cib({ resources: onFail, status: twice }), true), "unsupported construct: multiple-active=block (primitive id=a, line 5)");
  const counted = state("1", { a: [op("a", "start", 1, 0)] }, undefined, `<transient_attributes id="1"><instance_attributes id="t"><nvpair id="t1" name="fail-count-a" value="1"/></instance_attributes></transient_attributes>`);
  assert.is(failure(cib({ resources: onFail, status: counted }), true), "unsupported construct: op on-fail=ignore (op id=o, line 5)");
  const topology = `<fencing-topology><fencing-level id="fl" target="n2" index="1" devices="f"/></fencing-topology>`;
  assert.is(readCib(cib().replace("</configuration>", `${topology}</configuration>`)).nodes.length, 2);
  assert.is(
    failure(cib({ status: unclean }).replace("</configuration>", `${topology}</configuration>`), true),
    "unsupported construct: fencing-topology (fencing-topology, line 7)",
  );
  assert.is(
    failure(cib({ config: `<nvpair id="q" name="no-quorum-policy" value="suicide"/><nvpair id="f" name="stonith-enabled" value="false"/>` })),
    "no-quorum-policy=suicide requires fencing (crm_config, line 3)",
  );
});

test("tickets: rsc_ticket with its loss policy (default stop), ticket states from the status", () => {
  const status = `<tickets><ticket_state id="T" granted="true" standby="true"/><ticket_state id="U" last-granted="1"/></tickets>
    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member"/>`;
  const c = readCib(cib({ constraints: `<rsc_ticket id="t" rsc="a" rsc-role="Started" ticket="T"/><rsc_ticket id="u" rsc="b" ticket="U" loss-policy="fence"/>`, status }));
  assert.equal(c.constraints, [
    { kind: "ticket", id: "t", resource: "a", ticket: "T", lossPolicy: "stop" },
    { kind: "ticket", id: "u", resource: "b", ticket: "U", lossPolicy: "fence" },
  ]);
  assert.equal(c.status.tickets, [
    { id: "T", granted: true, standby: true },
    { id: "U", granted: false, standby: false },
  ]);
  assert.is(readCib(cib()).status.tickets, undefined);
  assert.is(failure(cib({ constraints: `<rsc_ticket id="t" rsc="a" ticket="T" loss-policy="panic"/>` })), "invalid loss-policy 'panic' (rsc_ticket id=t, line 6)");
});

test("the node_state order is kept when it is not the node order (clone instances are numbered by it)", () => {
  const online = `in_ccm="true" crmd="online" join="member" expected="member"`;
  const reversed = `<node_state id="2" uname="n2" ${online}/><node_state id="1" uname="n1" ${online}/>`;
  assert.equal(readCib(cib({ status: reversed })).status.nodeStateOrder, ["n2", "n1"]);
  assert.equal(readCib(cib({ status: `<node_state id="2" uname="n2" ${online}/>` })).status.nodeStateOrder, ["n2", "n1"]);
  assert.is(readCib(cib()).status.nodeStateOrder, undefined);
  assert.is(readCib(cib({ status: `<node_state id="1" uname="n1" ${online}/>` })).status.nodeStateOrder, undefined);
});

test("resource sets expand into pairwise orders and colocations", () => {
  const resources = ["a", "b", "c", "d", "e"].map((id) => `<primitive id="${id}" class="ocf" provider="pacemaker" type="Dummy"/>`).join("");
  const set = (id: string, members: string[], extra = "") => `<resource_set id="${id}"${extra}>${members.map((m) => `<resource_ref id="${m}"/>`).join("")}</resource_set>`;
  const orders = readCib(cib({ resources, constraints: `<rsc_order id="o" kind="Optional">${set("s1", ["a", "b"])}${set("s2", ["c", "d"], ` sequential="false" action="stop"`)}${set("s3", ["e"])}</rsc_order>` })).constraints;
  assert.equal(
    orders.map((c) => (c.kind === "order" ? `${c.id}: ${c.first}:${c.firstAction} then ${c.then}:${c.thenAction} ${c.orderKind}${c.symmetrical ? " symmetrical" : ""}` : c.kind)),
    [
      "o-1: a:start then b:start Optional symmetrical",
      "o-2: b:start then c:stop Optional symmetrical",
      "o-3: b:start then d:stop Optional symmetrical",
      "o-4: c:stop then e:start Optional symmetrical",
      "o-5: d:stop then e:start Optional symmetrical",
    ],
  );
  const colocations = readCib(cib({ resources, constraints: `<rsc_colocation id="o-1" score="100">${set("s1", ["a", "b"], ` sequential="false"`)}${set("s2", ["c", "d", "e"])}</rsc_colocation>` })).constraints;
  assert.equal(
    colocations.map((c) => (c.kind === "colocation" ? `${c.id}: ${c.resource} with ${c.withResource} ${c.score}` : c.kind)),
    ["o-1-1: a with e 100", "o-1-2: b with e 100", "o-1-3: d with c 100", "o-1-4: e with d 100"],
  );
});

test("unsupported constructs are named", () => {
  const uns = (parts: Parameters<typeof cib>[0]): string => failure(cib(parts), true);
  assert.is(uns({ resources: `<bundle id="bd"/>` }), "unsupported construct: bundle (bundle id=bd, line 5)");
  assert.is(
    uns({ resources: `<clone id="c"><meta_attributes id="m"><nvpair id="m1" name="promotable" value="true"/></meta_attributes><primitive id="x" class="ocf" provider="pacemaker" type="Stateful"/></clone>` }),
    "unsupported construct: promotable=true (clone id=c, line 5)",
  );
  assert.is(uns({ resources: `<master id="ms"/>` }), "unsupported construct: promotable clone (master id=ms, line 5)");
  assert.is(
    uns({ resources: `<clone id="c"><meta_attributes id="m"><nvpair id="m1" name="globally-unique" value="true"/></meta_attributes><primitive id="x" class="ocf" provider="pacemaker" type="Dummy"/></clone>` }),
    "unsupported construct: globally-unique=true (clone id=c, line 5)",
  );
  assert.is(uns({ resources: `<primitive id="r" class="ocf" provider="pacemaker" type="remote"/>` }), "unsupported construct: remote node resource (ocf:pacemaker:remote) (primitive id=r, line 5)");
  assert.is(
    uns({ resources: `<primitive id="v" class="ocf" provider="heartbeat" type="VirtualDomain"><meta_attributes id="m"><nvpair id="m1" name="remote-node" value="g1"/></meta_attributes></primitive>` }),
    "unsupported construct: guest node (remote-node meta) (primitive id=v, line 5)",
  );
  assert.is(uns({ nodes: `<node id="1" uname="n1" type="remote"/>` }), "unsupported construct: remote node (node id=1, line 4)");
  assert.is(
    uns({ constraints: `<rsc_ticket id="t" rsc="a" rsc-role="Promoted" ticket="T"/>` }),
    "unsupported construct: rsc_ticket rsc-role=Promoted (rsc_ticket id=t, line 6)",
  );
  assert.is(
    uns({ constraints: `<rsc_ticket id="t" ticket="T"><resource_set id="s"><resource_ref id="a"/></resource_set></rsc_ticket>` }),
    "unsupported construct: resource_set in rsc_ticket (rsc_ticket id=t, line 6)",
  );
  assert.is(
    uns({ constraints: `<rsc_order id="o"><resource_set id="s" require-all="false"><resource_ref id="a"/></resource_set><resource_set id="s2"><resource_ref id="b"/></resource_set></rsc_order>` }),
    "unsupported construct: rsc_order require-all=false (resource_set id=s, line 6)",
  );
  assert.is(
    uns({ constraints: `<rsc_location id="l" rsc="a"><rule id="r" score="1"><date_expression id="d" operation="gt" start="2020-01-01"/></rule></rsc_location>` }),
    "unsupported construct: date_expression (date_expression id=d, line 6)",
  );
  assert.is(uns({ constraints: `<rsc_location id="l" rsc="a"><rule id="r" score-attribute="x"/></rsc_location>` }), "unsupported construct: rule score-attribute (rule id=r, line 6)");
  const onFail = `<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"><operations><op id="o" name="monitor" interval="10s" on-fail="ignore"/></operations></primitive>`;
  assert.is(
    uns({ resources: onFail, status: state("1", { a: [op("a", "start", 1, 0), op("a", "monitor", 2, 1, { interval: "10000" })] }) }),
    "unsupported construct: op on-fail=ignore (op id=o, line 5)",
  );
  assert.is(
    uns({ resources: `<group id="g"><utilization id="u"><nvpair id="u1" name="cpu" value="1"/></utilization><primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/></group>` }),
    "unsupported construct: utilization of a group (group id=g, line 5)",
  );
});

test.run();
