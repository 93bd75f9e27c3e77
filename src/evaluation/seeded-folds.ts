// Deterministic k-fold assignment by trace: a seeded shuffle (mulberry32 PRNG, Fisher-Yates)
// of the indexes 0..n-1, then position i goes to fold i mod k. Returns the fold of each index.
// Same (n, k, seed) → same folds on every machine and Node version.
import { seededSample } from "./seeded-sample.js";

export function seededFolds(n: number, k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${k}`);
  const order = seededSample(Array.from({ length: n }, (_, i) => i), n, seed);
  const fold = new Array<number>(n).fill(0);
  order.forEach((traceIndex, position) => (fold[traceIndex] = position % k));
  return fold;
}
