// seededRandom: a small deterministic PRNG (mulberry32) returning floats in [0, 1), so that
// folds, perturbations, learned weights and bench data are the same for the same seed.
// NOTE: not for anything security-related; 32 bits of state are plenty for evaluation splits.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
