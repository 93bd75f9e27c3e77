import { describe, expect, it } from "vitest";
import { linkTerms } from "../../src/linking/link-terms.js";
import { TermIndex } from "../../src/linking/term-index.js";

describe("linkTerms", () => {
  it("lowercases, drops stop words and apostrophes, and stems", () => {
    expect(linkTerms("Trimming your Dog's Nails")).toEqual(["trim", "dog", "nail"]);
  });

  it("strips accents", () => {
    expect(linkTerms("Make crème brûlée")).toEqual(["make", "creme", "brule"]);
  });
});

describe("TermIndex", () => {
  const index = new TermIndex([["make", "tea"], ["make", "coffe"], ["write", "resum"]]);

  it("scores only documents that share a term, rarer terms higher", () => {
    const s = index.bm25(["make", "tea"]);
    expect([...s.keys()].sort()).toEqual([0, 1]);
    expect(s.get(0)!).toBeGreaterThan(s.get(1)!);
  });

  it("gives cosine 1 to an identical document", () => {
    expect(index.cosine(["write", "resum"]).get(2)).toBeCloseTo(1, 9);
  });

  it("counts unknown query words in the cosine's norm", () => {
    expect(index.cosine(["write", "unknownword"]).get(2)!).toBeLessThan(index.cosine(["write"]).get(2)!);
  });
});
