/**
 * `plancheck catalog [--format md|json]`: the property catalog read from
 * `properties/*.ts` (id, statement, doc comment of each exported property)
 * with the faults each property catches from `fixtures/fault-matrix.json`.
 * The Markdown form is PROPERTIES.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { catalogEntries, catalogJson, catalogMarkdown, parseFaultMatrix, readDeclaredProperties, type FaultMatrix } from "../../reports/catalog.ts";
import { CliFailure } from "../cli.ts";

const FORMATS = ["md", "json"] as const;

/** The project root, whatever the working directory. */
const ROOT = new URL("../../", import.meta.url).pathname;

/** The checked-in fault matrix, or undefined when it has not been generated yet. */
function readFaultMatrix(path: string): FaultMatrix | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return parseFaultMatrix(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliFailure(`${path}: ${(error as Error).message}`);
  }
}

/** Runs `plancheck catalog`; returns the exit code. */
export function catalogCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string", default: "md" } } });
  if (positionals.length > 0) throw new CliFailure(`catalog takes no file arguments (got '${positionals[0]}')`);
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new CliFailure(`unknown format '${values.format}' (known: ${FORMATS.join(", ")})`);
  const entries = catalogEntries(readDeclaredProperties(join(ROOT, "properties")), readFaultMatrix(join(ROOT, "fixtures", "fault-matrix.json")));
  process.stdout.write(format === "md" ? catalogMarkdown(entries) : catalogJson(entries));
  return 0;
}
