// Order validity against a known model (issue 13, item 7): induces a graph script from training
// runs, checks each held-out run as a complete run (checkOrder, complete: true) and compares the
// verdict with the true one (given by the caller: an alignment on the generating Petri net) and
// with a peer's (given too: pm4py's Inductive Miner infrequent). Returns, for stepgraph and the
// peer, the share of held-out runs whose verdict equals the true one, the valid runs accepted
// and the invalid runs rejected; and a diagnosis of stepgraph's errors: the violations behind
// false rejections grouped by kind, by (step, requires) pair and by step, each with the evidence
// the training runs held, and the invalid runs it accepted.
// Pure: the caller reads files and runs the oracle (eval/order-validity.ts).
// By default the procedure is "log only" (`steps: []`: steps taken from the runs, no written
// prior) and induction uses the default options, as a user without flags gets.
// NOTE: a share whose denominator is 0 (no invalid held-out run in a noise-free log) is null,
// not 0 or 1, so that a table cannot pass it off as a measurement.
import { checkOrder } from "../conformance/check-order.js";
import { induce } from "../discovery/induce.js";
import { ProcedureSchema, type GraphScript, type InduceOptionsInput, type Procedure } from "../model/index.js";
import type { Violation } from "../model/queries.js";

export interface HeldOutRun {
  /** Index of the run in the log (file order). */
  index: number;
  caseId?: string;
  steps: readonly string[];
  /** The true verdict: the run is a run of the generating model. */
  trueValid: boolean;
  /** The peer's verdict (pm4py IMf). */
  imfValid: boolean;
}

export interface OrderValidityInput {
  train: readonly (readonly string[])[];
  test: readonly HeldOutRun[];
  /** Default: the log-only procedure `{id: "log", steps: []}`. */
  procedure?: Procedure;
  /** Default: none (the engine's defaults). */
  induce?: InduceOptionsInput;
}

export interface VerdictScores {
  /** Share of held-out runs whose verdict equals the true one. */
  agreement: number | null;
  agreeing: number;
  /** Share of truly valid runs accepted (null when there is none). */
  validAccepted: number | null;
  validAcceptedCount: number;
  /** Share of truly invalid runs rejected (null when there is none). */
  invalidRejected: number | null;
  invalidRejectedCount: number;
}

/** What the training runs show about a pair (requires, step): counts of training runs. */
export interface PairEvidence {
  /** Runs in which both occur. */
  both: number;
  /** Runs in which the first `requires` came before the first `step`. */
  requiresFirst: number;
  /** Runs in which the first `step` came before the first `requires`. */
  stepFirst: number;
  /** Runs in which `step` directly followed `requires` at least once. */
  requiresThenStep: number;
  /** Runs in which `requires` directly followed `step` at least once. */
  stepThenRequires: number;
}

export interface PairDiagnosis {
  step: string;
  requires: string;
  /** Falsely rejected runs with this violation. */
  runs: number;
  /** The induced edge requires→step, or null when the constraint comes from a chain of edges. */
  edge: { support: number; confidence: number } | null;
  evidence: PairEvidence;
}

export interface StepDiagnosis {
  code: "missing_required" | "unknown_step" | "repeated_step";
  step: string;
  /** Falsely rejected runs with this violation. */
  runs: number;
  /** The step in the script (absent for an unknown step): share of training runs, repeatable. */
  frequency?: number;
  repeatable?: boolean;
}

export interface OrderValidityDiagnosis {
  /** Valid runs that stepgraph rejected. */
  falseRejections: number;
  /** Per violation kind: violations and runs among the false rejections, most runs first. */
  byKind: { code: Violation["code"]; violations: number; runs: number }[];
  /** Precedence violations among the false rejections, most runs first. */
  byPair: PairDiagnosis[];
  /** Other violations among the false rejections, most runs first. */
  byStep: StepDiagnosis[];
  /** Invalid runs that stepgraph accepted. */
  falseAcceptances: { index: number; caseId?: string; steps: readonly string[] }[];
}

export interface RunVerdicts {
  index: number;
  caseId?: string;
  trueValid: boolean;
  imfValid: boolean;
  stepgraphValid: boolean;
  violations: Violation[];
}

export interface OrderValidityResult {
  trainRuns: number;
  heldOut: number;
  valid: number;
  invalid: number;
  stepgraph: VerdictScores;
  imf: VerdictScores;
  /** The induced script in brief: steps, non-structural edges (count and list), optional and repeatable steps. */
  script: { steps: number; edges: number; edgeList: { from: string; to: string; support: number; confidence: number }[]; optional: string[]; repeatable: string[] };
  diagnosis: OrderValidityDiagnosis;
  runs: RunVerdicts[];
}

export const LOG_ONLY_PROCEDURE: Procedure = ProcedureSchema.parse({ id: "log", title: "log", steps: [] });

function share(k: number, n: number): number | null {
  return n === 0 ? null : k / n;
}

function scores(runs: readonly { trueValid: boolean; verdict: boolean }[]): VerdictScores {
  let agreeing = 0;
  let valid = 0;
  let validAccepted = 0;
  let invalidRejected = 0;
  for (const r of runs) {
    if (r.verdict === r.trueValid) agreeing++;
    if (r.trueValid) {
      valid++;
      if (r.verdict) validAccepted++;
    } else if (!r.verdict) invalidRejected++;
  }
  return {
    agreement: share(agreeing, runs.length),
    agreeing,
    validAccepted: share(validAccepted, valid),
    validAcceptedCount: validAccepted,
    invalidRejected: share(invalidRejected, runs.length - valid),
    invalidRejectedCount: invalidRejected,
  };
}

/** Training-run counts of the pair: which came first, and direct succession either way. */
export function pairEvidence(train: readonly (readonly string[])[], requires: string, step: string): PairEvidence {
  const e: PairEvidence = { both: 0, requiresFirst: 0, stepFirst: 0, requiresThenStep: 0, stepThenRequires: 0 };
  for (const run of train) {
    const r = run.indexOf(requires);
    const s = run.indexOf(step);
    if (r < 0 || s < 0) continue;
    e.both++;
    if (r < s) e.requiresFirst++;
    else e.stepFirst++;
    let rs = false;
    let sr = false;
    for (let i = 1; i < run.length; i++) {
      if (run[i - 1] === requires && run[i] === step) rs = true;
      if (run[i - 1] === step && run[i] === requires) sr = true;
    }
    if (rs) e.requiresThenStep++;
    if (sr) e.stepThenRequires++;
  }
  return e;
}

/** `runs[k]` is the verdict on `test[k]`. */
function diagnose(script: GraphScript, train: readonly (readonly string[])[], runs: readonly RunVerdicts[], test: readonly HeldOutRun[]): OrderValidityDiagnosis {
  const kinds = new Map<Violation["code"], { violations: number; runs: number }>();
  const pairs = new Map<string, { step: string; requires: string; runs: number }>();
  const steps = new Map<string, StepDiagnosis>();
  let falseRejections = 0;
  for (const r of runs) {
    if (!r.trueValid || r.stepgraphValid) continue;
    falseRejections++;
    const seenKinds = new Set<string>();
    const seenKeys = new Set<string>();
    for (const v of r.violations) {
      const k = kinds.get(v.code) ?? { violations: 0, runs: 0 };
      k.violations++;
      if (!seenKinds.has(v.code)) k.runs++;
      seenKinds.add(v.code);
      kinds.set(v.code, k);
      const key = v.code === "precedence" ? JSON.stringify([v.code, v.step, v.requires]) : JSON.stringify([v.code, v.step]);
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      if (v.code === "precedence") {
        const p = pairs.get(key) ?? { step: v.step, requires: v.requires, runs: 0 };
        p.runs++;
        pairs.set(key, p);
      } else {
        const s = steps.get(key) ?? { code: v.code, step: v.step, runs: 0 };
        s.runs++;
        steps.set(key, s);
      }
    }
  }
  const byRuns = <T extends { runs: number }>(a: T, b: T): number => b.runs - a.runs;
  const scriptStep = new Map(script.steps.map((s) => [s.id, s]));
  const edge = new Map(script.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  return {
    falseRejections,
    byKind: [...kinds].map(([code, k]) => ({ code, ...k })).sort(byRuns),
    byPair: [...pairs.values()]
      .sort((a, b) => byRuns(a, b) || a.requires.localeCompare(b.requires) || a.step.localeCompare(b.step))
      .map((p) => {
        const e = edge.get(`${p.requires}\u0000${p.step}`);
        return { ...p, edge: e ? { support: e.support, confidence: e.confidence } : null, evidence: pairEvidence(train, p.requires, p.step) };
      }),
    byStep: [...steps.values()]
      .sort((a, b) => byRuns(a, b) || a.step.localeCompare(b.step))
      .map((s) => {
        const st = scriptStep.get(s.step);
        return st ? { ...s, frequency: st.frequency, repeatable: st.repeatable } : s;
      }),
    falseAcceptances: test.flatMap((t, k) => {
      const r = runs[k]!;
      if (r.trueValid || !r.stepgraphValid) return [];
      return [t.caseId === undefined ? { index: t.index, steps: t.steps } : { index: t.index, caseId: t.caseId, steps: t.steps }];
    }),
  };
}

export function evaluateOrderValidity(input: OrderValidityInput): OrderValidityResult {
  const script = induce(input.procedure ?? LOG_ONLY_PROCEDURE, input.train, input.induce ?? {});
  const runs: RunVerdicts[] = input.test.map((t) => {
    const check = checkOrder(script, t.steps, { complete: true });
    const r: RunVerdicts = {
      index: t.index,
      trueValid: t.trueValid,
      imfValid: t.imfValid,
      stepgraphValid: check.valid,
      violations: check.valid ? [] : check.violations,
    };
    if (t.caseId !== undefined) r.caseId = t.caseId;
    return r;
  });
  const valid = runs.filter((r) => r.trueValid).length;
  return {
    trainRuns: input.train.length,
    heldOut: runs.length,
    valid,
    invalid: runs.length - valid,
    stepgraph: scores(runs.map((r) => ({ trueValid: r.trueValid, verdict: r.stepgraphValid }))),
    imf: scores(runs.map((r) => ({ trueValid: r.trueValid, verdict: r.imfValid }))),
    script: {
      steps: script.steps.length,
      edges: script.edges.filter((e) => e.origin !== "structural").length,
      edgeList: script.edges.filter((e) => e.origin !== "structural").map((e) => ({ from: e.from, to: e.to, support: e.support, confidence: e.confidence })),
      optional: script.steps.filter((s) => s.optional).map((s) => s.id),
      repeatable: script.steps.filter((s) => s.repeatable).map((s) => s.id),
    },
    diagnosis: diagnose(script, input.train, runs, input.test),
    runs,
  };
}
