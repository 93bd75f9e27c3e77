// Written step numbers: "3", "3.", "3)", "#3", "step 3" or "step #3" names the third written step
// of a procedure, in written order, wherever people name steps (queries:
// src/query/resolve-steps.ts; trace files and `stepgraph ground`: groundTrace in ground.ts; pasted
// items: api/services/ground-texts.ts). Queries and trace files read numbers so only when no step
// id of the procedure is itself a number (then numbers are ids only, never positions); pasted
// items read an item that is an id as the id, else as a number.

const NUMBER = /^(?:step\s*)?#?(\d{1,6})[.)]?$/i;

/** The number an input writes ("#3" → 3), or undefined when it is not a written number. */
export function writtenNumberOf(input: string): number | undefined {
  const m = NUMBER.exec(input.trim());
  return m ? Number(m[1]) : undefined;
}

/** Whether numbers may name written steps: no step id of the procedure is a number. */
export function numbersNameSteps(ids: Iterable<string>): boolean {
  for (const id of ids) if (/^\d+$/.test(id)) return false;
  return true;
}

/**
 * Reads written numbers against one procedure's step ids in written order, deciding once whether
 * numbers may name steps there (callers that read many events make one reader per procedure):
 * the step id an input names, or undefined (not a number, numbers are ids here, or no such step).
 */
export function writtenNumberReader(written: readonly string[]): (input: string) => string | undefined {
  if (!numbersNameSteps(written)) return () => undefined;
  return (input) => {
    const n = writtenNumberOf(input);
    return n !== undefined && n >= 1 && n <= written.length ? written[n - 1] : undefined;
  };
}

/** The step id an input names by written number among `written` (one input: writtenNumberReader for many). */
export function stepByWrittenNumber(input: string, written: readonly string[]): string | undefined {
  return writtenNumberReader(written)(input);
}

/**
 * For an error about an event that is not a step id: what it names by written number, and `how`
 * to have it read so (CLI: `--ground`); "" when it names no written step.
 */
export function writtenNumberHint(input: string, written: readonly string[], how = "--ground reads written step numbers as steps"): string {
  const step = stepByWrittenNumber(input, written);
  return step === undefined ? "" : `written step ${writtenNumberOf(input)} is ${JSON.stringify(step)}; ${how}`;
}
