/**
 * How a location constraint scores a node: its rules and their expressions,
 * compared as Pacemaker Explained describes (by type: string, integer,
 * number, version) and as the corpus's rule-* tests show. Shared by the
 * reference planner, the generators' statistics and the diff notes.
 */
import type { ClusterNode, LocationConstraint, LocationRule, RuleExpression } from "./model.ts";
import { addScores } from "./model.ts";

/** The leading integer of a value, as Pacemaker reads an integer (`3.6` is 3), or undefined when it starts with none. */
function leadingInteger(value: string): number | undefined {
  const m = /^\s*[+-]?\d+/.exec(value);
  return m === null ? undefined : Number(m[0]);
}

/** The leading number of a value (`2.5GB` is 2.5), or undefined when it starts with none. */
function leadingNumber(value: string): number | undefined {
  const m = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(value);
  return m === null ? undefined : Number(m[0]);
}

function compareValues(a: string, b: string, type: RuleExpression["type"]): number {
  const parse = type === "integer" ? leadingInteger : type === "number" ? leadingNumber : undefined;
  if (parse !== undefined) {
    const [x, y] = [parse(a), parse(b)];
    // A value that does not parse makes it a string comparison, as in Pacemaker.
    if (x !== undefined && y !== undefined) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const numeric = type === undefined && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b);
  if (numeric) return Number(a) - Number(b);
  if (type === "version") {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function expressionHolds(e: RuleExpression, node: ClusterNode): boolean {
  const actual = e.attribute === "#uname" ? node.name : e.attribute === "#id" ? node.id : node.attributes[e.attribute];
  if (e.operation === "defined") return actual !== undefined;
  if (e.operation === "not_defined") return actual === undefined;
  if (actual === undefined || e.value === undefined) return e.operation === "ne";
  const c = compareValues(actual, e.value, e.type);
  switch (e.operation) {
    case "eq":
      return c === 0;
    case "ne":
      return c !== 0;
    case "lt":
      return c < 0;
    case "gt":
      return c > 0;
    case "lte":
      return c <= 0;
    case "gte":
      return c >= 0;
  }
}

/** Whether a location rule applies to a node. */
export function ruleHolds(rule: LocationRule, node: ClusterNode): boolean {
  if (rule.expressions.length === 0) return true;
  return rule.booleanOp === "or"
    ? rule.expressions.some((e) => expressionHolds(e, node))
    : rule.expressions.every((e) => expressionHolds(e, node));
}

/** The score a location constraint gives a node, or undefined when it says nothing about it. */
export function locationScoreOn(constraint: LocationConstraint, node: ClusterNode): number | undefined {
  if (constraint.rules !== undefined) {
    let total: number | undefined;
    for (const rule of constraint.rules) {
      if (ruleHolds(rule, node)) total = addScores(total ?? 0, rule.score);
    }
    return total;
  }
  return constraint.node === node.name ? (constraint.score ?? 0) : undefined;
}
