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
 * truncated document the element left open. A document too big for one
 * string (V8's limit is 512 MiB) is parsed in chunks by {@link parseXmlChunks}.
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

/**
 * The text a failure is explained from: the whole document, or, for a
 * document parsed in chunks, the chunk saxes was reading (earlier chunks are
 * gone, so what lies in them is described more plainly).
 */
interface Excerpt {
  text: string;
  /** The document offset (in characters) of the excerpt's first character. */
  start: number;
  /** The 1-based document line of the excerpt's first character. */
  line: number;
}

/** The 1-based document line of character `offset` of the excerpt. */
function excerptLine(excerpt: Excerpt, offset: number): number {
  return excerpt.line + lineAt(excerpt.text, offset) - 1;
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
  return new InputError(doctypeMessage(text.slice(start, end)), `line ${lineAt(text, start)}`);
}

/** Why a DOCTYPE declaration is refused: the entities and parameter entities it declares and the first external reference it names. */
function doctypeMessage(doctype: string): string {
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
  return refused.length === 0 ? "DOCTYPE is not allowed" : `DOCTYPE is not allowed: refused without ${refused.join(" or ")}`;
}

/** The first character XML does not allow (a control character, a lone surrogate, U+FFFE/U+FFFF), if any. */
const DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses the first character of the excerpt that XML does not allow, naming it and its line. */
function refuseDisallowed(excerpt: Excerpt): void {
  const bad = DISALLOWED.exec(excerpt.text);
  if (bad === null) return;
  const code = (bad[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
  throw new InputError(`not XML: character U+${code} is not allowed in XML (binary data?)`, `line ${excerptLine(excerpt, bad.index)}`);
}

/** Maps saxes' messages to plancheck's wording, where a clearer one exists. */
function explainSaxesMessage(message: string, text: string, position: number): string {
  if (message.startsWith("undefined entity") || message.startsWith("disallowed character in entity name")) {
    const amp = text.lastIndexOf("&", Math.max(0, position - 1));
    const name = amp === -1 ? "" : (/^&([^;\s<>"']{0,40})/.exec(text.slice(amp))?.[1] ?? "");
    const reference = name === "" ? "an entity reference" : `entity reference '&${quoted(name)};'`;
    return `${reference} is not allowed: only the five predefined XML entities and character references are`;
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
 * Describes a document that ends too early, from the end of its text and the
 * element still open: inside a comment, a CDATA section or a tag, or with
 * elements unclosed.
 */
function truncation(excerpt: Excerpt, open: XmlElement | undefined): { message: string; where: string } {
  const { text } = excerpt;
  const end = `line ${excerptLine(excerpt, text.length)}`;
  const comment = text.lastIndexOf("<!--");
  if (comment !== -1 && text.indexOf("-->", comment + 4) === -1) {
    return { message: "truncated document: a comment is never closed", where: `line ${excerptLine(excerpt, comment)}` };
  }
  const cdata = text.lastIndexOf("<![CDATA[");
  if (cdata !== -1 && text.indexOf("]]>", cdata) === -1) {
    return { message: "truncated document: a CDATA section is never closed", where: `line ${excerptLine(excerpt, cdata)}` };
  }
  const lastOpen = text.lastIndexOf("<");
  if (lastOpen !== -1 && text.indexOf(">", lastOpen) === -1) {
    const name = /^<\/?([^\s/>]*)/.exec(text.slice(lastOpen, lastOpen + 100))?.[1] ?? "";
    const tag = name === "" ? "an unfinished tag" : `the tag <${quoted(name)}`;
    return { message: `truncated document: the input ends inside ${tag}`, where: `line ${excerptLine(excerpt, lastOpen)}` };
  }
  if (open === undefined) return { message: "truncated document", where: end };
  const id = open.attributes["id"];
  return {
    message: `truncated document: the input ends at ${end} with <${open.name}> still open`,
    where: id === undefined ? `${open.name}, line ${open.line}` : `${open.name} id=${id}, line ${open.line}`,
  };
}

/** A document's element tree as saxes builds it. */
interface Tree {
  root?: XmlElement;
  /** The elements still open, outermost first. */
  open: XmlElement[];
  /** The element the last close tag closed (saxes closes the open element before it reports a mismatch). */
  closed?: XmlElement;
}

/**
 * A saxes parser that builds `tree` as it reads, refusing nesting deeper than
 * {@link MAX_DEPTH} and any DOCTYPE as soon as its declaration ends (in a
 * whole text, a backstop for one {@link refuseDoctype} did not see first).
 */
function treeParser(tree: Tree): SaxesParser {
  const parser = new SaxesParser({ position: true });
  let startLine = 1;
  parser.on("doctype", (doctype) => {
    const declaration = `<!DOCTYPE${doctype}>`;
    throw new InputError(doctypeMessage(declaration), `line ${parser.line - lineAt(declaration, declaration.length) + 1}`);
  });
  parser.on("opentagstart", () => {
    startLine = parser.line;
  });
  parser.on("opentag", (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], line: startLine };
    const parent = tree.open[tree.open.length - 1];
    if (parent === undefined) tree.root = element;
    else parent.children.push(element);
    if (!tag.isSelfClosing) {
      if (tree.open.length >= MAX_DEPTH) throw new InputError(`elements nested deeper than ${MAX_DEPTH} levels`, `line ${startLine}`);
      tree.open.push(element);
    }
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) tree.closed = tree.open.pop();
  });
  return parser;
}

/** The InputError for what saxes (or one of its handlers) threw while reading `excerpt`. */
function parseFailure(error: unknown, excerpt: Excerpt, parser: SaxesParser, tree: Tree): InputError {
  if (error instanceof InputError) return error;
  const message = error instanceof Error ? error.message.replace(/^\d+:\d+: /, "") : String(error);
  if (message.startsWith("unclosed tag") || message.startsWith("unexpected end")) {
    const { message: what, where } = truncation(excerpt, tree.open[tree.open.length - 1]);
    return new InputError(what, where);
  }
  const position = parser.position - excerpt.start;
  if (message.startsWith("unexpected close tag") || message.startsWith("unmatched closing tag")) {
    const slash = excerpt.text.lastIndexOf("</", Math.max(0, position - 1));
    const name = slash === -1 ? undefined : /^<\/([^\s>]{1,60})/.exec(excerpt.text.slice(slash, slash + 64))?.[1];
    const tag = name === undefined ? "a close tag" : `</${quoted(name)}>`;
    const open = message.startsWith("unexpected") ? tree.closed : undefined;
    const detail = open === undefined ? `${tag} closes no open element` : `${tag} does not close <${open.name}> from line ${open.line}`;
    return new InputError(`not XML: ${detail}`, `line ${parser.line}`);
  }
  return new InputError(explainSaxesMessage(message, excerpt.text, position), `line ${parser.line}`);
}

/** The root element saxes built, refusing a document that has none. */
function rootOf(tree: Tree, parser: SaxesParser): XmlElement {
  if (tree.root === undefined) throw new InputError("not XML: no root element", `line ${parser.line}`);
  return tree.root;
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
  const document: Excerpt = { text, start: 0, line: 1 };
  refuseDisallowed(document);
  const tree: Tree = { open: [] };
  const parser = treeParser(tree);
  try {
    parser.write(text).close();
  } catch (error) {
    throw parseFailure(error, document, parser, tree);
  }
  return rootOf(tree, parser);
}

/**
 * Parses an XML document given as successive pieces of its text, for one too
 * big for a single string: the same tree as {@link parseXml}, with the same
 * refusals (a DOCTYPE, as saxes reports it and before any of its entities
 * could be used; characters XML does not allow; deep nesting; entity
 * references other than the predefined ones). `read` yields the pieces; it
 * is called a second time when the text leaves the plain subset, to read it
 * again with saxes. A piece may end anywhere, even between the halves of a
 * surrogate pair. Failures are explained from the piece being read, so where
 * a construct began in an earlier piece the message is plainer.
 *
 * @throws InputError(..., "line N") as parseXml does; what iterating the
 *   pieces throws passes through.
 */
export function parseXmlChunks(read: () => Iterable<string>): XmlElement {
  return parsePlainChunks(read()) ?? parseSaxesChunks(read());
}

/** {@link parseXmlChunks} by saxes, for any document, errors included. */
function parseSaxesChunks(chunks: Iterable<string>): XmlElement {
  const tree: Tree = { open: [] };
  const parser = treeParser(tree);
  let excerpt: Excerpt = { text: "", start: 0, line: 1 };
  let blank = true;
  /** A high surrogate that ended the last chunk, held back until its low half comes. */
  let carried = "";
  try {
    for (const chunk of chunks) {
      const text = carried + chunk;
      carried = (text.charCodeAt(text.length - 1) & 0xfc00) === 0xd800 ? text.slice(-1) : "";
      excerpt = { text: carried === "" ? text : text.slice(0, -1), start: parser.position, line: parser.line };
      refuseDisallowed(excerpt);
      blank &&= excerpt.text.trim() === "";
      parser.write(excerpt.text);
    }
    if (carried !== "") refuseDisallowed({ text: carried, start: parser.position, line: parser.line });
    if (blank) throw new InputError("not XML: empty input", "line 1");
    parser.close();
  } catch (error) {
    throw parseFailure(error, excerpt, parser, tree);
  }
  return rootOf(tree, parser);
}

/** Characters outside the plain subset: controls (CR included), surrogates, U+FFFE/U+FFFF. */
const NOT_PLAIN = /[^\t\n\x20-\uD7FF\uE000-\uFFFD]/;
/** The XML declarations the plain subset allows. */
const PLAIN_DECLARATION = /^<\?xml version="1\.0"(?: encoding="(?:UTF-8|utf-8)")?(?: standalone="(?:yes|no)")?\?>/;
/** Characters of a name in the plain subset (ASCII letters, digits, `_`, `-`, `.`; the first a letter or `_`). */
const NAME_START = /[A-Za-z_]/y;
const NAME_REST = /[A-Za-z0-9_.-]*/y;

/**
 * The fast path of {@link parseXml} and {@link parseXmlChunks}: the plain
 * subset of XML that CIBs keep to (an optional plain XML declaration;
 * elements and double- or single-quoted attributes with ASCII names; values
 * without `&`, `<`, tabs or newlines; whitespace between tags; no comments,
 * CDATA, processing instructions, DOCTYPE, carriage returns or control
 * characters). It builds the very tree saxes would, lines included, and
 * returns undefined as soon as the text leaves the subset or is not
 * well-formed, so that saxes decides everything else, errors included.
 */
function parsePlainXml(text: string): XmlElement | undefined {
  const state: PlainState = { open: [], line: 1 };
  return parsePlainPart(text, plainStart(text), state) ? plainRoot(state) : undefined;
}

/** Where the elements of a plain document start: after its XML declaration, if it has one. */
function plainStart(text: string): number {
  return PLAIN_DECLARATION.exec(text)?.[0].length ?? 0;
}

/** What {@link parsePlainPart} has built of a document so far. */
interface PlainState {
  root?: XmlElement;
  /** The elements still open, outermost first. */
  open: XmlElement[];
  /** The line the next part starts on. */
  line: number;
}

/** The root of a plain document parsed to its end, or undefined when it has none or leaves elements open. */
function plainRoot(state: PlainState): XmlElement | undefined {
  return state.root !== undefined && state.open.length === 0 ? state.root : undefined;
}

/**
 * Parses the next part of a document in the plain subset into `state`, from
 * character `start` of `text`: whole tags and the whitespace between them
 * (the part may end between any two tags). False when it leaves the subset
 * or is not well-formed.
 */
function parsePlainPart(text: string, start: number, state: PlainState): boolean {
  if (NOT_PLAIN.test(text)) return false;
  const length = text.length;
  let pos = start;
  let line = state.line;
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
  const stack = state.open;
  let root = state.root;
  while (true) {
    while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
    if (pos >= length) break;
    if (text.charCodeAt(pos) !== 0x3c /* < */) return false;
    pos++;
    const next = text.charCodeAt(pos);
    if (next === 0x2f /* / */) {
      pos++;
      const closing = name();
      const open = stack.pop();
      if (closing === undefined || open === undefined || open.name !== closing) return false;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== 0x3e /* > */) return false;
      pos++;
      continue;
    }
    if (root !== undefined && stack.length === 0) return false;
    const tag = name();
    if (tag === undefined || pos >= length) return false;
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
        if (text.charCodeAt(pos + 1) !== 0x3e) return false;
        pos += 2;
        selfClosing = true;
        break;
      }
      if (pos === before) return false;
      const attribute = name();
      if (attribute === undefined || attribute === "__proto__" || Object.hasOwn(element.attributes, attribute)) return false;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== 0x3d /* = */) return false;
      pos++;
      while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return false;
      const end = text.indexOf(quote, pos + 1);
      if (end === -1) return false;
      const value = text.slice(pos + 1, end);
      if (/[&<\t\n]/.test(value)) return false;
      element.attributes[attribute] = value;
      pos = end + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = element;
    else parent.children.push(element);
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) return false;
      stack.push(element);
    }
  }
  state.root = root;
  state.line = lineAt(length);
  return true;
}

/** The most text {@link parsePlainChunks} holds while it waits for a `<` (64 Mi characters). */
const LONGEST_PLAIN_HOLD = 1 << 26;

/**
 * {@link parsePlainXml} for a document given in chunks, cut into parts at the
 * last `<` of each chunk (a tag in the plain subset holds no other `<`, so
 * every part ends between tags); undefined as soon as a part leaves the subset.
 */
function parsePlainChunks(chunks: Iterable<string>): XmlElement | undefined {
  const state: PlainState = { open: [], line: 1 };
  /** The text from the last `<` on, parsed with the next chunk. */
  let rest = "";
  let start: number | undefined;
  for (const chunk of chunks) {
    const text = rest + chunk;
    const cut = text.lastIndexOf("<");
    if (cut <= 0) {
      // No tag ends in this text yet: hold it, but leave a run longer than any plain tag to saxes.
      if (text.length > LONGEST_PLAIN_HOLD) return undefined;
      rest = text;
      continue;
    }
    const part = text.slice(0, cut);
    rest = text.slice(cut);
    start ??= plainStart(part);
    if (!parsePlainPart(part, start, state)) return undefined;
    start = 0;
  }
  return parsePlainPart(rest, start ?? plainStart(rest), state) ? plainRoot(state) : undefined;
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
