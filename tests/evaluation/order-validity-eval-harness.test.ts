// The order-validity harness (eval/order-validity-run.ts, eval/process-tree.ts): the reader
// cross-check and the tree placement on inline data, and the whole harness end to end on the real
// a12 noise-free log when ../shared is present (it creates eval/.venv with pm4py on first use,
// which needs PyPI once). No bar on the engine's figures here: only that the harness is sound.
import { describe, expect, it } from "vitest";
import { assertSameTraces, deviationKind, evaluateSyntheticLog, syntheticLog } from "../../eval/order-validity-run.js";
import { traceDigest, type OracleOutput } from "../../eval/pm4py/run-oracle.js";
import { pairPlacement, parsePtml, treeText } from "../../eval/process-tree.js";
import { notice } from "../helpers/notice.js";

const oracle = (traces: { caseId: string | null; activities: string[] }[], test: number[]): OracleOutput => ({
  log: "x.xes",
  model: "x.pnml",
  seed: 1,
  pm4pyVersion: "0",
  noiseThreshold: 0.2,
  traces: traces.length,
  train: traces.map((_, i) => i).filter((i) => !test.includes(i)),
  traceDigests: traces.map((t) => traceDigest(t.caseId, t.activities)),
  test: test.map((i) => ({
    index: i,
    caseId: traces[i]!.caseId,
    activities: traces[i]!.activities,
    trueValid: true,
    imfValid: true,
    trueTokenReplayFit: true,
    imfTokenReplayFit: true,
    imfNetAlignmentFit: true,
    trueDeviations: [],
  })),
  imfTree: "",
  trueTree: null,
  crossChecks: { trueTokenReplayDisagreements: [], imfTokenReplayDisagreements: [], imfNetAlignmentDisagreements: [], imfNetAlignmentTimeouts: [], imfNetAlignmentSecondsPerTrace: 2 },
  seconds: 0,
});

describe("assertSameTraces", () => {
  const pm4py = [
    { caseId: "c", activities: ["a", "b"] },
    { caseId: "c", activities: ["b", "a"] }, // stepgraph names it "c#2"
    { caseId: null, activities: ["a"] }, // stepgraph names it "trace-3"
  ];
  const ours = [
    { id: "c", steps: ["a", "b"] },
    { id: "c#2", steps: ["b", "a"] },
    { id: "trace-3", steps: ["a"] },
  ];

  it("accepts the same traces in the same order, mapping repeated and absent case ids", () => {
    expect(() => assertSameTraces("x.xes", ours, oracle(pm4py, [1, 2]))).not.toThrow();
  });

  it("fails on a different count", () => {
    expect(() => assertSameTraces("x.xes", ours.slice(0, 2), oracle(pm4py, [1]))).toThrow("stepgraph read 2 traces, pm4py 3");
  });

  it("fails when a training trace differs", () => {
    const swapped = [ours[1]!, ours[0]!, ours[2]!].map((t, i) => ({ ...t, id: i === 0 ? "c" : t.id }));
    expect(() => assertSameTraces("x.xes", swapped, oracle(pm4py, [2]))).toThrow("trace 0");
  });

  it("fails when a held-out trace has other activities", () => {
    const changed = [ours[0]!, ours[1]!, { id: "trace-3", steps: ["b"] }];
    expect(() => assertSameTraces("x.xes", changed, oracle(pm4py, [2]))).toThrow("trace 2");
  });
});

describe("deviationKind", () => {
  it("names what the true alignment found wrong in a run", () => {
    expect(deviationKind([["model", "b"]])).toBe("missing");
    expect(deviationKind([["log", "x"]])).toBe("extra");
    expect(deviationKind([["log", "b"], ["model", "b"]])).toBe("moved");
    expect(deviationKind([["log", "b"], ["model", "c"]])).toBe("mixed");
  });
});

// a12's true tree: ->( 'S', X( ->( 'b', X( 'd', ->( 'c', 'e' ) ), 'j' ), ->( 'f', +( 'h', ->( 'g', 'i' ) ), 'k' ) ), 'E' )
const A12_PTML = `<?xml version="1.0"?><ptml><processTree id="t" name="t" root="r">
<sequence id="r" name=""/><manualTask id="S" name="S"/><xor id="x1" name=""/><manualTask id="E" name="E"/>
<sequence id="s1" name=""/><manualTask id="b" name="b"/><xor id="x2" name=""/><manualTask id="j" name="j"/>
<manualTask id="d" name="d"/><sequence id="s2" name=""/><manualTask id="c" name="c"/><manualTask id="e" name="e"/>
<sequence id="s3" name=""/><manualTask id="f" name="f"/><and id="p" name=""/><manualTask id="k" name="k"/>
<manualTask id="h" name="h"/><sequence id="s4" name=""/><manualTask id="g" name="g"/><manualTask id="i" name="i"/>
<parentsNode id="1" sourceId="r" targetId="S"/><parentsNode id="2" sourceId="r" targetId="x1"/><parentsNode id="3" sourceId="r" targetId="E"/>
<parentsNode id="4" sourceId="x1" targetId="s1"/><parentsNode id="5" sourceId="x1" targetId="s3"/>
<parentsNode id="6" sourceId="s1" targetId="b"/><parentsNode id="7" sourceId="s1" targetId="x2"/><parentsNode id="8" sourceId="s1" targetId="j"/>
<parentsNode id="9" sourceId="x2" targetId="d"/><parentsNode id="10" sourceId="x2" targetId="s2"/>
<parentsNode id="11" sourceId="s2" targetId="c"/><parentsNode id="12" sourceId="s2" targetId="e"/>
<parentsNode id="13" sourceId="s3" targetId="f"/><parentsNode id="14" sourceId="s3" targetId="p"/><parentsNode id="15" sourceId="s3" targetId="k"/>
<parentsNode id="16" sourceId="p" targetId="h"/><parentsNode id="17" sourceId="p" targetId="s4"/>
<parentsNode id="18" sourceId="s4" targetId="g"/><parentsNode id="19" sourceId="s4" targetId="i"/>
</processTree></ptml>`;

describe("process tree placement", () => {
  const tree = parsePtml(A12_PTML);

  it("reads the tree in pm4py's notation, children in file order", () => {
    expect(treeText(tree)).toBe("->( 'S', X( ->( 'b', X( 'd', ->( 'c', 'e' ) ), 'j' ), ->( 'f', +( 'h', ->( 'g', 'i' ) ), 'k' ) ), 'E' )");
  });

  it("places a pair in different branches of an AND block", () => {
    expect(pairPlacement(tree, "g", "h")).toMatchObject({ operator: "and", branchOfFirst: 1, branchOfSecond: 0, insideLoop: false, text: "AND, different branches" });
  });

  it("places a pair in a sequence and an exclusive pair, with their skippability", () => {
    expect(pairPlacement(tree, "b", "j")).toMatchObject({ operator: "sequence", text: "sequence, b first", firstSkippable: false, secondSkippable: false });
    expect(pairPlacement(tree, "c", "b")).toMatchObject({ operator: "sequence", text: "sequence, b first", firstSkippable: true });
    expect(pairPlacement(tree, "d", "c")).toMatchObject({ operator: "xor", text: "XOR, exclusive branches" });
    expect(pairPlacement(tree, "x", "c")).toBeUndefined();
  });
});

const a12 = syntheticLog("a12", 0);
if (!a12) notice("skipped the order-validity harness on real data: ../shared/datasets/event-logs/synthetic-with-ground-truth/a12 is absent");

describe.skipIf(!a12)("order-validity harness on a12, noise 0 (real data, pm4py oracle)", () => {
  it("splits 800 / 200, finds every held-out trace of the noise-free log valid, and its counts add up", async () => {
    const row = await evaluateSyntheticLog(a12!, 1, (m) => notice(m));
    const r = row.result;
    expect([r.trainRuns, r.heldOut]).toEqual([800, 200]);
    // The log was generated from the model without noise: every trace fits it.
    expect([r.valid, r.invalid]).toEqual([200, 0]);
    expect(row.oracle.crossChecks).toEqual({ trueTokenReplay: 0, imfTokenReplay: 0, imfNetAlignment: 0, imfNetAlignmentTimeouts: 0 });
    expect(row.acceptedInvalid).toEqual([]);
    for (const s of [r.stepgraph, r.imf]) {
      expect(s.agreeing).toBe(s.validAcceptedCount + s.invalidRejectedCount);
      expect(s.agreement).toBe(s.agreeing / r.heldOut);
      expect(s.invalidRejected).toBeNull();
    }
    expect(r.stepgraph.agreeing).toBe(r.runs.filter((x) => x.stepgraphValid === x.trueValid).length);
    expect(r.diagnosis.falseRejections).toBe(r.valid - r.stepgraph.validAcceptedCount);
    expect(new Set(r.runs.map((x) => x.index)).size).toBe(200);
  }, 600_000);
});
