// Reads a whole (small) input file as UTF-8 text. A file that does not exist is a NotFoundError
// (`file_not_found`, CLI exit 3); one that cannot be read (a folder, no permission) an
// InvalidInputError (`file_not_readable`, exit 2); both name the file and say what it was for.
import { readFile } from "node:fs/promises";
import { InvalidInputError, NotFoundError } from "../../src/errors.js";

export async function readTextFile(file: string, what = "input"): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT" || err.code === "ENOTDIR") throw new NotFoundError("file_not_found", `${what} file ${JSON.stringify(file)} does not exist`, { file });
    const why = err.code === "EISDIR" ? "it is a folder" : err.message;
    throw new InvalidInputError("file_not_readable", `cannot read ${what} file ${JSON.stringify(file)}: ${why}`, [{ file, path: [], message: `cannot read: ${why}` }]);
  }
}
