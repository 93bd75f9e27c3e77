// Session: a live, online run of one procedure version, one step at a time.
import { z } from "zod";
import { IdSchema, ProcedureIdSchema, StepIdSchema, VersionSchema } from "./ids.js";

export const SessionSchema = z
  .object({
    id: IdSchema,
    procedure: ProcedureIdSchema,
    version: VersionSchema,
    /** Steps posted so far, in order (violating ones included, as they happened). */
    steps: z.array(StepIdSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .strict();

export type Session = z.infer<typeof SessionSchema>;
