/**
 * `plancheck plan FILE.xml [--planner NAME] [--faults a,b] [--format summary|json|dot|svg|html] [--max-input-bytes N]`:
 * plans one CIB and prints the Transition Summary, the transition as JSON, its
 * graph as DOT or as an SVG picture, or a self-contained HTML page with the
 * picture and the summary.
 */
import { parseArgs } from "node:util";
import { readCibElement } from "../../planner/cib/read.ts";
import { PlannerError, type Transition } from "../../planner/model.ts";
import { planCibFile } from "../../planner/pacemaker/planner.ts";
import { formatSummary } from "../../planner/summary.ts";
import { transitionToDot } from "../../reports/dot.ts";
import { transitionHtml } from "../../reports/html.ts";
import { dotToSvg } from "../../reports/svg.ts";
import { CliFailure, maxInputBytes, parseXmlInputFile } from "../cli.ts";
import { pacemakerOptions, parseFaults, plannerNamed } from "../planners.ts";

const FORMATS = ["summary", "json", "dot", "svg", "html"] as const;

/** Runs `plancheck plan`; returns the exit code. */
export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      planner: { type: "string", default: "reference" },
      faults: { type: "string" },
      format: { type: "string", default: "summary" },
      "max-input-bytes": { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new CliFailure("usage: plancheck plan FILE.xml [--format summary|json|dot|svg|html]");
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliFailure(`unknown format '${values.format}' (known: ${FORMATS.join(", ")})`);
  const file = positionals[0]!;
  const maxBytes = maxInputBytes(values["max-input-bytes"]);
  const planner = plannerNamed(values.planner!, parseFaults(values.faults));
  const cluster = parseXmlInputFile(file, readCibElement, maxBytes);
  const transition = planWithDiagnostics(file, () =>
    planner.name === "pacemaker" ? planCibFile(file, pacemakerOptions()) : planner.plan(cluster),
  );
  if (format === "summary") process.stdout.write(formatSummary(transition.summary));
  else if (format === "json") process.stdout.write(JSON.stringify(transition, null, 2) + "\n");
  else if (format === "dot") process.stdout.write(transitionToDot(transition));
  else {
    const [svg] = await dotToSvg([transitionToDot(transition)]);
    process.stdout.write(format === "svg" ? `${svg!}\n` : transitionHtml(`plancheck plan ${file} (planner ${planner.name})`, transition, svg!));
  }
  return 0;
}

/** Runs a planner, turning a planner failure into one line and exit code 3. */
function planWithDiagnostics(file: string, plan: () => Transition): Transition {
  try {
    return plan();
  } catch (error) {
    if (error instanceof PlannerError) {
      const tail = error.stderrTail ? `: ${error.stderrTail.trim().split("\n").slice(-1)[0]}` : "";
      throw new CliFailure(`${file}: planner failed: ${error.message}${tail}`, 3);
    }
    throw error;
  }
}
