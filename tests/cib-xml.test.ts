import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../planner/errors.ts";
import { childNamed, childrenNamed, descendants, parseXml } from "../planner/cib/xml.ts";

/** The InputError a parse throws, as `message (where)`. */
function failure(text: string): string {
  try {
    parseXml(text);
  } catch (error) {
    assert.instance(error, InputError);
    const e = error as InputError;
    return `${e.message} (${e.where})`;
  }
  throw new Error("expected an InputError");
}

test("elements, attributes, entities and lines", () => {
  const root = parseXml(`<?xml version="1.0"?>\n<!-- c -->\n<a x="1 &lt; 2 &amp;&#65;">\n  <b y='q'/>\n  <c><![CDATA[ignored]]><b/></c>\n</a>\n`);
  assert.is(root.name, "a");
  assert.equal(root.attributes, { x: "1 < 2 &A" });
  assert.is(root.line, 3);
  assert.equal(childrenNamed(root, "b").map((b) => [b.attributes["y"], b.line]), [["q", 4]]);
  assert.is(childNamed(root, "c")?.children.length, 1);
  assert.equal(descendants(root).map((e) => e.name), ["a", "b", "c", "b"]);
});

test("empty, not XML, truncated and binary input are refused with the line", () => {
  assert.is(failure(""), "not XML: empty input (line 1)");
  assert.is(failure("  \n "), "not XML: empty input (line 1)");
  assert.is(failure("hello"), "not XML: text data outside of root node (line 1)");
  assert.is(failure("<cib>\n<configuration>\n"), "truncated document: the input ends at line 3 with <configuration> still open (configuration, line 2)");
  assert.is(failure('<cib>\n<nodes id="x">'), "truncated document: the input ends at line 2 with <nodes> still open (nodes id=x, line 2)");
  assert.is(failure('<cib>\n<nodes id="x'), "truncated document: the input ends inside the tag <nodes (line 2)");
  assert.is(failure("<cib>\n<"), "truncated document: the input ends inside an unfinished tag (line 2)");
  assert.is(failure("<cib>\n<!-- a\n<nodes/>\n</cib>"), "truncated document: a comment is never closed (line 2)");
  assert.is(failure("<cib>\n</nodes>"), "not XML: </nodes> does not close <cib> from line 1 (line 2)");
  assert.is(failure("\u0000\u0001\u0002\u0003"), "not XML: character U+0000 is not allowed in XML (binary data?) (line 1)");
  assert.is(failure("<cib>\n<a x='\u0007'/></cib>"), "not XML: character U+0007 is not allowed in XML (binary data?) (line 2)");
  assert.is(failure("<cib>\n<a x='&#1;'/></cib>"), "not XML: character reference '&#1;' is not an XML character (line 2)");
  assert.is(failure("<a/><b/>"), "not XML: documents may contain only one root (line 1)");
});

test("DOCTYPE is refused, internal subset or external identifier", () => {
  assert.is(failure(`<!DOCTYPE cib SYSTEM "file:///etc/passwd">\n<cib/>`), "DOCTYPE is not allowed: refused without reading its external reference 'file:///etc/passwd' (line 1)");
  assert.is(failure(`<!DOCTYPE cib PUBLIC "-//x//y" "http://example.com/x.dtd"><cib/>`), "DOCTYPE is not allowed: refused without reading its external reference 'http://example.com/x.dtd' (line 1)");
  assert.is(failure(`<!DOCTYPE cib PUBLIC "-//x//y"><cib/>`), "DOCTYPE is not allowed: refused without reading its external reference '-//x//y' (line 1)");
  assert.is(failure(`<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE cib [\n<!ENTITY x "y">\n]>\n<cib>&x;</cib>`), "DOCTYPE is not allowed: refused without expanding its 1 entity (line 3)");
  assert.is(failure(`<!DOCTYPE cib [\n<!ENTITY % p SYSTEM "http://e.example/p.dtd">\n%p;\n]><cib/>`), "DOCTYPE is not allowed: refused without expanding its 1 parameter entity or reading its external reference 'http://e.example/p.dtd' (line 1)");
  assert.is(failure(`<!DOCTYPE cib>\n<cib/>`), "DOCTYPE is not allowed (line 1)");
  // Truncated inside the DOCTYPE: refused all the same, nothing parsed.
  assert.is(failure(`<!DOCTYPE cib [\n<!ENTITY a "`), "DOCTYPE is not allowed: refused without expanding its 1 entity (line 1)");
  // A DOCTYPE after the root element is not well-formed; it is refused too.
  assert.match(failure(`<cib/>\n<!DOCTYPE cib>`), /^(DOCTYPE is not allowed|not XML)/);
});

test("entity references other than the predefined ones are refused", () => {
  assert.is(
    failure(`<cib>\n<nodes a="&ext;"/></cib>`),
    "entity reference '&ext;' is not allowed: only the five predefined XML entities and character references are (line 2)",
  );
});

test("a billion-laughs file is refused in milliseconds without growing memory", () => {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?>\n<!DOCTYPE cib [\n${levels.join("\n")}\n]>\n<cib>&lol9;</cib>`;
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  assert.is(failure(bomb), "DOCTYPE is not allowed: refused without expanding its 10 entities (line 2)");
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 50, `took ${elapsed} ms`);
  assert.ok(process.memoryUsage().heapUsed - before < 20_000_000);
});

test("absurd nesting is refused", () => {
  assert.is(failure("<a>".repeat(500)), "elements nested deeper than 200 levels (line 1)");
});

test.run();
