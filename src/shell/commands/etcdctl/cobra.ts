/**
 * How etcdctl and etcdutl (spf13/cobra v1.8.1, prefix matching on in both)
 * run a command line: cobra finds the command and parses its flags
 * (src/shell/cobra), prints `Error: ...` and the usage for an unknown
 * command or flag, and shows the usage for -h/--help. Each tool passes its
 * usage renderer: etcdctl's cobrautl template (written to stdout) or
 * cobra's default one.
 */
import { FlagError, type ParsedFlags } from "../../flags.js";
import { commandPath, findCommand, parseCommandFlags, UnknownCommandError, type CobraCommand } from "../../cobra/command.js";

export interface CommandDef<Ctx> extends CobraCommand<CommandDef<Ctx>> {
  run?: (inv: Invocation<Ctx>) => Promise<number> | number;
}

export interface Invocation<Ctx> {
  cmd: CommandDef<Ctx>;
  path: CommandDef<Ctx>[];
  args: string[];
  flags: ParsedFlags;
  ctx: Ctx;
}

export interface CobraIO {
  out(text: string): void;
  err(text: string): void;
}

export interface CobraOptions<C> {
  /** The usage text of a command. */
  usage: (path: CommandDef<C>[]) => string;
  /**
   * Where the usage goes after a flag error. etcdctl's usage function writes
   * to stdout itself (cobra then prints the empty string it returned to
   * stderr); cobra's default one is captured and printed to stderr.
   */
  usageOnErrorTo: "stdout" | "stderr";
  /** What main() prints after Execute returned an error (etcdutl repeats it; etcdctl exits quietly). */
  afterError?: (message: string) => string;
}

const PREFIX_MATCHING = { prefixMatching: true };

export async function executeCobra<C>(root: CommandDef<C>, argv: string[], ctx: C, io: CobraIO, opts: CobraOptions<C>): Promise<number> {
  const fail = (message: string): number => {
    io.err(opts.afterError?.(message) ?? "");
    return 1;
  };
  let found: { path: CommandDef<C>[]; args: string[] };
  try {
    found = findCommand(root, argv, PREFIX_MATCHING);
  } catch (e) {
    if (!(e instanceof UnknownCommandError)) throw e;
    io.err(`Error: ${e.message}\nRun '${commandPath([root])} --help' for usage.\n`);
    return fail(e.message);
  }
  const path = found.path;
  const cmd = path[path.length - 1];
  let flags: ParsedFlags;
  try {
    flags = parseCommandFlags(path, found.args);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.err(`Error: ${e.message}\n`);
    const usage = opts.usage(path);
    if (opts.usageOnErrorTo === "stdout") {
      io.out(usage);
      io.err("\n");
    } else io.err(`${usage}\n`);
    return fail(e.message);
  }
  if (flags.values.help === true || !cmd.run) {
    io.out(opts.usage(path));
    return 0;
  }
  return cmd.run({ cmd, path, args: [...flags.positional, ...flags.afterDash], flags, ctx });
}
