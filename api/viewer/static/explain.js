// Words for people about order-check findings (the Violation union of src/model/queries.ts):
// which step broke which rule, and where in the run. Uses the API's own wording when a
// violation carries a `message`; the step texts come from the shown graph script.

/** @param {any} v a Violation; @param {(id: string) => string} name step id → words */
export function explainViolation(v, name) {
  if (typeof v.message === "string" && v.message) return v.message;
  const at = (i) => `step ${i + 1} of the run`;
  switch (v.code) {
    case "precedence":
      if (v.requiresIndex !== undefined) {
        return `“${name(v.requires)}” (${at(v.requiresIndex)}) came after “${name(v.step)}” (${at(v.index)}), but it must come before it.`;
      }
      return `“${name(v.step)}” (${at(v.index)}) came before “${name(v.requires)}”, which must be done first.`;
    case "missing_required":
      return `“${name(v.step)}” is required but was never done.`;
    case "unknown_step":
      return `“${v.step}” (${at(v.index)}) is not a step of this procedure.`;
    case "repeated_step":
      return `“${name(v.step)}” was done again at ${at(v.index)} (first at ${at(v.firstIndex)}); it may be done only once.`;
    default:
      return `${v.code ?? "violation"}: ${JSON.stringify(v)}`;
  }
}

/** Index in the run of the step a violation marks as violating, or undefined (missing step). */
export function violatingIndex(v) {
  if (v.code === "precedence") return v.requiresIndex ?? v.index;
  if (v.code === "unknown_step" || v.code === "repeated_step") return v.index;
  return undefined;
}
