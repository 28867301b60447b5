/**
 * Writing reports to disk: every file atomically (a temporary file beside it,
 * then a rename), and a run's report as `index.html` plus `summary.md` with
 * the transition pictures rendered by Graphviz at write time.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { transitionToDot } from "./dot.ts";
import type { ReportDocument } from "./document.ts";
import { reportHtml } from "./html.ts";
import { reportMarkdown } from "./markdown.ts";
import { dotToSvg } from "./svg.ts";

/** Writes a file atomically, creating its folder if needed. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/** Writes `dir/index.html` and `dir/summary.md` for a run; returns their paths. */
export async function writeReport(dir: string, doc: ReportDocument): Promise<{ html: string; markdown: string }> {
  const pictures = await dotToSvg(
    doc.counterexamples.map((cx) => transitionToDot(cx.transition, { actions: cx.violation.actions, edges: cx.violation.edges })),
  );
  const html = join(dir, "index.html");
  const markdown = join(dir, "summary.md");
  writeFileAtomic(html, reportHtml(doc, pictures));
  writeFileAtomic(markdown, reportMarkdown(doc));
  return { html, markdown };
}
