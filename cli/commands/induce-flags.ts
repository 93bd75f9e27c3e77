// Induce option flags shared by `stepgraph induce` and `stepgraph eval induction`: one flag
// per field of InduceOptionsSchema, plus --induce '<json>' for all of them at once. Flags win
// over the JSON; the result is validated by the schema (errors name the flag).
import type { Command } from "commander";
import { InvalidInputError, parseOrThrow } from "../../src/errors.js";
import { InduceOptionsSchema, type InduceOptionsInput } from "../../src/model/index.js";

const FLAGS = [
  ["--min-support <n>", "minSupport"],
  ["--min-confidence <x>", "minConfidence"],
  ["--written-prior-weight <x>", "writtenPriorWeight"],
  ["--min-direct-follows <n>", "minDirectFollows"],
  ["--max-trace-violations <n|none>", "maxTraceViolations"],
  ["--outlier-min-support <n>", "outlierMinSupport"],
  ["--outlier-min-confidence <x>", "outlierMinConfidence"],
  ["--max-variants <n>", "maxVariants"],
  ["--optional-below <x>", "optionalBelow"],
  ["--max-states <n>", "maxStates"],
] as const;

/** Boolean induce options, off unless the flag is given (or set in --induce). */
const SWITCHES = [["--text-prior", "textPrior", "step texts weigh the evidence an edge needs (docs/results.md, \"Online mistake detection\")"]] as const;

/** Induce options that take one of a few words (the schema checks the word). */
const CHOICES = [
  ["--fallback-by <follows|written>", "fallbackBy"],
  ["--evidence <posterior|counts>", "evidence"],
] as const;

/** Every option key the induce flags set (and `induce`, the JSON of them all). */
export const INDUCE_FLAG_KEYS: readonly string[] = ["induce", ...FLAGS.map(([, k]) => k), ...SWITCHES.map(([, k]) => k), ...CHOICES.map(([, k]) => k)];

export type InduceFlagValues = { induce?: string } & Partial<Record<(typeof FLAGS)[number][1], string>> &
  Partial<Record<(typeof SWITCHES)[number][1], boolean>> &
  Partial<Record<(typeof CHOICES)[number][1], string>>;

export function addInduceFlags(cmd: Command): Command {
  for (const [flag, key] of FLAGS) cmd.option(flag, `induce option ${key} (see docs/engine.md)`);
  for (const [flag, key, what] of SWITCHES) cmd.option(flag, `induce option ${key}: ${what}`);
  for (const [flag, key] of CHOICES) cmd.option(flag, `induce option ${key} (see docs/engine.md)`);
  return cmd.option("--induce <json>", "induce options as one JSON object, e.g. '{\"minConfidence\":0.95}'");
}

export function induceOptionsFromFlags(o: InduceFlagValues): InduceOptionsInput {
  let base: Record<string, unknown> = {};
  if (o.induce !== undefined) {
    try {
      base = JSON.parse(o.induce) as Record<string, unknown>;
    } catch (e) {
      throw new InvalidInputError("invalid_option", `--induce: not valid JSON: ${(e as Error).message} in ${JSON.stringify(o.induce)}`, [
        { path: ["--induce"], message: "not valid JSON" },
      ]);
    }
  }
  const out: Record<string, unknown> = { ...base };
  for (const [flag, key] of FLAGS) {
    const v = o[key];
    if (v === undefined) continue;
    if (key === "maxTraceViolations" && v === "none") {
      out[key] = null;
      continue;
    }
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n)) {
      const name = flag.split(" ")[0]!;
      throw new InvalidInputError("invalid_option", `${name} must be a number, got ${JSON.stringify(v)}`, [{ path: [name], message: "must be a number" }]);
    }
    out[key] = n;
  }
  for (const [, key] of SWITCHES) if (o[key] !== undefined) out[key] = o[key];
  for (const [flag, key] of CHOICES) {
    const v = o[key];
    if (v === undefined) continue;
    const [name, words] = flag.split(" ") as [string, string];
    const allowed = words.slice(1, -1).split("|");
    if (!allowed.includes(v)) {
      const message = `must be one of ${allowed.join(", ")}`;
      throw new InvalidInputError("invalid_option", `${name} ${message}, got ${JSON.stringify(v)}`, [{ path: [name], message }]);
    }
    out[key] = v;
  }
  return parseOrThrow(InduceOptionsSchema, out, "induce options");
}
