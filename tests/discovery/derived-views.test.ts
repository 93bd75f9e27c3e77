import { describe, expect, it } from "vitest";
import { branchingPoints, exclusiveAlternatives, interchangeableGroups } from "../../src/discovery/derived-views.js";
import { induce } from "../../src/discovery/induce.js";
import { ProcedureSchema } from "../../src/model/index.js";

const proc = (ids: string[]) => ProcedureSchema.parse({ id: "p", title: "P", steps: ids.map((s) => ({ id: s, text: s })) });

describe("derived views", () => {
  const free = induce(proc(["a", "b", "c", "d"]), [
    ["a", "b", "c", "d"],
    ["a", "c", "b", "d"],
    ["a", "c", "b", "d"],
  ]);

  it("groups steps with no path either way that were seen in both orders", () => {
    expect(interchangeableGroups(free)).toEqual([["b", "c"]]);
  });

  it("finds no interchangeable group in a chain", () => {
    expect(interchangeableGroups(induce(proc(["a", "b", "c"]), []))).toEqual([]);
  });

  it("lists the steps with two or more direct successors", () => {
    expect(branchingPoints(free)).toEqual([{ step: "a", next: ["b", "c"] }]);
  });

  it("finds optional steps that never occur together", () => {
    const s = induce(proc(["a", "x", "y", "z"]), [
      ["a", "x", "z"],
      ["a", "y", "z"],
      ["a", "x", "z"],
      ["a", "y", "z"],
    ]);
    expect(exclusiveAlternatives(s)).toEqual([["x", "y"]]);
  });

  it("finds no alternatives without traces", () => {
    expect(exclusiveAlternatives(induce(proc(["a", "b"]), []))).toEqual([]);
  });
});
