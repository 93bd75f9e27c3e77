// One row of the order-validity evaluation (issue 13, item 7): a synthetic log with a known model
// (../shared/datasets/event-logs/synthetic-with-ground-truth/aXX/aXXf0nNN.xes.gz), split 80/20 by
// the pm4py oracle, read again with stepgraph's own XES reader, checked to be the same traces in
// the same order, and evaluated (src/evaluation/order-validity-eval.ts): stepgraph induces from
// the 80 % with its defaults as a log-only procedure and checks the 20 % as complete runs; the
// oracle gives the true verdicts and IMf's.
// Fails loudly (throws) when the two readers disagree on the number of traces, a case id or an
// activity: an index must name the same case on both sides.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readTracesFile } from "../ingest/read-traces-file.js";
import { evaluateOrderValidity, pairEvidence, type OrderValidityResult, type PairDiagnosis } from "../src/evaluation/order-validity-eval.js";
import { eventStepId } from "../src/model/index.js";
import { runOracle, traceDigest, type OracleOutput } from "./pm4py/run-oracle.js";
import { pairPlacement, readPtml, type PairPlacement } from "./process-tree.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SHARED_DATASETS = process.env.STEPGRAPH_SHARED_DATASETS ?? path.resolve(root, "../shared/datasets");
export const SYNTHETIC_DIR = path.join(SHARED_DATASETS, "event-logs", "synthetic-with-ground-truth");

export const MODELS = ["a12", "a22", "a32", "a42"] as const;
export const NOISE_LEVELS = [0, 5, 10, 20, 50] as const;

export interface SyntheticLog {
  model: string;
  noise: number;
  log: string;
  pnml: string;
  ptml: string;
}

/** The files of model × noise, or undefined when ../shared (or the file) is absent. */
export function syntheticLog(model: string, noise: number): SyntheticLog | undefined {
  const dir = path.join(SYNTHETIC_DIR, model);
  const log = path.join(dir, `${model}f0n${String(noise).padStart(2, "0")}.xes.gz`);
  const pnml = path.join(dir, `${model}.pnml`);
  const ptml = path.join(dir, `${model}.ptml`);
  return [log, pnml, ptml].every((f) => existsSync(f)) ? { model, noise, log, pnml, ptml } : undefined;
}

/** Traces of an XES log as step-id arrays with their ids, by stepgraph's reader; throws on any bad trace. */
export async function readLogTraces(file: string): Promise<{ id: string; steps: string[] }[]> {
  const out: { id: string; steps: string[] }[] = [];
  for await (const r of readTracesFile(file)) {
    if (!r.ok) throw new Error(`${file}: stepgraph's XES reader refused a trace at line ${r.line}: ${r.issues.map((i) => i.message).join("; ")}`);
    out.push({ id: r.trace.id, steps: r.trace.steps.map((e) => eventStepId(e) as string) });
  }
  return out;
}

/**
 * Throws unless `traces` (stepgraph's reader) and the oracle's (pm4py's reader) are the same: as
 * many traces, and at every index the same case id and activities (compared through the oracle's
 * per-trace digest; the held-out ones also in full). stepgraph names the k-th trace with a
 * repeated case id "id#k" (k ≥ 2) and a trace without one "trace-N" (N 1-based): both are
 * mapped back to pm4py's id first.
 */
export function assertSameTraces(file: string, traces: readonly { id: string; steps: readonly string[] }[], oracle: OracleOutput): void {
  const where = path.basename(file);
  if (traces.length !== oracle.traces) throw new Error(`${where}: stepgraph read ${traces.length} traces, pm4py ${oracle.traces}`);
  const seen = new Map<string, number>();
  const pm4pyId = traces.map((t, i) => {
    // Undo the reader's "#k" only where it added one: the k-th use of a base id seen before.
    const m = /^(.*)#(\d+)$/.exec(t.id);
    const base = m && seen.has(m[1]!) && Number(m[2]) === (seen.get(m[1]!) ?? 0) + 1 ? m[1]! : t.id;
    seen.set(base, (seen.get(base) ?? 0) + 1);
    return base === `trace-${i + 1}` ? null : base;
  });
  traces.forEach((t, i) => {
    if (traceDigest(pm4pyId[i]!, t.steps) !== oracle.traceDigests[i]) {
      throw new Error(`${where}: trace ${i} (stepgraph: case ${JSON.stringify(t.id)}, ${t.steps.length} events) is not pm4py's trace ${i}`);
    }
  });
  for (const t of oracle.test) {
    const ours = traces[t.index]!;
    if (pm4pyId[t.index] !== t.caseId || ours.steps.length !== t.activities.length || ours.steps.some((s, i) => s !== t.activities[i])) {
      throw new Error(`${where}: held-out trace ${t.index}: stepgraph read case ${JSON.stringify(ours.id)} ${JSON.stringify(ours.steps)}, pm4py ${JSON.stringify(t.caseId)} ${JSON.stringify(t.activities)}`);
    }
  }
}

/**
 * What an invalid run's true alignment shows: "missing" (only steps the model needed), "extra"
 * (only events the model could not do), "moved" (the same activities as log and model moves:
 * done at a place the model does not allow) or "mixed".
 */
export type DeviationKind = "missing" | "extra" | "moved" | "mixed";

export function deviationKind(deviations: readonly (readonly ["log" | "model", string])[]): DeviationKind {
  const log = deviations.filter((d) => d[0] === "log").map((d) => d[1]).sort();
  const model = deviations.filter((d) => d[0] === "model").map((d) => d[1]).sort();
  if (log.length === 0) return "missing";
  if (model.length === 0) return "extra";
  return log.join("\u0000") === model.join("\u0000") ? "moved" : "mixed";
}

export interface PlacedPair extends PairDiagnosis {
  /** Where the pair sits in the true process tree (requires first, then step). */
  placement?: PairPlacement;
}

/** An induced edge with where its pair sits in the true tree and how often training runs reversed it. */
export interface PlacedEdge {
  from: string;
  to: string;
  confidence: number;
  /** Training runs in which `to` came first. */
  reversed: number;
  placement?: PairPlacement;
}

export interface OrderValidityRow {
  model: string;
  noise: number;
  log: string;
  seed: number;
  result: OrderValidityResult;
  /** The false-rejection pairs with their place in the true tree. */
  pairs: PlacedPair[];
  /** Every induced edge with its place in the true tree. */
  edges: PlacedEdge[];
  oracle: {
    file: string;
    cached: boolean;
    pm4pyVersion: string;
    seconds: number;
    trueTree: string | null;
    imfTree: string;
    /** Held-out traces on which each cross-check disagrees with the verdict (or timed out). */
    crossChecks: { trueTokenReplay: number; imfTokenReplay: number; imfNetAlignment: number; imfNetAlignmentTimeouts: number };
  };
  /** The invalid runs stepgraph accepted, with what the true alignment found wrong in them. */
  acceptedInvalid: { index: number; steps: readonly string[]; deviations: ["log" | "model", string][]; kind: DeviationKind }[];
}

export async function evaluateSyntheticLog(s: SyntheticLog, seed: number, progress: (message: string) => void = () => {}): Promise<OrderValidityRow> {
  const { output, file, cached } = await runOracle({ log: s.log, model: s.pnml, tree: s.ptml, seed }, progress);
  const traces = await readLogTraces(s.log);
  assertSameTraces(s.log, traces, output);
  const result = evaluateOrderValidity({
    train: output.train.map((i) => traces[i]!.steps),
    test: output.test.map((t) => {
      const run = { index: t.index, steps: traces[t.index]!.steps, trueValid: t.trueValid, imfValid: t.imfValid };
      return t.caseId === null ? run : { ...run, caseId: t.caseId };
    }),
  });
  const byIndex = new Map(output.test.map((t) => [t.index, t]));
  const tree = readPtml(s.ptml);
  const pairs = result.diagnosis.byPair.map((p): PlacedPair => {
    const placement = pairPlacement(tree, p.requires, p.step);
    return placement ? { ...p, placement } : p;
  });
  const train = output.train.map((i) => traces[i]!.steps);
  const edges = result.script.edgeList.map((e): PlacedEdge => {
    const placement = pairPlacement(tree, e.from, e.to);
    const placed = { from: e.from, to: e.to, confidence: e.confidence, reversed: pairEvidence(train, e.from, e.to).stepFirst };
    return placement ? { ...placed, placement } : placed;
  });
  return {
    model: s.model,
    noise: s.noise,
    log: path.basename(s.log),
    seed,
    result,
    pairs,
    edges,
    oracle: {
      file,
      cached,
      pm4pyVersion: output.pm4pyVersion,
      seconds: output.seconds,
      trueTree: output.trueTree,
      imfTree: output.imfTree,
      crossChecks: {
        trueTokenReplay: output.crossChecks.trueTokenReplayDisagreements.length,
        imfTokenReplay: output.crossChecks.imfTokenReplayDisagreements.length,
        imfNetAlignment: output.crossChecks.imfNetAlignmentDisagreements.length,
        imfNetAlignmentTimeouts: output.crossChecks.imfNetAlignmentTimeouts.length,
      },
    },
    acceptedInvalid: result.diagnosis.falseAcceptances.map((a) => {
      const deviations = byIndex.get(a.index)!.trueDeviations;
      return { index: a.index, steps: a.steps, deviations, kind: deviationKind(deviations) };
    }),
  };
}
