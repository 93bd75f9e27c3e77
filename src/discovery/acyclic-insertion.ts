// Acyclic insertion: adds candidate precedence edges strongest first to a DAG over n nodes,
// refusing every edge that would close a cycle. Returns the accepted edges (in insertion
// order) and the refused ones; edges already implied by accepted ones are accepted too (they
// close no cycle, and transitive reduction drops them later).
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
  /** Edges refused because `to` already reached `from`. */
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

export function insertAcyclic<E extends CandidateEdge>(n: number, candidates: readonly E[]): AcyclicInsertionResult<E> {
  const closure = new ReachabilityClosure(n);
  const accepted: E[] = [];
  const refused: E[] = [];
  for (const e of candidates) {
    if (closure.wouldCloseCycle(e.from, e.to)) {
      refused.push(e);
      continue;
    }
    closure.add(e.from, e.to);
    accepted.push(e);
  }
  return { accepted, refused, closure };
}
