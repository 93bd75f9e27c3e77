// exportMermaid: a Mermaid flowchart (a string) of a graph script's precedence DAG: START and
// END as circles, one node per step, one arrow per precedence edge; optional steps get the
// class `optional` (dashed), steps seen only in traces the class `observed`. Namespaced ids of
// an expanded script ("parent/child") are grouped in one subgraph per parent prefix.
// Mermaid node ids are generated (n0, n1, …) because step ids may hold any character; labels
// are quoted with Mermaid's entity codes for quotes and markup characters. START/END links and
// habit edges (orders the check does not enforce) are dotted arrows.
import { END, START, type GraphScript, type ScriptStep } from "../model/index.js";

export interface MermaidOptions {
  /** Flowchart direction; "TD" (top down) by default. */
  direction?: "TD" | "LR" | "BT" | "RL";
  /** Longest label before it is cut with an ellipsis (default 60 characters). */
  maxLabel?: number;
}

/** Escapes text for a quoted Mermaid label ("..."): quotes and markup become entity codes. */
export function mermaidLabel(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/#/g, "#35;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/`/g, "#96;");
}

function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, Math.max(1, max - 1))}…` : t;
}

function clusterOf(id: string): string | undefined {
  const i = id.lastIndexOf("/");
  return i > 0 ? id.slice(0, i) : undefined;
}

export function exportMermaid(script: GraphScript, options: MermaidOptions = {}): string {
  const maxLabel = options.maxLabel ?? 60;
  const ids = new Map<string, string>([
    [START, "start"],
    [END, "end_"],
  ]);
  script.steps.forEach((s, i) => ids.set(s.id, `n${i}`));
  const idOf = (step: string): string => ids.get(step) ?? `x_${[...step].map((c) => c.codePointAt(0)!.toString(16)).join("_")}`;
  const node = (s: ScriptStep): string => {
    const cls = s.optional ? ":::optional" : !s.written ? ":::observed" : "";
    return `${idOf(s.id)}["${mermaidLabel(cut(s.text || s.id, maxLabel))}"]${cls}`;
  };
  const lines: string[] = [
    `---`,
    `title: "${mermaidLabel(script.title)}"`,
    `---`,
    `flowchart ${options.direction ?? "TD"}`,
    `  classDef optional stroke-dasharray: 5 5`,
    `  classDef observed fill:#eee,color:#555`,
    `  start(("START"))`,
    `  end_(("END"))`,
  ];
  const clusters = new Map<string, ScriptStep[]>();
  for (const s of script.steps) {
    const c = clusterOf(s.id);
    if (c === undefined) lines.push(`  ${node(s)}`);
    else clusters.set(c, [...(clusters.get(c) ?? []), s]);
  }
  let n = 0;
  for (const [prefix, steps] of clusters) {
    lines.push(`  subgraph c${n++} ["${mermaidLabel(prefix)}"]`);
    for (const s of steps) lines.push(`    ${node(s)}`);
    lines.push("  end");
  }
  for (const e of script.edges) {
    lines.push(`  ${idOf(e.from)} ${e.origin === "structural" || e.habit === true ? "-.->" : "-->"} ${idOf(e.to)}`);
  }
  return `${lines.join("\n")}\n`;
}
