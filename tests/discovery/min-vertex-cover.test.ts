// The minimum vertex cover odd runs count a run's steps out of place with
// (src/discovery/min-vertex-cover.ts): checked on known graphs and against brute force.
import { describe, expect, it } from "vitest";
import { minVertexCover } from "../../src/discovery/min-vertex-cover.js";

type Edge = readonly [number, number];

const covers = (cover: readonly number[], edges: readonly Edge[]): boolean => {
  const c = new Set(cover);
  return edges.every(([a, b]) => c.has(a) || c.has(b));
};

/** The size of a minimum cover by trying every subset of the vertices. */
function bruteForce(n: number, edges: readonly Edge[]): number {
  let best = n;
  for (let mask = 0; mask < 1 << n; mask++) {
    const cover = Array.from({ length: n }, (_, v) => v).filter((v) => mask & (1 << v));
    if (cover.length < best && covers(cover, edges)) best = cover.length;
  }
  return best;
}

/** A small seeded generator (mulberry32), so the random graphs are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("minimum vertex cover", () => {
  it("covers known graphs with the fewest vertices", () => {
    expect(minVertexCover([])).toEqual([]);
    // A star: one step moved past five others.
    expect(minVertexCover([[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]])).toEqual([0]);
    // Two steps moved together past three others (K2,3): two.
    const block: Edge[] = [0, 1].flatMap((a) => [2, 3, 4].map((b) => [a, b] as const));
    expect(minVertexCover(block).sort()).toEqual([0, 1]);
    // A path of 5 vertices (2) and a 5-cycle (3).
    expect(minVertexCover([[0, 1], [1, 2], [2, 3], [3, 4]])).toHaveLength(2);
    expect(minVertexCover([[0, 1], [1, 2], [2, 3], [3, 4], [4, 0]])).toHaveLength(3);
  });

  it("beats the greedy cover where taking the busiest vertex first is wrong", () => {
    // Vertex 3 has the most edges (3); greedy takes it and then needs 0|5, 1|4 and 2|6 (4 in all),
    // but 4, 5 and 6 cover every edge.
    const edges: Edge[] = [[0, 5], [1, 4], [2, 6], [3, 4], [3, 5], [3, 6]];
    expect(minVertexCover(edges).sort()).toEqual([4, 5, 6]);
  });

  it("agrees with brute force on 300 random graphs of up to 12 vertices", () => {
    const next = random(7);
    for (let g = 0; g < 300; g++) {
      const n = 2 + Math.floor(next() * 11);
      const density = next();
      const edges: Edge[] = [];
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (next() < density) edges.push([a, b]);
      const cover = minVertexCover(edges);
      expect(covers(cover, edges)).toBe(true);
      expect(cover.length, `graph ${g}: ${JSON.stringify(edges)}`).toBe(bruteForce(n, edges));
    }
  });

  it("returns a cover of a large dense graph (exact or, past the search budget, the best found)", () => {
    const next = random(11);
    const edges: Edge[] = [];
    for (let a = 0; a < 80; a++) for (let b = a + 1; b < 80; b++) if (next() < 0.5) edges.push([a, b]);
    const cover = minVertexCover(edges);
    expect(covers(cover, edges)).toBe(true);
    expect(new Set(cover).size).toBe(cover.length);
    expect(cover.length).toBeLessThan(80);
  });
});
