// Induction score (DTGL protocol, Seminara et al., NeurIPS 2024): per procedure, the predicted
// precedence edges (transitively reduced first) are compared as a set with the ground-truth
// edges over the full adjacency, START and END included; precision, recall and F1 per
// procedure, then each macro-averaged over procedures (macro F1 is the mean of per-procedure
// F1s, not the F1 of the macro precision and recall).
// Assumes node ids are comparable strings on both sides. A cyclic prediction cannot be
// reduced; it is scored as given (`reduced: false` in the result).
import { transitiveReduction } from "../discovery/transitive-reduction.js";

export type Edge = readonly [string, string];

export interface EdgeScore {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predicted: number;
  truth: number;
}

export interface ProcedureScore extends EdgeScore {
  procedure: string;
  /** False when the prediction had a cycle and was scored without reduction. */
  reduced: boolean;
}

export interface InductionScore {
  macro: { precision: number; recall: number; f1: number };
  procedures: ProcedureScore[];
}

/** Set comparison of two edge lists (duplicates count once). */
export function scoreEdges(predicted: readonly Edge[], truth: readonly Edge[]): EdgeScore {
  const key = (e: Edge) => `${e[0]}\u0000${e[1]}`;
  const p = new Set(predicted.map(key));
  const t = new Set(truth.map(key));
  let tp = 0;
  for (const k of p) if (t.has(k)) tp++;
  const precision = p.size === 0 ? 0 : tp / p.size;
  const recall = t.size === 0 ? 0 : tp / t.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives: tp, predicted: p.size, truth: t.size };
}

/** Transitive reduction of an edge list over string ids; undefined when it has a cycle. */
export function reduceEdges(edges: readonly Edge[]): Edge[] | undefined {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const idx = (s: string) => {
    let i = ids.get(s);
    if (i === undefined) {
      i = names.length;
      ids.set(s, i);
      names.push(s);
    }
    return i;
  };
  const numeric = edges.map(([a, b]) => ({ from: idx(a), to: idx(b) }));
  try {
    return transitiveReduction(names.length, numeric).map((e) => [names[e.from]!, names[e.to]!] as const);
  } catch {
    return undefined;
  }
}

/**
 * Scores predictions against truths, procedure by procedure (every procedure of `truth`;
 * a procedure without a prediction scores 0).
 */
export function scoreInduction(
  predictions: ReadonlyMap<string, readonly Edge[]>,
  truth: readonly { procedure: string; edges: readonly Edge[] }[],
  options: { reduce?: boolean } = {},
): InductionScore {
  const procedures: ProcedureScore[] = truth.map((t) => {
    const given = predictions.get(t.procedure) ?? [];
    const reducedEdges = options.reduce === false ? undefined : reduceEdges(given);
    return { procedure: t.procedure, reduced: reducedEdges !== undefined, ...scoreEdges(reducedEdges ?? given, t.edges) };
  });
  const mean = (f: (s: ProcedureScore) => number) =>
    procedures.length === 0 ? 0 : procedures.reduce((acc, s) => acc + f(s), 0) / procedures.length;
  return {
    macro: { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) },
    procedures,
  };
}
