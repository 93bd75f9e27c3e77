// The read progress bar of commands that read traces: on a terminal only, never with --json,
// and only past 100,000 events.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readProgress } from "../../cli/progress.js";

function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  let text = "";
  const w = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString("utf8");
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(w, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream: w, written: () => text };
}

const file = new URL(import.meta.url).pathname;

describe("readProgress", () => {
  it("draws a bar with events and rate once 100,000 events are read", () => {
    const t = terminal(true);
    const p = readProgress({ file, enabled: true, stream: t.stream });
    p.bytes(10);
    p.events(99_999);
    expect(t.written()).toBe("");
    p.events(1);
    expect(t.written()).toMatch(/reading .*100,000 events \| [\d,]+ events\/s/);
    p.stop();
  });

  it("stays silent when stderr is not a terminal", () => {
    const t = terminal(false);
    const p = readProgress({ file, enabled: true, stream: t.stream });
    p.events(1_000_000);
    p.stop();
    expect(t.written()).toBe("");
  });

  it("stays silent with --json", () => {
    const t = terminal(true);
    const p = readProgress({ file, enabled: false, stream: t.stream });
    p.events(1_000_000);
    p.stop();
    expect(t.written()).toBe("");
  });
});
