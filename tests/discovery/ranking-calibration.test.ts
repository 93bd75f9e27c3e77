// The ranking calibration (src/discovery/ranking-calibration.ts): induction fits the pairwise
// model's share in next-step ranking on held-out runs, keeps the default unless a sign test says
// another share ranks the true next step first more often, and queries use what it chose.
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { calibrateRanking, LEVEL, SHARES, TRIGRAM_WEIGHTS } from "../../src/discovery/ranking-calibration.js";
import { binomialTail, normalUpperTail } from "../../src/discovery/special-functions.js";
import { writtenOrderTest } from "../../src/discovery/written-order-test.js";
import { PairCounts } from "../../src/discovery/pair-counts.js";
import { rankingOptions } from "../../src/query/next-step-model.js";
import { nextSteps } from "../../src/query/next-steps.js";
import { complete } from "../../src/query/complete.js";
import { seededRandom } from "../../src/random/seeded-random.js";
import type { GraphScript } from "../../src/model/index.js";

const logOnly = { id: "p", version: 1, title: "p", steps: [] };

/**
 * Two chains a1…a5 and b1…b5 interleaved: at each step chain a goes on with probability 0.7
 * (while it has steps left). The next step is the next one of a chain, so it depends on which
 * steps are done, not on the last two: 40 runs rarely repeat an exact set of done steps, the
 * last two steps often both come from chain b, and the pairwise model ("a2 done, a3 not: a3
 * next") ranks the next step better than the counts' back-off.
 */
function chainRuns(seed: number, runs = 40): string[][] {
  const rnd = seededRandom(seed);
  const out: string[][] = [];
  for (let r = 0; r < runs; r++) {
    let a = 0;
    let b = 0;
    const run: string[] = [];
    while (a < 5 || b < 5) run.push(b >= 5 || (a < 5 && rnd() < 0.7) ? `a${++a}` : `b${++b}`);
    out.push(run);
  }
  return out;
}

const withoutCalibration = (s: GraphScript): GraphScript => {
  const copy = structuredClone(s);
  delete copy.calibration;
  return copy;
};

describe("ranking calibration", () => {
  it("raises the pairwise share where held-out runs clearly rank better with more of it, and queries use it", () => {
    const script = induce(logOnly, chainRuns(5));
    const r = script.calibration!.ranking!;
    expect(r.pValue).toBeLessThan(LEVEL);
    expect(r.pairwiseWeight).toBe(r.bestShare);
    expect(r.pairwiseWeight).toBeGreaterThan(0.4);
    expect(r.hits).toBeGreaterThan(r.hitsDefault);
    expect(r).toMatchObject({ folds: 5, runs: 40, steps: 440 });
    expect(script.calibration!.reasons.at(-1)).toMatch(/pairwise model at 0\.\d+ instead of the default/);

    expect(rankingOptions({}, script).pairwiseWeight).toBe(r.pairwiseWeight);
    // An explicit weight wins over the fitted one.
    expect(rankingOptions({ pairwiseWeight: 0.1 }, script).pairwiseWeight).toBe(0.1);
    expect(rankingOptions({ stateWeight: 2 }, script)).toMatchObject({ pairwiseWeight: r.pairwiseWeight, stateWeight: 2 });
    const plain = withoutCalibration(script);
    const prefix = ["a1", "a2", "b1", "b2"];
    const fitted = { pairwiseWeight: r.pairwiseWeight, trigramWeight: r.trigramWeight, writtenDecay: r.writtenDecay, repeats: r.repeats };
    expect(nextSteps(script, prefix, 5)).toEqual(nextSteps(plain, prefix, 5, fitted));
    expect(nextSteps(script, prefix, 5, { pairwiseWeight: 0.4, trigramWeight: 3, writtenDecay: 0.5 })).toEqual(nextSteps(plain, prefix, 5));
    expect(nextSteps(script, prefix, 5)).not.toEqual(nextSteps(plain, prefix, 5));
    expect(complete(script, prefix)).toEqual(complete(plain, prefix, fitted));
  });

  it("keeps the default share when the best one is not clearly better (sign test)", () => {
    const script = induce(logOnly, chainRuns(6));
    const r = script.calibration!.ranking!;
    expect(r.bestShare).not.toBe(0.4);
    expect(r.hitsBest).toBeGreaterThan(r.hitsDefault);
    expect(r.pValue).toBeGreaterThanOrEqual(LEVEL);
    expect(r.pairwiseWeight).toBe(0.4);
    expect(r.hits).toBe(r.hitsDefault);
    expect(script.calibration!.reasons.at(-1)).toMatch(/at the default share 0\.4: share 0\.\d ranked held-out runs' next steps first more often, but not clearly/);
  });

  it("chooses the trigram weight by held-out likelihood: trusting the last two steps where they tell the next one, the last step where it alone does", () => {
    // Interleaved chains: the last two steps tell which chain goes on.
    const chains = induce(logOnly, chainRuns(5)).calibration!;
    const r = chains.ranking!;
    expect(TRIGRAM_WEIGHTS).toContain(r.trigramWeight);
    expect(r.trigramWeight).toBeLessThan(3);
    expect(r.logLikelihood).toBeGreaterThan(r.logLikelihoodDefault!);
    expect(chains.reasons).toContainEqual(expect.stringMatching(/at trigram weight 0\.\d+ instead of the default 3 \(trusting the last two steps more\), and the pairwise model is mixed into repeats: this gave held-out runs' next steps a higher likelihood than the defaults/));
    // A first-order chain over steps that repeat: the step before the last says nothing, and the
    // trigram rows are thin.
    const rnd = seededRandom(2);
    const markov: string[][] = [];
    for (let k = 0; k < 40; k++) {
      const run = ["s0"];
      while (run.length < 12) {
        run.push(`s${(Number(run.at(-1)!.slice(1)) + 1 + Math.floor(rnd() * 3)) % 8}`);
        if (rnd() < 0.08) break;
      }
      markov.push(run);
    }
    const m = induce(logOnly, markov).calibration!.ranking!;
    expect(m.trigramWeight).toBeGreaterThan(3);
    expect(m.logLikelihood).toBeGreaterThan(m.logLikelihoodDefault!);
  });

  it("takes a repeat's probability from the counts where held-out runs say so, and keeps the mixture where they do not", () => {
    // Runs that repeat the step just done about as often as they go on (a → a → b …): the
    // pairwise model, which ranks only steps not done yet, would take its share off every repeat.
    const rnd = seededRandom(4);
    const repeating: string[][] = [];
    for (let k = 0; k < 30; k++) {
      const run: string[] = [];
      for (const s of ["a", "b", "c", "d", "e"]) {
        if (rnd() < 0.8) run.push(s);
        while (run.at(-1) === s && rnd() < 0.5) run.push(s);
      }
      repeating.push(run.length > 0 ? run : ["a"]);
    }
    const script = induce(logOnly, repeating);
    const r = script.calibration!.ranking!;
    expect(r.repeats).toBe("counts");
    expect(r.logLikelihood).toBeGreaterThan(r.logLikelihoodDefault!);
    expect(script.calibration!.reasons).toContainEqual(expect.stringMatching(/a repeat's probability comes from the counts/));
    expect(rankingOptions({}, script).repeats).toBe("counts");
    const plain = withoutCalibration(script);
    const fitted = { pairwiseWeight: r.pairwiseWeight, trigramWeight: r.trigramWeight, writtenDecay: r.writtenDecay, repeats: r.repeats };
    expect(nextSteps(script, ["a", "a"], 3)).toEqual(nextSteps(plain, ["a", "a"], 3, fitted));
    // After a (no repeat yet, so the pairwise model applies), repeating a is ranked as the counts
    // rank it, first; mixing the pairwise model's 0 into it would rank b first.
    expect(nextSteps(script, ["a"], 3)).toEqual(nextSteps(plain, ["a"], 3, fitted));
    expect(nextSteps(script, ["a"], 1)[0]!.step).toBe("a");
    expect(nextSteps(plain, ["a"], 1, { ...fitted, repeats: "mixture" })[0]!.step).toBe("b");
    // Interleaved chains never repeat a step: the default stays.
    expect(induce(logOnly, chainRuns(5)).calibration!.ranking!.repeats).toBe("mixture");
  });

  it("queries use the fitted trigram weight unless they set one; a script fitted before it has none and gets the default", () => {
    const script = induce(logOnly, chainRuns(5));
    const r = script.calibration!.ranking!;
    expect(rankingOptions({}, script).trigramWeight).toBe(r.trigramWeight);
    expect(rankingOptions({ pairwiseWeight: 0.2 }, script)).toMatchObject({ pairwiseWeight: 0.2, trigramWeight: r.trigramWeight });
    expect(rankingOptions({ trigramWeight: 3 }, script)).toMatchObject({ pairwiseWeight: r.pairwiseWeight, trigramWeight: 3 });
    const old = structuredClone(script);
    delete old.calibration!.ranking!.trigramWeight;
    delete old.calibration!.ranking!.repeats;
    delete old.calibration!.ranking!.writtenDecay;
    expect(rankingOptions({}, old)).toMatchObject({ pairwiseWeight: r.pairwiseWeight, trigramWeight: 3, repeats: "mixture", writtenDecay: 0.5 });
  });

  it("a procedure with no written order gets a flat prior: the order its steps first appeared in the file does not rank them", () => {
    // x, then a, b and c in each of three rotations, three times each: the runs favour none of them.
    const rotations = [
      ["x", "a", "b", "c"],
      ["x", "b", "c", "a"],
      ["x", "c", "a", "b"],
    ];
    const runs = [...rotations, ...rotations, ...rotations];
    const script = induce(logOnly, runs);
    const r = script.calibration!.ranking!;
    expect(r.writtenDecay).toBe(1);
    expect(rankingOptions({}, script).writtenDecay).toBe(1);
    expect(script.calibration!.reasons).toContainEqual(expect.stringMatching(/prior over the allowed steps is flat: the procedure has no written order/));
    const after = (s: GraphScript, options = {}) => Object.fromEntries(nextSteps(s, ["x"], 3, options).map((n) => [n.step, n.probability]));
    expect(after(script).a).toBeCloseTo(1 / 3, 12);
    expect(after(script).b).toBeCloseTo(1 / 3, 12);
    expect(after(script).c).toBeCloseTo(1 / 3, 12);
    // The prior by order of first appearance (the old default, still an option) favoured a, the
    // step of the file's first run.
    expect(after(script, { writtenDecay: 0.5 }).a).toBeGreaterThan(after(script, { writtenDecay: 0.5 }).c);
    // The same runs in another order in the file: the same probabilities, step by step (the
    // options the calibration may fit on other folds held equal).
    const same = { pairwiseWeight: 0.4, trigramWeight: 3, repeats: "mixture" } as const;
    const reordered = induce(logOnly, [...runs].reverse());
    expect(reordered.steps.map((s) => s.id)).not.toEqual(script.steps.map((s) => s.id));
    for (const done of [["x"], ["x", "b"], ["x", "c", "a"]]) {
      const p = Object.fromEntries(nextSteps(script, done, 5, same).map((n) => [n.step, n.probability]));
      const q = Object.fromEntries(nextSteps(reordered, done, 5, same).map((n) => [n.step, n.probability]));
      for (const step of Object.keys(p)) expect(q[step]).toBeCloseTo(p[step]!, 12);
    }
  });

  it("a written order the runs bear out keeps the prior by written order; one they do not gets the flat prior", () => {
    const ids = ["s1", "s2", "s3", "s4", "s5", "s6"];
    const procedure = (order: string[]) => ({ id: "w", version: 1, title: "w", steps: order.map((id) => ({ id, text: `step ${id}` })) });
    // 30 runs in the order s1…s6, each step done with probability 0.75.
    const rnd = seededRandom(1);
    const runs = Array.from({ length: 30 }, () => ids.filter(() => rnd() < 0.75));

    const followed = induce(procedure(ids), runs);
    const f = followed.calibration!.ranking!;
    expect(f.writtenDecay).toBeUndefined();
    expect(f.writtenOrder).toMatchObject({ steps: 6, agree: 15, disagree: 0 });
    expect(f.writtenOrder!.pValue).toBeLessThan(LEVEL);
    expect(rankingOptions({}, followed).writtenDecay).toBe(0.5);
    expect(followed.calibration!.reasons).toContainEqual(expect.stringMatching(/prior over the allowed steps follows the written order: the runs bear it out \(of the 15 pairs of written steps, the runs mostly order 15 as written and 0 the other way; Kendall's test p = 0\.00\d, below 0\.05\)/));

    // The same runs, the steps listed the other way round: the listing says nothing of the runs.
    const reversed = induce(procedure([...ids].reverse()), runs);
    const r = reversed.calibration!.ranking!;
    expect(r.writtenDecay).toBe(1);
    expect(r.writtenOrder).toMatchObject({ steps: 6, agree: 0, disagree: 15 });
    expect(r.writtenOrder!.pValue).toBeGreaterThan(0.99);
    expect(rankingOptions({}, reversed).writtenDecay).toBe(1);
    expect(reversed.calibration!.reasons).toContainEqual(expect.stringMatching(/prior over the allowed steps is flat: the runs do not bear out the written order \(of the 15 pairs/));
    // Ranking no longer depends on the listing: the reversed procedure ranks as the log of the same runs.
    const logScript = induce(logOnly, runs);
    const probabilities = (s: GraphScript, done: string[]) => Object.fromEntries(nextSteps(s, done, 7, { pairwiseWeight: 0.4, trigramWeight: 3, repeats: "mixture" }).map((n) => [n.step, n.probability]));
    for (const done of [["s1"], ["s2", "s4"], []]) {
      const p = probabilities(reversed, done);
      const q = probabilities(logScript, done);
      for (const step of Object.keys(q)) expect(p[step]).toBeCloseTo(q[step]!, 12);
    }
  });

  it("Kendall's test of the written order: counts by the runs' majority, ties neither way, weighted by count", () => {
    // Written steps a, b, c numbered 0, 1, 2 as induce numbers them; the counts of induction.
    const [a, b, c] = [0, 1, 2];
    const counts = new PairCounts(3);
    // a<b twice against once (agree); a, c tied 1–1 (neither); b<c never, c<b twice (disagree).
    counts.add([a, c, b], 1);
    counts.add([c, a, b], 1);
    counts.add([b, a], 1);
    const t = writtenOrderTest(counts, 3)!;
    expect(t).toMatchObject({ steps: 3, agree: 1, disagree: 1 });
    // S = 0: p = P(Z ≥ (0 − 1) / sd), sd² = 3 · 2 · 11 / 18.
    expect(t.pValue).toBeCloseTo(normalUpperTail(-1 / Math.sqrt(66 / 18)), 6);
    const one = new PairCounts(3);
    one.add([a], 3);
    expect(writtenOrderTest(one, 3)).toBeUndefined();
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(-1.644854)).toBeCloseTo(0.95, 6);
    expect(normalUpperTail(4)).toBeCloseTo(3.167e-5, 7);
  });

  it("is deterministic, every share is one compared, and the counts add up", () => {
    const a = induce(logOnly, chainRuns(3)).calibration!.ranking!;
    const b = induce(logOnly, chainRuns(3)).calibration!.ranking!;
    expect(a).toEqual(b);
    expect(SHARES).toContain(a.pairwiseWeight);
    expect(SHARES).toContain(a.bestShare);
    expect(a.hitsBest).toBeGreaterThanOrEqual(a.hitsDefault);
    expect(a.hitsBest).toBeLessThanOrEqual(a.steps);
    // Every run and its END is predicted once: 40 runs.
    const runs = chainRuns(3);
    expect(a.steps).toBe(runs.reduce((s, r) => s + r.length + 1, 0));
  });

  it("needs two runs", () => {
    expect(induce(logOnly, [["a", "b"]]).calibration?.ranking).toBeUndefined();
    expect(induce(logOnly, [["a", "b"], ["b", "a"]]).calibration?.ranking).toMatchObject({ folds: 2, runs: 2, steps: 6 });
    const s = induce(logOnly, [["a", "b"]]);
    expect(calibrateRanking(s, [{ steps: ["a", "b"], count: 1 }], 1000)).toBeUndefined();
  });

  it("splits repeated runs (one variant seen many times) across the folds", () => {
    const s = induce(logOnly, [...Array.from({ length: 7 }, () => ["a", "b", "c"]), ["b", "a", "c"]]);
    expect(s.calibration!.ranking).toMatchObject({ folds: 5, runs: 8, steps: 32 });
  });

  it("binomialTail is the exact upper tail of Binomial(n, 1/2)", () => {
    expect(binomialTail(0, 0)).toBe(1);
    expect(binomialTail(3, 3)).toBeCloseTo(1 / 8, 12);
    expect(binomialTail(2, 3)).toBeCloseTo(4 / 8, 12);
    expect(binomialTail(5, 10)).toBeCloseTo(638 / 1024, 12);
    expect(binomialTail(11, 10)).toBe(0);
  });
});
