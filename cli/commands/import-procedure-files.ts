// `stepgraph import markdown FILE --out OUT` and `stepgraph import protocols-io FILE --out OUT`:
// convert a written procedure (Markdown / plain-text numbered list, or a protocols.io JSON
// export) into OUT/procedures.json (the procedure first, then its linked sub-procedures) and
// OUT/import-notes.json ({repeatable, notes}: the steps that "go to step" loops make
// repeatable, and remarks such as unlinked sections). Nothing is written on error.
import path from "node:path";
import type { Command } from "commander";
import type { ImportedProcedures } from "../../ingest/files/imported-procedures.js";
import { writeJsonFile, writeProceduresFile } from "../../ingest/files/write-output.js";
import { readNumberedList } from "../../ingest/markdown/read-numbered-list.js";
import { readProtocolsIo } from "../../ingest/protocols-io/read-protocols-io.js";
import { printJson, printText } from "../output.js";
import { checkOutFolder } from "./out-folder.js";

async function writeImported(r: ImportedProcedures, out: string, json: boolean | undefined): Promise<void> {
  const proceduresFile = path.join(out, "procedures.json");
  const notesFile = path.join(out, "import-notes.json");
  await writeProceduresFile(proceduresFile, r.procedures);
  await writeJsonFile(notesFile, { repeatable: r.repeatable, notes: r.notes });
  const summary = {
    procedures: r.procedures.map((p) => ({
      id: p.id,
      title: p.title,
      steps: p.steps.length,
      links: p.steps.filter((s) => s.subprocedure !== undefined).length,
      stepIds: p.steps.map((s) => s.id),
    })),
    repeatable: r.repeatable,
    notes: r.notes,
    files: { procedures: proceduresFile, notes: notesFile },
  };
  if (json) printJson(summary);
  else {
    // Each step with its id: the ids are what `next`, `check` and the API take (as do the numbers and texts).
    const lines = r.procedures.flatMap((p) => {
      const links = p.steps.filter((s) => s.subprocedure !== undefined).length;
      const width = Math.min(40, Math.max(...p.steps.map((s) => s.id.length)));
      return [
        `${p.id}: ${p.steps.length} steps${links > 0 ? `, ${links} linked to sub-procedures` : ""} (${p.title})`,
        ...p.steps.map((s, i) => {
          const marks = [s.optional ? "optional" : "", s.repeatable ? "repeatable" : "", s.subprocedure !== undefined ? `details: ${s.subprocedure}` : ""].filter(Boolean);
          const text = s.text.length > 70 ? `${s.text.slice(0, 69)}…` : s.text;
          return `  ${String(i + 1).padStart(2)}. ${s.id.padEnd(width)}  ${text}${marks.length > 0 ? `  [${marks.join("; ")}]` : ""}`;
        }),
      ];
    });
    for (const [id, steps] of Object.entries(r.repeatable)) lines.push(`${id}: repeatable (loops) ${steps.join(", ")}`);
    lines.push(...r.notes.map((n) => `note: ${n}`), `wrote ${proceduresFile} and ${notesFile}`);
    printText(lines.join("\n"));
  }
}

export function registerImportMarkdown(importCommand: Command): void {
  importCommand
    .command("markdown <file>")
    .description("a Markdown or plain-text numbered list (headings become sections / sub-procedures) → procedures.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--id <id>", "id of the main procedure (default: slug of the title)")
    .option("--json", "print a JSON summary")
    .action(async (file: string, o: { out: string; id?: string; json?: boolean }) => {
      await checkOutFolder(o.out);
      await writeImported(await readNumberedList(file, o.id !== undefined ? { id: o.id } : {}), o.out, o.json);
    });
}

export function registerImportProtocolsIo(importCommand: Command): void {
  importCommand
    .command("protocols-io <file>")
    .description("a protocols.io protocol JSON export (API v3 or v4) → procedures.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--id <id>", "id of the main procedure (default: protocols-io-<protocol id>)")
    .option("--json", "print a JSON summary")
    .action(async (file: string, o: { out: string; id?: string; json?: boolean }) => {
      await checkOutFolder(o.out);
      await writeImported(await readProtocolsIo(file, o.id !== undefined ? { id: o.id } : {}), o.out, o.json);
    });
}
