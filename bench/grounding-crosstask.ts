// Question: does grounding recover a step from a perturbed version of its text, and how often
// does it accept a sentence that belongs to another procedure? (issue 3, "Bar": ≥ 95 % top-1)
// Data: ../shared/datasets/graph-script-crosstask-wikihow, imported with the crosstask-paths
// importer (17 procedures, 130 step texts). Protocol: for each seed, every step text gets one
// variant per perturbation (drop one word, shuffle the words, change one word's inflection,
// one typo) and is grounded against its own procedure; top-1 = best candidate is the step.
// Unrelated: every step text of every other procedure, grounded against each procedure
// (texts identical after normalisation to a target step are counted apart).
// Run: npx tsx bench/grounding-crosstask.ts [--seeds 10]
import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readCrossTaskPaths } from "../ingest/crosstask-paths/read-crosstask-paths.js";
import { evaluateGrounding, BAR_KINDS } from "../src/grounding/evaluate-grounding.js";
import { GROUNDING_DEFAULTS } from "../src/grounding/ground.js";
import { PERTURBATION_KINDS } from "../src/grounding/perturb-text.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const data = path.resolve(root, "../shared/datasets/graph-script-crosstask-wikihow");
const seedsArg = process.argv.indexOf("--seeds");
const seeds = seedsArg >= 0 ? Number(process.argv[seedsArg + 1]) : 10;

if (!existsSync(data)) {
  process.stderr.write(`skipped: ${data} is absent\n`);
  process.exit(0);
}
const { procedures } = await readCrossTaskPaths(data);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const range = (xs: number[]): string => `${pct(xs.reduce((a, b) => a + b, 0) / xs.length)} (${pct(Math.min(...xs))}–${pct(Math.max(...xs))})`;

const t0 = performance.now();
const runs = Array.from({ length: seeds }, (_, i) => evaluateGrounding(procedures, i + 1));
const ms = performance.now() - t0;
const first = runs[0];
if (!first) process.exit(0);
const lines: string[] = [
  `data: ${procedures.length} procedures, ${first.steps} step texts; seeds 1..${seeds}; defaults threshold ${GROUNDING_DEFAULTS.threshold}, margin ${GROUNDING_DEFAULTS.margin}`,
  `time: ${(ms / seeds).toFixed(0)} ms per seed (${first.steps * PERTURBATION_KINDS.length + first.unrelated.trials + first.unrelated.identicalText} groundings)`,
  "",
  "| perturbation | trials per seed | top-1 mean (min–max) | accepted and right | accepted but wrong |",
  "|---|---|---|---|---|",
  ...PERTURBATION_KINDS.map((k) => {
    const s = runs.map((r) => r.byKind[k]);
    return `| ${k}${BAR_KINDS.includes(k) ? "" : " (not in the bar)"} | ${s[0]?.trials} | ${range(s.map((x) => x.top1 / x.trials))} | ${range(s.map((x) => x.acceptedCorrect / x.trials))} | ${range(s.map((x) => x.acceptedWrong / x.trials))} |`;
  }),
  `| **bar: ${BAR_KINDS.join(" + ")}** | ${first.bar.trials} | ${range(runs.map((r) => r.bar.top1Rate))} | ${range(runs.map((r) => r.bar.acceptedCorrect / r.bar.trials))} | ${range(runs.map((r) => r.bar.acceptedWrong / r.bar.trials))} |`,
  "",
  `unrelated sentences (other procedures' steps), default threshold: ${first.unrelated.accepted} of ${first.unrelated.trials} accepted (${pct(first.unrelated.acceptedRate)}); ` +
    `identical-after-normalisation texts: ${first.unrelated.identicalAccepted} of ${first.unrelated.identicalText} accepted`,
  "",
  "threshold sweep (seed 1, margin at default):",
  "",
  "| threshold | bar accepted and right | unrelated accepted |",
  "|---|---|---|",
  ...[0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7].map((threshold) => {
    const e = evaluateGrounding(procedures, 1, { threshold });
    return `| ${threshold}${threshold === GROUNDING_DEFAULTS.threshold ? " (default)" : ""} | ${pct(e.bar.acceptedCorrect / e.bar.trials)} | ${e.unrelated.accepted} / ${e.unrelated.trials} (${pct(e.unrelated.acceptedRate)}) |`;
  }),
  "",
  "some misses (seed 1):",
  ...first.examples.map((x) => `- ${x.kind}: ${JSON.stringify(x.text)} (${x.procedure} / ${x.step}) → ${x.got} at ${x.score}`),
];
process.stdout.write(`${lines.join("\n")}\n`);
