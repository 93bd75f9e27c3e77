// Run folds: the k-fold split by run that the calibrations on the user's own runs share
// (ranking-calibration.ts, noise-selection.ts). Runs come as distinct variants with counts; run j
// of the variant list (variants laid end to end) goes to fold j mod k, k = min(maxFolds, runs), so
// every run is held out exactly once and a variant's copies spread over the folds.

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
