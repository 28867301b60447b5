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
