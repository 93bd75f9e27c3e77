// Normalises free text for lexical matching: lower-cased Unicode words (letters and digits),
// English stop words removed, each word reduced to its Porter stem (so "pouring", "poured" and
// "pours" all become "pour"). Returns the distinct stems in order of first appearance; when a
// text holds only stop words, they are kept (so "Do it" still has tokens).
import { stemmer } from "stemmer";

// NOTE: a short list of function words only; content words such as "add" or "put" stay,
// because in procedures they often are what tells two steps apart.
const STOP_WORDS = new Set(
  (
    "a an the and or but if then of to in into on onto at by for from with without as is are be been " +
    "it its this that these those your you yours my our their his her them they we i me some any all " +
    "up down out over off until till so than too very just about while once also there here"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+/gu;

export function words(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(WORD) ?? [];
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

export function normalizeText(text: string): string[] {
  const all = words(text);
  const content = all.filter((w) => !STOP_WORDS.has(w));
  const kept = content.length > 0 ? content : all;
  return [...new Set(kept.map((w) => stemmer(w)))];
}
