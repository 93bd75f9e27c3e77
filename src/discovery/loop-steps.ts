// Loop steps: repeats that the runs show for a block of steps carry over to the steps inside it
// (issue 13, item 7, the repeat side of "interchangeability that the runs show for a block of
// steps carries over to the steps inside it"). A step is repeatable when the runs repeat it
// (induce.ts: one run in a clean log, minSupport in a noisy one). But in a loop whose body is a
// choice (do b, or c, or d, then decide whether to go round again), 16 runs may go round twice
// and never choose the same branch twice: no step of the body repeats, and a valid run that
// chooses b twice was refused (`repeated_step`: on a22 at 0 % noise, 124 of the 253 valid
// held-out runs refused when induced from 16 runs; docs/results.md, "Few runs").
// The runs show the loop itself: the steps between two occurrences of a step they repeat make one
// round of it. In a log taken as clean (noise-selection.ts), an optional step seen there is a step
// of the loop: it may come again in another round. Not in a noisy log, where one run is not enough
// to make a step repeatable either: in the synthetic SOP log, H reworked in 3,948 of 10,000 runs
// and a swap of neighbours put F or G between two H's in 4 of them. A required step is not carried:
// done once in every run, it is more likely a step of a parallel branch that happened to fall
// between two rounds (a required step of the loop's body would have repeated with it). An optional
// step of a parallel branch that falls between two rounds is carried as well (the runs cannot tell
// it from a choice in the loop): a run that repeats it is then not refused.
// The script marks such a step `repeatable` with `repeats: 0` (no run repeated it); ranking
// treats it as a step no run repeated (next-step-model.ts): once done, it is ranked again only
// where the counts show it.
// Runs are the distinct variants fitted on (those set aside as odd or out of order excluded).

export interface LoopRun {
  steps: readonly number[];
}

/**
 * 1 for each step that occurs strictly between two consecutive occurrences of a step `repeats`
 * accepts, in some run (a step of a round of a loop the runs repeated).
 */
export function stepsInRounds(n: number, runs: Iterable<LoopRun>, repeats: (step: number) => boolean): Uint8Array {
  const inRound = new Uint8Array(n);
  const last = new Int32Array(n);
  for (const r of runs) {
    last.fill(-1);
    r.steps.forEach((x, j) => {
      const before = last[x]!;
      if (before >= 0 && repeats(x)) for (let k = before + 1; k < j; k++) inRound[r.steps[k]!] = 1;
      last[x] = j;
    });
  }
  return inRound;
}

/** The calibration reason for `count` steps repeatable as steps of a loop; undefined when none. */
export function loopReason(count: number): string | undefined {
  if (count === 0) return undefined;
  const one = count === 1;
  return `${count} optional step${one ? "" : "s"} that no run repeated ${one ? "is" : "are"} repeatable as ${one ? "a step" : "steps"} of a loop the runs repeat (done between two occurrences of a repeated step): the order check lets ${one ? "it" : "them"} come again, ranking only where the runs show it (repeats: 0)`;
}
