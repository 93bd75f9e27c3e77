// Next-step distribution of a graph script after a run so far: the probability of every
// candidate (each step and END), whether it is allowed now and, if not, why.
// Evidence, most specific first, each level interpolated with the one below (Witten-Bell):
// the SET of done steps (set-state counts), the last two steps (trigrams), the last step
// (bigrams), and a prior over the steps the graph allows now, weighted by written order (flat where
// the calibration found no written order the runs bear out: ranking-calibration.ts, flatPrior).
// On top, a share `pairwiseWeight` of the pairwise model (pairwise-model.ts: a log-linear
// model of the next step given which steps are done, fitted to the same set-state counts) is
// mixed in linearly; it generalises to done sets the counts never saw.
// The result is masked by the constraints (RunState.judge), except where the training runs show a
// step right here (a count after this done set or these last two steps; the last two steps never
// for a done step that is not repeatable, or repeatable only as a step of a loop (repeats: 0);
// after the last step alone when the run has broken a rule and no run reached its done set or its
// last two steps): those "rankable" candidates share the whole probability mass and come first (a
// refused one keeps allowed: false and its reason); the others follow with probability 0, ordered
// by their unmasked score, each with its reason. `allowed` is the order check's verdict, which does
// not enforce habit edges (enforced-view.ts): a candidate only a habit holds back is allowed,
// ranked as the mask left it. Set states are used only while the run has no repeat.
// Assumes the counts in the script come from SequenceCounts (START/END framing, sets of
// distinct done steps). Count indexes are built once per script object (WeakMap cache).
// Candidates are numbered as in the precedence closure (step i: written position i, END: n);
// probabilities live in one Float64Array per level, summed in the same order as always (allowed
// candidates first, then the others, each in written order), so every figure is unchanged.
import { END, START, type GraphScript } from "../model/index.js";
import { RankingOptionsSchema, type NextStep, type RankingOptions, type RankingOptionsInput } from "../model/queries.js";
import { RunState } from "../conformance/run-state.js";
import { enforcedScript } from "../conformance/enforced-view.js";
import { bitsKey, precedenceClosure, stepSetBits } from "../conformance/precedence-closure.js";
import { pairwiseDistribution, pairwiseModel } from "./pairwise-model.js";

/** One row of counts (what came next after some context), restricted to the candidates. */
interface CountRow {
  /** Distinct successors counted, candidates or not (the Witten-Bell type count). */
  size: number;
  /** Sum of the counts of successors that are candidates. */
  total: number;
  /** Candidate numbers of the successors that are candidates, and their counts. */
  to: Int32Array;
  count: Float64Array;
}

interface CountIndex {
  /** Keyed by the done set's bitset (`bitsKey`); states naming unknown or repeated steps never match a run and are left out. */
  states: Map<string, CountRow>;
  /** prev[0] → prev[1] → row. */
  trigrams: Map<string, Map<string, CountRow>>;
  bigrams: Map<string, CountRow>;
  /** 1 for a step some training run repeated (by closure position; past `maxStates` a repeat may be missed). */
  repeatedByRun: Uint8Array;
  /**
   * 1 for a step the check lets repeat although fewer than `minSupport` runs repeated it (one run
   * in a clean log, induce.ts): once done, it is ranked only where the counts show it. NOTE: a
   * step written as repeatable that one run repeated is treated so too (the script does not say
   * which of the two made it repeatable); one no run repeated is not.
   */
  weakRepeat: Uint8Array;
  /**
   * 1 for a step repeatable only as a step of a loop the runs repeat (`repeats: 0`, loop-steps.ts):
   * no run repeated it, so it is ranked as a step no run repeated (`once` below).
   */
  loopOnly: Uint8Array;
}

const indexes = new WeakMap<GraphScript, CountIndex>();

function countIndex(script: GraphScript): CountIndex {
  const hit = indexes.get(script);
  if (hit) return hit;
  const c = precedenceClosure(script);
  const n = c.steps.length;
  const add = (m: Map<string, Map<string, number>>, key: string, to: string, count: number): void => {
    let row = m.get(key);
    if (!row) m.set(key, (row = new Map()));
    row.set(to, (row.get(to) ?? 0) + count);
  };
  const states = new Map<string, Map<string, number>>();
  const bits = new Uint32Array(c.words);
  // Steps some training run repeated: a state (before or after a run's first repeat) whose done
  // set holds the step it was followed by.
  const repeatedByRun = new Uint8Array(n);
  for (const s of script.states) {
    if (s.afterRepeat !== true && stepSetBits(c, s.done, bits)) add(states, bitsKey(bits, c.words), s.to, s.count);
    const k = c.position.get(s.to);
    if (k !== undefined && repeatedByRun[k] === 0 && s.done.includes(s.to)) repeatedByRun[k] = 1;
  }
  const trigrams = new Map<string, Map<string, Map<string, number>>>();
  for (const t of script.trigrams) {
    let inner = trigrams.get(t.prev[0]);
    if (!inner) trigrams.set(t.prev[0], (inner = new Map()));
    add(inner, t.prev[1], t.to, t.count);
  }
  const bigrams = new Map<string, Map<string, number>>();
  for (const t of script.transitions) add(bigrams, t.from, t.to, t.count);

  const candidate = (s: string): number | undefined => (s === END ? n : c.position.get(s));
  const toRow = (counts: Map<string, number>): CountRow => {
    const to: number[] = [];
    const count: number[] = [];
    let total = 0;
    for (const [s, v] of counts) {
      const k = candidate(s);
      if (k === undefined) continue;
      total += v;
      to.push(k);
      count.push(v);
    }
    return { size: counts.size, total, to: Int32Array.from(to), count: Float64Array.from(count) };
  };
  const weakRepeat = new Uint8Array(n);
  const loopOnly = new Uint8Array(n);
  for (const st of script.steps) {
    const k = c.position.get(st.id);
    if (k === undefined || !st.repeatable || st.repeats === undefined) continue;
    if (st.repeats < script.options.minSupport) weakRepeat[k] = 1;
    if (st.repeats === 0) loopOnly[k] = 1;
  }
  const idx: CountIndex = { states: new Map(), trigrams: new Map(), bigrams: new Map(), repeatedByRun, weakRepeat, loopOnly };
  for (const [k, row] of states) idx.states.set(k, toRow(row));
  for (const [a, inner] of trigrams) idx.trigrams.set(a, new Map([...inner].map(([b, row]) => [b, toRow(row)])));
  for (const [k, row] of bigrams) idx.bigrams.set(k, toRow(row));
  indexes.set(script, idx);
  return idx;
}

const defaultOptions: RankingOptions = Object.freeze(RankingOptionsSchema.parse({}));

/** Per script: the default options with the script's fitted ranking calibration. */
const calibratedDefaults = new WeakMap<GraphScript, RankingOptions>();

/**
 * The ranking options of a query: `input` over the defaults. With `script`, the
 * `pairwiseWeight`, `trigramWeight` and `repeats` fitted to the script's runs
 * (script.calibration.ranking, src/discovery/ranking-calibration.ts) replace the defaults, each
 * unless `input` sets it.
 */
export function rankingOptions(input: RankingOptionsInput | RankingOptions = {}, script?: GraphScript): RankingOptions {
  const fitted = script?.calibration?.ranking;
  const empty = Object.getPrototypeOf(input) === Object.prototype && Object.keys(input).length === 0;
  if (fitted !== undefined) {
    // Each fitted weight applies unless the query sets that option itself.
    const own: { pairwiseWeight?: number; trigramWeight?: number; writtenDecay?: number; repeats?: RankingOptions["repeats"] } = {};
    if (!("pairwiseWeight" in input)) own.pairwiseWeight = fitted.pairwiseWeight;
    if (fitted.trigramWeight !== undefined && !("trigramWeight" in input)) own.trigramWeight = fitted.trigramWeight;
    if (fitted.writtenDecay !== undefined && !("writtenDecay" in input)) own.writtenDecay = fitted.writtenDecay;
    if (fitted.repeats !== undefined && !("repeats" in input)) own.repeats = fitted.repeats;
    if (empty) {
      let hit = calibratedDefaults.get(script!);
      if (hit === undefined) calibratedDefaults.set(script!, (hit = Object.freeze({ ...defaultOptions, ...own })));
      return hit;
    }
    if (Object.keys(own).length > 0) return RankingOptionsSchema.parse({ ...input, ...own });
  }
  // NOTE: the defaults are parsed once; an empty plain object (every API call) reuses them.
  if (empty) return defaultOptions;
  return RankingOptionsSchema.parse(input);
}

/**
 * Every candidate ranked after the run in `run`; see the header for the model. With `limit`,
 * only the first `limit` of that ranking (the same candidates, in the same order).
 */
export function nextStepDistribution(script: GraphScript, run: RunState, options: RankingOptions, limit = Infinity): NextStep[] {
  return distribution(script, run, options, limit, false);
}

/**
 * The rankable candidates of `nextStepDistribution` (allowed, or shown by the runs in this
 * context), in the same order: the steps completion's beam search may extend a run by.
 */
export function allowedNextSteps(script: GraphScript, run: RunState, options: RankingOptions): NextStep[] {
  return distribution(script, run, options, Infinity, true);
}

/** The count levels' distribution after a run, before the pairwise model is mixed in. */
interface CountLevels {
  /** Interpolated probabilities by candidate number (steps by closure position, END = n). */
  p: Float64Array;
  /** 1 where the check allows the candidate now. */
  allowed: Uint8Array;
  /** 1 where the candidate is ranked with the allowed ones (allowed, or shown by the runs here). */
  rankable: Uint8Array;
  /** Candidate numbers in summation order: rankable ones first, then the others. */
  order: Int32Array;
  rankableCount: number;
  /** The run repeated a step (set states and the pairwise model do not apply). */
  repeated: boolean;
}

function countLevels(script: GraphScript, run: RunState, options: RankingOptions): CountLevels {
  return countLevelsAt(script, run, options, [options.trigramWeight])[0]!;
}

/**
 * `countLevels` at each trigram weight in `trigramWeights` (the other options as given): the
 * levels below the trigram row are computed once.
 */
function countLevelsAt(script: GraphScript, run: RunState, options: RankingOptions, trigramWeights: readonly number[]): CountLevels[] {
  const c = run.closure;
  const idx = countIndex(script);
  const n = c.steps.length;
  // 1 where the candidate is allowed now; the reasons of the others are built only for output.
  const allowed = new Uint8Array(n + 1);
  for (let i = 0; i < n; i++) allowed[i] = run.allowsAt(i) ? 1 : 0;
  allowed[n] = run.hasMissingRequired() ? 0 : 1;
  // Ranked with the allowed ones: candidates the check forbids but the training runs show right
  // here (counted after this very context). A constraint is evidence for ranking, not a filter
  // where the data shows the step happening (docs/engine.md, "Ranking and checking").
  const rankable = allowed.slice();
  // A done step that fewer than minSupport runs repeated is allowed again by the check but ranked
  // only where the counts below show it (as before one run could make a step repeatable).
  for (let i = 0; i < n; i++) if (idx.weakRepeat[i] === 1 && rankable[i] === 1 && run.isDoneAt(i)) rankable[i] = 0;
  // A set of done steps describes a run only while no step repeated: after a repeat the same set
  // stands for runs in different places, and the last steps (trigram) say more.
  const repeated = run.hasRepeat;
  const stateRow = repeated ? undefined : idx.states.get(run.doneKey());
  const known = run.knownStepCount;
  const last = known > 0 ? run.lastKnown! : START;
  const beforeLast = known > 1 ? run.beforeLastKnown! : START;
  const trigramRow = known > 0 ? idx.trigrams.get(beforeLast)?.get(last) : undefined;
  const bigramRow = idx.bigrams.get(last);
  // NOTE: the trigram row does not make rankable a step already done that no training run
  // repeated: the last two steps do not say what was done before them (BPIC 2012: after four
  // steps done in any order, the trigram of the last two shows one of the other two next, and
  // ranked it first 1,036 times, never rightly). The state row knows the done set: a done step it
  // shows is a repeat the runs made right there. A step some run repeated stays rankable from the
  // trigram row even when it is not `repeatable` (that needs minSupport runs, for the check):
  // ranking does not throw away a repeat the runs made (docs/engine.md, "Ranking and checking").
  const once = (k: number): boolean => k < n && (c.isRepeatable[k] === 0 || idx.loopOnly[k] === 1) && idx.repeatedByRun[k] === 0 && run.isDoneAt(k);
  // The successors a row counted become rankable (but a done step no run repeated, with `skipOnce`).
  const show = (row: CountRow, skipOnce: boolean): void => {
    for (let j = 0; j < row.to.length; j++) if (row.count[j]! > 0 && !(skipOnce && once(row.to[j]!))) rankable[row.to[j]!] = 1;
  };
  if (stateRow) show(stateRow, false);
  if (trigramRow) show(trigramRow, true);
  // A run that has broken a rule and reached a done set and last two steps no run did: the last
  // step is the most specific context the runs saw, and what they did after it shows where a
  // step can happen (the constraints have already judged the run off the graph).
  if (run.hasDeviated && !stateRow && !trigramRow && bigramRow) show(bigramRow, true);
  // Candidate numbers in summation order: rankable ones first, then the others (written order).
  const order = new Int32Array(n + 1);
  let rankableCount = 0;
  for (let i = 0; i <= n; i++) if (rankable[i] === 1) order[rankableCount++] = i;
  for (let i = 0, j = rankableCount; i <= n; i++) if (rankable[i] === 0) order[j++] = i;

  // Prior: rankable candidates in written order (END last), writtenDecay per rank; a small share
  // for the others so that their order is still meaningful when nothing is rankable.
  let p: Float64Array = new Float64Array(n + 1);
  const decay = powers(options.writtenDecay, n + 1);
  for (let r = 0; r <= n; r++) p[order[r]!] = r < rankableCount ? decay[r]! : 1e-6 * decay[r]!;
  normalise(p, order);

  const D = options.discount;
  p = interpolate(bigramRow, p, order, options.bigramWeight, D);
  const bigram = p;
  return trigramWeights.map((w) => {
    let q = bigram;
    if (known > 0) q = interpolate(trigramRow, q, order, w, D);
    q = interpolate(stateRow, q, order, options.stateWeight, D);
    return { p: q, allowed, rankable, order, rankableCount, repeated };
  });
}

/**
 * The two parts of the model's distribution after the run in `run`, before masking, by candidate
 * number (a step's closure position; END = the step count): `counts` from the count levels, one
 * array per trigram weight in `trigramWeights` (`counts[i]` at `trigramWeights[i]`, the other
 * options as given; the levels below the trigram row computed once), and `pairwise` from the
 * pairwise model (undefined when it does not apply: no model for this script and penalty, or a
 * repeat in the run), with the candidates ranked first (`rankable`). The model's distribution
 * mixes them (`mixPairwise`: (1 − pairwiseWeight) · counts + pairwiseWeight · pairwise, or with
 * repeats from the counts). src/discovery/ranking-calibration.ts fits the weights and the source
 * of repeats on held-out runs.
 */
export function distributionPartsAt(
  script: GraphScript,
  run: RunState,
  options: RankingOptions,
  trigramWeights: readonly number[],
): { counts: Float64Array[]; pairwise: Float64Array | undefined; rankable: Uint8Array } {
  const levels = countLevelsAt(script, run, options, trigramWeights);
  const { rankable, repeated } = levels[0]!;
  const n = levels[0]!.p.length;
  const model = repeated ? undefined : pairwiseModel(script, options.pairwiseL2);
  const pairwise = model ? pairwiseDistribution(model, run, new Float64Array(n)) : undefined;
  return { counts: levels.map((l) => l.p), pairwise, rankable };
}

function distribution(script: GraphScript, run: RunState, options: RankingOptions, limit: number, allowedOnly: boolean): NextStep[] {
  const c = run.closure;
  const n = c.steps.length;
  const levels = countLevels(script, run, options);
  const { allowed, rankable, order, rankableCount, repeated } = levels;
  let p = levels.p;
  const w = options.pairwiseWeight;
  const model = w > 0 && !repeated ? pairwiseModel(script, options.pairwiseL2) : undefined;
  if (model) {
    const q = pairwiseDistribution(model, run, new Float64Array(n + 1));
    mixPairwise(p, q, w, options.repeats === "counts" ? run : undefined, q);
    p = normalise(q, order);
  }

  let rankableMass = 0;
  for (let i = 0; i <= n; i++) if (rankable[i] === 1) rankableMass += p[i]!;
  // Rankable first, then by unmasked score, then written order (END after every step).
  const ranked = rank(p, rankable, order, rankableCount, limit, allowedOnly);
  // The check enforces no habit edge (habit-edges.ts): a candidate that only they hold back is
  // allowed, ranked as the runs show it (a habit is evidence for ranking).
  const enforced = enforcedScript(script);
  let checkRun: RunState | undefined;
  const enforcedAllows = (i: number): boolean => (checkRun ??= new RunState(enforced, run.steps)).allowsAt(i);
  return ranked.map((i) => {
    const step = i === n ? END : c.steps[i]!;
    const probability = rankable[i] === 1 && rankableMass > 0 ? p[i]! / rankableMass : 0;
    if (allowed[i] === 0 && !(i < n && enforced !== script && enforcedAllows(i))) {
      const reason = i === n ? run.missingRequired()[0]! : run.judgeAt(i)[0]!;
      return { step, probability, allowed: false, reason };
    }
    return { step, probability, allowed: true };
  });
}

/**
 * The model's distribution from its two parts into `out` (may be `pairwise`): (1 − w) · counts +
 * w · pairwise; with `run` (RankingOptions.repeats "counts"), a step done in the run keeps its
 * counts probability and the others get (1 − w) · counts + w · (1 − repeat mass) · pairwise, the
 * pairwise model ranking only the steps not done yet. Candidates numbered as in the closure, END last.
 */
function mixPairwise(counts: Float64Array, pairwise: Float64Array, w: number, run: RunState | undefined, out: Float64Array): Float64Array {
  const n = counts.length - 1;
  if (run === undefined) {
    for (let i = 0; i <= n; i++) out[i] = (1 - w) * counts[i]! + w * pairwise[i]!;
    return out;
  }
  let repeatMass = 0;
  for (let i = 0; i < n; i++) if (run.isDoneAt(i)) repeatMass += counts[i]!;
  for (let i = 0; i <= n; i++) out[i] = i < n && run.isDoneAt(i) ? counts[i]! : (1 - w) * counts[i]! + w * ((1 - repeatMass) * pairwise[i]!);
  return out;
}

/**
 * Candidate numbers ranked: allowed first, then by score (descending), then written order (END,
 * numbered n, after every step); the first `limit` of them, or only the allowed ones.
 */
function rank(p: Float64Array, allowed: Uint8Array, order: Int32Array, rankableCount: number, limit: number, allowedOnly: boolean): number[] {
  const n = p.length - 1;
  const all = n + 1;
  const byScore = (a: number, b: number): number => p[b]! - p[a]! || (a === n ? Infinity : a) - (b === n ? Infinity : b);
  const hasNaN = p.some(Number.isNaN);
  if (hasNaN || (limit >= all && !allowedOnly)) {
    // NOTE: the full sort (also whenever a score is NaN, which only absurd weights can cause, so
    // that the order is exactly the comparator's as before).
    const ranked = Array.from({ length: all }, (_, i) => i)
      .sort((a, b) => allowed[b]! - allowed[a]! || byScore(a, b))
      .slice(0, Math.max(0, limit));
    return allowedOnly ? ranked.filter((i) => allowed[i] === 1) : ranked;
  }
  // Without NaN the order is a strict total one (scores are numbers, candidate numbers
  // distinct), so sorting a part or selecting the best gives exactly the full sort's prefix.
  if (allowedOnly) return Array.from(order.subarray(0, rankableCount)).sort(byScore).slice(0, Math.max(0, limit));
  // Top `limit` by selection. The allowed candidates are order[0, rankableCount), the others
  // order[rankableCount, n].
  const out: number[] = [];
  const taken = new Uint8Array(all);
  for (let k = 0; k < limit; k++) {
    const group = out.length < rankableCount ? 0 : 1;
    const from = group === 0 ? 0 : rankableCount;
    const to = group === 0 ? rankableCount : all;
    let best = -1;
    for (let r = from; r < to; r++) {
      const i = order[r]!;
      if (taken[i] === 1) continue;
      // Candidates come in ascending number within a group: a tie on score keeps the first.
      if (best < 0 || p[i]! > p[best]!) best = i;
    }
    if (best < 0) break;
    taken[best] = 1;
    out.push(best);
  }
  return out;
}

/** Math.pow(base, r) for r < length, kept for the last base asked (the same numbers as Math.pow). */
let powerCache: { base: number; values: Float64Array } | undefined;
function powers(base: number, length: number): Float64Array {
  if (!powerCache || powerCache.base !== base || powerCache.values.length < length) {
    const values = new Float64Array(Math.max(length, powerCache?.base === base ? powerCache.values.length : 0));
    for (let r = 0; r < values.length; r++) values[r] = Math.pow(base, r);
    powerCache = { base, values };
  }
  return powerCache.values;
}

/** Witten-Bell interpolation of counts with a lower-order distribution over the same candidates. */
function interpolate(counts: CountRow | undefined, lower: Float64Array, order: Int32Array, weight: number, discount: number): Float64Array {
  if (!counts || counts.size === 0) return lower;
  const n = counts.total;
  if (n === 0) return lower;
  const out = new Float64Array(lower.length);
  if (discount > 0) {
    // Absolute discounting: every seen count gives up `discount`, the lower level gets it all.
    const d = Math.min(discount, 1);
    const backoff = (d * counts.size) / n;
    for (let s = 0; s < lower.length; s++) out[s] = Math.max(0 - d, 0) / n + backoff * weight * lower[s]!;
    for (let j = 0; j < counts.to.length; j++) {
      const s = counts.to[j]!;
      out[s] = Math.max(counts.count[j]! - d, 0) / n + backoff * weight * lower[s]!;
    }
    return normalise(out, order);
  }
  const backoff = weight * counts.size;
  for (let s = 0; s < lower.length; s++) out[s] = (0 + backoff * lower[s]!) / (n + backoff);
  for (let j = 0; j < counts.to.length; j++) {
    const s = counts.to[j]!;
    out[s] = (counts.count[j]! + backoff * lower[s]!) / (n + backoff);
  }
  return normalise(out, order);
}

/** Scales `m` to sum 1, summing in `order` (the order fixes the rounding). */
function normalise(m: Float64Array, order: Int32Array): Float64Array {
  let total = 0;
  for (let r = 0; r < order.length; r++) total += m[order[r]!]!;
  if (total <= 0) return m;
  for (let s = 0; s < m.length; s++) m[s] = m[s]! / total;
  return m;
}
