// Identifier schemas shared by every model: procedure ids, step ids, trace ids, and the two
// virtual nodes START and END that every graph script carries.
import { z } from "zod";

/** START and END are reserved: no written step may use these ids. */
export const START = "START";
export const END = "END";
export const RESERVED_STEP_IDS: readonly string[] = [START, END];

// NOTE: ids are opaque strings (users bring ids from protocols.io, XES, CaptainCook4D);
// we only forbid empty strings, control characters and absurd lengths.
const CONTROL = /[\u0000-\u001f\u007f]/;

export const IdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(256, "must be at most 256 characters")
  .refine((s) => !CONTROL.test(s), "must not contain control characters");

export const ProcedureIdSchema = IdSchema.describe("Procedure id, stable across versions");
export const StepIdSchema = IdSchema.describe("Step id, unique within a procedure version");
export const TraceIdSchema = IdSchema.describe("Trace id, unique within a procedure version");
export const VersionSchema = z.number().int().min(1).max(1_000_000).describe("Procedure version, 1-based");

export type ProcedureId = z.infer<typeof ProcedureIdSchema>;
export type StepId = z.infer<typeof StepIdSchema>;
export type Version = z.infer<typeof VersionSchema>;
