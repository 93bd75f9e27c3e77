import { describe, expect, it } from "vitest";
import { findLinkCycle, formatLinkCycle } from "../../src/hierarchy/find-link-cycle.js";
import type { SubprocedureLink } from "../../src/store/graph-store.js";

const link = (procedure: string, target: string, extra: Partial<SubprocedureLink> = {}): SubprocedureLink => ({
  procedure,
  version: 1,
  step: `to-${target}`,
  target,
  ...extra,
});

describe("findLinkCycle", () => {
  it("finds no cycle in a three-level chain", () => {
    expect(findLinkCycle([link("b", "c")], link("a", "b"))).toBeUndefined();
  });

  it("finds no cycle for a sub-procedure shared by two parents", () => {
    expect(findLinkCycle([link("p1", "shared")], link("p2", "shared"))).toBeUndefined();
  });

  it("names a self-reference through an older version as a cycle", () => {
    expect(findLinkCycle([], link("a", "a", { version: 2, targetVersion: 1 }))).toEqual(["a", "a"]);
  });

  it("names a longer cycle from the new link's procedure back to it", () => {
    expect(findLinkCycle([link("b", "c"), link("c", "a")], link("a", "b"))).toEqual(["a", "b", "c", "a"]);
  });

  it("follows a pinned older version that has no link, so no cycle", () => {
    // c@2 links back to a, but b is pinned to c@1, which does not.
    const stored = [link("b", "c", { targetVersion: 1 }), link("c", "a", { version: 2 })];
    expect(findLinkCycle(stored, link("a", "b"))).toBeUndefined();
  });

  it("follows an unpinned link to the latest version", () => {
    const stored = [link("b", "c"), link("c", "a", { version: 2 })];
    expect(findLinkCycle(stored, link("a", "b"))).toEqual(["a", "b", "c", "a"]);
  });

  it("uses the given latest versions over the ones the links show", () => {
    // c@1 links back to a but c@2 (no links) is the latest: no cycle.
    const stored = [link("b", "c"), link("c", "a")];
    expect(findLinkCycle(stored, link("a", "b"), { latestVersion: (id) => (id === "c" ? 2 : 1) })).toBeUndefined();
  });

  it("formats a cycle with arrows and quoted ids", () => {
    expect(formatLinkCycle(["a", "b", "a"])).toBe('"a" → "b" → "a"');
  });
});
