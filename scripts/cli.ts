/**
 * Shared pieces of the command line: the failure that becomes one line on
 * stderr and an exit code, and reading input files safely (a size cap, UTF-8
 * text only; XML too big for one string parsed chunk by chunk). Output
 * files are written by `reports/write.ts` (atomically).
 */
import { constants, isUtf8 } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { parseXml, parseXmlChunks, type XmlElement } from "../planner/cib/xml.ts";
import { InputError, describeInputError, printable } from "../planner/errors.ts";
import { decodeInput, firstInvalidUtf8 } from "../planner/text.ts";

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

/** Opens an input file for reading, refusing a missing or unopenable one. */
function openInput(path: string): number {
  try {
    return openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "no such file" : `cannot open (${code})`);
  }
}

/** The refusal of a file of `size` bytes (a number, or "more than N" when it has no size) over the cap. */
function overLimit(size: string, maxBytes: number): InputError {
  return new InputError(`file is ${size} bytes, over the ${maxBytes}-byte input limit; raise it with --max-input-bytes or ${MAX_INPUT_BYTES_ENV}`, `byte ${maxBytes + 1}`);
}

/**
 * Reads an input file as UTF-8 text, reading at most `maxBytes` + 1 bytes.
 *
 * @throws InputError for a file that cannot be read (missing, a directory),
 *   is over the cap, or is not UTF-8 text (binary, compressed, UTF-16…).
 */
export function loadInputText(path: string, maxBytes = maxInputBytes()): string {
  const fd = openInput(path);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError("is a directory, not a file");
    if (stat.size > maxBytes) throw overLimit(String(stat.size), maxBytes);
    // Pipes and special files report no size: read in chunks, never past the cap.
    let buffer = Buffer.alloc(Math.min(maxBytes, stat.isFile() ? stat.size : 64 * 1024) + 1);
    let length = 0;
    while (true) {
      if (length === buffer.length) {
        if (length > maxBytes) throw overLimit("more than " + maxBytes, maxBytes);
        const grown = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) throw overLimit("more than " + maxBytes, maxBytes);
    return decodeInput(buffer.subarray(0, length));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** How XML input files are read: those up to `wholeUpTo` bytes as one string, bigger ones decoded and parsed `chunkBytes` at a time. */
export interface XmlReading {
  wholeUpTo: number;
  chunkBytes: number;
}

/**
 * Files that fit in V8's longest string (2^29 − 24 characters: a UTF-8 file
 * decodes to at most one character per byte) are read whole, as always;
 * bigger ones, which cannot be, 16 MiB at a time.
 */
export const DEFAULT_XML_READING: XmlReading = { wholeUpTo: constants.MAX_STRING_LENGTH, chunkBytes: 16 * 1024 * 1024 };

/** A file's size in bytes; 0 when it reports none (a pipe) or cannot be examined (reading it then says why). */
function reportedSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Reads an XML input file into its element tree: with {@link loadInputText}
 * and parseXml, or, for a file over `reading.wholeUpTo` bytes, decoded and
 * parsed chunk by chunk with parseXmlChunks. The size cap applies first.
 *
 * @throws InputError as loadInputText and parseXml do (for a big file, text
 *   that is not UTF-8 is refused with the byte where it stops being UTF-8).
 */
export function loadInputXml(path: string, maxBytes = maxInputBytes(), reading = DEFAULT_XML_READING): XmlElement {
  if (reportedSize(path) <= reading.wholeUpTo) return parseXml(loadInputText(path, maxBytes));
  const fd = openInput(path);
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) throw overLimit(String(size), maxBytes);
    return parseXmlChunks(() => decodedChunks(fd, maxBytes, reading.chunkBytes));
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of an open input file from its start, read `chunkBytes` at a time
 * (never past `maxBytes`) and decoded as UTF-8, a leading byte-order mark
 * dropped. A character cut by the end of a chunk is decoded with the next.
 *
 * @throws InputError for a read error, bytes over the cap, bytes that are
 *   not UTF-8 (with the byte where) and a second byte-order mark.
 */
function* decodedChunks(fd: number, maxBytes: number, chunkBytes: number): Generator<string> {
  const buffer = Buffer.alloc(chunkBytes + 3);
  /** The file offset of the first byte in `buffer`. */
  let offset = 0;
  /** Bytes at the start of `buffer` that begin a character the last chunk cut. */
  let held = 0;
  while (true) {
    const read = readInputChunk(fd, buffer.subarray(held, held + chunkBytes), offset + held);
    if (read === 0) break;
    const length = held + read;
    if (offset + length > maxBytes) throw overLimit("more than " + maxBytes, maxBytes);
    const whole = length - cutCharacterBytes(buffer.subarray(0, length));
    const text = decodeUtf8(buffer.subarray(0, whole), offset);
    yield offset === 0 ? withoutByteOrderMark(text) : text;
    buffer.copy(buffer, 0, whole, length);
    held = length - whole;
    offset += whole;
  }
  if (held > 0) throw new InputError("not UTF-8 text: the input ends inside a character", `byte ${offset + 1}`);
}

/** Reads the bytes of an input file from byte `offset` on into `buffer`; how many (0 at the end). */
function readInputChunk(fd: number, buffer: Buffer, offset: number): number {
  try {
    return readSync(fd, buffer, 0, buffer.length, offset);
  } catch (error) {
    throw new InputError(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** How many bytes at the end of `bytes` begin a character they do not finish (0 to 3). */
function cutCharacterBytes(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? back : 0;
  }
  return 0;
}

/** Decodes bytes that start at byte `offset` of the file as UTF-8, refusing any that are not, with which and where. */
function decodeUtf8(bytes: Buffer, offset: number): string {
  if (!isUtf8(bytes)) {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    throw new InputError(`not UTF-8 text: invalid byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, "0")}`, `byte ${offset + at + 1}`);
  }
  return bytes.toString("utf8");
}

/** The text at the start of a file without its byte-order mark; a second one is refused. */
function withoutByteOrderMark(text: string): string {
  const rest = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (rest.charCodeAt(0) === 0xfeff) throw new InputError("a second byte-order mark at the start of the text", "line 1");
  return rest;
}

/** Runs `step`, turning a typed input error into `plancheck: FILE: what is wrong (where)`. */
function blamingFile<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof InputError) throw new CliFailure(`${path}: ${describeInputError(error)}`);
    throw error;
  }
}

/** Reads an input file's text; what is wrong with it becomes `plancheck: FILE: what (where)`. */
export function readInputFile(path: string, maxBytes?: number): string {
  return blamingFile(path, () => loadInputText(path, maxBytes));
}

/** Runs `parse` on a file's text, turning a typed input error into `plancheck: FILE: what is wrong (where)`. */
export function parseInputFile<T>(path: string, parse: (text: string) => T, maxBytes?: number): T {
  const text = readInputFile(path, maxBytes);
  return blamingFile(path, () => parse(text));
}

/**
 * Runs `read` on an XML file's element tree (see {@link loadInputXml}, which
 * also reads files too big for one string), turning a typed input error into
 * `plancheck: FILE: what is wrong (where)`.
 */
export function parseXmlInputFile<T>(path: string, read: (root: XmlElement) => T, maxBytes?: number, reading?: XmlReading): T {
  return blamingFile(path, () => read(loadInputXml(path, maxBytes, reading)));
}
