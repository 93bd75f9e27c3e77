// Perturbations of a step text used to measure grounding (issue 3, "Bar"): drop one word,
// shuffle the word order, change the inflection of one content word, or make one typo.
// Each takes a deterministic random source, so an evaluation is reproducible from its seed.
// Texts are split on whitespace; a perturbation that cannot apply returns the text unchanged.
import { isStopWord } from "./normalize-text.js";

export type Random = () => number;
export type PerturbationKind = "drop-word" | "shuffle" | "inflection" | "typo";
export const PERTURBATION_KINDS: readonly PerturbationKind[] = ["drop-word", "shuffle", "inflection", "typo"];


const pick = (n: number, rnd: Random): number => Math.floor(rnd() * n);
const bare = (w: string): string => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** Another inflection of an English word by suffix rules ("pour" → "pours"/"poured"/"pouring", "bananas" → "banana"). */
export function inflect(word: string, rnd: Random): string {
  const m = /^(.*?)([.,;:!?)]*)$/u.exec(word);
  const w = m?.[1] ?? word;
  const tail = m?.[2] ?? "";
  let out: string;
  if (/ies$/.test(w)) out = `${w.slice(0, -3)}y`;
  else if (/(ch|sh|x|o)es$/.test(w)) out = w.slice(0, -2);
  else if (/[^s]s$/.test(w)) out = w.slice(0, -1);
  else if (/ing$/.test(w) && w.length > 5) out = w.slice(0, -3);
  else if (/ed$/.test(w) && w.length > 4) out = `${w.slice(0, -2)}ing`;
  else if (/e$/.test(w)) out = rnd() < 0.5 ? `${w}d` : `${w}s`;
  else if (/[^aeiou]y$/.test(w)) out = `${w.slice(0, -1)}ies`;
  else {
    const suffixes = ["s", "ed", "ing"];
    out = `${w}${suffixes[pick(suffixes.length, rnd)] as string}`;
  }
  return `${out}${tail}`;
}

export function perturb(text: string, kind: PerturbationKind, rnd: Random): string {
  const ws = text.trim().split(/\s+/);
  switch (kind) {
    case "drop-word": {
      if (ws.length < 2) return text;
      ws.splice(pick(ws.length, rnd), 1);
      return ws.join(" ");
    }
    case "shuffle": {
      if (ws.length < 2) return text;
      const original = ws.join(" ");
      for (let attempt = 0; attempt < 10; attempt++) {
        for (let i = ws.length - 1; i > 0; i--) {
          const j = pick(i + 1, rnd);
          [ws[i], ws[j]] = [ws[j] as string, ws[i] as string];
        }
        if (ws.join(" ") !== original) break;
      }
      return ws.join(" ");
    }
    case "inflection": {
      const content = ws.map((w, i) => [w, i] as const).filter(([w]) => bare(w).length >= 3 && !isStopWord(bare(w)) && /\p{L}/u.test(w));
      if (content.length === 0) return text;
      const [w, i] = content[pick(content.length, rnd)] as readonly [string, number];
      ws[i] = inflect(w, rnd);
      return ws.join(" ");
    }
    case "typo": {
      const long = ws.map((w, i) => [w, i] as const).filter(([w]) => bare(w).length >= 5);
      if (long.length === 0) return text;
      const [w, i] = long[pick(long.length, rnd)] as readonly [string, number];
      // one edit strictly inside the word: swap two adjacent letters, delete, double or replace one
      const p = 1 + pick(w.length - 2, rnd);
      const letter = "abcdefghijklmnopqrstuvwxyz"[pick(26, rnd)] as string;
      const edits = [
        () => `${w.slice(0, p - 1)}${w[p]}${w[p - 1]}${w.slice(p + 1)}`,
        () => `${w.slice(0, p)}${w.slice(p + 1)}`,
        () => `${w.slice(0, p)}${w[p]}${w.slice(p)}`,
        () => `${w.slice(0, p)}${letter}${w.slice(p + 1)}`,
      ];
      ws[i] = (edits[pick(edits.length, rnd)] as () => string)();
      return ws.join(" ");
    }
  }
}
