// Streams the traces of an XES event log (IEEE 1849-2016), plain or gzip-compressed, with the
// saxes streaming XML parser: memory stays bounded by one trace, whatever the file size.
// Yields one TraceLine per <trace> (line = the line of its <trace> tag): its id is the trace's
// concept:name (or "trace-N", N 1-based, when absent; a repeated id gets "#2", "#3"... unless
// dedupeTraceIds is false, which keeps memory flat for callers that ignore ids), its
// steps the events' activities in file order (XES orders events; no re-sorting). The activity
// is the value of `activityKeys` (default concept:name) joined with "+", as ProM classifiers do.
// An event lacking a key, or a bad id, makes that trace an error naming line, element and key;
// an XML error ends the stream with one error naming the line and column.
// Assumes attributes of interest are direct children of <trace>/<event>; nested attributes and
// <global> defaults are ignored (OpenXES files fill globals with placeholders like "UNKNOWN").
import { SaxesParser } from "saxes";
import type { InputIssue } from "../../src/errors.js";
import { StepIdSchema, TraceIdSchema, type Trace, type TraceEvent } from "../../src/model/index.js";
import type { TraceLine } from "../jsonl/read-traces.js";
import { openInput, type BytesRead } from "../files/open-input.js";

export interface XesOptions {
  /** Procedure id of every trace (XES has none): default the log-only id from the file name. */
  procedure: string;
  version?: number;
  /** Event attribute keys whose values, joined with "+", name the activity. */
  activityKeys?: readonly string[];
  /** Keep only events whose lifecycle:transition is one of these (case-insensitive); events without it are kept. */
  lifecycle?: readonly string[];
  /** Emit {step, start} with the event's time:timestamp instead of bare step ids. */
  times?: boolean;
  /** Called with the bytes of the file read so far. */
  onBytes?: BytesRead;
  /** Suffix repeated trace ids with "#2", "#3"... (default true; false remembers no ids). */
  dedupeTraceIds?: boolean;
}

const ATTRIBUTE_TAGS = new Set(["string", "date", "int", "float", "boolean", "id", "list", "container"]);

function localName(name: string): string {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}

export async function* readXesTraces(file: string, options: XesOptions): AsyncGenerator<TraceLine> {
  for await (const chunk of readXesTraceChunks(file, options)) yield* chunk;
}

/**
 * The same TraceLines as readXesTraces, as arrays: the traces completed by each chunk of the file
 * (one await per chunk instead of one per trace, for the reader worker).
 */
export async function* readXesTraceChunks(file: string, options: XesOptions): AsyncGenerator<TraceLine[]> {
  const activityKeys = options.activityKeys ?? ["concept:name"];
  // Each wanted event attribute key has a slot in eventValues: the activity keys first, then
  // lifecycle:transition and time:timestamp.
  const keySlot = new Map<string, number>();
  for (const key of [...activityKeys, "lifecycle:transition", "time:timestamp"]) if (!keySlot.has(key)) keySlot.set(key, keySlot.size);
  const lifecycleSlot = keySlot.get("lifecycle:transition") as number;
  const timeSlot = keySlot.get("time:timestamp") as number;
  const activitySlots = activityKeys.map((k) => keySlot.get(k) as number);
  const eventValues: (string | undefined)[] = new Array<string | undefined>(keySlot.size).fill(undefined);
  const slotKeys = [...keySlot.keys()];
  const lifecycle = options.lifecycle ? new Set(options.lifecycle.map((s) => s.toLowerCase())) : undefined;
  // Each activity seen: valid ones map to their first string (events share it, so a trace holds
  // references, not 1.2 M copies, and later Map lookups hit a string with its hash cached);
  // invalid ones map to the problem, in badActivity.
  const validActivity = new Map<string, string>();
  const badActivity = new Map<string, string>();
  const seenIds = new Map<string, number>();
  const dedupe = options.dedupeTraceIds ?? true;
  const parser = new SaxesParser({ position: true, xmlns: false });

  let ready: TraceLine[] = [];
  let depth = 0; // element depth: log = 1, trace = 2, event = 3
  let inTrace = false;
  let inEvent = false;
  let traceLine = 0;
  let traceCount = 0;
  let traceName: string | undefined;
  let events: TraceEvent[] = [];
  let issues: InputIssue[] = [];
  let eventIndex = 0;
  let eventLine = 0;
  let fatal: InputIssue | undefined;

  const finishEvent = (): void => {
    const life = eventValues[lifecycleSlot];
    if (lifecycle && life !== undefined && !lifecycle.has(life.toLowerCase())) return;
    let activity = "";
    for (let k = 0; k < activitySlots.length; k++) {
      const v = eventValues[activitySlots[k] as number];
      if (v === undefined) {
        const key = activityKeys[k] as string;
        issues.push({ file, line: eventLine, path: ["event", eventIndex, key], message: `<event> has no ${JSON.stringify(key)} attribute` });
        return;
      }
      activity = k === 0 ? v : `${activity}+${v}`;
    }
    const canonical = validActivity.get(activity);
    if (canonical !== undefined) activity = canonical;
    else {
      let problem = badActivity.get(activity);
      if (problem === undefined) {
        const r = StepIdSchema.safeParse(activity);
        if (r.success) validActivity.set(activity, activity);
        else badActivity.set(activity, (problem = r.error.issues.map((i) => i.message).join("; ")));
      }
      if (problem !== undefined) {
        issues.push({ file, line: eventLine, path: ["event", eventIndex, activityKeys.join("+")], message: `activity ${JSON.stringify(activity.slice(0, 80))}: ${problem}` });
        return;
      }
    }
    const time = eventValues[timeSlot];
    events.push(options.times && time !== undefined ? { step: activity, start: time } : activity);
  };

  const finishTrace = (): void => {
    traceCount++;
    let id = traceName ?? `trace-${traceCount}`;
    const r = TraceIdSchema.safeParse(id);
    if (!r.success) {
      issues.push({ file, line: traceLine, path: ["trace", "concept:name"], message: `trace id ${JSON.stringify(id.slice(0, 80))}: ${r.error.issues[0]?.message ?? "invalid"}` });
    }
    if (dedupe) {
      const n = (seenIds.get(id) ?? 0) + 1;
      seenIds.set(id, n);
      if (n > 1) id = `${id}#${n}`;
    }
    if (issues.length > 0) ready.push({ ok: false, line: traceLine, issues });
    else {
      const trace: Trace = { id, procedure: options.procedure, steps: events };
      if (options.version !== undefined) trace.version = options.version;
      ready.push({ ok: true, line: traceLine, trace });
    }
  };

  // NOTE: these handlers run for every element (6 M in the 100k-trace synthetic log); they
  // check depth before anything else and keep per-event values in reused slots, not Maps.
  parser.on("opentag", (tag) => {
    depth++;
    if (depth === 4) {
      if (!inEvent) return;
      const key = tag.attributes.key;
      if (key === undefined) return;
      // NOTE: a scan of ≤ 4 keys beats a Map here: most keys differ in length, so === is O(1).
      for (let k = 0; k < slotKeys.length; k++) {
        if (slotKeys[k] === key) {
          eventValues[k] = tag.attributes.value ?? "";
          break;
        }
      }
    } else if (depth === 3) {
      if (!inTrace) return;
      const name = localName(tag.name);
      if (name === "event") {
        inEvent = true;
        eventLine = parser.line;
        eventValues.fill(undefined);
      } else if (tag.attributes.key === "concept:name" && ATTRIBUTE_TAGS.has(name)) {
        traceName = tag.attributes.value ?? "";
      }
    } else if (depth === 2 && localName(tag.name) === "trace") {
      inTrace = true;
      traceLine = parser.line;
      traceName = undefined;
      events = [];
      issues = [];
      eventIndex = 0;
    }
  });
  parser.on("closetag", () => {
    if (depth === 3 && inEvent) {
      finishEvent();
      eventIndex++;
      inEvent = false;
    } else if (depth === 2 && inTrace) {
      finishTrace();
      inTrace = false;
    }
    depth--;
  });
  parser.on("error", (e: Error) => {
    fatal ??= { file, line: parser.line, path: ["xml"], message: `XML error: ${e.message}` };
  });

  const stream = openInput(file, options.onBytes, { encoding: "utf8" });
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (ready.length > 0) {
        yield ready;
        ready = [];
      }
      if (fatal) break;
    }
    if (!fatal) parser.close();
  } catch (e) {
    fatal ??= { file, line: parser.line, path: ["file"], message: `cannot read: ${(e as Error).message}` };
  } finally {
    stream.destroy();
  }
  if (fatal) ready.push({ ok: false, line: fatal.line ?? 0, issues: [fatal], fatal: true });
  if (ready.length > 0) yield ready;
}
