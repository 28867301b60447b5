/**
 * Input bytes to text: every file plancheck reads (CIB XML, fixture JSON) is
 * UTF-8 text. Anything else is refused with an InputError that says what the
 * bytes look like instead (compressed, UTF-16, binary, another 8-bit
 * encoding) and where, before any parser sees it.
 */
import { InputError } from "./errors.ts";

/** Signatures of compressed formats people feed by mistake (a `cib.xml.bz2` renamed, a `.gz` not unpacked). */
const COMPRESSED: readonly [string, readonly number[]][] = [
  ["gzip", [0x1f, 0x8b]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["zip", [0x50, 0x4b, 0x03, 0x04]],
];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.length <= bytes.length && signature.every((b, i) => bytes[i] === b);
}

/** The 1-based line of byte `offset` (newlines before it, plus one). */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
    else return i;
    let code = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += length;
  }
  return -1;
}

const hex = (b: number): string => `0x${b.toString(16).padStart(2, "0")}`;

/**
 * Decodes input bytes as UTF-8 text; one leading byte-order mark is dropped.
 *
 * @throws InputError (with the line, and the byte where that helps) for
 *   compressed data, UTF-16 or UTF-32 text, NUL bytes, bytes that are not
 *   UTF-8, and a repeated byte-order mark.
 */
export function decodeInput(bytes: Uint8Array): string {
  for (const [format, signature] of COMPRESSED) {
    if (startsWith(bytes, signature)) throw new InputError(`${format}-compressed data, not text: decompress it first`, "byte 1");
  }
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw new InputError("UTF-32 text: plancheck reads UTF-8 only, convert it", "line 1");
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new InputError("UTF-16 text (byte-order mark): plancheck reads UTF-8 only, convert it", "line 1");
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // ASCII in UTF-16 puts a NUL beside every character: "<\0c\0" or "\0<\0c".
    const utf16 = bytes.length >= 4 && ((bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0) || (bytes[0] === 0 && bytes[2] === 0 && bytes[1] !== 0));
    if (utf16) throw new InputError("UTF-16 text (no byte-order mark): plancheck reads UTF-8 only, convert it", "line 1");
    throw new InputError("binary data: NUL byte", `line ${lineOfByte(bytes, nul)}, byte ${nul + 1}`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    throw new InputError(`not UTF-8 text: invalid byte ${hex(bytes[at] ?? 0)}`, `line ${lineOfByte(bytes, at)}, byte ${at + 1}`);
  }
  if (text.charCodeAt(0) === 0xfeff) throw new InputError("a second byte-order mark at the start of the text", "line 1");
  return text;
}

/** The 1-based line and column of character `offset` of `text`. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

/**
 * Parses JSON text, refusing malformed text with an InputError that says
 * what (`what: invalid JSON: reason`) and where (line and column).
 */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    // V8 may quote a snippet of the input: keep the message to one printable line.
    const reason = message
      .replace(/\s*(in JSON )?at position \d+.*$/s, "")
      .replace(/ in JSON$/, "")
      .replace(/[\x00-\x1f\x7f]+/g, " ")
      .slice(0, 120);
    let offset = position === null ? text.length : Number(position[1]);
    // Some messages name the token and quote the text around it instead of a position.
    const quotedInput = /^Unexpected token '([^])', "(?:\.\.\.)?([^]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
    if (position === null && quotedInput !== null) {
      const around = text.indexOf(quotedInput[2] as string);
      const token = text.indexOf(quotedInput[1] as string, Math.max(0, around));
      if (token !== -1) offset = token;
    }
    const where = text.trim() === "" ? "line 1" : lineAndColumn(text, offset);
    throw new InputError(`${what}: invalid JSON: ${reason}`, where);
  }
}
