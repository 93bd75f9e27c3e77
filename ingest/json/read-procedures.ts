// Reads procedures in stepgraph's JSON format: a file holding one procedure object or an
// array of them. Returns validated Procedures; throws InvalidInputError naming the file,
// the array index and the field of every problem, and returns nothing on any error.
import { InvalidInputError, issuesFromZod, formatIssues, type InputIssue } from "../../src/errors.js";
import { ProcedureSchema, type Procedure } from "../../src/model/index.js";
import { readTextFile } from "../files/read-text-file.js";

export function parseProcedures(text: string, file = "<input>"): Procedure[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const issue: InputIssue = { path: [], message: `not valid JSON: ${(e as Error).message}`, file };
    throw new InvalidInputError("invalid_json", `${file}: not valid JSON: ${(e as Error).message}`, [issue]);
  }
  const items = Array.isArray(data) ? data : [data];
  const out: Procedure[] = [];
  const issues: InputIssue[] = [];
  items.forEach((item, i) => {
    const r = ProcedureSchema.safeParse(item);
    if (r.success) out.push(r.data);
    else issues.push(...issuesFromZod(r.error, { file, prefix: Array.isArray(data) ? [i] : [] }));
  });
  const ids = new Map<string, number>();
  out.forEach((p, i) => {
    const key = `${p.id}@${p.version}`;
    if (ids.has(key)) issues.push({ file, path: [i, "id"], message: `duplicate procedure ${JSON.stringify(p.id)} version ${p.version}` });
    ids.set(key, i);
  });
  if (issues.length > 0) {
    throw new InvalidInputError("invalid_procedure", `invalid procedures in ${file}:\n${formatIssues(issues)}`, issues);
  }
  return out;
}

export async function readProcedures(file: string): Promise<Procedure[]> {
  return parseProcedures(await readTextFile(file, "procedures"), file);
}
