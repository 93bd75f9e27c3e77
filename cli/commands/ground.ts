// `stepgraph ground --procedures P (--events E | --text T) [--id ID] [--json]`: matches free-text
// events to the steps of a written procedure (src/grounding/ground.ts) and shows the matches.
// E is either a plain text file, one event per line, or a trace file (.jsonl, .csv, .xes[.gz])
// whose text events (and labels that are not step ids) are grounded trace by trace; an event
// that writes a step number ("3", "#3", "step 3") names that written step (written-number.ts); with --out
// the grounded traces are written as JSONL. An event below the threshold is listed as unknown
// with its best candidates, never guessed. Needs no traces: the written steps suffice.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { readTracesFile, traceFileFormat, type ReadTracesFileOptions } from "../../ingest/read-traces-file.js";
import { writeTracesFile } from "../../ingest/files/write-output.js";
import { invalidTracesError } from "../../ingest/files/collect-traces.js";
import { createGrounder, GROUNDING_DEFAULTS, groundTrace, type Grounder, type GroundingResult, type UnknownEvent } from "../../src/grounding/ground.js";
import { writtenNumberOf } from "../../src/grounding/written-number.js";
import { InvalidInputError, type InputIssue } from "../../src/errors.js";
import type { GroundedTrace, Procedure } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { readProgress } from "../progress.js";
import { addTraceFileFlags, traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";
import { addProceduresFileFlag, proceduresFileFrom, type ProceduresFileFlagValues } from "./procedures-file-flag.js";

interface GroundOptions extends TraceFileFlagValues, ProceduresFileFlagValues {
  id?: string;
  events?: string;
  text?: string[];
  threshold?: string;
  margin?: string;
  candidates?: string;
  out?: string;
  json?: boolean;
}

function numberOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new InvalidInputError("invalid_option", `${name} must be a number in [${min}, ${max}], got ${JSON.stringify(value)}`, [{ path: [name], message: "out of range" }]);
  }
  return n;
}

function isTraceFile(file: string): boolean {
  try {
    traceFileFormat(file);
    return true;
  } catch {
    return false;
  }
}

function describe(r: GroundingResult & { writtenNumber?: number }): string {
  const cands = r.candidates.map((c) => `${c.step} ${c.score.toFixed(2)}`).join(", ");
  if (r.writtenNumber !== undefined) return `→ ${r.step} (written step ${r.writtenNumber})`;
  return r.accepted ? `→ ${r.step} (${r.score.toFixed(2)})` : `→ unknown (best: ${cands || "none"})`;
}

/** A written step number names that step (as in trace files, written-number.ts); any other text is grounded. */
function groundOne(g: Grounder, text: string): GroundingResult & { writtenNumber?: number } {
  const step = g.byWrittenNumber(text);
  return step === undefined ? g.ground(text) : { step, score: 1, accepted: true, candidates: [], writtenNumber: writtenNumberOf(text)! };
}

export function registerGround(program: Command): void {
  const cmd = addProceduresFileFlag(
    program.command("ground").description("match free-text events to the steps of a written procedure, with scores"),
    "procedures JSON (one object or an array; required)",
  )
    .option("--id <id>", "which procedure of --procedures (needed for text events when it holds several)")
    .option("--events <file>", "plain text (one event per line) or a trace file (.jsonl, .csv, .xes[.gz])")
    .option("--text <text...>", "event texts given on the command line")
    .option("--threshold <score>", `minimum score to accept a step (default ${GROUNDING_DEFAULTS.threshold})`)
    .option("--margin <score>", `minimum lead over the runner-up (default ${GROUNDING_DEFAULTS.margin})`)
    .option("--candidates <k>", `candidates shown per event (default ${GROUNDING_DEFAULTS.candidates})`)
    .option("--out <file>", "trace files: write the grounded traces here (JSONL)")
    .option("--json", "print one JSON document");
  addTraceFileFlags(cmd).action(async (o: GroundOptions) => {
      const fileOptions = traceFileOptionsFromFlags(o); // bad flags fail before any file is read
      if ((o.events === undefined) === (o.text === undefined)) {
        throw new InvalidInputError("invalid_option", "give exactly one of --events FILE or --text TEXT...", [{ path: ["--events"], message: "missing or both given" }]);
      }
      const grounding = {
        ...(o.threshold !== undefined ? { threshold: numberOption("--threshold", o.threshold, 0, 1) as number } : {}),
        ...(o.margin !== undefined ? { margin: numberOption("--margin", o.margin, 0, 1) as number } : {}),
        ...(o.candidates !== undefined ? { candidates: numberOption("--candidates", o.candidates, 1, 100) as number } : {}),
      };
      const proceduresFile = proceduresFileFrom(o, true);
      const procedures = await readProcedures(proceduresFile);
      const latest = new Map<string, Procedure>();
      for (const p of procedures) if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
      const grounders = new Map<Procedure, Grounder>();
      const grounderOf = (p: Procedure): Grounder => {
        let g = grounders.get(p);
        if (!g) grounders.set(p, (g = createGrounder(p, grounding)));
        return g;
      };
      const chosen = (): Procedure => {
        const p = o.id !== undefined ? latest.get(o.id) : latest.size === 1 ? [...latest.values()][0] : undefined;
        if (p) return p;
        const ids = [...latest.keys()].map((s) => JSON.stringify(s)).join(", ");
        throw new InvalidInputError(
          o.id !== undefined ? "unknown_procedure" : "ambiguous_procedure",
          o.id !== undefined ? `${proceduresFile}: no procedure ${JSON.stringify(o.id)} (has ${ids})` : `${proceduresFile} holds several procedures (${ids}): choose one with --id`,
          [{ file: proceduresFile, path: ["id"], message: "choose one procedure" }],
        );
      };

      // Free-text events: --text, or a plain text file with one event per line.
      if (o.text !== undefined || (o.events !== undefined && o.format === undefined && !isTraceFile(o.events))) {
        const p = chosen();
        const g = grounderOf(p);
        const items: { line?: number; text: string }[] = [];
        if (o.text !== undefined) items.push(...o.text.map((text) => ({ text })));
        else {
          let line = 0;
          for await (const raw of createInterface({ input: createReadStream(o.events as string), crlfDelay: Infinity })) {
            line++;
            if (raw.trim() !== "") items.push({ line, text: raw.trim() });
          }
        }
        const results = items.map((it) => ({ ...it, ...groundOne(g, it.text) }));
        const unknown = results.filter((r) => !r.accepted).length;
        if (o.json) printJson({ procedure: p.id, version: p.version, events: results.length, grounded: results.length - unknown, unknown, results });
        else {
          printText(results.map((r) => `${r.line !== undefined ? `${r.line}: ` : ""}${JSON.stringify(r.text)} ${describe(r)}`).join("\n") || "(no events)");
          printText(`${results.length - unknown} of ${results.length} events grounded to ${p.id}@${p.version}; ${unknown} unknown`);
        }
        return;
      }

      // Trace files: ground each trace against its own procedure.
      const file = o.events as string;
      const progress = readProgress({ file, enabled: o.json !== true, label: "grounding" });
      const readOptions: ReadTracesFileOptions = { ...fileOptions, ...progress.readOptions };
      if (o.id !== undefined) readOptions.procedure = o.id;
      else if (latest.size === 1) readOptions.procedure = [...latest.keys()][0] as string;
      const traces: GroundedTrace[] = [];
      const unknown: (UnknownEvent & { trace: string; line: number })[] = [];
      const bad: { line: number; issues: InputIssue[] }[] = [];
      for await (const r of readTracesFile(file, readOptions)) {
        if (r.ok) progress.events(r.trace.steps.length);
        if (!r.ok) {
          bad.push(r);
          continue;
        }
        const p = r.trace.version !== undefined ? procedures.find((q) => q.id === r.trace.procedure && q.version === r.trace.version) : latest.get(r.trace.procedure);
        if (!p) {
          const v = r.trace.version !== undefined ? `@${r.trace.version}` : "";
          bad.push({ line: r.line, issues: [{ file, line: r.line, path: ["procedure"], message: `unknown procedure ${JSON.stringify(`${r.trace.procedure}${v}`)} (not in ${proceduresFile})` }] });
          continue;
        }
        const g = groundTrace(grounderOf(p), r.trace);
        traces.push(g.trace);
        unknown.push(...g.unknown.map((u) => ({ trace: r.trace.id, line: r.line, ...u })));
      }
      progress.stop();
      if (bad.length > 0) throw invalidTracesError(file, bad);
      if (o.out !== undefined) await writeTracesFile(o.out, traces);
      const events = traces.reduce((n, t) => n + t.steps.length, 0);
      const summary = { traces: traces.length, groundedEvents: events, unknownEvents: unknown.length, ...(o.out !== undefined ? { out: o.out } : {}) };
      if (o.json) printJson({ ...summary, unknown, ...(o.out === undefined ? { groundedTraces: traces } : {}) });
      else {
        for (const u of unknown.slice(0, 100)) {
          printText(`${file}:${u.line}: trace ${JSON.stringify(u.trace)} event ${u.index} ${JSON.stringify(u.text)} → unknown (best: ${u.candidates.map((c) => `${c.step} ${c.score.toFixed(2)}`).join(", ") || "none"})`);
        }
        if (unknown.length > 100) printText(`(and ${unknown.length - 100} more unknown events)`);
        printText(`${summary.traces} traces, ${events} events grounded, ${unknown.length} unknown${o.out !== undefined ? `; wrote ${o.out}` : ""}`);
      }
    });
}
