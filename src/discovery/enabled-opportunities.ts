// Enabled opportunities: a precedence a→b needs evidence that b could have come first (issue 13,
// item 7: "positive evidence that the reversed order would have shown up if the steps were free,
// given how the pair is placed in the runs"). The pair posterior (pair-posterior.ts) counts every
// run holding both steps as a chance for a reversal. But in a run where b's other predecessors
// were still not all done when a came, b could not have come before a whatever the pair's
// relation: that run says nothing about it. Two parallel branches show this: the first step of
// one branch nearly always comes before the last step of the other, though either order is valid,
// and 16 runs that never reversed them "established" a constraint.
// So, for each edge a→b of the reduced graph that no run reversed, the pair's counts are taken
// again over the runs that were an opportunity: those where b was enabled before a came (every
// other direct predecessor of b in the graph that the run holds came before a) and a still came
// first. The posterior of the same model (its fitted shares and noise) at those counts decides
// again; every run with a first still counts against b→a. An edge it no longer keeps is dropped,
// the graph reduced again (an edge implied only through it now stands on its own and is judged in
// turn; an edge is judged once) until nothing changes. A written order stays, as in
// precedence-candidates.ts (absence of a reversal is no evidence against the written order).
// Pairs some run reversed are left to the posterior as fitted (re-judging them too cost
// CaptainCook4D induction: docs/engine.md, induction step 7).
// Runs are the distinct variants fitted on (those set aside as odd or out of order excluded), by
// the first occurrence of each step, as PairCounts counts them.
import type { PrecedenceCandidate } from "./precedence-candidates.js";
import { posteriorAt, type PairPosteriorParameters } from "./pair-posterior.js";
import { transitiveReduction } from "./transitive-reduction.js";

export interface OpportunityRun {
  steps: readonly number[];
  count: number;
}

/**
 * The accepted edges without those the runs gave no opportunity to contradict, and the reduction
 * of what is left.
 * @param accepted edges accepted by acyclic insertion (the closure they imply is a DAG)
 * @param parameters the fitted parameters of the pair posterior the edges were decided by
 */
export function keepOpposable(
  n: number,
  accepted: readonly PrecedenceCandidate[],
  runs: readonly OpportunityRun[],
  parameters: PairPosteriorParameters,
  writtenPosition: readonly number[],
): { kept: PrecedenceCandidate[]; reduced: PrecedenceCandidate[]; dropped: PrecedenceCandidate[] } {
  // First-occurrence position of each step per run (-1: absent).
  const positions = runs.map((r) => {
    const pos = new Int32Array(n).fill(-1);
    r.steps.forEach((s, i) => {
      if (pos[s] === -1) pos[s] = i;
    });
    return pos;
  });
  const dropped: PrecedenceCandidate[] = [];
  const judged = new Set<PrecedenceCandidate>();
  let kept = [...accepted];
  for (;;) {
    const reduced = transitiveReduction(n, kept);
    const preds: number[][] = Array.from({ length: n }, () => []);
    for (const e of reduced) preds[e.to]!.push(e.from);
    const drop = new Set<PrecedenceCandidate>();
    for (const e of reduced) {
      if (e.posterior === undefined || judged.has(e)) continue;
      judged.add(e);
      const { from: a, to: b } = e;
      const pa = writtenPosition[a]!;
      const pb = writtenPosition[b]!;
      const written: -1 | 0 | 1 = pa >= 0 && pb >= 0 ? (pa < pb ? 1 : -1) : 0;
      let nab = 0;
      let nba = 0;
      let against = 0;
      runs.forEach((r, k) => {
        const pos = positions[k]!;
        const ia = pos[a]!;
        const ib = pos[b]!;
        if (ia < 0 || ib < 0) return;
        if (ib < ia) {
          nba += r.count;
          return;
        }
        against += r.count;
        for (const p of preds[b]!) if (p !== a && pos[p]! > ia) return;
        nab += r.count;
      });
      if (nba > 0 || written === 1) continue;
      if (posteriorAt(parameters, nab, nba, written, against) > 0.5) continue;
      drop.add(e);
    }
    if (drop.size === 0) return { kept, reduced, dropped };
    for (const e of drop) dropped.push(e);
    kept = kept.filter((e) => !drop.has(e));
  }
}
