// The answers of the queries that continue a run (next steps, completion) as the API and the
// CLI give them: the ranked next steps or the completion, plus the order check of the steps done
// so far (`check`, as checkOrder gives it for a partial run, with `messages` wording each
// violation). After an invalid prefix the answer says so and continues from the run as it
// happened: violating steps stay done (they happened), required steps they skipped count as
// skipped, and what follows is only what may validly come next.
// Top-k lists hold allowed steps only unless `includeBlocked` asks for the steps that are not
// allowed now (probability 0, each with the violation posting it would cause).
// Assumes `done` holds step ids of the script (the edge resolves inputs with resolve-steps.ts).
import { checkOrder } from "../conformance/check-order.js";
import { renderViolation } from "../conformance/render-violation.js";
import type { GraphScript } from "../model/index.js";
import type { CheckResult, Completion, NextStep, RankingOptionsInput } from "../model/queries.js";
import { complete } from "./complete.js";
import { nextSteps } from "./next-steps.js";

export interface PrefixCheck {
  check: CheckResult;
  /** messages[i] words check.violations[i]. */
  messages: string[];
}

/** checkOrder of a partial run, with its violations in words. */
export function prefixCheck(script: GraphScript, done: readonly string[]): PrefixCheck {
  const check = checkOrder(script, done);
  return { check, messages: check.valid ? [] : check.violations.map((v) => renderViolation(v, script)) };
}

/** Allowed candidates only, unless `includeBlocked`. Allowed ones always rank first. */
export function visibleNextSteps(list: readonly NextStep[], includeBlocked = false): NextStep[] {
  return includeBlocked ? [...list] : list.filter((n) => n.allowed);
}

export interface NextStepsAnswerOptions {
  k?: number;
  includeBlocked?: boolean;
  ranking?: RankingOptionsInput;
}

export function nextStepsAnswer(script: GraphScript, done: readonly string[], options: NextStepsAnswerOptions = {}): PrefixCheck & { next: NextStep[] } {
  const ranked = nextSteps(script, done, options.k ?? 5, options.ranking ?? {});
  return { ...prefixCheck(script, done), next: visibleNextSteps(ranked, options.includeBlocked) };
}

export function completionAnswer(script: GraphScript, done: readonly string[], ranking: RankingOptionsInput = {}): PrefixCheck & { completion: Completion } {
  return { ...prefixCheck(script, done), completion: complete(script, done, ranking) };
}
