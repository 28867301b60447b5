/**
 * A small, safe XML reader for CIB documents, built on saxes.
 *
 * It produces a tree of elements (name, attributes, element children and the
 * line where the element starts) and nothing else: text, comments, CDATA and
 * processing instructions carry no meaning in a CIB and are dropped.
 *
 * Safety: a DOCTYPE (internal subset or external SYSTEM/PUBLIC identifier) is
 * refused as soon as it is seen in the prolog, before anything else is parsed,
 * so no entity is ever defined, let alone expanded, and nothing is fetched (a
 * "billion laughs" file is refused in microseconds); the message says what the
 * DOCTYPE held. Entity references other than the five predefined XML entities
 * and character references are refused too. Errors name the line, and for a
 * truncated document the element left open.
 */
import { SaxesParser } from "saxes";
import { InputError } from "../errors.ts";

/** One XML element: its name, attributes, element children, and its first line. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The 1-based line of the start tag (where its name ends). */
  line: number;
}

/** Deeper nesting than this is refused (a CIB is about ten levels deep). */
const MAX_DEPTH = 200;

/** The 1-based line of character `offset` of `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** A literal from the input made safe to quote in a one-line message: printable, at most 60 characters. */
function quoted(literal: string): string {
  const clean = literal.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 60 ? `${clean.slice(0, 57)}...` : clean;
}

/** Items that may precede a DOCTYPE: whitespace, the XML declaration and other processing instructions, comments. */
const PROLOG_ITEM = /\s+|<\?[^]*?\?>|<!--[^]*?-->/y;

/**
 * Refuses a DOCTYPE in the prolog without parsing it: says how many entities
 * and parameter entities it declares and the first external reference it
 * names, none of which is ever expanded or fetched.
 */
function refuseDoctype(text: string): void {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    PROLOG_ITEM.lastIndex = pos;
    if (!PROLOG_ITEM.test(text)) break;
    pos = PROLOG_ITEM.lastIndex;
  }
  if (!text.startsWith("<!DOCTYPE", pos)) return;
  throw doctypeError(text, pos);
}

function doctypeError(text: string, start: number): InputError {
  // The declaration ends at the first `]>` (internal subset) or, without one, the first `>`.
  const close = /\]\s*>/g;
  close.lastIndex = start;
  const bracket = text.indexOf("[", start);
  const plainEnd = text.indexOf(">", start);
  const end = bracket !== -1 && (plainEnd === -1 || bracket < plainEnd) ? (close.exec(text)?.index ?? text.length) : plainEnd === -1 ? text.length : plainEnd;
  const doctype = text.slice(start, end);
  const entities = doctype.match(/<!ENTITY\s+(?!%)/g)?.length ?? 0;
  const parameters = doctype.match(/<!ENTITY\s+%/g)?.length ?? 0;
  const reference = /\b(?:SYSTEM\s*("[^"]*"|'[^']*')|PUBLIC\s*("[^"]*"|'[^']*')(?:\s*("[^"]*"|'[^']*'))?)/.exec(doctype);
  const unexpanded: string[] = [];
  if (entities > 0) unexpanded.push(`${entities} ${entities === 1 ? "entity" : "entities"}`);
  if (parameters > 0) unexpanded.push(`${parameters} parameter ${parameters === 1 ? "entity" : "entities"}`);
  const refused: string[] = [];
  if (unexpanded.length > 0) refused.push(`expanding its ${unexpanded.join(" and ")}`);
  if (reference !== null) {
    const literal = (reference[1] ?? reference[3] ?? reference[2] ?? "").slice(1, -1);
    refused.push(`reading its external reference '${quoted(literal)}'`);
  }
  const message = refused.length === 0 ? "DOCTYPE is not allowed" : `DOCTYPE is not allowed: refused without ${refused.join(" or ")}`;
  return new InputError(message, `line ${lineAt(text, start)}`);
}

/** The first character XML does not allow (a control character, a lone surrogate, U+FFFE/U+FFFF), if any. */
const DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Maps saxes' messages to plancheck's wording, where a clearer one exists. */
function explainSaxesMessage(message: string, text: string, position: number): string {
  if (message.startsWith("undefined entity") || message.startsWith("disallowed character in entity name")) {
    const amp = text.lastIndexOf("&", Math.max(0, position - 1));
    const name = amp === -1 ? "" : (/^&([^;\s<>"']{0,40})/.exec(text.slice(amp))?.[1] ?? "");
    return `entity reference '&${quoted(name)};' is not allowed: only the five predefined XML entities and character references are`;
  }
  if (message.startsWith("document must contain a root element")) return "not XML: no root element";
  if (message.startsWith("malformed character entity")) {
    const amp = text.lastIndexOf("&#", Math.max(0, position - 1));
    const reference = amp === -1 ? "" : (/^&#[^;\s<>"']{0,12};?/.exec(text.slice(amp, amp + 16))?.[0] ?? "");
    return `not XML: character reference '${quoted(reference)}' is not an XML character`;
  }
  return `not XML: ${message.replace(/\.$/, "")}`;
}

/**
 * Describes a document that ends too early, from the elements still open:
 * inside a comment, a CDATA section or a tag, or with elements unclosed.
 */
function truncation(text: string, open: XmlElement | undefined): { message: string; where: string } {
  const end = `line ${lineAt(text, text.length)}`;
  const comment = text.lastIndexOf("<!--");
  if (comment !== -1 && text.indexOf("-->", comment + 4) === -1) {
    return { message: "truncated document: a comment is never closed", where: `line ${lineAt(text, comment)}` };
  }
  const cdata = text.lastIndexOf("<![CDATA[");
  if (cdata !== -1 && text.indexOf("]]>", cdata) === -1) {
    return { message: "truncated document: a CDATA section is never closed", where: `line ${lineAt(text, cdata)}` };
  }
  const lastOpen = text.lastIndexOf("<");
  if (lastOpen !== -1 && text.indexOf(">", lastOpen) === -1) {
    const name = /^<\/?([^\s/>]*)/.exec(text.slice(lastOpen, lastOpen + 100))?.[1] ?? "";
    const tag = name === "" ? "an unfinished tag" : `the tag <${quoted(name)}`;
    return { message: `truncated document: the input ends inside ${tag}`, where: `line ${lineAt(text, lastOpen)}` };
  }
  if (open === undefined) return { message: "truncated document", where: end };
  const id = open.attributes["id"];
  return {
    message: `truncated document: the input ends at ${end} with <${open.name}> still open`,
    where: id === undefined ? `${open.name}, line ${open.line}` : `${open.name} id=${id}, line ${open.line}`,
  };
}

/**
 * Parses an XML document into an element tree.
 *
 * @throws InputError("DOCTYPE is not allowed…", "line N") for any DOCTYPE, and
 *   InputError(..., "line N") for empty, truncated, binary or otherwise
 *   malformed input and for entity references other than the predefined ones.
 */
export function parseXml(text: string): XmlElement {
  if (text.trim() === "") throw new InputError("not XML: empty input", "line 1");
  const simple = parsePlainXml(text);
  if (simple !== undefined) return simple;
  refuseDoctype(text);
  const bad = DISALLOWED.exec(text);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
    throw new InputError(`not XML: character U+${code} is not allowed in XML (binary data?)`, `line ${lineAt(text, bad.index)}`);
  }
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;

  parser.on("doctype", () => {
    // Not reached for a DOCTYPE in the prolog (refused above); kept as a backstop.
    throw doctypeError(text, Math.max(0, text.lastIndexOf("<!DOCTYPE", parser.position)));
  });
  parser.on("opentagstart", () => {
    startLine = parser.line;
  });
  parser.on("opentag", (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], line: startLine };
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = element;
    else parent.children.push(element);
    if (!tag.isSelfClosing) {
      if (stack.length >= MAX_DEPTH) throw new InputError(`elements nested deeper than ${MAX_DEPTH} levels`, `line ${startLine}`);
      stack.push(element);
    }
  });
  /** The element the last close tag closed (saxes closes the open element before it reports a mismatch). */
  let closed: XmlElement | undefined;
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) closed = stack.pop();
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = error instanceof Error ? error.message.replace(/^\d+:\d+: /, "") : String(error);
    if (message.startsWith("unclosed tag") || message.startsWith("unexpected end")) {
      const { message: what, where } = truncation(text, stack[stack.length - 1]);
      throw new InputError(what, where);
    }
    if (message.startsWith("unexpected close tag") || message.startsWith("unmatched closing tag")) {
      const slash = text.lastIndexOf("</", Math.max(0, parser.position - 1));
      const name = quoted(/^<\/([^\s>]{0,60})/.exec(text.slice(slash, slash + 64))?.[1] ?? "");
      const open = message.startsWith("unexpected") ? closed : undefined;
      const detail = open === undefined ? `</${name}> closes no open element` : `</${name}> does not close <${open.name}> from line ${open.line}`;
      throw new InputError(`not XML: ${detail}`, `line ${parser.line}`);
    }
    throw new InputError(explainSaxesMessage(message, text, parser.position), `line ${parser.line}`);
  }
  if (root === undefined) throw new InputError("not XML: no root element", `line ${parser.line}`);
  return root;
}

/** Characters outside the plain subset: controls (CR included), surrogates, U+FFFE/U+FFFF. */
const NOT_PLAIN = /[^\t\n\x20-\uD7FF\uE000-\uFFFD]/;
/** The XML declarations the plain subset allows. */
const PLAIN_DECLARATION = /^<\?xml version="1\.0"(?: encoding="(?:UTF-8|utf-8)")?(?: standalone="(?:yes|no)")?\?>/;
/** Characters of a name in the plain subset (ASCII letters, digits, `_`, `-`, `.`; the first a letter or `_`). */
const NAME_START = /[A-Za-z_]/y;
const NAME_REST = /[A-Za-z0-9_.-]*/y;

/**
 * The fast path of {@link parseXml}: the plain subset of XML that CIBs keep
 * to (an optional plain XML declaration; elements and double- or
 * single-quoted attributes with ASCII names; values without `&`, `<`, tabs
 * or newlines; whitespace between tags; no comments, CDATA, processing
 * instructions, DOCTYPE, carriage returns or control characters). It builds
 * the very tree saxes would, lines included, and returns undefined as soon
 * as the text leaves the subset or is not well-formed, so that saxes
 * decides everything else, errors included.
 */
function parsePlainXml(text: string): XmlElement | undefined {
  if (NOT_PLAIN.test(text)) return undefined;
  const length = text.length;
  let pos = 0;
  const declaration = PLAIN_DECLARATION.exec(text);
  if (declaration !== null) pos = declaration[0].length;
  let line = 1;
  let counted = 0;
  /** The 1-based line of the character at `at` (positions only grow). */
  const lineAt = (at: number): number => {
    for (let nl = text.indexOf("\n", counted); nl !== -1 && nl < at; nl = text.indexOf("\n", nl + 1)) line++;
    counted = at;
    return line;
  };
  const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x09;
  const name = (): string | undefined => {
    NAME_START.lastIndex = pos;
    if (!NAME_START.test(text)) return undefined;
    NAME_REST.lastIndex = pos + 1;
    NAME_REST.test(text);
    const found = text.slice(pos, NAME_REST.lastIndex);
    pos = NAME_REST.lastIndex;
    return found;
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (true) {
    while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
    if (pos >= length) break;
    if (text.charCodeAt(pos) !== 0x3c /* < */) return undefined;
    pos++;
    const next = text.charCodeAt(pos);
    if (next === 0x2f /* / */) {
      pos++;
      const closing = name();
      const open = stack.pop();
      if (closing === undefined || open === undefined || open.name !== closing) return undefined;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== 0x3e /* > */) return undefined;
      pos++;
      continue;
    }
    if (root !== undefined && stack.length === 0) return undefined;
    const tag = name();
    if (tag === undefined || pos >= length) return undefined;
    const element: XmlElement = { name: tag, attributes: {}, children: [], line: lineAt(pos + 1) };
    let selfClosing = false;
    while (true) {
      const before = pos;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      const code = text.charCodeAt(pos);
      if (code === 0x3e /* > */) {
        pos++;
        break;
      }
      if (code === 0x2f /* / */) {
        if (text.charCodeAt(pos + 1) !== 0x3e) return undefined;
        pos += 2;
        selfClosing = true;
        break;
      }
      if (pos === before) return undefined;
      const attribute = name();
      if (attribute === undefined || attribute === "__proto__" || Object.hasOwn(element.attributes, attribute)) return undefined;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== 0x3d /* = */) return undefined;
      pos++;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return undefined;
      const end = text.indexOf(quote, pos + 1);
      if (end === -1) return undefined;
      const value = text.slice(pos + 1, end);
      if (/[&<\t\n]/.test(value)) return undefined;
      element.attributes[attribute] = value;
      pos = end + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = element;
    else parent.children.push(element);
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) return undefined;
      stack.push(element);
    }
  }
  return root !== undefined && stack.length === 0 ? root : undefined;
}

/** The child elements of `element` named `name`, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first child element of `element` named `name`, if any. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** Every element of the subtree rooted at `element` (itself included), depth first. */
export function descendants(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const pending: XmlElement[] = [element];
  while (pending.length > 0) {
    const next = pending.pop() as XmlElement;
    out.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) pending.push(next.children[i] as XmlElement);
  }
  return out;
}
