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
import { validateCluster } from "../validate.ts";
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

/** The sections of `<configuration>`: those it must have once, and those it may have. */
const REQUIRED_SECTIONS = ["crm_config", "nodes", "resources", "constraints"];
const OPTIONAL_SECTIONS = new Set(["rsc_defaults", "op_defaults", "fencing-topology", "tags", "acls", "alerts"]);

/**
 * Checks the outline Pacemaker's schema gives a CIB: `<cib>` holds one
 * `<configuration>` and at most one `<status>`; the configuration holds each
 * of crm_config, nodes, resources and constraints once, and only known sections.
 */
function checkOutline(cib: XmlElement): XmlElement {
  const seen = new Set<string>();
  for (const child of cib.children) {
    if (child.name !== "configuration" && child.name !== "status") throw new InputError(`unexpected element <${child.name}> in <cib>`, where(child));
    if (seen.has(child.name)) throw new InputError(`a second <${child.name}> in <cib>`, where(child));
    seen.add(child.name);
  }
  const configuration = childNamed(cib, "configuration");
  if (configuration === undefined) throw new InputError("missing <configuration>", where(cib));
  const sections = new Set<string>();
  for (const child of configuration.children) {
    if (!REQUIRED_SECTIONS.includes(child.name) && !OPTIONAL_SECTIONS.has(child.name)) {
      throw new InputError(`unexpected element <${child.name}> in <configuration>`, where(child));
    }
    if (sections.has(child.name) && REQUIRED_SECTIONS.includes(child.name)) throw new InputError(`a second <${child.name}> in <configuration>`, where(child));
    sections.add(child.name);
  }
  const missing = REQUIRED_SECTIONS.find((name) => !sections.has(name));
  if (missing !== undefined) throw new InputError(`missing <${missing}> in <configuration>`, where(configuration));
  return configuration;
}

/**
 * Parses CIB XML into a {@link ClusterState}.
 *
 * @throws InputError for malformed or inconsistent input (with where it is),
 *   Unsupported for valid constructs the model does not express.
 */
export function readCib(xml: string): ClusterState {
  return readCibElement(parseXml(xml));
}

/**
 * Reads a CIB already parsed into its element tree (as parseXmlChunks parses
 * one too big for a string) into a {@link ClusterState}; see {@link readCib}.
 */
export function readCibElement(cib: XmlElement): ClusterState {
  if (cib.name !== "cib") throw new InputError(`root element is <${cib.name}>, expected <cib>`, `line ${cib.line}`);
  const configuration = checkOutline(cib);
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
  const nodeNames = new Set(entries.map((e) => e.node.name));
  const constraints = readConstraints(childNamed(configuration, "constraints"), ids, {
    resources: resourceIds,
    nodes: nodeNames,
    // A location for a node that is not configured is legal and has no effect.
  }).filter((c) => c.kind !== "location" || c.node === undefined || nodeNames.has(c.node));
  const cluster: ClusterState = { options, nodes: entries.map((e) => e.node), resources, constraints, status: clusterStatus };
  validateCluster(cluster, (what, _index, id) => {
    const element = what === "status" ? undefined : ids.get(id);
    return element === undefined ? `${what} ${id}` : where(element);
  });
  const topology = childNamed(configuration, "fencing-topology");
  if (topology !== undefined && topology.children.length > 0) {
    // Which devices fence a node changes how, not whether, it is fenced.
    conditionals.push({ construct: "fencing-topology", where: where(topology), matters: whenFencing });
  }
  checkConditionals([...conditionals, ...resourceConditionals], cluster);
  return cluster;
}
