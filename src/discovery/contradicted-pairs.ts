// Contradicted pairs: the ordered pairs x→y that the graph may not state, directly or by a chain
// of edges (acyclic-insertion.ts refuses an edge that would imply one). A pair is contradicted
// when some run put y before x (first occurrences, as PairCounts counts them) and no noise model
// of the pair posterior (pair-posterior.ts) takes x→y for a constraint. Under the clean model a
// reversed pair is never a constraint, so that is: the noisy model's posterior of x→y is at most
// 1/2. Why every model and not only the one noise selection kept: a chain a→b→c implies a→c
// although a and c were never weighed as a pair; refusing an edge for that needs evidence that
// holds whatever the noise, and a reversal the noisy model explains as noise is none.
// Why at all: with few runs each link of a chain can look constrained (never reversed in the few
// runs that hold both) while the ends of the chain were seen in both orders; the closure then
// rejected valid runs for an order the training runs themselves contradict (synthetic a22–a42
// from 16 runs, docs/results.md "Few runs").
import { PairSet } from "./acyclic-insertion.js";
import type { PairCounts } from "./pair-counts.js";
import type { PairPosterior } from "./pair-posterior.js";

/** @param noisy the noisy model's posterior fitted on `counts` (pairPosteriors(…).noisy). */
export function contradictedPairs(counts: PairCounts, noisy: PairPosterior): PairSet {
  const n = counts.size;
  const out = new PairSet(n);
  for (let x = 0; x < n; x++)
    for (let y = 0; y < n; y++) if (x !== y && counts.before(y, x) > 0 && noisy.posterior(x, y) <= 0.5) out.add(x, y);
  return out;
}
