// `stepgraph eval linking --data DIR --split dev [--json]`: link suggestion on the wikiHow
// step → goal links written by editors (DIR = wikihow-hierarchy-step-goal, evaluation only).
// Protocol: the candidates are all distinct goal titles of the three files (8,251); only the
// train split teaches anything: its steps become examples of their goals (nearest-neighbour
// and word-association features) and a scorer is learned on them, each train step scored with
// itself left out; then every dev step ranks all goals. Prints top-1 accuracy and recall@10 of
// the learned scorer, of the hand-set default scorer and of a plain BM25 over the titles, all
// measured in the same run. `--scorer FILE` uses a saved scorer instead of learning one.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError, formatIssues, issuesFromZod, parseOrThrow } from "../../src/errors.js";
import {
  bm25TitleRanker,
  leaveOneOutExamples,
  linkingGoals,
  rankingMetrics,
  type LinkPair,
  type RankingMetrics,
} from "../../src/linking/evaluate-linking.js";
import { learnLinkScorer } from "../../src/linking/learn-link-scorer.js";
import { LinkScorerSchema, type LinkScorer } from "../../src/linking/link-scorer.js";
import { createLinkSuggester, type LinkSuggester } from "../../src/linking/suggest-links.js";
import { printJson, printText } from "../output.js";

const FILES = { all: "annotated_step_goal.json", train: "annotated_step_goal.train.json", dev: "annotated_step_goal.dev.json" };

const FlagsSchema = z
  .object({
    data: z.string().min(1),
    split: z.literal("dev"),
    json: z.boolean().optional(),
    epochs: z.coerce.number().int().min(1).max(100).default(8),
    every: z.coerce.number().int().min(1).default(1),
    seed: z.coerce.number().int().default(1),
    hidden: z.coerce.number().int().min(1).max(256).default(16),
    members: z.coerce.number().int().min(1).max(20).default(3),
    scorer: z.string().optional(),
    saveScorer: z.string().optional(),
  })
  .strict();

/** Reads one {step text: goal title} file. */
export async function readLinkPairs(file: string): Promise<LinkPair[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new InvalidInputError("file_not_readable", `${file}: cannot read JSON: ${(e as Error).message}`, [{ file, path: [], message: (e as Error).message }]);
  }
  const r = z.record(z.string().min(1), z.string().min(1)).safeParse(data);
  if (!r.success) {
    const issues = issuesFromZod(r.error, { file });
    throw new InvalidInputError("invalid_input", `invalid step → goal links in ${file}:\n${formatIssues(issues)}`, issues);
  }
  return Object.entries(r.data).map(([text, goal]) => ({ text, goal }));
}

export interface LinkingReport extends RankingMetrics {
  scorer: "learned" | "given";
  baseline: RankingMetrics & { method: string };
  defaultScorer: RankingMetrics;
  goals: number;
  trainPairs: number;
  /** Train steps the scorer learned from (those whose goal is a candidate, left out of its own goal). */
  learnedFrom?: number;
  /** Share of dev steps (all of which have a goal) the suggester called unlinkable. */
  unlinkableShare: number;
  protocol: string;
}

export function registerEvalLinking(evalCommand: Command): void {
  evalCommand
    .command("linking")
    .description("rank all wikiHow goals for each dev step (top-1, recall@10), with a plain BM25 baseline in the same run")
    .requiredOption("--data <dir>", "folder of wikihow-hierarchy-step-goal (evaluation only, never copied)")
    .option("--split <split>", "split to evaluate (dev; train only teaches)", "dev")
    .option("--epochs <n>", "training epochs of the scorer", "8")
    .option("--every <n>", "learn from every n-th train step (1: all)", "1")
    .option("--seed <n>", "seed of the scorer's initialisation and shuffling", "1")
    .option("--hidden <n>", "hidden units of the scorer", "16")
    .option("--members <n>", "networks in the scorer's ensemble (seeds seed, seed + 1, …)", "3")
    .option("--scorer <file>", "use this saved scorer (JSON) instead of learning one")
    .option("--save-scorer <file>", "write the learned scorer (JSON) here")
    .option("--json", "print JSON")
    .action(async (raw: Record<string, unknown>) => {
      const o = parseOrThrow(FlagsSchema, raw, "eval linking options");
      const r = await evaluateLinking(o);
      if (o.json) return printJson(r);
      printText(
        [
          `goals ${r.goals}, train links ${r.trainPairs}, dev steps ${r.n}`,
          `${"scorer".padEnd(34)} top-1   recall@10`,
          `${`${r.scorer} scorer`.padEnd(34)} ${r.top1.toFixed(3)}   ${r.recall10.toFixed(3)}`,
          `${"default (hand-set) scorer".padEnd(34)} ${r.defaultScorer.top1.toFixed(3)}   ${r.defaultScorer.recall10.toFixed(3)}`,
          `${"baseline: BM25 over titles".padEnd(34)} ${r.baseline.top1.toFixed(3)}   ${r.baseline.recall10.toFixed(3)}`,
          `dev steps called unlinkable: ${(100 * r.unlinkableShare).toFixed(1)}%`,
        ].join("\n"),
      );
    });
}

export async function evaluateLinking(o: z.output<typeof FlagsSchema>): Promise<LinkingReport> {
  const [all, train, dev] = await Promise.all([
    readLinkPairs(path.join(o.data, FILES.all)),
    readLinkPairs(path.join(o.data, FILES.train)),
    readLinkPairs(path.join(o.data, FILES.dev)),
  ]);
  const goals = linkingGoals([...all, ...train, ...dev], train);
  const top10 = (s: LinkSuggester) => (text: string) =>
    s
      .rank(text)
      .slice(0, 10)
      .map((r) => goals[r.goal]!.id);

  const baselineRank = bm25TitleRanker(goals);
  const baseline = { method: "BM25 (k1 1.2, b 0.75) over goal titles, stemmed, stop words removed", ...rankingMetrics(dev, baselineRank) };
  const byDefault = createLinkSuggester(goals);
  const defaultScorer = rankingMetrics(dev, top10(byDefault));

  let scorer: LinkScorer;
  let learnedFrom: number | undefined;
  if (o.scorer !== undefined) {
    scorer = parseOrThrow(LinkScorerSchema, JSON.parse(await readFile(o.scorer, "utf8")), `link scorer ${o.scorer}`);
  } else {
    const examples = leaveOneOutExamples(byDefault, goals, train, { every: o.every, seed: o.seed });
    learnedFrom = examples.length;
    scorer = learnLinkScorer(examples, {
      epochs: o.epochs,
      hidden: o.hidden,
      seed: o.seed,
      members: o.members,
      trainedOn: `wikihow-hierarchy-step-goal train split, leave-one-out, every ${o.every}, ${o.epochs} epochs, seed ${o.seed}, ${o.members} member(s)`,
    });
    if (o.saveScorer !== undefined) await writeFile(o.saveScorer, `${JSON.stringify(scorer)}\n`);
  }
  const learned = createLinkSuggester(goals, { scorer });
  const metrics = rankingMetrics(dev, top10(learned));
  let unlinkable = 0;
  for (const p of dev) if (learned.suggest(p.text, 1).unlinkable) unlinkable++;
  const report: LinkingReport = {
    ...metrics,
    scorer: o.scorer === undefined ? "learned" : "given",
    baseline,
    defaultScorer,
    goals: goals.length,
    trainPairs: train.length,
    unlinkableShare: Math.round((unlinkable / Math.max(1, dev.length)) * 10_000) / 10_000,
    protocol:
      "candidates: every distinct goal title of the three files; examples and learning from the train split only " +
      "(each train step left out of its own goal); every dev step ranks all goals; ties: earlier title first",
  };
  if (learnedFrom !== undefined) report.learnedFrom = learnedFrom;
  return report;
}
