// The one written-number parser (src/grounding/written-number.ts) of queries, trace files read
// with --ground and pasted items.
import { describe, expect, it } from "vitest";
import { numbersNameSteps, stepByWrittenNumber, writtenNumberHint, writtenNumberOf } from "../../src/grounding/written-number.js";

describe("written step numbers", () => {
  it("reads the ways people write a step number, and nothing else", () => {
    for (const [input, n] of [["3", 3], [" 3. ", 3], ["3)", 3], ["#3", 3], ["step 3", 3], ["Step #12", 12], ["step3", 3]] as const) expect(writtenNumberOf(input), input).toBe(n);
    for (const input of ["3a", "3.5", "-3", "step", "#", "three", "1234567", "3 4"]) expect(writtenNumberOf(input), input).toBeUndefined();
  });

  it("names the n-th written step only when no step id is a number", () => {
    expect(stepByWrittenNumber("2", ["thaw", "label", "spin"])).toBe("label");
    expect(stepByWrittenNumber("4", ["thaw", "label", "spin"])).toBeUndefined();
    expect(stepByWrittenNumber("0", ["thaw", "label", "spin"])).toBeUndefined();
    expect(numbersNameSteps(["68", "65"])).toBe(false);
    expect(stepByWrittenNumber("2", ["68", "65"])).toBeUndefined();
  });

  it("words the hint of an error about an event that is not a step id", () => {
    expect(writtenNumberHint("#2", ["thaw", "label"])).toBe('written step 2 is "label"; --ground reads written step numbers as steps');
    expect(writtenNumberHint("thaw it", ["thaw", "label"])).toBe("");
  });
});
