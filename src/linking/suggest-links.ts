// createLinkSuggester: for a step's text, ranks the known procedures (goals) whose title it
// most likely refers to — the sub-procedure that details the step. `suggest(text, k)` returns
// the k best candidates with a score (the candidate's softmax share among all candidates, in
// [0, 1]) and `unlinkable: true` when nothing fits: no goal shares a term with the text, or the
// best one's title is less than `minFit` covered by the text (exactly or through learned word
// associations) and no example step of it is that close either.
// Goals may carry `examples`: step texts already linked to them; they describe the goal
// (nearest-neighbour features) and teach word associations ("cop" → "police").
// Assumes English titles and steps (stemming, stop words); candidates are goals sharing at
// least one term, or an associated term, with the text.
import { z } from "zod";
import { parseOrThrow } from "../errors.js";
import { buildLinkIndex, LINK_FEATURES, linkFeatures, type LinkIndex } from "./link-features.js";
import { assertScorerFeatures, DEFAULT_LINK_SCORER, linkScore, type LinkScorer } from "./link-scorer.js";

export const LinkGoalSchema = z
  .object({
    id: z.string().min(1).max(256),
    title: z.string().min(1).max(1000),
    examples: z.array(z.string().max(10_000)).optional(),
  })
  .strict();
export const LinkGoalsSchema = z.array(LinkGoalSchema).superRefine((goals, ctx) => {
  const seen = new Map<string, number>();
  goals.forEach((g, i) => {
    const first = seen.get(g.id);
    if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate goal id ${JSON.stringify(g.id)} (first at [${first}])` });
    else seen.set(g.id, i);
  });
});
export type LinkGoal = z.infer<typeof LinkGoalSchema>;

export interface LinkCandidate {
  id: string;
  title: string;
  score: number;
}

export interface LinkSuggestion {
  candidates: LinkCandidate[];
  unlinkable: boolean;
}

export interface LinkSuggesterOptions {
  scorer?: LinkScorer;
  /** Least fit (share of the best goal's title the text covers, or its closest example's cosine) to call a link possible. */
  minFit?: number;
}

export interface RankedGoal {
  /** Index of the goal in the list given to createLinkSuggester. */
  goal: number;
  score: number;
  /** The candidate's features, LINK_FEATURES order. */
  features: number[];
}

export interface LinkSuggester {
  suggest(text: string, k?: number): LinkSuggestion;
  /** Every candidate goal, best first (ties: earlier goal first). `exclude` leaves one example out. */
  rank(text: string, options?: { exclude?: number }): RankedGoal[];
  readonly index: LinkIndex;
}

const FIT_TITLE = LINK_FEATURES.indexOf("translation");
const FIT_EXAMPLE = LINK_FEATURES.indexOf("exampleMax");

export function createLinkSuggester(goals: readonly LinkGoal[], options: LinkSuggesterOptions = {}): LinkSuggester {
  const valid = parseOrThrow(LinkGoalsSchema, goals, "link goals");
  const scorer = options.scorer ?? DEFAULT_LINK_SCORER;
  assertScorerFeatures(scorer);
  const minFit = options.minFit ?? 0.5;
  const index = buildLinkIndex(valid);

  const rank = (text: string, rankOptions: { exclude?: number } = {}): RankedGoal[] =>
    linkFeatures(index, text, rankOptions)
      .map((c) => ({ goal: c.goal, features: c.features, score: linkScore(scorer, c.features) }))
      .sort((a, b) => b.score - a.score || a.goal - b.goal);

  return {
    index,
    rank,
    suggest(text: string, k = 5): LinkSuggestion {
      const ranked = rank(text);
      if (ranked.length === 0) return { candidates: [], unlinkable: true };
      const top = ranked[0]!.score;
      let sum = 0;
      for (const r of ranked) sum += Math.exp(r.score - top);
      const candidates = ranked.slice(0, Math.max(0, k)).map((r) => ({
        id: valid[r.goal]!.id,
        title: valid[r.goal]!.title,
        score: Math.round((Math.exp(r.score - top) / sum) * 1e4) / 1e4,
      }));
      const best = ranked[0]!.features;
      const unlinkable = Math.max(best[FIT_TITLE]!, best[FIT_EXAMPLE]!) < minFit;
      return { candidates, unlinkable };
    },
  };
}
