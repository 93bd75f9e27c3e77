// `--procedures <file>`: the procedures JSON a command reads, named the same in every command
// (induce, ground, ingest, next/complete/check, link, eval); `--procedure` names a procedure
// by its id (a stored one, or one of the file's). induce and ground once took the file as
// `--procedure FILE`; that spelling is still read (hidden from --help) so scripts written for it
// keep working, and giving both names is an error rather than a silent choice.
import { Option, type Command } from "commander";
import { InvalidInputError } from "../../src/errors.js";

export interface ProceduresFileFlagValues {
  procedures?: string;
  /** The older spelling of --procedures in induce and ground. */
  procedure?: string;
}

/** Declares --procedures <file> (and the hidden older --procedure <file>) on `cmd`. */
export function addProceduresFileFlag(cmd: Command, description: string): Command {
  return cmd.option("--procedures <file>", description).addOption(new Option("--procedure <file>", "older name of --procedures").hideHelp());
}

/** The procedures file given (undefined: none); throws when both spellings are given, or when `required` and none is. */
export function proceduresFileFrom(o: ProceduresFileFlagValues, required: true): string;
export function proceduresFileFrom(o: ProceduresFileFlagValues, required?: false): string | undefined;
export function proceduresFileFrom(o: ProceduresFileFlagValues, required = false): string | undefined {
  if (o.procedures !== undefined && o.procedure !== undefined) {
    throw new InvalidInputError("invalid_option", "give the procedures file once, as --procedures FILE (--procedure is its older name)", [
      { path: ["--procedure"], message: "given together with --procedures" },
    ]);
  }
  const file = o.procedures ?? o.procedure;
  if (file === undefined && required) {
    throw new InvalidInputError("missing_option", "--procedures FILE is required: the procedures JSON with the written steps", [{ path: ["--procedures"], message: "missing" }]);
  }
  return file;
}
