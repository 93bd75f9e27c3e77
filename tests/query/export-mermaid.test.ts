import { describe, expect, it } from "vitest";
import { exportMermaid, mermaidLabel } from "../../src/query/export-mermaid.js";
import { tinyScript } from "./export-fixture.js";

describe("exportMermaid", () => {
  it("writes a flowchart with generated node ids and classes for optional steps", () => {
    expect(exportMermaid(tinyScript())).toMatchInlineSnapshot(`
      "---
      title: "Tiny"
      ---
      flowchart TD
        classDef optional stroke-dasharray: 5 5
        classDef observed fill:#eee,color:#555
        start(("START"))
        end_(("END"))
        n0["Mix #quot;A#quot; #lt;fast#gt; then #35;stir \\ #96;x#96;"]
        n1["B"]:::optional
        n2["C"]
        start -.-> n0
        n0 --> n1
        n0 --> n2
        n1 -.-> end_
        n2 -.-> end_
      "
    `);
  });

  it("replaces quotes and markup characters with Mermaid entity codes", () => {
    expect(mermaidLabel('a "b" <c> #d')).toBe("a #quot;b#quot; #lt;c#gt; #35;d");
  });

  it("groups namespaced ids of an expanded script in a subgraph per parent", () => {
    const base = tinyScript();
    const script = tinyScript({ steps: [...base.steps, { ...base.steps[1]!, id: "c/x", text: "X" }] });
    expect(exportMermaid(script)).toContain(`  subgraph c0 ["c"]\n    n3["X"]:::optional\n  end`);
  });
});
