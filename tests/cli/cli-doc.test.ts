// docs/cli.md is the command reference: every command and every flag of every command (but the
// eval commands, documented with their figures in docs/results.md) must appear in it, so the
// page cannot fall behind the code.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS, registerCommands } from "../../cli/commands/index.js";
import { ROOT } from "./run-stepgraph.js";

const doc = readFileSync(path.join(ROOT, "docs/cli.md"), "utf8");

function leaves(cmd: Command, prefix: string[] = []): { name: string; flags: string[] }[] {
  const name = [...prefix, cmd.name()];
  const own = { name: name.join(" "), flags: cmd.options.map((o) => o.long).filter((f): f is string => f !== undefined && f !== "--help") };
  return [own, ...cmd.commands.flatMap((c) => leaves(c, name))];
}

describe("docs/cli.md", () => {
  it("names every command", () => {
    for (const c of COMMANDS) expect(doc, c.name).toContain(`\`${c.name}\``);
  });

  it("names every flag of every command", async () => {
    const program = new Command("stepgraph");
    await registerCommands(program);
    const missing = leaves(program)
      .filter((l) => !l.name.startsWith("stepgraph eval"))
      .flatMap((l) => l.flags.filter((f) => !doc.includes(f)).map((f) => `${l.name} ${f}`));
    expect(missing).toEqual([]);
  });
});
