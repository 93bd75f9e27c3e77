// Next-step distribution of a graph script after a run so far: the probability of every
// candidate (each step and END), whether it is allowed now and, if not, why.
// Evidence, most specific first, each level interpolated with the one below (Witten-Bell):
// the SET of done steps (set-state counts), the last two steps (trigrams), the last step
// (bigrams), and a prior over the steps the graph allows now, weighted by written order.
// The result is masked by the constraints (RunState.judge): allowed candidates share the whole
// probability mass and come first; the others follow with probability 0, ordered by their
// unmasked score, each with its reason.
// Assumes the counts in the script come from SequenceCounts (START/END framing, sets of
// distinct done steps). Count indexes are built once per script object (WeakMap cache).
import { END, START, type GraphScript } from "../model/index.js";
import { RankingOptionsSchema, type NextStep, type RankingOptions, type RankingOptionsInput } from "../model/queries.js";
import { RunState } from "../conformance/run-state.js";

const SEP = "\u0001";

interface CountIndex {
  states: Map<string, Map<string, number>>;
  trigrams: Map<string, Map<string, number>>;
  bigrams: Map<string, Map<string, number>>;
}

const indexes = new WeakMap<GraphScript, CountIndex>();

function countIndex(script: GraphScript): CountIndex {
  const hit = indexes.get(script);
  if (hit) return hit;
  const add = (m: Map<string, Map<string, number>>, key: string, to: string, n: number): void => {
    let row = m.get(key);
    if (!row) m.set(key, (row = new Map()));
    row.set(to, (row.get(to) ?? 0) + n);
  };
  const idx: CountIndex = { states: new Map(), trigrams: new Map(), bigrams: new Map() };
  for (const s of script.states) add(idx.states, [...s.done].sort().join(SEP), s.to, s.count);
  for (const t of script.trigrams) add(idx.trigrams, `${t.prev[0]}${SEP}${t.prev[1]}`, t.to, t.count);
  for (const t of script.transitions) add(idx.bigrams, t.from, t.to, t.count);
  indexes.set(script, idx);
  return idx;
}

export function rankingOptions(input: RankingOptionsInput | RankingOptions = {}): RankingOptions {
  return RankingOptionsSchema.parse(input);
}

/** Every candidate ranked after the run in `run`; see the header for the model. */
export function nextStepDistribution(script: GraphScript, run: RunState, options: RankingOptions): NextStep[] {
  const c = run.closure;
  const idx = countIndex(script);
  const candidates = [...c.steps, END];
  const reasons = new Map<string, NextStep["reason"]>();
  for (const s of c.steps) {
    const v = run.judge(s);
    if (v.length > 0) reasons.set(s, v[0]);
  }
  const missing = run.missingRequired();
  if (missing.length > 0) reasons.set(END, missing[0]);

  // Prior: allowed candidates in written order (END last), writtenDecay per rank; a small share
  // for the others so that their order is still meaningful when nothing is allowed.
  let p = new Map<string, number>();
  let rank = 0;
  for (const s of candidates) if (!reasons.has(s)) p.set(s, Math.pow(options.writtenDecay, rank++));
  for (const s of candidates) if (reasons.has(s)) p.set(s, 1e-6 * Math.pow(options.writtenDecay, rank++));
  p = normalise(p);

  const known = run.steps.filter((s) => c.known.has(s));
  const last = known.length > 0 ? known[known.length - 1]! : START;
  const beforeLast = known.length > 1 ? known[known.length - 2]! : START;
  const D = options.discount;
  p = interpolate(idx.bigrams.get(last), p, options.bigramWeight, D);
  if (known.length > 0) p = interpolate(idx.trigrams.get(`${beforeLast}${SEP}${last}`), p, options.trigramWeight, D);
  p = interpolate(idx.states.get([...run.done].sort().join(SEP)), p, options.stateWeight, D);

  let allowedMass = 0;
  for (const s of candidates) if (!reasons.has(s)) allowedMass += p.get(s) ?? 0;
  const out: NextStep[] = candidates.map((step) => {
    const reason = reasons.get(step);
    if (reason) return { step, probability: 0, allowed: false, reason };
    return { step, probability: allowedMass > 0 ? (p.get(step) ?? 0) / allowedMass : 0, allowed: true };
  });
  const unmasked = (s: string): number => p.get(s) ?? 0;
  return out.sort(
    (a, b) =>
      Number(b.allowed) - Number(a.allowed) ||
      unmasked(b.step) - unmasked(a.step) ||
      (c.position.get(a.step) ?? Infinity) - (c.position.get(b.step) ?? Infinity),
  );
}

/** Witten-Bell interpolation of counts with a lower-order distribution over the same candidates. */
function interpolate(counts: Map<string, number> | undefined, lower: Map<string, number>, weight: number, discount: number): Map<string, number> {
  if (!counts || counts.size === 0) return lower;
  let n = 0;
  for (const [s, v] of counts) if (lower.has(s)) n += v;
  if (n === 0) return lower;
  const out = new Map<string, number>();
  if (discount > 0) {
    // Absolute discounting: every seen count gives up `discount`, the lower level gets it all.
    const d = Math.min(discount, 1);
    const backoff = (d * counts.size) / n;
    for (const [s, pl] of lower) out.set(s, Math.max((counts.get(s) ?? 0) - d, 0) / n + backoff * weight * pl);
    return normalise(out);
  }
  const backoff = weight * counts.size;
  for (const [s, pl] of lower) out.set(s, ((counts.get(s) ?? 0) + backoff * pl) / (n + backoff));
  return normalise(out);
}

function normalise(m: Map<string, number>): Map<string, number> {
  let total = 0;
  for (const v of m.values()) total += v;
  if (total <= 0) return m;
  for (const [k, v] of m) m.set(k, v / total);
  return m;
}
