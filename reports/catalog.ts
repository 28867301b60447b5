/**
 * The property catalog a reviewer audits, read from the source with ts-morph:
 * every exported `Property` of `properties/*.ts` with its id, its one-line
 * statement and its doc comment, in the order of the `PROPERTIES` list, and
 * the faults each one catches from the checked-in fault matrix (the saved
 * output of `plancheck faults --json`). Formatted as Markdown
 * (PROPERTIES.md) or JSON.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Node, Project, type Expression, type SourceFile, type VariableDeclaration } from "ts-morph";
import { fenced, markdownTable } from "./markdown.ts";

/** An exported property as the source declares it. */
export interface DeclaredProperty {
  id: string;
  statement: string;
  /** The doc comment's text, paragraphs separated by a blank line; empty when there is none. */
  doc: string;
  /** The exported name and the file (its base name) that declares it. */
  exportName: string;
  file: string;
  /** Whether the catalog's `PROPERTIES` list includes it. */
  listed: boolean;
}

/** One property of the catalog, with the faults it catches. */
export interface CatalogEntry {
  id: string;
  statement: string;
  doc: string;
  catches: string[];
  exportName: string;
  file: string;
}

/** The part of `plancheck faults --json` the catalog reads. */
export interface FaultMatrix {
  faults: { id: string; caughtBy: string[] }[];
  properties: { id: string; catches: string[] }[];
}

/** Reads a fault matrix document, refusing anything of another shape. */
export function parseFaultMatrix(text: string): FaultMatrix {
  const doc = JSON.parse(text) as Partial<FaultMatrix>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string");
  if (
    !Array.isArray(doc.faults) ||
    !Array.isArray(doc.properties) ||
    !doc.faults.every((f) => typeof f?.id === "string" && strings(f.caughtBy)) ||
    !doc.properties.every((p) => typeof p?.id === "string" && strings(p.catches))
  ) {
    throw new Error('not a fault matrix: expected {"faults": [{"id", "caughtBy"}], "properties": [{"id", "catches"}]}');
  }
  return doc as FaultMatrix;
}

/** The value of a string-valued expression the source spells out (literals, constants, concatenation). */
function staticString(expression: Expression): string {
  if (Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) return expression.getLiteralValue();
  if (Node.isParenthesizedExpression(expression) || Node.isAsExpression(expression) || Node.isSatisfiesExpression(expression)) {
    return staticString(expression.getExpression());
  }
  if (Node.isBinaryExpression(expression) && expression.getOperatorToken().getText() === "+") {
    return staticString(expression.getLeft()) + staticString(expression.getRight());
  }
  if (Node.isTemplateExpression(expression)) {
    return (
      expression.getHead().getLiteralText() +
      expression
        .getTemplateSpans()
        .map((span) => staticString(span.getExpression()) + span.getLiteral().getLiteralText())
        .join("")
    );
  }
  if (Node.isIdentifier(expression)) {
    const initializer = declarationOf(expression)?.getInitializer();
    if (initializer !== undefined) return staticString(initializer);
  }
  throw new Error(`${expression.getSourceFile().getBaseName()}:${expression.getStartLineNumber()}: cannot read '${expression.getText()}' as a string`);
}

/** The variable declaration an identifier refers to, through imports. */
function declarationOf(identifier: Node): VariableDeclaration | undefined {
  const symbol = identifier.getSymbol();
  const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
  return target?.getDeclarations().find(Node.isVariableDeclaration);
}

/** The object literal a declaration's initializer spells, seen through `as`, `satisfies` and parentheses. */
function objectLiteralOf(expression: Expression | undefined): Node | undefined {
  if (expression === undefined) return undefined;
  if (Node.isParenthesizedExpression(expression) || Node.isAsExpression(expression) || Node.isSatisfiesExpression(expression)) {
    return objectLiteralOf(expression.getExpression());
  }
  return Node.isObjectLiteralExpression(expression) ? expression : undefined;
}

/** Whether an exported variable is declared as a `Property` (annotated, or `satisfies Property`). */
function isPropertyDeclaration(declaration: VariableDeclaration): boolean {
  if (declaration.getTypeNode()?.getText() === "Property") return true;
  const initializer = declaration.getInitializer();
  return Node.isSatisfiesExpression(initializer) && initializer.getTypeNode()?.getText() === "Property";
}

/** A doc comment's description, each paragraph on one line, paragraphs separated by a blank line. */
function docText(declaration: VariableDeclaration): string {
  const docs = declaration.getVariableStatement()?.getJsDocs() ?? [];
  const description = docs.at(-1)?.getDescription() ?? "";
  return description
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .join(" "),
    )
    .filter((paragraph) => paragraph !== "")
    .join("\n\n");
}

function declaredProperty(declaration: VariableDeclaration, listed: boolean): DeclaredProperty {
  const literal = objectLiteralOf(declaration.getInitializer());
  const field = (name: string) => {
    if (literal === undefined || !Node.isObjectLiteralExpression(literal)) return undefined;
    const member = literal.getProperty(name);
    if (Node.isPropertyAssignment(member)) return staticString(member.getInitializerOrThrow());
    if (Node.isShorthandPropertyAssignment(member)) return staticString(member.getNameNode());
    return undefined;
  };
  const where = `${declaration.getSourceFile().getBaseName()}: ${declaration.getName()}`;
  const id = field("id");
  const statement = field("statement");
  if (id === undefined || statement === undefined) throw new Error(`${where}: no literal id and statement to read`);
  return { id, statement, doc: docText(declaration), exportName: declaration.getName(), file: declaration.getSourceFile().getBaseName(), listed };
}

/** The `PROPERTIES` list of the catalog file, as declarations, in order. */
function listedDeclarations(catalog: SourceFile | undefined): VariableDeclaration[] {
  const list = catalog?.getVariableDeclaration("PROPERTIES")?.getInitializer();
  let array: Node | undefined = list;
  while (array !== undefined && (Node.isAsExpression(array) || Node.isSatisfiesExpression(array) || Node.isParenthesizedExpression(array))) {
    array = array.getExpression();
  }
  if (array === undefined || !Node.isArrayLiteralExpression(array)) return [];
  return array.getElements().flatMap((element) => declarationOf(element) ?? []);
}

/**
 * Every exported `Property` declared in `dir/*.ts`: those of the catalog's
 * `PROPERTIES` list first, in its order, then any others in file order.
 */
export function readDeclaredProperties(dir: string): DeclaredProperty[] {
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: { allowImportingTsExtensions: true, noEmit: true, noLib: true, types: [] },
    skipFileDependencyResolution: true,
  });
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => project.addSourceFileAtPath(join(dir, name)));
  const exported = files.flatMap((file) =>
    file.getVariableDeclarations().filter((d) => d.isExported() && isPropertyDeclaration(d)),
  );
  const listed = listedDeclarations(files.find((f) => f.getBaseName() === "catalog.ts")).filter((d) => exported.includes(d));
  const rest = exported.filter((d) => !listed.includes(d));
  return [...listed.map((d) => declaredProperty(d, true)), ...rest.map((d) => declaredProperty(d, false))];
}

/** The catalog: the listed properties with the faults the matrix says each catches. */
export function catalogEntries(declared: readonly DeclaredProperty[], matrix: FaultMatrix | undefined): CatalogEntry[] {
  return declared
    .filter((p) => p.listed)
    .map(({ id, statement, doc, exportName, file }) => ({
      id,
      statement,
      doc,
      catches: matrix?.properties.find((p) => p.id === id)?.catches ?? [],
      exportName,
      file,
    }));
}

/** The command that regenerates PROPERTIES.md. */
const CATALOG_COMMAND = "npm run -s plancheck -- catalog --format md > PROPERTIES.md";

/** The catalog as Markdown (PROPERTIES.md). */
export function catalogMarkdown(entries: readonly CatalogEntry[]): string {
  const out = [
    "# Property catalog",
    "",
    "The invariants `plancheck check` verifies, one file each under `properties/`. Each",
    "statement is what the property promises; the text below it is the property's doc",
    "comment, and *catches* lists the fault modes of the reference planner it detects",
    "(from `fixtures/fault-matrix.json`, the saved output of `plancheck faults --json`).",
    "",
    "Generated; do not edit. Regenerate with:",
    "",
    fenced(CATALOG_COMMAND, "sh"),
    "",
    markdownTable(
      ["property", "catches"],
      entries.map((e) => [`[${e.id}](#${e.id})`, e.catches.length === 0 ? "nothing yet" : e.catches.join(", ")]),
    ),
    "",
  ];
  for (const e of entries) {
    out.push(
      `## ${e.id}`,
      "",
      `> ${e.statement}`,
      "",
      e.doc === "" ? "_No doc comment._" : e.doc,
      "",
      `**Catches:** ${e.catches.length === 0 ? "no fault of the matrix" : e.catches.map((f) => `\`${f}\``).join(", ")}`,
      "",
      `Source: [properties/${e.file}](properties/${e.file}) (\`${e.exportName}\`)`,
      "",
    );
  }
  return out.join("\n").trimEnd() + "\n";
}

/** The catalog as JSON: `{"properties": [{"id", "statement", "doc", "catches"}]}`. */
export function catalogJson(entries: readonly CatalogEntry[]): string {
  return JSON.stringify({ properties: entries.map(({ id, statement, doc, catches }) => ({ id, statement, doc, catches })) }, null, 2) + "\n";
}
