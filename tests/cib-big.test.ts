/**
 * The chunked XML path for files too big for one string (parseXmlChunks, and
 * loadInputXml above its threshold), tried with tiny chunks: the same tree as
 * parseXml, and the same refusals, whatever the chunk boundaries cut.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseXml, parseXmlChunks, type XmlElement } from "../planner/cib/xml.ts";
import { InputError } from "../planner/errors.ts";
import { CliFailure, loadInputXml, parseXmlInputFile } from "../scripts/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "plancheck-cib-big-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` to a file of the temporary directory; its path. */
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `text` cut into pieces of `size` UTF-16 code units (which may split a surrogate pair). */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Reads a file the chunked way, `chunkBytes` bytes at a time. */
function chunked(path: string, chunkBytes: number, maxBytes = 1 << 20): XmlElement {
  return loadInputXml(path, maxBytes, { wholeUpTo: 0, chunkBytes });
}

/** The InputError `parse` throws, as `message (where)`. */
function failure(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    assert.instance(error, InputError);
    const e = error as InputError;
    return `${e.message} (${e.where})`;
  }
  throw new Error("expected an InputError");
}

const DOCUMENTS: Record<string, string> = {
  // The plain subset the fast paths read: characters of 2 and 3 bytes in attributes, `>` in a value.
  plain: `<?xml version="1.0" encoding="UTF-8"?>\n<cib epoch="1" admin="José">\n  <configuration>\n    <nodes>\n      <node id="1" uname="nœud-€"/>\n      <node id='2' uname="a > b"/>\n    </nodes>\n  </configuration>\n  <status/>\n</cib>\n`,
  // What saxes reads: comments, CDATA, entities, character references, CRLF line ends, a processing instruction, 4-byte characters.
  general: `\uFEFF<?xml version="1.0"?>\r\n<!-- ä comment -->\r\n<cib a="1 &lt; 2 &amp;&#65;&#x1D11E;" b='€'>\r\n  <?pi data?>\r\n  <c><![CDATA[ignored ü]]><d e="\t𝄞"/></c>\r\n</cib>\r\n`,
};

test("the chunked path builds parseXml's tree, whatever the chunk boundaries cut", () => {
  for (const [name, text] of Object.entries(DOCUMENTS)) {
    const expected = parseXml(text);
    const path = file(`${name}.xml`, text);
    const bytes = Buffer.byteLength(text);
    // Every chunk size, from one byte (a boundary inside every tag, attribute and multi-byte character) to the whole file.
    for (let size = 1; size <= bytes; size++) assert.equal(chunked(path, size), expected, `${name}, ${size}-byte chunks`);
    for (let size = 1; size <= text.length; size++) assert.equal(parseXmlChunks(() => pieces(text, size)), expected, `${name}, ${size}-character pieces`);
  }
});

test("a plain document is read once, by the fast path; any other is read again by saxes", () => {
  for (const [name, reads] of [["plain", 1], ["general", 2]] as const) {
    const text = DOCUMENTS[name] as string;
    for (const size of [1, 5, 64]) {
      let calls = 0;
      const tree = parseXmlChunks(() => {
        calls++;
        return [...pieces(text, size), ""];
      });
      assert.equal(tree, parseXml(text));
      assert.is(calls, reads, `${name}, ${size}-character pieces`);
    }
  }
});

test("a file at or below the threshold is read whole, one above it in chunks, with the same tree", () => {
  const path = file("cib.xml", DOCUMENTS.plain as string);
  const bytes = Buffer.byteLength(DOCUMENTS.plain as string);
  assert.equal(loadInputXml(path, 1 << 20, { wholeUpTo: bytes, chunkBytes: 5 }), loadInputXml(path, 1 << 20, { wholeUpTo: bytes - 1, chunkBytes: 5 }));
  assert.equal(parseXmlInputFile(path, (root) => root.children.length, undefined, { wholeUpTo: 0, chunkBytes: 3 }), 2);
});

/** Malformed documents, each refused by parseXml with a `line N` InputError. */
const MALFORMED = [
  "  \n ",
  "hello",
  "<cib>\n<configuration>\n",
  '<cib>\n<nodes id="x">',
  '<cib>\n<nodes id="x',
  "<cib>\n<",
  "<cib>\n<!-- a\n<nodes/>\n</cib>",
  "<cib>\n</nodes>",
  "\u0000\u0001\u0002\u0003",
  "<cib>\n<a x='\u0007'/></cib>",
  "<cib>\n<a x='\uD800'/></cib>",
  "<cib>\n<a x='&#1;'/></cib>",
  "<cib>\n<nodes a=\"&ext;\"/></cib>",
  "<a/><b/>",
  "<a>".repeat(500),
  `<!DOCTYPE cib SYSTEM "file:///etc/passwd">\n<cib/>`,
  `<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE cib [\n<!ENTITY x "y">\n]>\n<cib>&x;</cib>`,
  `<!DOCTYPE cib [\n<!ENTITY % p SYSTEM "http://e.example/p.dtd">\n%p;\n]><cib/>`,
];

test("malformed input and DOCTYPEs: parseXml's very messages in one chunk, an InputError with the line in any chunks", () => {
  for (const text of MALFORMED) {
    const expected = failure(() => parseXml(text));
    assert.is(failure(() => parseXmlChunks(() => [text])), expected, JSON.stringify(text));
    for (let size = 1; size <= Math.min(text.length, 40); size++) {
      assert.match(failure(() => parseXmlChunks(() => pieces(text, size))), /line \d+\)$/, `${JSON.stringify(text)}, ${size}-character pieces`);
    }
  }
  // A DOCTYPE cut short: parseXml refuses it as a DOCTYPE, the chunked path as a document without a root.
  assert.is(failure(() => parseXmlChunks(() => [`<!DOCTYPE cib [\n<!ENTITY a "`])), "not XML: no root element (line 2)");
});

test("a DOCTYPE split over chunks is still refused, naming what it holds, before any entity is expanded", () => {
  const levels = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?>\n<!DOCTYPE cib [\n${levels.join("\n")}\n]>\n<cib>&lol9;</cib>`;
  const path = file("bomb.xml", bomb);
  for (const size of [1, 7, 64]) {
    assert.is(failure(() => chunked(path, size)), "DOCTYPE is not allowed: refused without expanding its 10 entities (line 2)");
  }
  const external = file("external.xml", `<!DOCTYPE cib PUBLIC "-//x//y" "http://example.com/x.dtd">\n<cib/>`);
  assert.is(failure(() => chunked(external, 3)), "DOCTYPE is not allowed: refused without reading its external reference 'http://example.com/x.dtd' (line 1)");
});

test("bytes that are not UTF-8, a second byte-order mark and the size cap are refused in chunks too", () => {
  const latin1 = file("latin1.xml", Buffer.from('<cib a="caf\xe9"/>', "latin1"));
  assert.is(failure(() => chunked(latin1, 4)), "not UTF-8 text: invalid byte 0xe9 (byte 12)");
  const cut = file("cut.xml", Buffer.from("<cib/>\xe2\x82", "latin1"));
  assert.is(failure(() => chunked(cut, 4)), "not UTF-8 text: the input ends inside a character (byte 7)");
  const boms = file("boms.xml", "\uFEFF\uFEFF<cib/>");
  assert.is(failure(() => chunked(boms, 16)), "a second byte-order mark at the start of the text (line 1)");
  const path = file("capped.xml", DOCUMENTS.plain as string);
  assert.match(failure(() => chunked(path, 8, 100)), /^file is \d+ bytes, over the 100-byte input limit/);
});

test("through the command line, a chunked refusal names the file", () => {
  const path = file("bad.xml", "<cib>\n<nodes>\n</cib>");
  try {
    parseXmlInputFile(path, (root) => root, undefined, { wholeUpTo: 0, chunkBytes: 4 });
    assert.unreachable("expected a CliFailure");
  } catch (error) {
    assert.instance(error, CliFailure);
    assert.match((error as Error).message, new RegExp(`^${path}: not XML: .*\\(line 3\\)$`));
  }
});

test.run();
