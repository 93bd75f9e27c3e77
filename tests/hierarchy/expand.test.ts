import { describe, expect, it } from "vitest";
import { checkOrder } from "../../src/conformance/check-order.js";
import { ConflictError, InvalidInputError } from "../../src/errors.js";
import { expand } from "../../src/hierarchy/expand.js";
import { GraphScriptSchema } from "../../src/model/index.js";
import { resolverOf, script } from "./build-scripts.js";

const edgesOf = (s: { edges: { from: string; to: string }[] }) => s.edges.map((e) => `${e.from}>${e.to}`).sort();

// root: a → b → c, b detailed by mid (m1 → m2), m2 detailed by leaf (x → y).
const leaf = script("leaf", ["x", "y"]);
const mid = script("mid", ["m1", ["m2", "leaf"]]);
const root = script("root", ["a", ["b", "mid"], "c"]);
const resolve = resolverOf(leaf, mid, root);

describe("expand", () => {
  it("returns the script itself at depth 0", () => {
    expect(expand(root, resolve, 0)).toBe(root);
  });

  it("replaces a detailed step by its sub-procedure, namespacing ids, at depth 1", () => {
    expect(expand(root, resolve, 1).steps.map((s) => s.id)).toEqual(["a", "b/m1", "b/m2", "c"]);
  });

  it("puts predecessors before the first sub-steps and the last sub-steps before successors", () => {
    expect(edgesOf(expand(root, resolve, 1))).toEqual(["START>a", "a>b/m1", "b/m1>b/m2", "b/m2>c", "c>END"]);
  });

  it("expands a three-level procedure fully at depth 2", () => {
    const e = expand(root, resolve, 2);
    expect(e.steps.map((s) => s.id)).toEqual(["a", "b/m1", "b/m2/x", "b/m2/y", "c"]);
    expect(edgesOf(e)).toEqual(["START>a", "a>b/m1", "b/m1>b/m2/x", "b/m2/x>b/m2/y", "b/m2/y>c", "c>END"]);
  });

  it("keeps the procedure, version and step each expanded step comes from", () => {
    const e = expand(root, resolve, 2);
    expect(e.steps.find((s) => s.id === "b/m2/y")?.origin).toEqual({ procedure: "leaf", version: 1, step: "y" });
    expect(e.steps.find((s) => s.id === "a")?.origin).toBeUndefined();
  });

  it("keeps the link of a detailed step beyond the depth, so it can be expanded later", () => {
    expect(expand(root, resolve, 1).steps.find((s) => s.id === "b/m2")?.subprocedure).toBe("leaf");
  });

  it("is stable: the same input gives the same script", () => {
    expect(expand(root, resolve, 2)).toEqual(expand(root, resolve, 2));
  });

  it("gives a valid graph script", () => {
    expect(GraphScriptSchema.safeParse(expand(root, resolve, 2)).success).toBe(true);
  });

  it("expands a sub-procedure shared by two parents under each parent's step id", () => {
    const shared = script("shared", ["s1", "s2"]);
    const p1 = script("p1", [["prep", "shared"], "go"]);
    const p2 = script("p2", ["start", ["setup", "shared"]]);
    const r = resolverOf(shared, p1, p2);
    expect(expand(p1, r, 1).steps.map((s) => s.id)).toEqual(["prep/s1", "prep/s2", "go"]);
    expect(expand(p2, r, 1).steps.map((s) => s.id)).toEqual(["start", "setup/s1", "setup/s2"]);
  });

  it("honours a link pinned to an older version", () => {
    const v1 = script("sub", ["old"], { version: 1 });
    const v2 = script("sub", ["new"], { version: 2 });
    const pinned = script("p", [["s", "sub", 1]]);
    const latest = script("q", [["s", "sub"]]);
    const r = resolverOf(v1, v2, pinned, latest);
    expect(expand(pinned, r, 1).steps.map((s) => s.id)).toEqual(["s/old"]);
    expect(expand(latest, r, 1).steps.map((s) => s.id)).toEqual(["s/new"]);
  });

  it("leaves a step whose sub-procedure cannot be resolved collapsed", () => {
    const p = script("p", ["a", ["b", "ghost"]]);
    expect(expand(p, resolverOf(p), 1).steps.map((s) => s.id)).toEqual(["a", "b"]);
  });

  it("connects around a sub-procedure without steps", () => {
    const empty = script("empty", []);
    const p = script("p", ["a", ["b", "empty"], "c"]);
    expect(edgesOf(expand(p, resolverOf(empty, p), 1))).toEqual(["START>a", "a>c", "c>END"]);
  });

  it("throws subprocedure_cycle naming the cycle when a procedure contains itself", () => {
    const a = script("a", [["s", "b"]]);
    const b = script("b", [["t", "a"]]);
    const err = (() => {
      try {
        return expand(a, resolverOf(a, b), 3);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).message).toContain('"a" → "b" → "a"');
  });

  it("rejects a negative depth", () => {
    expect(() => expand(root, resolve, -1)).toThrow(InvalidInputError);
  });

  it("splits transitions into a detailed step over the sub-procedure's first steps", () => {
    const sub = script("sub", ["u", "v"], { traces: [["u", "v"], ["v", "u"], ["u", "v"]] });
    const p = script("p", ["a", ["b", "sub"]], { traces: [["a", "b"], ["a", "b"]] });
    const t = expand(p, resolverOf(sub, p), 1).transitions.filter((x) => x.from === "a");
    // sub starts with u in 2 of 3 runs; with v in 1 of 3 (when its order is free).
    const counts = Object.fromEntries(t.map((x) => [x.to, x.count]));
    expect(counts["b/u"]! + (counts["b/v"] ?? 0)).toBe(2);
    expect(counts["b/u"]).toBeGreaterThanOrEqual(counts["b/v"] ?? 0);
  });

  it("gives an expanded script that checkOrder accepts a full run of", () => {
    expect(checkOrder(expand(root, resolve, 2), ["a", "b/m1", "b/m2/x", "b/m2/y", "c"], { complete: true })).toEqual({ valid: true });
  });
});
