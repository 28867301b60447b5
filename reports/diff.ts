/**
 * Formatting of a differential campaign (`plancheck diff`): the text report
 * (the agreement rate, then each kind of disagreement with its note or the
 * word UNEXPLAINED, its shrunk fixture and the two summaries of the shrunk
 * case) and the JSON document of `diff --json` (deterministic: wall-clock
 * figures only when timed).
 */
import type { CaseSize } from "./fixtures.ts";

/** A kind of disagreement, as reported. */
export interface DiffKindView {
  kind: string;
  explained: boolean;
  /** The explanation of a known difference. */
  note?: string;
  /** Cases showing this kind. */
  cases: number;
  /** The first case (index) showing it. */
  firstIndex: number;
  /** The shrunk case's fixture file. */
  fixture: string;
  size: CaseSize;
  /** The shrunk case's disagreement of this kind. */
  disagreement: { aspect: string; subject: string; reference: string[]; pacemaker: string[] };
  /** Both Transition Summaries of the shrunk case. */
  summaries: { reference: string[]; pacemaker: string[] };
}

/** The figures of a differential campaign, as computed and as reported. */
export interface DiffCounts {
  /** True when every disagreement is explained. */
  ok: boolean;
  reference: string;
  oracle: string;
  seed: number;
  runs: number;
  maxNodes: number;
  maxResources: number;
  agreed: number;
  disagreed: number;
  oracleErrors: number;
  /** The first oracle error's message. */
  firstOracleError?: string;
}

/** What the reports show of a differential campaign. */
export interface DiffView extends DiffCounts {
  kinds: DiffKindView[];
  /** The command that reproduces the run. */
  command: string;
  /** Wall-clock seconds, only with --timings. */
  seconds?: number;
  /** The signal that cut the run short. */
  interrupted?: "SIGINT" | "SIGTERM";
}

/** Cases both planners planned: the denominator of the agreement rate. */
export function comparedCases(view: Pick<DiffView, "agreed" | "disagreed">): number {
  return view.agreed + view.disagreed;
}

/** `271/300 cases (90.3%)`. */
export function agreementText(view: Pick<DiffView, "agreed" | "disagreed">): string {
  const compared = comparedCases(view);
  const pct = compared === 0 ? "-" : `${((100 * view.agreed) / compared).toFixed(1)}%`;
  return `${view.agreed}/${compared} cases (${pct})`;
}

function sizeText(size: CaseSize): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(size.nodes, "node")}, ${plural(size.resources, "resource")}, ${plural(size.constraints, "constraint")}`;
}

/** The text report of a differential campaign. */
export function formatDiffText(view: DiffView): string {
  const lines: string[] = [];
  lines.push(
    `plancheck diff: ${view.reference} vs ${view.oracle}, seed ${view.seed}, ${view.runs} cases (up to ${view.maxNodes} nodes, ${view.maxResources} resources)`,
  );
  lines.push(`agreement: ${agreementText(view)}`);
  if (view.oracleErrors > 0) {
    lines.push(`oracle errors (not compared, never a disagreement): ${view.oracleErrors} cases`);
    if (view.firstOracleError !== undefined) lines.push(`  first: ${view.firstOracleError}`);
  }
  const explained = view.kinds.filter((k) => k.explained);
  const unexplained = view.kinds.filter((k) => !k.explained);
  for (const [title, group] of [
    ["explained disagreements", explained],
    ["UNEXPLAINED disagreements", unexplained],
  ] as const) {
    if (group.length === 0) continue;
    lines.push("", `${title}, by kind:`);
    for (const k of group) {
      lines.push(`  ${k.kind}: ${k.cases} case${k.cases === 1 ? "" : "s"} (first: case ${k.firstIndex})`);
      if (k.note !== undefined) lines.push(`    ${k.note}`);
      lines.push(`    shrunk to ${sizeText(k.size)}: ${k.fixture}`);
      lines.push(`    ${k.disagreement.subject} (${k.disagreement.aspect}):`);
      lines.push(`      ${view.reference.padEnd(9)} ${k.disagreement.reference.join("; ") || "(no line)"}`);
      lines.push(`      ${view.oracle.padEnd(9)} ${k.disagreement.pacemaker.join("; ") || "(no line)"}`);
    }
  }
  lines.push("", `rerun: ${view.command}`);
  if (view.interrupted !== undefined) lines.push("", `interrupted by ${view.interrupted} after ${view.runs} cases: the report covers those only`);
  if (view.seconds !== undefined) lines.push("", `time: ${view.seconds.toFixed(2)} s`);
  lines.push(
    "",
    comparedCases(view) === 0
      ? "no case could be compared: no verdict"
      : view.disagreed === 0
      ? "the planners agree on every case"
      : view.ok
        ? `every disagreement is explained (${explained.length} kind${explained.length === 1 ? "" : "s"})`
        : `${unexplained.length} kind${unexplained.length === 1 ? "" : "s"} of disagreement unexplained`,
  );
  return lines.join("\n") + "\n";
}

/** The JSON document of `diff --json` (no wall-clock figures unless timed). */
export function diffJson(view: DiffView): string {
  const doc: Record<string, unknown> = {
    ok: view.ok,
    reference: view.reference,
    oracle: view.oracle,
    seed: view.seed,
    runs: view.runs,
    maxNodes: view.maxNodes,
    maxResources: view.maxResources,
    compared: comparedCases(view),
    agreement: comparedCases(view) === 0 ? null : Number((view.agreed / comparedCases(view)).toFixed(4)),
    agreed: view.agreed,
    disagreed: view.disagreed,
    oracleErrors: view.oracleErrors,
    ...(view.firstOracleError === undefined ? {} : { firstOracleError: view.firstOracleError }),
    kinds: view.kinds.map((k) => ({
      kind: k.kind,
      explained: k.explained,
      ...(k.note === undefined ? {} : { note: k.note }),
      cases: k.cases,
      firstIndex: k.firstIndex,
      fixture: k.fixture,
      size: k.size,
      disagreement: k.disagreement,
      summaries: k.summaries,
    })),
    command: view.command,
  };
  if (view.interrupted !== undefined) doc.interrupted = view.interrupted;
  if (view.seconds !== undefined) doc.seconds = view.seconds;
  return JSON.stringify(doc, null, 2) + "\n";
}
