import { describe, expect, it } from "vitest";
import { checkOrder } from "../../src/conformance/check-order.js";
import { countOrderInversions, orderInversions } from "../../src/conformance/order-inversions.js";
import { buildScript } from "./build-script.js";

// a → b → c → d: a chain, so every pair is ordered through the closure.
const chain = buildScript({ steps: ["a", "b", "c", "d"], edges: [["a", "b"], ["b", "c"], ["c", "d"]] });

describe("orderInversions", () => {
  it("is empty for a run in order", () => {
    expect(orderInversions(chain, ["a", "b", "c", "d"])).toEqual([]);
  });

  it("counts one inversion for a swap of neighbours", () => {
    expect(orderInversions(chain, ["a", "c", "b", "d"])).toEqual([{ before: "b", after: "c", beforeIndex: 2, afterIndex: 1 }]);
  });

  it("counts every constraint a step jumps over, through ancestors", () => {
    expect(orderInversions(chain, ["d", "a", "b", "c"]).map((x) => `${x.before}<${x.after}`)).toEqual(["a<d", "b<d", "c<d"]);
  });

  it("ignores steps that never happen, unknown steps and repeats", () => {
    expect(orderInversions(chain, ["a", "x", "c", "d", "c"])).toEqual([]);
  });

  it("ignores pairs the graph does not order", () => {
    const fork = buildScript({ steps: ["a", "b", "c"], edges: [["a", "b"], ["a", "c"]] });
    expect(orderInversions(fork, ["a", "c", "b"])).toEqual([]);
  });

  it("finds an inversion exactly when the complete-run check finds a precedence violation", () => {
    const runs = [["b", "a", "c", "d"], ["a", "b", "d"], ["a", "d", "b"], ["c", "d"], ["d", "c", "b", "a"], ["a", "b", "c", "d"]];
    for (const run of runs) {
      const check = checkOrder(chain, run, { complete: true });
      const precedence = !check.valid && check.violations.some((v) => v.code === "precedence");
      expect(orderInversions(chain, run).length > 0).toBe(precedence);
    }
  });
});

describe("countOrderInversions", () => {
  it("counts what orderInversions returns for a finished run", () => {
    for (const run of [["a", "b", "c", "d"], ["a", "c", "b", "d"], ["d", "a", "b", "c"], ["d", "c", "b", "a"], ["a", "x", "c", "d", "c"]])
      expect(countOrderInversions(chain, run, true)).toBe(orderInversions(chain, run).length);
  });

  it("also counts, for a run in progress, each required predecessor of a done step that has not happened", () => {
    // c done: a and b must come first and have not happened (they will be late); d is not a predecessor.
    expect(countOrderInversions(chain, ["c"], false)).toBe(2);
    expect(countOrderInversions(chain, ["c"], true)).toBe(0);
    expect(countOrderInversions(chain, ["a", "c"], false)).toBe(1);
    // An optional predecessor that has not happened may never happen: not counted.
    const optionalB = buildScript({ steps: ["a", "b", "c", "d"], edges: [["a", "b"], ["b", "c"], ["c", "d"]], optional: ["b"] });
    expect(countOrderInversions(optionalB, ["c"], false)).toBe(1);
  });
});
