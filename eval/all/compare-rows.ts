// Two eval:all runs compared row by row (`npm run eval:compare -- before.json after.json`): which
// rows moved and by how much, their margins over the best baseline before and after, and every
// change of status (met, short of a bar, below a baseline). How a change to the engine is measured
// against the run before it (docs/results.md, "All datasets, one command").
import { margin, status, type Row } from "./rows.js";

export interface MovedRow {
  dataset: string;
  task: string;
  metric: string;
  before: number;
  after: number;
  marginBefore: number | null;
  marginAfter: number | null;
  statusBefore: string;
  statusAfter: string;
}

export interface RunComparison {
  /** Rows in both runs whose engine figure or kind of status (statusKind) changed, in the after run's order. */
  moved: MovedRow[];
  /** Rows in both runs with a figure on each side. */
  compared: number;
  /** Rows only one run has, or SKIPPED on one side ("dataset | task | metric"). */
  onlyBefore: string[];
  onlyAfter: string[];
}

const keyOf = (r: Pick<Row, "dataset" | "task" | "metric">): string => `${r.dataset} | ${r.task} | ${r.metric}`;

/** The kind of a status, without its amounts: "met", "below a baseline", "not met". */
export function statusKind(s: string): string {
  return s === "met" ? "met" : /BELOW/.test(s) ? "below a baseline" : s.startsWith("SKIPPED") ? "skipped" : "not met";
}

/** The rows of `after` compared with those of `before` with the same dataset, task and metric. */
export function compareRuns(before: readonly Row[], after: readonly Row[]): RunComparison {
  const old = new Map(before.filter((r) => r.engine !== null).map((r) => [keyOf(r), r]));
  const fresh = new Set(after.filter((r) => r.engine !== null).map(keyOf));
  const moved: MovedRow[] = [];
  let compared = 0;
  const onlyAfter: string[] = [];
  for (const r of after) {
    if (r.engine === null) continue;
    const o = old.get(keyOf(r));
    if (o === undefined || o.engine === null) {
      onlyAfter.push(keyOf(r));
      continue;
    }
    compared++;
    const statusBefore = status(o);
    const statusAfter = status(r);
    if (r.engine === o.engine && statusKind(statusBefore) === statusKind(statusAfter)) continue;
    moved.push({
      dataset: r.dataset,
      task: r.task,
      metric: r.metric,
      before: o.engine,
      after: r.engine,
      marginBefore: margin(o),
      marginAfter: margin(r),
      statusBefore,
      statusAfter,
    });
  }
  return { moved, compared, onlyBefore: [...old.keys()].filter((k) => !fresh.has(k)), onlyAfter };
}

const signed = (x: number | null, digits = 4): string => (x === null ? "–" : `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(digits)}`);

/** The comparison as a markdown table and a summary line. */
export function comparisonText(c: RunComparison): string {
  const up = c.moved.filter((m) => m.after > m.before).length;
  const down = c.moved.filter((m) => m.after < m.before).length;
  const changed = c.moved.filter((m) => statusKind(m.statusBefore) !== statusKind(m.statusAfter));
  const lines = [
    "| dataset | task | metric | before | after | change | margin before → after | status |",
    "|---|---|---|---|---|---|---|---|",
    ...c.moved.map(
      (m) =>
        `| ${m.dataset} | ${m.task} | ${m.metric} | ${m.before.toFixed(4)} | ${m.after.toFixed(4)} | ${signed(m.after - m.before)} | ${signed(m.marginBefore)} → ${signed(m.marginAfter)} | ${statusKind(m.statusBefore) === statusKind(m.statusAfter) ? m.statusAfter : `**${m.statusBefore} → ${m.statusAfter}**`} |`,
    ),
    "",
    `${c.compared} rows compared: ${c.moved.length} moved (${up} up, ${down} down), ${changed.length} changed status (met / not met / below a baseline)` +
      (c.onlyBefore.length > 0 ? `; only before: ${c.onlyBefore.join("; ")}` : "") +
      (c.onlyAfter.length > 0 ? `; only after: ${c.onlyAfter.join("; ")}` : ""),
  ];
  return lines.join("\n");
}


