/**
 * A small, safe XML reader for CIB documents, built on saxes.
 *
 * It produces a tree of elements (name, attributes, element children and the
 * line where the element starts) and nothing else: text, comments, CDATA and
 * processing instructions carry no meaning in a CIB and are dropped.
 *
 * Safety: a DOCTYPE (internal subset or external SYSTEM/PUBLIC identifier) is
 * refused as soon as the parser reaches its end, before any content is read,
 * so no entity is ever defined, let alone expanded (a "billion laughs" file is
 * refused in microseconds). Entity references other than the five predefined
 * XML entities and character references are refused too.
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

/** Maps saxes' messages to plancheck's wording, where a clearer one exists. */
function explainSaxesMessage(message: string): string {
  if (message.startsWith("undefined entity")) {
    return "entity reference is not allowed (only the five predefined XML entities and character references are)";
  }
  if (message.startsWith("disallowed character")) return "not XML: disallowed character (binary input?)";
  if (message.startsWith("document must contain a root element")) return "not XML: no root element";
  if (message.startsWith("unclosed tag")) return `truncated document: ${message.replace(/\.$/, "")}`;
  return `not XML: ${message.replace(/\.$/, "")}`;
}

/**
 * Parses an XML document into an element tree.
 *
 * @throws InputError("DOCTYPE is not allowed", "line N") for any DOCTYPE, and
 *   InputError(..., "line N") for empty, truncated, binary or otherwise
 *   malformed input and for entity references other than the predefined ones.
 */
export function parseXml(text: string): XmlElement {
  if (text.trim() === "") throw new InputError("not XML: empty input", "line 1");
  const simple = parsePlainXml(text);
  if (simple !== undefined) return simple;
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;

  parser.on("doctype", () => {
    throw new InputError("DOCTYPE is not allowed", `line ${parser.line}`);
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
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = error instanceof Error ? error.message.replace(/^\d+:\d+: /, "") : String(error);
    throw new InputError(explainSaxesMessage(message), `line ${parser.line}`);
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
