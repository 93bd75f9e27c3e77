// Reads a small JSONL file of records of one schema (truth graphs, test cases, recording tags),
// one JSON object per line, blank lines skipped. Returns every valid record with its 1-based line
// and every problem as an InputIssue naming file, line and field; a file that cannot be read
// throws InvalidInputError "file_not_readable". Callers add their own cross-checks to `issues`
// and throw once, so a file with any error is rejected whole.
// NOTE: reads the whole file; meant for evaluation inputs, not for large trace logs (those are
// streamed by read-traces.ts).
import type { z } from "zod";
import { issuesFromZod, type InputIssue } from "../../src/errors.js";
import { readTextFile } from "../files/read-text-file.js";

export interface JsonlRecords<T> {
  records: { line: number; value: T }[];
  issues: InputIssue[];
}

export async function readJsonlRecords<S extends z.ZodType>(file: string, schema: S): Promise<JsonlRecords<z.output<S>>> {
  const text = await readTextFile(file);
  const out: JsonlRecords<z.output<S>> = { records: [], issues: [] };
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      out.issues.push({ file, line, path: [], message: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    const r = schema.safeParse(data);
    if (r.success) out.records.push({ line, value: r.data });
    else out.issues.push(...issuesFromZod(r.error, { file, line }));
  });
  return out;
}
