// Text prior on step pairs: from the texts of a procedure's written steps, whether two steps
// look "parallel" (their order is likely a habit, not a constraint) or "related" (one works on
// what the other produced, so an order between them is likely real). Induction with
// `textPrior` (induce-options.ts) uses it to weigh how much direct-follow evidence a candidate
// edge needs (precedence-candidates.ts).
//
// Each text is read as an imperative: the first content word is the verb; the words after a
// destination preposition (to, into, in, on, onto, inside, over) up to "with"/"and" are the
// destination; the other content words are the object. Words are lower-cased, Porter-stemmed,
// English function words, numbers and measure units dropped (generic lists, below); an
// irregular "-ves" plural also counts as its singular ("leaves" meets "leaf").
// - parallel: same verb and no object word of one among the object or destination words of
//   the other (e.g. "Add 1 tsp salt to the bowl" / "Add 2 tbsp milk to the bowl": they share
//   only the destination);
// - related: one's object meets the other's object or destination, or one's verb is a word of
//   the other's object (e.g. "Add water to the bowl" / "Microwave the bowl"; "Peel the
//   cucumber" / "Grate the cucumber");
// - neutral otherwise (nothing in common, or a text with no words).
// Returns an n×n matrix over the given texts (symmetric: the relation ignores direction).
// NOTE: English only, and deliberately shallow (no parser, no verb lexicon): the first word of
// an imperative step is taken as its verb. Measured on CaptainCook4D in docs/results.md
// ("results-prediction"); it is an option, off by default, for procedures whose step texts
// are imperative sentences.
import { stemmer } from "stemmer";

export const PAIR_NEUTRAL = 0;
export const PAIR_PARALLEL = 1;
export const PAIR_RELATED = 2;
export type PairRelation = typeof PAIR_NEUTRAL | typeof PAIR_PARALLEL | typeof PAIR_RELATED;

// NOTE: short generic lists; content words (including verbs such as "add") stay.
const STOP_WORDS = new Set(
  (
    "a an the and or but if then of to in into on onto inside over at by for from with without as is are be been " +
    "it its this that these those your you yours my our their his her them they we i me some any all each " +
    "up down out off until till so than too very just about while once also there here more less few"
  ).split(" "),
);
const DESTINATION = new Set(["to", "into", "in", "on", "onto", "inside", "over"]);
const CLAUSE_BREAK = new Set(["with", "and"]);
const UNITS = new Set(
  (
    "tsp tbsp teaspoon teaspoons tablespoon tablespoons cup cups ml l litre litres liter liters g mg kg gram grams " +
    "oz ounce ounces lb lbs pound pounds inch inches cm mm minute minutes min mins second seconds sec secs hour hours h"
  ).split(" "),
);

export interface StepTextRoles {
  verb: string;
  object: ReadonlySet<string>;
  destination: ReadonlySet<string>;
}

/** The verb, object and destination stems of one step text (see the header). */
export function stepTextRoles(text: string): StepTextRoles {
  const all = text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const ws = all.filter((w) => !/\p{N}/u.test(w));
  let i = 0;
  while (i < ws.length && (STOP_WORDS.has(ws[i]!) || UNITS.has(ws[i]!))) i++;
  const verb = i < ws.length ? stemmer(ws[i]!) : "";
  const object = new Set<string>();
  const destination = new Set<string>();
  let inDestination = false;
  for (const w of ws.slice(i + 1)) {
    if (DESTINATION.has(w)) {
      inDestination = true;
      continue;
    }
    if (CLAUSE_BREAK.has(w)) {
      inDestination = false;
      continue;
    }
    if (STOP_WORDS.has(w) || UNITS.has(w)) continue;
    const target = inDestination ? destination : object;
    for (const s of wordStems(w)) if (s !== verb) target.add(s);
  }
  return { verb, object, destination };
}

/** Porter stem of a word, plus the stems of its singular when it is an irregular "-ves" plural. */
function wordStems(w: string): string[] {
  const out = [stemmer(w)];
  if (w.length > 4 && w.endsWith("ves")) out.push(stemmer(`${w.slice(0, -3)}f`), stemmer(`${w.slice(0, -3)}fe`));
  return out;
}

function meets(x: ReadonlySet<string>, y: ReadonlySet<string>): boolean {
  for (const w of x) if (y.has(w)) return true;
  return false;
}

/** The relation of two analysed step texts (see the header). */
export function pairRelation(a: StepTextRoles, b: StepTextRoles): PairRelation {
  if (a.verb === "" || b.verb === "") return PAIR_NEUTRAL;
  const objectMeets =
    meets(a.object, b.object) ||
    meets(a.object, b.destination) ||
    meets(a.destination, b.object) ||
    a.object.has(b.verb) ||
    b.object.has(a.verb);
  if (objectMeets) return PAIR_RELATED;
  if (a.verb === b.verb) return PAIR_PARALLEL;
  return PAIR_NEUTRAL;
}

/** Row-major n×n relations of the given step texts (diagonal neutral). */
export function textPrior(texts: readonly string[]): Uint8Array {
  const n = texts.length;
  const roles = texts.map(stepTextRoles);
  const out = new Uint8Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const r = pairRelation(roles[a]!, roles[b]!);
      out[a * n + b] = r;
      out[b * n + a] = r;
    }
  return out;
}
