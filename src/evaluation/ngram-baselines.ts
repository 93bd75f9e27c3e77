// Baseline next-step predictors for the next-step evaluation (issue 8), trained on the same
// traces as the engine:
// - written-order: the not-yet-done steps in written order, then END;
// - bigram: steps ranked by how often they directly followed the last step (START for an
//   empty prefix), ties and unseen steps in written order;
// - trigram: ranked by the count after the last two steps, then (backing off) by the bigram
//   count, then by written order.
// Done steps are excluded unless some training trace repeated them; END is always a
// candidate. Completions are greedy: the top prediction, repeatedly, until END.
// Counts are kept as nested maps and scored once per query (not inside the sort's comparator):
// BPIC 2012's long runs made the comparator's string keys the eval's hot spot.
import { END, START, type Procedure } from "../model/index.js";

export type BaselineName = "written-order" | "bigram" | "trigram";
export const BASELINES: readonly BaselineName[] = ["written-order", "bigram", "trigram"];

export interface NextStepPredictor {
  /** Every candidate, best first. */
  rank(prefix: readonly string[]): string[];
  /** Greedy completion: remaining steps until END (END excluded). */
  complete(prefix: readonly string[]): string[];
}

export function trainBaseline(name: BaselineName, procedure: Procedure, traces: readonly (readonly string[])[]): NextStepPredictor {
  const written = procedure.steps.map((s) => s.id);
  const position = new Map(written.map((s, i) => [s, i]));
  const steps = [...written];
  // Counts of what followed a step (START included), and a pair of steps: successor → count.
  const bigram = new Map<string, Map<string, number>>();
  const trigram = new Map<string, Map<string, Map<string, number>>>();
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
      inc(row(bigram, seq[i - 1]!), seq[i]!);
      if (i >= 2) {
        let inner = trigram.get(seq[i - 2]!);
        if (!inner) trigram.set(seq[i - 2]!, (inner = new Map()));
        inc(row(inner, seq[i - 1]!), seq[i]!);
      }
    }
  }
  const candidates = [...steps, END];
  // NOTE: the order is a strict total one (trigram count, bigram count, both descending, then
  // written position, END last), so a sort and an arg-max agree on the first candidate.
  const scorer = (done: ReadonlySet<string>, prefixLength: number, last: string, beforeLast: string) => {
    const cands = candidates.filter((s) => s === END || !done.has(s) || repeatable.has(s));
    const bi = bigram.get(last);
    const tri = name === "trigram" && prefixLength > 0 ? trigram.get(beforeLast)?.get(last) : undefined;
    const biScore = cands.map((s) => bi?.get(s) ?? 0);
    const triScore = cands.map((s) => tri?.get(s) ?? 0);
    const before = (a: number, b: number): number => triScore[b]! - triScore[a]! || biScore[b]! - biScore[a]! || a - b;
    return { cands, before };
  };
  const lastTwo = (prefix: readonly string[]): [string, string] => [
    prefix.length > 0 ? prefix[prefix.length - 1]! : START,
    prefix.length > 1 ? prefix[prefix.length - 2]! : START,
  ];
  const rank = (prefix: readonly string[]): string[] => {
    const done = new Set(prefix);
    if (name === "written-order") return candidates.filter((s) => s === END || !done.has(s) || repeatable.has(s));
    const [last, beforeLast] = lastTwo(prefix);
    const { cands, before } = scorer(done, prefix.length, last, beforeLast);
    return cands.map((_, i) => i).sort(before).map((i) => cands[i]!);
  };
  const complete = (prefix: readonly string[]): string[] => {
    const done = new Set(prefix);
    let [last, beforeLast] = lastTwo(prefix);
    let length = prefix.length;
    const out: string[] = [];
    // NOTE: bounded by the number of steps so a repeatable step cannot loop forever.
    for (let i = 0; i <= steps.length; i++) {
      let top: string;
      if (name === "written-order") top = candidates.find((s) => s === END || !done.has(s) || repeatable.has(s))!;
      else {
        const { cands, before } = scorer(done, length, last, beforeLast);
        let best = 0;
        for (let k = 1; k < cands.length; k++) if (before(k, best) < 0) best = k;
        top = cands[best]!;
      }
      if (top === END) break;
      out.push(top);
      done.add(top);
      beforeLast = last;
      last = top;
      length++;
    }
    return out;
  };
  return { rank, complete };
}

function row<V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let r = m.get(key);
  if (!r) m.set(key, (r = new Map()));
  return r;
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
