// Builds tiny GraphScripts by hand for query and conformance tests: steps in written order,
// precedence edges, optional and repeatable steps, and transition counts from traces.
// START is attached before every source and every sink before END, as induction does.
import { SequenceCounts } from "../../src/discovery/sequence-counts.js";
import { END, InduceOptionsSchema, START, type GraphScript, type PrecedenceEdge } from "../../src/model/index.js";

export interface ScriptSpec {
  steps: string[];
  edges?: [string, string][];
  optional?: string[];
  repeatable?: string[];
  traces?: string[][];
  texts?: Record<string, string>;
}

export function buildScript(spec: ScriptSpec): GraphScript {
  const edges = spec.edges ?? [];
  const counts = new SequenceCounts();
  for (const t of spec.traces ?? []) counts.add(t);
  const hasParent = new Set(edges.map(([, b]) => b));
  const hasChild = new Set(edges.map(([a]) => a));
  const edge = (from: string, to: string, origin: PrecedenceEdge["origin"]): PrecedenceEdge => ({ from, to, support: 0, confidence: 1, origin });
  const traceCount = spec.traces?.length ?? 0;
  return {
    procedure: "p",
    version: 1,
    title: "P",
    traceCount,
    steps: spec.steps.map((id, position) => {
      const support = spec.traces?.filter((t) => t.includes(id)).length ?? 0;
      return {
        id,
        text: spec.texts?.[id] ?? id,
        position,
        written: true,
        support,
        frequency: traceCount > 0 ? support / traceCount : 1,
        optional: spec.optional?.includes(id) ?? false,
        repeatable: spec.repeatable?.includes(id) ?? false,
      };
    }),
    edges: [
      ...spec.steps.filter((s) => !hasParent.has(s)).map((s) => edge(START, s, "structural")),
      ...edges.map(([a, b]) => edge(a, b, "written")),
      ...spec.steps.filter((s) => !hasChild.has(s)).map((s) => edge(s, END, "structural")),
    ],
    transitions: counts.transitions(),
    trigrams: counts.trigramCounts(),
    states: counts.states(),
    options: InduceOptionsSchema.parse({}),
  };
}
