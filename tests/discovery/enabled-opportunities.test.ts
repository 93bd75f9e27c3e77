// Enabled opportunities (src/discovery/enabled-opportunities.ts): a precedence the runs never
// reversed stands only where they had the chance to reverse it (b was enabled before a came);
// and the posterior at given counts (posteriorAt) is the one the fit gives a pair at its own.
import { describe, expect, it } from "vitest";
import { checkOrder } from "../../src/conformance/check-order.js";
import { induce } from "../../src/discovery/induce.js";
import { PairCounts } from "../../src/discovery/pair-counts.js";
import { pairPosteriors, posteriorAt } from "../../src/discovery/pair-posterior.js";
import { keepOpposable } from "../../src/discovery/enabled-opportunities.js";
import type { PrecedenceCandidate } from "../../src/discovery/precedence-candidates.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { ProcedureSchema } from "../../src/model/index.js";

const logOnly = logOnlyProcedure("log", { id: "log" });
const times = (n: number, run: string[]): string[][] => Array.from({ length: n }, () => run);
const edges = (runs: string[][]) =>
  induce(logOnly, runs)
    .edges.filter((e) => e.origin !== "structural")
    .map((e) => `${e.from}>${e.to}`)
    .sort();

describe("a precedence needs runs that could have reversed it", () => {
  // Two branches after f: x alone, and y1 → y2 → y3; then j. x is free with y1 and y2 (both
  // orders seen), and always before y3.
  it("drops an accepted order the runs never had the chance to reverse (keepOpposable)", () => {
    // j (3) joins x (0), p (1) and q (2); x always came before p and q were both done, so j was
    // never ready before x came: nothing shows that x must precede j. p and q each came last
    // in some runs, with j ready and still after them.
    const runs = [
      { steps: [0, 1, 2, 3], count: 4 },
      { steps: [1, 0, 2, 3], count: 4 },
      { steps: [0, 2, 1, 3], count: 4 },
      { steps: [2, 0, 1, 3], count: 4 },
    ];
    const counts = new PairCounts(4);
    for (const r of runs) counts.add(r.steps, r.count);
    const parameters = pairPosteriors(counts, [-1, -1, -1, -1]).clean.parameters;
    const edge = (from: number, to: number): PrecedenceCandidate => ({ from, to, support: 16, confidence: 1, strength: 1, posterior: 1, origin: "traces" });
    const { kept, reduced, dropped } = keepOpposable(4, [edge(0, 3), edge(1, 3), edge(2, 3)], runs, parameters, [-1, -1, -1, -1]);
    expect(dropped.map((e) => `${e.from}>${e.to}`)).toEqual(["0>3"]);
    expect(kept.map((e) => `${e.from}>${e.to}`)).toEqual(["1>3", "2>3"]);
    expect(reduced.map((e) => `${e.from}>${e.to}`).sort()).toEqual(["1>3", "2>3"]);
    // Runs where j was ready before x (p and q done) and x still came first: the order stands.
    const ready = [...runs, { steps: [1, 2, 0, 3], count: 8 }];
    for (const r of ready.slice(-1)) counts.add(r.steps, r.count);
    const again = keepOpposable(4, [edge(0, 3), edge(1, 3), edge(2, 3)], ready, pairPosteriors(counts, [-1, -1, -1, -1]).clean.parameters, [-1, -1, -1, -1]);
    expect(again.dropped).toEqual([]);
  });

  it("induce leaves it free, says so, and the check accepts the other order", () => {
    const runs = [...times(4, ["x", "p", "q", "j"]), ...times(4, ["p", "x", "q", "j"]), ...times(4, ["x", "q", "p", "j"]), ...times(4, ["q", "x", "p", "j"])];
    const script = induce(logOnly, runs);
    expect(edges(runs)).toEqual(["p>j", "q>j"]);
    expect(script.calibration!.reasons.filter((r) => /^1 order that no run reversed is left free/.test(r))).toHaveLength(1);
    expect(checkOrder(script, ["p", "q", "j", "x"], { complete: true }).valid).toBe(true);
    // With runs where j was ready before x and x still came first, x→j stands.
    const ready = [...runs, ...times(8, ["p", "q", "x", "j"])];
    expect(edges(ready)).toContain("x>j");
    expect(checkOrder(induce(logOnly, ready), ["p", "q", "j", "x"], { complete: true }).valid).toBe(false);
  });

  it("keeps it when y3 was enabled before x in many runs and x still came first", () => {
    const runs = [...times(4, ["f", "x", "y1", "y2", "y3", "j"]), ...times(4, ["f", "y1", "x", "y2", "y3", "j"]), ...times(16, ["f", "y1", "y2", "x", "y3", "j"])];
    const script = induce(logOnly, runs);
    expect(edges(runs)).toContain("x>y3");
    expect(checkOrder(script, ["f", "y1", "y2", "y3", "x", "j"], { complete: true }).valid).toBe(false);
  });

  it("keeps a written order the runs never reversed, whatever the opportunities", () => {
    // The runs of the test above, with the steps written x, p, q, j: x→j is written and never
    // reversed, though j was never ready before x came.
    const p = ProcedureSchema.parse({ id: "p", title: "P", steps: ["x", "p", "q", "j"].map((id) => ({ id, text: `do ${id}` })) });
    const runs = [...times(4, ["x", "p", "q", "j"]), ...times(4, ["p", "x", "q", "j"]), ...times(4, ["x", "q", "p", "j"]), ...times(4, ["q", "x", "p", "j"])];
    const script = induce(p, runs);
    expect(script.calibration!.reasons.some((r) => /left free/.test(r))).toBe(false);
    expect(checkOrder(script, ["p", "q", "j", "x"], { complete: true }).valid).toBe(false);
  });
});

describe("posteriorAt", () => {
  it("gives each pair, at its own counts, the posterior of the fit (clean and noisy)", () => {
    const counts = new PairCounts(5);
    const add = (run: number[], k: number) => counts.add(run, k);
    add([0, 1, 2, 3, 4], 9);
    add([0, 2, 1, 3, 4], 3);
    add([1, 0, 2, 4, 3], 1);
    add([0, 1, 3, 2], 2);
    const written = [0, 1, 2, -1, -1];
    const models = pairPosteriors(counts, written);
    let checked = 0;
    for (const model of [models.clean, models.noisy])
      for (let a = 0; a < 5; a++)
        for (let b = 0; b < 5; b++) {
          if (a === b || counts.before(a, b) + counts.before(b, a) === 0) continue;
          const w = written[a]! >= 0 && written[b]! >= 0 ? (written[a]! < written[b]! ? 1 : -1) : 0;
          expect(posteriorAt(model.parameters, counts.before(a, b), counts.before(b, a), w)).toBeCloseTo(model.posterior(a, b), 9);
          checked++;
        }
    expect(checked).toBe(40);
    expect(models.noisy.parameters.epsilon).toBeGreaterThan(0);
  });

  it("counts every run with a first against b→a, opportunity or not", () => {
    const parameters = { epsilon: 0, alpha: 1, writtenShares: [0, 0, 0] as [number, number, number], otherShares: [0.8, 0.2] as [number, number], pairs: 1, logLikelihood: 0, iterations: 0 };
    // No opportunity and no run against b→a: the shares alone, a→b one of three hypotheses.
    expect(posteriorAt(parameters, 0, 0, 0)).toBeCloseTo(0.4 / (0.4 + 0.4 + 0.2), 12);
    // 16 runs with a first, none an opportunity: b→a is refuted, a→b against free by the shares.
    expect(posteriorAt(parameters, 0, 0, 0, 16)).toBeCloseTo(0.4 / (0.4 + 0.2), 6);
  });
});
