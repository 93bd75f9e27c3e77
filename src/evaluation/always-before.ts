// The plain always-before miner, the simple baseline of induction, online mistakes and order
// errors (issue 13, item 3): a precedence edge a → b for every pair of steps that occur together
// in at least one run and where, in every run holding both, the first a comes before the first b.
// Nothing else: no support or confidence threshold, no written prior, no outlier runs, no
// transitive reduction (the scorers reduce). START → every step with no predecessor and every
// step with no successor → END, over `steps` (the procedure's steps and those the runs show).
// NOTE: a cycle is possible across runs (a<b in one run, b<c in another, c<a in a third); it is
// kept: the induction scorer then scores the edges unreduced, the checks read it as given.
import { END, START } from "../model/index.js";

export type Edge = readonly [string, string];

export function alwaysBeforeEdges(steps: readonly string[], runs: readonly (readonly string[])[]): Edge[] {
  const ids = [...new Set([...steps, ...runs.flat()])];
  const index = new Map(ids.map((s, i) => [s, i]));
  const n = ids.length;
  // before[a * n + b]: runs holding both where a came first; both[..]: runs holding both.
  const before = new Uint32Array(n * n);
  const both = new Uint32Array(n * n);
  for (const run of runs) {
    const first: number[] = [];
    const seen = new Set<number>();
    for (const s of run) {
      const i = index.get(s)!;
      if (!seen.has(i)) (seen.add(i), first.push(i));
    }
    for (let x = 0; x < first.length; x++) {
      for (let y = x + 1; y < first.length; y++) {
        const a = first[x]!;
        const b = first[y]!;
        before[a * n + b]!++;
        both[a * n + b]!++;
        both[b * n + a]!++;
      }
    }
  }
  const inner: Edge[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const k = a * n + b;
      if (a !== b && both[k]! > 0 && before[k] === both[k]) inner.push([ids[a]!, ids[b]!]);
    }
  }
  const hasIn = new Set(inner.map(([, b]) => b));
  const hasOut = new Set(inner.map(([a]) => a));
  return [
    ...ids.filter((s) => !hasIn.has(s)).map((s): Edge => [START, s]),
    ...inner,
    ...ids.filter((s) => !hasOut.has(s)).map((s): Edge => [s, END]),
  ];
}
