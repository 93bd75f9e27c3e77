// Runs CLI commands in process (commander, real command modules), capturing stdout; errors
// thrown by an action reject the returned promise instead of exiting the test process.
import { Command } from "commander";
import { vi } from "vitest";

export async function runCli(register: (program: Command) => void, args: string[]): Promise<string> {
  const program = new Command("stepgraph").exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  register(program);
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
  try {
    await program.parseAsync(["node", "stepgraph", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}
