// Run folds: the k-fold split by run that the calibrations on the user's own runs share
// (ranking-calibration.ts, noise-selection.ts, held-out-inversions.ts), and the pair counts of a
// fold's training runs. Runs come as distinct variants with counts; run j
// of the variant list (variants laid end to end) goes to fold j mod k, k = min(maxFolds, runs), so
// every run is held out exactly once and a variant's copies spread over the folds.

import type { PairCounts } from "./pair-counts.js";

export interface RunFolds {
  /** Number of folds (0 when there are no runs). */
  k: number;
  /** Runs of variant v in fold f. */
  inFold(v: number, f: number): number;
}

/** The split of the runs whose variants have these counts. */
export function runFolds(counts: readonly number[], maxFolds: number): RunFolds {
  const total = counts.reduce((s, c) => s + c, 0);
  const k = Math.min(maxFolds, total);
  const starts: number[] = [];
  let at = 0;
  for (const c of counts) starts.push(at), (at += c);
  // Runs j in [start, start + count) with j ≡ f (mod k).
  const inFold = (v: number, f: number): number => {
    const count = counts[v]!;
    const offset = (((f - starts[v]!) % k) + k) % k;
    return offset >= count ? 0 : Math.floor((count - 1 - offset) / k) + 1;
  };
  return { k, inFold };
}

/**
 * Fold `f` of `folds` over `runs` (the variants whose counts made the split): how many runs of
 * each variant it holds out, and the pair counts without them (a copy of `counts`).
 */
export function foldTraining(counts: PairCounts, runs: readonly { steps: readonly number[] }[], folds: RunFolds, f: number): { held: number[]; train: PairCounts } {
  const held = runs.map((_, v) => folds.inFold(v, f));
  const train = counts.clone();
  runs.forEach((r, v) => {
    if (held[v]! > 0) train.add(r.steps, -held[v]!);
  });
  return { held, train };
}
