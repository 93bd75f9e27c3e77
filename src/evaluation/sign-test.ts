// The exact two-sided sign test of a paired comparison: n units (test traces, recipes, runs) on
// which one of two predictors did better, `a` of them the first; under "no difference" each
// untied unit goes either way with probability ½. Used to print, beside a margin, whether it is
// more than chance (eval:all's table, `stepgraph eval next-step`).
import { binomialTail } from "../discovery/special-functions.js";

/** P(a split at least as uneven as a : b | no difference), two-sided; 1 when there are no untied units. */
export function signTestP(a: number, b: number): number {
  const n = a + b;
  return n === 0 ? 1 : Math.min(1, 2 * binomialTail(Math.max(a, b), n));
}
