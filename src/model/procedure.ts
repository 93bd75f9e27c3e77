// Procedure: a written procedure (numbered list) at one version, its steps in written order.
import { z } from "zod";
import { ProcedureIdSchema, RESERVED_STEP_IDS, StepIdSchema, VersionSchema } from "./ids.js";

export const MAX_STEP_TEXT = 100_000;

export const StepSchema = z
  .object({
    id: StepIdSchema,
    text: z.string().max(MAX_STEP_TEXT),
    /** Id of the procedure that details this step (a sub-procedure). */
    subprocedure: ProcedureIdSchema.optional(),
    /** Pin the sub-procedure link to one version; latest when absent. */
    subprocedureVersion: VersionSchema.optional(),
    /** Written as repeatable: the source loops back over it ("repeat steps 3-5", "go to step 2"). */
    repeatable: z.boolean().optional(),
    /** Written as optional ("(optional)" in a Markdown list): the step may be skipped, whatever the traces show. */
    optional: z.boolean().optional(),
  })
  .strict()
  .refine((s) => !RESERVED_STEP_IDS.includes(s.id), {
    message: `step id must not be one of the reserved ids ${RESERVED_STEP_IDS.join(", ")}`,
    path: ["id"],
  })
  .refine((s) => s.subprocedureVersion === undefined || s.subprocedure !== undefined, {
    message: "subprocedureVersion needs subprocedure",
    path: ["subprocedureVersion"],
  });

export const ProcedureSchema = z
  .object({
    id: ProcedureIdSchema,
    version: VersionSchema.default(1),
    title: z.string().min(1).max(1000),
    description: z.string().max(MAX_STEP_TEXT).optional(),
    /** Where the procedure came from (URL, file, dataset), free text. */
    source: z.string().max(2000).optional(),
    steps: z.array(StepSchema),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    p.steps.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `duplicate step id ${JSON.stringify(s.id)} (first at steps[${first}])`,
          path: ["steps", i, "id"],
        });
      } else seen.set(s.id, i);
      if (s.subprocedure === p.id && (s.subprocedureVersion === undefined || s.subprocedureVersion === p.version)) {
        ctx.addIssue({
          code: "custom",
          message: `step ${JSON.stringify(s.id)} links to its own procedure ${JSON.stringify(p.id)}`,
          path: ["steps", i, "subprocedure"],
        });
      }
    });
  });

/** A procedure as given by a user or a file: the version may be omitted (defaults to 1). */
export type ProcedureInput = z.input<typeof ProcedureSchema>;
export type Procedure = z.output<typeof ProcedureSchema>;
export type Step = z.output<typeof StepSchema>;
