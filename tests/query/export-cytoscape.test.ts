import { describe, expect, it } from "vitest";
import { exportCytoscape } from "../../src/query/export-cytoscape.js";
import { tinyScript } from "./export-fixture.js";

describe("exportCytoscape", () => {
  it("gives START, END and every step as nodes and every precedence edge as an edge", () => {
    const doc = exportCytoscape(tinyScript());
    expect(doc.elements.nodes.map((n) => n.data.id)).toEqual(["START", "END", "a", "b", "c"]);
    expect(doc.elements.edges.map((e) => `${e.data.source}>${e.data.target}`)).toEqual(["START>a", "a>b", "a>c", "b>END", "c>END"]);
  });

  it("keeps the step attributes in data", () => {
    const b = exportCytoscape(tinyScript()).elements.nodes.find((n) => n.data.id === "b");
    expect(b).toEqual({
      data: { id: "b", label: "B", kind: "step", position: 1, written: true, optional: true, repeatable: false, support: 1, frequency: 0.5 },
    });
  });

  it("puts namespaced steps inside a compound node for their prefix", () => {
    const base = tinyScript();
    const doc = exportCytoscape(tinyScript({ steps: [...base.steps, { ...base.steps[1]!, id: "c/x", text: "X" }] }));
    expect(doc.elements.nodes.find((n) => n.data.id === "c/x")?.data.parent).toBe("c#group");
    expect(doc.elements.nodes.at(-1)).toEqual({ data: { id: "c#group", label: "c", kind: "group" } });
  });
});
