// Ranking calibration (issue 13, item 2): how much next-step ranking and completion should lean
// on the pairwise model (src/query/pairwise-model.ts) rather than on the counts of what came next
// (set states, trigrams, bigrams), decided on the procedure's own runs.
// The runs are split into k folds (run-folds.ts: k = min(5, runs), run j to fold j mod k); each
// fold's runs are predicted step by step (END included) by a script whose counts and pairwise
// model come from the other folds only (the graph is the full script's: it only shapes the prior
// and the rankable set). For each share w of the pairwise model in SHARES, the
// held-out steps whose true next step the model ranks first are counted ("hits"). The share with
// the most hits replaces the default (RankingOptionsSchema's pairwiseWeight, 0.4, chosen on
// CrossTask) only when the runs show it is better: an exact one-sided sign test (McNemar) on the
// steps where exactly one of the two ranks the truth first, at 5 %. With few runs the default
// stays; a procedure whose runs clearly want more (or less) of the pairwise model gets it.
// Before the share, on the same held-out predictions, the back-off weight of the trigram counts
// (how far a row of the last two steps, seen in a few runs, is trusted over the last step's row)
// is chosen by held-out log-likelihood: the distribution at the default share, before masking,
// at each weight in TRIGRAM_WEIGHTS, gives each held-out next step a probability; the weight
// whose log-likelihood is highest is kept (the default 3, chosen on CrossTask, on a tie), as
// deleted interpolation (Jelinek & Mercer) sets back-off weights: the runs say how much their
// trigram rows are worth. The shares are then compared at that weight.
// Everything is fitted at the prior ranking will use: the allowed steps weighted by written order
// (writtenDecay 0.5) where the runs bear the written order out (Kendall's test,
// written-order-test.ts), flat (1) where they do not or no order is written (flatPrior below).
// NOTE: the weight by likelihood, the share by hits. Hits (the most, no test) chose the weight
// worse on eval:all (2026-12-07): BPIC 2012 with 16 training runs stayed below the trigram
// (−0.0017 against +0.0008) and CaptainCook4D completion below the written order; the
// likelihood chose the share worse (below).
// NOTE: chosen by hits, not by held-out likelihood (tried first, 2026-12-06): the likelihood's
// best share was lower than the default on most CaptainCook4D recipes and lowered Acc@1 there by
// 0.009 and completion by 0.008, while the ranking (what users see) wants more (docs/results.md).
// NOTE: steps after a repeat are ranked by the counts alone (the pairwise model does not apply
// there), as in ranking; they count as hits or misses for every share alike.
// NOTE: at most MAX_STEPS next steps are predicted (every stride-th variant, in every fold), so a
// huge log costs a bounded time; the counts of each fold still come from all its other runs.
import type { GraphScript, RankingCalibration } from "../model/index.js";
import type { RepeatsSource } from "../model/queries.js";
import { END } from "../model/index.js";
import { RunState } from "../conformance/run-state.js";
import { pairwiseModel } from "../query/pairwise-model.js";
import { distributionPartsAt, rankingOptions } from "../query/next-step-model.js";
import { runFolds } from "./run-folds.js";
import { SequenceCounts } from "./sequence-counts.js";
import { binomialTail, formatP } from "./special-functions.js";
import type { WrittenOrderTest } from "./written-order-test.js";

export const FOLDS = 5;
/** Held-out next steps predicted at most (about 1–2 s on the shared 2-core machine). */
export const MAX_STEPS = 20_000;
/** Shares of the pairwise model compared. */
export const SHARES: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
/** Back-off weights of the trigram counts compared (the default, 3, among them). */
export const TRIGRAM_WEIGHTS: readonly number[] = [0.25, 0.5, 1, 2, 3, 5];
/** Where repeats' probability comes from, compared (RankingOptions.repeats; the default first). */
export const REPEATS: readonly RepeatsSource[] = ["mixture", "counts"];
/** Level of the sign test that a share beats the default. */
export const LEVEL = 0.05;
/**
 * Floor of a held-out next step's probability (the count levels give every candidate some); it is
 * also capped at 1, so that rounding can never make a log-likelihood positive (the schema: ≤ 0).
 */
const MIN_PROBABILITY = 1e-12;
/** Log-likelihood differences below this are ties (rounding). */
const TIE = 1e-9;

export interface CalibrationRun {
  steps: readonly string[];
  /** How many runs had exactly these steps. */
  count: number;
}

/**
 * The ranking calibration of `script` from its runs (distinct runs with their counts); undefined
 * when there are fewer than 2 runs or the script gets no pairwise model (too large to fit).
 * @param writtenOrder Kendall's test of the written order against the runs (written-order-test.ts;
 *   undefined: no written order), which decides the prior the calibration fits at (flatPrior).
 */
export function calibrateRanking(
  script: GraphScript,
  runs: readonly CalibrationRun[],
  maxStates: number,
  writtenOrder?: WrittenOrderTest,
): RankingCalibration | undefined {
  const defaults = rankingOptions();
  const writtenDecay = flatPrior(writtenOrder) ? 1 : defaults.writtenDecay;
  const options = rankingOptions({ pairwiseWeight: 0, writtenDecay });
  const total = runs.reduce((s, r) => s + r.count, 0);
  if (total < 2 || pairwiseModel(script, options.pairwiseL2) === undefined) return undefined;
  const { k, inFold } = runFolds(runs.map((r) => r.count), FOLDS);
  const allSteps = runs.reduce((s, r) => s + r.steps.length + 1, 0);
  const stride = Math.max(1, Math.ceil(allSteps / MAX_STEPS));
  const w0 = TRIGRAM_WEIGHTS.indexOf(defaults.trigramWeight);
  if (w0 < 0) throw new Error(`the default trigramWeight ${defaults.trigramWeight} is not one of the weights compared`);
  // Per setting k (trigram weight TRIGRAM_WEIGHTS[k / 2], repeats REPEATS[k % 2]) and held-out
  // step: which shares rank the truth first (bit g for SHARES[g]); per setting, the held-out
  // log-likelihood; per step, its weight in runs.
  const settings = TRIGRAM_WEIGHTS.length * REPEATS.length;
  if (REPEATS[0] !== defaults.repeats) throw new Error(`the default repeats ${defaults.repeats} is not the first one compared`);
  const k0 = w0 * REPEATS.length;
  const topMasks: number[][] = Array.from({ length: settings }, () => []);
  const logLikelihoods: number[] = Array.from({ length: settings }, () => 0);
  const weight: number[] = [];
  const top = new Int32Array(SHARES.length);
  const topP = new Float64Array(SHARES.length);
  let heldRuns = 0;
  for (let f = 0; f < k; f++) {
    const sequences = new SequenceCounts(maxStates);
    runs.forEach((r, v) => {
      const train = r.count - inFold(v, f);
      if (train > 0) sequences.add(r.steps, train);
    });
    const trained: GraphScript = { ...script, transitions: sequences.transitions(), trigrams: sequences.trigramCounts(), states: sequences.states() };
    delete trained.calibration;
    runs.forEach((r, v) => {
      const held = inFold(v, f);
      if (held === 0 || v % stride !== 0) return;
      heldRuns += held;
      const run = new RunState(trained);
      const position = run.closure.position;
      const n = run.closure.steps.length;
      const done = new Uint8Array(n + 1);
      for (let i = 0; i <= r.steps.length; i++) {
        const step = i < r.steps.length ? r.steps[i]! : END;
        const truth = step === END ? n : position.get(step);
        if (truth !== undefined) {
          const d = distributionPartsAt(trained, run, options, TRIGRAM_WEIGHTS);
          for (let j = 0; j < n; j++) done[j] = run.isDoneAt(j) ? 1 : 0;
          d.counts.forEach((c, t) => {
            let repeatMass = 0;
            for (let j = 0; j < n; j++) if (done[j] === 1) repeatMass += c[j]!;
            REPEATS.forEach((repeats, m) => {
              const k = t * REPEATS.length + m;
              const fromCounts = repeats === "counts" && d.pairwise !== undefined ? repeatMass : undefined;
              topCandidates(c, d.pairwise, d.rankable, done, fromCounts, top, topP);
              let mask = 0;
              for (let g = 0; g < SHARES.length; g++) if (top[g] === truth) mask |= 1 << g;
              topMasks[k]!.push(mask);
              const p = mixed(c, d.pairwise, defaults.pairwiseWeight, done, fromCounts, truth);
              logLikelihoods[k]! += held * Math.log(Math.min(1, Math.max(p, MIN_PROBABILITY)));
            });
          });
          weight.push(held);
        }
        if (step !== END) run.post(step);
      }
    });
  }
  const steps = weight.reduce((s, w) => s + w, 0);
  if (steps === 0) return undefined;
  // The setting with the highest held-out log-likelihood (the defaults on a tie).
  let chosenSetting = k0;
  logLikelihoods.forEach((ll, k) => {
    if (ll > logLikelihoods[chosenSetting]! + TIE) chosenSetting = k;
  });
  const topMask = topMasks[chosenSetting]!;
  const hitsAt = (g: number): number => topMask.reduce((s, m, i) => s + ((m >> g) & 1) * weight[i]!, 0);
  const hits = SHARES.map((_, g) => hitsAt(g));
  const d = SHARES.indexOf(defaults.pairwiseWeight);
  if (d < 0) throw new Error(`the default pairwiseWeight ${defaults.pairwiseWeight} is not one of the shares compared`);
  // The most hits; among equals, the share closest to the default.
  let best = d;
  SHARES.forEach((w, g) => {
    const closer = Math.abs(w - defaults.pairwiseWeight) < Math.abs(SHARES[best]! - defaults.pairwiseWeight);
    if (hits[g]! > hits[best]! || (hits[g] === hits[best] && closer)) best = g;
  });
  // Sign test on the steps where exactly one of the two shares ranks the truth first.
  let onlyBest = 0;
  let onlyDefault = 0;
  topMask.forEach((m, i) => {
    const b = (m >> best) & 1;
    const a = (m >> d) & 1;
    if (b === 1 && a === 0) onlyBest += weight[i]!;
    if (b === 0 && a === 1) onlyDefault += weight[i]!;
  });
  const pValue = binomialTail(onlyBest, onlyBest + onlyDefault);
  const chosen = pValue < LEVEL ? best : d;
  return {
    pairwiseWeight: SHARES[chosen]!,
    ...(writtenDecay !== defaults.writtenDecay ? { writtenDecay } : {}),
    ...(writtenOrder !== undefined ? { writtenOrder } : {}),
    trigramWeight: TRIGRAM_WEIGHTS[Math.floor(chosenSetting / REPEATS.length)]!,
    repeats: REPEATS[chosenSetting % REPEATS.length]!,
    logLikelihood: logLikelihoods[chosenSetting]!,
    logLikelihoodDefault: logLikelihoods[k0]!,
    folds: k,
    runs: heldRuns,
    steps,
    hits: hits[chosen]!,
    hitsDefault: hits[d]!,
    bestShare: SHARES[best]!,
    hitsBest: hits[best]!,
    pValue: Math.round(pValue * 1e6) / 1e6,
  };
}

/**
 * The probability of candidate i in the model's distribution at pairwise share w, as
 * next-step-model.ts's mixPairwise gives it: (1 − w) · counts + w · pairwise, or with
 * `repeatMass` (repeats from the counts) a done step's counts probability and
 * (1 − w) · counts + w · (1 − repeatMass) · pairwise for the others.
 */
function mixed(counts: Float64Array, pairwise: Float64Array | undefined, w: number, done: Uint8Array, repeatMass: number | undefined, i: number): number {
  if (pairwise === undefined) return counts[i]!;
  if (repeatMass === undefined) return (1 - w) * counts[i]! + w * pairwise[i]!;
  return done[i] === 1 ? counts[i]! : (1 - w) * counts[i]! + w * ((1 - repeatMass) * pairwise[i]!);
}

/**
 * The candidate ranked first at each pairwise share SHARES[g], into top[g] (bestP: scratch):
 * rankable ones first, then by probability (`mixed`), then by number.
 */
function topCandidates(
  counts: Float64Array,
  pairwise: Float64Array | undefined,
  rankable: Uint8Array,
  done: Uint8Array,
  repeatMass: number | undefined,
  top: Int32Array,
  bestP: Float64Array,
): void {
  top.fill(-1);
  bestP.fill(-Infinity);
  // Whether a candidate is rankable does not depend on the share: the first group with any.
  let group = 0;
  for (let i = 0; i < counts.length; i++) if (rankable[i] === 1) (group = 1), (i = counts.length);
  const shares = SHARES.length;
  for (let i = 0; i < counts.length; i++) {
    if (rankable[i] !== group) continue;
    const c = counts[i]!;
    // `mixed` at every share, its factors taken out of the loop (the same arithmetic).
    const fixed = pairwise === undefined || (repeatMass !== undefined && done[i] === 1);
    const q = fixed ? 0 : repeatMass === undefined ? pairwise[i]! : (1 - repeatMass) * pairwise[i]!;
    for (let g = 0; g < shares; g++) {
      const w = SHARES[g]!;
      const p = fixed ? c : (1 - w) * c + w * q;
      if (p > bestP[g]!) (top[g] = i), (bestP[g] = p);
    }
  }
}

/** The choice of the trigram weight and of repeats' source in words, for the script's reasons (undefined before they were fitted). */
export function countsReason(r: RankingCalibration): string | undefined {
  if (r.trigramWeight === undefined || r.logLikelihood === undefined || r.logLikelihoodDefault === undefined) return undefined;
  const d = rankingOptions();
  const held = `${r.folds}-fold split by run: ${r.runs} runs, ${r.steps} next steps`;
  const repeats = r.repeats ?? d.repeats;
  if (r.trigramWeight === d.trigramWeight && repeats === d.repeats)
    return `next-step ranking backs off from the last two steps to the last one at the default trigram weight ${d.trigramWeight} and mixes the pairwise model into repeats: no other setting gave held-out runs' next steps a higher likelihood (${held}; log-likelihood ${r.logLikelihood.toFixed(1)})`;
  const weight =
    r.trigramWeight === d.trigramWeight
      ? `at the default trigram weight ${d.trigramWeight}`
      : `at trigram weight ${r.trigramWeight} instead of the default ${d.trigramWeight} (trusting the last two steps ${r.trigramWeight < d.trigramWeight ? "more" : "less"})`;
  const source =
    repeats === "counts"
      ? "a repeat's probability comes from the counts (the pairwise model ranks the steps not done yet)"
      : "the pairwise model is mixed into repeats";
  return `next-step ranking backs off from the last two steps to the last one ${weight}, and ${source}: this gave held-out runs' next steps a higher likelihood than the defaults (${held}; log-likelihood ${r.logLikelihood.toFixed(1)} vs ${r.logLikelihoodDefault.toFixed(1)})`;
}

/**
 * Whether next-step ranking's prior over the allowed steps is flat (RankingOptions.writtenDecay 1)
 * rather than weighted by written order: when the runs do not bear out a written order (Kendall's
 * test, written-order-test.ts, not below LEVEL), or there is none (no written step, or fewer than
 * two that any run holds). The steps of a log-only procedure are numbered as they first appeared in
 * the traces, an accident of which run came first in the file; a prior by that order made the
 * answers depend on it. With few runs, where the prior weighs most, the flat one ranked better
 * (docs/results.md, "Few runs").
 */
export function flatPrior(writtenOrder: WrittenOrderTest | undefined): boolean {
  return writtenOrder === undefined || writtenOrder.pValue >= LEVEL;
}

/** The prior in words, for the script's reasons (undefined for a script fitted before it was recorded). */
export function priorReason(r: RankingCalibration): string | undefined {
  const lead = "next-step ranking's prior over the allowed steps";
  const w = r.writtenOrder;
  const test =
    w === undefined
      ? ""
      : ` (of the ${w.steps * (w.steps - 1) / 2} pairs of written steps, the runs mostly order ${w.agree} as written and ${w.disagree} the other way; Kendall's test ${formatP(w.pValue)}, ${w.pValue < LEVEL ? "below" : "not below"} ${LEVEL})`;
  if (r.writtenDecay === 1 && w === undefined)
    return `${lead} is flat: the procedure has no written order (its steps are numbered as they first appeared in the traces, which says nothing about the procedure)`;
  if (r.writtenDecay === 1) return `${lead} is flat: the runs do not bear out the written order${test}`;
  if (w === undefined) return undefined;
  return `${lead} follows the written order: the runs bear it out${test}`;
}

/** The calibration in words, for the script's reasons. */
export function rankingReason(r: RankingCalibration): string {
  const held = `${r.folds}-fold split by run: ${r.runs} runs, ${r.steps} next steps`;
  const pct = (h: number) => `${((100 * h) / r.steps).toFixed(1)} %`;
  const p = `sign test ${formatP(r.pValue)}`;
  const lead = "next-step ranking mixes in the pairwise model";
  if (r.hitsBest === r.hitsDefault)
    return `${lead} at the default share ${r.pairwiseWeight}: no other share ranked held-out runs' next steps first more often (${held}; ${pct(r.hits)} ranked first)`;
  if (r.pairwiseWeight !== r.bestShare)
    return `${lead} at the default share ${r.pairwiseWeight}: share ${r.bestShare} ranked held-out runs' next steps first more often, but not clearly (${held}; ${pct(r.hitsBest)} vs ${pct(r.hitsDefault)}, ${p}, not below ${LEVEL})`;
  return `${lead} at ${r.pairwiseWeight} instead of the default: it ranked held-out runs' next steps first more often (${held}; ${pct(r.hits)} vs ${pct(r.hitsDefault)}, ${p}, below ${LEVEL})`;
}
