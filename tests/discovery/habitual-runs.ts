// Generated runs of free steps in a usual order, for the habit-edge tests (discovery and REST).
import { seededRandom } from "../../src/random/seeded-random.js";

/**
 * Runs of free steps p1, p2, … in a usual order: each next step drawn among those left with
 * probability proportional to its weight (Plackett-Luce), between `first` and `last` when given.
 */
export function habitualRuns(seed: number, runs: number, weights: readonly number[], frame?: [string, string]): string[][] {
  const rnd = seededRandom(seed);
  return Array.from({ length: runs }, () => {
    const left = weights.map((w, i) => ({ id: `p${i + 1}`, w }));
    const out: string[] = frame ? [frame[0]] : [];
    while (left.length > 0) {
      let x = rnd() * left.reduce((s, l) => s + l.w, 0);
      let k = 0;
      while (k < left.length - 1 && x >= left[k]!.w) x -= left[k++]!.w;
      out.push(left.splice(k, 1)[0]!.id);
    }
    if (frame) out.push(frame[1]);
    return out;
  });
}
