// Keeps the next-step bar of issue 8 on real data: the CrossTask paths of the seed paper, the
// README "Next step and completion" command (5 folds, seed 1, curated-trace induce options).
// The engine must beat the best baseline by 0.01 Acc@1, not lose Hit@3, and not lose completion;
// the pairwise model must raise completion.
// NOTE: issue 8's completion bar (best baseline + 0.02) is no longer met: it was reached with a
// search bonus fitted on this dataset (entropyBonus 0.45: +0.0209), which scored mostly lower than
// the plain rule on the other datasets and was dropped in issue 13; the defaults give +0.0159 here
// since 8480fb7 (docs/results.md, "Completion: sets of steps").
// Skips visibly without ../shared.
import { describe, expect, it } from "vitest";
import { readCrossTaskPaths } from "../../ingest/crosstask-paths/read-crosstask-paths.js";
import { evaluateNextStep } from "../../src/evaluation/next-step-eval.js";
import type { RankingOptionsInput } from "../../src/model/queries.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

const dir = sharedDataset("graph-script-crosstask-wikihow");
if (!dir) notice("skipped CrossTask next-step checks: ../shared/datasets/graph-script-crosstask-wikihow is absent");

const induce = { evidence: "counts", minSupport: 1, minConfidence: 1, maxTraceViolations: null, optionalBelow: 1 } as const;

describe.skipIf(!dir)("CrossTask next step and completion (issue 8 bar, seed 1)", () => {
  const run = async (ranking: RankingOptionsInput) => {
    const { procedures, traces } = await readCrossTaskPaths(dir!);
    const r = evaluateNextStep(procedures, traces, { folds: 5, seed: 1, induce, ranking });
    const best = (k: "acc1" | "hit3" | "completionAcc"): number => Math.max(...Object.values(r.baselines).map((b) => b[k]));
    return { r, best };
  };

  it("beats the best baseline by 0.01 Acc@1, keeps Hit@3 and completion", async () => {
    const { r, best } = await run({});
    expect(r.prefixes).toBe(16584);
    expect(r.engine.acc1).toBeGreaterThanOrEqual(best("acc1") + 0.01);
    expect(r.engine.hit3).toBeGreaterThanOrEqual(best("hit3"));
    expect(r.engine.completionAcc).toBeGreaterThanOrEqual(best("completionAcc"));
  }, 60_000);

  it("completes more runs exactly with the pairwise model than without it", async () => {
    const [withIt, without] = [await run({}), await run({ pairwiseWeight: 0 })];
    expect(withIt.r.engine.completionAcc).toBeGreaterThan(without.r.engine.completionAcc);
  }, 120_000);
});
