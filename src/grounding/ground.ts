// Grounds free-text events to the steps of one procedure (DESIGN.md: "free-text events are
// grounded to step ids first, with a score; an event that matches no step is reported, never
// silently dropped or guessed").
//
// Similarity: an IDF-weighted Dice overlap between the stemmed content words of the text and
// of each step (src/grounding/normalize-text.ts), so it ignores word order and inflection;
// a text word that is not one of the step's words may still match one within a small edit
// distance (typos), at a discount. IDF is computed over the procedure's own steps, so words
// shared by many steps ("pour", "container") weigh less than the words that tell steps apart.
// score ∈ [0, 1]: 1 for the same words, 0 for none in common.
// A result is accepted when its best score reaches `threshold` and beats the runner-up by at
// least `margin`; otherwise `step` is absent and the caller gets the ranked candidates.
// Needs only the written steps (no traces). Assumes a procedure of up to a few thousand steps:
// every query is compared with every step.
import { distance } from "fastest-levenshtein";
import { writtenNumberReader } from "./written-number.js";
import { eventStepId, type GroundedTrace, type Procedure, type Trace } from "../model/index.js";
import { tokenize, type Token } from "./normalize-text.js";

export interface GroundingOptions {
  /** Minimum score to accept the best step. */
  threshold?: number;
  /** Minimum lead of the best step over the second one to accept it (ties are never guessed). */
  margin?: number;
  /** Number of candidates returned. */
  candidates?: number;
}

export interface GroundingCandidate {
  step: string;
  score: number;
}

export interface GroundingResult {
  /** The accepted step, absent when no step is close enough or two are too close to call. */
  step?: string;
  /** Score of the best candidate (0 when the procedure has no steps). */
  score: number;
  accepted: boolean;
  /** Best steps first, at most `options.candidates`; steps sharing no word with the text are left out. */
  candidates: GroundingCandidate[];
}

export interface Grounder {
  /** Step ids of the procedure (events naming one of them need no grounding). */
  readonly stepIds: ReadonlySet<string>;
  /** The step an event names by its written number ("3", "#3"), or undefined (written-number.ts). */
  byWrittenNumber(input: string): string | undefined;
  ground(text: string): GroundingResult;
}

// NOTE: 0.5 was set before measuring and kept after the CrossTask sweep
// (bench/grounding-crosstask.ts): 0.6 would halve the unrelated sentences accepted (2.3 % → 1.0 %)
// at the cost of ~0.5 pt of right acceptances; the margin keeps ties (a dropped key word) unknown.
export const GROUNDING_DEFAULTS = { threshold: 0.5, margin: 0.05, candidates: 3 } as const;

// NOTE: typo matching is limited to words of 4+ characters (1 edit) and 8+ (2 edits) and
// discounted, so that short words ("pan", "pin") never match each other.
const FUZZY_DISCOUNT = 0.8;

/** True when b is a with two adjacent characters swapped ("juice" / "ujice"). */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Edit distance counting an adjacent transposition as one edit (for the common typo). */
function typoDistance(a: string, b: string): number {
  return isTransposition(a, b) ? 1 : distance(a, b);
}

function fuzzySimilarity(a: string, b: string): number {
  const len = Math.min(a.length, b.length);
  if (len < 4) return 0;
  const max = len >= 8 ? 2 : 1;
  if (Math.abs(a.length - b.length) > max) return 0;
  const d = typoDistance(a, b);
  return d <= max ? FUZZY_DISCOUNT * (1 - d / Math.max(a.length, b.length)) : 0;
}

interface IndexedStep {
  id: string;
  /** Distinct stems of the step text. */
  tokens: string[];
  /** Every form of every token → that token (see normalize-text.ts, `tokenize`). */
  formOf: Map<string, string>;
  mass: number;
}

export function createGrounder(procedure: Pick<Procedure, "steps">, options: GroundingOptions = {}): Grounder {
  const threshold = options.threshold ?? GROUNDING_DEFAULTS.threshold;
  const margin = options.margin ?? GROUNDING_DEFAULTS.margin;
  const k = options.candidates ?? GROUNDING_DEFAULTS.candidates;

  const tokenized = procedure.steps.map((s) => ({ id: s.id, tokens: tokenize(s.text.trim() !== "" ? s.text : s.id) }));
  const df = new Map<string, number>();
  for (const s of tokenized) for (const t of s.tokens) df.set(t.stem, (df.get(t.stem) ?? 0) + 1);
  const n = Math.max(1, tokenized.length);
  const idf = (t: string): number => Math.log(1 + n / (df.get(t) ?? 0.5));
  const steps: IndexedStep[] = tokenized.map((s) => {
    const formOf = new Map<string, string>();
    for (const t of s.tokens) for (const f of t.forms) if (!formOf.has(f)) formOf.set(f, t.stem);
    const tokens = s.tokens.map((t) => t.stem);
    return { id: s.id, tokens, formOf, mass: tokens.reduce((m, t) => m + idf(t), 0) };
  });

  function score(query: readonly Token[], step: IndexedStep): number {
    if (query.length === 0 || step.tokens.length === 0) return 0;
    const used = new Set<string>();
    let matched = 0;
    let queryMass = 0;
    for (const q of query) {
      let best = 0;
      let bestToken: string | undefined;
      for (const f of q.forms) {
        const t = step.formOf.get(f);
        if (t !== undefined && !used.has(t)) {
          best = 1;
          bestToken = t;
          break;
        }
      }
      if (bestToken === undefined) {
        for (const t of step.tokens) {
          if (used.has(t)) continue;
          const sim = fuzzySimilarity(q.stem, t);
          if (sim > best) {
            best = sim;
            bestToken = t;
          }
        }
      }
      if (bestToken !== undefined) {
        used.add(bestToken);
        const w = idf(bestToken);
        matched += best * w;
        queryMass += w;
      } else queryMass += idf(q.stem);
    }
    return (2 * matched) / (queryMass + step.mass);
  }

  return {
    stepIds: new Set(procedure.steps.map((s) => s.id)),
    byWrittenNumber: writtenNumberReader(procedure.steps.map((s) => s.id)),
    ground(text: string): GroundingResult {
      const query = tokenize(text);
      const ranked = steps
        .map((s, i) => ({ step: s.id, score: score(query, s), i }))
        .sort((a, b) => b.score - a.score || a.i - b.i);
      const best = ranked[0];
      const second = ranked[1];
      const round = (x: number): number => Math.round(x * 1e4) / 1e4;
      const candidates = ranked.filter((c) => c.score > 0).slice(0, k).map((c) => ({ step: c.step, score: round(c.score) }));
      if (best === undefined) return { score: 0, accepted: false, candidates };
      const accepted = best.score >= threshold && best.score - (second?.score ?? 0) >= margin;
      return accepted
        ? { step: best.step, score: round(best.score), accepted, candidates }
        : { score: round(best.score), accepted, candidates };
    },
  };
}

export interface UnknownEvent {
  /** Index of the event in the input trace. */
  index: number;
  text: string;
  candidates: GroundingCandidate[];
}

/**
 * Grounds every event of `trace`: an event naming a step id of the procedure keeps it; one that
 * writes a step's number ("3", "#3", "step 3"; written-number.ts) names that written step; any
 * other event (free text, or a label that is not a step id) is grounded by its text. Events that
 * do not ground are left out of the returned trace and listed in `unknown` with their candidates.
 */
export function groundTrace(grounder: Grounder, trace: Trace): { trace: GroundedTrace; unknown: UnknownEvent[]; numbered: number } {
  const steps: string[] = [];
  let numbered = 0;
  const unknown: UnknownEvent[] = [];
  trace.steps.forEach((event, index) => {
    const id = eventStepId(event);
    if (id !== undefined && grounder.stepIds.has(id)) {
      steps.push(id);
      return;
    }
    const text = id ?? (typeof event === "object" && "text" in event ? event.text : "");
    const byNumber = grounder.byWrittenNumber(text);
    if (byNumber !== undefined) {
      steps.push(byNumber);
      numbered++;
      return;
    }
    const r = grounder.ground(text);
    if (r.accepted && r.step !== undefined) steps.push(r.step);
    else unknown.push({ index, text, candidates: r.candidates });
  });
  const grounded: GroundedTrace = { id: trace.id, procedure: trace.procedure, steps };
  if (trace.version !== undefined) grounded.version = trace.version;
  return { trace: grounded, unknown, numbered };
}
