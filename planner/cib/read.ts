/**
 * Reads a CIB XML document into the shared model: the driver that calls the
 * readers of each section in order (options, nodes, resources, node states,
 * resource history, constraints).
 *
 * Canonical form of what it returns (what {@link writeCib} round-trips):
 * - optional fields are absent unless the CIB sets them (resource meta,
 *   clone-max, constraint roles, expression types, utilization and
 *   capacity); `placementStrategy` is absent for `default`; `cloneNodeMax`,
 *   `interleave` and `ordered` always hold a value (defaults 1, false, false);
 * - node `attributes` hold neither `standby`/`maintenance` (see the fields of
 *   those names) nor Pacemaker's bookkeeping (fail counts, `#` attributes,
 *   `shutdown`); `shutdown` is present only when true;
 * - `defaultMigrationThreshold` defaults to INFINITY, as in Pacemaker 2.x;
 * - `status.tickets` is present only when the status records ticket states;
 *   `status.nodeStateOrder` only when the node_state entries are not in
 *   node declaration order;
 * - status lists are sorted by primitive declaration order, then node
 *   declaration order; only positive fail counts are listed; a failed stop
 *   with fencing enabled makes its node unclean.
 */
import { primitivesOf, type ClusterState } from "../model.ts";
import { InputError } from "../errors.ts";
import { checkConditionals, whenFencing } from "./conditions.ts";
import { readConstraints } from "./constraints.ts";
import { applyNodeStates, readNodes } from "./nodes.ts";
import { readOptions } from "./options.ts";
import { readResources } from "./resources.ts";
import { readStatus } from "./status.ts";
import { readTickets } from "./tickets.ts";
import { where } from "./values.ts";
import { childNamed, childrenNamed, descendants, parseXml, type XmlElement } from "./xml.ts";

/** Elements whose `id` refers to something defined elsewhere rather than defining an id. */
const REFERENCE_ELEMENTS = new Set(["resource_ref", "obj_ref", "role", "acl_target", "acl_group", "acl_user", "recipient"]);

/**
 * Indexes every id defined in the configuration, refusing duplicates. Node
 * ids are left out: they are cluster-layer ids, not XML ids, and nodes are
 * matched by their own readers.
 */
function indexIds(configuration: XmlElement): Map<string, XmlElement> {
  const ids = new Map<string, XmlElement>();
  for (const element of descendants(configuration)) {
    const id = element.attributes["id"];
    if (id === undefined || REFERENCE_ELEMENTS.has(element.name) || element.name === "node") continue;
    if (ids.has(id)) throw new InputError(`duplicate id '${id}'`, where(element));
    ids.set(id, element);
  }
  return ids;
}

/**
 * Parses CIB XML into a {@link ClusterState}.
 *
 * @throws InputError for malformed or inconsistent input (with where it is),
 *   Unsupported for valid constructs the model does not express.
 */
export function readCib(xml: string): ClusterState {
  const cib = parseXml(xml);
  if (cib.name !== "cib") throw new InputError(`root element is <${cib.name}>, expected <cib>`, `line ${cib.line}`);
  const configuration = childNamed(cib, "configuration");
  if (configuration === undefined) throw new InputError("missing <configuration>", where(cib));
  const ids = indexIds(configuration);
  const { options, startupFencing, conditionals } = readOptions(cib, configuration, ids);
  const entries = readNodes(childNamed(configuration, "nodes"), ids);
  const { resources, conditionals: resourceConditionals } = readResources(childNamed(configuration, "resources"), ids, options.fencingEnabled);
  const status = childNamed(cib, "status");
  applyNodeStates(entries, status, ids, options.fencingEnabled, startupFencing);
  const clusterStatus = readStatus(entries, resources, options);
  const tickets = readTickets(status);
  if (tickets !== undefined) clusterStatus.tickets = tickets;
  const stated = status === undefined ? [] : childrenNamed(status, "node_state").map((state) => entries.find((e) => e.state === state)!);
  const stateOrder = [...stated, ...entries.filter((e) => !stated.includes(e))].map((e) => e.node.name);
  if (stateOrder.some((name, i) => entries[i]!.node.name !== name)) clusterStatus.nodeStateOrder = stateOrder;

  const resourceIds = new Set<string>();
  for (const r of resources) {
    resourceIds.add(r.id);
    if (r.kind === "group") r.members.forEach((m) => resourceIds.add(m.id));
    if (r.kind === "clone") resourceIds.add(r.child.id);
  }
  primitivesOf(resources).forEach((p) => resourceIds.add(p.id));
  const constraints = readConstraints(childNamed(configuration, "constraints"), ids, {
    resources: resourceIds,
    nodes: new Set(entries.map((e) => e.node.name)),
  });
  const cluster: ClusterState = { options, nodes: entries.map((e) => e.node), resources, constraints, status: clusterStatus };
  const topology = childNamed(configuration, "fencing-topology");
  if (topology !== undefined && topology.children.length > 0) {
    // Which devices fence a node changes how, not whether, it is fenced.
    conditionals.push({ construct: "fencing-topology", where: where(topology), matters: whenFencing });
  }
  checkConditionals([...conditionals, ...resourceConditionals], cluster);
  return cluster;
}
