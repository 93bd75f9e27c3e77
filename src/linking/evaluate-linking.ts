// Evaluation of link suggestion on (step text → goal title) pairs, as in the wikiHow
// step-goal links of "Show Me More Details" (Zhou et al., ACL 2022):
// - `linkingGoals`: one goal per distinct title of all splits, with the training pairs' texts
//   as its examples (the split being evaluated never contributes examples);
// - `rankingMetrics`: top-1 accuracy and recall@10 of a ranker over the pairs;
// - `bm25TitleRanker`: the plain baseline, Okapi BM25 (k1 1.2, b 0.75) over the titles alone;
// - `leaveOneOutExamples`: ranking examples for learnLinkScorer from the training pairs, each
//   scored with its own example left out, so training sees what evaluation will see.
// Ties rank the earlier goal (sorted title order) first.
import { linkTerms } from "./link-terms.js";
import type { RankingExample } from "./learn-link-scorer.js";
import { seededRandom } from "../random/seeded-random.js";
import { LINK_FEATURES } from "./link-features.js";
import { DEFAULT_LINK_SCORER, linkScore } from "./link-scorer.js";
import type { LinkGoal, LinkSuggester } from "./suggest-links.js";
import { TermIndex } from "./term-index.js";

export interface LinkPair {
  text: string;
  goal: string;
}

export interface RankingMetrics {
  top1: number;
  recall10: number;
  n: number;
}

/** Goals (id = title) of every distinct title, sorted; training texts become examples. */
export function linkingGoals(allPairs: readonly LinkPair[], trainPairs: readonly LinkPair[]): LinkGoal[] {
  const titles = [...new Set(allPairs.map((p) => p.goal))].sort();
  const examples = new Map<string, string[]>(titles.map((t) => [t, []]));
  for (const p of trainPairs) examples.get(p.goal)?.push(p.text);
  return titles.map((t) => ({ id: t, title: t, examples: examples.get(t)! }));
}

/** Share of pairs whose goal ranks first, and within the first ten. */
export function rankingMetrics(pairs: readonly LinkPair[], top10: (text: string, i: number) => readonly string[]): RankingMetrics {
  let top1 = 0;
  let recall10 = 0;
  pairs.forEach((p, i) => {
    const ranked = top10(p.text, i);
    const at = ranked.slice(0, 10).indexOf(p.goal);
    if (at === 0) top1++;
    if (at >= 0) recall10++;
  });
  const n = pairs.length;
  return { top1: n ? round(top1 / n) : 0, recall10: n ? round(recall10 / n) : 0, n };
}

/** Plain BM25 over goal titles (same words, stop words and stems as the suggester). */
export function bm25TitleRanker(goals: readonly LinkGoal[]): (text: string) => string[] {
  const index = new TermIndex(goals.map((g) => linkTerms(g.title)));
  return (text) =>
    [...index.bm25(linkTerms(text), { k1: 1.2, b: 0.75 })]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 10)
      .map(([g]) => goals[g]!.id);
}

/**
 * For each training pair, its candidates' features with its own example left out: the
 * `maxCandidates` best by the default scorer, `sampledCandidates` drawn at random from the rest
 * (so the learned scorer also sees, and learns to keep down, candidates the default ranks low:
 * at use it scores them all), and the right goal. Pairs whose goal is no candidate are skipped.
 */
export function leaveOneOutExamples(
  suggester: LinkSuggester,
  goals: readonly LinkGoal[],
  trainPairs: readonly LinkPair[],
  options: { maxCandidates?: number; sampledCandidates?: number; every?: number; seed?: number } = {},
): RankingExample[] {
  const maxCandidates = options.maxCandidates ?? 100;
  const sampled = options.sampledCandidates ?? 100;
  const every = options.every ?? 1;
  const rand = seededRandom(options.seed ?? 1);
  const goalIndex = new Map(goals.map((g, i) => [g.id, i]));
  const exampleIndex = new Map<string, number>();
  let k = 0;
  for (const g of goals) for (const e of g.examples ?? []) exampleIndex.set(`${g.id}\u0000${e}`, k++);
  const F = LINK_FEATURES.length;
  const out: RankingExample[] = [];
  trainPairs.forEach((p, i) => {
    if (i % every !== 0) return;
    const gold = goalIndex.get(p.goal);
    const exclude = exampleIndex.get(`${p.goal}\u0000${p.text}`);
    if (gold === undefined || exclude === undefined) return;
    const ranked = suggester
      .rank(p.text, { exclude })
      .map((r) => ({ ...r, base: linkScore(DEFAULT_LINK_SCORER, r.features) }))
      .sort((a, b) => b.base - a.base || a.goal - b.goal);
    const goldAt = ranked.findIndex((r) => r.goal === gold);
    if (goldAt < 0) return;
    const kept = ranked.slice(0, maxCandidates);
    const rest = ranked.slice(maxCandidates);
    for (let n = 0; n < sampled && rest.length > 0; n++) {
      const j = Math.floor(rand() * rest.length);
      kept.push(rest[j]!);
      rest[j] = rest[rest.length - 1]!;
      rest.pop();
    }
    if (!kept.some((r) => r.goal === gold)) kept.push(ranked[goldAt]!);
    const features = new Float32Array(kept.length * F);
    kept.forEach((r, c) => features.set(r.features, c * F));
    out.push({ features, candidates: kept.length, gold: kept.findIndex((r) => r.goal === gold) });
  });
  return out;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
