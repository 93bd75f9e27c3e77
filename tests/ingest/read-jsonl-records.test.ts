import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonlRecords } from "../../ingest/jsonl/read-jsonl-records.js";
import { NotFoundError } from "../../src/errors.js";

const Schema = z.object({ id: z.string(), n: z.number() }).strict();

async function file(text: string): Promise<string> {
  const f = path.join(await mkdtemp(path.join(tmpdir(), "jsonl-")), "r.jsonl");
  await writeFile(f, text);
  return f;
}

describe("readJsonlRecords", () => {
  it("returns each valid record with its line, skipping blank lines", async () => {
    const f = await file('{"id":"a","n":1}\n\n{"id":"b","n":2}\n');
    expect((await readJsonlRecords(f, Schema)).records).toEqual([
      { line: 1, value: { id: "a", n: 1 } },
      { line: 3, value: { id: "b", n: 2 } },
    ]);
  });

  it("names file, line and field of a record that breaks the schema", async () => {
    const f = await file('{"id":"a","n":1}\n{"id":"b","n":"two"}\n');
    const { records, issues } = await readJsonlRecords(f, Schema);
    expect(records).toHaveLength(1);
    expect(issues).toEqual([expect.objectContaining({ file: f, line: 2, path: ["n"] })]);
  });

  it("names the line of malformed JSON", async () => {
    const f = await file("{oops\n");
    const { issues } = await readJsonlRecords(f, Schema);
    expect(issues[0]).toMatchObject({ file: f, line: 1, path: [] });
    expect(issues[0]?.message).toMatch(/^not valid JSON/);
  });

  it("throws file_not_found (NotFoundError, exit 3) for a missing file", async () => {
    const err = await readJsonlRecords("/nonexistent/r.jsonl", Schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("file_not_found");
  });
});
