// Question: which maintained streaming XML parser reads XES fastest, and which are correct on
// every XES log under ../shared/datasets/event-logs (issue 17, item 2)?
//
// Candidates (npm, streaming, maintained): saxes (what ingest/xes uses), sax, htmlparser2 in
// xmlMode, ltx's own parser, sax-wasm (Rust → WebAssembly), node-expat (libexpat binding, built
// with node-gyp against the local Node headers). Whole-document parsers (@xmldom/xmldom, txml,
// fast-xml-parser, @rgrove/parse-xml) hold a 271 MB document in memory and are not candidates
// for streaming a log of any size. The alternatives are installed for this bench only, into
// bench/out/xml-parsers (git-ignored, `npm install --prefix`), never into the project.
//
// Speed: every run is a fresh child process that gunzips the log (node:zlib, 1 MiB reads) and
// feeds the parser (a string, or bytes for the parsers that take bytes), counting <trace> and
// <event> and hashing the events' concept:name values; wall and CPU (user + system) are measured
// inside the child from opening the file to the parser's end (start-up excluded). Median (min–max)
// of RUNS runs, runs of the parsers interleaved so that load changes hit all of them alike.
// Correct: on all XES logs, trace and event counts equal to an independent regular-expression
// count of the tags (as tests/ingest/event-logs.test.ts does) and the concept:name hash equal to
// saxes's (so attribute values and entities decode alike); and the unclosed-tag fixture must be
// reported as an error with a line number (the reader's error contract).
// Run: npx tsx bench/xml-parsers.ts [log.xes.gz] [--runs N]
import { execFileSync, spawnSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGunzip, gunzipSync } from "node:zlib";
import { SaxesParser } from "saxes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const altDir = path.join(root, "bench/out/xml-parsers");
const ALTERNATIVES = ["sax@1", "htmlparser2@12", "ltx@3", "sax-wasm@3", "node-expat@2"];
const PARSERS = ["saxes", "sax", "htmlparser2", "ltx", "sax-wasm", "node-expat"] as const;
type ParserName = (typeof PARSERS)[number];

/** What every parser adapter reports to: element opens and closes, attributes read lazily. */
class Counter {
  traces = 0;
  events = 0;
  hash = 2166136261;
  depthInEvent = -1;
  depth = 0;
  open(name: string, attr: (key: string) => string | undefined): void {
    this.depth++;
    const local = name.slice(name.indexOf(":") + 1);
    if (local === "trace") this.traces++;
    else if (local === "event") {
      this.events++;
      this.depthInEvent = this.depth;
    } else if (this.depth === this.depthInEvent + 1 && attr("key") === "concept:name") {
      const v = attr("value") ?? "";
      let h = this.hash;
      for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 16777619);
      this.hash = Math.imul(h ^ 10, 16777619) >>> 0;
    }
  }
  close(): void {
    if (this.depth === this.depthInEvent) this.depthInEvent = -1;
    this.depth--;
  }
}

interface Adapter {
  /** Bytes (Uint8Array) rather than text. */
  bytes: boolean;
  write(chunk: string | Uint8Array): void;
  end(): void;
  /** The first well-formedness error, with its line when the parser knows it. */
  error(): { message: string; line?: number } | undefined;
}

type AnyRecord = Record<string, unknown>;

async function makeAdapter(name: ParserName, c: Counter): Promise<Adapter> {
  const alt = createRequire(path.join(altDir, "package.json"));
  let failure: { message: string; line?: number } | undefined;
  switch (name) {
    case "saxes": {
      const p = new SaxesParser({ xmlns: false, position: true });
      p.on("opentag", (t) => c.open(t.name, (k) => t.attributes[k] as string | undefined));
      p.on("closetag", () => c.close());
      p.on("error", (e) => (failure ??= { message: e.message, line: p.line }));
      return { bytes: false, write: (s) => void p.write(s as string), end: () => void p.close(), error: () => failure };
    }
    case "sax": {
      const sax = alt("sax");
      const p = sax.parser(true, { position: true });
      p.onopentag = (t: { name: string; attributes: Record<string, string> }) => c.open(t.name, (k) => t.attributes[k]);
      p.onclosetag = () => c.close();
      p.onerror = (e: Error) => {
        failure ??= { message: e.message.split("\n")[0] ?? e.message, line: p.line + 1 };
        p.error = null; // sax stops at an error unless it is cleared
      };
      return { bytes: false, write: (s) => p.write(s), end: () => p.close(), error: () => failure };
    }
    case "htmlparser2": {
      const { Parser } = alt("htmlparser2");
      let attrs: Record<string, string> = {};
      let justOpened = false;
      const p = new Parser(
        {
          onopentag: (n: string, a: Record<string, string>) => {
            attrs = a;
            justOpened = true;
            c.open(n, (k) => attrs[k]);
          },
          // NOTE: htmlparser2 is forgiving: a mismatched or missing close tag closes the open
          // elements "implied", which it also says of a self-closing tag (one that closes right
          // after it opened); any other implied close is the only error it lets us see. It
          // counts no lines.
          onclosetag: (_n: string, implied: boolean) => {
            if (implied && !justOpened) failure ??= { message: "element closed implicitly (mismatched or missing close tag)" };
            justOpened = false;
            c.close();
          },
        },
        { xmlMode: true },
      );
      return { bytes: false, write: (s) => p.write(s), end: () => p.end(), error: () => failure };
    }
    case "ltx": {
      const SaxLtx = alt("ltx/lib/parsers/ltx.js");
      const p = new SaxLtx();
      p.on("startElement", (n: string, a: Record<string, string>) => c.open(n, (k) => a[k]));
      p.on("endElement", () => c.close());
      p.on("error", (e: Error) => (failure ??= { message: e.message }));
      return { bytes: false, write: (s) => p.write(s), end: () => p.end?.(), error: () => failure };
    }
    case "sax-wasm": {
      const { SAXParser, SaxEventType } = alt("sax-wasm");
      const p = new SAXParser(SaxEventType.OpenTag | SaxEventType.CloseTag);
      await p.prepareWasm(readFileSync(alt.resolve("sax-wasm/lib/sax-wasm.wasm")));
      p.eventHandler = (ev: number, tag: AnyRecord) => {
        if (ev === SaxEventType.OpenTag) {
          const attributes = tag.attributes as { name: { value: string }; value: { value: string } }[];
          c.open(tag.name as string, (k) => attributes.find((a) => a.name.value === k)?.value.value);
          if (tag.selfClosing) c.close();
        } else if (!tag.selfClosing) c.close();
      };
      return { bytes: true, write: (b) => p.write(b), end: () => p.end(), error: () => failure };
    }
    case "node-expat": {
      const expat = alt("node-expat");
      const p = new expat.Parser("UTF-8");
      p.on("startElement", (n: string, a: Record<string, string>) => c.open(n, (k) => a[k]));
      p.on("endElement", () => c.close());
      p.on("error", (e: string) => (failure ??= { message: e, line: p.getCurrentLineNumber() }));
      return { bytes: true, write: (b) => void p.write(b), end: () => void p.end(), error: () => failure };
    }
  }
}

async function parseFile(name: ParserName, file: string): Promise<{ traces: number; events: number; hash: number; error?: { message: string; line?: number } }> {
  const c = new Counter();
  const a = await makeAdapter(name, c);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip({ chunkSize: 1 << 18 })) : raw;
  if (!a.bytes) stream.setEncoding("utf8");
  try {
    for await (const chunk of stream) {
      a.write(chunk as string | Uint8Array);
      if (a.error()) break;
    }
    if (!a.error()) a.end();
  } catch (e) {
    return { traces: c.traces, events: c.events, hash: c.hash, error: a.error() ?? { message: (e as Error).message } };
  }
  const error = a.error();
  return { traces: c.traces, events: c.events, hash: c.hash, ...(error ? { error } : {}) };
}

function xesFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? xesFiles(p) : /\.xes(\.gz)?$/.test(n) ? [p] : [];
  });
}

/** Independent count of <trace>/<event> opening tags, comments removed (as the event-log test does). */
function regexCounts(file: string): [number, number] {
  const buf = readFileSync(file);
  const text = (file.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8").replace(/<!--[\s\S]*?-->/g, "");
  return [(text.match(/<trace[\s>]/g) ?? []).length, (text.match(/<event[\s>]/g) ?? []).length];
}

async function child(name: ParserName, mode: string, target: string): Promise<void> {
  if (mode === "speed") {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await parseFile(name, target);
    const cpu = process.cpuUsage(cpu0);
    const out = { ...r, wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(JSON.stringify(out));
    return;
  }
  // mode "check": every XES file of the folder, then the unclosed-tag fixture.
  const files = xesFiles(target).sort();
  const results: Record<string, { traces: number; events: number; hash: number; error?: unknown }> = {};
  for (const f of files) results[path.relative(target, f)] = await parseFile(name, f);
  const broken = await parseFile(name, path.join(root, "tests/fixtures/ingest/xes-unclosed-tag.xes"));
  process.stdout.write(JSON.stringify({ results, broken: broken.error ?? null }));
}

function installAlternatives(): void {
  if (!existsSync(path.join(altDir, "node_modules/sax-wasm"))) {
    process.stderr.write(`installing ${ALTERNATIVES.join(", ")} into ${path.relative(root, altDir)} (bench only)\n`);
    execFileSync("npm", ["install", "--prefix", altDir, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", ...ALTERNATIVES], { stdio: "inherit" });
  }
  const expatDir = path.join(altDir, "node_modules/node-expat");
  const binary = path.join(expatDir, "build/Release/node_expat.node");
  // NOTE: the npm tarball of node-expat 2.4.1 ships a macOS build: rebuild unless it is ELF.
  if (existsSync(expatDir) && (!existsSync(binary) || readFileSync(binary).subarray(0, 4).toString("latin1") !== "\x7fELF")) {
    // node-gyp from npm's own copy, against the headers of the running Node (no download).
    const gyp = path.resolve(path.dirname(process.execPath), "../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js");
    const nodedir = path.resolve(path.dirname(process.execPath), "..");
    const r = spawnSync(process.execPath, [gyp, "rebuild", `--nodedir=${nodedir}`], { cwd: expatDir, encoding: "utf8" });
    if (r.status !== 0) process.stderr.write(`node-expat did not build (its rows are skipped): ${r.stderr.slice(-500)}\n`);
  }
}

interface Row {
  name: ParserName;
  wall: number[];
  cpu: number[];
  rss: number[];
  events?: number;
  hash?: number;
  failed?: string;
  correct?: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (xs: number[], d = 2): string => (xs.length === 0 ? "—" : `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`);
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(" ");

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childAt = args.indexOf("--child");
  if (childAt >= 0) return child(args[childAt + 1] as ParserName, args[childAt + 2] as string, args[childAt + 3] as string);
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const log = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs") ?? path.resolve(root, "../shared/datasets/synthetic-sop/synth_100000.xes.gz");
  const logsDir = path.resolve(root, "../shared/datasets/event-logs");
  if (!existsSync(log)) {
    process.stderr.write(`skipped: ${log} is absent\n`);
    return;
  }
  installAlternatives();
  const run = (name: ParserName, mode: string, target: string): { ok: true; out: unknown } | { ok: false; err: string } => {
    const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name, mode, target], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
    return r.status === 0 ? { ok: true, out: JSON.parse(r.stdout) as unknown } : { ok: false, err: (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ") };
  };

  const rows: Row[] = PARSERS.map((name) => ({ name, wall: [], cpu: [], rss: [] }));
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    for (const row of rows) {
      if (row.failed) continue;
      const r = run(row.name, "speed", log);
      if (!r.ok) {
        row.failed = r.err.slice(0, 160);
        continue;
      }
      const out = r.out as { events: number; hash: number; wallS: number; cpuS: number; rssMb: number; error?: { message: string } };
      if (out.error) row.failed = `error: ${out.error.message}`;
      row.wall.push(out.wallS);
      row.cpu.push(out.cpuS);
      row.rss.push(out.rssMb);
      row.events = out.events;
      row.hash = out.hash;
    }
  }
  const loadAfterSpeed = load();

  if (existsSync(logsDir)) {
    const files = xesFiles(logsDir).sort();
    const expected = new Map(files.map((f) => [path.relative(logsDir, f), regexCounts(f)]));
    let reference: Record<string, { hash: number }> | undefined;
    for (const row of rows) {
      const r = run(row.name, "check", logsDir);
      if (!r.ok) {
        row.correct = `crashed: ${r.err.slice(0, 120)}`;
        continue;
      }
      const out = r.out as { results: Record<string, { traces: number; events: number; hash: number; error?: { message: string } }>; broken: { message: string; line?: number } | null };
      if (row.name === "saxes") reference = out.results;
      const wrong = [...expected].filter(([f, [t, e]]) => {
        const got = out.results[f];
        return !got || got.error !== undefined || got.traces !== t || got.events !== e || (reference !== undefined && reference[f]?.hash !== got.hash);
      });
      const counts = `${expected.size - wrong.length}/${expected.size} logs exact`;
      const broken = out.broken === null ? "unclosed tag NOT reported" : out.broken.line === undefined ? "unclosed tag reported, no line" : `unclosed tag reported at line ${out.broken.line}`;
      row.correct = `${counts}${wrong.length > 0 ? ` (wrong: ${wrong.slice(0, 3).map(([f]) => path.basename(f)).join(", ")}${wrong.length > 3 ? ", …" : ""})` : ""}; ${broken}`;
    }
  } else process.stderr.write(`correctness skipped: ${logsDir} is absent\n`);

  const saxes = rows[0];
  const lines = [
    `log: ${log}; ${runs} runs per parser, interleaved; median (min–max); node ${process.version}; ${cpus().length} cores`,
    `load average before ${loadBefore}, after the speed runs ${loadAfterSpeed}, at the end ${load()}`,
    "",
    "| parser | parse wall s | parse CPU s | × saxes (CPU) | peak RSS MB | events | same values as saxes | correct on the XES logs; error report |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) =>
      r.failed && r.wall.length === 0
        ? `| ${r.name} | failed: ${r.failed} | | | | | | ${r.correct ?? ""} |`
        : `| ${r.name} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${saxes && saxes.cpu.length > 0 ? (median(r.cpu) / median(saxes.cpu)).toFixed(2) : "—"} | ${fmt(r.rss, 0)} | ${r.events ?? "—"} | ${r.hash === saxes?.hash ? "yes" : "NO"} | ${r.correct ?? "—"} |`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
