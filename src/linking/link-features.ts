// linkFeatures: for one step text, the candidate goals and, for each, a feature vector in LINK_FEATURES
// order, every feature scaled to [0, 1]. `buildLinkIndex` prepares the indexes once.
// Assumes goal titles are short verb phrases (wikiHow style) and examples are step texts that
// already link to the goal. Candidates: goals sharing a term with the text through their title
// or an example, a title term the text's terms are associated with, or a 6-letter word prefix.
// NOTE: `exclude` leaves one example out (leave-one-out), so weights can be learned on the
// examples themselves without a goal "seeing" the step being scored.
import { isStopWord, linkTerms, linkWords } from "./link-terms.js";
import { countTerms, TermIndex } from "./term-index.js";
import { stemmer } from "stemmer";

export const LINK_FEATURES = [
  /** BM25 of the text against the title, divided by the text's largest possible score. */
  "titleBm25",
  /** Cosine of log-tf·idf vectors, text vs title. */
  "titleCosine",
  /** idf-weighted share of the title's terms that occur in the text. */
  "titleCoverage",
  /** Share of the title's content words sharing a long prefix (≥ 3 letters and 80% of the shorter
   * word) with a word of the text: unstemmed near-matches ("freestyling" ~ "freestyle"). */
  "fuzzyCoverage",
  /** 1 when the first word of text and title have the same stem (both are verb phrases). */
  "verbMatch",
  /** Highest cosine between the text and one example step of the goal. */
  "exampleMax",
  /** Sum of the three highest example cosines, divided by 3. */
  "exampleTop3",
  /** ln(1 + examples) / ln(1 + most examples of any goal). */
  "popularity",
  /** idf-weighted share of the text's terms that occur in the title. */
  "textCoverage",
  /** Jaccard of all stemmed words, stop words included ("Respect yourself" = "Respect Yourself"). */
  "wordJaccard",
  /** 1 / number of title terms (lets the combination prefer short or long titles). */
  "titleBrevity",
  /** idf-weighted mean over title terms of 1 when in the text, else the best P(title term | text term)
   * learned from the examples' links (a soft titleCoverage that knows "cop" → "police"). */
  "translation",
  /** Cosine between the text and the sum of the goal's example vectors (Rocchio centroid). */
  "exampleCentroid",
] as const;
export type LinkFeature = (typeof LINK_FEATURES)[number];

export interface LinkGoalInput {
  id: string;
  title: string;
  examples?: readonly string[] | undefined;
}

export interface LinkIndex {
  goals: readonly LinkGoalInput[];
  titleIndex: TermIndex;
  titleTerms: string[][];
  titleTermIdf: number[];
  titleVerb: (string | undefined)[];
  exampleIndex: TermIndex;
  /** Goal index of each example. */
  exampleGoal: number[];
  exampleCount: number[];
  maxExampleCount: number;
  /** Stemmed words (stop words kept) of each title, for wordJaccard. */
  titleWordSets: Set<string>[];
  /** Content words (not stemmed, ≥ 3 letters) of each title, for fuzzyCoverage. */
  titleFuzzyWords: string[][];
  /** Goals with a title word starting with this PREFIX-letter prefix (candidates by near-match). */
  prefixGoals: Map<string, number[]>;
  /** |Σ of the goal's unit example vectors|² (the centroid's squared norm). */
  centroidNormSq: number[];
  /** Per example: its unit vector's dot with its goal's centroid, and its squared norm (1, or 0 when empty). */
  exampleCentroidDot: number[];
  exampleNormSq: number[];
  /** Term sets of each example, for leave-one-out corrections. */
  exampleTermSets: Set<string>[];
  /** Examples containing a term (denominator of P(t | s)). */
  termExamples: Map<string, number>;
  /** co[s][t]: examples containing s whose goal title contains t. */
  co: Map<string, Map<string, number>>;
}

const K1 = 1.2;

export function buildLinkIndex(goals: readonly LinkGoalInput[]): LinkIndex {
  const titleTerms = goals.map((g) => linkTerms(g.title));
  const titleIndex = new TermIndex(titleTerms);
  const exampleTerms: string[][] = [];
  const exampleGoal: number[] = [];
  const exampleCount = goals.map((g, i) => {
    for (const e of g.examples ?? []) {
      exampleTerms.push(linkTerms(e));
      exampleGoal.push(i);
    }
    return g.examples?.length ?? 0;
  });
  const exampleIndex = new TermIndex(exampleTerms);
  return {
    goals,
    titleIndex,
    titleTerms,
    titleTermIdf: titleTerms.map((ts) => [...new Set(ts)].reduce((s, t) => s + titleIndex.idf(t), 0)),
    titleVerb: goals.map((g) => firstStem(g.title)),
    exampleIndex,
    exampleGoal,
    exampleCount,
    maxExampleCount: exampleCount.reduce((a, b) => Math.max(a, b), 1),
    titleWordSets: goals.map((g) => new Set(linkWords(g.title).map(stemmer))),
    titleFuzzyWords: goals.map((g) => linkWords(g.title).filter((w) => w.length >= 3 && !isStopWord(w))),
    prefixGoals: prefixIndex(goals),
    ...translationCounts(exampleTerms, exampleGoal, titleTerms),
    ...centroids(exampleTerms, exampleGoal, goals.length, exampleIndex),
  };
}

/** Centroid norms of each goal's examples and each example's share, for exampleCentroid (leave-one-out too). */
function centroids(exampleTerms: string[][], exampleGoal: number[], goalCount: number, index: TermIndex) {
  const vectors = exampleTerms.map((terms) => {
    const v = new Map<string, number>();
    for (const [t, n] of countTerms(terms)) v.set(t, (1 + Math.log(n)) * index.idf(t));
    let norm = 0;
    for (const x of v.values()) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, x] of v) v.set(t, x / norm);
    return { v, normSq: norm > 0 ? 1 : 0 };
  });
  const sums: Map<string, number>[] = Array.from({ length: goalCount }, () => new Map());
  vectors.forEach(({ v }, e) => {
    const sum = sums[exampleGoal[e]!]!;
    for (const [t, x] of v) sum.set(t, (sum.get(t) ?? 0) + x);
  });
  const centroidNormSq = sums.map((sum) => {
    let n = 0;
    for (const x of sum.values()) n += x * x;
    return n;
  });
  const exampleCentroidDot = vectors.map(({ v }, e) => {
    const sum = sums[exampleGoal[e]!]!;
    let d = 0;
    for (const [t, x] of v) d += x * (sum.get(t) ?? 0);
    return d;
  });
  return { centroidNormSq, exampleCentroidDot, exampleNormSq: vectors.map((x) => x.normSq) };
}

/** Near-matches ("charisma" ~ "charismatic") bring in candidates through a shared prefix of this length. */
const PREFIX = 6;

function prefixIndex(goals: readonly LinkGoalInput[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  goals.forEach((g, i) => {
    for (const w of new Set(linkWords(g.title))) {
      if (w.length < PREFIX || isStopWord(w)) continue;
      const key = w.slice(0, PREFIX);
      let list = m.get(key);
      if (!list) m.set(key, (list = []));
      if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return m;
}

function translationCounts(exampleTerms: string[][], exampleGoal: number[], titleTerms: string[][]) {
  const exampleTermSets = exampleTerms.map((ts) => new Set(ts));
  const termExamples = new Map<string, number>();
  const co = new Map<string, Map<string, number>>();
  exampleTermSets.forEach((S, e) => {
    const T = new Set(titleTerms[exampleGoal[e]!]!);
    for (const s of S) {
      termExamples.set(s, (termExamples.get(s) ?? 0) + 1);
      let row = co.get(s);
      if (!row) co.set(s, (row = new Map()));
      for (const t of T) row.set(t, (row.get(t) ?? 0) + 1);
    }
  });
  return { exampleTermSets, termExamples, co };
}

/** Smoothing of P(t | s) = co / (examples with s + ALPHA): rare words do not translate confidently. */
const ALPHA = 2;
/** Title terms a text term translates to with at least this probability bring in candidates. */
const EXPAND_MIN_P = 0.1;

export interface LinkCandidateFeatures {
  goal: number;
  features: number[];
}

export function linkFeatures(index: LinkIndex, text: string, options: { exclude?: number } = {}): LinkCandidateFeatures[] {
  const terms = linkTerms(text);
  const termSet = new Set(terms);
  const words = linkWords(text);
  const verb = firstStem(text);
  let maxBm25 = 0;
  for (const t of termSet) maxBm25 += index.titleIndex.idf(t) * (K1 + 1);
  const bm25 = index.titleIndex.bm25(terms, { k1: K1, b: 0.75 });
  const cos = index.titleIndex.cosine(terms);
  const exampleCos = index.exampleIndex.cosine(terms);
  const perGoal = new Map<number, number[]>();
  for (const [ex, c] of exampleCos) {
    if (ex === options.exclude) continue;
    const g = index.exampleGoal[ex]!;
    let list = perGoal.get(g);
    if (!list) perGoal.set(g, (list = []));
    list.push(c);
  }
  const excludedGoal = options.exclude === undefined ? undefined : index.exampleGoal[options.exclude];
  // Translation table for this text (leave-one-out corrected).
  const exTerms = options.exclude === undefined ? undefined : index.exampleTermSets[options.exclude];
  const exTitle = excludedGoalTitle(index, options.exclude);
  const trans = new Map<string, number>(); // t -> max_s P(t|s)
  for (const s of termSet) {
    const row = index.co.get(s);
    if (!row) continue;
    const own = exTerms?.has(s) ? 1 : 0;
    const denom = (index.termExamples.get(s) ?? 0) - own + ALPHA;
    for (const [t, c0] of row) {
      const c = c0 - (own && exTitle?.has(t) ? 1 : 0);
      if (c <= 0) continue;
      const p = c / denom;
      if (p > (trans.get(t) ?? 0)) trans.set(t, p);
    }
  }
  const candidates = new Set<number>([...bm25.keys(), ...perGoal.keys()]);
  for (const [t, p] of trans) if (p >= EXPAND_MIN_P) for (const g of index.titleIndex.docsWith(t)) candidates.add(g);
  for (const w of words) if (w.length >= PREFIX) for (const g of index.prefixGoals.get(w.slice(0, PREFIX)) ?? []) candidates.add(g);
  const wordSet = new Set(words.map(stemmer));
  const fuzzyWords = words.filter((w) => w.length >= 3);
  const logMax = Math.log(1 + index.maxExampleCount);
  const out: LinkCandidateFeatures[] = [];
  for (const g of candidates) {
    const tTerms = index.titleTerms[g]!;
    let covered = 0;
    for (const t of new Set(tTerms)) if (termSet.has(t)) covered += index.titleIndex.idf(t);
    const exs = (perGoal.get(g) ?? []).sort((a, b) => b - a);
    const n = index.exampleCount[g]! - (g === excludedGoal ? 1 : 0);
    out.push({
      goal: g,
      features: [
        maxBm25 > 0 ? (bm25.get(g) ?? 0) / maxBm25 : 0,
        cos.get(g) ?? 0,
        index.titleTermIdf[g]! > 0 ? covered / index.titleTermIdf[g]! : 0,
        fuzzyCoverage(fuzzyWords, index.titleFuzzyWords[g]!),
        verb !== undefined && verb === index.titleVerb[g] ? 1 : 0,
        exs[0] ?? 0,
        ((exs[0] ?? 0) + (exs[1] ?? 0) + (exs[2] ?? 0)) / 3,
        Math.log(1 + n) / logMax,
        textCoverage(index, termSet, tTerms),
        jaccard(wordSet, index.titleWordSets[g]!),
        tTerms.length > 0 ? 1 / tTerms.length : 0,
        softCoverage(index, termSet, tTerms, trans),
        centroidCosine(index, g, exs, options.exclude),
      ],
    });
  }
  return out;
}

function excludedGoalTitle(index: LinkIndex, exclude: number | undefined): Set<string> | undefined {
  if (exclude === undefined) return undefined;
  return new Set(index.titleTerms[index.exampleGoal[exclude]!]!);
}

function textCoverage(index: LinkIndex, termSet: Set<string>, titleTerms: readonly string[]): number {
  let all = 0;
  let hit = 0;
  const title = new Set(titleTerms);
  for (const t of termSet) {
    const idf = index.titleIndex.idf(t);
    all += idf;
    if (title.has(t)) hit += idf;
  }
  return all > 0 ? hit / all : 0;
}

function centroidCosine(index: LinkIndex, g: number, cosines: readonly number[], exclude: number | undefined): number {
  let normSq = index.centroidNormSq[g]!;
  if (exclude !== undefined && index.exampleGoal[exclude] === g) {
    normSq += index.exampleNormSq[exclude]! - 2 * index.exampleCentroidDot[exclude]!;
  }
  if (normSq <= 1e-12) return 0;
  let dot = 0;
  for (const c of cosines) dot += c;
  return Math.min(1, dot / Math.sqrt(normSq));
}

function softCoverage(index: LinkIndex, termSet: Set<string>, titleTerms: readonly string[], trans: Map<string, number>): number {
  let all = 0;
  let hit = 0;
  for (const t of new Set(titleTerms)) {
    const idf = index.titleIndex.idf(t);
    all += idf;
    hit += idf * (termSet.has(t) ? 1 : Math.min(1, trans.get(t) ?? 0));
  }
  return all > 0 ? hit / all : 0;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union > 0 ? inter / union : 0;
}

function firstStem(text: string): string | undefined {
  const w = linkWords(text)[0];
  return w === undefined ? undefined : stemmer(w);
}

/** Share of the title's content words (length ≥ 3) that have a text word with a long common prefix. */
function fuzzyCoverage(textWords: readonly string[], titleWords: readonly string[]): number {
  if (titleWords.length === 0) return 0;
  let hit = 0;
  for (const tw of titleWords) {
    for (const w of textWords) {
      if (commonPrefix(w, tw) >= Math.max(3, Math.ceil(0.8 * Math.min(w.length, tw.length)))) {
        hit++;
        break;
      }
    }
  }
  return hit / titleWords.length;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
