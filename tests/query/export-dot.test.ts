import { describe, expect, it } from "vitest";
import { dotQuote, exportDot } from "../../src/query/export-dot.js";
import { tinyScript } from "./export-fixture.js";

describe("exportDot", () => {
  it("writes one node per step and one edge per precedence edge", () => {
    expect(exportDot(tinyScript())).toMatchInlineSnapshot(`
      "digraph "p@1" {
        label="Tiny";
        rankdir=TB;
        node [shape=box, fontname="Helvetica"];
        edge [fontname="Helvetica"];
        "START" [shape=circle, label="START", style=filled, fillcolor="grey90"];
        "END" [shape=doublecircle, label="END", style=filled, fillcolor="grey90"];
        "a" [label="Mix \\"A\\" <fast> then #stir \\\\ \`x\`", tooltip="a", style="rounded"];
        "b" [label="B", tooltip="b", style="rounded,dashed"];
        "c" [label="C", tooltip="c", peripheries=2, style="rounded"];
        "START" -> "a" [tooltip="support 0, confidence 1.00, structural", style=dotted];
        "a" -> "b" [tooltip="support 1, confidence 1.00, both"];
        "a" -> "c" [tooltip="support 2, confidence 1.00, traces"];
        "b" -> "END" [tooltip="support 0, confidence 1.00, structural", style=dotted];
        "c" -> "END" [tooltip="support 0, confidence 1.00, structural", style=dotted];
      }
      "
    `);
  });

  it("escapes quotes, backslashes and line breaks in ids", () => {
    expect(dotQuote('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });

  it("groups namespaced ids of an expanded script in a cluster per parent", () => {
    const base = tinyScript();
    const script = tinyScript({ steps: [...base.steps, { ...base.steps[1]!, id: "c/x", text: "X" }] });
    expect(exportDot(script)).toContain(`subgraph "cluster_0" {\n    label="c";`);
  });

  it("cuts long labels at maxLabel characters", () => {
    const base = tinyScript();
    const script = tinyScript({ steps: [{ ...base.steps[1]!, text: "x".repeat(100) }] });
    expect(exportDot(script, { maxLabel: 10 })).toContain(`label="xxxxxxxxx…"`);
  });
});
