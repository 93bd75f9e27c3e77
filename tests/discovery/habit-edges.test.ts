// Habit edges (src/discovery/habit-edges.ts): an order the runs keep but too few runs to tell from
// free steps done in a usual order is a habit: the graph shows it (habit: true), next-step ranking
// follows it, the order check and online sessions do not enforce it.
import { describe, expect, it } from "vitest";
import { induce } from "../../src/discovery/induce.js";
import { checkOrder } from "../../src/conformance/check-order.js";
import { OnlineSession } from "../../src/conformance/online-session.js";
import { enforcedScript } from "../../src/conformance/enforced-view.js";
import { renderHabit } from "../../src/conformance/render-violation.js";
import { nextSteps } from "../../src/query/next-steps.js";
import { exportDot } from "../../src/query/export-dot.js";
import { exportMermaid } from "../../src/query/export-mermaid.js";
import { exportCytoscape } from "../../src/query/export-cytoscape.js";
import { GraphScriptSchema, type GraphScript } from "../../src/model/index.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { habitualRuns } from "./habitual-runs.js";

const edge = (s: GraphScript, from: string, to: string) => s.edges.find((e) => e.from === from && e.to === to);

describe("habit edges", () => {
  // Seven free steps, p1 nearly always first: 16 runs never put p4 or p7 before it.
  const runs = habitualRuns(3, 16, [30, 10, 3, 1, 1, 1, 1]);
  const script = induce(logOnlyProcedure("log", { id: "log" }), runs);

  it("marks an order 16 runs kept but a habit explains as well, and says why", () => {
    expect(runs.every((r) => r.indexOf("p1") < r.indexOf("p4") && r.indexOf("p1") < r.indexOf("p7"))).toBe(true);
    expect(edge(script, "p1", "p4")).toMatchObject({ support: 16, confidence: 1, origin: "traces", habit: true });
    expect(edge(script, "p1", "p7")).toMatchObject({ habit: true });
    expect(script.edges.filter((e) => e.habit === true)).toHaveLength(2);
    expect(GraphScriptSchema.parse(script)).toEqual(script);
    expect(script.calibration!.reasons).toContainEqual(expect.stringMatching(/^2 orders the runs keep are habits: too few runs to tell them from free steps done in a usual order .*the order check does not enforce them/));
  });

  it("checks and posts a run that breaks only a habit as valid, and still ranks by the habit", () => {
    const reversed = ["p4", "p1", "p2", "p3", "p5", "p6", "p7"];
    // Valid; the habit it breaks is reported, not a violation.
    expect(checkOrder(script, reversed, { complete: true })).toEqual({ valid: true, habits: [{ code: "precedence", step: "p4", index: 0, requires: "p1" }] });
    expect(renderHabit(checkOrder(script, reversed).habits![0]!, script)).toBe('"p4" at step 1 of the run came before "p1", which the recorded runs do first (a habit, not enforced)');
    // A run breaking a habit and a rule (p1 done twice): the rule is the violation, the habit reported beside it.
    const both = checkOrder(script, ["p4", "p1", "p1"]);
    expect(both).toMatchObject({ valid: false, violations: [{ code: "repeated_step", step: "p1" }], habits: [{ step: "p4", requires: "p1" }] });
    const session = new OnlineSession(script);
    expect(reversed.map((s) => session.step(s).allowed)).toEqual(reversed.map(() => true));
    // The view the check reads has no habit edge; the script keeps them.
    expect(enforcedScript(script).edges.some((e) => e.habit === true)).toBe(false);
    expect(enforcedScript(script).edges.length).toBe(script.edges.length - 2);
    // Ranking follows the habit: p1 first; p4, which no run did first, is allowed with nothing to rank it by.
    const next = nextSteps(script, [], 10);
    expect(next[0]).toMatchObject({ step: "p1", allowed: true });
    expect(next.find((n) => n.step === "p4")).toMatchObject({ allowed: true, probability: 0 });
  });

  it("draws a habit as a dashed arrow in every export", () => {
    expect(exportDot(script)).toMatch(/"p1" -> "p4" \[tooltip="[^"]*habit \(not enforced by the check\)", style=dashed\];/);
    // Mermaid: the habit arrows p1 → p4 and p1 → p7 are dotted (START/END links are dotted too, so name them).
    const mermaid = exportMermaid(script);
    const node = (label: string) => new RegExp(`(n\\d+)\\["${label}"\\]`).exec(mermaid)![1]!;
    for (const to of ["p4", "p7"]) expect(mermaid).toContain(`  ${node("p1")} -.-> ${node(to)}\n`);
    expect(mermaid).not.toMatch(new RegExp(`${node("p1")} --> `));
    const cy = exportCytoscape(script);
    const habits = cy.elements.edges.filter((e) => e.data.habit === true).map((e) => `${e.data.source}>${e.data.target}`);
    expect(habits.sort()).toEqual(["p1>p4", "p1>p7"]);
  });

  it("keeps enforcing a step done last in every run after five parallel steps", () => {
    // Under Jeffreys' prior with the second look by opportunities, p3 > e (e never enabled before
    // p3 by the other edges into it) was a habit, and "e before p3" passed the check.
    const framed = induce(logOnlyProcedure("log", { id: "log" }), habitualRuns(1, 16, [8, 4, 2, 1, 1], ["s", "e"]));
    expect(framed.edges.some((e) => e.habit === true)).toBe(false);
    expect(edge(framed, "p3", "e")).toBeDefined();
    const check = checkOrder(framed, ["s", "p1", "p2", "p4", "p5", "e", "p3"], { complete: true });
    expect(check).toMatchObject({ valid: false, violations: [{ code: "precedence", step: "e", requires: "p3" }] });
  });

  it("enforces every edge of a script without habits (the view is the script itself)", () => {
    const chain = induce(logOnlyProcedure("log", { id: "log" }), Array.from({ length: 8 }, () => ["a", "b", "c"]));
    expect(chain.edges.some((e) => e.habit === true)).toBe(false);
    expect(enforcedScript(chain)).toBe(chain);
    expect(checkOrder(chain, ["b", "a", "c"])).toMatchObject({ valid: false });
  });
});
