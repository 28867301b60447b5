/**
 * Progress of a long run on a terminal: one line on stderr, rewritten in
 * place with `\r` (cases done, cases per second, violations so far), and
 * cleared at the end. Silent when the stream is not a TTY or when disabled
 * (--quiet, --json), so logs and pipes never see it.
 */

/** Where progress goes: stderr, or anything shaped like it. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress line that can be updated and finally cleared. */
export interface Progress {
  /** Reports `cases` done in total and `violations` so far, under a label (the command, or the fault being run). */
  update(label: string, cases: number, violations: number): void;
  /** Clears the line. */
  done(): void;
}

/** The text of one progress line. */
function progressLine(label: string, cases: number, seconds: number, violations: number, unit = "cases"): string {
  const rate = seconds > 0 ? Math.round(cases / seconds) : 0;
  return `${label}: ${cases} ${unit}, ${rate} ${unit}/s, ${violations} violation${violations === 1 ? "" : "s"} so far`;
}

const MIN_INTERVAL_MS = 100;

/** A progress line on `stream`, or a silent one when `enabled` is false or the stream is not a TTY. */
export function progressReporter(stream: ProgressStream, enabled: boolean, unit = "cases"): Progress {
  if (!enabled || stream.isTTY !== true) return { update() {}, done() {} };
  const started = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(label, cases, violations) {
      const now = performance.now();
      if (now - last < MIN_INTERVAL_MS) return;
      last = now;
      shown = true;
      stream.write(`\r${progressLine(label, cases, (now - started) / 1000, violations, unit)}\x1b[K`);
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
