// `--out <dir>` of every `import` subcommand: the folder the converted files are written into
// (OUT/procedures.json, OUT/traces.jsonl, ...). Checked before anything is read, so a mistaken
// value stops the command with exit 2 and nothing written: a path that exists and is not a
// folder, or a path that does not exist yet and looks like a file name (`--out procedures.json`
// would otherwise become a folder named procedures.json holding procedures.json).
import { stat } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "../../src/errors.js";

/** Extensions of the files stepgraph reads and writes: an --out ending in one names a file. */
const FILE_NAME = /\.(json|jsonl|csv|xes|gz|md|txt)$/i;

function refuse(why: string): never {
  throw new InvalidInputError("invalid_option", `--out is the output folder (the import writes its files, such as procedures.json, into it); ${why}`, [
    { path: ["--out"], message: why },
  ]);
}

/** Throws an InvalidInputError naming --out when `out` cannot be (or become) the output folder. */
export async function checkOutFolder(out: string): Promise<void> {
  const found = await stat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  if (found !== undefined) {
    if (!found.isDirectory()) refuse(`${JSON.stringify(out)} is a file; give the folder to write into, e.g. --out ${JSON.stringify(path.dirname(out))}`);
    return;
  }
  if (FILE_NAME.test(path.basename(out))) {
    refuse(`${JSON.stringify(out)} looks like a file name; give the folder to write into, e.g. --out ${JSON.stringify(path.dirname(out))}`);
  }
}
