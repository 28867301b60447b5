/**
 * Nodes: the `<nodes>` section (names, ids, permanent attributes) and the
 * membership of each node as derived from its `node_state` in the status.
 *
 * Membership, as Pacemaker documents and its regression corpus shows it:
 * - `in_ccm` says whether the cluster layer sees the node (`true`, or in newer
 *   CIBs a timestamp of when it joined), `crmd` whether its controller runs
 *   (`online`/`offline`, or a timestamp), `join` how far it got in joining the
 *   controller's group (`down`, `pending`, `member`, `banned`), `expected` what
 *   the DC expects (`member` while it should be up, `down` after a clean stop).
 * - A node is online when all three agree: in membership, controller online,
 *   join member.
 * - With fencing enabled, a node whose state is unknown is unclean (it must be
 *   fenced before its resources can be recovered): no node_state or no
 *   `in_ccm` at all (never seen, while `startup-fencing` is on), a node that
 *   left the membership while still expected to be a member, a member whose
 *   controller is gone, and a banned node. A node out of the membership with
 *   its controller down and join `down` left cleanly: offline.
 * - Without fencing nothing can be fenced, so anything not online is offline,
 *   except a joined member whose controller state is gone (unclean).
 * - In membership but not (yet) joined is "pending", which the model does not
 *   have: refused as Unsupported.
 * The status reader later marks unclean an offline node that is thought to
 * run something, and a node where a stop failed (both need fencing).
 */
import type { ClusterNode, NodeMembership, UnknownNodeState } from "../model.ts";
import { InputError, Unsupported } from "../errors.ts";
import { parseBoolean, readNvpairs, readUtilization, requiredAttribute, where, type IdIndex } from "./values.ts";
import { childrenNamed, type XmlElement } from "./xml.ts";

/** Node attributes that the model holds in dedicated fields or that are Pacemaker's bookkeeping. */
function isInternalAttribute(name: string): boolean {
  return (
    name === "standby" ||
    name === "maintenance" ||
    name === "shutdown" ||
    name === "terminate" ||
    name === "probe_complete" ||
    name.startsWith("#") ||
    name.startsWith("fail-count-") ||
    name.startsWith("last-failure-")
  );
}

/** A configured node together with its node_state, if the status has one. */
export interface NodeEntry {
  node: ClusterNode;
  state?: XmlElement;
  /** Transient attributes from the status (fail counts included). */
  transient: Map<string, string>;
}

/** Reads `<nodes>`: names, ids and permanent attributes; membership is filled in by {@link applyNodeStates}. */
export function readNodes(section: XmlElement | undefined, ids: IdIndex): NodeEntry[] {
  const entries: NodeEntry[] = [];
  const names = new Set<string>();
  for (const element of section?.children ?? []) {
    const at = where(element);
    if (element.name !== "node") throw new InputError(`unexpected element <${element.name}> in nodes`, at);
    const id = requiredAttribute(element, "id");
    const name = element.attributes["uname"] ?? id;
    const type = element.attributes["type"];
    if (type === "remote") throw new Unsupported("remote node", at);
    if (type !== undefined && type !== "member" && type !== "normal") throw new Unsupported(`node type ${type}`, at);
    if (element.attributes["score"] !== undefined) throw new Unsupported("node score", at);
    if (names.has(name)) throw new InputError(`duplicate node name '${name}'`, at);
    names.add(name);
    const node: ClusterNode = { name, id, membership: "offline", standby: false, maintenance: false, attributes: {} };
    const capacity = readUtilization(element, ids);
    if (capacity !== undefined) node.capacity = capacity;
    entries.push({ node, transient: new Map() });
    applyAttributes(node, readNvpairs(element, "instance_attributes", ids), at);
  }
  return entries;
}

/** Copies attributes into a node: standby and maintenance to their fields, the rest (but bookkeeping) to `attributes`. */
function applyAttributes(node: ClusterNode, attributes: Map<string, string>, at: string): void {
  for (const [name, value] of attributes) {
    if (name === "standby") node.standby = parseBoolean(value, name, at);
    else if (name === "maintenance") node.maintenance = parseBoolean(value, name, at);
    else if (!isInternalAttribute(name)) node.attributes[name] = value;
  }
}

/**
 * Matches every node_state to its configured node (by id, else by uname),
 * reads its transient attributes, and derives the node's membership.
 */
export function applyNodeStates(
  entries: NodeEntry[],
  status: XmlElement | undefined,
  ids: IdIndex,
  fencingEnabled: boolean,
  startupFencing: boolean,
): void {
  const byId = new Map(entries.map((entry) => [entry.node.id, entry]));
  const byName = new Map(entries.map((entry) => [entry.node.name, entry]));
  for (const state of status === undefined ? [] : childrenNamed(status, "node_state")) {
    const at = where(state);
    if (state.attributes["remote_node"] !== undefined && parseBoolean(state.attributes["remote_node"], "remote_node", at)) {
      throw new Unsupported("remote node status", at);
    }
    const id = requiredAttribute(state, "id");
    const uname = state.attributes["uname"];
    const entry = byId.get(id) ?? (uname === undefined ? undefined : byName.get(uname));
    if (entry === undefined) {
      const name = uname ?? id;
      const lrm = childrenNamed(state, "lrm").some((l) => childrenNamed(l, "lrm_resources").some((r) => r.children.length > 0));
      if (lrm) throw new InputError(`resource history for node '${name}', which is not in <nodes>`, at);
      if (childrenNamed(state, "transient_attributes").length > 0) throw new InputError(`transient attributes for node '${name}', which is not in <nodes>`, at);
      throw new InputError(`unknown node '${name}' in status`, at);
    }
    if (entry.state !== undefined) throw new InputError(`two node_state entries for node '${entry.node.name}'`, at);
    entry.state = state;
    for (const transient of childrenNamed(state, "transient_attributes")) {
      for (const [name, value] of readNvpairs(transient, "instance_attributes", ids)) entry.transient.set(name, value);
    }
    applyAttributes(entry.node, entry.transient, at);
    const shutdown = state.attributes["shutdown"] ?? entry.transient.get("shutdown");
    if (shutdown !== undefined && shutdown !== "0") entry.node.shutdown = true;
    if (entry.transient.has("terminate") && entry.transient.get("terminate") !== "0" && entry.transient.get("terminate") !== "false") {
      throw new Unsupported("terminate node attribute", at);
    }
  }
  for (const entry of entries) {
    const membership = deriveMembership(entry.state, fencingEnabled, startupFencing);
    if (membership === "pending") throw new Unsupported("pending node membership", entry.state === undefined ? entry.node.name : where(entry.state));
    entry.node.membership = membership;
    const unknown = unknownStateOf(entry.state);
    if (membership === "unclean" && unknown !== undefined) entry.node.unknownState = unknown;
  }
}

/** `in_ccm`/`crmd` are booleans or words in older CIBs, timestamps (non-zero: up) in newer ones. */
function isUp(value: string | undefined, upWord: string): boolean {
  if (value === undefined) return false;
  if (/^\d+$/.test(value)) return Number(value) > 0;
  return value === upWord || value === "true" || value === "yes" || value === "1";
}

/** Why a node_state (or its absence) says nothing of the node's membership, if it does not. */
function unknownStateOf(state: XmlElement | undefined): UnknownNodeState | undefined {
  if (state === undefined) return "no-state";
  return state.attributes["in_ccm"] === undefined ? "not-seen" : undefined;
}

/** Derives a node's membership from its node_state (see the module comment). */
function deriveMembership(state: XmlElement | undefined, fencing: boolean, startupFencing: boolean): NodeMembership | "pending" {
  if (state === undefined) return fencing && startupFencing ? "unclean" : "offline";
  const inCcmRaw = state.attributes["in_ccm"];
  const inCcm = isUp(inCcmRaw, "true");
  const crmd = isUp(state.attributes["crmd"], "online");
  const join = state.attributes["join"] ?? "down";
  const expected = state.attributes["expected"];
  if (inCcm && crmd && join === "member") return "online";
  if (inCcm && !crmd && join === "member") return "unclean";
  if (!fencing) return "offline";
  if (inCcmRaw === undefined) return startupFencing ? "unclean" : "offline";
  if (inCcm) return join === "banned" ? "unclean" : "pending";
  if (!crmd && join === "down") return "offline";
  return expected === "member" ? "unclean" : "pending";
}
