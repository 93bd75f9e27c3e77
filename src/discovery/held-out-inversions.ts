// Held-out inversions: how many constrained pairs a run of this procedure inverts when it is
// checked against a graph induced from the other runs. The runs are taken as valid, so this
// measures what such a graph gets wrong about valid runs: with few runs, some edges are habits
// every run happened to follow (CaptainCook4D: 4–12 runs per recipe), and a valid run breaking
// a habit inverts one pair. The runs are split into k = min(10, runs) folds by run (run-folds.ts;
// leave-one-out up to 10 runs, so each held-out run meets a graph from nearly all the others, as
// the graph the check uses comes from all of them); each fold's graph is built from the other
// folds' runs as induction builds the script's (`closureOf`: the fold's odd runs set aside, the
// pair posterior of the noise model chosen on all runs, acyclic insertion; choosing the noise
// model again in every fold measured within 0.004 of F1 on CaptainCook4D's order errors at three
// times the cost), and every held-out run's inversions are counted on first
// occurrences, as orderInversions counts them. Every run is held out once, odd ones included:
// this is what the check says about a run of this log that induction did not see. The mean per
// run and its variance are kept in the script (calibration.orderErrors); checkOrder then judges a
// run's inversions against them (order-error-verdict.ts: is this run more out of order than the
// runs are?).
// Runs past TraceVariants' cap (overflow) stay in every fold's training counts and are not scored.
import type { ReachabilityClosure } from "./acyclic-insertion.js";
import type { PairCounts } from "./pair-counts.js";
import { foldTraining, runFolds } from "./run-folds.js";
import { TraceVariants } from "./trace-variants.js";

export const INVERSION_FOLDS = 10;

export interface HeldOutInversions {
  /** Folds of the split by run. */
  folds: number;
  /** Runs held out (each once). */
  runs: number;
  /** Constrained pairs the held-out runs inverted, in all. */
  inversions: number;
  /** Mean inversions per held-out run. */
  rate: number;
  /** Their sample variance (n − 1): above the mean, the runs' inversions are overdispersed. */
  variance: number;
}

/**
 * The held-out inversions of the runs in `variants`; undefined with fewer than 2 runs (nothing
 * to hold out).
 * @param counts the pair counts of every run (`variants`' runs and the overflow)
 * @param closureOf the transitive closure of the graph induction builds from these training runs
 */
export function heldOutInversions(
  counts: PairCounts,
  variants: TraceVariants,
  closureOf: (train: PairCounts, trainVariants: TraceVariants) => ReachabilityClosure,
): HeldOutInversions | undefined {
  const runs = [...variants.entries()];
  const folds = runFolds(
    runs.map((r) => r.count),
    INVERSION_FOLDS,
  );
  const { k } = folds;
  if (k < 2) return undefined;
  let total = 0;
  let inversions = 0;
  let squares = 0;
  for (let f = 0; f < k; f++) {
    const { held, train } = foldTraining(counts, runs, folds, f);
    const trainVariants = TraceVariants.fromState({
      maxVariants: variants.maxVariants,
      // fromState copies the step arrays.
      variants: runs.flatMap((r, v): [number[], number][] => (r.count > held[v]! ? [[r.steps as number[], r.count - held[v]!]] : [])),
      overflow: variants.overflow,
    });
    const closure = closureOf(train, trainVariants);
    runs.forEach((r, v) => {
      const h = held[v]!;
      if (h === 0) return;
      const count = inversionCount(closure, r.steps);
      total += h;
      inversions += h * count;
      squares += h * count * count;
    });
  }
  const rate = total === 0 ? 0 : inversions / total;
  const variance = total < 2 ? 0 : Math.max(0, (squares - total * rate * rate) / (total - 1));
  return { folds: k, runs: total, inversions, rate, variance };
}

/** Pairs of distinct steps of `steps` (first occurrences) whose later one must precede the earlier one. */
export function inversionCount(closure: ReachabilityClosure, steps: readonly number[]): number {
  const seen = new Set<number>();
  const order: number[] = [];
  for (const s of steps) if (!seen.has(s)) seen.add(s), order.push(s);
  let count = 0;
  for (let j = 1; j < order.length; j++) for (let i = 0; i < j; i++) if (closure.reaches(order[j]!, order[i]!)) count++;
  return count;
}
