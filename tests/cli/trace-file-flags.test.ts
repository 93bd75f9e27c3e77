import { describe, expect, it } from "vitest";
import { traceFileOptionsFromFlags } from "../../cli/commands/trace-file-flags.js";
import { InvalidInputError } from "../../src/errors.js";

describe("traceFileOptionsFromFlags", () => {
  it("turns CSV and XES flags into readTracesFile options on top of the base", () => {
    expect(
      traceFileOptionsFromFlags({ format: "csv", caseColumn: "case", delimiter: ";", classifier: "concept:name  org:resource", lifecycle: ["complete"] }, { procedure: "p" }),
    ).toEqual({
      procedure: "p",
      format: "csv",
      csv: { caseColumn: "case", delimiter: ";" },
      xes: { activityKeys: ["concept:name", "org:resource"], lifecycle: ["complete"] },
    });
  });

  it("rejects an unknown --format, naming the flag and the value", () => {
    const err = (() => {
      try {
        return traceFileOptionsFromFlags({ format: "parquet" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).message).toContain('got "parquet"');
    expect((err as InvalidInputError).issues[0]?.path).toEqual(["--format"]);
  });
});
