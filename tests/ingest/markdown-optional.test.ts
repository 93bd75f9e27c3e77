// A step written "(Optional)" in Markdown is optional in the procedure and therefore in its graph
// script, with or without traces, so a run may skip it.
import { describe, expect, it } from "vitest";
import { parseNumberedList } from "../../ingest/markdown/read-numbered-list.js";
import { induce } from "../../src/discovery/induce.js";
import { checkOrder } from "../../src/conformance/check-order.js";

const md = "# Spin\n1. Thaw reagents on ice.\n2. (Optional) Spin down the reagents briefly.\n3. Mix.\n";

describe("written optional steps", () => {
  it("are optional in the graph script induced without traces, so skipping them is valid", () => {
    const [p] = parseNumberedList(md).procedures;
    const script = induce(p!, []);
    expect(script.steps.find((s) => s.id === "spin-down-reagents-briefly")?.optional).toBe(true);
    expect(checkOrder(script, ["thaw-reagents-on-ice", "mix"], { complete: true })).toEqual({ valid: true });
  });

  it("stay optional when every trace does them", () => {
    const [p] = parseNumberedList(md).procedures;
    const run = ["thaw-reagents-on-ice", "spin-down-reagents-briefly", "mix"];
    const script = induce(p!, [run, run, run]);
    expect(script.steps.find((s) => s.id === "spin-down-reagents-briefly")?.optional).toBe(true);
    expect(script.steps.find((s) => s.id === "mix")?.optional).toBe(false);
  });
});
