import { describe, expect, it } from "vitest";
import { SequenceCounts } from "../../src/discovery/sequence-counts.js";

describe("SequenceCounts", () => {
  it("counts bigrams with START and END", () => {
    const c = new SequenceCounts();
    c.add(["a", "b"]);
    c.add(["a", "c"]);
    expect(c.transitions()).toEqual([
      { from: "START", to: "a", count: 2 },
      { from: "a", to: "b", count: 1 },
      { from: "b", to: "END", count: 1 },
      { from: "a", to: "c", count: 1 },
      { from: "c", to: "END", count: 1 },
    ]);
  });

  it("counts trigrams over the padded sequence", () => {
    const c = new SequenceCounts();
    c.add(["a", "b"]);
    expect(c.trigramCounts()).toEqual([
      { prev: ["START", "a"], to: "b", count: 1 },
      { prev: ["a", "b"], to: "END", count: 1 },
    ]);
  });

  it("keys set states by the sorted set of done steps, whatever their order", () => {
    const c = new SequenceCounts();
    c.add(["a", "b", "c"]);
    c.add(["b", "a", "c"]);
    const afterAB = c.states().filter((s) => s.done.join() === "a,b");
    expect(afterAB).toEqual([{ done: ["a", "b"], to: "c", count: 2 }]);
    expect(c.states().find((s) => s.done.length === 0 && s.to === "a")?.count).toBe(1);
  });

  it("counts a repeated step once in the done set, and the states after a first repeat apart", () => {
    const c = new SequenceCounts();
    c.add(["a", "a", "b"]);
    expect(c.states().filter((s) => s.done.join() === "a")).toEqual([
      { done: ["a"], to: "a", count: 1 },
      { done: ["a"], to: "b", count: 1, afterRepeat: true },
    ]);
    expect(c.states().filter((s) => s.done.join() === "a,b")).toEqual([{ done: ["a", "b"], to: "END", count: 1, afterRepeat: true }]);
    // The flag survives the JSON state.
    expect(SequenceCounts.fromState(c.toState()).states()).toEqual(c.states());
  });

  it("stops adding new states at maxStates but keeps counting known ones", () => {
    const c = new SequenceCounts(1);
    c.add(["a"]);
    c.add(["b"]);
    const keys = new Set(c.states().map((s) => s.done.join()));
    expect([...keys]).toEqual([""]);
    expect(c.states().find((s) => s.to === "b")?.count).toBe(1);
  });

  it("round-trips through its JSON state", () => {
    const c = new SequenceCounts();
    c.add(["a", "b"]);
    const d = SequenceCounts.fromState(JSON.parse(JSON.stringify(c.toState())));
    d.add(["b", "a"]);
    c.add(["b", "a"]);
    expect(d.transitions()).toEqual(c.transitions());
    expect(d.states()).toEqual(c.states());
  });

  it("counts a run added `times` times as that many runs", () => {
    const once = new SequenceCounts();
    for (let i = 0; i < 3; i++) once.add(["a", "b", "a"]);
    once.add(["b"]);
    const many = new SequenceCounts();
    many.add(["a", "b", "a"], 3);
    many.add(["b"]);
    expect(many.transitions()).toEqual(once.transitions());
    expect(many.trigramCounts()).toEqual(once.trigramCounts());
    expect(many.states()).toEqual(once.states());
  });
});
