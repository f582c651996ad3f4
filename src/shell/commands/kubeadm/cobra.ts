/**
 * kubeadm's command line: spf13/cobra v1.9 with pflag, as kubeadm sets it
 * up (cmd/kubeadm/app/cmd/cmd.go: SilenceErrors and SilenceUsage on the
 * root, klog's flags as persistent root flags), and kubeadm's own error
 * handling (app/util/error.go CheckErr): every error returned by a command
 * is printed on stderr followed by "To see the stack trace of this error
 * execute with --v=5 or higher", except "invalid subcommand" ones; exit
 * status 1, 2 for preflight errors. Help uses cobra's default templates.
 */
import { FlagError, type ParsedFlags } from "../../flags.js";
import { commandPath, findCommand, helpTopic, nameOf, parseCommandFlags, UnknownCommandError, unknownHelpTopic, type CobraCommand, type PFlag } from "../../cobra/command.js";
import { cobraHelp, cobraUsage } from "../../cobra/usage.js";

/** A flag with pflag's help details. */
export type KFlag = PFlag;

export interface Invocation<R> {
  cmd: KCommand<R>;
  path: KCommand<R>[];
  args: string[];
  flags: ParsedFlags;
  run: R;
}

export interface KCommand<R> extends CobraCommand<KCommand<R>> {
  /** cobra.NoArgs. */
  noArgs?: boolean;
  /**
   * What a group command does when run itself: kubeadm's SubCmdRun (help,
   * then exit 1; `invalid subcommand "x"` for an argument) or SubCmdRunE
   * (`missing subcommand; "upgrade" is not meant to be run on its own`).
   */
  group?: "SubCmdRun" | "SubCmdRunE";
  run?: (inv: Invocation<R>) => Promise<void> | void;
}

/** An error a kubeadm command returns: printed by CheckErr. */
export class KubeadmError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Whether CheckErr adds the stack-trace hint (not for "invalid subcommand" errors). */
    readonly hint = true,
  ) {
    super(message);
  }

  /** Prefixes a context, as errors.Wrap does ("[upgrade/health] FATAL: ..."). */
  wrap(context: string): KubeadmError {
    return new KubeadmError(`${context}: ${this.message}`, this.exitCode, this.hint);
  }
}

/** A preflight.Error (exit status 2). */
export function preflightError(errors: string[]): KubeadmError {
  return new KubeadmError(`[preflight] Some fatal errors occurred:\n${errors.map((e) => `\t${e}\n`).join("")}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\``, 2);
}

/** kubeadmutil.ErrExit: end with status 1 and print nothing more. */
export class ExitSilently extends Error {
  constructor(readonly exitCode = 1) {
    super("exit");
  }
}

export const STACK_TRACE_HINT = "To see the stack trace of this error execute with --v=5 or higher";

/** A group command is Runnable too: its Run is SubCmdRun(E). */
const runnable = <R>(cmd: KCommand<R>): boolean => !!cmd.run || !!cmd.group;

/** cobra's help of the command at the end of path. */
export function helpText<R>(path: KCommand<R>[]): string {
  return cobraHelp(path, { runnable });
}

/**
 * `kubeadm help <words>` (cobra's help command): the help of the command
 * the words name, or "Unknown help topic" and the root's usage on stderr.
 */
export function helpCommand<R>(root: KCommand<R>, words: string[], io: { out(s: string): void; err(s: string): void }): number {
  const path = helpTopic(root, words);
  if (path) io.out(helpText(path));
  else io.err(`${unknownHelpTopic(words)}${cobraUsage([root], { runnable })}`);
  return 0;
}

export interface Execution {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Finds the command the words name, parses its flags, runs it, and turns
 * what it threw into kubeadm's output: `out` and `err` receive what the
 * command printed so far (a command prints as it goes, then fails).
 */
export async function execute<R>(root: KCommand<R>, argv: string[], makeRun: (inv: Omit<Invocation<R>, "run">) => R, io: { out(s: string): void; err(s: string): void }): Promise<number> {
  try {
    let found: { path: KCommand<R>[]; args: string[] };
    let flags: ParsedFlags;
    try {
      found = findCommand(root, argv);
      flags = parseCommandFlags(found.path, found.args);
    } catch (e) {
      if (e instanceof UnknownCommandError || e instanceof FlagError) throw new KubeadmError(e.message);
      throw e;
    }
    const path = found.path;
    const cmd = path[path.length - 1];
    if (flags.values.help === true) {
      io.out(helpText(path));
      return 0;
    }
    const args = [...flags.positional, ...flags.afterDash];
    if (cmd.noArgs && args.length > 0) throw new KubeadmError(`unknown command ${JSON.stringify(args[0])} for ${JSON.stringify(commandPath(path))}`);
    if (!cmd.run) {
      if (cmd.group === "SubCmdRunE") {
        if (args.length < 1) throw new KubeadmError(`missing subcommand; ${JSON.stringify(nameOf(cmd))} is not meant to be run on its own`);
        throw new KubeadmError(`invalid subcommand: ${JSON.stringify(args[0])}`, 1, false);
      }
      if (cmd.group === "SubCmdRun") {
        if (args.length > 0) throw new KubeadmError(`invalid subcommand ${JSON.stringify(args.join(" "))}\nSee '${commandPath(path)} -h' for help and examples`, 1, false);
        io.out(helpText(path));
        return 1;
      }
      io.out(helpText(path));
      return 0;
    }
    const inv = { cmd, path, args, flags };
    await cmd.run({ ...inv, run: makeRun(inv) });
    return 0;
  } catch (e) {
    if (e instanceof ExitSilently) return e.exitCode;
    if (e instanceof KubeadmError) {
      io.err(`${e.message}${e.hint ? `\n${STACK_TRACE_HINT}` : ""}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

