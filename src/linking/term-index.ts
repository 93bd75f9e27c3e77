// TermIndex: an inverted index over short documents (goal titles, example steps) that scores
// a query two ways — Okapi BM25 (k1, b) and the cosine of log-tf·idf vectors — returning only
// the documents sharing at least one term with the query (a sparse Map doc → score).
// Assumes documents are already tokenised (see link-terms.ts); idf is the BM25+ form
// ln(1 + (N − df + 0.5)/(df + 0.5)), which is never negative.

export interface Bm25Params {
  k1: number;
  b: number;
}

export class TermIndex {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private readonly norms: number[] = [];
  private avgLength = 0;

  constructor(docs: readonly (readonly string[])[]) {
    docs.forEach((terms, doc) => {
      const tf = countTerms(terms);
      for (const [term, n] of tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf: n });
      }
      this.lengths.push(terms.length);
    });
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, this.lengths.length);
    const sq = new Array<number>(docs.length).fill(0);
    for (const [term, list] of this.postings) {
      const idf = this.idf(term);
      for (const { doc, tf } of list) sq[doc]! += ((1 + Math.log(tf)) * idf) ** 2;
    }
    for (const s of sq) this.norms.push(Math.sqrt(s));
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Documents that contain `term`. */
  docsWith(term: string): number[] {
    return (this.postings.get(term) ?? []).map((p) => p.doc);
  }

  /** BM25+ style idf; 0 for a term in no document. */
  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    if (df === 0) return 0;
    const n = this.lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 score of every document sharing a term with `query`. */
  bm25(query: readonly string[], params: Bm25Params = { k1: 1.2, b: 0.75 }): Map<number, number> {
    const out = new Map<number, number>();
    for (const [term, qtf] of countTerms(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = 1 - params.b + (params.b * this.lengths[doc]!) / (this.avgLength || 1);
        const s = (idf * qtf * (tf * (params.k1 + 1))) / (tf + params.k1 * norm);
        out.set(doc, (out.get(doc) ?? 0) + s);
      }
    }
    return out;
  }

  /** Cosine similarity (in [0, 1]) of log-tf·idf vectors for every document sharing a term with `query`. */
  cosine(query: readonly string[]): Map<number, number> {
    const out = new Map<number, number>();
    const q = countTerms(query);
    // NOTE: a query term no document has counts in the query's norm with the highest idf (it is
    // as specific as a word can be), so a long query is not judged on its few known words.
    const unseen = Math.log(1 + (this.lengths.length + 0.5) / 0.5);
    let qNorm = 0;
    for (const [term, n] of q) qNorm += ((1 + Math.log(n)) * (this.idf(term) || unseen)) ** 2;
    qNorm = Math.sqrt(qNorm);
    if (qNorm === 0) return out;
    for (const [term, qtf] of q) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      const qw = (1 + Math.log(qtf)) * idf;
      for (const { doc, tf } of list) {
        const dw = (1 + Math.log(tf)) * idf;
        out.set(doc, (out.get(doc) ?? 0) + qw * dw);
      }
    }
    for (const [doc, dot] of out) out.set(doc, dot / (qNorm * (this.norms[doc] || 1)));
    return out;
  }
}

export function countTerms(terms: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}
