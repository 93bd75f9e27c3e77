// resolveSteps: what a user typed for "the steps done so far" (CLI arguments, API bodies,
// session posts) turned into step ids of one procedure version, the same way everywhere:
// 1. a step id, as is;
// 2. a written number ("3", "3.", "#3", "step 3"): the third written step, in written order;
//    only when no step id of the procedure is itself a number (then numbers are ids only;
//    src/grounding/written-number.ts, shared with trace files read with --ground);
// 3. a step text: the same text (case, spaces and a final period ignored), else grounded with
//    src/grounding/ground.ts (accepted at its threshold and margin, as `stepgraph ground` does).
// Anything else is unresolved, with the closest steps (by text, and ids within a few edits) so
// the caller can say what was meant; `unknownStepsError` words that as an InvalidInputError with
// code `unknown_step` (CLI exit 2, HTTP 422). No input is ever dropped or guessed below the
// grounding threshold.
// A text-only input (`{text}` of a session post) skips steps 1 and 2.
// NOTE: the resolver of a script is cached per script object (scripts are never changed in
// place); inputs that are all ids cost one Set lookup each, and the grounding index is built only
// when an input is not an id.
import { distance } from "fastest-levenshtein";
import { InvalidInputError, type InputIssue } from "../errors.js";
import { createGrounder, type Grounder } from "../grounding/ground.js";
import { numbersNameSteps, writtenNumberOf } from "../grounding/written-number.js";
import type { GraphScript } from "../model/index.js";

/** A step the resolver may answer with. */
export interface ResolvableStep {
  id: string;
  text: string;
  /** Steps that have a written number, in written order (others: undefined). */
  number?: number;
}

export type StepMatch = "id" | "number" | "text";

/** An input that named a step, and how. */
export interface ResolvedStep {
  index: number;
  input: string;
  step: string;
  by: StepMatch;
  /** Grounding score, for text matches found by grounding (1 for an exact text). */
  score?: number;
}

export interface StepCandidate {
  step: string;
  text: string;
  score: number;
}

/** An input that named no step, with the closest steps (best first, at most three). */
export interface UnresolvedStep {
  index: number;
  input: string;
  candidates: StepCandidate[];
}

export interface StepResolution {
  /** The step ids, in input order (complete only when `unresolved` is empty). */
  steps: string[];
  /** Every input that was not given as a step id, with how it was read. */
  resolved: ResolvedStep[];
  unresolved: UnresolvedStep[];
}

export interface StepResolver {
  readonly steps: readonly ResolvableStep[];
  /** Resolves each input (ids, numbers or texts); `textOnly` inputs are matched by text only. */
  resolve(inputs: readonly string[], options?: { textOnly?: boolean }): StepResolution;
}

const CANDIDATES = 3;

const normalized = (s: string): string => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().replace(/[.;:!]+$/, "");

export function createStepResolver(steps: readonly ResolvableStep[]): StepResolver {
  const ids = new Set(steps.map((s) => s.id));
  const byNumber = new Map<number, string>();
  if (numbersNameSteps(ids)) for (const s of steps) if (s.number !== undefined) byNumber.set(s.number, s.id);
  let byText: Map<string, string[]> | undefined;
  let grounder: Grounder | undefined;
  const textOf = new Map(steps.map((s) => [s.id, s.text]));

  function closest(input: string): StepCandidate[] {
    grounder ??= createGrounder({ steps: steps.map((s) => ({ id: s.id, text: s.text })) });
    const out = new Map<string, StepCandidate>();
    for (const c of grounder.ground(input).candidates) out.set(c.step, { step: c.step, text: textOf.get(c.step) ?? c.step, score: c.score });
    // Ids a few edits away (a typo of an id shares no word with the texts).
    const lower = input.toLowerCase();
    const maxEdits = Math.max(1, Math.min(4, Math.floor(lower.length / 4)));
    const near = steps
      .map((s) => ({ s, d: distance(lower, s.id.toLowerCase()) }))
      .filter((x) => x.d <= maxEdits && !out.has(x.s.id))
      .sort((a, b) => a.d - b.d)
      .slice(0, CANDIDATES);
    for (const { s, d } of near) out.set(s.id, { step: s.id, text: s.text, score: Math.round((1 - d / Math.max(lower.length, s.id.length)) * 1e4) / 1e4 });
    return [...out.values()].sort((a, b) => b.score - a.score).slice(0, CANDIDATES);
  }

  function one(input: string, index: number, textOnly: boolean): ResolvedStep | UnresolvedStep {
    if (!textOnly) {
      if (ids.has(input)) return { index, input, step: input, by: "id" };
      const trimmed = input.trim();
      if (ids.has(trimmed)) return { index, input, step: trimmed, by: "id" };
      const n = writtenNumberOf(trimmed);
      if (n !== undefined) {
        const step = byNumber.get(n);
        if (step !== undefined) return { index, input, step, by: "number" };
      }
    }
    if (byText === undefined) {
      byText = new Map();
      for (const s of steps) {
        const key = normalized(s.text);
        if (key !== "") byText.set(key, [...(byText.get(key) ?? []), s.id]);
      }
    }
    const exact = byText.get(normalized(input));
    if (exact?.length === 1) return { index, input, step: exact[0]!, by: "text", score: 1 };
    if (exact === undefined) {
      grounder ??= createGrounder({ steps: steps.map((s) => ({ id: s.id, text: s.text })) });
      const r = grounder.ground(input);
      if (r.accepted && r.step !== undefined) return { index, input, step: r.step, by: "text", score: r.score };
    }
    return { index, input, candidates: closest(input) };
  }

  return {
    steps,
    resolve(inputs, options = {}) {
      // NOTE: the common case (every input an id) in one pass, without an object per input.
      if (options.textOnly !== true && inputs.every((x) => ids.has(x))) return { steps: [...inputs], resolved: [], unresolved: [] };
      const out: StepResolution = { steps: [], resolved: [], unresolved: [] };
      inputs.forEach((input, index) => {
        const r = one(input, index, options.textOnly === true);
        if ("step" in r) {
          out.steps.push(r.step);
          if (r.by !== "id") out.resolved.push(r);
        } else out.unresolved.push(r);
      });
      return out;
    },
  };
}

/** The steps of a graph script as the resolver sees them: written steps numbered in written order. */
export function resolvableSteps(script: GraphScript): ResolvableStep[] {
  const written = script.steps.filter((s) => s.written && s.origin === undefined).sort((a, b) => a.position - b.position);
  const number = new Map(written.map((s, i) => [s.id, i + 1]));
  return script.steps.map((s) => {
    const n = number.get(s.id);
    return n === undefined ? { id: s.id, text: s.text } : { id: s.id, text: s.text, number: n };
  });
}

const resolvers = new WeakMap<GraphScript, StepResolver>();

/** The resolver of a script's steps (cached per script object). */
export function scriptStepResolver(script: GraphScript): StepResolver {
  let r = resolvers.get(script);
  if (r === undefined) resolvers.set(script, (r = createStepResolver(resolvableSteps(script))));
  return r;
}

export interface UnknownStepsWhere {
  /** The procedure version the steps were resolved against. */
  procedure: string;
  version: number;
  /** Where input `index` was given, for the issue's path (e.g. ["body", "done", 2]). */
  path(index: number): (string | number)[];
  /** The same for people (e.g. "argument 3", "body.done.2"). */
  label(index: number): string;
  /** The steps that were searched: named (the first few) when no step is close. */
  steps?: readonly ResolvableStep[];
}

const SHOWN_STEPS = 8;

function describeCandidates(c: readonly StepCandidate[], steps: readonly ResolvableStep[] | undefined): string {
  if (c.length > 0) return `closest: ${c.map((x) => (x.text && x.text !== x.step ? `${JSON.stringify(x.step)} (${x.text})` : JSON.stringify(x.step))).join(", ")}`;
  if (steps === undefined || steps.length === 0) return "no step is close";
  const shown = steps.slice(0, SHOWN_STEPS).map((s) => JSON.stringify(s.id));
  return `no step is close; the steps are ${shown.join(", ")}${steps.length > SHOWN_STEPS ? `, … (${steps.length} in all)` : ""}`;
}

/** The InvalidInputError (code unknown_step) that names every unresolved input and its closest steps. */
export function unknownStepsError(unresolved: readonly UnresolvedStep[], where: UnknownStepsWhere): InvalidInputError {
  const of = `${JSON.stringify(where.procedure)} version ${where.version}`;
  const issues: InputIssue[] = unresolved.map((u) => ({
    path: where.path(u.index),
    message: `${JSON.stringify(u.input)} is not a step of ${of} (by id, written number or text); ${describeCandidates(u.candidates, where.steps)}`,
  }));
  const head =
    unresolved.length === 1
      ? `${where.label(unresolved[0]!.index)}: ${issues[0]!.message}`
      : `${unresolved.length} inputs name no step of ${of}:\n${unresolved.map((u, i) => `${where.label(u.index)}: ${issues[i]!.message}`).join("\n")}`;
  return new InvalidInputError("unknown_step", head, issues, {
    procedure: where.procedure,
    version: where.version,
    unknown: unresolved.map((u) => ({ index: u.index, input: u.input, candidates: u.candidates })),
  });
}

/** Resolves `inputs` against `resolver`, or throws unknownStepsError naming each unresolved one. */
export function resolveStepsOrThrow(resolver: StepResolver, inputs: readonly string[], where: UnknownStepsWhere, options: { textOnly?: boolean } = {}): StepResolution {
  const r = resolver.resolve(inputs, options);
  if (r.unresolved.length > 0) throw unknownStepsError(r.unresolved, { steps: resolver.steps, ...where });
  return r;
}
