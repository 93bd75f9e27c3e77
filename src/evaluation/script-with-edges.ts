// A graph script whose precedence edges are given (an expert graph, e.g. CaptainCook4D's task
// graphs) instead of induced: steps, optional/repeatable flags and transition counts come from
// `base` (a script induced from the same training traces), the edges from `edges` ([a, b]: a
// before b; START/END edges and edges naming unknown steps are dropped, START and END are
// re-attached to sources and sinks). Used by the evaluations to separate the quality of the
// conformance checks from the quality of induction.
// NOTE: the given edges are not transitively reduced; every query reads the closure anyway. The
// base's held-out inversions (calibration.orderErrors) are dropped: they were measured on its own
// edges, so checks on the given edges report violations without an order-error verdict.
import { END, START, type GraphScript, type PrecedenceEdge } from "../model/index.js";

export function scriptWithEdges(base: GraphScript, edges: readonly (readonly [string, string])[]): GraphScript {
  // The held-out inversions were measured on the induced edges, not these: no order-error verdict.
  const { calibration, ...rest } = base;
  let kept: GraphScript["calibration"];
  if (calibration !== undefined) {
    const { orderErrors: _measuredOnInducedEdges, ...others } = calibration;
    kept = others;
  }
  const known = new Set(base.steps.map((s) => s.id));
  const inner = edges.filter(([a, b]) => known.has(a) && known.has(b) && a !== b);
  const hasIn = new Set(inner.map(([, b]) => b));
  const hasOut = new Set(inner.map(([a]) => a));
  const edge = (from: string, to: string, origin: PrecedenceEdge["origin"]): PrecedenceEdge => ({ from, to, support: 0, confidence: 1, origin });
  const ids = base.steps.map((s) => s.id);
  return {
    ...rest,
    ...(kept === undefined ? {} : { calibration: kept }),
    edges: [
      ...ids.filter((s) => !hasIn.has(s)).map((s) => edge(START, s, "structural")),
      ...inner.map(([a, b]) => edge(a, b, "written")),
      ...ids.filter((s) => !hasOut.has(s)).map((s) => edge(s, END, "structural")),
      ...(ids.length === 0 ? [edge(START, END, "structural")] : []),
    ],
  };
}
