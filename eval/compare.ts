// `npm run eval:compare -- before.json after.json`: two runs of `npm run eval:all -- --json`
// compared row by row (eval/all/compare-rows.ts): the rows that moved, by how much, their margins
// over the best baseline, and every change of status. Exit 2 on a file that is not eval:all's JSON.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { compareRuns, comparisonText } from "./all/compare-rows.js";
import type { Row } from "./all/rows.js";

const USAGE = "usage: npm run eval:compare -- <before.json> <after.json>   (each from `npm run eval:all -- --json`)";

const RunSchema = z.object({
  commit: z.string().optional(),
  date: z.string().optional(),
  rows: z.array(
    z
      .object({
        dataset: z.string(),
        task: z.string(),
        metric: z.string(),
        engine: z.number().nullable(),
        baselines: z.array(z.object({ name: z.string(), value: z.number(), published: z.string().optional() }).passthrough()),
        bar: z.object({ atLeast: z.number().optional(), overBest: z.number().optional() }),
      })
      .passthrough(),
  ),
});

async function readRun(file: string): Promise<{ rows: Row[]; label: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = RunSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${file} is not the JSON of \`npm run eval:all -- --json\`: ${i.path.join(".") || "(top)"}: ${i.message}`);
  }
  return { rows: r.data.rows as unknown as Row[], label: `${file} (${r.data.commit ?? "no commit"}, ${r.data.date ?? "no date"})` };
}

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length !== 2 || files.some((f) => f.startsWith("-"))) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const [before, after] = await Promise.all(files.map(readRun));
  process.stdout.write(`before: ${before!.label}\nafter:  ${after!.label}\n\n${comparisonText(compareRuns(before!.rows, after!.rows))}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`eval:compare: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
