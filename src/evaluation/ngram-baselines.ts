// Baseline next-step predictors for the next-step evaluation (issue 8), trained on the same
// traces as the engine:
// - written-order: the not-yet-done steps in written order, then END;
// - bigram: steps ranked by how often they directly followed the last step (START for an
//   empty prefix), ties and unseen steps in written order;
// - trigram: ranked by the count after the last two steps, then (backing off) by the bigram
//   count, then by written order.
// Done steps are excluded unless some training trace repeated them; END is always a
// candidate. Completions are greedy: the top prediction, repeatedly, until END.
import { END, START, type Procedure } from "../model/index.js";

export type BaselineName = "written-order" | "bigram" | "trigram";
export const BASELINES: readonly BaselineName[] = ["written-order", "bigram", "trigram"];

export interface NextStepPredictor {
  /** Every candidate, best first. */
  rank(prefix: readonly string[]): string[];
  /** Greedy completion: remaining steps until END (END excluded). */
  complete(prefix: readonly string[]): string[];
}

const SEP = "\u0001";

export function trainBaseline(name: BaselineName, procedure: Procedure, traces: readonly (readonly string[])[]): NextStepPredictor {
  const written = procedure.steps.map((s) => s.id);
  const position = new Map(written.map((s, i) => [s, i]));
  const steps = [...written];
  const bigram = new Map<string, number>();
  const trigram = new Map<string, number>();
  const repeatable = new Set<string>();
  for (const t of traces) {
    const seen = new Set<string>();
    for (const s of t) {
      if (seen.has(s)) repeatable.add(s);
      seen.add(s);
      if (!position.has(s)) {
        position.set(s, steps.length);
        steps.push(s);
      }
    }
    const seq = [START, ...t, END];
    for (let i = 1; i < seq.length; i++) {
      inc(bigram, `${seq[i - 1]}${SEP}${seq[i]}`);
      if (i >= 2) inc(trigram, `${seq[i - 2]}${SEP}${seq[i - 1]}${SEP}${seq[i]}`);
    }
  }
  const rank = (prefix: readonly string[]): string[] => {
    const done = new Set(prefix);
    const cands = [...steps.filter((s) => !done.has(s) || repeatable.has(s)), END];
    if (name === "written-order") return cands;
    const last = prefix.length > 0 ? prefix[prefix.length - 1]! : START;
    const beforeLast = prefix.length > 1 ? prefix[prefix.length - 2]! : START;
    const bi = (s: string): number => bigram.get(`${last}${SEP}${s}`) ?? 0;
    const tri = (s: string): number => (prefix.length > 0 ? (trigram.get(`${beforeLast}${SEP}${last}${SEP}${s}`) ?? 0) : 0);
    const order = new Map(cands.map((s, i) => [s, i]));
    return cands.sort((a, b) => {
      if (name === "trigram") {
        const d = tri(b) - tri(a);
        if (d !== 0) return d;
      }
      return bi(b) - bi(a) || order.get(a)! - order.get(b)!;
    });
  };
  const complete = (prefix: readonly string[]): string[] => {
    const run = [...prefix];
    const out: string[] = [];
    // NOTE: bounded by the number of steps so a repeatable step cannot loop forever.
    for (let i = 0; i <= steps.length; i++) {
      const top = rank(run)[0];
      if (top === undefined || top === END) break;
      run.push(top);
      out.push(top);
    }
    return out;
  };
  return { rank, complete };
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
