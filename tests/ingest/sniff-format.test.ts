// A trace file whose content is not of its format is refused before parsing, saying what it
// looks like.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatMismatch, sniffText } from "../../ingest/files/sniff-format.js";
import { readTracesFile } from "../../ingest/read-traces-file.js";
import { InvalidInputError } from "../../src/errors.js";

const fixtures = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../fixtures/ingest");

describe("sniffText", () => {
  it.each([
    ["<?xml version='1.0'?>\n<log>", "xml", "an XML file with the root element <log>"],
    ['{"id":"t1"}\n{"id":"t2"}\n', "jsonl", "a JSON Lines file (one object per line)"],
    ["[1, 2]", "json", "a JSON array"],
    ["run_id,step,time\nr1,a,1\n", "csv", 'a CSV file (first line: "run_id,step,time")'],
    ["Thaw reagents\nMix\n", "text", 'plain text (first line: "Thaw reagents")'],
    ["", "empty", "an empty file"],
  ])("%j is %s", (text, format, description) => {
    expect(sniffText(Buffer.from(text))).toEqual({ format, description });
  });
});

describe("formatMismatch", () => {
  it("accepts a gzipped XES and a CSV as what they are", async () => {
    expect(await formatMismatch(path.join(fixtures, "synthetic-sop-5.xes.gz"), "xes")).toBeUndefined();
    expect(await formatMismatch(path.join(fixtures, "synthetic-sop-5.csv"), "csv")).toBeUndefined();
  });

  it("refuses a CSV read as XES or as JSONL, saying how to read it", async () => {
    const csv = path.join(fixtures, "synthetic-sop-5.csv");
    expect(await formatMismatch(csv, "xes")).toMatch(/is not XES: it looks like a CSV file .*; read it as CSV \(`--format csv`; `stepgraph import csv` converts it\)$/);
    const err = await readTracesFile(csv, { format: "jsonl" }).next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).message).toContain("is not JSONL: it looks like a CSV file");
  });

  it("refuses an XES file named .csv", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "sniff-"));
    const f = path.join(dir, "log.csv");
    await writeFile(f, '<?xml version="1.0"?>\n<log></log>\n');
    expect(await formatMismatch(f, "csv")).toContain("is not CSV: it looks like an XML file with the root element <log>");
  });
});
