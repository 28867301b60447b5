/**
 * Graphviz DOT for a transition: one box per action, coloured by kind
 * (migration, stop, start, fence, pseudo), with chosen actions and edges
 * highlighted (the ones a violation names). A highlighted edge the
 * transition lacks is drawn dashed and labelled "missing"; a highlighted
 * action it lacks is drawn as a dashed outline.
 */
import type { Action, Transition } from "../planner/model.ts";

/** What to draw in red. */
export interface Highlight {
  actions?: readonly string[];
  edges?: readonly { first: string; then: string }[];
}

const FILL: Record<string, string> = {
  start: "#d8f0d8",
  stop: "#f6d6d6",
  migrate_to: "#d6e4f6",
  migrate_from: "#d6e4f6",
  fence: "#f3e0b5",
  promote: "#e6dcf5",
  demote: "#e6dcf5",
};

const PSEUDO_FILL = "#eeeeee";

/** The colour of each kind of action, for a picture's legend. */
export const ACTION_KINDS: readonly { kind: string; fill: string }[] = [
  { kind: "start", fill: FILL.start! },
  { kind: "stop", fill: FILL.stop! },
  { kind: "migration", fill: FILL.migrate_to! },
  { kind: "fence", fill: FILL.fence! },
  { kind: "promote / demote", fill: FILL.promote! },
  { kind: "pseudo", fill: PSEUDO_FILL },
];

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function label(action: Action): string {
  const subject = action.resource ?? "";
  const where = action.node === undefined ? "" : `\non ${action.node}`;
  return action.task === "fence" ? `fence ${action.node ?? ""}` : `${subject} ${action.task}${where}`;
}

/** The transition as a DOT digraph, actions sorted by id for stable output. */
export function transitionToDot(transition: Transition, highlight: Highlight = {}): string {
  const marked = new Set(highlight.actions ?? []);
  const markedEdges = new Set((highlight.edges ?? []).map((e) => `${e.first}\u0000${e.then}`));
  const lines = ["digraph transition {", '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];'];
  for (const action of [...transition.actions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const attrs = [`label=${quote(label(action))}`];
    attrs.push(`fillcolor=${quote(action.pseudo ? PSEUDO_FILL : (FILL[action.task] ?? "#ffffff"))}`);
    if (action.pseudo) attrs.push('style="rounded,filled,dashed"');
    if (marked.has(action.id)) attrs.push('color="#d00000"', "penwidth=3");
    lines.push(`  ${quote(action.id)} [${attrs.join(", ")}];`);
  }
  const edges = [...transition.edges].sort((a, b) =>
    a.first === b.first ? (a.then < b.then ? -1 : 1) : a.first < b.first ? -1 : 1,
  );
  for (const edge of edges) {
    const hot = markedEdges.has(`${edge.first}\u0000${edge.then}`);
    const attrs = hot ? ' [color="#d00000", penwidth=3]' : "";
    lines.push(`  ${quote(edge.first)} -> ${quote(edge.then)}${attrs};`);
  }
  const declared = new Set(transition.actions.map((a) => a.id));
  for (const id of [...marked].filter((id) => !declared.has(id)).sort()) {
    lines.push(`  ${quote(id)} [label=${quote(`${id}\n(not in this transition)`)}, style="rounded,dashed", color="#d00000", penwidth=2];`);
  }
  const present = new Set(transition.edges.map((e) => `${e.first}\u0000${e.then}`));
  for (const edge of highlight.edges ?? []) {
    if (present.has(`${edge.first}\u0000${edge.then}`)) continue;
    lines.push(`  ${quote(edge.first)} -> ${quote(edge.then)} [color="#d00000", penwidth=2, style=dashed, label="missing", fontcolor="#d00000", fontname="Helvetica", fontsize=10];`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}
