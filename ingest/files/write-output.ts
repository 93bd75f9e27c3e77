// Writes importer results as stepgraph's own files: OUT/procedures.json (an array of
// procedures) and OUT/traces.jsonl (one trace per line). Each file is written to a temporary
// name in the same folder and renamed into place, so a failed import never leaves a
// half-written file behind.
import { mkdir, rename, rm, writeFile, open } from "node:fs/promises";
import path from "node:path";
import type { Procedure, Trace, GroundedTrace } from "../../src/model/index.js";

async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await write(tmp);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function writeProceduresFile(file: string, procedures: readonly Procedure[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeAtomically(file, (tmp) => writeFile(tmp, `${JSON.stringify(procedures, null, 2)}\n`));
}

/** Writes traces (an array or a stream) one JSON object per line; returns how many were written. */
export async function writeTracesFile(
  file: string,
  traces: Iterable<Trace | GroundedTrace> | AsyncIterable<Trace | GroundedTrace>,
): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  let count = 0;
  await writeAtomically(file, async (tmp) => {
    const fh = await open(tmp, "w");
    try {
      let buffer = "";
      for await (const t of traces) {
        buffer += `${JSON.stringify(t)}\n`;
        count++;
        if (buffer.length > 1 << 20) {
          await fh.write(buffer);
          buffer = "";
        }
      }
      if (buffer) await fh.write(buffer);
    } finally {
      await fh.close();
    }
  });
  return count;
}

/** Writes any JSON value (pretty-printed) atomically. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeAtomically(file, (tmp) => writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`));
}
