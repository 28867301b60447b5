/**
 * Test helper, run in a fresh process: reads one CIB file with readCib and
 * prints, as JSON, how long the read took, the process's peak resident set
 * size and the error message (if refused). Used to bound the time and memory
 * a hostile input (a billion-laughs file) costs.
 *
 * Usage: node --import tsx tests/read-probe.ts FILE
 */
import { readFileSync } from "node:fs";
import { readCib } from "../planner/cib/read.ts";

const text = readFileSync(process.argv[2] as string, "utf8");
const started = performance.now();
let message = "";
try {
  readCib(text);
} catch (error) {
  message = (error as Error).message;
}
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, message }) + "\n");
