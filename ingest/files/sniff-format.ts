// What a file looks like, from its first bytes (gunzipped for .gz): XML (with its root element),
// JSON, JSON Lines, CSV (with its first line), gzip data, plain text or empty. Used to refuse a
// trace file whose content does not match its format with a message that says what it is
// ("not XES: it looks like a CSV file with the header run_id,step,time; use stepgraph import
// csv") instead of a parser error from deep inside the file.
// Reads at most 64 KiB; never throws for content (a missing file is the caller's to report).
import { open } from "node:fs/promises";
import { gunzipSync } from "node:zlib";

export type SniffedFormat = "xml" | "json" | "jsonl" | "csv" | "gzip" | "text" | "empty" | "binary";

export interface Sniffed {
  format: SniffedFormat;
  /** For people: "a CSV file (first line: run_id,step,time)". */
  description: string;
}

async function head(file: string, bytes = 1 << 16): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const quoted = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

export function sniffText(buf: Buffer): Sniffed {
  if (buf.length === 0) return { format: "empty", description: "an empty file" };
  if (buf[0] === 0x1f && buf[1] === 0x8b) return { format: "gzip", description: "gzip-compressed data" };
  const text = buf.toString("utf8").replace(/^\uFEFF/, "");
  if (text.includes("\u0000")) return { format: "binary", description: "binary data" };
  const body = text.trimStart();
  if (body === "") return { format: "empty", description: "a file with only blank lines" };
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  if (body.startsWith("<")) {
    const root = /<(?!\?|!)([A-Za-z_][\w:.-]*)/.exec(body)?.[1];
    return { format: "xml", description: root ? `an XML file with the root element <${root}>` : "an XML file" };
  }
  if (body.startsWith("[")) return { format: "json", description: "a JSON array" };
  if (body.startsWith("{")) {
    const lines = body.split(/\r?\n/).filter((l) => l.trim() !== "");
    const jsonl = lines.length > 1 && lines.slice(0, 5).every((l) => l.trim().startsWith("{") && l.trim().endsWith("}"));
    return jsonl ? { format: "jsonl", description: "a JSON Lines file (one object per line)" } : { format: "json", description: "a JSON object" };
  }
  const delimiters = [",", ";", "\t", "|"].filter((d) => firstLine.includes(d));
  if (delimiters.length > 0) return { format: "csv", description: `a CSV file (first line: ${quoted(firstLine)})` };
  return { format: "text", description: `plain text (first line: ${quoted(firstLine)})` };
}

export async function sniffFile(file: string): Promise<Sniffed> {
  let buf = await head(file);
  if (file.toLowerCase().endsWith(".gz") && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { finishFlush: 2 /* Z_SYNC_FLUSH: a truncated stream is fine */ });
    } catch {
      return { format: "gzip", description: "gzip-compressed data that does not decompress" };
    }
  }
  return sniffText(buf);
}

const FITS: Record<"jsonl" | "csv" | "xes", readonly SniffedFormat[]> = {
  jsonl: ["jsonl", "json", "empty"],
  csv: ["csv", "text", "empty"],
  xes: ["xml", "empty"],
};

const COMMAND: Partial<Record<SniffedFormat, string>> = {
  csv: "read it as CSV (`--format csv`; `stepgraph import csv` converts it)",
  xml: "read it as XES (`--format xes`; `stepgraph import xes` converts it)",
  jsonl: "read it as JSONL (`--format jsonl`)",
  json: "read it as JSONL (`--format jsonl`) if it holds one trace per line",
};

/**
 * Undefined when the file's content fits `format`; otherwise the message saying what the file
 * looks like and how to read it.
 */
export async function formatMismatch(file: string, format: "jsonl" | "csv" | "xes"): Promise<string | undefined> {
  const sniffed = await sniffFile(file);
  if (FITS[format].includes(sniffed.format)) return undefined;
  const name = format === "xes" ? "XES" : format === "csv" ? "CSV" : "JSONL";
  const hint = COMMAND[sniffed.format];
  return `${file} is not ${name}: it looks like ${sniffed.description}${hint ? `; ${hint}` : ""}`;
}
