// The text outline `stepgraph induce` prints (cli/commands/script-outline.ts): steps in an order
// a run may take, what must come before each (through optional steps too), optional / repeat
// marks and support, step texts beside ids, and the cut of long scripts.
import { describe, expect, it } from "vitest";
import { scriptOutline } from "../../cli/commands/script-outline.js";
import { induce } from "../../src/discovery/induce.js";
import { ProcedureSchema } from "../../src/model/index.js";

const logOnly = ProcedureSchema.parse({ id: "assay", title: "Assay", steps: [] });

describe("scriptOutline", () => {
  it("lists each step after what must precede it, through optional steps, with marks and support", () => {
    const runs = Array.from({ length: 12 }, (_, i) => ["weigh", "dissolve", ...(i % 3 === 0 ? ["stir", "stir"] : ["stir"]), ...(i % 2 === 0 ? ["label", "filter"] : ["filter", "label"]), ...(i % 4 === 0 ? ["photograph"] : []), "store"]);
    const lines = scriptOutline(induce(logOnly, runs)).split("\n");
    const line = (id: string) => lines.find((l) => new RegExp(`^\\s+\\d+\\. ${id}\\s`).test(l));
    expect(lines.findIndex((l) => / weigh /.test(l))).toBeLessThan(lines.findIndex((l) => / store /.test(l)));
    expect(line("weigh")).toContain("after: (nothing)  [required, 12 of 12 runs]");
    expect(line("stir")).toContain("may repeat");
    expect(line("photograph")).toMatch(/after: (\w+, )?filter/);
    expect(line("photograph")).toContain("[optional, 3 of 12 runs]");
    expect(line("store")).toMatch(/after: (label, filter|filter, label); photograph when done/);
  });

  it("shows a step's text beside an id that says nothing, cut to a line", () => {
    const p = ProcedureSchema.parse({
      id: "p",
      title: "P",
      steps: [
        { id: "1", text: "Measure twelve ounces of cold water into the measuring jug" },
        { id: "2", text: "Boil it" },
      ],
    });
    const out = scriptOutline(induce(p, [["1", "2"], ["1", "2"]]));
    expect(out).toContain("1 Measure twelve ounces of cold water int…  after: (nothing)");
    expect(out).toMatch(/2 Boil it\s+after: 1 /);
  });

  it("cuts a long script at `max` steps and says how many more there are", () => {
    const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const out = scriptOutline(induce(logOnly, [ids, ids]), 5);
    expect(out.split("\n").filter((l) => /^\s+\d+\. /.test(l))).toHaveLength(5);
    expect(out).toContain("… 7 more steps (--out FILE or --json for the whole script)");
  });
});
