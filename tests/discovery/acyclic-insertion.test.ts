import { DirectedGraph } from "graphology";
import { willCreateCycle } from "graphology-dag";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { insertAcyclic, PairSet, ReachabilityClosure } from "../../src/discovery/acyclic-insertion.js";
import { transitiveReduction } from "../../src/discovery/transitive-reduction.js";

describe("insertAcyclic", () => {
  it("refuses the edge that closes a cycle and keeps the earlier ones", () => {
    const r = insertAcyclic(3, [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 2, to: 0 },
    ]);
    expect(r.accepted).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ]);
    expect(r.refused).toEqual([{ from: 2, to: 0 }]);
  });

  it("refuses a self-loop", () => {
    expect(insertAcyclic(1, [{ from: 0, to: 0 }]).refused).toHaveLength(1);
  });

  it("refuses an edge whose chain would imply a contradicted pair, and only that edge", () => {
    const contradicted = new PairSet(4);
    contradicted.add(0, 2); // the runs contradict 0 → 2
    const r = insertAcyclic(
      4,
      [
        { from: 0, to: 1 },
        { from: 1, to: 2 }, // 0 → 1 → 2 would imply 0 → 2
        { from: 1, to: 3 },
        { from: 2, to: 3 },
      ],
      contradicted,
    );
    expect(r.refused).toEqual([{ from: 1, to: 2 }]);
    expect(r.accepted).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 3 },
      { from: 2, to: 3 },
    ]);
    expect(r.closure.reaches(0, 2)).toBe(false);
    // Without the pair set the same candidates are all accepted.
    expect(insertAcyclic(4, [{ from: 0, to: 1 }, { from: 1, to: 2 }]).refused).toEqual([]);
  });

  it("refuses a direct edge on a contradicted pair but accepts one the closure implies already", () => {
    const contradicted = new PairSet(3);
    contradicted.add(0, 2);
    expect(insertAcyclic(3, [{ from: 0, to: 2 }], contradicted).refused).toEqual([{ from: 0, to: 2 }]);
    const implied = insertAcyclic(3, [{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 0, to: 2 }], new PairSet(3));
    expect(implied.refused).toEqual([]);
  });

  it("finds an implied contradicted pair exactly as a brute-force closure check on random edge lists", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 0, max: 39 })), { maxLength: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 0, max: 39 })), { maxLength: 20 }),
        (pairs, marks) => {
          const n = 40; // two bitset words per row
          const marked = new PairSet(n);
          for (const [x, y] of marks) if (x !== y) marked.add(x, y);
          const closure = new ReachabilityClosure(n);
          for (const [a, b] of pairs) {
            if (closure.wouldCloseCycle(a, b)) continue;
            let expected = false;
            for (let x = 0; x < n; x++)
              for (let y = 0; y < n; y++)
                if ((x === a || closure.reaches(x, a)) && (y === b || closure.reaches(b, y)) && x !== y && !closure.reaches(x, y) && marked.has(x, y)) expected = true;
            expect(closure.wouldImplyMarked(a, b, marked)).toBe(expected);
            closure.add(a, b);
          }
        },
      ),
    );
  });

  it("answers the cycle question exactly as graphology-dag willCreateCycle on random edge lists", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), { maxLength: 30 }), (pairs) => {
        const g = new DirectedGraph();
        for (let i = 0; i < 8; i++) g.addNode(String(i));
        const closure = new ReachabilityClosure(8);
        for (const [a, b] of pairs) {
          const expected = willCreateCycle(g, String(a), String(b));
          expect(closure.wouldCloseCycle(a, b)).toBe(expected);
          if (!expected) {
            closure.add(a, b);
            g.mergeDirectedEdge(String(a), String(b));
          }
        }
      }),
    );
  });
});

describe("transitiveReduction", () => {
  it("drops an edge implied by a longer path", () => {
    const kept = transitiveReduction(3, [
      { from: 0, to: 2 },
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ]);
    expect(kept.map((e) => `${e.from}>${e.to}`).sort()).toEqual(["0>1", "1>2"]);
  });

  it("keeps both branches of a diamond", () => {
    const kept = transitiveReduction(4, [
      { from: 0, to: 1 },
      { from: 0, to: 2 },
      { from: 1, to: 3 },
      { from: 2, to: 3 },
      { from: 0, to: 3 },
    ]);
    expect(kept.map((e) => `${e.from}>${e.to}`).sort()).toEqual(["0>1", "0>2", "1>3", "2>3"]);
  });

  it("throws on a cycle", () => {
    expect(() => transitiveReduction(2, [
      { from: 0, to: 1 },
      { from: 1, to: 0 },
    ])).toThrow(/cycle/);
  });
});
