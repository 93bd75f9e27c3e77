import { describe, expect, it } from "vitest";
import { renderViolation } from "../../src/conformance/render-violation.js";
import { buildScript } from "./build-script.js";

const script = buildScript({ steps: ["a", "b"], edges: [["a", "b"]], texts: { a: "Beat butter", b: "Add eggs" } });

describe("renderViolation", () => {
  it("words a precedence violation with 1-based positions and step texts", () => {
    expect(renderViolation({ code: "precedence", step: "b", index: 0, requires: "a" }, script)).toBe(
      '"b" (Add eggs) at step 1 of the run came before "a" (Beat butter), which must come first',
    );
  });

  it("words a late optional predecessor from the side of the late step", () => {
    expect(renderViolation({ code: "precedence", step: "b", index: 0, requires: "a", requiresIndex: 2 })).toBe(
      '"a" at step 3 of the run came after "b" (step 1 of the run), but must come before it',
    );
  });

  it("words a missing required step", () => {
    expect(renderViolation({ code: "missing_required", step: "a" })).toBe('required step "a" never happened');
  });

  it("words an unknown step naming the procedure version", () => {
    expect(renderViolation({ code: "unknown_step", step: "zz", index: 4 }, script)).toBe(
      '"zz" at step 5 of the run is not a step of procedure "p" version 1',
    );
  });

  it("words a repeated step with both positions", () => {
    expect(renderViolation({ code: "repeated_step", step: "a", index: 3, firstIndex: 0 })).toBe(
      '"a" at step 4 of the run repeats step 1 of the run, and it may happen only once',
    );
  });
});
