#!/usr/bin/env -S npx tsx
/**
 * The plancheck command line: `plancheck <command> [options]`.
 * Bad usage or input prints one line `plancheck: …` and exits 2.
 */
import { CliFailure } from "./cli.ts";
import { checkCommand } from "./commands/check.ts";
import { conformCommand } from "./commands/conform.ts";
import { faultsCommand } from "./commands/faults.ts";
import { planCommand } from "./commands/plan.ts";
import { replayCommand } from "./commands/replay.ts";

const COMMANDS: Record<string, (args: string[]) => number | Promise<number>> = {
  plan: planCommand,
  check: checkCommand,
  replay: replayCommand,
  faults: faultsCommand,
  conform: conformCommand,
};

const USAGE = `usage: plancheck <command> [options]
commands:
  plan FILE.xml [--planner reference] [--faults a,b] [--format summary|json|dot]
  check [--planner reference] [--faults a,b] [--runs N] [--seed S] [--time-limit SEC] [--property ids]
        [--max-nodes N] [--max-resources N] [--fixtures DIR] [--json] [--timings]
  replay FIXTURE.json [--planner NAME] [--faults a,b]
  faults [--runs N] [--seed S] [--only a,b] [--fixtures DIR] [--json]
  conform DIR [--only NAMES] [--json] [--verbose]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) throw new CliFailure(`unknown command '${command}' (try: plancheck --help)`);
  return run(rest);
}

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
