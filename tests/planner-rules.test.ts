/**
 * How location rule expressions (planner/rules.ts) compare a node attribute
 * with their value, per expression type, as the corpus's rule-* tests show
 * Pacemaker does.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { ClusterNode, RuleExpression } from "../planner/model.ts";
import { ruleHolds } from "../planner/rules.ts";

const node = (value: string): ClusterNode => ({ name: "n1", id: "1", membership: "online", standby: false, maintenance: false, attributes: { v: value } });

/** Whether `actual OPERATION value` holds on a node whose attribute v is `actual`. */
function holds(actual: string, operation: RuleExpression["operation"], value: string, type?: RuleExpression["type"]): boolean {
  const expression: RuleExpression = { attribute: "v", operation, value, ...(type === undefined ? {} : { type }) };
  return ruleHolds({ id: "r", score: 1, booleanOp: "and", expressions: [expression] }, node(actual));
}

test("integer: each value's leading integer (3.4 and 3.6 are both 3)", () => {
  assert.is(holds("3.4", "eq", "3.6", "integer"), true);
  assert.is(holds("3.4", "lt", "3.6", "integer"), false);
  assert.is(holds("10", "gt", "9", "integer"), true);
});

test("number: each value's leading number, so 3.4 < 3.6 and 10 > 9", () => {
  assert.is(holds("3.4", "eq", "3.6", "number"), false);
  assert.is(holds("3.4", "lt", "3.6", "number"), true);
  assert.is(holds("10", "gt", "9", "number"), true);
  assert.is(holds("2.5GB", "gt", "2", "number"), true);
});

test("integer or number that does not parse: a string comparison ('as2' > 'as10')", () => {
  assert.is(holds("as2", "gt", "as10", "integer"), true);
  assert.is(holds("as2.0", "gt", "as10.0", "number"), true);
  assert.is(holds("2", "gt", "as10", "integer"), false);
});

test("no type: numbers when both values look numeric, strings otherwise", () => {
  assert.is(holds("10", "gt", "9"), true);
  assert.is(holds("a10", "gt", "a9"), false);
  assert.is(holds("1.2.10", "gt", "1.2.9", "version"), true);
});

test.run();
