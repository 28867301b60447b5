/**
 * Transition Summary lines in crm_simulate's style: formatting a
 * {@link SummaryLine} and reading one back from crm_simulate's text output.
 * Comparison is on whitespace-normalised text, so column padding is free.
 */
import type { SummaryLine, SummaryVerb } from "./model.ts";

const VERBS: readonly SummaryVerb[] = [
  "Start",
  "Stop",
  "Move",
  "Migrate",
  "Restart",
  "Recover",
  "Promote",
  "Demote",
  "Fence",
];

/** Formats one summary line as crm_simulate prints it, e.g. `  * Migrate    lustre     ( n3 -> n4 )`. */
export function formatSummaryLine(line: SummaryLine): string {
  const verb = line.verb.padEnd(10);
  if (line.verb === "Fence") {
    return `  * Fence (${line.fenceType ?? "reboot"}) ${line.subject} '${line.reason ?? "node is unclean"}'`;
  }
  const where =
    line.from !== undefined && line.to !== undefined && line.from !== line.to
      ? `( ${line.from} -> ${line.to} )`
      : `( ${line.to ?? line.from ?? ""} )`;
  const reason = line.reason === undefined ? "" : `  due to ${line.reason}`;
  return `  * ${verb} ${line.subject.padEnd(10)} ${where}${reason}`;
}

/** Formats a whole summary block: the heading and one line per change. */
export function formatSummary(lines: readonly SummaryLine[]): string {
  return ["Transition Summary:", ...lines.map(formatSummaryLine)].join("\n") + "\n";
}

/** Collapses runs of white space and trims: the form summary lines are compared in. */
export function normaliseSummaryText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Reads one summary line (`* Move rsc ( a -> b )`, `* Fence (reboot) n2 'reason'`,
 * `* Restart mgs ( n1 ) due to required lustre start`). Returns undefined for
 * a line that is not a change line of a known verb.
 */
export function parseSummaryLine(text: string): SummaryLine | undefined {
  const line = normaliseSummaryText(text);
  const fence = /^\* Fence \((\w+)\) (\S+)(?: \(resource: [^)]*\))? '(.*)'$/.exec(line);
  if (fence) return { verb: "Fence", subject: fence[2]!, fenceType: fence[1]!, reason: fence[3]! };
  const change = /^\* (\w+) (\S+) \( (\S+)(?: -> (\S+))? \)(?: due to (.*))?$/.exec(line);
  if (!change) return undefined;
  const verb = change[1] as SummaryVerb;
  if (!VERBS.includes(verb)) return undefined;
  const parsed: SummaryLine = { verb, subject: change[2]! };
  const first = change[3]!;
  const second = change[4];
  if (second !== undefined) {
    parsed.from = first;
    parsed.to = second;
  } else if (verb === "Start") {
    parsed.to = first;
  } else {
    parsed.from = first;
  }
  if (change[5] !== undefined) parsed.reason = change[5];
  return parsed;
}

/** Extracts the change lines under `Transition Summary:` from crm_simulate's text output. */
export function summaryLinesOf(output: string): string[] {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => l.trim() === "Transition Summary:");
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === "") break;
    if (/^\s+\*/.test(l)) out.push(l);
  }
  return out;
}
