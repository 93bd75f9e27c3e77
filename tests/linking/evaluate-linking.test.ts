import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLinkPairs } from "../../cli/commands/eval-linking.js";
import { bm25TitleRanker, linkingGoals, rankingMetrics } from "../../src/linking/evaluate-linking.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

describe("linking evaluation helpers", () => {
  it("makes one goal per distinct title with the training texts as examples", () => {
    const goals = linkingGoals(
      [
        { text: "boil water", goal: "Make Tea" },
        { text: "grind beans", goal: "Brew Coffee" },
      ],
      [{ text: "boil water", goal: "Make Tea" }],
    );
    expect(goals).toEqual([
      { id: "Brew Coffee", title: "Brew Coffee", examples: [] },
      { id: "Make Tea", title: "Make Tea", examples: ["boil water"] },
    ]);
  });

  it("counts top-1 and recall@10 over the pairs", () => {
    const ranked = ["x", "a", "b", "c", "d", "e", "f", "g", "h", "i", "late"];
    const pairs = [
      { text: "1", goal: "x" },
      { text: "2", goal: "i" },
      { text: "3", goal: "late" },
      { text: "4", goal: "absent" },
    ];
    expect(rankingMetrics(pairs, () => ranked)).toEqual({ top1: 0.25, recall10: 0.5, n: 4 });
  });

  it("ranks by BM25 over titles in the baseline", () => {
    const rank = bm25TitleRanker([
      { id: "tea", title: "Make Tea" },
      { id: "green", title: "Make Green Tea" },
      { id: "coffee", title: "Brew Coffee" },
    ]);
    expect(rank("make tea")).toEqual(["tea", "green"]);
  });
});

const dir = sharedDataset("wikihow-hierarchy-step-goal");
if (!dir) notice("skipped wikiHow linking data checks: ../shared/datasets/wikihow-hierarchy-step-goal is absent");

describe("wikiHow step-goal links (shared data, evaluation only)", () => {
  it.skipIf(!dir)("reads 1,772 dev links among 8,251 distinct goals", async () => {
    const [all, train, dev] = await Promise.all(
      ["annotated_step_goal.json", "annotated_step_goal.train.json", "annotated_step_goal.dev.json"].map((f) => readLinkPairs(path.join(dir!, f))),
    );
    expect(dev!.length).toBe(1772);
    expect(linkingGoals([...all!, ...train!, ...dev!], train!).length).toBe(8251);
  });
});
