// linkTerms: the index terms of a step text or goal title for link suggestion — lowercased,
// accents and apostrophes removed, split on anything that is not a letter or digit, English
// stop words dropped, Porter-stemmed ("Trimming your dog's nails" → ["trim", "dog", "nail"]).
// Assumes English text; other languages still tokenise but are neither stemmed nor stopped well.
import { stemmer } from "stemmer";

// NOTE: a short list on purpose: "make", "use", "get" stay, because goal titles are verb
// phrases and the verb carries meaning ("Make a Resume" vs "Read a Resume").
const STOP_WORDS = new Set(
  (
    "a an the and or but of to in on at for from by with as into onto about over under up out off " +
    "your you yours yourself yourselves my me i we our us it its this that these those is are be been being " +
    "was were am do does did so if then than there their they them he she his her him what which who whom " +
    "how when where why all any each some such no not only own same too very can will just should would " +
    "could may might must s t"
  ).split(" "),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Lowercased, accent-free words of `text`, apostrophes joined ("dog's" → "dogs"). */
export function linkWords(text: string): string[] {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/['\u2019]/g, "")
      .match(/[a-z0-9]+/g) ?? []
  );
}

/** Stemmed content terms of `text`, in order, repeats kept. */
export function linkTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of linkWords(text)) if (!STOP_WORDS.has(w)) out.push(stemmer(w));
  return out;
}
