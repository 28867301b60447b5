/**
 * Shared pieces of the command line: the failure that becomes one line on
 * stderr and an exit code, and reading input files safely (a size cap, UTF-8
 * text only). Output files are written by `reports/write.ts` (atomically).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError, describeInputError, printable } from "../planner/errors.ts";
import { decodeInput } from "../planner/text.ts";

/** A failure the command line reports as `plancheck: <message>` (one line) with an exit code (2: bad usage or input). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(printable(message));
    this.name = "CliFailure";
  }
}

/** The default cap on an input file's size (64 MiB). */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** The environment variable that sets the cap when no `--max-input-bytes` is given. */
export const MAX_INPUT_BYTES_ENV = "PLANCHECK_MAX_INPUT_BYTES";

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Parses a byte count such as `1048576`, `512K`, `64M` or `1G` (binary units); undefined when malformed. */
export function parseByteCount(text: string): number | undefined {
  const match = /^\s*(\d+)\s*([kmg]?)i?b?\s*$/i.exec(text);
  if (match === null) return undefined;
  const bytes = Number(match[1]) * (UNITS[(match[2] as string).toLowerCase()] as number);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/**
 * The cap on an input file's size: the `--max-input-bytes` option when given,
 * else `PLANCHECK_MAX_INPUT_BYTES`, else {@link DEFAULT_MAX_INPUT_BYTES}.
 */
export function maxInputBytes(option?: string, env: NodeJS.ProcessEnv = process.env): number {
  for (const [name, value] of [["--max-input-bytes", option], [MAX_INPUT_BYTES_ENV, env[MAX_INPUT_BYTES_ENV]]] as const) {
    if (value === undefined || (name === MAX_INPUT_BYTES_ENV && value === "")) continue;
    const bytes = parseByteCount(value);
    if (bytes === undefined) throw new CliFailure(`invalid ${name} '${value}': a positive number of bytes, e.g. 1048576, 512K or 64M`);
    return bytes;
  }
  return DEFAULT_MAX_INPUT_BYTES;
}

/**
 * Reads an input file as UTF-8 text, reading at most `maxBytes` + 1 bytes.
 *
 * @throws InputError for a file that cannot be read (missing, a directory),
 *   is over the cap, or is not UTF-8 text (binary, compressed, UTF-16…).
 */
export function loadInputText(path: string, maxBytes = maxInputBytes()): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "no such file" : `cannot open (${code})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError("is a directory, not a file");
    const tooBig = (size: string): InputError =>
      new InputError(`file is ${size} bytes, over the ${maxBytes}-byte input limit; raise it with --max-input-bytes or ${MAX_INPUT_BYTES_ENV}`, `byte ${maxBytes + 1}`);
    if (stat.size > maxBytes) throw tooBig(String(stat.size));
    // Pipes and special files report no size: read in chunks, never past the cap.
    let buffer = Buffer.alloc(Math.min(maxBytes, stat.isFile() ? stat.size : 64 * 1024) + 1);
    let length = 0;
    while (true) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooBig("more than " + maxBytes);
        const grown = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) throw tooBig("more than " + maxBytes);
    return decodeInput(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** Reads an input file's text; what is wrong with it becomes `plancheck: FILE: what (where)`. */
export function readInputFile(path: string, maxBytes?: number): string {
  try {
    return loadInputText(path, maxBytes);
  } catch (error) {
    if (error instanceof InputError) throw new CliFailure(`${path}: ${describeInputError(error)}`);
    throw error;
  }
}

/** Runs `parse` on a file's text, turning a typed input error into `plancheck: FILE: what is wrong (where)`. */
export function parseInputFile<T>(path: string, parse: (text: string) => T, maxBytes?: number): T {
  const text = readInputFile(path, maxBytes);
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof InputError) throw new CliFailure(`${path}: ${describeInputError(error)}`);
    throw error;
  }
}
