// Trace: one observed execution of one procedure version, as an ordered list of events.
// An event is a step id, a step id with times, or a free-text observation that must be
// grounded to a step id (src/grounding) before the engine can use it.
import { z } from "zod";
import { ProcedureIdSchema, StepIdSchema, TraceIdSchema, VersionSchema } from "./ids.js";

/** ISO 8601 date-time string or seconds (a number), as logs and videos give them. */
export const TimeSchema = z.union([z.number().finite(), z.string().min(1).max(64)]);

export const StepEventSchema = z
  .object({ step: StepIdSchema, start: TimeSchema.optional(), end: TimeSchema.optional() })
  .strict();
export const TextEventSchema = z
  .object({ text: z.string().min(1).max(10_000), start: TimeSchema.optional(), end: TimeSchema.optional() })
  .strict();
export const TraceEventSchema = z.union([StepIdSchema, StepEventSchema, TextEventSchema]);

export const TraceSchema = z
  .object({
    id: TraceIdSchema,
    procedure: ProcedureIdSchema,
    /** Procedure version the trace belongs to; the latest when absent on input. */
    version: VersionSchema.optional(),
    steps: z.array(TraceEventSchema),
  })
  .strict();

/** A trace whose events are all step ids: what induction and the queries consume. */
export const GroundedTraceSchema = z
  .object({
    id: TraceIdSchema,
    procedure: ProcedureIdSchema,
    version: VersionSchema.optional(),
    steps: z.array(StepIdSchema),
  })
  .strict();

export type TraceEvent = z.infer<typeof TraceEventSchema>;
export type StepEvent = z.infer<typeof StepEventSchema>;
export type TextEvent = z.infer<typeof TextEventSchema>;
export type Trace = z.infer<typeof TraceSchema>;
export type GroundedTrace = z.infer<typeof GroundedTraceSchema>;

/** Step id of an event that is not free text; undefined for a text event. */
export function eventStepId(e: TraceEvent): string | undefined {
  if (typeof e === "string") return e;
  return "step" in e ? e.step : undefined;
}
