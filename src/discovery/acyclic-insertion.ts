// Acyclic insertion: adds candidate precedence edges strongest first to a DAG over n nodes,
// refusing every edge that would close a cycle. Returns the accepted edges (in insertion
// order) and the refused ones; edges already implied by accepted ones are accepted too (they
// close no cycle, and transitive reduction drops them later).
// With `contradicted` (pairs x→y the runs contradict: induce.ts), an edge is also refused when
// it would make the closure imply one of them: a→b orders every step before a (and a) before
// every step after b (and b), and a constraint the graph states by a chain needs the same
// evidence as one it states directly.
// Assumes candidates are already sorted strongest first and nodes are 0..n-1.
// NOTE: the cycle question ("does b already reach a?") is answered from a transitive closure
// kept as bitsets, O(n/32) per edge. graphology-dag's `willCreateCycle` answers the same
// question by a DFS without a visited set, which goes exponential on the dense DAGs that
// precedence mining produces (every implied edge doubles the paths); tests cross-check the
// two on random graphs.

export interface CandidateEdge {
  from: number;
  to: number;
}

export interface AcyclicInsertionResult<E extends CandidateEdge> {
  accepted: E[];
  /** Edges refused because `to` already reached `from`, or because they would imply a contradicted pair. */
  refused: E[];
  /** Transitive closure of the accepted edges. */
  closure: ReachabilityClosure;
}

/** Transitive closure over n nodes as bitset rows: reaches(a, b) is true when a path a→…→b exists. */
export class ReachabilityClosure {
  private readonly words: number;
  private readonly rows: Uint32Array;

  constructor(readonly n: number) {
    this.words = Math.max(1, Math.ceil(n / 32));
    this.rows = new Uint32Array(n * this.words);
  }

  reaches(a: number, b: number): boolean {
    return ((this.rows[a * this.words + (b >>> 5)]! >>> (b & 31)) & 1) === 1;
  }

  /** Would adding a→b close a cycle? (a self-loop does.) */
  wouldCloseCycle(a: number, b: number): boolean {
    return a === b || this.reaches(b, a);
  }

  /**
   * Would adding a→b imply x→y for a pair marked in `marked` (bitset rows, as the closure's) that
   * the closure does not imply yet? x ranges over a and the steps reaching it, y over b and the
   * steps it reaches.
   */
  wouldImplyMarked(a: number, b: number, marked: PairSet): boolean {
    const w = this.words;
    const rows = this.rows;
    const bRow = b * w;
    for (let x = 0; x < this.n; x++) {
      if (!marked.any[x] || (x !== a && !this.reaches(x, a))) continue;
      const xRow = x * w;
      for (let k = 0; k < w; k++) {
        let after = rows[bRow + k]!;
        if (k === b >>> 5) after |= 1 << (b & 31);
        if ((marked.rows[xRow + k]! & after & ~rows[xRow + k]!) !== 0) return true;
      }
    }
    return false;
  }

  /** Adds a→b and updates the closure; the caller has checked `wouldCloseCycle` first. */
  add(a: number, b: number): void {
    if (this.reaches(a, b)) return;
    const w = this.words;
    const rows = this.rows;
    const bRow = b * w;
    for (let x = 0; x < this.n; x++) {
      if (x !== a && !this.reaches(x, a)) continue;
      const xRow = x * w;
      for (let k = 0; k < w; k++) rows[xRow + k]! |= rows[bRow + k]!;
      rows[xRow + (b >>> 5)]! |= 1 << (b & 31);
    }
  }
}

/** A set of ordered pairs (x, y) over n nodes as bitset rows, laid out as the closure's. */
export class PairSet {
  readonly rows: Uint32Array;
  /** 1 where row x has some pair. */
  readonly any: Uint8Array;
  private readonly words: number;

  constructor(readonly n: number) {
    this.words = Math.max(1, Math.ceil(n / 32));
    this.rows = new Uint32Array(n * this.words);
    this.any = new Uint8Array(n);
  }

  add(x: number, y: number): void {
    this.rows[x * this.words + (y >>> 5)]! |= 1 << (y & 31);
    this.any[x] = 1;
  }

  has(x: number, y: number): boolean {
    return ((this.rows[x * this.words + (y >>> 5)]! >>> (y & 31)) & 1) === 1;
  }
}

/**
 * @param contradicted pairs x→y no edge may imply (absent: none); an edge implied already is
 *   accepted as before (it implies nothing new).
 */
export function insertAcyclic<E extends CandidateEdge>(n: number, candidates: readonly E[], contradicted?: PairSet): AcyclicInsertionResult<E> {
  const closure = new ReachabilityClosure(n);
  const accepted: E[] = [];
  const refused: E[] = [];
  for (const e of candidates) {
    if (closure.wouldCloseCycle(e.from, e.to)) {
      refused.push(e);
      continue;
    }
    if (contradicted !== undefined && !closure.reaches(e.from, e.to) && closure.wouldImplyMarked(e.from, e.to, contradicted)) {
      refused.push(e);
      continue;
    }
    closure.add(e.from, e.to);
    accepted.push(e);
  }
  return { accepted, refused, closure };
}
