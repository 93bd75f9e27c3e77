// learnLinkScorer: fits a LinkScorer (kind "mlp": one tanh hidden layer plus a linear skip
// term; or "ensemble", the mean of several learned with successive seeds) to ranking examples —
// for each linked text, the feature vectors of its candidate goals and which one is right — by
// minimising the softmax (listwise) cross-entropy of the
// right goal with Adam. Deterministic for a given seed. Returns the scorer.
// Assumes every example's gold index points into its candidates (examples whose right goal is
// not a candidate teach nothing and must be left out by the caller).
// NOTE: plain arrays and loops, no ML library: the model is tiny (features·hidden weights).
import { LINK_FEATURES } from "./link-features.js";
import type { LinkScorer } from "./link-scorer.js";
import { seededRandom } from "../random/seeded-random.js";

export interface RankingExample {
  /** Candidates × features, row-major. */
  features: Float32Array;
  candidates: number;
  gold: number;
}

export interface LearnLinkScorerOptions {
  hidden?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Networks to learn (seeds seed, seed + 1, …); more than one gives an ensemble of their mean. */
  members?: number;
  trainedOn?: string;
}

export function learnLinkScorer(examples: readonly RankingExample[], options: LearnLinkScorerOptions = {}): LinkScorer {
  const members = options.members ?? 1;
  if (members > 1) {
    const seed = options.seed ?? 1;
    const scorer: LinkScorer = {
      kind: "ensemble",
      features: [...LINK_FEATURES],
      members: Array.from({ length: members }, (_, i) => learnOne(examples, { ...options, seed: seed + i })),
    };
    if (options.trainedOn !== undefined) scorer.trainedOn = options.trainedOn;
    return scorer;
  }
  const one = learnOne(examples, options);
  if (options.trainedOn !== undefined) one.trainedOn = options.trainedOn;
  return one;
}

function learnOne(examples: readonly RankingExample[], options: LearnLinkScorerOptions): Extract<LinkScorer, { kind: "mlp" }> {
  const F = LINK_FEATURES.length;
  const H = options.hidden ?? 16;
  const epochs = options.epochs ?? 8;
  const batch = options.batchSize ?? 32;
  const lr = options.learningRate ?? 0.01;
  const l2 = options.l2 ?? 1e-4;
  const rand = seededRandom(options.seed ?? 1);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  // Parameters in one flat vector: W1 (H×F), b1 (H), w2 (H), wl (F).
  const n = H * F + H + H + F;
  const params = new Float64Array(n);
  for (let i = 0; i < H * F + H + H; i++) params[i] = i < H * F || i >= H * F + H ? 0.5 * gauss() : 0;
  const oB1 = H * F;
  const oW2 = oB1 + H;
  const oWl = oW2 + H;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const grad = new Float64Array(n);
  let step = 0;

  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rand);
    for (let start = 0; start < order.length; start += batch) {
      grad.fill(0);
      const end = Math.min(order.length, start + batch);
      for (let b = start; b < end; b++) accumulate(examples[order[b]!]!, params, grad, F, H);
      const size = end - start;
      step++;
      for (let i = 0; i < n; i++) {
        const g = grad[i]! / size + l2 * params[i]!;
        m[i] = 0.9 * m[i]! + 0.1 * g;
        v[i] = 0.999 * v[i]! + 0.001 * g * g;
        const mh = m[i]! / (1 - 0.9 ** step);
        const vh = v[i]! / (1 - 0.999 ** step);
        params[i] = params[i]! - (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
  }
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  return {
    kind: "mlp",
    features: [...LINK_FEATURES],
    hiddenWeights: Array.from({ length: H }, (_, h) => Array.from(params.subarray(h * F, h * F + F), round)),
    hiddenBias: Array.from(params.subarray(oB1, oB1 + H), round),
    outputWeights: Array.from(params.subarray(oW2, oW2 + H), round),
    linearWeights: Array.from(params.subarray(oWl, oWl + F), round),
  };
}

/** Adds the gradient of −log softmax(scores)[gold] for one example to `grad`. */
function accumulate(ex: RankingExample, p: Float64Array, grad: Float64Array, F: number, H: number): void {
  const C = ex.candidates;
  const oB1 = H * F;
  const oW2 = oB1 + H;
  const oWl = oW2 + H;
  const act = new Float64Array(C * H);
  const scores = new Float64Array(C);
  let max = -Infinity;
  for (let c = 0; c < C; c++) {
    const x = c * F;
    let s = 0;
    for (let i = 0; i < F; i++) s += p[oWl + i]! * ex.features[x + i]!;
    for (let h = 0; h < H; h++) {
      let z = p[oB1 + h]!;
      for (let i = 0; i < F; i++) z += p[h * F + i]! * ex.features[x + i]!;
      const a = Math.tanh(z);
      act[c * H + h] = a;
      s += p[oW2 + h]! * a;
    }
    scores[c] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let c = 0; c < C; c++) sum += (scores[c] = Math.exp(scores[c]! - max));
  for (let c = 0; c < C; c++) {
    const d = scores[c]! / sum - (c === ex.gold ? 1 : 0);
    if (Math.abs(d) < 1e-9) continue;
    const x = c * F;
    for (let i = 0; i < F; i++) grad[oWl + i]! += d * ex.features[x + i]!;
    for (let h = 0; h < H; h++) {
      const a = act[c * H + h]!;
      grad[oW2 + h]! += d * a;
      const dz = d * p[oW2 + h]! * (1 - a * a);
      grad[oB1 + h]! += dz;
      for (let i = 0; i < F; i++) grad[h * F + i]! += dz * ex.features[x + i]!;
    }
  }
}

function shuffle(a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

