// The Python environment of the pm4py oracle: eval/.venv (git-ignored), created on first use with
// `python3 -m venv` and `pip install -r eval/pm4py/requirements.txt`. Returns the venv's python
// and the installed pm4py version. The venv counts as ready when its marker file holds the sha256
// of requirements.txt: an interrupted install or a changed pin installs again.
// pm4py is AGPL-3.0: it lives only in this venv and is run as an outside program; stepgraph never
// imports it. Run by hand: npx tsx eval/pm4py/venv.ts
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const VENV_DIR = path.join(EVAL_DIR, ".venv");
export const REQUIREMENTS = path.join(EVAL_DIR, "pm4py", "requirements.txt");
const MARKER = path.join(VENV_DIR, ".stepgraph-requirements.sha256");

export interface OracleEnv {
  python: string;
  pm4pyVersion: string;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting its output (never throws for a non-zero exit). */
export function runCommand(cmd: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd ?? EVAL_DIR, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

async function mustRun(what: string, cmd: string, args: readonly string[]): Promise<string> {
  let r: CommandResult;
  try {
    r = await runCommand(cmd, args);
  } catch (e) {
    throw new Error(`${what}: cannot run ${cmd}: ${(e as Error).message}`);
  }
  if (r.code !== 0) throw new Error(`${what}: ${cmd} ${args.join(" ")} exited with ${r.code}:\n${tail(r.stderr || r.stdout)}`);
  return r.stdout;
}

export function venvPython(): string {
  return path.join(VENV_DIR, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
}

function requirementsHash(): string {
  return createHash("sha256").update(readFileSync(REQUIREMENTS)).digest("hex");
}

/** The pm4py version pinned in requirements.txt. */
export function pinnedPm4pyVersion(): string {
  const m = /^pm4py==(\S+)\s*$/m.exec(readFileSync(REQUIREMENTS, "utf8"));
  if (!m) throw new Error(`${REQUIREMENTS}: no "pm4py==VERSION" line`);
  return m[1]!;
}

/** Creates eval/.venv when it is missing or stale; `progress` hears what is being done. */
export async function ensureOracleVenv(progress: (message: string) => void = () => {}): Promise<OracleEnv> {
  const python = venvPython();
  const want = requirementsHash();
  const ready = existsSync(python) && existsSync(MARKER) && readFileSync(MARKER, "utf8").trim() === want;
  if (!ready) {
    progress(`creating the pm4py oracle environment in ${path.relative(process.cwd(), VENV_DIR) || VENV_DIR} (python3 -m venv; pip install -r ${path.relative(process.cwd(), REQUIREMENTS)}); this takes a minute or two once`);
    await mustRun("creating eval/.venv", "python3", ["-m", "venv", VENV_DIR]);
    await mustRun("installing pm4py into eval/.venv", python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", REQUIREMENTS]);
    writeFileSync(MARKER, `${want}\n`);
  }
  const version = (await mustRun("reading the pm4py version", python, ["-c", "import importlib.metadata as m; print(m.version('pm4py'))"])).trim();
  const pinned = pinnedPm4pyVersion();
  if (version !== pinned) throw new Error(`eval/.venv holds pm4py ${version}, requirements.txt pins ${pinned}: remove eval/.venv and run again`);
  return { python, pm4pyVersion: version };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureOracleVenv((m) => process.stderr.write(`${m}\n`)).then(
    (env) => process.stdout.write(`${env.python} (pm4py ${env.pm4pyVersion})\n`),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    },
  );
}
