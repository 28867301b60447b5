/**
 * The Markdown summary of a run (`summary.md` beside `index.html`): the same
 * content as the HTML report, readable as plain text and rendered by code
 * review tools; the transition as DOT source instead of a picture.
 */
import { formatSummary } from "../planner/summary.ts";
import { clusterTables, type TextTable } from "./cluster-table.ts";
import { transitionToDot } from "./dot.ts";
import type { Counterexample, ReportDocument, VerdictTable } from "./document.ts";

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
}

/** A Markdown pipe table. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(columns), `|${columns.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fenced(text: string, language = ""): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.trimEnd()}\n${fence}`;
}

const MARK = { pass: "✅", fail: "❌", skip: "⏭️", error: "⚠️" } as const;

function verdicts(table: VerdictTable): string {
  const rows = table.rows.map(({ cells, status }) => cells.map((c, i) => (i === 1 && status !== undefined ? `${MARK[status]} ${c}` : c)));
  return `### ${table.caption}\n\n${markdownTable(table.columns, rows)}`;
}

function textTable(table: TextTable): string {
  return table.rows.length === 0 ? `**${table.caption}**: none` : `**${table.caption}**\n\n${markdownTable(table.columns, table.rows)}`;
}

function bar(value: number, total: number): string {
  const share = total === 0 ? 0 : Math.min(1, value / total);
  const width = Math.round(share * 20);
  return `${"█".repeat(width)}${"░".repeat(20 - width)} ${(100 * share).toFixed(1)}%`;
}

function counterexample(cx: Counterexample): string {
  const size = `${cx.size.nodes} nodes, ${cx.size.resources} resources, ${cx.size.constraints} constraints`;
  const highlight = { actions: cx.violation.actions, edges: cx.violation.edges };
  return [
    `### ${cx.title}`,
    "",
    `> **${cx.explanation}**`,
    "",
    `Violated: ${cx.statement}`,
    "",
    `Caught after ${cx.runsToCatch} cases, shrunk to ${size}.`,
    "",
    ...clusterTables(cx.cluster).flatMap((t) => [textTable(t), ""]),
    fenced(formatSummary(cx.transition.summary)),
    "",
    "<details><summary>Transition (DOT; the violation's actions and edges in red)</summary>",
    "",
    fenced(transitionToDot(cx.transition, highlight), "dot"),
    "",
    "</details>",
    "",
    "<details><summary>CIB XML</summary>",
    "",
    fenced(cx.cib, "xml"),
    "",
    "</details>",
    "",
    `Fixture \`${cx.fixture}\`; replay with:`,
    "",
    fenced(cx.replay, "sh"),
  ].join("\n");
}

/** The Markdown summary of a run. */
export function reportMarkdown(doc: ReportDocument): string {
  const out = [
    `# ${doc.title}`,
    "",
    `**${doc.ok ? "PASS" : "FAIL"}**: ${doc.headline}`,
    "",
    "## Run",
    "",
    markdownTable(["setting", "value"], doc.configuration),
    "",
    "Reproduce this run:",
    "",
    fenced(doc.command, "sh"),
    "",
    "## Verdicts",
    "",
    ...doc.tables.flatMap((t) => [verdicts(t), ""]),
    "## Statistics",
    "",
    doc.chart.caption,
    "",
    markdownTable(
      ["", "count", "share"],
      doc.chart.bars.map((b) => [b.label, `${b.value} of ${b.total}`, bar(b.value, b.total)]),
    ),
    "",
  ];
  if (doc.counterexamples.length > 0) {
    out.push("## Counterexamples", "");
    for (const cx of doc.counterexamples) out.push(counterexample(cx), "");
  }
  if (doc.listings.items.length > 0) {
    out.push(`## ${doc.listings.caption}`, "");
    for (const item of doc.listings.items) out.push(`<details><summary>${MARK[item.status]} ${cell(item.title)}</summary>`, "", fenced(item.text, "diff"), "", "</details>", "");
  }
  return out.join("\n").trimEnd() + "\n";
}
