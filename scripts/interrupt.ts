/**
 * Interruption of a long command: the first SIGINT or SIGTERM aborts a
 * signal the command's campaign watches, so the command can write the report
 * of what ran so far and exit with 130 (SIGINT) or 143 (SIGTERM); a second
 * one exits at once with that code.
 */

/** The exit code of a command interrupted by a signal: 128 + the signal's number. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals a command stops on. */
export type StopSignal = keyof typeof EXIT_CODES;

/** A command's watch on SIGINT and SIGTERM. */
export interface Interruption {
  /** Aborted by the first signal. */
  signal: AbortSignal;
  /** The signal received, if any. */
  received(): StopSignal | undefined;
  /** The exit code for the signal received, or `otherwise` when none came. */
  exitCode(otherwise: number): number;
  /** Stops watching. */
  dispose(): void;
}

/** Starts watching SIGINT and SIGTERM for the length of a command. */
export function watchInterruption(): Interruption {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const handlers = (Object.keys(EXIT_CODES) as StopSignal[]).map((name) => {
    const handler = () => {
      if (received !== undefined) process.exit(EXIT_CODES[received]);
      received = name;
      controller.abort();
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return {
    signal: controller.signal,
    received: () => received,
    exitCode: (otherwise) => (received === undefined ? otherwise : EXIT_CODES[received]),
    dispose: () => {
      for (const off of handlers) off();
    },
  };
}
