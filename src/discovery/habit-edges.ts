// Habit edges: orders the runs keep that the order check does not enforce (issue 13, item 5:
// "ranking and checking may use different strengths of the same evidence").
// The pair posterior (pair-posterior.ts) lets a free pair split its runs uniformly, Beta(1, 1):
// c runs that never reverse it then have probability 1/(c + 1), so 16 runs make a constraint of
// any pair they never reversed. But steps that are free often keep a habitual order (parallel
// branches started in the usual order, a step usually done early): under Jeffreys' prior
// Beta(½, ½) for a free pair's split the same c runs have probability B(½, c + ½) / B(½, ½)
// (about 1 / √(πc): 0.14 for 16 runs instead of 0.06), and it takes more runs to tell a
// constraint from a habit.
// The graph keeps the uniform prior's edges (induction, next-step ranking and completion follow
// them: docs/results.md). An edge is enforced by the order check only when the graph built from
// the same runs under Jeffreys' prior (the posterior refitted at α = ½ with the same noise model,
// the same runs set aside, the same acyclic insertion) implies it too; the others get
// `habit: true`. Written pairs the runs never reverse stay constraints under either prior
// (precedence-candidates.ts), so a habit is an order of the runs alone or one they reversed.
// NOTE: the Jeffreys graph skips the second look at unreversed orders by their opportunities
// (enabled-opportunities.ts), which leans on the graph's other edges: with it, a step done last
// in each of 16 runs, after five parallel steps, lost its order to the one it usually followed
// (tests/discovery/habit-edges.test.ts); it also freed more orders on the few-runs logs
// (a42 at 0 % noise: 0.830 of held-out runs judged as the true model does, against 0.766).
// Why: induced from 16 runs of the synthetic logs a22–a42, the check rejected 17–43 % of the
// valid held-out runs, most for a pair of parallel steps whose reversal occurs in 5–35 % of valid
// runs but not among those 16 (docs/results.md, "Few runs"). α = ½ is the textbook
// non-informative prior (Jeffreys), not a fitted figure; making it the graph's prior as well cost
// CaptainCook4D induction (all 384 recordings 0.842 → 0.809), hence two strengths.
import type { PrecedenceCandidate } from "./precedence-candidates.js";
import type { ReachabilityClosure } from "./acyclic-insertion.js";
import { pairPosteriors, type NoiseModel, type PairPosterior, type PairPosteriorParameters } from "./pair-posterior.js";
import type { PairCounts } from "./pair-counts.js";

/** α of the free pairs' Beta prior that an enforced order must also stand under (Jeffreys). */
export const HABIT_ALPHA = 0.5;

/**
 * The closure of the graph built under Jeffreys' prior: an edge of the script's graph that it
 * does not imply is a habit.
 * @param fitted the pair posteriors (both noise models) the script's graph was built from, as a start for the refit
 * @param closureOf the closure of the graph a posterior gives (acyclic insertion, as the script's graph)
 */
export function enforcedClosure(
  counts: PairCounts,
  writtenPosition: readonly number[],
  model: NoiseModel,
  fitted: Readonly<Record<NoiseModel, PairPosteriorParameters>>,
  closureOf: (posterior: PairPosterior) => ReachabilityClosure,
): ReachabilityClosure {
  const jeffreys = pairPosteriors(counts, writtenPosition, { alpha: HABIT_ALPHA, start: fitted })[model];
  return closureOf(jeffreys);
}

/** Whether the script's edge `e` is a habit: not implied by the enforced closure. */
export function isHabit(e: Pick<PrecedenceCandidate, "from" | "to">, enforced: ReachabilityClosure): boolean {
  return !enforced.reaches(e.from, e.to);
}

/** The calibration reason for `habits` habit edges; undefined when there are none. */
export function habitReason(habits: number): string | undefined {
  if (habits === 0) return undefined;
  const one = habits === 1;
  return `${habits} order${one ? "" : "s"} the runs keep ${one ? "is a habit" : "are habits"}: too few runs to tell ${one ? "it" : "them"} from free steps done in a usual order (a free pair's split drawn from Jeffreys' prior Beta(½, ½)); next-step ranking and completion follow ${one ? "it" : "them"}, the order check does not enforce ${one ? "it" : "them"} (habit: true on the edge)`;
}
