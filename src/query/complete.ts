// complete: the most likely way to finish a run. Returns the remaining steps (END not included)
// and their probability: the most probable remainder under the masked next-step model
// (next-step-model.ts), unless another SET of steps has at least 3 times the probability of that
// remainder's set, summed over every order: then the most probable order of that set. A search
// over the model, each hypothesis extended only by rankable steps (allowed, or shown by the
// training runs in that context), ending when END is chosen (END is allowed once every required
// step is done, or rankable where runs ended in that context). Without traces every step of a
// completion is allowed.
// Hypotheses that reach the same state (the same steps done) are merged: their probabilities add
// up (forward mass), and the most probable path to the state is kept (Viterbi). After each depth
// the `beamWidth` states with the most mass go on (only they are materialised as runs). Paths
// with a repeat or a new violation are not merged (see stateKey). Finished remainders add their
// mass to their set of steps.
// NOTE: why sets. The single most probable sequence favours short remainders through confident
// states: when 14 of 15 runs do four more steps in varied orders and one run skips them, each of
// the 14 orders is rarer than the one short run, and the plain most probable remainder copies the
// odd run (issue 13, the coffee pathology). Summed over orders, the set the 14 runs share has
// the mass it should. Always taking the heaviest set instead costs exact completions where one
// branch's steps come in several orders and a lighter branch in one (synthetic a12: -0.017), so
// the set overrides the most probable remainder only as a clear majority; 3 is issue 13's
// "majority continuation ... ≥ 3× the support of any other", not a fitted figure.
// docs/results.md ("Completion: sets of steps") compares the rules; this replaced a search bonus
// for uncertain states (entropyBonus 0.45, fitted on CrossTask, mostly lower on the other data).
// The runs themselves come last: where the training runs that reached this very set of done steps
// clearly agree on which steps follow (script.continuations: at least 3× the runs of any other
// continuation and a clear majority of them all by a sign test at 5 %,
// src/discovery/continuation-majorities.ts) and the model's answer is
// another set, the answer is the most probable order of the runs' set. The model weighs sets by
// its probability, which spreads a majority doing many steps in varied orders over paths the beam
// partly drops; the counts of whole runs do not (issue 13's coffee-pattern property).
// When the search finds none, the missing required steps in DAG order are tried; when no valid
// completion exists at all (a forgotten required step can no longer come before a step done
// meanwhile, see run-state.ts), they are returned with probability 0.
// NOTE: steps already done are never proposed again unless repeatable, and a hypothesis is
// cut after as many steps as the procedure has plus one, so repeatable steps cannot loop.
import { END, type GraphScript } from "../model/index.js";
import type { Completion, RankingOptions, RankingOptionsInput } from "../model/queries.js";
import { RunState } from "../conformance/run-state.js";
import { bitsKey, stepSetBits } from "../conformance/precedence-closure.js";
import { allowedNextSteps, rankingOptions } from "./next-step-model.js";

/** How many times the probability of the most probable remainder's set another set needs to be chosen. */
const MAJORITY = 3;

interface State {
  run: RunState;
  /** The most probable path to this state, and the log of its probability. */
  steps: string[];
  logp: number;
  /** Probability of reaching this state by any path the search kept. */
  mass: number;
  /** A step of the path was done already when it came (a repeat). */
  repeated: boolean;
  /** A step of the path was not allowed when it came (a new violation). */
  irregular: boolean;
  /** Unique within one search. */
  id: number;
}

interface Finished {
  steps: string[];
  logp: number;
  mass: number;
}

/** The set of steps of a remainder (a multiset once a step repeats). */
function setKey(steps: readonly string[]): string {
  return [...steps].sort().join("\u0000");
}

/**
 * The state a hypothesis reaches by `step`: the set of steps done. Which steps can still come
 * depends on it alone; the last two steps (which the model also conditions on) only shape the
 * order, and a merged state goes on from its most probable path's. After a repeat the
 * remainders merged there could differ as multisets, and after a new violation the run's
 * judgement depends on the whole path (what was reported, what is excused): such paths are
 * never merged (their key names the parent state).
 */
// NOTE: keyed on the last two steps as well (tried), states split by order and the beam of 8
// held less of a majority's mass: with the heaviest set always chosen, the coffee-pattern
// property (robustness.property.test.ts) then failed in 3 of 5 runs instead of none, while
// completion on the event logs measured the same.
function stateKey(h: State, step: string, allowed: boolean, repeat: boolean): string {
  if (h.repeated || h.irregular || repeat || !allowed) return `\u0002${h.id}\u0001${step}`;
  return h.run.doneKeyWith(step);
}

/** Per script: the rest of each continuation majority (continuation-majorities.ts), keyed by its done set's bitset. */
const majorityIndexes = new WeakMap<GraphScript, Map<string, readonly string[]>>();

/**
 * The steps the runs clearly agree come after the run in `start` (script.continuations), or
 * undefined: no majority there, the run repeated a step or posted one the script does not know.
 */
function majorityRest(script: GraphScript, start: RunState): readonly string[] | undefined {
  if (script.continuations === undefined || start.hasRepeat || start.knownStepCount !== start.steps.length) return undefined;
  let index = majorityIndexes.get(script);
  if (index === undefined) {
    index = new Map();
    const c = start.closure;
    const bits = new Uint32Array(c.words);
    for (const m of script.continuations) if (stepSetBits(c, m.done, bits)) index.set(bitsKey(bits, c.words), m.rest);
    majorityIndexes.set(script, index);
  }
  return index.get(start.doneKey());
}

export function complete(script: GraphScript, prefix: readonly string[], options: RankingOptionsInput = {}): Completion {
  const opts = rankingOptions(options, script);
  const start = new RunState(script, prefix);
  const best = choose([...search(script, start, opts).values()]);
  // The runs' clear majority overrules the model when the model would finish with another set.
  const rest = majorityRest(script, start);
  if (rest !== undefined && (best === undefined || setKey(best.steps) !== setKey(rest))) {
    let follow: Finished | undefined;
    for (const f of search(script, start, opts, new Set(rest)).values()) if (!follow || f.logp > follow.logp) follow = f;
    if (follow) return { steps: follow.steps, probability: Math.exp(follow.logp) };
  }
  if (best) return { steps: best.steps, probability: Math.exp(best.logp) };
  return requiredStepsCompletion(script, start, opts);
}

/**
 * The beam search of the header from the run in `start`: the finished remainders by set of
 * steps (each with its summed mass and most probable order). With `only`, just the remainders
 * made of exactly those steps (each once).
 */
function search(script: GraphScript, start: RunState, opts: RankingOptions, only?: ReadonlySet<string>): Map<string, Finished> {
  const maxLength = start.closure.steps.length + 1;
  let ids = 0;
  let beam: State[] = [{ run: start, steps: [], logp: 0, mass: 1, repeated: false, irregular: false, id: ids++ }];
  const finished = new Map<string, Finished>();
  // The search stops when neither answer can change: the states left have less mass in total
  // than the heaviest finished set (every set still to finish gets its mass from them; states
  // merge, so one state's mass alone does not bound what a set can reach), and no state's most
  // probable path is more probable than the most probable finished remainder.
  let heaviest = 0;
  let mostProbable = -Infinity;
  for (let depth = 0; depth <= maxLength && beam.length > 0; depth++) {
    let live = 0;
    let bestPath = -Infinity;
    for (const h of beam) (live += h.mass), (bestPath = Math.max(bestPath, h.logp));
    if (live <= heaviest && bestPath <= mostProbable) break;
    // Extensions are merged by state first; only the `beamWidth` kept are materialised.
    const next = new Map<string, { parent: State; step: string; logp: number; mass: number; repeated: boolean; irregular: boolean }>();
    for (const h of beam) {
      for (const cand of allowedNextSteps(script, h.run, opts)) {
        if (cand.probability <= 0) continue;
        if (only !== undefined && (cand.step === END ? h.steps.length !== only.size : !only.has(cand.step) || h.steps.includes(cand.step))) continue;
        const logp = h.logp + Math.log(cand.probability);
        const mass = h.mass * cand.probability;
        if (cand.step === END) {
          const key = setKey(h.steps);
          let f = finished.get(key);
          if (!f) finished.set(key, (f = { steps: h.steps, logp, mass }));
          else {
            f.mass += mass;
            if (logp > f.logp) (f.steps = h.steps), (f.logp = logp);
          }
          heaviest = Math.max(heaviest, f.mass);
          mostProbable = Math.max(mostProbable, logp);
          continue;
        }
        if (depth === maxLength) continue;
        const repeat = h.run.isDone(cand.step);
        const key = stateKey(h, cand.step, cand.allowed, repeat);
        const s = next.get(key);
        if (!s) next.set(key, { parent: h, step: cand.step, logp, mass, repeated: h.repeated || repeat, irregular: h.irregular || !cand.allowed });
        else {
          s.mass += mass;
          if (logp > s.logp) (s.parent = h), (s.step = cand.step), (s.logp = logp);
        }
      }
    }
    beam = [...next.values()]
      .sort((a, b) => b.mass - a.mass || b.logp - a.logp)
      .slice(0, opts.beamWidth)
      .map(({ parent, step, logp, mass, repeated, irregular }) => {
        const run = parent.run.clone();
        run.post(step);
        return { run, steps: [...parent.steps, step], logp, mass, repeated, irregular, id: ids++ };
      });
  }
  return finished;
}

/**
 * The most probable remainder, unless another set of steps has at least MAJORITY times the
 * probability of that remainder's set: then the most probable order of the heaviest set.
 */
function choose(finished: readonly Finished[]): Finished | undefined {
  let map: Finished | undefined;
  let heaviest: Finished | undefined;
  for (const f of finished) {
    if (!map || f.logp > map.logp) map = f;
    if (!heaviest || f.mass > heaviest.mass || (f.mass === heaviest.mass && f.logp > heaviest.logp)) heaviest = f;
  }
  return heaviest && map && heaviest.mass >= MAJORITY * map.mass ? heaviest : map;
}

/**
 * When the beam found no valid completion: the missing required steps in an order that respects
 * the DAG (each after its missing required ancestors, written order otherwise), with its
 * probability under the model if every step is allowed; otherwise no valid completion exists (a
 * forgotten required step can no longer precede a step done meanwhile) and the steps are
 * returned with probability 0.
 */
function requiredStepsCompletion(script: GraphScript, start: RunState, opts: RankingOptions): Completion {
  const missing = start.missingRequired().map((v) => v.step);
  const anc = start.closure.ancestors;
  const order: string[] = [];
  const left = new Set(missing);
  while (left.size > 0) {
    const next = missing.find((s) => left.has(s) && ![...anc.get(s)!].some((a) => left.has(a)))!;
    order.push(next);
    left.delete(next);
  }
  const run = start.clone();
  let logp = 0;
  for (const step of [...order, END]) {
    const cand = allowedNextSteps(script, run, opts).find((n) => n.step === step);
    if (!cand?.allowed || cand.probability <= 0) return { steps: order, probability: 0 };
    logp += Math.log(cand.probability);
    if (step !== END) run.post(step);
  }
  return { steps: order, probability: Math.exp(logp) };
}
