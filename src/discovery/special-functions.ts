// Small numerical helpers of the fitted induction models (pair-posterior.ts, step-presence.ts,
// step-needs.ts) and of the sign tests on the user's runs (ranking-calibration.ts,
// noise-selection.ts, continuation-majorities.ts): log-gamma and log-beta functions, a
// one-dimensional maximiser, the upper tail of Binomial(n, ½), and the upper tails of Poisson(λ)
// and of the negative binomial of a given mean and variance (odd-runs.ts, and the order-error
// verdict of checkOrder), and the upper tail of the standard normal (written-order-test.ts); and
// the one way a p-value is written for people (`formatP`).

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error below 1e-13). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let s = c[0]!;
  for (let i = 1; i < g + 2; i++) s += c[i]! / (x + i);
  const t = x + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** The argmax of f on [lo, hi] by golden-section search (exact for unimodal f; a local maximum otherwise). */
export function goldenMax(f: (x: number) => number, lo: number, hi: number, steps = 30): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < steps; it++) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = f(x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = f(x1);
    }
  }
  return (lo + hi) / 2;
}

/** P(X ≥ k) for X ~ Binomial(n, ½) (1 when n = 0). */
export function binomialTail(k: number, n: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let sum = 0;
  for (let i = k; i <= n; i++) sum += Math.exp(lnGamma(n + 1) - lnGamma(i + 1) - lnGamma(n - i + 1) - n * Math.LN2);
  return Math.min(1, sum);
}

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonTail(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
}

/**
 * P(X ≥ k) for X negative binomial with mean m and variance v > m (the count of failures before
 * r = m² / (v − m) successes of probability p = m / v); Poisson(m) when v ≤ m.
 */
export function negativeBinomialTail(k: number, m: number, v: number): number {
  if (!(v > m) || m <= 0) return poissonTail(k, m);
  const r = (m * m) / (v - m);
  const p = m / v;
  let term = Math.pow(p, r);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= ((i + r) / (i + 1)) * (1 - p);
  }
  return Math.max(0, 1 - below);
}

/**
 * P(Z ≥ z) for Z ~ Normal(0, 1): ½ erfc(z / √2), erfc by the Chebyshev fit of Numerical Recipes
 * (`erfcc`, fractional error below 1.2e-7 everywhere).
 */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * A p-value as people read it, in the script's reasons, the check's verdict and the evaluations:
 * "p = 0.042" (`decimals` places, at least 3 below 0.01) or "p < 0.001".
 */
export function formatP(p: number, decimals = 3): string {
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(p < 0.01 ? Math.max(3, decimals) : decimals)}`;
}
