/**
 * Reading Pacemaker's transition graph (`crm_simulate -G`, the CTS `.exp`
 * files) into plancheck's actions and edges.
 *
 * A `<transition_graph>` is a list of `<synapse>`s; each has an
 * `<action_set>` holding one action (`rsc_op`, `pseudo_event` or
 * `crm_event`, numbered by `id`) and `<inputs>`: `<trigger>`s naming the
 * actions that must complete first. Each trigger becomes an edge
 * trigger → action.
 *
 * What is kept (the properties reason about placement and the order of
 * these):
 * - `rsc_op` start, stop, migrate_to, migrate_from, promote, demote: real
 *   actions on `on_node`, for the primitive named by the `<primitive id>`
 *   child with any clone instance suffix removed (`child:0` → `child`; the
 *   node keeps instances apart).
 * - `crm_event` stonith: a real `fence` of `on_node`.
 * - `pseudo_event` stonith: a pseudo `fence` (a guest or bundle node that is
 *   down because its container stopped).
 * - `pseudo_event` start, stop, promote, demote, running, stopped, promoted,
 *   demoted: pseudo actions of the resource named by the operation key
 *   (`lustre_start_0` after a migration, `grp_running_0`, `cl_stopped_0`, a
 *   stop implied by fencing).
 *
 * What is dropped: monitors (recurring and probes), notifications and their
 * pseudo events, `cancel`, `delete` (lrm_delete), `reload`, `crm_event`
 * do_shutdown and clear_failcount, and helper pseudo events (`load_stopped_*`,
 * `one-or-more:*`). None of them changes where a resource is active. Ordering
 * survives them: if A → X → B in the graph and X is dropped, A → B is an edge
 * (its reason names X).
 *
 * A trigger may name an action no synapse declares (crm_simulate 2.1.5 does
 * so for CTS `partial-unmanaged-group`: `grp1_running_0` waits for a
 * `grp1b_start_0` that is not in the graph, so it can never fire). That is
 * kept as an edge from an undeclared id, not refused, so that the properties
 * report it.
 *
 * Action ids come from {@link actionId}; when two actions would share an id
 * (two instances of a clone on one node, implied stops of several instances),
 * the later ones, in graph id order, get `#2`, `#3`, ….
 */
import { SaxesParser } from "saxes";
import { PlannerError, actionId } from "../model.ts";
import type { Action, Edge, Task } from "../model.ts";

/** The three kinds of action element in a transition graph. */
export type GraphElement = "rsc_op" | "pseudo_event" | "crm_event";

/** One action of a transition graph as written in the XML. */
export interface GraphAction {
  /** The graph's numeric action id (unique within the graph). */
  id: number;
  element: GraphElement;
  /** The `operation` attribute, e.g. `start`, `monitor`, `stonith`, `running`. */
  operation: string;
  /** The `operation_key` attribute, e.g. `lustre_migrate_to_0`. */
  key: string;
  /** The `on_node` attribute, when there is one. */
  node?: string;
  /** The `id` of the `<primitive>` child of an `rsc_op` (may carry a `:N` instance suffix). */
  primitive?: string;
}

/** A transition graph as written: its actions and, for each, the ids of its inputs. */
export interface TransitionGraph {
  /** All actions, in ascending id order. */
  actions: GraphAction[];
  /** For each action id, the ids of the actions that must complete before it. */
  inputs: Map<number, number[]>;
  /**
   * Actions named by a trigger but declared by no synapse, in ascending id
   * order (as the trigger describes them). An action waiting for one of them
   * can never run: a defect of the graph, not of the XML.
   */
  missing: GraphAction[];
}

const ACTION_ELEMENTS = new Set<string>(["rsc_op", "pseudo_event", "crm_event"]);

/** Resource operations kept as real actions; each is also a {@link Task}. */
const RESOURCE_TASKS = new Set<string>(["start", "stop", "migrate_to", "migrate_from", "promote", "demote"]);

/** Pseudo operations kept as pseudo actions; each is also a {@link Task}. */
const PSEUDO_TASKS = new Set<string>(["start", "stop", "promote", "demote", "running", "stopped", "promoted", "demoted"]);

/** Reads a required attribute of a graph element or fails with a message naming the element. */
function required(attributes: Record<string, string>, name: string, element: string): string {
  const value = attributes[name];
  if (value === undefined) throw new PlannerError(`transition graph: <${element}> without ${name}`);
  return value;
}

/** Reads the numeric `id` of a graph action element. */
function numericId(attributes: Record<string, string>, element: string): number {
  const text = required(attributes, "id", element);
  if (!/^\d+$/.test(text)) throw new PlannerError(`transition graph: <${element} id="${text}"> is not a number`);
  return Number(text);
}

/** Reads a graph action element (in an action set or a trigger). */
function graphAction(element: GraphElement, attributes: Record<string, string>): GraphAction {
  const action: GraphAction = {
    id: numericId(attributes, element),
    element,
    operation: required(attributes, "operation", element),
    key: required(attributes, "operation_key", element),
  };
  if (attributes["on_node"] !== undefined) action.node = attributes["on_node"];
  return action;
}

/**
 * Parses `<transition_graph>` XML into its actions and inputs, checking its
 * shape: the root element, numeric and unique action ids, the attributes every
 * action needs. A DOCTYPE is refused. Triggers naming undeclared actions are
 * not an error here: they are reported in `missing`.
 *
 * @throws PlannerError for malformed XML or a malformed graph.
 */
export function parseTransitionGraph(xml: string): TransitionGraph {
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const actions = new Map<number, GraphAction>();
  const inputs = new Map<number, number[]>();
  const triggers = new Map<number, GraphAction>();
  let synapseActions: GraphAction[] = [];
  let synapseInputs: number[] = [];
  let current: GraphAction | undefined;

  parser.on("doctype", () => {
    throw new PlannerError("transition graph: DOCTYPE is not allowed");
  });
  parser.on("opentag", (tag) => {
    const name = tag.name;
    const attributes = tag.attributes as Record<string, string>;
    const parent = path[path.length - 1];
    if (parent === undefined && name !== "transition_graph") {
      throw new PlannerError(`transition graph: root element is <${name}>, not <transition_graph>`);
    }
    if (name === "synapse") {
      synapseActions = [];
      synapseInputs = [];
    } else if (parent === "action_set" && ACTION_ELEMENTS.has(name)) {
      const action = graphAction(name as GraphElement, attributes);
      if (actions.has(action.id)) throw new PlannerError(`transition graph: action id ${action.id} appears twice`);
      actions.set(action.id, action);
      synapseActions.push(action);
      current = action;
    } else if (name === "primitive" && current !== undefined && parent === current.element) {
      current.primitive = required(attributes, "id", name);
    } else if (parent === "trigger" && ACTION_ELEMENTS.has(name)) {
      const trigger = graphAction(name as GraphElement, attributes);
      if (!triggers.has(trigger.id)) triggers.set(trigger.id, trigger);
      synapseInputs.push(trigger.id);
    }
    if (!tag.isSelfClosing) path.push(name);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) path.pop();
    if (current !== undefined && tag.name === current.element) current = undefined;
    if (tag.name === "synapse") {
      for (const action of synapseActions) inputs.set(action.id, [...synapseInputs]);
    }
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof PlannerError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new PlannerError(`transition graph is not well-formed XML: ${message}`);
  }
  const byId = (a: GraphAction, b: GraphAction) => a.id - b.id;
  const missing = [...triggers.values()].filter((t) => !actions.has(t.id)).sort(byId);
  return { actions: [...actions.values()].sort(byId), inputs, missing };
}

/** Removes a clone instance suffix: `child:0` → `child`. */
function withoutInstance(name: string): string {
  return name.replace(/:\d+$/, "");
}

/** The resource an operation key names: `grp:0_running_0` with operation `running` → `grp`. */
function resourceOfKey(key: string, operation: string): string | undefined {
  const suffix = new RegExp(`_${operation}_\\d+$`);
  if (!suffix.test(key)) return undefined;
  return withoutInstance(key.replace(suffix, ""));
}

/** What a graph action becomes in plancheck's model, or undefined when it is dropped. */
function modelAction(action: GraphAction): Omit<Action, "id"> | undefined {
  const { element, operation, node } = action;
  if (element === "crm_event") {
    return operation === "stonith" && node !== undefined ? { task: "fence", node, pseudo: false } : undefined;
  }
  if (element === "pseudo_event") {
    if (operation === "stonith") return node !== undefined ? { task: "fence", node, pseudo: true } : undefined;
    if (!PSEUDO_TASKS.has(operation)) return undefined;
    const resource = resourceOfKey(action.key, operation);
    if (resource === undefined) return undefined;
    const pseudo: Omit<Action, "id"> = { task: operation as Task, resource, pseudo: true };
    if (node !== undefined) pseudo.node = node;
    return pseudo;
  }
  if (!RESOURCE_TASKS.has(operation) || node === undefined) return undefined;
  const resource =
    action.primitive !== undefined ? withoutInstance(action.primitive) : resourceOfKey(action.key, operation);
  if (resource === undefined) return undefined;
  return { task: operation as Task, resource, node, pseudo: false };
}

/** `base`, or `base#2`, `base#3`, … whichever is not in `used` yet; recorded as used. */
function unique(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n += 1) id = `${base}#${n}`;
  used.add(id);
  return id;
}

/** The actions and ordering edges plancheck keeps from a transition graph. */
export interface GraphTransition {
  actions: Action[];
  edges: Edge[];
}

/**
 * Maps a parsed transition graph to plancheck actions and edges (see the
 * module comment for what is kept and dropped). Ordering through dropped
 * actions is kept transitively; an edge found that way has reason
 * `via <operation_key>` naming the first dropped action on the path. Edges
 * read directly from the graph have no reason. A trigger naming an action the
 * graph does not declare gives an edge from `missing:<operation_key>@<node>`,
 * an id no action has: the dangling edge shows the defect.
 */
export function transitionOfGraph(graph: TransitionGraph): GraphTransition {
  const ids = new Map<number, string>();
  const actions: Action[] = [];
  const used = new Set<string>();
  for (const raw of graph.actions) {
    const mapped = modelAction(raw);
    if (mapped === undefined) continue;
    const id = unique(actionId(mapped.task, mapped.resource, mapped.node), used);
    ids.set(raw.id, id);
    actions.push({ id, ...mapped });
  }
  // Undeclared trigger targets get ids but no action: their edges dangle, for
  // the graph-acyclic property to report.
  for (const raw of graph.missing) {
    ids.set(raw.id, unique(`missing:${raw.key}${raw.node === undefined ? "" : `@${raw.node}`}`, used));
  }

  const successors = new Map<number, number[]>();
  for (const [then, firsts] of graph.inputs) {
    for (const first of firsts) {
      const list = successors.get(first) ?? [];
      list.push(then);
      successors.set(first, list);
    }
  }
  const keyOf = new Map(graph.actions.map((a) => [a.id, a.key]));

  // Kept actions reachable from `start` through dropped actions only.
  const keptBeyond = (start: number, visited: Set<number>): number[] => {
    const found: number[] = [];
    const queue = [start];
    visited.add(start);
    for (let i = 0; i < queue.length; i += 1) {
      for (const next of successors.get(queue[i]!) ?? []) {
        if (visited.has(next)) continue;
        visited.add(next);
        if (ids.has(next)) found.push(next);
        else queue.push(next);
      }
    }
    return found;
  };

  const edges: Edge[] = [];
  const missing = new Set(graph.missing.map((raw) => raw.id));
  for (const raw of [...graph.actions, ...graph.missing]) {
    const first = ids.get(raw.id);
    if (first === undefined) continue;
    const nexts = [...new Set(successors.get(raw.id) ?? [])];
    const visited = new Set<number>(nexts.filter((next) => ids.has(next)));
    for (const next of nexts) {
      const then = ids.get(next);
      if (then === undefined) continue;
      edges.push(missing.has(raw.id) ? { first, then, reason: "a trigger naming an undeclared action" } : { first, then });
    }
    for (const next of nexts) {
      if (ids.has(next) || visited.has(next)) continue;
      for (const beyond of keptBeyond(next, visited)) {
        edges.push({ first, then: ids.get(beyond)!, reason: `via ${keyOf.get(next)}` });
      }
    }
  }
  return { actions, edges };
}
