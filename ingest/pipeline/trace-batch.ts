// Packs TraceLines into compact batches that cross a thread boundary cheaply, and unpacks them
// in the same order. A trace whose events are all bare step ids (what XES, CSV and most JSONL
// traces hold) travels as integers in one Int32Array (transferable: its buffer moves, nothing is
// copied): activity names are interned, each name crosses once, in the batch where it first
// appears. Everything else (bad records with their issues, traces with times or text events)
// travels as the TraceLine itself, structured-cloned. Unpacking a packer's batches in order
// gives back exactly the TraceLines that were packed, in order.
// Int32 layout of one record: [COMPACT, line, owner, stepCount, step...] or [OTHER, index into
// `others`]; `owner` indexes the (procedure, version) pairs, also sent once each.
import type { Trace } from "../../src/model/index.js";
import type { TraceLine } from "../jsonl/read-traces.js";

export interface TraceOwner {
  procedure: string;
  version?: number;
}

export interface TraceBatch {
  /** Activity names first used in this batch; their indexes continue those of earlier batches. */
  names: string[];
  /** Procedure/version pairs first used in this batch, likewise. */
  owners: TraceOwner[];
  /** The records, see the layout above; its buffer is transferable. */
  ints: Int32Array<ArrayBuffer>;
  /** Ids of the compact traces, in order, joined by "\n" (an id that holds one is sent as OTHER). */
  ids: string;
  others: TraceLine[];
  /** Records (traces and bad records) in the batch. */
  records: number;
  /** Bytes of the file read when the batch was closed (compressed bytes for .gz), for progress. */
  bytesRead: number;
}

const COMPACT = 0;
const OTHER = 1;

export class TraceBatchPacker {
  private readonly nameIndex = new Map<string, number>();
  private readonly ownerIndex = new Map<string, Map<number, number>>();
  private ownerCount = 0;
  private newNames: string[] = [];
  private newOwners: TraceOwner[] = [];
  private ints = new Int32Array(1 << 14);
  private used = 0;
  private ids: string[] = [];
  private others: TraceLine[] = [];
  private count = 0;

  /** Records packed since the last take(). */
  get records(): number {
    return this.count;
  }

  /** Int32 slots used since the last take(). */
  get size(): number {
    return this.used;
  }

  add(r: TraceLine): void {
    this.count++;
    if (r.ok && isCompact(r.trace)) {
      const t = r.trace;
      const steps = t.steps as string[];
      this.reserve(4 + steps.length);
      const ints = this.ints;
      let k = this.used;
      ints[k++] = COMPACT;
      ints[k++] = r.line;
      ints[k++] = this.owner(t.procedure, t.version);
      ints[k++] = steps.length;
      for (let i = 0; i < steps.length; i++) {
        const s = steps[i] as string;
        let x = this.nameIndex.get(s);
        if (x === undefined) {
          x = this.nameIndex.size;
          this.nameIndex.set(s, x);
          this.newNames.push(s);
        }
        ints[k++] = x;
      }
      this.used = k;
      this.ids.push(t.id);
      return;
    }
    this.reserve(2);
    this.ints[this.used++] = OTHER;
    this.ints[this.used++] = this.others.length;
    this.others.push(r);
  }

  /** The records packed since the last take(), as one batch (the packer starts a new one). */
  take(bytesRead = 0): TraceBatch {
    const batch: TraceBatch = {
      names: this.newNames,
      owners: this.newOwners,
      ints: this.ints.slice(0, this.used),
      ids: this.ids.join("\n"),
      others: this.others,
      records: this.count,
      bytesRead,
    };
    this.newNames = [];
    this.newOwners = [];
    this.used = 0;
    this.ids = [];
    this.others = [];
    this.count = 0;
    return batch;
  }

  private owner(procedure: string, version: number | undefined): number {
    let byVersion = this.ownerIndex.get(procedure);
    if (byVersion === undefined) this.ownerIndex.set(procedure, (byVersion = new Map()));
    const v = version ?? 0;
    let x = byVersion.get(v);
    if (x === undefined) {
      x = this.ownerCount++;
      byVersion.set(v, x);
      this.newOwners.push(version === undefined ? { procedure } : { procedure, version });
    }
    return x;
  }

  private reserve(n: number): void {
    if (this.used + n <= this.ints.length) return;
    const next = new Int32Array(Math.max(this.ints.length * 2, this.used + n));
    next.set(this.ints.subarray(0, this.used));
    this.ints = next;
  }
}

/** Bare step ids only, and an id that can be joined by "\n". */
function isCompact(t: Trace): boolean {
  for (let i = 0; i < t.steps.length; i++) if (typeof t.steps[i] !== "string") return false;
  return !t.id.includes("\n");
}

/** Turns a packer's batches, given in order, back into TraceLines. */
export class TraceBatchUnpacker {
  private readonly names: string[] = [];
  private readonly owners: TraceOwner[] = [];

  /** The TraceLines of `batch`, in the order they were packed. */
  lines(batch: TraceBatch): TraceLine[] {
    for (const n of batch.names) this.names.push(n);
    for (const o of batch.owners) this.owners.push(o);
    const out: TraceLine[] = new Array<TraceLine>(batch.records);
    const { ints, others } = batch;
    const names = this.names;
    const ids = batch.records > others.length ? batch.ids.split("\n") : [];
    let k = 0;
    let idAt = 0;
    for (let r = 0; r < batch.records; r++) {
      if (ints[k++] === OTHER) {
        out[r] = others[ints[k++] as number] as TraceLine;
        continue;
      }
      const line = ints[k++] as number;
      const owner = this.owners[ints[k++] as number] as TraceOwner;
      const n = ints[k++] as number;
      const steps = new Array<string>(n);
      for (let i = 0; i < n; i++) steps[i] = names[ints[k++] as number] as string;
      const trace: Trace = { id: ids[idAt++] as string, procedure: owner.procedure, steps };
      if (owner.version !== undefined) trace.version = owner.version;
      out[r] = { ok: true, line, trace };
    }
    return out;
  }
}
