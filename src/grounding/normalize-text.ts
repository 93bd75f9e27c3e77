// Normalises free text for lexical matching: lower-cased Unicode words (letters and digits),
// English stop words removed, each word reduced to its Porter stem (so "pouring", "poured" and
// "pours" all become "pour"). `normalizeText` returns the distinct stems in order of first
// appearance; when a text holds only stop words, they are kept (so "Is it?" still has tokens).
// `tokenize` adds, per stem, the other stems the word may have: Porter's stem of an inflected
// form sometimes differs from its base's ("added" → "ad" but "add" → "add"; "fried" → "fri"
// but "fry" → "fry"), so the forms of a word also hold the stems of the word with its suffix
// undone (base of at least 3 letters), and two words match when their forms intersect.
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

export interface Token {
  stem: string;
  /** The stem first, then the stems of the word with an inflection suffix undone. */
  forms: string[];
}

function forms(word: string): string[] {
  const out = [stemmer(word)];
  const add = (base: string): void => {
    if (base.length >= 3) out.push(stemmer(base));
  };
  if (word.endsWith("ied")) add(`${word.slice(0, -3)}y`);
  if (word.endsWith("ed")) {
    add(word.slice(0, -2));
    add(word.slice(0, -1));
  }
  if (word.endsWith("ing")) {
    add(word.slice(0, -3));
    add(`${word.slice(0, -3)}e`);
  }
  if (word.endsWith("es")) add(word.slice(0, -2));
  else if (word.endsWith("s") && !word.endsWith("ss")) add(word.slice(0, -1));
  return [...new Set(out)];
}

export function tokenize(text: string): Token[] {
  const all = words(text);
  const content = all.filter((w) => !STOP_WORDS.has(w));
  const kept = content.length > 0 ? content : all;
  const byStem = new Map<string, Token>();
  for (const w of kept) {
    const f = forms(w);
    const stem = f[0] as string;
    const existing = byStem.get(stem);
    if (existing) existing.forms = [...new Set([...existing.forms, ...f])];
    else byStem.set(stem, { stem, forms: f });
  }
  return [...byStem.values()];
}

export function normalizeText(text: string): string[] {
  return tokenize(text).map((t) => t.stem);
}
