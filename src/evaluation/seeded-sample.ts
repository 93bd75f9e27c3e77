// seededSample: the first `count` items of a seeded Fisher-Yates shuffle (mulberry32,
// src/random/seeded-random.ts), so that folds and training samples are the same for the same seed
// on every machine. Used by seededFolds, the mistake evaluation's `trainSample` and the few-runs
// evaluations (eval/).
import { seededRandom } from "../random/seeded-random.js";

/** The first `count` of a seeded Fisher-Yates shuffle of `items` (all of them when fewer). */
export function seededSample<T>(items: readonly T[], count: number, seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, count);
}
