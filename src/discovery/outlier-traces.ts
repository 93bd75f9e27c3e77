// Outlier traces: the traces that contradict a first-round precedence DAG too often, retracted
// from a copy of the pair counts before the final round. Returns the filtered counts and how
// many traces were retracted. A trace's violations are the pairs (a, b) with the DAG's closure
// requiring a before b while the trace's first occurrence of b came first; a trace with more
// than `maxViolations` is an outlier (a run with order errors moves one step past several
// constrained ones at once, a run that merely swaps two free steps violates nothing).
// Assumes `closure` is the transitive closure of the first-round DAG over the same indexes.
import type { ReachabilityClosure } from "./acyclic-insertion.js";
import type { PairCounts } from "./pair-counts.js";
import type { TraceVariants } from "./trace-variants.js";

export function retractOutlierTraces(
  counts: PairCounts,
  variants: TraceVariants,
  closure: ReachabilityClosure,
  maxViolations: number,
): { counts: PairCounts; retracted: number } {
  let filtered: PairCounts | undefined;
  let retracted = 0;
  const seen = new Set<number>();
  const order: number[] = [];
  for (const v of variants.entries()) {
    seen.clear();
    order.length = 0;
    for (const s of v.steps) {
      if (seen.has(s)) continue;
      seen.add(s);
      order.push(s);
    }
    let violations = 0;
    outer: for (let j = 1; j < order.length; j++) {
      for (let i = 0; i < j; i++) {
        if (closure.reaches(order[j]!, order[i]!) && ++violations > maxViolations) break outer;
      }
    }
    if (violations <= maxViolations) continue;
    filtered ??= counts.clone();
    filtered.add(v.steps, -v.count);
    retracted += v.count;
  }
  return { counts: filtered ?? counts, retracted };
}
