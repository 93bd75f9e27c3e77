// What a procedure importer returns: the procedures (main first, then the sub-procedures its
// steps link to) and notes that the Procedure schema has no field for.
import type { Procedure } from "../../src/model/index.js";

export interface ImportedProcedures {
  procedures: Procedure[];
  /**
   * Per procedure id, the step ids that the text says to repeat ("repeat steps 3-5", "go to
   * step 2"): loops become repeatable steps, never cycles. Induction can mark them repeatable.
   */
  repeatable: Record<string, string[]>;
  /** Human-readable remarks (unlinked sections, loop references that name no step, ...). */
  notes: string[];
}
