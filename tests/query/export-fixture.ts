// A tiny hand-built graph script for the export tests: a → (b optional | c) → END, with a
// step text that holds every character the exporters must escape.
import { InduceOptionsSchema, type GraphScript } from "../../src/model/index.js";

export function tinyScript(overrides: Partial<GraphScript> = {}): GraphScript {
  const step = (id: string, text: string, position: number, extra: Partial<GraphScript["steps"][number]> = {}) => ({
    id, text, position, written: true, support: 2, frequency: 1, optional: false, repeatable: false, ...extra,
  });
  return {
    procedure: "p",
    version: 1,
    title: "Tiny",
    traceCount: 2,
    steps: [
      step("a", 'Mix "A" <fast>\nthen #stir \\ `x`', 0),
      step("b", "B", 1, { optional: true, support: 1, frequency: 0.5 }),
      step("c", "C", 2, { repeatable: true }),
    ],
    edges: [
      { from: "START", to: "a", support: 0, confidence: 1, origin: "structural" },
      { from: "a", to: "b", support: 1, confidence: 1, origin: "both" },
      { from: "a", to: "c", support: 2, confidence: 1, origin: "traces" },
      { from: "b", to: "END", support: 0, confidence: 1, origin: "structural" },
      { from: "c", to: "END", support: 0, confidence: 1, origin: "structural" },
    ],
    transitions: [],
    trigrams: [],
    states: [],
    options: InduceOptionsSchema.parse({}),
    ...overrides,
  };
}
