// Runs the real CLI in a child process, from the TypeScript sources (through tsx, as in
// development; tests/cli/compiled-cli.test.ts covers bin/stepgraph.js and dist/), and returns
// its exit status, stdout and stderr. `runTsx` does the same for any script of the repository
// (the eval/ entry points).
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

export function stepgraph(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return runTsx("cli/main.ts", args, options);
}

/** Runs `script` (a path from the repository root) through tsx with `args`. */
export function runTsx(script: string, args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, script), ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
