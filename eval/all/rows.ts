// One row of the `npm run eval:all` table: a dataset × task × metric, the engine's figure, the
// simple baselines measured in the same run (and, marked, a published figure), the bar, and the
// verdict. A row is SKIPPED (engine null) when its dataset is absent. Where the measure is a
// mean over independent units (test traces, recipes, held-out runs), the row also carries a paired
// sign test against each measured baseline: how many units the engine did better on, how many the
// baseline did, and the exact two-sided p, so a margin of a few prefixes reads as what it is.
import { formatP } from "../../src/discovery/special-functions.js";
import { signTestP as signTest } from "../../src/evaluation/sign-test.js";

/** Units on which the engine did better than the baseline, and worse (ties left out). */
export interface PairedUnits {
  /** What a unit is: "traces", "recipes", "runs". */
  unit: string;
  engineBetter: number;
  baselineBetter: number;
}

export interface BaselineFigure {
  name: string;
  value: number;
  /** A figure quoted from a paper, not measured here. */
  published?: string;
  /** The paired counts against the engine, where the measure splits into independent units. */
  paired?: PairedUnits;
}

/** Exact two-sided sign test of the paired counts: P(a split at least this uneven | no difference). */
export function signTestP(p: PairedUnits): number {
  return signTest(p.engineBetter, p.baselineBetter);
}

/** "12 : 9 traces, p = 0.66" for the best baseline; "–" without paired counts. */
export function pairedText(r: Row): string {
  const p = bestBaseline(r)?.paired;
  return p === undefined || r.engine === null ? "–" : `${p.engineBetter} : ${p.baselineBetter} ${p.unit}, ${formatP(signTestP(p), 2)}`;
}

export interface Bar {
  /** Absolute floor (e.g. macro F1 ≥ 0.92). */
  atLeast?: number;
  /** Margin over the best baseline (0: at or above it). Absent: no baseline bar. */
  overBest?: number;
}

export interface Row {
  job: string;
  dataset: string;
  task: string;
  metric: string;
  engine: number | null;
  baselines: BaselineFigure[];
  bar: Bar;
  /** Set for SKIPPED rows: why. */
  skipped?: string;
  /** Wall seconds of the job that produced the row (rows of one job share it). */
  seconds: number;
  /** 1-minute load average when the job ended. */
  load: number;
  note?: string;
}

export function bestBaseline(r: Row): BaselineFigure | undefined {
  let best: BaselineFigure | undefined;
  for (const b of r.baselines) if (!best || b.value > best.value) best = b;
  return best;
}

/** Engine − best baseline (null when either is missing). */
export function margin(r: Row): number | null {
  const b = bestBaseline(r);
  return r.engine === null || !b ? null : r.engine - b.value;
}

export function barText(bar: Bar): string {
  const parts: string[] = [];
  if (bar.atLeast !== undefined) parts.push(`≥ ${bar.atLeast}`);
  if (bar.overBest !== undefined) parts.push(bar.overBest === 0 ? "≥ best" : `≥ best + ${bar.overBest}`);
  return parts.join(", ") || "–";
}

/** "met", or what is short and by how much; "SKIPPED: why". */
export function status(r: Row): string {
  if (r.engine === null) return `SKIPPED: ${r.skipped ?? "no data"}`;
  const short: string[] = [];
  const eps = 1e-12;
  if (r.bar.atLeast !== undefined && r.engine < r.bar.atLeast - eps) short.push(`${(r.bar.atLeast - r.engine).toFixed(4)} below ${r.bar.atLeast}`);
  const b = bestBaseline(r);
  if (r.bar.overBest !== undefined && b && r.engine < b.value + r.bar.overBest - eps) {
    const need = b.value + r.bar.overBest - r.engine;
    short.push(r.engine < b.value - eps ? `BELOW ${b.name} by ${(b.value - r.engine).toFixed(4)}` : `${need.toFixed(4)} short of best + ${r.bar.overBest}`);
  }
  return short.length === 0 ? "met" : `NOT MET: ${short.join("; ")}`;
}

const f3 = (x: number | null): string => (x === null ? "–" : x.toFixed(3));
// NOTE: margins with four decimals: CrossTask's Hit@3 differs from the trigram's in the fourth.
const signed = (x: number | null): string => (x === null ? "–" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(4)}`);

/**
 * The markdown table: dataset | task | metric | engine | best baseline | margin | paired sign test
 * (units the engine did better on : units the best baseline did, two-sided p) | bar | status | s | load.
 */
export function table(rows: readonly Row[]): string {
  const lines = [
    "| dataset | task | metric | engine | best baseline (name) | margin | engine better : baseline better, sign test | bar | status | s | load |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const b = bestBaseline(r);
    const base = b ? `${f3(b.value)} (${b.name}${b.published ? `, ${b.published}` : ""})` : "–";
    lines.push(
      `| ${r.dataset} | ${r.task} | ${r.metric} | ${f3(r.engine)} | ${base} | ${signed(margin(r))} | ${pairedText(r)} | ${barText(r.bar)} | ${status(r)} | ${r.seconds.toFixed(1)} | ${r.load.toFixed(1)} |`,
    );
  }
  return lines.join("\n");
}
