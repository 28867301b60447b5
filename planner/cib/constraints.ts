/**
 * The `<constraints>` section: location (node and score, or rules on node
 * attributes), colocation and order constraints between single resources.
 * Tickets (`rsc_ticket` on a single resource, in its Started role) are read
 * with their loss policy; resource sets in orders and colocations are expanded
 * into pairwise constraints (sets.ts). Patterns, score attributes, date expressions and
 * other constructs the model cannot express are refused as Unsupported;
 * references to unknown resources are input errors. A location may name a
 * node that is not configured (it then has no effect: the reader drops it);
 * cycles of Mandatory orders are refused once the whole cluster is known
 * (`planner/validate.ts`).
 */
import type {
  ColocationConstraint,
  Constraint,
  ExpressionOperation,
  LocationConstraint,
  LocationRule,
  LossPolicy,
  OrderAction,
  OrderConstraint,
  OrderKind,
  RuleExpression,
  TicketConstraint,
} from "../model.ts";
import { InputError, Unsupported } from "../errors.ts";
import { parseBoolean, parseRole, parseScore, requiredAttribute, resolveRef, where, type IdIndex } from "./values.ts";
import { expandResourceSets } from "./sets.ts";
import type { XmlElement } from "./xml.ts";

const OPERATIONS: readonly ExpressionOperation[] = ["eq", "ne", "lt", "gt", "lte", "gte", "defined", "not_defined"];
const ORDER_ACTIONS: readonly OrderAction[] = ["start", "stop", "promote", "demote"];
const ORDER_KINDS: readonly OrderKind[] = ["Mandatory", "Optional", "Serialize"];

/** The names constraints may refer to. */
export interface Referents {
  resources: ReadonlySet<string>;
  nodes: ReadonlySet<string>;
}

/** Reads the `<constraints>` section and checks its references to resources. */
export function readConstraints(section: XmlElement | undefined, ids: IdIndex, referents: Referents): Constraint[] {
  const out: Constraint[] = [];
  const taken = new Set(ids.keys());
  for (const element of (section?.children ?? []).flatMap((c) => expandResourceSets(c, taken))) {
    const at = where(element);
    switch (element.name) {
      case "rsc_location":
        out.push(location(element, ids, referents));
        break;
      case "rsc_colocation":
        out.push(colocation(element, ids, referents));
        break;
      case "rsc_order":
        out.push(order(element, ids, referents));
        break;
      case "rsc_ticket":
        out.push(ticket(element, ids, referents));
        break;
      default:
        throw new InputError(`unexpected element <${element.name}> in constraints`, at);
    }
  }
  return out;
}

function resourceRef(element: XmlElement, attribute: string, referents: Referents, ids: IdIndex): string {
  const id = requiredAttribute(element, attribute);
  if (ids.get(id)?.name === "tag") throw new Unsupported("tag", where(element));
  if (ids.get(id)?.name === "template") throw new Unsupported("resource template in a constraint", where(element));
  if (!referents.resources.has(id)) throw new InputError(`${attribute} '${id}' names no resource`, where(element));
  return id;
}

function refuse(element: XmlElement, attributes: readonly string[]): void {
  for (const name of attributes) {
    if (element.attributes[name] !== undefined) throw new Unsupported(`${element.name} ${name}`, where(element));
  }
}

function location(element: XmlElement, ids: IdIndex, referents: Referents): LocationConstraint {
  const at = where(element);
  refuse(element, ["rsc-pattern", "score-attribute", "score-attribute-mangle"]);
  const discovery = element.attributes["resource-discovery"];
  if (discovery === "exclusive") throw new Unsupported("resource-discovery=exclusive", at);
  const constraint: LocationConstraint = {
    kind: "location",
    id: requiredAttribute(element, "id"),
    resource: resourceRef(element, "rsc", referents, ids),
  };
  const role = element.attributes["role"];
  if (role !== undefined) constraint.role = parseRole(role, "role", at);
  const node = element.attributes["node"];
  const rules = element.children.filter((child) => child.name === "rule");
  if (node !== undefined) {
    if (rules.length > 0) throw new InputError("a location has either a node or rules, not both", at);
    constraint.node = node;
    constraint.score = parseScore(requiredAttribute(element, "score"), "score", at);
  } else {
    if (rules.length === 0) throw new InputError("a location needs a node and score, or rules", at);
    constraint.rules = rules.map((rule) => locationRule(resolveRef(rule, ids)));
  }
  return constraint;
}

function locationRule(element: XmlElement): LocationRule {
  const at = where(element);
  refuse(element, ["score-attribute", "role"]);
  const booleanOp = element.attributes["boolean-op"] ?? "and";
  if (booleanOp !== "and" && booleanOp !== "or") throw new InputError(`invalid boolean-op '${booleanOp}'`, at);
  const expressions: RuleExpression[] = [];
  for (const child of element.children) {
    if (child.name === "expression") expressions.push(expression(child));
    else if (child.name === "rule") throw new Unsupported("nested rule", where(child));
    else throw new Unsupported(child.name, where(child));
  }
  const score = element.attributes["score"];
  return {
    id: requiredAttribute(element, "id"),
    score: score === undefined ? 0 : parseScore(score, "score", at),
    booleanOp,
    expressions,
  };
}

function expression(element: XmlElement): RuleExpression {
  const at = where(element);
  const valueSource = element.attributes["value-source"];
  if (valueSource !== undefined && valueSource !== "literal") throw new Unsupported(`expression value-source=${valueSource}`, at);
  const operation = requiredAttribute(element, "operation");
  if (!(OPERATIONS as readonly string[]).includes(operation)) throw new InputError(`invalid expression operation '${operation}'`, at);
  const out: RuleExpression = { attribute: requiredAttribute(element, "attribute"), operation: operation as ExpressionOperation };
  const value = element.attributes["value"];
  if (operation !== "defined" && operation !== "not_defined") {
    if (value === undefined) throw new InputError(`expression '${operation}' needs a value`, at);
    out.value = value;
  }
  const type = element.attributes["type"];
  if (type !== undefined) {
    if (type === "string" || type === "version" || type === "integer" || type === "number") out.type = type;
    else throw new InputError(`invalid expression type '${type}'`, at);
  }
  return out;
}

function colocation(element: XmlElement, ids: IdIndex, referents: Referents): ColocationConstraint {
  const at = where(element);
  refuse(element, ["node-attribute", "rsc-instance", "with-rsc-instance"]);
  const influence = element.attributes["influence"];
  if (influence !== undefined && !parseBoolean(influence, "influence", at)) throw new Unsupported("colocation influence=false", at);
  const constraint: ColocationConstraint = {
    kind: "colocation",
    id: requiredAttribute(element, "id"),
    resource: resourceRef(element, "rsc", referents, ids),
    withResource: resourceRef(element, "with-rsc", referents, ids),
    score: parseScore(requiredAttribute(element, "score"), "score", at),
  };
  const role = element.attributes["rsc-role"];
  if (role !== undefined) constraint.role = parseRole(role, "rsc-role", at);
  const withRole = element.attributes["with-rsc-role"];
  if (withRole !== undefined) constraint.withRole = parseRole(withRole, "with-rsc-role", at);
  return constraint;
}

const LOSS_POLICIES: readonly LossPolicy[] = ["stop", "demote", "fence", "freeze"];

function ticket(element: XmlElement, ids: IdIndex, referents: Referents): TicketConstraint {
  const at = where(element);
  const role = element.attributes["rsc-role"];
  if (role !== undefined && parseRole(role, "rsc-role", at) !== "Started") throw new Unsupported(`rsc_ticket rsc-role=${role}`, at);
  const policy = element.attributes["loss-policy"] ?? "stop";
  if (!(LOSS_POLICIES as readonly string[]).includes(policy)) throw new InputError(`invalid loss-policy '${policy}'`, at);
  return {
    kind: "ticket",
    id: requiredAttribute(element, "id"),
    resource: resourceRef(element, "rsc", referents, ids),
    ticket: requiredAttribute(element, "ticket"),
    lossPolicy: policy as LossPolicy,
  };
}

function orderAction(element: XmlElement, name: string, fallback: OrderAction): OrderAction {
  const value = element.attributes[name];
  if (value === undefined) return fallback;
  if (!(ORDER_ACTIONS as readonly string[]).includes(value)) throw new InputError(`invalid ${name} '${value}'`, where(element));
  return value as OrderAction;
}

function order(element: XmlElement, ids: IdIndex, referents: Referents): OrderConstraint {
  const at = where(element);
  refuse(element, ["first-instance", "then-instance"]);
  const requireAll = element.attributes["require-all"];
  if (requireAll !== undefined && !parseBoolean(requireAll, "require-all", at)) throw new Unsupported("rsc_order require-all=false", at);
  const kindValue = element.attributes["kind"];
  const score = element.attributes["score"];
  let orderKind: OrderKind = "Mandatory";
  if (kindValue !== undefined) {
    if (!(ORDER_KINDS as readonly string[]).includes(kindValue)) throw new InputError(`invalid order kind '${kindValue}'`, at);
    orderKind = kindValue as OrderKind;
  } else if (score !== undefined) {
    orderKind = parseScore(score, "score", at) === 0 ? "Optional" : "Mandatory";
  }
  const firstAction = orderAction(element, "first-action", "start");
  const symmetrical = element.attributes["symmetrical"];
  return {
    kind: "order",
    id: requiredAttribute(element, "id"),
    first: resourceRef(element, "first", referents, ids),
    firstAction,
    then: resourceRef(element, "then", referents, ids),
    thenAction: orderAction(element, "then-action", firstAction),
    orderKind,
    symmetrical: symmetrical === undefined ? orderKind !== "Serialize" : parseBoolean(symmetrical, "symmetrical", at),
  };
}
