// Runs the pm4py order-validity oracle (order_validity_oracle.py) on one log and returns its
// validated output: the 80/20 split, and for each held-out trace the true verdict (alignment on
// the generating Petri net, with its deviations) and IMf's verdict (noise 0.2, discovered from
// the 80 %; alignment on its process tree), with the cross-checks (token replay, alignment on
// IMf's Petri net).
// Cached in eval/out/ (git-ignored) under a key of the log's, the net's and the oracle script's
// sha256, the seed, the IMf noise threshold and the installed pm4py version: a rerun reads
// the file and starts no Python.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { EVAL_DIR, ensureOracleVenv, runCommand } from "./venv.js";

export const ORACLE_SCRIPT = path.join(EVAL_DIR, "pm4py", "order_validity_oracle.py");
export const OUT_DIR = path.join(EVAL_DIR, "out");
export const IMF_NOISE_THRESHOLD = 0.2;

const Index = z.number().int().min(0);

export const OracleOutputSchema = z
  .object({
    log: z.string(),
    model: z.string(),
    seed: z.number().int(),
    pm4pyVersion: z.string(),
    noiseThreshold: z.number(),
    traces: Index,
    train: z.array(Index),
    /** Per trace in file order: sha256 (16 hex digits) of the case id and activities joined by U+001F. */
    traceDigests: z.array(z.string().regex(/^[0-9a-f]{16}$/)),
    test: z.array(
      z
        .object({
          index: Index,
          caseId: z.string().nullable(),
          activities: z.array(z.string()),
          trueValid: z.boolean(),
          imfValid: z.boolean(),
          trueTokenReplayFit: z.boolean(),
          imfTokenReplayFit: z.boolean(),
          /** The cross-check alignment on IMf's Petri net; null when it ran out of time. */
          imfNetAlignmentFit: z.boolean().nullable(),
          /** The true alignment's non-synchronous visible moves (empty for a valid trace). */
          trueDeviations: z.array(z.tuple([z.enum(["log", "model"]), z.string()])),
        })
        .strict(),
    ),
    imfTree: z.string(),
    trueTree: z.string().nullable(),
    crossChecks: z
      .object({
        trueTokenReplayDisagreements: z.array(Index),
        imfTokenReplayDisagreements: z.array(Index),
        imfNetAlignmentDisagreements: z.array(Index),
        imfNetAlignmentTimeouts: z.array(Index),
        imfNetAlignmentSecondsPerTrace: z.number(),
      })
      .strict(),
    seconds: z.number(),
  })
  .strict()
  .superRefine((o, ctx) => {
    const seen = new Set<number>();
    for (const i of [...o.train, ...o.test.map((t) => t.index)]) {
      if (i >= o.traces) ctx.addIssue({ code: "custom", message: `trace index ${i} is not below traces ${o.traces}` });
      if (seen.has(i)) ctx.addIssue({ code: "custom", message: `trace index ${i} is in the split twice` });
      seen.add(i);
    }
    if (o.traceDigests.length !== o.traces) ctx.addIssue({ code: "custom", message: `${o.traceDigests.length} trace digests for ${o.traces} traces` });
    if (seen.size !== o.traces) ctx.addIssue({ code: "custom", message: `the split covers ${seen.size} of ${o.traces} traces` });
  });

export type OracleOutput = z.infer<typeof OracleOutputSchema>;

export interface OracleRun {
  output: OracleOutput;
  /** The cache file read or written. */
  file: string;
  cached: boolean;
}

/** The oracle's trace digest (order_validity_oracle.py, trace_digest). */
export function traceDigest(caseId: string | null, activities: readonly string[]): string {
  return createHash("sha256")
    .update([caseId ?? "", ...activities].join("\u001f"), "utf8")
    .digest("hex")
    .slice(0, 16);
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function parseOutput(file: string): OracleOutput {
  const r = OracleOutputSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!r.success) throw new Error(`${file}: not an order-validity oracle output: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

export interface OracleRequest {
  log: string;
  /** The true Petri net (.pnml). */
  model: string;
  /** The true process tree (.ptml), echoed as text. */
  tree?: string;
  seed: number;
}

/** The cache file of the oracle's answer to `req` with pm4py `pm4pyVersion` (it may not exist yet). */
export function oracleCacheFile(req: OracleRequest, pm4pyVersion: string): string {
  const key = createHash("sha256")
    .update(JSON.stringify([sha256(req.log), sha256(req.model), req.tree === undefined ? null : sha256(req.tree), sha256(ORACLE_SCRIPT), req.seed, IMF_NOISE_THRESHOLD, pm4pyVersion]))
    .digest("hex")
    .slice(0, 16);
  const base = path.basename(req.log).replace(/\.xes(\.gz)?$/i, "");
  return path.join(OUT_DIR, `${base}-seed${req.seed}-pm4py${pm4pyVersion}-${key}.json`);
}

export async function runOracle(req: OracleRequest, progress: (message: string) => void = () => {}): Promise<OracleRun> {
  const env = await ensureOracleVenv(progress);
  const file = oracleCacheFile(req, env.pm4pyVersion);
  if (existsSync(file)) return { output: parseOutput(file), file, cached: true };
  mkdirSync(OUT_DIR, { recursive: true });
  progress(`pm4py oracle on ${path.basename(req.log)} (seed ${req.seed}): alignments on the true net and on IMf's`);
  const args = [ORACLE_SCRIPT, "--log", req.log, "--model", req.model, "--seed", String(req.seed), "--noise-threshold", String(IMF_NOISE_THRESHOLD), "--out", file];
  if (req.tree !== undefined) args.push("--tree", req.tree);
  // NOTE: pm4py prints a banner and progress bars; they are kept out of our output and shown
  // only when the oracle fails.
  const r = await runCommand(env.python, args, { env: { ...process.env, TQDM_DISABLE: "1", PYTHONWARNINGS: "ignore" } });
  if (r.code !== 0 || !existsSync(file)) {
    throw new Error(`pm4py oracle failed on ${req.log} (exit ${r.code}):\n${(r.stderr || r.stdout).trimEnd().split("\n").slice(-20).join("\n")}`);
  }
  return { output: parseOutput(file), file, cached: false };
}
