// Step needs: which optional steps a step cannot happen without. An optional step u is needed by
// a later step v (u an ancestor of v in the DAG) when the runs containing v lack u no more often
// than the step-presence model's noise explains (src/discovery/step-presence.ts):
//
//   needed:    runs with v lacking u ~ Binomial(runs with v, δ)
//   not:       runs with v lacking u ~ BetaBinomial(runs with v, 1, 1)
//
// with δ the fitted rate at which runs drop a required step and even prior odds; u is needed
// when that posterior exceeds 1/2. E.g. the steps inside one branch of a choice need the
// branch's first step. Only the nearest needs are kept: u is left out when another need of v
// already needs u, since the check follows needs transitively.
import { lnBeta } from "./special-functions.js";
import type { PairCounts } from "./pair-counts.js";

/**
 * @param ancestors per step index, the indexes of its ancestors in the DAG.
 * @param optional per step index, whether it is optional.
 * @param delta the fitted drop rate of required steps.
 * @returns per step index, the indexes of the steps it needs (empty for most).
 */
export function stepNeeds(counts: PairCounts, ancestors: readonly ReadonlySet<number>[], optional: readonly boolean[], delta: number): number[][] {
  const n = counts.size;
  const ld = Math.log(Math.max(delta, 1e-300));
  const l1d = Math.log1p(-Math.min(delta, 0.5));
  const needs: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let v = 0; v < n; v++) {
    const runs = counts.support(v);
    if (runs === 0) continue;
    for (const u of ancestors[v]!) {
      if (!optional[u]) continue;
      const missing = runs - counts.cooccur(u, v);
      // Binomial coefficients are common to both hypotheses and left out.
      const needed = missing === 0 ? runs * l1d : delta <= 0 ? -Infinity : missing * ld + (runs - missing) * l1d;
      const free = lnBeta(missing + 1, runs - missing + 1);
      if (needed > free) needs[v]!.add(u);
    }
  }
  // Keep the nearest: drop u when another need w of v is u's descendant (w needs or follows u).
  return needs.map((set) => {
    const list = [...set];
    return list.filter((u) => !list.some((w) => w !== u && needs[w]!.has(u)));
  });
}
