// Conventional precision, recall and F1 of one class from a confusion count:
// precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean; each is 0 when
// its denominator is 0. (DTGL's released code swaps precision and recall in its own rows.)

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
}

export function classScores(c: Confusion): ClassScores {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
