// The viewer's frequency filter (api/viewer/static/filter.js), run in Node on tiny scripts.
// The module is plain browser JavaScript: imported by URL, typed here by what the tests use.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

interface Edge {
  from: string;
  to: string;
  support: number;
  confidence: number;
  origin: string;
  via?: string[];
}
interface Step {
  id: string;
  text: string;
  position: number;
  support: number;
}
interface Script {
  traceCount: number;
  steps: Step[];
  edges: Edge[];
}
interface Filtered {
  steps: Step[];
  hiddenSteps: { step: Step; support: number }[];
  edges: Edge[];
  hiddenEdges: Edge[];
  shown: { steps: number; edges: number };
  total: { steps: number; edges: number };
}
interface FilterModule {
  filterScript(script: Script, share: { activities: number; paths: number }): Filtered;
  defaultActivityShare(script: Script): number;
  stepsFor(share: number, n: number): number;
  shareFor(k: number, n: number): number;
}

const FILTER = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../api/viewer/static/filter.js")).href;
const load = async (): Promise<FilterModule> => (await import(FILTER)) as FilterModule;

const step = (id: string, position: number, support: number): Step => ({ id, text: id, position, support });
const edge = (from: string, to: string, support: number, origin = "traces"): Edge => ({ from, to, support, confidence: 1, origin });

/** START → a → b → c → END, with a rare r between a and c (a → r → c), 100 traces. */
function script(): Script {
  return {
    traceCount: 100,
    steps: [step("a", 0, 100), step("b", 1, 90), step("r", 2, 1), step("c", 3, 100)],
    edges: [
      edge("START", "a", 0, "structural"),
      edge("a", "b", 90),
      edge("a", "r", 1),
      edge("b", "c", 90),
      edge("r", "c", 1),
      edge("c", "END", 0, "structural"),
    ],
  };
}

const arrows = (f: Filtered) => f.edges.map((e) => `${e.from}>${e.to}${e.origin === "bridged" ? `(via ${e.via!.join(",")})` : ""}`).sort();

describe("frequency filter", () => {
  it("keeps every step and arrow at 100 %", async () => {
    const { filterScript } = await load();
    const f = filterScript(script(), { activities: 100, paths: 100 });
    expect(f.steps.map((s) => s.id)).toEqual(["a", "b", "r", "c"]);
    expect(f.hiddenSteps).toEqual([]);
    expect(arrows(f)).toEqual(["START>a", "a>b", "a>r", "b>c", "c>END", "r>c"]);
    expect(f.total).toEqual({ steps: 4, edges: 6 });
  });

  it("hides the least supported steps first and lists them with their support", async () => {
    const { filterScript } = await load();
    const f = filterScript(script(), { activities: 75, paths: 100 });
    expect(f.steps.map((s) => s.id)).toEqual(["a", "b", "c"]);
    expect(f.hiddenSteps.map((h) => [h.step.id, h.support])).toEqual([["r", 1]]);
    // a → r → c is implied by a → b → c: no bridged arrow is needed.
    expect(arrows(f)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
  });

  it("keeps an order that runs only through hidden steps as a bridged arrow", async () => {
    const { filterScript } = await load();
    const s = script();
    // Hide b too: the order a before c now runs only through hidden steps.
    const f = filterScript(s, { activities: 50, paths: 100 });
    expect(f.steps.map((x) => x.id)).toEqual(["a", "c"]);
    expect(arrows(f)).toHaveLength(3);
    expect(arrows(f).filter((a) => a.startsWith("a>c"))).toHaveLength(1);
    expect(f.edges.find((e) => e.from === "a" && e.to === "c")).toMatchObject({ origin: "bridged" });
  });

  it("keeps each shown step's strongest arrow in and out at 0 % paths, and lists the rest", async () => {
    const { filterScript } = await load();
    const f = filterScript(script(), { activities: 100, paths: 0 });
    expect(arrows(f)).toEqual(["START>a", "a>b", "a>r", "b>c", "c>END", "r>c"]);
    const wide: Script = {
      traceCount: 100,
      steps: [step("a", 0, 100), step("b", 1, 100), step("c", 2, 100)],
      edges: [edge("START", "a", 0, "structural"), edge("a", "b", 60), edge("a", "c", 5), edge("b", "c", 50), edge("c", "END", 0, "structural")],
    };
    const g = filterScript(wide, { activities: 100, paths: 0 });
    expect(arrows(g)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
    expect(g.hiddenEdges.map((e) => `${e.from}>${e.to}`)).toEqual(["a>c"]);
    expect(arrows(filterScript(wide, { activities: 100, paths: 100 }))).toContain("a>c");
  });

  it("hides by default only steps in fewer than 1 % of at least 100 traces", async () => {
    const { defaultActivityShare, stepsFor } = await load();
    // r is in 1 of 200 traces (0.5 %); in 1 of 100 it is not rare.
    expect(defaultActivityShare({ ...script(), traceCount: 200 })).toBe(75);
    expect(defaultActivityShare(script())).toBe(100);
    expect(stepsFor(75, 4)).toBe(3);
    expect(defaultActivityShare({ ...script(), traceCount: 99 })).toBe(100);
    expect(defaultActivityShare({ ...script(), steps: script().steps.map((s) => ({ ...s, support: 50 })) })).toBe(100);
  });

  it("maps shares to step counts and back", async () => {
    const { stepsFor, shareFor } = await load();
    for (const n of [1, 3, 7, 14, 60, 250]) {
      for (let k = 1; k <= n; k++) expect({ n, k, kept: stepsFor(shareFor(k, n), n) >= k }).toEqual({ n, k, kept: true });
      expect(stepsFor(0, n)).toBe(1);
      expect(stepsFor(100, n)).toBe(n);
    }
    expect(stepsFor(50, 0)).toBe(0);
  });
});
