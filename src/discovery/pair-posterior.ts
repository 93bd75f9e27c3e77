// Pair posterior: for every pair of steps a, b that occur together in some runs, the posterior
// probability that the procedure constrains their order (a→b or b→a) rather than leaving them
// free, given how often each came first. It replaces fixed count thresholds ("kept at 0.9
// confidence and 2 runs") by a model fitted to the user's own traces (DESIGN.md, "Semantics"):
//
//   constraint a→b:  n_ba ~ BetaBinomial(c, 1, b)  (reversals are noise; each pair's noise rate is
//                                                  drawn from Beta(1, b), mean ε = 1/(1+b): noise
//                                                  swaps neighbours more often than distant steps)
//   free:            n_ab ~ BetaBinomial(c, α, α)  (the runs order the pair either way)
//
// where c = n_ab + n_ba is the number of runs containing both. The shares of constrained and free
// pairs (expectation-maximisation) and b (golden-section search on the likelihood at each step)
// are fitted over all pairs of the procedure; pairs of written steps form their own group, whose
// shares say how far the written order is borne out by the runs (forward constraint, reversed
// constraint, free). So:
// - a pair never reversed in many runs is constrained only when a free pair would likely have
//   shown a reversal by then: with c runs the free model gives n_ba = 0 probability 1/(c+1)
//   (α = 1); with 3 runs that is 1/4, so few runs cannot establish a constraint on their own;
// - a pair reversed in a share of runs well above the noise is free, whatever its "confidence";
// - ε is 0 for clean logs (one reversal frees a pair) and fitted for noisy ones (a few
//   reversals of a pair are explained as noise). This fits the model it is asked for;
//   noise-selection.ts decides which one on held-out runs (the noisy one only when it predicts
//   them clearly better: with a handful of runs, a reversal is a valid order unless the runs
//   show noise).
// The fit is some hundred passes over the co-occurring pairs (n² / 2 at most).
import type { PairCounts } from "./pair-counts.js";
import { goldenMax, lnBeta, lnGamma } from "./special-functions.js";

export interface PairPosteriorParameters {
  /** Fitted mean probability that one run reverses a constrained pair (0: the log is clean). */
  epsilon: number;
  /** α of the free pairs' BetaBinomial (1 unless given). */
  alpha: number;
  /** Shares of pairs of written steps: constraint in the written direction, reversed, free. */
  writtenShares: [number, number, number];
  /** Shares of the other co-occurring pairs: constrained (either direction), free. */
  otherShares: [number, number];
  /** Pairs that occur together in at least one run (the data of the fit). */
  pairs: number;
  logLikelihood: number;
  iterations: number;
}

export interface PairPosterior {
  /** posterior(a, b): probability that a→b is a constraint (a must come before b). */
  posterior(a: number, b: number): number;
  parameters: PairPosteriorParameters;
}

export interface PairPosteriorOptions {
  /**
   * α of the free pairs' BetaBinomial (1: every split of the c runs equally likely; below 1: free
   * pairs tend to keep one habitual order). Default 1. NOTE: fitting α on a grid by likelihood
   * was tried and lost on CaptainCook4D (a handful of runs per procedure cannot tell α apart), and
   * so did a habit prior toward the written order for free written pairs (docs/engine.md, "What
   * the defaults were chosen on").
   */
  alpha?: number;
  maxIterations?: number;
  /**
   * Start EM from these parameters (fits of the same models on similar counts, such as all the
   * runs when fitting a fold): it then converges in a few passes.
   */
  start?: Readonly<Record<NoiseModel, PairPosteriorParameters>>;
}

/** Clean: a constraint is never reversed; noisy: reversals at a fitted rate. */
export type NoiseModel = "clean" | "noisy";

interface Pair {
  a: number;
  b: number;
  /** Runs with a first, with b first. */
  nab: number;
  nba: number;
  /** 1 when both steps are written and a comes first in the written order; 0 otherwise. */
  written: 0 | 1;
  /** Log-likelihood of the free model (fixed by α). */
  logFree: number;
}

const EPSILON_FLOOR = 1e-9;

/**
 * The pair posterior under each noise model, clean and noisy (noise-selection.ts chooses), fitted
 * on one table of the co-occurring pairs.
 * @param writtenPosition position in the written order per step index, -1 for a step that is
 *   not written.
 */
export function pairPosteriors(counts: PairCounts, writtenPosition: readonly number[], options: PairPosteriorOptions = {}): Record<NoiseModel, PairPosterior> {
  const n = counts.size;
  const alpha = options.alpha ?? 1;
  const maxIterations = options.maxIterations ?? 200;
  const pairs: Pair[] = [];
  let anyWritten = false;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const x = counts.before(a, b);
      const y = counts.before(b, a);
      if (x + y === 0) continue;
      const pa = writtenPosition[a]!;
      const pb = writtenPosition[b]!;
      const both = pa >= 0 && pb >= 0;
      // Orient written pairs in the written direction, so group "written" reads forward.
      const [s, t, nst, nts] = both && pb < pa ? [b, a, y, x] : [a, b, x, y];
      if (both) anyWritten = true;
      pairs.push({ a: s, b: t, nab: nst, nba: nts, written: both ? 1 : 0, logFree: 0 });
    }
  }

  // The binomial coefficient is common to every hypothesis and left out.
  for (const p of pairs) p.logFree = lnBeta(p.nab + alpha, p.nba + alpha) - lnBeta(alpha, alpha);
  const posteriorOf = (fit: Fit): PairPosterior => {
    const post = new Float64Array(n * n);
    pairs.forEach((p, i) => {
      post[p.a * n + p.b] = fit.forward[i]!;
      post[p.b * n + p.a] = fit.backward[i]!;
    });
    return {
      posterior: (a, b) => post[a * n + b]!,
      parameters: {
        epsilon: fit.epsilon,
        alpha,
        writtenShares: anyWritten ? fit.writtenShares : [0, 0, 0],
        otherShares: fit.otherShares,
        pairs: pairs.length,
        logLikelihood: fit.logLikelihood,
        iterations: fit.iterations,
      },
    };
  };
  // The clean model (b = ∞: a constrained pair is never reversed; no log tables needed) and the
  // noisy one (b fitted, from 100 or the start's).
  const start = options.start;
  const b0 = start !== undefined && start.noisy.epsilon > 0 ? 1 / start.noisy.epsilon - 1 : 100;
  // Each fitted when first read: a caller that needs one model (a held-out fold of
  // held-out-inversions.ts) does not pay for the other.
  let clean: PairPosterior | undefined;
  let noisy: PairPosterior | undefined;
  return {
    get clean() {
      return (clean ??= posteriorOf(fitEm(pairs, undefined, maxIterations, start?.clean)));
    },
    get noisy() {
      return (noisy ??= posteriorOf(fitEm(pairs, new LogTables(pairs), maxIterations, start?.noisy, b0)));
    },
  };
}

interface Fit {
  /** Mean probability that one run reverses a constrained pair, 1/(1+b). */
  epsilon: number;
  writtenShares: [number, number, number];
  otherShares: [number, number];
  forward: Float64Array;
  backward: Float64Array;
  logLikelihood: number;
  iterations: number;
}

/**
 * Log-likelihood (binomial coefficient left out) of k reversals in c runs of a constrained pair:
 * clean (b = Infinity): 0 when k = 0, else the floor; noisy: BetaBinomial(c, 1, b), i.e. each pair
 * has its own reversal rate ~ Beta(1, b) (noise reverses some pairs, such as neighbours, more often
 * than others): ln k! + lnΓ(c − k + b) − lnΓ(c + b + 1) + ln b.
 * NOTE: EM evaluates this for every pair some thousand times with b fixed per pass, so it reads
 * ln k! and lnΓ(m + b) − lnΓ(b) from tables (LogTables) built once per b: by summing logs up to the
 * most runs a pair has, or, when that is far more than the distinct m the pairs need (a log of
 * 100,000 runs over a dozen steps), by lnΓ at those m only.
 */
class LogTables {
  /** lnFactorial[k] = ln k!. */
  private readonly lnFactorial: Float64Array;
  /** shifted[m] = lnΓ(m + b) − lnΓ(b), for the b of the last `at` (at the needed m when sparse). */
  private readonly shifted: Float64Array;
  /** The m the pairs need, when fewer than summing up to the largest would cost. */
  private readonly sparse: readonly number[] | undefined;
  private b = NaN;
  private lnB = 0;

  constructor(pairs: readonly Pair[]) {
    let maxRuns = 0;
    for (const p of pairs) maxRuns = Math.max(maxRuns, p.nab + p.nba);
    this.lnFactorial = new Float64Array(maxRuns + 2);
    this.shifted = new Float64Array(maxRuns + 2);
    const needed = new Set<number>();
    for (const p of pairs) needed.add(p.nab).add(p.nba).add(p.nab + p.nba + 1);
    // One lnΓ costs some tens of logs.
    this.sparse = LN_GAMMA_COST * needed.size < maxRuns ? [...needed] : undefined;
    if (this.sparse === undefined) for (let k = 1; k < this.lnFactorial.length; k++) this.lnFactorial[k] = this.lnFactorial[k - 1]! + Math.log(k);
    else for (const k of needed) if (k <= maxRuns) this.lnFactorial[k] = lnGamma(k + 1);
  }

  /** Prepares the tables for noise b (finite). */
  at(b: number): this {
    if (b === this.b) return this;
    this.b = b;
    this.lnB = Math.log(b);
    const t = this.shifted;
    if (this.sparse === undefined) for (let m = 1; m < t.length; m++) t[m] = t[m - 1]! + Math.log(m - 1 + b);
    else {
      const base = lnGamma(b);
      for (const m of this.sparse) t[m] = lnGamma(m + b) - base;
    }
    return this;
  }

  /** The noisy log-likelihood, for the b of the last `at`. */
  logConstraint(k: number, c: number): number {
    return this.lnFactorial[k]! + this.shifted[c - k]! - this.shifted[c + 1]! + this.lnB;
  }
}

/** How many logs one lnΓ costs, roughly (LogTables' choice between summing and lnΓ). */
const LN_GAMMA_COST = 30;

/** The clean log-likelihood: 0 when k = 0, else the floor. */
const cleanConstraint = (k: number): number => (k === 0 ? 0 : k * Math.log(EPSILON_FLOOR));

/** E step: responsibilities and the log-likelihood under shares w, o and noise b (clean without tables). */
function expectation(pairs: readonly Pair[], tables: LogTables | undefined, w: readonly number[], o: readonly number[], b: number, forward?: Float64Array, backward?: Float64Array): number {
  let ll = 0;
  tables?.at(b);
  const lw = w.map((x) => Math.log(x));
  const lo = [Math.log(o[0]! / 2), Math.log(o[1]!)];
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    const c = p.nab + p.nba;
    const xf = (p.written ? lw[0]! : lo[0]!) + (tables === undefined ? cleanConstraint(p.nba) : tables.logConstraint(p.nba, c));
    const xb = (p.written ? lw[1]! : lo[0]!) + (tables === undefined ? cleanConstraint(p.nab) : tables.logConstraint(p.nab, c));
    const x0 = (p.written ? lw[2]! : lo[1]!) + p.logFree;
    const top = Math.max(xf, xb, x0);
    const ef = Math.exp(xf - top);
    const eb = Math.exp(xb - top);
    const e0 = Math.exp(x0 - top);
    const z = ef + eb + e0;
    ll += top + Math.log(z);
    if (forward) forward[i] = ef / z;
    if (backward) backward[i] = eb / z;
  }
  return ll;
}

/** The b of highest likelihood for fixed shares (ln b searched in [0, ln 10⁹]). */
function bestB(pairs: readonly Pair[], tables: LogTables, w: readonly number[], o: readonly number[]): number {
  return Math.exp(goldenMax((x) => expectation(pairs, tables, w, o, Math.exp(x)), 0, Math.log(1e9)));
}

/** EM for the clean model (no tables: b = ∞) or the noisy one (b from b0). */
function fitEm(pairs: readonly Pair[], tables: LogTables | undefined, maxIterations: number, start?: PairPosteriorParameters, b0 = Infinity): Fit {
  const m = pairs.length;
  const forward = new Float64Array(m);
  const backward = new Float64Array(m);
  let b = b0;
  // Shares start neutral: a third each for written pairs, half constrained for the others.
  let w: [number, number, number] = start !== undefined && start.writtenShares.every((x) => x > 0) ? [...start.writtenShares] : [1 / 3, 1 / 3, 1 / 3];
  let o: [number, number] = start !== undefined && start.otherShares.every((x) => x > 0) ? [...start.otherShares] : [0.5, 0.5];
  let logLikelihood = -Infinity;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const ll = expectation(pairs, tables, w, o, b, forward, backward);
    // M step. One pseudo-count per share (a Dirichlet(2) prior) keeps a share from collapsing to 0
    // on few pairs.
    const sw = [1, 1, 1];
    const so = [1, 1];
    for (let i = 0; i < m; i++) {
      const rf = forward[i]!;
      const rb = backward[i]!;
      if (pairs[i]!.written) {
        sw[0]! += rf;
        sw[1]! += rb;
        sw[2]! += 1 - rf - rb;
      } else {
        so[0]! += rf + rb;
        so[1]! += 1 - rf - rb;
      }
    }
    const sumW = sw[0]! + sw[1]! + sw[2]!;
    const sumO = so[0]! + so[1]!;
    w = [sw[0]! / sumW, sw[1]! / sumW, sw[2]! / sumW];
    o = [so[0]! / sumO, so[1]! / sumO];
    if (tables !== undefined) b = bestB(pairs, tables, w, o);
    const done = Math.abs(ll - logLikelihood) < 1e-7 * Math.max(1, Math.abs(ll));
    logLikelihood = ll;
    if (done) break;
  }
  logLikelihood = expectation(pairs, tables, w, o, b, forward, backward);
  return { epsilon: b === Infinity ? 0 : 1 / (1 + b), writtenShares: w, otherShares: o, forward, backward, logLikelihood, iterations };
}

/**
 * The posterior that a→b is a constraint, for a pair seen `nab` times with a first and `nba` with
 * b first, under fitted parameters (`params` of one model: ε = 0 is the clean one) and the share
 * group of the pair: `written` 1 when a is written before b, −1 when b is written before a, 0 when
 * not both are written. The same hypotheses and shares the fit weighed each pair by, for counts
 * other than the pair's own (enabled-opportunities.ts: the runs where b could have come first).
 * `against`: the runs with a first that count against b→a (default `nab`); every run with a first
 * refutes b→a, while only those where b could have come first tell a→b from free.
 */
export function posteriorAt(params: PairPosteriorParameters, nab: number, nba: number, written: -1 | 0 | 1, against = nab): number {
  const b = params.epsilon > 0 ? 1 / params.epsilon - 1 : Infinity;
  // k reversals of a constraint among c runs holding the pair.
  const constraint = (k: number, c: number): number =>
    b === Infinity ? cleanConstraint(k) : lnGamma(k + 1) + lnGamma(c - k + b) - lnGamma(c + b + 1) + Math.log(b);
  const [wf, wr, w0] = params.writtenShares;
  const [oc, o0] = params.otherShares;
  const [sf, sb, s0] = written === 1 ? [wf, wr, w0] : written === -1 ? [wr, wf, w0] : [oc / 2, oc / 2, o0];
  const xf = Math.log(sf) + constraint(nba, nab + nba);
  const xb = Math.log(sb) + constraint(against, against + nba);
  const x0 = Math.log(s0) + lnBeta(nab + params.alpha, nba + params.alpha) - lnBeta(params.alpha, params.alpha);
  const top = Math.max(xf, xb, x0);
  const ef = Math.exp(xf - top);
  return ef / (ef + Math.exp(xb - top) + Math.exp(x0 - top));
}
