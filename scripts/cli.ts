/**
 * Shared pieces of the command line: the failure that becomes one line on
 * stderr and an exit code, reading input files safely, and writing output
 * files atomically.
 */
import { closeSync, openSync, readSync, fstatSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { InputError, describeInputError } from "../planner/errors.ts";

/** A failure the command line reports as `plancheck: <message>` with an exit code (2: bad usage or input). */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliFailure";
  }
}

/** The default cap on an input file's size (64 MiB), overridable with --max-input-bytes. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Reads a text input file, refusing one that is missing, a directory, over the size cap, or not UTF-8 text. */
export function readInputFile(path: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(`${path}: ${code === "ENOENT" ? "no such file" : `cannot open (${code})`}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new CliFailure(`${path}: is a directory, not a file`);
    if (stat.size > maxBytes) throw new CliFailure(`${path}: file is ${stat.size} bytes, over the ${maxBytes}-byte limit`);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length > maxBytes) throw new CliFailure(`${path}: file is over the ${maxBytes}-byte limit`);
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) throw new CliFailure(`${path}: binary data, not XML text`);
    return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  } finally {
    closeSync(fd);
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

/** Writes a file atomically: a temporary file beside it, then a rename. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
