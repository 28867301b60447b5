import { test } from "uvu";
import * as assert from "uvu/assert";
import { INFINITY, actionId, addScores, clampScore } from "../planner/model.ts";

test("score addition saturates and -INFINITY wins", () => {
  assert.is(addScores(INFINITY, -INFINITY), -INFINITY);
  assert.is(addScores(-INFINITY, INFINITY), -INFINITY);
  assert.is(addScores(INFINITY, 5), INFINITY);
  assert.is(addScores(999_999, 5), INFINITY);
  assert.is(addScores(-999_999, -5), -INFINITY);
  assert.is(addScores(100, -30), 70);
  assert.is(clampScore(2_000_000), INFINITY);
});

test("action ids name task, resource and node", () => {
  assert.is(actionId("start", "mgs", "n1"), "start:mgs@n1");
  assert.is(actionId("start", "lustre"), "start:lustre");
  assert.is(actionId("fence", undefined, "n2"), "fence@n2");
});

test.run();
