// Writes a CaptainCook4D import as stepgraph's files in one folder: procedures.json,
// traces.jsonl, truth.jsonl ({"procedure", "edges"}), recordings.jsonl ({"id", "procedure",
// "errors", "orderErrorAt"}) and, for the mistake split, train.jsonl and test.jsonl
// ({"id", "procedure", "steps", "mistakeAt"}). Every file goes to a temporary name first and is
// renamed into place only when all of them are written, so an error leaves no half import.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CaptainCook4dData } from "./read-captaincook4d.js";

export async function writeCaptainCook4d(out: string, data: CaptainCook4dData): Promise<Record<string, string>> {
  await mkdir(out, { recursive: true });
  const lines = (rows: readonly unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join("");
  const files: [string, string][] = [
    ["procedures.json", `${JSON.stringify(data.procedures, null, 2)}\n`],
    ["traces.jsonl", lines(data.traces)],
    ["truth.jsonl", lines(data.truth)],
    ["recordings.jsonl", lines(data.recordings)],
  ];
  if (data.train) files.push(["train.jsonl", lines(data.train)]);
  if (data.test) files.push(["test.jsonl", lines(data.test)]);
  const tmp = (name: string) => path.join(out, `.${name}.${process.pid}.tmp`);
  try {
    for (const [name, text] of files) await writeFile(tmp(name), text);
    for (const [name] of files) await rename(tmp(name), path.join(out, name));
  } catch (e) {
    for (const [name] of files) await rm(tmp(name), { force: true });
    throw e;
  }
  return Object.fromEntries(files.map(([name]) => [name.replace(/\.jsonl?$/, ""), path.join(out, name)]));
}
