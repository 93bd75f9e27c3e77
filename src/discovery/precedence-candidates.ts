// Precedence candidates: from pair counts and the written order, the ordered pairs a→b
// ("b must not happen before a") that clear the thresholds of InduceOptions, each with its
// support, confidence, origin and a strength used to insert strongest first.
//
// Rules (DESIGN.md, "Semantics"): for steps a, b let n_ab be the traces in which a's first
// occurrence precedes b's, c = n_ab + n_ba, and w_ab = 1 when both are written and a comes
// first in the written order. The written order counts as `writtenPriorWeight` pseudo-traces:
//   blended(a→b) = (n_ab + W·w_ab) / (c + W·[a and b both written]).
// - a written pair a<b is kept unless the traces overturn it: n_ba ≥ minSupport and
//   blended(a→b) < minConfidence (one sloppy run does not rewrite a protocol);
// - any other pair is kept when the traces assert it: n_ab ≥ minSupport and
//   blended(a→b) ≥ minConfidence.
// - proximity (minDirectFollows > 0): only pairs where b directly followed a in at least
//   minDirectFollows traces are candidates; orderings of distant steps follow from chains of
//   proximate ones (a step that is always early is not thereby before everything). A step left
//   with no proximate successor (predecessor) keeps its nearest distant candidate, by written
//   gap, so a step never loses all its constraints and, with no traces, the script is the chain.
//   Which distant candidate is "nearest" (fallbackBy): "follows" ranks by direct follows,
//   then written gap; "written" by written gap, then direct follows.
// - text prior (optional `relation`, from text-prior.ts): a pair of parallel steps is never a
//   candidate (neither proximate nor kept as a nearest distant one); a pair of related steps
//   is proximate with min(1, minDirectFollows) direct follows; and a chain head (a step with a
//   related successor candidate but no related predecessor candidate, e.g. "Take 1 tomato"
//   before "Chop the tomato") keeps no distant predecessor: it starts its own chain.
// - posterior (optional, from pair-posterior.ts; evidence "posterior", the default): a pair is
//   kept when its posterior probability of being a constraint exceeds 1/2, and a written pair
//   also when the traces never reversed it (absence of a reversal is no evidence against the
//   written order); the strength is the posterior. minSupport, minConfidence and the written
//   pseudo-traces are then not used.
// Returns the candidates sorted strongest first (blended confidence, then support, then
// closeness in the written order, then indexes, so the result is deterministic).
import type { InduceOptions } from "../model/index.js";
import type { PairCounts } from "./pair-counts.js";
import type { PairPosterior } from "./pair-posterior.js";
import { PAIR_PARALLEL, PAIR_RELATED, type PairRelation } from "./text-prior.js";

export interface PrecedenceCandidate {
  from: number;
  to: number;
  /** n_ab: traces in which both occur and `from` came first. */
  support: number;
  /** n_ab / c, or 1 when the pair never co-occurred (a written-only edge). */
  confidence: number;
  /** The blended confidence (or the posterior) the edge was ranked by. */
  strength: number;
  /** The posterior probability of the constraint, when a posterior was given. */
  posterior?: number;
  origin: "written" | "traces" | "both";
}

/**
 * @param writtenPosition position in the written order per step index, or -1 for a step that
 *   is not written.
 * @param relation text prior of a pair of step indexes (absent: every pair neutral).
 */
export function precedenceCandidates(
  counts: PairCounts,
  writtenPosition: readonly number[],
  options: Pick<InduceOptions, "minSupport" | "minConfidence" | "writtenPriorWeight" | "minDirectFollows" | "fallbackBy">,
  relation?: (a: number, b: number) => PairRelation,
  posterior?: PairPosterior,
): PrecedenceCandidate[] {
  const n = counts.size;
  const W = options.writtenPriorWeight;
  const filtered = options.minDirectFollows > 0;
  const out: PrecedenceCandidate[] = [];
  const distant: PrecedenceCandidate[] = [];
  const gapOf = (e: PrecedenceCandidate): number => {
    const pa = writtenPosition[e.from]!;
    const pb = writtenPosition[e.to]!;
    return pa >= 0 && pb >= 0 ? Math.abs(pb - pa) : Number.MAX_SAFE_INTEGER;
  };
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const nab = counts.before(a, b);
      const nba = counts.before(b, a);
      const c = nab + nba;
      const pa = writtenPosition[a]!;
      const pb = writtenPosition[b]!;
      const bothWritten = pa >= 0 && pb >= 0;
      const wab = bothWritten && pa < pb ? 1 : 0;
      const denom = c + (bothWritten ? W : 0);
      const blended = denom === 0 ? (wab === 1 ? 1 : 0) : (nab + W * wab) / denom;
      let keep: boolean;
      const p = posterior === undefined || c === 0 ? undefined : posterior.posterior(a, b);
      if (p !== undefined) keep = p > 0.5 || (wab === 1 && nba === 0);
      else if (wab === 1) keep = !(nba >= options.minSupport && blended < options.minConfidence);
      else keep = nab >= options.minSupport && blended >= options.minConfidence;
      if (!keep) continue;
      const prior = relation?.(a, b);
      if (prior === PAIR_PARALLEL) continue;
      const needFollows = prior === PAIR_RELATED ? Math.min(1, options.minDirectFollows) : options.minDirectFollows;
      const proximate = !filtered || counts.follows(a, b) >= needFollows;
      (proximate ? out : distant).push({
        from: a,
        to: b,
        support: nab,
        confidence: c === 0 ? 1 : nab / c,
        strength: p ?? blended,
        origin: wab === 1 ? (nab > 0 ? "both" : "written") : "traces",
        ...(p === undefined ? {} : { posterior: p }),
      });
    }
  }
  if (filtered) {
    // A step that keeps no proximate successor (predecessor) keeps its nearest distant one, so
    // the proximity rule never turns a constrained step into a free sink (source).
    const hasOut = new Uint8Array(n);
    const hasIn = new Uint8Array(n);
    for (const e of out) {
      hasOut[e.from] = 1;
      hasIn[e.to] = 1;
    }
    const byFollows = (x: PrecedenceCandidate, y: PrecedenceCandidate) => counts.follows(y.from, y.to) - counts.follows(x.from, x.to);
    const byGap = (x: PrecedenceCandidate, y: PrecedenceCandidate) => gapOf(x) - gapOf(y);
    const nearer =
      options.fallbackBy === "written"
        ? (x: PrecedenceCandidate, y: PrecedenceCandidate) => byGap(x, y) || byFollows(x, y) || y.strength - x.strength
        : (x: PrecedenceCandidate, y: PrecedenceCandidate) => byFollows(x, y) || byGap(x, y) || y.strength - x.strength;
    // Chain heads (text prior only): related successor candidate, no related predecessor one.
    const head = new Uint8Array(n);
    if (relation) {
      const relatedOut = new Uint8Array(n);
      const relatedIn = new Uint8Array(n);
      for (const e of [...out, ...distant]) {
        if (relation(e.from, e.to) !== PAIR_RELATED) continue;
        relatedOut[e.from] = 1;
        relatedIn[e.to] = 1;
      }
      for (let v = 0; v < n; v++) head[v] = relatedOut[v]! & (1 - relatedIn[v]!);
    }
    const bestOut = new Map<number, PrecedenceCandidate>();
    const bestIn = new Map<number, PrecedenceCandidate>();
    for (const e of distant) {
      if (!hasOut[e.from]) {
        const cur = bestOut.get(e.from);
        if (cur === undefined || nearer(e, cur) < 0) bestOut.set(e.from, e);
      }
      if (!hasIn[e.to] && !head[e.to]) {
        const cur = bestIn.get(e.to);
        if (cur === undefined || nearer(e, cur) < 0) bestIn.set(e.to, e);
      }
    }
    for (const e of new Set([...bestOut.values(), ...bestIn.values()])) out.push(e);
  }
  out.sort((x, y) => y.strength - x.strength || y.support - x.support || gapOf(x) - gapOf(y) || x.from - y.from || x.to - y.to);
  return out;
}
