// exportDot: a Graphviz DOT document (a string) of a graph script's precedence DAG: one node
// per step plus START and END, one edge per precedence edge (the stored transitive reduction).
// Optional steps are dashed, repeatable ones doubly outlined, steps seen only in traces grey;
// edges carry support/confidence in their tooltip; a habit edge (not enforced by the check) is dashed. Namespaced ids of an expanded script
// ("parent/child") are grouped in one cluster per parent prefix.
// Assumes the script is valid (GraphScriptSchema); ids and texts are quoted and escaped, so any
// user text is safe inside the document.
import { END, START, type GraphScript, type ScriptStep } from "../model/index.js";

export interface DotOptions {
  /** Graphviz rankdir; "TB" (top to bottom) by default. */
  rankdir?: "TB" | "LR" | "BT" | "RL";
  /** Longest label before it is cut with an ellipsis (default 60 characters). */
  maxLabel?: number;
}

/** Quotes a string as a DOT ID: double quotes, with backslash, quote and line breaks escaped. */
export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, "\\n")}"`;
}

function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, Math.max(1, max - 1))}…` : t;
}

function nodeLine(step: ScriptStep, maxLabel: number): string {
  const attrs: string[] = [`label=${dotQuote(cut(step.text || step.id, maxLabel))}`, `tooltip=${dotQuote(step.id)}`];
  const styles: string[] = ["rounded"];
  if (step.optional) styles.push("dashed");
  if (!step.written) attrs.push(`color="grey50"`, `fontcolor="grey30"`);
  if (step.repeatable) attrs.push("peripheries=2");
  attrs.push(`style=${dotQuote(styles.join(","))}`);
  return `${dotQuote(step.id)} [${attrs.join(", ")}];`;
}

/** Prefix before the last "/" of a namespaced id, or undefined for a top-level id. */
function clusterOf(id: string): string | undefined {
  const i = id.lastIndexOf("/");
  return i > 0 ? id.slice(0, i) : undefined;
}

export function exportDot(script: GraphScript, options: DotOptions = {}): string {
  const maxLabel = options.maxLabel ?? 60;
  const lines: string[] = [
    `digraph ${dotQuote(`${script.procedure}@${script.version}`)} {`,
    `  label=${dotQuote(script.title)};`,
    `  rankdir=${options.rankdir ?? "TB"};`,
    `  node [shape=box, fontname="Helvetica"];`,
    `  edge [fontname="Helvetica"];`,
    `  ${dotQuote(START)} [shape=circle, label="START", style=filled, fillcolor="grey90"];`,
    `  ${dotQuote(END)} [shape=doublecircle, label="END", style=filled, fillcolor="grey90"];`,
  ];
  const clusters = new Map<string, ScriptStep[]>();
  const topLevel: ScriptStep[] = [];
  for (const step of script.steps) {
    const c = clusterOf(step.id);
    if (c === undefined) topLevel.push(step);
    else clusters.set(c, [...(clusters.get(c) ?? []), step]);
  }
  for (const step of topLevel) lines.push(`  ${nodeLine(step, maxLabel)}`);
  let n = 0;
  for (const [prefix, steps] of clusters) {
    lines.push(`  subgraph ${dotQuote(`cluster_${n++}`)} {`, `    label=${dotQuote(prefix)};`, `    style="rounded,dotted";`);
    for (const step of steps) lines.push(`    ${nodeLine(step, maxLabel)}`);
    lines.push("  }");
  }
  for (const e of script.edges) {
    const tip = `support ${e.support}, confidence ${e.confidence.toFixed(2)}, ${e.origin}${e.habit === true ? ", habit (not enforced by the check)" : ""}`;
    const style = e.origin === "structural" ? `, style=dotted` : e.habit === true ? `, style=dashed` : "";
    lines.push(`  ${dotQuote(e.from)} -> ${dotQuote(e.to)} [tooltip=${dotQuote(tip)}${style}];`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
