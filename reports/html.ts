/**
 * Self-contained HTML reports: one file with inline CSS and inline SVG, no
 * scripts, fonts, images or anything else fetched from anywhere. Pure
 * functions from a report's data (and its pre-rendered pictures) to text.
 */
import type { Transition } from "../planner/model.ts";
import { formatSummary } from "../planner/summary.ts";
import { clusterTables, type TextTable } from "./cluster-table.ts";
import { ACTION_KINDS } from "./dot.ts";
import type { Counterexample, ReportDocument, RowStatus, VerdictTable } from "./document.ts";
import { barChartSvg } from "./svg.ts";
import { escapeXml as esc } from "./xml.ts";

const CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #dde2ea; --bg: #ffffff; --panel: #f6f8fb;
  --pass: #1f7a3a; --pass-bg: #e3f4e8; --fail: #b3261e; --fail-bg: #fbe4e2; --skip: #6b6f7a; --skip-bg: #eceef2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1160px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 6px; }
h4 { font-size: 13px; margin: 14px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; margin: 4px 0; white-space: pre-wrap; word-break: break-word; }
.banner { display: flex; align-items: center; gap: 12px; padding: 12px 16px; border-radius: 8px; margin: 12px 0 8px; font-size: 15px; }
.banner.ok { background: var(--pass-bg); color: var(--pass); }
.banner.bad { background: var(--fail-bg); color: var(--fail); }
.banner strong { font-size: 13px; letter-spacing: .06em; padding: 2px 8px; border-radius: 4px; color: #fff; }
.banner.ok strong { background: var(--pass); } .banner.bad strong { background: var(--fail); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td { overflow-wrap: anywhere; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--panel); white-space: nowrap; }
td.first { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; white-space: nowrap; }
table.config th { width: 160px; background: none; border-bottom: 1px solid var(--line); }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill.pass { background: var(--pass-bg); color: var(--pass); } .pill.fail { background: var(--fail-bg); color: var(--fail); }
.pill.skip { background: var(--skip-bg); color: var(--skip); } .pill.error { background: #fff1d6; color: #8a5a00; }
nav ul { margin: 4px 0; padding-left: 20px; }
.cx { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 16px 0 24px; }
.cx .explanation { font-size: 15px; font-weight: 600; margin: 6px 0; padding: 8px 12px; border-left: 4px solid var(--fail); background: var(--fail-bg); border-radius: 0 6px 6px 0; }
.cx .statement { color: var(--muted); margin: 4px 0 8px; }
.cx .meta { color: var(--muted); font-size: 13px; }
.cols { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 20px; }
@media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }
.cols table { font-size: 13px; }
figure { margin: 0; }
.graph { border: 1px solid var(--line); border-radius: 8px; background: #fff; padding: 8px; overflow-x: auto; }
.graph svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { font-size: 12px; color: var(--muted); margin-top: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin-top: 6px; font-size: 12px; color: var(--muted); }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend i { display: inline-block; width: 14px; height: 12px; border-radius: 3px; border: 1px solid #9aa3b2; }
.legend i.pseudo { border-style: dashed; } .legend i.hot { background: #fff; border: 2px solid #d00000; }
details { margin: 6px 0; } summary { cursor: pointer; color: var(--muted); font-weight: 600; }
.chart { max-width: 100%; height: auto; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

function pill(status: RowStatus, text: string): string {
  return `<span class="pill ${status}">${esc(text)}</span>`;
}

function textTable(table: TextTable): string {
  if (table.rows.length === 0) return `<h4>${esc(table.caption)}</h4><p class="meta">none</p>`;
  const head = table.columns.map((c) => `<th>${esc(c)}</th>`).join("");
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${i === 0 && row.length > 1 ? ' class="first"' : ""}>${esc(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<h4>${esc(table.caption)}</h4>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function verdictTable(table: VerdictTable, titled: boolean): string {
  const head = table.columns.map((c) => `<th>${esc(c)}</th>`).join("");
  const body = table.rows
    .map(({ cells, status }) => {
      const tds = cells.map((cell, i) => {
        if (i === 1 && status !== undefined) return `<td>${pill(status, cell)}</td>`;
        return `<td${i === 0 ? ' class="first"' : ""}>${esc(cell)}</td>`;
      });
      return `<tr>${tds.join("")}</tr>`;
    })
    .join("\n");
  return `${titled ? `<h3>${esc(table.caption)}</h3>\n` : ""}<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function legend(highlights: boolean): string {
  const kinds = ACTION_KINDS.map((k) => `<span><i${k.kind === "pseudo" ? ' class="pseudo"' : ""} style="background:${k.fill}"></i>${esc(k.kind)}</span>`);
  if (highlights) kinds.push('<span><i class="hot"></i>named by the violation</span>');
  return `<div class="legend">${kinds.join("")}</div>`;
}

function graphFigure(svg: string, caption: string, highlights: boolean): string {
  return `<figure>\n<div class="graph">\n${svg}\n</div>\n${legend(highlights)}\n<figcaption>${esc(caption)}</figcaption>\n</figure>`;
}

function counterexampleHtml(cx: Counterexample, svg: string): string {
  const size = `${cx.size.nodes} nodes, ${cx.size.resources} resources, ${cx.size.constraints} constraints`;
  const tables = clusterTables(cx.cluster).map(textTable).join("\n");
  const highlighted = [...cx.violation.actions, ...cx.violation.edges.map((e) => `${e.first} → ${e.then}`)];
  return `<section class="cx" id="${esc(cx.anchor)}">
<h3>${esc(cx.title)}</h3>
<p class="explanation">${esc(cx.explanation)}</p>
<p class="statement"><strong>Violated:</strong> ${esc(cx.statement)}</p>
<p class="meta">Caught after ${cx.runsToCatch} cases, shrunk to ${esc(size)}${cx.violation.constraint === undefined ? "" : `; constraint <code>${esc(cx.violation.constraint)}</code>`}.</p>
<div class="cols">
<div>
${tables}
</div>
<div>
<h4>Transition</h4>
${graphFigure(svg, highlighted.length === 0 ? "The transition the planner produced." : `Highlighted in red: ${highlighted.join(", ")}.`, true)}
${summaryBlock(cx.transition)}
</div>
</div>
<details><summary>CIB XML</summary>
<pre>${esc(cx.cib)}</pre>
</details>
<h4>Reproduce</h4>
<p>Fixture <code>${esc(cx.fixture)}</code></p>
<pre>${esc(cx.replay)}</pre>
</section>`;
}

function summaryBlock(transition: Transition): string {
  return `<h4>Transition summary</h4>\n<pre>${esc(formatSummary(transition.summary).trimEnd())}</pre>`;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
<footer>Generated by plancheck. This page is self-contained: it loads nothing from anywhere.</footer>
</main>
</body>
</html>
`;
}

/** The HTML report of a run; `pictures[i]` is the inline SVG of counterexample i's transition. */
export function reportHtml(doc: ReportDocument, pictures: readonly string[]): string {
  const parts: string[] = [];
  parts.push(`<h1>${esc(doc.title)}</h1>`);
  parts.push(`<div class="banner ${doc.ok ? "ok" : "bad"}"><strong>${doc.ok ? "PASS" : "FAIL"}</strong><span>${esc(doc.headline)}</span></div>`);
  if (doc.counterexamples.length > 0) {
    const items = doc.counterexamples.map((cx) => `<li><a href="#${esc(cx.anchor)}">${esc(cx.title)}</a>: ${esc(cx.explanation)}</li>`);
    parts.push(`<nav><h2>Counterexamples</h2>\n<ul>\n${items.join("\n")}\n</ul></nav>`);
  }
  const config = doc.configuration.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("\n");
  parts.push(`<h2>Run</h2>\n<table class="config">\n${config}\n</table>\n<h4>Reproduce this run</h4>\n<pre>${esc(doc.command)}</pre>`);
  parts.push(`<h2>Verdicts</h2>\n${doc.tables.map((t) => verdictTable(t, doc.tables.length > 1)).join("\n")}`);
  parts.push(`<h2>Statistics</h2>\n<p class="meta">${esc(doc.chart.caption)}</p>\n${barChartSvg(doc.chart.bars, doc.chart.caption)}`);
  if (doc.counterexamples.length > 0) {
    parts.push(`<h2>Counterexamples in detail</h2>`);
    doc.counterexamples.forEach((cx, i) => parts.push(counterexampleHtml(cx, pictures[i] ?? "")));
  }
  if (doc.listings.items.length > 0) {
    const items = doc.listings.items.map(
      (item) => `<details><summary>${pill(item.status, item.status === "error" ? "error" : "mismatch")} ${esc(item.title)}</summary>\n<pre>${esc(item.text)}</pre>\n</details>`,
    );
    parts.push(`<h2>${esc(doc.listings.caption)}</h2>\n${items.join("\n")}`);
  }
  return page(doc.title, parts.join("\n\n"));
}

/** One transition as a self-contained page: its picture, legend and Transition Summary. */
export function transitionHtml(title: string, transition: Transition, svg: string): string {
  const counts = `${transition.actions.length} actions, ${transition.edges.length} ordering edges`;
  const body = `<h1>${esc(title)}</h1>
<p class="meta">${esc(counts)}</p>
${graphFigure(svg, "Every action of the transition; an arrow means the first action must complete before the second begins.", false)}
${summaryBlock(transition)}`;
  return page(title, body);
}
