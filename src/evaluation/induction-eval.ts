// Induction evaluation (DTGL protocol, induction-score.ts): one graph script per procedure of the
// truth list, induced from that procedure's traces, scored edge by edge against the truth.
// `evaluateInduction` scores the engine (induce options as given; none: the defaults) and
// `evaluateAlwaysBefore` the plain always-before miner (always-before.ts) on the same traces.
// Used by `stepgraph eval induction` and eval/all.ts.
import { createInduction } from "../discovery/induce.js";
import type { GroundedTrace, InduceOptionsInput, Procedure } from "../model/index.js";
import { alwaysBeforeEdges } from "./always-before.js";
import { scoreInduction, type Edge, type InductionScore } from "./induction-score.js";

export interface TruthGraphInput {
  procedure: string;
  edges: readonly Edge[];
}

export interface InductionEvalResult extends InductionScore {
  /** Traces per procedure id of the truth list. */
  traceCounts: Map<string, number>;
}

/** Throws a RangeError naming the truth procedures that `procedures` lacks. */
function procedureMap(procedures: readonly Procedure[], truth: readonly TruthGraphInput[]): Map<string, Procedure> {
  const byId = new Map(procedures.map((p) => [p.id, p]));
  const missing = truth.filter((t) => !byId.has(t.procedure)).map((t) => JSON.stringify(t.procedure));
  if (missing.length > 0) throw new RangeError(`no procedure ${missing.join(", ")} for the truth graphs`);
  return byId;
}

function tracesOf(traces: readonly GroundedTrace[], procedure: string): (readonly string[])[] {
  return traces.filter((t) => t.procedure === procedure).map((t) => t.steps as readonly string[]);
}

export function evaluateInduction(
  procedures: readonly Procedure[],
  traces: readonly GroundedTrace[],
  truth: readonly TruthGraphInput[],
  options: { induce?: InduceOptionsInput } = {},
): InductionEvalResult {
  const byId = procedureMap(procedures, truth);
  const predictions = new Map<string, Edge[]>();
  const traceCounts = new Map<string, number>();
  for (const t of truth) {
    const induction = createInduction(byId.get(t.procedure)!, options.induce ?? {});
    for (const steps of tracesOf(traces, t.procedure)) induction.add(steps);
    traceCounts.set(t.procedure, induction.traceCount);
    predictions.set(t.procedure, induction.script().edges.map((e) => [e.from, e.to] as const));
  }
  return { ...scoreInduction(predictions, truth), traceCounts };
}

export function evaluateAlwaysBefore(procedures: readonly Procedure[], traces: readonly GroundedTrace[], truth: readonly TruthGraphInput[]): InductionEvalResult {
  const byId = procedureMap(procedures, truth);
  const predictions = new Map<string, Edge[]>();
  const traceCounts = new Map<string, number>();
  for (const t of truth) {
    const runs = tracesOf(traces, t.procedure);
    traceCounts.set(t.procedure, runs.length);
    predictions.set(t.procedure, alwaysBeforeEdges(byId.get(t.procedure)!.steps.map((s) => s.id), runs));
  }
  return { ...scoreInduction(predictions, truth), traceCounts };
}
