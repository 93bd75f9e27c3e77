// Pairwise next-step model: a log-linear (maximum-entropy) model of the next step given WHICH
// steps are done, P(t | D) ∝ exp(b_t + Σ_{s ∈ D} w_{s,t}) over the candidates not done (steps
// and END), with one bias per candidate and one weight per (done step, candidate) pair.
// It is fitted once per script object to the script's set-state counts (the same evidence as
// the next-step model's most specific level) by maximum likelihood with an L2 penalty `l2` on
// every weight (a Gaussian prior), full-batch Adam for a fixed number of iterations, so the
// fit is deterministic. Where the set-state counts know only the exact done set, this model
// generalises across sets: a done set never seen still gets "step s done makes t likely next"
// from every set that held s. next-step-model.ts mixes it into its distribution.
// NOTE: sets naming unknown or repeated steps are left out (as in the count index); repeats of
// done steps are not candidates here (the n-gram levels carry them).
// The fit runs over a tree of done sets: each set hangs under the set with one step fewer (a
// run's earlier state, added when no run stopped there), so one iteration costs
// (sets) · (steps + 1) instead of Σ |set| · (steps + 1): the logits of a set are its parent's
// plus one row of weights, and the gradient of a weight row is the residual summed over the
// subtree of the sets that added that step.
// NOTE: a script whose fit would take more than FIT_BUDGET (sets · candidates · ITERATIONS;
// about 0.15 s on the shared 2-core machine) gets no pairwise model (`pairwiseModel`
// returns undefined and the next-step model uses the counts alone): a fit cut short would mix
// in a poorly converged model. docs/results.md gives the sizes this covers.
import { END, type GraphScript } from "../model/index.js";
import { bitsKey, precedenceClosure, stepSetBits } from "../conformance/precedence-closure.js";
import type { RunState } from "../conformance/run-state.js";

export interface PairwiseModel {
  /** Candidates: steps by written position (closure order), END = `steps`. */
  readonly candidates: number;
  /** b_t, length `candidates`. */
  readonly bias: Float64Array;
  /** w_{s,t} at s * candidates + t. */
  readonly weights: Float64Array;
}

export const ITERATIONS = 100;
const LEARNING_RATE = 0.1;
export const FIT_BUDGET = 10_000_000;

/** The last fit per script object (one penalty at a time: memory stays bounded). */
const fitted = new WeakMap<GraphScript, { l2: number; model: PairwiseModel | undefined }>();

/**
 * The pairwise model of `script` with penalty `l2`, fitted on first use and cached; undefined
 * when the script has no set-state counts or is too large to fit (see FIT_BUDGET).
 */
export function pairwiseModel(script: GraphScript, l2: number): PairwiseModel | undefined {
  const hit = fitted.get(script);
  if (hit && hit.l2 === l2) return hit.model;
  const model = fit(script, l2);
  fitted.set(script, { l2, model });
  return model;
}

/** Done sets as a tree, parents before children; node 0 is the empty set. */
interface SetTree {
  /** Parent node (-1 for the root). */
  parent: Int32Array;
  /** The step a node adds to its parent's set (-1 for the root). */
  added: Int32Array;
  /** The node's set as a bitset: words [i * words, (i + 1) * words). */
  bits: Uint32Array;
  words: number;
  /** Counts of each candidate next after the node's set (node * candidates + t); 0 for added sets. */
  counts: Float64Array;
  /** Sum of the node's counts. */
  totals: Float64Array;
}

function setTree(script: GraphScript, m: number): SetTree {
  const c = precedenceClosure(script);
  const n = m - 1;
  const words = c.words;
  interface Node {
    bits: Uint32Array;
    size: number;
    counts: Map<number, number>;
  }
  const nodes = new Map<string, Node>();
  const node = (bits: Uint32Array, size: number): Node => {
    const key = bitsKey(bits, words);
    let x = nodes.get(key);
    if (!x) nodes.set(key, (x = { bits: bits.slice(), size, counts: new Map() }));
    return x;
  };
  const bits = new Uint32Array(words);
  for (const s of script.states) {
    if (s.afterRepeat === true) continue;
    const to = s.to === END ? n : c.position.get(s.to);
    if (to === undefined) continue;
    if (!stepSetBits(c, s.done, bits) || (to < n && (bits[to >>> 5]! & (1 << (to & 31))) !== 0)) continue;
    const x = node(bits, s.done.length);
    x.counts.set(to, (x.counts.get(to) ?? 0) + s.count);
  }
  // Every set needs a parent: the first of its subsets with one step fewer that exists (trying
  // its steps from the last written), else the one without its last step, added.
  node(new Uint32Array(words), 0);
  const parentOf = new Map<Node, [Node, number]>();
  const pending = [...nodes.values()].sort((a, b) => b.size - a.size);
  for (let k = 0; k < pending.length; k++) {
    const x = pending[k]!;
    if (x.size === 0 || parentOf.has(x)) continue;
    const members: number[] = [];
    for (let i = n - 1; i >= 0; i--) if ((x.bits[i >>> 5]! & (1 << (i & 31))) !== 0) members.push(i);
    const sub = x.bits.slice();
    let found: [Node, number] | undefined;
    for (const i of members) {
      sub[i >>> 5] = sub[i >>> 5]! & ~(1 << (i & 31));
      const hit = nodes.get(bitsKey(sub, words));
      sub[i >>> 5] = sub[i >>> 5]! | (1 << (i & 31));
      if (hit) {
        found = [hit, i];
        break;
      }
    }
    if (!found) {
      const i = members[0]!;
      sub[i >>> 5] = sub[i >>> 5]! & ~(1 << (i & 31));
      found = [node(sub, x.size - 1), i];
      pending.push(found[0]);
    }
    parentOf.set(x, found);
  }
  const ordered = [...nodes.values()].sort((a, b) => a.size - b.size);
  const index = new Map(ordered.map((x, i) => [x, i]));
  const count = ordered.length;
  const tree: SetTree = {
    parent: new Int32Array(count).fill(-1),
    added: new Int32Array(count).fill(-1),
    bits: new Uint32Array(count * words),
    words,
    counts: new Float64Array(count * m),
    totals: new Float64Array(count),
  };
  ordered.forEach((x, i) => {
    const p = parentOf.get(x);
    if (p) {
      tree.parent[i] = index.get(p[0])!;
      tree.added[i] = p[1];
    }
    tree.bits.set(x.bits, i * words);
    for (const [t, v] of x.counts) {
      tree.counts[i * m + t] = v;
      tree.totals[i]! += v;
    }
  });
  return tree;
}

function fit(script: GraphScript, l2: number): PairwiseModel | undefined {
  if (script.states.length === 0) return undefined;
  const n = precedenceClosure(script).steps.length;
  const m = n + 1;
  // The tree holds at least the distinct sets of the counts: check those first (cheap).
  const distinct = new Set<string>();
  for (const st of script.states) if (st.afterRepeat !== true) distinct.add(st.done.join("\u0001"));
  if (distinct.size * m * ITERATIONS > FIT_BUDGET) return undefined;
  const tree = setTree(script, m);
  const count = tree.parent.length;
  if (count * m * ITERATIONS > FIT_BUDGET) return undefined;
  let total = 0;
  for (let i = 0; i < count; i++) total += tree.totals[i]!;
  if (total === 0) return undefined;
  const { parent, added, bits, words, counts, totals } = tree;
  // theta = [bias (m) | weights (n * m)]
  const size = m + n * m;
  const theta = new Float64Array(size);
  const grad = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  // Per node: the logits, then (in place) the residual summed over the node's subtree.
  const z = new Float64Array(count * m);
  // 1 where the candidate is done in the node's set (no candidate there).
  const done = new Uint8Array(count * m);
  for (let i = 0; i < count; i++) for (let t = 0; t < n; t++) if ((bits[i * words + (t >>> 5)]! & (1 << (t & 31))) !== 0) done[i * m + t] = 1;
  for (let it = 1; it <= ITERATIONS; it++) {
    // Logits: the root's are the biases; a child's are its parent's plus the added step's row.
    for (let t = 0; t < m; t++) z[t] = theta[t]!;
    for (let i = 1; i < count; i++) {
      const at = i * m;
      const from = parent[i]! * m;
      const row = m + added[i]! * m;
      for (let t = 0; t < m; t++) z[at + t] = z[from + t]! + theta[row + t]!;
    }
    // Residuals (count - total · softmax) / total over the candidates not done; 0 elsewhere.
    for (let i = 0; i < count; i++) {
      const at = i * m;
      const N = totals[i]!;
      if (N === 0) {
        z.fill(0, at, at + m);
        continue;
      }
      let max = -Infinity;
      for (let t = at; t < at + m; t++) if (done[t] === 0 && z[t]! > max) max = z[t]!;
      let sum = 0;
      for (let t = at; t < at + m; t++) {
        const e = done[t] === 0 ? Math.exp(z[t]! - max) : 0;
        z[t] = e;
        sum += e;
      }
      const scale = N / sum;
      for (let t = at; t < at + m; t++) z[t] = (counts[t]! - scale * z[t]!) / total;
    }
    // Subtree sums, children before parents; a weight row's gradient sums the subtrees of the
    // nodes that added its step; the biases' gradient is the root's subtree (every node).
    grad.fill(0);
    for (let i = count - 1; i >= 1; i--) {
      const at = i * m;
      const to = parent[i]! * m;
      const row = m + added[i]! * m;
      for (let t = 0; t < m; t++) {
        grad[row + t]! += z[at + t]!;
        z[to + t]! += z[at + t]!;
      }
    }
    for (let t = 0; t < m; t++) grad[t] = z[t]!;
    // Adam ascent on (log-likelihood - l2/2 · |theta|^2) / total.
    const c1 = 1 - Math.pow(0.9, it);
    const c2 = 1 - Math.pow(0.999, it);
    for (let i = 0; i < size; i++) {
      const gi = grad[i]! - (l2 / total) * theta[i]!;
      m1[i] = 0.9 * m1[i]! + 0.1 * gi;
      m2[i] = 0.999 * m2[i]! + 0.001 * gi * gi;
      theta[i]! += (LEARNING_RATE * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + 1e-8);
    }
  }
  return { candidates: m, bias: theta.slice(0, m), weights: theta.slice(m) };
}

/**
 * The model's distribution after the run in `run`, written into `out` (length: candidates;
 * steps by closure position, END last); 0 for done steps.
 */
export function pairwiseDistribution(model: PairwiseModel, run: RunState, out: Float64Array): Float64Array {
  const m = model.candidates;
  const n = m - 1;
  const w = model.weights;
  out.set(model.bias);
  const done = new Uint8Array(m);
  for (let d = 0; d < n; d++) {
    if (!run.isDoneAt(d)) continue;
    done[d] = 1;
    const row = d * m;
    for (let t = 0; t < m; t++) out[t]! += w[row + t]!;
  }
  let max = -Infinity;
  for (let t = 0; t < m; t++) if (done[t] === 0 && out[t]! > max) max = out[t]!;
  let sum = 0;
  for (let t = 0; t < m; t++) {
    out[t] = done[t] === 0 ? Math.exp(out[t]! - max) : 0;
    sum += out[t]!;
  }
  for (let t = 0; t < m; t++) out[t] = out[t]! / sum;
  return out;
}
