// Order errors on real data with the text prior: graphs induced leave-one-out from the
// error-free CaptainCook4D recordings with the README "Online mistake detection" options (text
// prior, fallback by written order) must reach F1 ≥ 0.85 with the literal flag (any
// precedence violation, minInversions 1). Skips visibly without ../shared.
import { describe, expect, it } from "vitest";
import { readCaptainCook4d } from "../../ingest/captaincook4d/read-captaincook4d.js";
import { evaluateOrderErrors, type LabelledRecording } from "../../src/evaluation/order-error-eval.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

const dir = sharedDataset("captaincook4d");
if (!dir) notice("skipped CaptainCook4D order-error checks with the text prior: ../shared/datasets/captaincook4d is absent");

const induce = {
  evidence: "counts",
  minSupport: 1,
  minConfidence: 1,
  maxTraceViolations: null,
  minDirectFollows: 5,
  writtenPriorWeight: 1,
  textPrior: true,
  fallbackBy: "written",
} as const;

describe.skipIf(!dir)("CaptainCook4D order errors with the text prior", () => {
  it("reaches F1 ≥ 0.85 flagging any precedence violation", async () => {
    const data = await readCaptainCook4d(dir!, { recordings: "all", mistakes: true });
    const tags = new Map(data.recordings.map((r) => [r.id, r.errors]));
    const procedures = new Map(data.procedures.map((p) => [p.id, p]));
    const recordings: LabelledRecording[] = data.traces.map((t) => ({
      id: t.id,
      procedure: procedures.get(t.procedure)!,
      steps: t.steps,
      errorFree: tags.get(t.id)!.length === 0,
      orderError: tags.get(t.id)!.includes("Order Error"),
    }));
    const r = evaluateOrderErrors(recordings, { induce, minInversions: 1 });
    expect(r.positives).toBe(117);
    expect(r.f1).toBeGreaterThanOrEqual(0.85);
  });
});
