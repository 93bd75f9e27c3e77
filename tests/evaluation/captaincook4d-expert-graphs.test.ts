// Proves the conformance checks and the two CaptainCook4D evaluators on real data: with the
// expert task graphs (DTGL's ground truth) instead of induced ones, order-error detection must
// flag about what the issue states for them (110 of 117 tagged recordings, 6 false alarms among
// the other 267) and online mistake detection must clear its bar. Skips visibly without ../shared.
import { describe, expect, it } from "vitest";
import { readCaptainCook4d } from "../../ingest/captaincook4d/read-captaincook4d.js";
import { evaluateMistakes } from "../../src/evaluation/mistake-eval.js";
import { evaluateOrderErrors } from "../../src/evaluation/order-error-eval.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

const dir = sharedDataset("captaincook4d");
if (!dir) notice("skipped CaptainCook4D expert-graph checks: ../shared/datasets/captaincook4d is absent");

describe.skipIf(!dir)("CaptainCook4D with the expert graphs", () => {
  const load = async () => {
    const data = await readCaptainCook4d(dir!, { recordings: "all", mistakes: true });
    const graphs = new Map(data.truth.map((t) => [t.procedure, t.edges as [string, string][]]));
    const procedures = new Map(data.procedures.map((p) => [p.id, p]));
    return { data, graphs, procedures };
  };

  it("flags the recordings tagged Order Error with few false alarms (leave one out)", async () => {
    const { data, graphs, procedures } = await load();
    const tags = new Map(data.recordings.map((r) => [r.id, r.errors]));
    const r = evaluateOrderErrors(
      data.traces.map((t) => ({
        id: t.id,
        procedure: procedures.get(t.procedure)!,
        steps: t.steps,
        errorFree: tags.get(t.id)!.length === 0,
        orderError: tags.get(t.id)!.includes("Order Error"),
      })),
      { graphs },
    );
    expect({ recordings: r.recordings, positives: r.positives, truePositives: r.truePositives, falsePositives: r.falsePositives }).toEqual({
      recordings: 384,
      positives: 117,
      truePositives: 113,
      falsePositives: 6,
    });
  });

  it("detects online mistakes above the issue's bar", async () => {
    const { data, graphs, procedures } = await load();
    const r = evaluateMistakes((c) => procedures.get(c.procedure)!, data.train!, data.test!, { graphs });
    expect(r.counts).toMatchObject({ cases: 117, mistakes: 117 });
    expect(r.avgF1).toBeGreaterThanOrEqual(0.92);
  });
});
