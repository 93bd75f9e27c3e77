// Grounds a batch of API traces to step ids of one procedure version: step ids and step
// events must name a step of the version (of a log-only procedure, with no written steps: any
// step id, since its steps come from its traces); free-text events are read as written step
// numbers ({"text": "3"}: the third written step, src/grounding/written-number.ts) or grounded
// with src/grounding (one grounder per batch, built only when a text event needs it).
// Returns the grounded traces and, per text event, the step it was grounded to with its
// score; throws unknown_step or unknown_events (422) naming every bad event, so a batch is
// accepted whole or not at all.
import type { Procedure, TraceEvent } from "../../src/model/index.js";
import { eventStepId } from "../../src/model/index.js";
import { createGrounder } from "../../src/grounding/ground.js";
import { writtenNumberHint, writtenNumberReader } from "../../src/grounding/written-number.js";
import { ApiError } from "../errors.js";

export interface GroundedEvent {
  trace: string;
  index: number;
  text: string;
  step: string;
  score: number;
}

export function groundBatch(
  procedure: Procedure,
  traces: readonly { id: string; steps: readonly TraceEvent[] }[],
): { traces: { id: string; steps: string[] }[]; grounded: GroundedEvent[] } {
  const stepIds = new Set(procedure.steps.map((s) => s.id));
  const written = procedure.steps.map((s) => s.id);
  const byWrittenNumber = writtenNumberReader(written);
  const logOnly = procedure.steps.length === 0;
  const unknownSteps: { path: string; message: string }[] = [];
  const unknownTexts: { path: string; message: string }[] = [];
  const grounded: GroundedEvent[] = [];
  let grounder: ReturnType<typeof createGrounder> | undefined;
  const seen = new Map<string, number>();
  const out = traces.map((t, i) => {
    const first = seen.get(t.id);
    if (first !== undefined) {
      throw new ApiError("duplicate_trace", `trace id ${JSON.stringify(t.id)} appears twice in the batch (traces ${first} and ${i})`, [
        { path: `body.traces.${i}.id`, message: `duplicate of body.traces.${first}.id` },
      ]);
    }
    seen.set(t.id, i);
    const steps = t.steps.map((e, j) => {
      const id = eventStepId(e);
      if (id !== undefined) {
        if (!logOnly && !stepIds.has(id)) {
          const hint = writtenNumberHint(id, written, `send {"text": ${JSON.stringify(id)}} to name a step by its written number`);
          unknownSteps.push({
            path: `body.traces.${i}.steps.${j}`,
            message: `${JSON.stringify(id)} is not a step of ${JSON.stringify(procedure.id)} version ${procedure.version}${hint === "" ? "" : ` (${hint})`}`,
          });
        }
        return id;
      }
      const text = (e as { text: string }).text;
      if (logOnly) {
        unknownTexts.push({
          path: `body.traces.${i}.steps.${j}`,
          message: `${JSON.stringify(text)}: procedure ${JSON.stringify(procedure.id)} is log-only (no written steps to match text to); send its step names`,
        });
        return "";
      }
      const numbered = byWrittenNumber(text);
      if (numbered !== undefined) {
        grounded.push({ trace: t.id, index: j, text, step: numbered, score: 1 });
        return numbered;
      }
      grounder ??= createGrounder(procedure);
      const r = grounder.ground(text);
      if (!r.accepted || r.step === undefined) {
        const best = r.candidates
          .slice(0, 3)
          .map((c) => `${JSON.stringify(c.step)} (${c.score.toFixed(2)})`)
          .join(", ");
        unknownTexts.push({
          path: `body.traces.${i}.steps.${j}`,
          message: `${JSON.stringify(text)} matches no step confidently${best ? `; closest: ${best}` : ""}`,
        });
        return "";
      }
      grounded.push({ trace: t.id, index: j, text, step: r.step, score: r.score });
      return r.step;
    });
    return { id: t.id, steps };
  });
  if (unknownSteps.length > 0) {
    throw new ApiError("unknown_step", `${unknownSteps.length} event(s) name no step of the procedure: ${unknownSteps[0]!.message}`, [
      ...unknownSteps,
      ...unknownTexts,
    ]);
  }
  if (unknownTexts.length > 0) {
    throw new ApiError("unknown_events", `${unknownTexts.length} free-text event(s) could not be grounded: ${unknownTexts[0]!.message}`, unknownTexts);
  }
  return { traces: out, grounded };
}
