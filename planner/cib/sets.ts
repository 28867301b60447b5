/**
 * Resource sets (`resource_set` in `rsc_order` and `rsc_colocation`),
 * expanded into the pairwise constraints they stand for, as Pacemaker
 * Explained describes sets and as crm_simulate behaves:
 * - order: in a sequential set (the default) each member comes after the one
 *   listed before it; of two consecutive sets, the later comes after the
 *   earlier: the last member of a sequential set (every member of a
 *   non-sequential one) before the first member of a sequential next set
 *   (every member of a non-sequential one). A set's `action` names its
 *   members' action (default start).
 * - colocation: in a sequential set each member is colocated with the one
 *   listed before it; of two consecutive sets, the earlier is colocated with
 *   the later: the first member of a sequential set (every member of a
 *   non-sequential one) with the last member of a sequential next set (every
 *   member of a non-sequential one).
 * Each pair becomes a constraint element of the same kind carrying the
 * constraint's own attributes (score, kind, symmetrical...) and an id made
 * from the constraint's. Sets that are not all-required (`require-all=false`),
 * that name a role other than Started, an `ordering`, or a score or kind of
 * their own, and sets in any other constraint, are refused as Unsupported.
 */
import { InputError, Unsupported } from "../errors.ts";
import { parseBoolean, parseRole, requiredAttribute, where } from "./values.ts";
import { childrenNamed, type XmlElement } from "./xml.ts";

interface ResourceSet {
  members: string[];
  sequential: boolean;
  action?: string;
}

function readSet(element: XmlElement, kind: "rsc_order" | "rsc_colocation"): ResourceSet {
  const at = where(element);
  for (const name of ["ordering", "score", "kind"]) {
    if (element.attributes[name] !== undefined) throw new Unsupported(`resource_set ${name}`, at);
  }
  const requireAll = element.attributes["require-all"];
  if (requireAll !== undefined && !parseBoolean(requireAll, "require-all", at)) throw new Unsupported(`${kind} require-all=false`, at);
  const role = element.attributes["role"];
  if (role !== undefined && parseRole(role, "role", at) !== "Started") throw new Unsupported(`resource_set role=${role}`, at);
  const sequential = element.attributes["sequential"];
  const members = childrenNamed(element, "resource_ref").map((ref) => requiredAttribute(ref, "id"));
  if (members.length === 0) throw new InputError("a resource_set needs at least one resource_ref", at);
  const set: ResourceSet = { members, sequential: sequential === undefined ? true : parseBoolean(sequential, "sequential", at) };
  const action = element.attributes["action"];
  if (action !== undefined) {
    if (kind === "rsc_colocation") throw new Unsupported("resource_set action in a colocation", at);
    set.action = action;
  }
  return set;
}

/**
 * The constraint elements an element stands for: itself when it holds no
 * resource set, else one element per pair of its expansion (see the module
 * comment). `taken` holds every id in use (the configuration's, and those
 * made so far); the ids made here are added to it.
 */
export function expandResourceSets(element: XmlElement, taken: Set<string>): XmlElement[] {
  const setElements = childrenNamed(element, "resource_set");
  if (setElements.length === 0) return [element];
  const at = where(element);
  if (element.name !== "rsc_order" && element.name !== "rsc_colocation") throw new Unsupported(`resource_set in ${element.name}`, at);
  const kind = element.name;
  const base = requiredAttribute(element, "id");
  taken.add(base);
  const sets = setElements.map((s) => readSet(s, kind));
  const pairs: [string, string, ResourceSet, ResourceSet][] = [];
  const pair = (a: string, b: string, sa: ResourceSet, sb: ResourceSet) => pairs.push([a, b, sa, sb]);
  sets.forEach((set, i) => {
    if (set.sequential) {
      for (let k = 1; k < set.members.length; k++) {
        // order: earlier before later; colocation: later with earlier.
        if (kind === "rsc_order") pair(set.members[k - 1]!, set.members[k]!, set, set);
        else pair(set.members[k]!, set.members[k - 1]!, set, set);
      }
    }
    const next = sets[i + 1];
    if (next === undefined) return;
    if (kind === "rsc_order") {
      const firsts = set.sequential ? [set.members.at(-1)!] : set.members;
      const thens = next.sequential ? [next.members[0]!] : next.members;
      for (const f of firsts) for (const t of thens) pair(f, t, set, next);
    } else {
      const dependents = set.sequential ? [set.members[0]!] : set.members;
      const primaries = next.sequential ? [next.members.at(-1)!] : next.members;
      for (const d of dependents) for (const p of primaries) pair(d, p, set, next);
    }
  });
  const { id: _id, ...shared } = element.attributes;
  let n = 0;
  const freshId = () => {
    let id: string;
    do id = `${base}-${++n}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
  return pairs.map(([a, b, sa, sb]) => {
    const attributes: Record<string, string> = { ...shared, id: freshId() };
    if (kind === "rsc_order") {
      attributes["first"] = a;
      attributes["then"] = b;
      attributes["first-action"] = sa.action ?? "start";
      attributes["then-action"] = sb.action ?? "start";
    } else {
      attributes["rsc"] = a;
      attributes["with-rsc"] = b;
    }
    return { name: kind, attributes, children: [], line: element.line };
  });
}
