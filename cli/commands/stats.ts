// `stepgraph stats --traces T [--procedure ID] [--json] [cut-off flags]`: the seed paper's two
// trace statistics (share of consecutive pairs also seen reversed; mean number of frequent next
// steps), overall and per procedure, with the cut-offs used. Streams the trace file.
import type { Command } from "commander";
import { readTracesFile } from "../../ingest/read-traces-file.js";
import { unreadableTraceFileError } from "../../ingest/files/read-grounded-traces.js";
import { TraceStatisticsAccumulator, type TraceStatisticsOptions } from "../../src/discovery/trace-statistics.js";
import { InvalidInputError, formatIssues, type InputIssue } from "../../src/errors.js";
import { eventStepId } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { readProgress } from "../progress.js";
import { addTraceFileFlags, traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";

export function registerStats(program: Command): void {
  const cmd = program
    .command("stats")
    .description("trace statistics: share of consecutive step pairs also seen reversed, mean number of frequent next steps")
    .requiredOption("--traces <file>", "traces: .jsonl, .csv or .xes (optionally .gz)");
  addTraceFileFlags(cmd)
    .option("--procedure <id>", "only the traces of this procedure")
    .option("--min-pair-count <n>", "a consecutive pair (and its reverse) counts when seen at least n times", "1")
    .option("--min-next-count <n>", "a next step is frequent when it follows at least n times", "1")
    .option("--min-next-share <x>", "...and takes at least this share of the step's outgoing transitions", "0.1")
    .option("--json", "print JSON")
    .action(async (o: TraceFileFlagValues & { traces: string; procedure?: string; minPairCount: string; minNextCount: string; minNextShare: string; json?: boolean }) => {
      const num = (flag: string, v: string): number => {
        const n = Number(v);
        if (v.trim() === "" || !Number.isFinite(n)) throw new InvalidInputError("invalid_option", `${flag} must be a number, got ${JSON.stringify(v)}`, [{ path: [flag], message: "must be a number" }]);
        return n;
      };
      const cutoffs: TraceStatisticsOptions = {
        minPairCount: num("--min-pair-count", o.minPairCount),
        minNextCount: num("--min-next-count", o.minNextCount),
        minNextShare: num("--min-next-share", o.minNextShare),
      };
      const progress = readProgress({ file: o.traces, enabled: o.json !== true });
      const readOptions = { ...traceFileOptionsFromFlags(o, o.procedure !== undefined ? { procedure: o.procedure } : {}), ...progress.readOptions };
      // One accumulator per procedure (step ids are only meaningful within one procedure) and one
      // over all of them, with step ids namespaced by procedure so equal ids of two never merge.
      const pooled = new TraceStatisticsAccumulator(cutoffs);
      const byProcedure = new Map<string, TraceStatisticsAccumulator>();
      const issues: InputIssue[] = [];
      for await (const r of readTracesFile(o.traces, readOptions)) {
        if (!r.ok) {
          if (r.fatal) throw unreadableTraceFileError(o.traces, r.issues[0]!);
          issues.push(...r.issues);
          continue;
        }
        progress.events(r.trace.steps.length);
        const p = r.trace.procedure;
        if (o.procedure !== undefined && p !== o.procedure) continue;
        const steps: string[] = [];
        r.trace.steps.forEach((e, i) => {
          const id = eventStepId(e);
          if (id === undefined) issues.push({ file: o.traces, line: r.line, path: ["steps", i], message: "free-text event: ground the trace first" });
          else steps.push(id);
        });
        if (issues.length > 0) continue;
        let acc = byProcedure.get(p);
        if (acc === undefined) byProcedure.set(p, (acc = new TraceStatisticsAccumulator(cutoffs)));
        acc.add(steps);
        pooled.add(steps.map((s) => `${p}\u0000${s}`));
      }
      progress.stop();
      if (issues.length > 0) throw new InvalidInputError("invalid_trace", `invalid traces in ${o.traces}:\n${formatIssues(issues)}`, issues);
      const overall = pooled.result();
      const procedures = [...byProcedure].map(([procedure, acc]) => ({ procedure, ...acc.result() }));
      const { cutoffs: used, ...figures } = overall;
      const result = { cutoffs: used, overall: figures, procedures: procedures.map(({ cutoffs: _c, ...rest }) => rest) };
      if (o.json) return printJson(result);
      printText(
        `${figures.traces} trace${figures.traces === 1 ? "" : "s"}, ${figures.events} events, ${procedures.length} procedure${procedures.length === 1 ? "" : "s"}\n` +
          `consecutive pairs also seen reversed: ${(100 * figures.reversedPairShare).toFixed(1)}% of ${figures.consecutivePairs} (pairs seen ≥ ${used.minPairCount}×)\n` +
          `frequent next steps per step: ${figures.meanFrequentNextSteps.toFixed(2)} over ${figures.steps} steps (next step seen ≥ ${used.minNextCount}× and ≥ ${used.minNextShare} of the step's transitions)`,
      );
    });
}
