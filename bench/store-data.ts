// Shared data generator of the store benches: deterministic procedures and traces that look
// like real runs (written order with local swaps, skipped optional steps, an occasional repeat).
import type { GroundedTrace, ProcedureInput } from "../src/model/index.js";
import { seededRandom } from "../src/random/seeded-random.js";


/** Seeded PRNG (mulberry32), see src/random/seeded-random.ts. */
export const rng = seededRandom;

export function makeProcedure(id: string, stepCount: number): ProcedureInput & { version: number } {
  return {
    id,
    version: 1,
    title: `Procedure ${id}: prepare, run and clean up`,
    steps: Array.from({ length: stepCount }, (_, i) => ({ id: `s${i}`, text: `Step ${i} of ${id}: do the thing carefully` })),
  };
}

/** One execution of a procedure with `stepCount` steps s0..s(n-1): about `stepCount` events. */
export function makeTrace(random: () => number, procedure: string, id: string, stepCount: number): GroundedTrace {
  const steps: string[] = [];
  for (let i = 0; i < stepCount; i++) {
    if (i > 0 && random() < 0.08) continue; // an optional step skipped
    steps.push(`s${i}`);
    if (random() < 0.03) steps.push(`s${i}`); // a repeat
  }
  for (let i = 1; i < steps.length; i++) if (random() < 0.2) [steps[i - 1], steps[i]] = [steps[i]!, steps[i - 1]!]; // local swap
  return { id, procedure, steps };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(" | ")} |`;
  process.stdout.write(`${line(cols)}\n|${width.map((w) => "-".repeat(w + 2)).join("|")}|\n`);
  for (const r of rows) process.stdout.write(`${line(cols.map((c) => String(r[c])))}\n`);
}
