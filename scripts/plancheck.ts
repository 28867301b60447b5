#!/usr/bin/env -S npx tsx
/**
 * The plancheck command line: `plancheck <command> [options]`.
 * Bad usage or input prints one line `plancheck: …` and exits 2.
 * Each command's module is loaded only when that command runs.
 */
import { CliFailure } from "./cli.ts";

type Command = (args: string[]) => number | Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  plan: async () => (await import("./commands/plan.ts")).planCommand,
  check: async () => (await import("./commands/check.ts")).checkCommand,
  replay: async () => (await import("./commands/replay.ts")).replayCommand,
  faults: async () => (await import("./commands/faults.ts")).faultsCommand,
  conform: async () => (await import("./commands/conform.ts")).conformCommand,
  diff: async () => (await import("./commands/diff.ts")).diffCommand,
  merge: async () => (await import("./commands/merge.ts")).mergeCommand,
  catalog: async () => (await import("./commands/catalog.ts")).catalogCommand,
};

const USAGE = `usage: plancheck <command> [options]
commands:
  plan FILE.xml [--planner reference] [--faults a,b] [--format summary|json|dot|svg|html] [--max-input-bytes N]
  check [--planner reference] [--faults a,b] [--runs N] [--seed S] [--time-limit SEC] [--property ids]
        [--max-nodes N] [--max-resources N] [--workers N] [--shrink-budget N|none] [--shard I/N] [--fixtures DIR] [--json] [--timings]
        [--out DIR] [--junit FILE] [--quiet]
  merge DIR|FILE... [--fixtures DIR] [--json] [--out DIR] [--junit FILE] [--quiet]
  replay FIXTURE.json [--planner NAME] [--faults a,b] [--max-input-bytes N]
  faults [--runs N] [--seed S] [--only a,b] [--workers N] [--fixtures DIR] [--json] [--out DIR] [--junit FILE] [--quiet]
  conform DIR [--only NAMES] [--json] [--verbose] [--workers N] [--out DIR] [--junit FILE] [--quiet]
  diff [--runs N] [--seed S] [--max-nodes N] [--max-resources N] [--workers N] [--shrink-budget N] [--fixtures DIR] [--json] [--timings] [--quiet]
  catalog [--format md|json]
input files are capped at 64M bytes: --max-input-bytes N or PLANCHECK_MAX_INPUT_BYTES=N (also 512K, 1G)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return command === undefined ? 2 : 0;
  }
  const load = COMMANDS[command];
  if (load === undefined) throw new CliFailure(`unknown command '${command}' (try: plancheck --help)`);
  const run = await load();
  return run(rest);
}

// A reader that stops early (`plancheck replay F | head -1`) closes the pipe:
// what is left to print goes nowhere, and the command still ends with its status.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliFailure) {
    process.stderr.write(`plancheck: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`plancheck: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
