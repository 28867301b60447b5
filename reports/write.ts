/**
 * Writing reports to disk: every file atomically (a temporary file beside it,
 * then a rename), and a run's report as `index.html` plus `summary.md` with
 * the transition pictures rendered by Graphviz at write time.
 */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { threadId } from "node:worker_threads";
import { transitionToDot } from "./dot.ts";
import type { ReportDocument } from "./document.ts";
import { reportHtml } from "./html.ts";
import { reportMarkdown } from "./markdown.ts";
import { dotToSvg } from "./svg.ts";

/** A temporary name beside `path`, unique per process, thread and call (workers share the pid). */
function temporaryBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Writes a file atomically, creating its folder if needed: the content goes
 * to a temporary file beside it, which is then renamed over it, so a reader
 * sees the old file or the new one, never a part. The temporary file is
 * removed if anything fails.
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryBeside(path);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Creates a file atomically unless one of that name exists: the content goes
 * to a temporary file that is then hard-linked to `path` (which fails, rather
 * than replaces, when `path` exists, even if another process created it a
 * moment ago). Returns `written`, or for an existing file whether it holds
 * the `same` content or a `different` one (left as it is).
 */
export function writeFileExclusive(path: string, content: string): "written" | "same" | "different" {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporaryBeside(path);
  try {
    writeFileSync(temporary, content);
    linkSync(temporary, path);
    return "written";
  } catch (error) {
    let code = (error as NodeJS.ErrnoException).code;
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP") {
      // No hard links on this file system: an exclusive create (not atomic, still never a replacement).
      try {
        writeFileSync(path, content, { flag: "wx" });
        return "written";
      } catch (fallback) {
        code = (fallback as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") throw fallback;
      }
    }
    if (code !== "EEXIST") throw error;
    return readFileSync(path, "utf8") === content ? "same" : "different";
  } finally {
    rmSync(temporary, { force: true });
  }
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
