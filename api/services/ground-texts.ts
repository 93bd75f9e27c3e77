// Grounds a list of pasted items (what a person types or copies when checking a run) to the
// steps of one procedure version. Returns one result per item, in order:
// - "id": the item is a step id (exactly, or ignoring case when that names one step only);
// - "number": the item is a written step number, 1-based ("3", "3.", "step 3", "#3";
//   src/grounding/written-number.ts);
// - "text": the item's words ground to a step with src/grounding (stemmed, IDF-weighted word
//   overlap with typo tolerance, the same grounder as free-text trace events), after a leading
//   "3. " numbering is stripped; paraphrases that keep the step's telling words are found;
// - "none": nothing is confident enough; `candidates` lists the closest steps.
// An item that is both an id and a number is read as the id. Nothing is guessed: an item that
// does not ground is reported as "none", never dropped.
import { createGrounder, type Grounder } from "../../src/grounding/ground.js";
import { writtenNumberOf } from "../../src/grounding/written-number.js";
import type { Procedure } from "../../src/model/index.js";

export interface GroundedText {
  text: string;
  match: "id" | "number" | "text" | "none";
  step?: string;
  score: number;
  candidates: { step: string; score: number }[];
}

interface ProcedureIndex {
  grounder: Grounder;
  ids: Set<string>;
  byLowerId: Map<string, string | null>;
}

// Procedure versions are immutable and the API caches their objects: index each once.
const indexes = new WeakMap<Procedure, ProcedureIndex>();

function indexOf(procedure: Procedure): ProcedureIndex {
  let index = indexes.get(procedure);
  if (index === undefined) {
    const byLowerId = new Map<string, string | null>();
    for (const s of procedure.steps) {
      const key = s.id.toLowerCase();
      byLowerId.set(key, byLowerId.has(key) ? null : s.id);
    }
    index = { grounder: createGrounder(procedure), ids: new Set(procedure.steps.map((s) => s.id)), byLowerId };
    indexes.set(procedure, index);
  }
  return index;
}

const NUMBERING = /^\d{1,6}[.)]\s+(?=\S)/;

export function groundTexts(procedure: Procedure, texts: readonly string[]): GroundedText[] {
  const index = indexOf(procedure);
  return texts.map((text) => {
    const item = text.replace(/\s+/g, " ").trim();
    if (index.ids.has(item)) return { text, match: "id", step: item, score: 1, candidates: [] };
    const sameId = index.byLowerId.get(item.toLowerCase());
    if (sameId) return { text, match: "id", step: sameId, score: 1, candidates: [] };
    const n = writtenNumberOf(item);
    if (n !== undefined) {
      const step = procedure.steps[n - 1];
      if (step !== undefined) return { text, match: "number", step: step.id, score: 1, candidates: [] };
    }
    const words = item.replace(NUMBERING, "");
    if (words === "") return { text, match: "none", score: 0, candidates: [] };
    const r = index.grounder.ground(words);
    if (r.accepted && r.step !== undefined) return { text, match: "text", step: r.step, score: r.score, candidates: r.candidates };
    return { text, match: "none", score: r.score, candidates: r.candidates };
  });
}
